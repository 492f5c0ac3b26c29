use actix_web::{HttpResponse, get, post, web};
use shared::api::assessments::{GradeRequest, SubmissionView};
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::http::extract::{ReqLang, ValidJson, ValidQuery};
use crate::http::params::CohortParam;
use crate::http::upload::download;
use crate::policy::Actor;
use crate::service::grading;
use crate::state::AppState;

/// Submissions waiting for a grade in the caller's cohorts, oldest first.
#[utoipa::path(tag = "grading", params(PageQuery, CohortParam), responses((status = 200, body = Page<SubmissionView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/grading/queue")]
pub async fn queue(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    page: ValidQuery<PageQuery>,
    cohort: ValidQuery<CohortParam>,
) -> ApiResult<web::Json<Page<SubmissionView>>> {
    Ok(web::Json(grading::queue(&state, &actor, cohort.0.cohort, page.0, lang.0).await?))
}

#[utoipa::path(tag = "grading", params(("id" = i64, Path)), responses((status = 200, body = SubmissionView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/submissions/{id}")]
pub async fn get(state: web::Data<AppState>, actor: Actor, lang: ReqLang, id: web::Path<i64>) -> ApiResult<web::Json<SubmissionView>> {
    Ok(web::Json(grading::submission(&state, &actor, *id, lang.0).await?))
}

/// The file of a submission: its author and the cohort's trainers.
#[utoipa::path(tag = "grading", params(("id" = i64, Path)), responses((status = 200, content_type = "application/octet-stream"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/submissions/{id}/file")]
pub async fn file(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    Ok(download(grading::file(&state, &actor, *id).await?))
}

/// Grades a submission against the rubric (one level per criterion) with
/// written feedback; may allow a resubmission. A passing grade completes the
/// module. Grading twice is refused (409).
#[utoipa::path(tag = "grading", params(("id" = i64, Path)), request_body = GradeRequest, responses((status = 200, body = SubmissionView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Already graded"), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/submissions/{id}/grade")]
pub async fn grade(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    body: ValidJson<GradeRequest>,
) -> ApiResult<web::Json<SubmissionView>> {
    Ok(web::Json(grading::grade(&state, &actor, *id, &body.0, lang.0).await?))
}
