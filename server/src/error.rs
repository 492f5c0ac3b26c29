//! The one error type of the HTTP API, rendered as `application/problem+json`
//! in the request's language (see `http::problems`). Unexpected errors log
//! their whole cause chain and answer a 500 that reveals nothing.
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::DbErr;
use shared::Lang;
use shared::i18n::{Key, k, t, tf};
use shared::problem::{ErrorCode, FieldError, Problem, RowError};
use shared::validation::field_errors;
use validator::{ValidationError, ValidationErrors};

/// Human detail for a problem: a catalog key (translated at render time) or
/// language-neutral text such as module codes.
#[derive(Debug, Clone)]
pub enum Detail {
    Key(Key, Vec<(&'static str, String)>),
    Text(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed: {0}")]
    Validation(ValidationErrors),
    /// Fields named by their JSON path with a catalog code (`validation.<code>`),
    /// for errors found before validation proper (a string where a number
    /// belongs, a missing field).
    #[error("invalid fields: {0:?}")]
    BadFields(Vec<(String, &'static str)>),
    /// What stops a module from being published, each gap by field and catalog code.
    #[error("module incomplete: {0:?}")]
    Incomplete(Vec<crate::domain::publication::Gap>),
    #[error("{code:?}")]
    Problem { code: ErrorCode, detail: Option<Detail> },
    #[error("prerequisite cycle: {}", .0.join(" → "))]
    Cycle(Vec<String>),
    #[error("bulk file rejected ({} rows)", .0.len())]
    RowsRejected(Vec<RowError>),
    #[error("rate limited for {retry_after}s")]
    RateLimited { retry_after: u64 },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn code(code: ErrorCode) -> ApiError {
        ApiError::Problem { code, detail: None }
    }

    pub fn with_key(code: ErrorCode, key: Key) -> ApiError {
        ApiError::Problem { code, detail: Some(Detail::Key(key, Vec::new())) }
    }

    pub fn with_text(code: ErrorCode, text: impl Into<String>) -> ApiError {
        ApiError::Problem { code, detail: Some(Detail::Text(text.into())) }
    }

    pub fn not_found() -> ApiError {
        ApiError::code(ErrorCode::NotFound)
    }

    pub fn forbidden() -> ApiError {
        ApiError::code(ErrorCode::Forbidden)
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::code(ErrorCode::Unauthenticated)
    }

    /// A validation error on one field with a catalog code (`validation.<code>`).
    pub fn field(field: &'static str, code: &'static str) -> ApiError {
        ApiError::Validation(shared::validation::single(field, code))
    }

    /// Like [`ApiError::field`], with `{name}` parameters for the message.
    pub fn field_with(field: &'static str, code: &'static str, params: &[(&'static str, String)]) -> ApiError {
        let mut error = ValidationError::new(code);
        for (name, value) in params {
            error.add_param((*name).into(), value);
        }
        let mut errors = ValidationErrors::new();
        errors.add(field, error);
        ApiError::Validation(errors)
    }

    pub fn error_code(&self) -> ErrorCode {
        match self {
            ApiError::Validation(_) | ApiError::BadFields(_) => ErrorCode::Validation,
            ApiError::Incomplete(_) => ErrorCode::ModuleIncomplete,
            ApiError::Problem { code, .. } => *code,
            ApiError::Cycle(_) => ErrorCode::PrerequisiteCycle,
            ApiError::RowsRejected(_) => ErrorCode::ImportRejected,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Unexpected(_) => ErrorCode::Internal,
        }
    }

    pub fn problem(&self, lang: Lang) -> Problem {
        let mut problem = Problem::new(self.error_code(), lang);
        match self {
            ApiError::Validation(errors) => problem.errors = field_errors(errors, lang),
            ApiError::Incomplete(gaps) => {
                problem.errors = gaps
                    .iter()
                    .map(|gap| {
                        let key = Key::by_name(&format!("validation.{}", gap.code())).unwrap_or(k::VALIDATION_INVALID);
                        let params = gap.params();
                        let args: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
                        FieldError { field: gap.field(), code: gap.code().to_string(), message: tf(lang, key, &args) }
                    })
                    .collect();
            }
            ApiError::BadFields(fields) => {
                problem.errors = fields
                    .iter()
                    .map(|(field, code)| FieldError {
                        field: field.clone(),
                        code: (*code).to_string(),
                        message: t(lang, Key::by_name(&format!("validation.{code}")).unwrap_or(k::VALIDATION_INVALID)).to_string(),
                    })
                    .collect();
            }
            ApiError::Problem { detail: Some(Detail::Key(key, args)), .. } => {
                let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                problem.detail = Some(if args.is_empty() { t(lang, *key).to_string() } else { tf(lang, *key, &args) });
            }
            ApiError::Problem { detail: Some(Detail::Text(text)), .. } => problem.detail = Some(text.clone()),
            ApiError::Problem { detail: None, .. } => {}
            ApiError::Cycle(codes) => {
                problem.detail = Some(codes.join(" → "));
                problem.cycle = Some(codes.clone());
            }
            ApiError::RowsRejected(rows) => problem.rows = rows.clone(),
            ApiError::RateLimited { retry_after } => problem.detail = Some(format!("Retry-After: {retry_after}")),
            ApiError::Unexpected(_) => {}
        }
        problem
    }

    pub fn render(&self, lang: Lang) -> HttpResponse {
        let problem = self.problem(lang);
        let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json")));
        response.insert_header((header::CONTENT_LANGUAGE, lang.code()));
        if let ApiError::RateLimited { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        let body = serde_json::to_vec(&problem).unwrap_or_else(|_| b"{}".to_vec());
        response.body(body)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.error_code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// French by default; the `problems` middleware re-renders in the request's
    /// language, which this method cannot see.
    fn error_response(&self) -> HttpResponse {
        if let ApiError::Unexpected(error) = self {
            // `{:#}` prints the whole chain of causes; the client learns nothing.
            tracing::error!(error = format!("{error:#}"), "unexpected error");
        }
        self.render(Lang::Fr)
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> ApiError {
        ApiError::Unexpected(anyhow::Error::new(err).context("database"))
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> ApiError {
        ApiError::Validation(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_reveal_nothing() {
        let err = ApiError::Unexpected(anyhow::anyhow!("password for postgres://secret@db failed"));
        let problem = err.problem(Lang::En);
        assert_eq!(problem.status, 500);
        let json = serde_json::to_string(&problem).expect("json");
        assert!(!json.contains("secret"), "{json}");
    }

    #[test]
    fn a_cycle_is_named_in_the_detail() {
        let err = ApiError::Cycle(vec!["A".into(), "B".into(), "C".into(), "A".into()]);
        let problem = err.problem(Lang::Fr);
        assert_eq!(problem.status, 422);
        assert_eq!(problem.detail.as_deref(), Some("A → B → C → A"));
        assert_eq!(problem.type_uri, "/problems/prerequisite-cycle");
    }
}
