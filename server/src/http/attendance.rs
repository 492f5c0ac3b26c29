use actix_web::{HttpResponse, get, post, put, web};
use shared::api::attendance::{AttendanceRequest, AttendanceSheet, SessionInput, SessionView};

use crate::error::ApiResult;
use crate::http::extract::ValidJson;
use crate::policy::Actor;
use crate::service::attendance;
use crate::state::AppState;

/// In-person sessions of a cohort (its trainers and administrators).
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), responses((status = 200, body = Vec<SessionView>), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/cohorts/{id}/sessions")]
pub async fn list(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<Vec<SessionView>>> {
    Ok(web::Json(attendance::list(&state, &actor, *id).await?))
}

#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body = SessionInput, responses((status = 201, body = SessionView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/cohorts/{id}/sessions")]
pub async fn create(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, body: ValidJson<SessionInput>) -> ApiResult<HttpResponse> {
    let view = attendance::create(&state, &actor, *id, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}

/// The attendance sheet: every enrolled learner, present, absent or not yet recorded.
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), responses((status = 200, body = AttendanceSheet), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/sessions/{id}/attendance")]
pub async fn sheet(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<AttendanceSheet>> {
    Ok(web::Json(attendance::sheet(&state, &actor, *id).await?))
}

#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body = AttendanceRequest, responses((status = 200, body = AttendanceSheet), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/sessions/{id}/attendance")]
pub async fn record(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<AttendanceRequest>,
) -> ApiResult<web::Json<AttendanceSheet>> {
    Ok(web::Json(attendance::record(&state, &actor, *id, &body.0).await?))
}
