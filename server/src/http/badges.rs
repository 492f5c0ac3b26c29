//! Open Badges 3.0: the holder's credential (JSON and baked PNG), and what a
//! verifier fetches without an account (issuer profile, status lists, keys).
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::attestation::badge;
use crate::error::ApiResult;
use crate::http::upload::download;
use crate::policy::Actor;
use crate::service::badges;
use crate::state::AppState;

/// The attestation as an Open Badges 3.0 `OpenBadgeCredential`, secured as a
/// VC-JWT (EdDSA) and wrapped as an `EnvelopedVerifiableCredential`.
#[utoipa::path(tag = "badges", params(("id" = i64, Path)), responses((status = 200, content_type = "application/json", description = "An EnvelopedVerifiableCredential whose id is data:application/vc+jwt,<JWT>"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/attestations/{id}/open-badge.json")]
pub async fn credential(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    Ok(download(badges::credential_json(&state, &actor, *id).await?))
}

/// The badge image with the same credential baked in (`iTXt` chunk
/// `openbadgecredential`), for wallets and backpacks that import images.
#[utoipa::path(tag = "badges", params(("id" = i64, Path)), responses((status = 200, content_type = "image/png"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/attestations/{id}/open-badge.png")]
pub async fn baked(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    Ok(download(badges::baked_png(&state, &actor, *id).await?))
}

/// The issuer `Profile` a programme's credentials name (public).
#[utoipa::path(tag = "badges", params(("id" = i64, Path, description = "The programme")), responses((status = 200, content_type = "application/json", description = "An Open Badges 3.0 Profile"), (status = 404, body = shared::Problem)))]
#[get("/badges/issuers/{id}")]
pub async fn issuer(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let profile = badges::issuer_profile(&state, *id).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "public, max-age=300")).json(profile))
}

/// A programme's revocation status list (public): a signed
/// `BitstringStatusListCredential`, valid for a day, where the bit of a
/// revoked or superseded credential is set.
#[utoipa::path(tag = "badges", params(("id" = i64, Path, description = "The programme"), ("list" = i64, Path)), responses((status = 200, content_type = "application/vc+jwt"), (status = 404, body = shared::Problem)))]
#[get("/badges/issuers/{id}/status/{list}")]
pub async fn status_list(state: web::Data<AppState>, path: web::Path<(i64, i64)>) -> ApiResult<HttpResponse> {
    let (programme, list) = path.into_inner();
    let jwt = badges::status_list(&state, programme, list).await?;
    // Short-lived in caches: a revocation (or its undoing) shows within a minute.
    Ok(HttpResponse::Ok().content_type(badge::VC_JWT).insert_header((header::CACHE_CONTROL, "public, max-age=60")).body(jwt))
}

/// The badge's picture (public), as named by each achievement.
#[utoipa::path(tag = "badges", responses((status = 200, content_type = "image/png")))]
#[get("/badges/image.png")]
pub async fn image() -> HttpResponse {
    HttpResponse::Ok().content_type("image/png").insert_header((header::CACHE_CONTROL, "public, max-age=86400")).body(badge::BADGE_PNG)
}

/// The issuer's keys as a JWK set (`/.well-known/jwks.json`), the current
/// one and every earlier one: a credential's `kid` names one of them.
pub async fn key_set(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "public, max-age=300")).json(badges::key_set(&state).await?))
}
