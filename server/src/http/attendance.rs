//! In-person sessions, attendance, QR check-in and calendars.
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use shared::api::attendance::{
    AttendanceRequest, AttendanceSheet, CalendarEntry, CalendarFeed, CheckInCode, CheckInReceipt, CheckInRequest, SessionInput, SessionView,
};

use crate::error::ApiResult;
use crate::http::extract::{ValidJson, ValidQuery};
use crate::http::upload::single_file;
use crate::policy::Actor;
use crate::service::{attendance, calendar, check_in as checking_in, sign_in_sheet as sheets};
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

/// Moves, renames or re-links a session; its attendance stays as recorded.
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body = SessionInput, responses((status = 200, body = SessionView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/sessions/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<SessionInput>,
) -> ApiResult<web::Json<SessionView>> {
    Ok(web::Json(attendance::update(&state, &actor, *id, &body.0).await?))
}

/// Deletes a session planned by mistake; one with attendance recorded stays (409).
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), responses((status = 204), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem)))]
#[delete("/sessions/{id}")]
pub async fn delete(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    attendance::delete(&state, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The check-in code to show now, and the address its QR code opens (trainers).
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), responses((status = 200, body = CheckInCode), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/sessions/{id}/check-in-code")]
pub async fn check_in_code(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let code = checking_in::code(&state, &actor, *id).await?;
    // A code must never be served from a cache: it changes every 30 seconds.
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(code))
}

/// A learner checks in with the code shown in the room.
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body = CheckInRequest, responses((status = 200, body = CheckInReceipt), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/sessions/{id}/check-in")]
pub async fn check_in(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<CheckInRequest>,
) -> ApiResult<web::Json<CheckInReceipt>> {
    Ok(web::Json(checking_in::check_in(&state, &actor, *id, &body.0).await?))
}

/// The sessions of the cohorts the signed-in person learns in or teaches.
#[utoipa::path(tag = "attendance", responses((status = 200, body = Vec<CalendarEntry>), (status = 401, body = shared::Problem)))]
#[get("/me/sessions")]
pub async fn my_sessions(state: web::Data<AppState>, actor: Actor) -> ApiResult<web::Json<Vec<CalendarEntry>>> {
    Ok(web::Json(calendar::mine(&state, &actor).await?))
}

/// A new address for a phone calendar to subscribe to; the previous one stops working.
#[utoipa::path(tag = "attendance", responses((status = 201, body = CalendarFeed), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem)))]
#[post("/me/calendar-feed")]
pub async fn new_feed(state: web::Data<AppState>, actor: Actor) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(calendar::new_feed(&state, &actor).await?))
}

/// The iCalendar feed (RFC 5545) of the person whose secret token it is.
#[utoipa::path(tag = "attendance", params(("token" = String, Path)), responses((status = 200, content_type = "text/calendar"), (status = 404, body = shared::Problem)))]
#[get("/calendar/{token}.ics")]
pub async fn feed(state: web::Data<AppState>, token: web::Path<String>) -> ApiResult<HttpResponse> {
    let body = calendar::feed(&state, &token).await?;
    Ok(HttpResponse::Ok().content_type("text/calendar; charset=utf-8").insert_header(("Cache-Control", "private, max-age=300")).body(body))
}

/// Where the sheet is printed: the offset from UTC of the trainer's device, in minutes.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams, validator::Validate)]
#[into_params(parameter_in = Query)]
pub struct LocalTime {
    #[validate(range(min = -720, max = 840))]
    #[param(minimum = -720, maximum = 840)]
    pub utc_offset_minutes: Option<i32>,
}

/// The printable sign-in sheet (A4, French and Arabic, a row per learner to sign).
#[utoipa::path(tag = "attendance", params(("id" = i64, Path), LocalTime), responses((status = 200, content_type = "application/pdf"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/sessions/{id}/sign-in-sheet.pdf")]
pub async fn sign_in_sheet(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, at: ValidQuery<LocalTime>) -> ApiResult<HttpResponse> {
    let (name, bytes) = sheets::sheet(&state, &actor, *id, at.0.utc_offset_minutes.unwrap_or(0)).await?;
    Ok(HttpResponse::Ok().content_type("application/pdf").insert_header(("Content-Disposition", format!("inline; filename=\"{name}\""))).body(bytes))
}

/// Attaches a photo (or scan) of the signed sign-in sheet (multipart form,
/// field `file`: JPEG, PNG or PDF, 20 MB at most); answers the sheet.
#[utoipa::path(tag = "attendance", params(("id" = i64, Path)), request_body(content = Vec<u8>, content_type = "multipart/form-data"), responses((status = 201, body = AttendanceSheet), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 413, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/sessions/{id}/scans")]
pub async fn attach_scan(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i64>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let upload = single_file(&req, payload, crate::service::uploads::MAX_UPLOAD).await?;
    Ok(HttpResponse::Created().json(attendance::attach_scan(&state, &actor, *id, upload).await?))
}
