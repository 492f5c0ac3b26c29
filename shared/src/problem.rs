//! RFC 9457 problem details: the one error shape of the whole API.
//!
//! The `code` is stable and machine-readable (the browser app decides what to do
//! with it); `type` is the same code as a URI reference; `title` is human text in
//! the request's language.
use serde::{Deserialize, Serialize};

use crate::i18n::{Key, k, t};
use crate::lang::Lang;

/// Every kind of error the API can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    Validation,
    MalformedRequest,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    CsrfRejected,
    PrerequisiteCycle,
    UnknownModule,
    ModuleLocked,
    ModuleIncomplete,
    AttemptsExhausted,
    CohortFull,
    CohortClosed,
    NotEnrolled,
    ImportRejected,
    PayloadTooLarge,
    UnsupportedMediaType,
    InvalidToken,
    AlreadyRevoked,
    RevocationFinal,
    CheckInClosed,
    CheckInCodeInvalid,
    AlreadyCheckedIn,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 27] = [
        ErrorCode::Validation,
        ErrorCode::MalformedRequest,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::CsrfRejected,
        ErrorCode::PrerequisiteCycle,
        ErrorCode::UnknownModule,
        ErrorCode::ModuleLocked,
        ErrorCode::ModuleIncomplete,
        ErrorCode::AttemptsExhausted,
        ErrorCode::CohortFull,
        ErrorCode::CohortClosed,
        ErrorCode::NotEnrolled,
        ErrorCode::ImportRejected,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidToken,
        ErrorCode::AlreadyRevoked,
        ErrorCode::RevocationFinal,
        ErrorCode::CheckInClosed,
        ErrorCode::CheckInCodeInvalid,
        ErrorCode::AlreadyCheckedIn,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::MalformedRequest => "malformed-request",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not-found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate-limited",
            ErrorCode::CsrfRejected => "csrf-rejected",
            ErrorCode::PrerequisiteCycle => "prerequisite-cycle",
            ErrorCode::UnknownModule => "unknown-module",
            ErrorCode::ModuleLocked => "module-locked",
            ErrorCode::ModuleIncomplete => "module-incomplete",
            ErrorCode::AttemptsExhausted => "attempts-exhausted",
            ErrorCode::CohortFull => "cohort-full",
            ErrorCode::CohortClosed => "cohort-closed",
            ErrorCode::NotEnrolled => "not-enrolled",
            ErrorCode::ImportRejected => "import-rejected",
            ErrorCode::PayloadTooLarge => "payload-too-large",
            ErrorCode::UnsupportedMediaType => "unsupported-media-type",
            ErrorCode::InvalidToken => "invalid-token",
            ErrorCode::AlreadyRevoked => "already-revoked",
            ErrorCode::RevocationFinal => "revocation-final",
            ErrorCode::CheckInClosed => "check-in-closed",
            ErrorCode::CheckInCodeInvalid => "check-in-code-invalid",
            ErrorCode::AlreadyCheckedIn => "already-checked-in",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    /// The problem `type`, a URI reference documented in `docs/API.md`.
    pub fn type_uri(self) -> String {
        format!("/problems/{}", self.as_str())
    }

    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Validation
            | ErrorCode::PrerequisiteCycle
            | ErrorCode::UnknownModule
            | ErrorCode::ModuleIncomplete
            | ErrorCode::ImportRejected
            | ErrorCode::InvalidToken
            | ErrorCode::CheckInCodeInvalid => 422,
            ErrorCode::MalformedRequest => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden | ErrorCode::CsrfRejected | ErrorCode::NotEnrolled => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict
            | ErrorCode::ModuleLocked
            | ErrorCode::AttemptsExhausted
            | ErrorCode::CohortFull
            | ErrorCode::CohortClosed
            | ErrorCode::AlreadyRevoked
            | ErrorCode::RevocationFinal
            | ErrorCode::CheckInClosed
            | ErrorCode::AlreadyCheckedIn => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }

    pub fn title_key(self) -> Key {
        match self {
            ErrorCode::Validation => k::PROBLEM_VALIDATION,
            ErrorCode::MalformedRequest => k::PROBLEM_MALFORMED_REQUEST,
            ErrorCode::Unauthenticated => k::PROBLEM_UNAUTHENTICATED,
            ErrorCode::Forbidden => k::PROBLEM_FORBIDDEN,
            ErrorCode::NotFound => k::PROBLEM_NOT_FOUND,
            ErrorCode::Conflict => k::PROBLEM_CONFLICT,
            ErrorCode::RateLimited => k::PROBLEM_RATE_LIMITED,
            ErrorCode::CsrfRejected => k::PROBLEM_CSRF_REJECTED,
            ErrorCode::PrerequisiteCycle => k::PROBLEM_PREREQUISITE_CYCLE,
            ErrorCode::UnknownModule => k::PROBLEM_UNKNOWN_MODULE,
            ErrorCode::ModuleLocked => k::PROBLEM_MODULE_LOCKED,
            ErrorCode::ModuleIncomplete => k::PROBLEM_MODULE_INCOMPLETE,
            ErrorCode::AttemptsExhausted => k::PROBLEM_ATTEMPTS_EXHAUSTED,
            ErrorCode::CohortFull => k::PROBLEM_COHORT_FULL,
            ErrorCode::CohortClosed => k::PROBLEM_COHORT_CLOSED,
            ErrorCode::NotEnrolled => k::PROBLEM_NOT_ENROLLED,
            ErrorCode::ImportRejected => k::PROBLEM_IMPORT_REJECTED,
            ErrorCode::PayloadTooLarge => k::PROBLEM_PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => k::PROBLEM_UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidToken => k::PROBLEM_INVALID_TOKEN,
            ErrorCode::AlreadyRevoked => k::PROBLEM_ALREADY_REVOKED,
            ErrorCode::RevocationFinal => k::PROBLEM_REVOCATION_FINAL,
            ErrorCode::CheckInClosed => k::PROBLEM_CHECK_IN_CLOSED,
            ErrorCode::CheckInCodeInvalid => k::PROBLEM_CHECK_IN_CODE_INVALID,
            ErrorCode::AlreadyCheckedIn => k::PROBLEM_ALREADY_CHECKED_IN,
            ErrorCode::Internal => k::PROBLEM_INTERNAL,
            ErrorCode::Unavailable => k::PROBLEM_UNAVAILABLE,
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        t(lang, self.title_key())
    }
}

/// One field's error: which field (a JSON path such as `modules[2].code`), a
/// stable code and the message in the request's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A row-level error of a bulk file (1-based `row`, counting the header as row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// The body of every error response (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Per-row errors of a rejected bulk file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowError>,
    /// For a prerequisite cycle: the module codes along the cycle, first repeated last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<Vec<String>>,
}

impl Problem {
    pub fn new(code: ErrorCode, lang: Lang) -> Problem {
        Problem {
            type_uri: code.type_uri(),
            title: code.title(lang).to_string(),
            status: code.status(),
            detail: None,
            code,
            errors: Vec::new(),
            rows: Vec::new(),
            cycle: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    /// The message for `field`, if the problem names it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_titles_translated() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            assert_ne!(code.title(Lang::Fr), code.title(Lang::En), "{}", code.as_str());
            let json = serde_json::to_string(&code).expect("serialises");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
