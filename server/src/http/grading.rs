use actix_web::{HttpRequest, HttpResponse, get, post, web};
use shared::api::assessments::{GradeRequest, SubmissionView};
use shared::api::{Page, PageQuery};
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidJson, ValidQuery};
use crate::http::learning::{CohortParam, send_file};
use crate::service::actor::Actor;
use crate::service::{grading, uploads};
use crate::state::AppState;
use crate::store;

/// Submissions waiting for a grade in the caller's cohorts, oldest first.
#[utoipa::path(tag = "grading", params(PageQuery, CohortParam), responses((status = 200, body = Page<SubmissionView>), (status = 403, body = shared::Problem)))]
#[get("/grading/queue")]
pub async fn queue(state: web::Data<AppState>, auth: Authenticated, page: ValidQuery<PageQuery>, cohort: ValidQuery<CohortParam>) -> ApiResult<web::Json<Page<SubmissionView>>> {
    auth.require(&[Role::Admin, Role::Trainer])?;
    let (items, total) = grading::queue(state.db.conn(), &Actor::from(&auth), cohort.0.cohort, page.0.offset(), page.0.per_page).await?;
    Ok(web::Json(Page::new(items, total, page.0)))
}

async fn visible_attempt(state: &AppState, auth: &Authenticated, id: i64) -> ApiResult<crate::entities::attempt::Model> {
    let attempt = store::assessments::attempt_by_id(state.db.conn(), id).await?.ok_or_else(ApiError::not_found)?;
    let own = attempt.account_id == auth.id();
    if !own && !grading::may_grade(state.db.conn(), &Actor::from(auth), attempt.cohort_id).await? {
        return Err(ApiError::forbidden());
    }
    Ok(attempt)
}

#[utoipa::path(tag = "grading", params(("id" = i64, Path)), responses((status = 200, body = SubmissionView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/submissions/{id}")]
pub async fn get(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<SubmissionView>> {
    let attempt = visible_attempt(&state, &auth, *id).await?;
    Ok(web::Json(grading::submission_view(state.db.conn(), &attempt).await?))
}

/// The file of a submission: its author and the cohort's trainers.
#[utoipa::path(tag = "grading", params(("id" = i64, Path)), responses((status = 200, content_type = "application/octet-stream"), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/submissions/{id}/file")]
pub async fn file(state: web::Data<AppState>, auth: Authenticated, req: HttpRequest, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let attempt = visible_attempt(&state, &auth, *id).await?;
    let doc = match attempt.document_id {
        Some(doc) => store::content::document_by_id(state.db.conn(), doc).await?.ok_or_else(ApiError::not_found)?,
        None => return Err(ApiError::not_found()),
    };
    send_file(&req, uploads::path_of(&state, &doc), &doc)
}

/// Grades a submission against the rubric (one level per criterion) with
/// written feedback; may allow a resubmission. A passing grade completes the
/// module. Grading twice is refused (409).
#[utoipa::path(tag = "grading", params(("id" = i64, Path)), request_body = GradeRequest, responses((status = 200, body = SubmissionView), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem, description = "Already graded"), (status = 422, body = shared::Problem)))]
#[post("/submissions/{id}/grade")]
pub async fn grade(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<GradeRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin, Role::Trainer])?;
    let view = grading::grade(&state, &Actor::from(&auth), *id, &body.0).await?;
    Ok(HttpResponse::Ok().json(view))
}
