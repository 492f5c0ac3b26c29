use actix_web::{HttpResponse, get, post, put, web};
use shared::api::accounts::{ProfileInput, ProfileView};

use crate::error::ApiResult;
use crate::http::extract::ValidJson;
use crate::policy::Actor;
use crate::service::profiles;
use crate::state::AppState;

/// The signed-in person's own profile.
#[utoipa::path(tag = "accounts", responses((status = 200, body = ProfileView), (status = 401, body = shared::Problem)))]
#[get("/me/profile")]
pub async fn own(state: web::Data<AppState>, actor: Actor) -> ApiResult<web::Json<ProfileView>> {
    Ok(web::Json(profiles::get(&state, &actor, None).await?))
}

/// Corrects one's own profile.
#[utoipa::path(tag = "accounts", request_body = ProfileInput, responses((status = 200, body = ProfileView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/me/profile")]
pub async fn correct_own(state: web::Data<AppState>, actor: Actor, body: ValidJson<ProfileInput>) -> ApiResult<web::Json<ProfileView>> {
    Ok(web::Json(profiles::correct(&state, &actor, None, &body.0).await?))
}

/// A person's profile: administrators, and partner managers for their
/// organisation's learners (anyone else: 404).
#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), responses((status = 200, body = ProfileView), (status = 401, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/accounts/{id}/profile")]
pub async fn get(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<ProfileView>> {
    Ok(web::Json(profiles::get(&state, &actor, Some(*id)).await?))
}

/// Corrects a person's names and profile.
#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), request_body = ProfileInput, responses((status = 200, body = ProfileView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/accounts/{id}/profile")]
pub async fn correct(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<ProfileInput>,
) -> ApiResult<web::Json<ProfileView>> {
    Ok(web::Json(profiles::correct(&state, &actor, Some(*id), &body.0).await?))
}

/// Sends the invitation again to someone who has not chosen a password
/// (409 if they have; 429 within two minutes of the last time it was sent again).
#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), responses((status = 204), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 429, body = shared::Problem)))]
#[post("/accounts/{id}/invitation")]
pub async fn resend_invitation(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    profiles::resend_invitation(&state, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
