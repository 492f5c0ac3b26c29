use actix_web::{HttpResponse, get, patch, post, web};
use shared::api::cohorts::{CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::api::{Page, PageQuery};
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidJson, ValidQuery};
use crate::service;
use crate::state::AppState;
use crate::store::cohorts::{self, CohortScope};

/// What the caller may see: administrators and partner managers (who enrol
/// into them) all cohorts, trainers those they teach, learners theirs and the
/// open ones.
pub fn scope_of(auth: &Authenticated) -> CohortScope {
    match auth.role() {
        Role::Admin | Role::Partner => CohortScope::All,
        Role::Trainer => CohortScope::TrainerOf(auth.id()),
        Role::Learner => CohortScope::LearnerOf(auth.id()),
    }
}

#[utoipa::path(tag = "cohorts", params(PageQuery), responses((status = 200, body = Page<CohortView>), (status = 401, body = shared::Problem)))]
#[get("/cohorts")]
pub async fn list(state: web::Data<AppState>, auth: Authenticated, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<Page<CohortView>>> {
    let (items, total) = cohorts::list(state.db.conn(), scope_of(&auth), page.0).await?;
    Ok(web::Json(Page::new(items, total, page.0)))
}

#[utoipa::path(tag = "cohorts", params(("id" = i64, Path)), responses((status = 200, body = CohortView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/cohorts/{id}")]
pub async fn get(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<CohortView>> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    if !cohorts::is_in_scope(db, scope_of(&auth), cohort.id).await? {
        return Err(ApiError::forbidden());
    }
    Ok(web::Json(cohorts::view(db, cohort).await?))
}

#[utoipa::path(tag = "cohorts", request_body = CreateCohortRequest, responses((status = 201, body = CohortView), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/cohorts")]
pub async fn create(state: web::Data<AppState>, auth: Authenticated, body: ValidJson<CreateCohortRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let saved = service::cohorts::create(&state.db, auth.id(), &body.0).await?;
    Ok(HttpResponse::Created().json(cohorts::view(state.db.conn(), saved).await?))
}

/// Changes a cohort's dates, capacity, self-enrolment, attendance rule or trainers.
#[utoipa::path(tag = "cohorts", params(("id" = i64, Path)), request_body = UpdateCohortRequest, responses((status = 200, body = CohortView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/cohorts/{id}")]
pub async fn update(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<UpdateCohortRequest>) -> ApiResult<web::Json<CohortView>> {
    auth.require(&[Role::Admin])?;
    let saved = service::cohorts::update(&state.db, auth.id(), *id, &body.0).await?;
    Ok(web::Json(cohorts::view(state.db.conn(), saved).await?))
}
