use actix_web::{HttpResponse, get, patch, post, web};
use shared::api::cohorts::{CatalogueEntry, CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::http::extract::{ValidJson, ValidQuery};
use crate::policy::Actor;
use crate::service::cohorts;
use crate::state::AppState;

/// Cohorts: all for administrators and partner managers, those they teach for
/// trainers, a learner's own and those open to self-enrolment.
#[utoipa::path(tag = "cohorts", params(PageQuery), responses((status = 200, body = Page<CohortView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/cohorts")]
pub async fn list(state: web::Data<AppState>, actor: Actor, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<Page<CohortView>>> {
    Ok(web::Json(cohorts::list(&state, &actor, page.0).await?))
}

#[utoipa::path(tag = "cohorts", params(("id" = i64, Path)), responses((status = 200, body = CohortView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/cohorts/{id}")]
pub async fn get(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<CohortView>> {
    Ok(web::Json(cohorts::get(&state, &actor, *id).await?))
}

#[utoipa::path(tag = "cohorts", request_body = CreateCohortRequest, responses((status = 201, body = CohortView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/cohorts")]
pub async fn create(state: web::Data<AppState>, actor: Actor, body: ValidJson<CreateCohortRequest>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(cohorts::create(&state, &actor, &body.0).await?))
}

/// Changes a cohort's dates, capacity, self-enrolment, attendance rule or trainers.
#[utoipa::path(tag = "cohorts", params(("id" = i64, Path)), request_body = UpdateCohortRequest, responses((status = 200, body = CohortView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/cohorts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<UpdateCohortRequest>,
) -> ApiResult<web::Json<CohortView>> {
    Ok(web::Json(cohorts::update(&state, &actor, *id, &body.0).await?))
}

/// The cohorts open to self-enrolment that have not ended, and the caller's
/// own: programme, place, dates, places left, and whether the caller can
/// join (`open`) or why not (`full`, `ended`, `enrolled`). A learner joins
/// with `POST /cohorts/{id}/enrolments` and an empty body.
#[utoipa::path(tag = "cohorts", responses((status = 200, body = Vec<CatalogueEntry>), (status = 401, body = shared::Problem)))]
#[get("/catalogue")]
pub async fn catalogue(state: web::Data<AppState>, actor: Actor) -> ApiResult<web::Json<Vec<CatalogueEntry>>> {
    Ok(web::Json(cohorts::catalogue(&state, &actor).await?))
}
