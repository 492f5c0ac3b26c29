//! A programme's issuer identity (administrators): read it, upload a
//! signature or stamp, preview an attestation with what is typed, save.
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use shared::api::accounts::OrganisationView;
use shared::api::issuers::{IssuerIdentityInput, IssuerIdentityView, IssuerImage};

use crate::error::ApiResult;
use crate::http::extract::ValidJson;
use crate::http::upload::single_file;
use crate::policy::Actor;
use crate::service::issuers;
use crate::state::AppState;

#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = IssuerIdentityView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/programmes/{id}/issuer")]
pub async fn get(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<IssuerIdentityView>> {
    Ok(web::Json(issuers::get(&state, &actor, *id).await?))
}

/// Saves a new version of the identity: attestations issued from now on
/// carry it (and name the signatory in their signed claim); earlier ones
/// keep theirs.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = IssuerIdentityInput, responses((status = 200, body = IssuerIdentityView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/programmes/{id}/issuer")]
pub async fn save(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<IssuerIdentityInput>,
) -> ApiResult<web::Json<IssuerIdentityView>> {
    Ok(web::Json(issuers::save(&state, &actor, *id, &body.0).await?))
}

/// A sample bilingual attestation with the identity as typed; nothing is saved.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = IssuerIdentityInput, responses((status = 200, content_type = "application/pdf"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes/{id}/issuer/preview")]
pub async fn preview(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, body: ValidJson<IssuerIdentityInput>) -> ApiResult<HttpResponse> {
    let pdf = issuers::preview(&state, &actor, *id, &body.0).await?;
    Ok(HttpResponse::Ok().content_type("application/pdf").insert_header(("Content-Disposition", "inline; filename=\"apercu.pdf\"")).body(pdf))
}

/// Uploads a signature or stamp (multipart form, field `file`: PNG or SVG,
/// 2 MB at most); a preview or a save then names it by its id.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body(content = Vec<u8>, content_type = "multipart/form-data"), responses((status = 201, body = IssuerImage), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 413, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes/{id}/issuer/images")]
pub async fn upload_image(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i64>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let upload = single_file(&req, payload, issuers::MAX_IMAGE).await?;
    Ok(HttpResponse::Created().json(issuers::upload_image(&state, &actor, *id, upload).await?))
}

#[utoipa::path(tag = "programmes", params(("id" = i64, Path), ("image" = String, Path)), responses((status = 200, content_type = "image/png"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/programmes/{id}/issuer/images/{image}")]
pub async fn image(state: web::Data<AppState>, actor: Actor, path: web::Path<(i64, String)>) -> ApiResult<HttpResponse> {
    let (id, image) = path.into_inner();
    let png = issuers::image(&state, &actor, id, &image).await?;
    Ok(HttpResponse::Ok().content_type("image/png").insert_header(("Cache-Control", "private, max-age=3600")).body(png))
}

/// Sets a partner's logo (multipart form, field `file`: PNG or SVG, 2 MB at
/// most), printed on the attestations of the people its managers enrol.
#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), request_body(content = Vec<u8>, content_type = "multipart/form-data"), responses((status = 200, body = OrganisationView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 413, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/organisations/{id}/logo")]
pub async fn set_partner_logo(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i64>,
    payload: web::Payload,
) -> ApiResult<web::Json<OrganisationView>> {
    let upload = single_file(&req, payload, issuers::MAX_IMAGE).await?;
    Ok(web::Json(issuers::set_partner_logo(&state, &actor, *id, Some(upload)).await?))
}

#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), responses((status = 200, body = OrganisationView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[delete("/organisations/{id}/logo")]
pub async fn remove_partner_logo(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<OrganisationView>> {
    Ok(web::Json(issuers::set_partner_logo(&state, &actor, *id, None).await?))
}

#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), responses((status = 200, content_type = "image/png"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/organisations/{id}/logo")]
pub async fn partner_logo(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let png = issuers::partner_logo(&state, &actor, *id).await?;
    Ok(HttpResponse::Ok().content_type("image/png").insert_header(("Cache-Control", "private, max-age=3600")).body(png))
}
