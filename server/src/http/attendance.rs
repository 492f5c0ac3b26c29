use actix_web::{HttpResponse, get, post, put, web};
use shared::api::attendance::{AttendanceRequest, AttendanceSheet, SessionInput, SessionView};

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidJson};
use crate::service::actor::Actor;
use crate::service::attendance;
use crate::service::grading::may_grade;
use crate::state::AppState;
use crate::store;

/// In-person sessions of a cohort (its trainers and administrators).
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), responses((status = 200, body = Vec<SessionView>), (status = 403, body = shared::Problem)))]
#[get("/cohorts/{id}/sessions")]
pub async fn list(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<Vec<SessionView>>> {
    let db = state.db.conn();
    store::cohorts::by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    if !may_grade(db, &Actor::from(&auth), *id).await? {
        return Err(ApiError::forbidden());
    }
    let mut views = Vec::new();
    for session in store::attendance::of_cohort(db, *id).await? {
        views.push(attendance::session_view(db, &session).await?);
    }
    Ok(web::Json(views))
}

#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body = SessionInput, responses((status = 201, body = SessionView), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/cohorts/{id}/sessions")]
pub async fn create(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<SessionInput>) -> ApiResult<HttpResponse> {
    let view = attendance::create(&state, &Actor::from(&auth), *id, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}

/// The attendance sheet: every enrolled learner, present, absent or not yet recorded.
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), responses((status = 200, body = AttendanceSheet), (status = 403, body = shared::Problem)))]
#[get("/sessions/{id}/attendance")]
pub async fn sheet(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<AttendanceSheet>> {
    Ok(web::Json(attendance::sheet(state.db.conn(), &Actor::from(&auth), *id).await?))
}

#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body = AttendanceRequest, responses((status = 200, body = AttendanceSheet), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/sessions/{id}/attendance")]
pub async fn record(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<AttendanceRequest>) -> ApiResult<web::Json<AttendanceSheet>> {
    Ok(web::Json(attendance::record(&state, &Actor::from(&auth), *id, &body.0).await?))
}
