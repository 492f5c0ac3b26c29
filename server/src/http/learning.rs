//! The learner's side: the programme map, assessments; and the cohort
//! progress tables of staff.
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, get, post, web};
use shared::api::PageQuery;
use shared::api::assessments::{AssessmentView, AttemptRequest, AttemptView};
use shared::api::progress::{CohortProgress, ProgressView};
use shared::problem::ErrorCode;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{ReqLang, SessionToken, ValidQuery, lang_of, parse_json};
use crate::http::params::CohortParam;
use crate::http::upload::{is_multipart, read_body, read_form};
use crate::policy::Actor;
use crate::service::{assessments, learning, map, uploads};
use crate::state::AppState;

/// Every module of the cohort's programme: locked (and by what), available,
/// in progress or completed.
#[utoipa::path(tag = "learning", params(CohortParam), responses((status = 200, body = ProgressView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem, description = "Not a learner, or not enrolled in that cohort"), (status = 422, body = shared::Problem)))]
#[get("/me/progress")]
pub async fn my_progress(state: web::Data<AppState>, session: SessionToken, query: ValidQuery<CohortParam>) -> ApiResult<HttpResponse> {
    let json = map::my_progress(&state, &session.0, query.0.cohort).await?;
    Ok(HttpResponse::Ok().content_type(mime::APPLICATION_JSON).body(json))
}

/// The module's assessment as the learner sees it: never the correct answers.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, body = AssessmentView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Module locked")))]
#[get("/modules/{id}/assessment")]
pub async fn module_assessment(state: web::Data<AppState>, actor: Actor, lang: ReqLang, id: web::Path<i64>) -> ApiResult<web::Json<AssessmentView>> {
    Ok(web::Json(assessments::view(&state, &actor, *id, lang.0).await?))
}

/// Submits a quiz (`answers`) or an assignment (`text`, or a form with a
/// `file` and an optional `text`). A quiz is graded at once; a passing grade
/// completes the module.
#[utoipa::path(tag = "learning", params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "A key the device chose for this submission (8 to 64 letters, digits, - or _). Sent again with the same key, the submission returns the attempt recorded the first time (200) and records nothing.")), request_body = AttemptRequest, responses((status = 201, body = AttemptView), (status = 200, body = AttemptView, description = "Already recorded under this Idempotency-Key"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Locked, attempts exhausted, awaiting a grade or already completed"), (status = 413, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/assessments/{id}/attempts")]
pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i64>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let (request, file) = if is_multipart(&req) {
        let mut form = read_form(&req, payload, uploads::MAX_UPLOAD + 256 * 1024).await?;
        (AttemptRequest { answers: Vec::new(), text: form.fields.remove("text") }, form.file)
    } else {
        let body = read_body(&req, payload, 1024 * 1024).await?;
        if req.content_type() != "application/json" {
            return Err(ApiError::with_text(ErrorCode::UnsupportedMediaType, "application/json"));
        }
        (parse_json::<AttemptRequest>(&body)?, None)
    };
    validator::Validate::validate(&request)?;
    let key = idempotency_key(&req)?;
    let submitted = assessments::submit(&state, &actor, *id, &request, file, key.as_deref(), lang_of(&req)).await?;
    Ok(if submitted.replayed { HttpResponse::Ok() } else { HttpResponse::Created() }.json(submitted.attempt))
}

/// A cohort's progress table: every learner × every module.
#[utoipa::path(tag = "learning", params(("id" = i64, Path), PageQuery), responses((status = 200, body = CohortProgress), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/cohorts/{id}/progress")]
pub async fn cohort_progress(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<CohortProgress>> {
    Ok(web::Json(learning::cohort_progress(&state, &actor, *id, Some(page.0)).await?))
}

/// The same table as a CSV file (a partner's export of their people).
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, content_type = "text/csv"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/cohorts/{id}/progress.csv")]
pub async fn cohort_progress_csv(state: web::Data<AppState>, actor: Actor, lang: ReqLang, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let bytes = learning::cohort_progress_csv(&state, &actor, *id, lang.0).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"progress-cohort-{}.csv\"", *id)))
        .body(bytes))
}

/// The `Idempotency-Key` header of a submission a device may send again.
fn idempotency_key(req: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(value) = req.headers().get("idempotency-key") else { return Ok(None) };
    let key = value.to_str().map_err(|_| ApiError::field("idempotency_key", "idempotency_key"))?;
    shared::validation::idempotency_key(key).map_err(|_| ApiError::field("idempotency_key", "idempotency_key"))?;
    Ok(Some(key.to_owned()))
}
