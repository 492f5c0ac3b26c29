use actix_web::{HttpResponse, get, post, web};
use shared::api::attestations::{AttestationFilter, AttestationView, IssueReport, IssueRequest, RevokeRequest};
use shared::api::{Page, PageQuery, ReasonRequest};

use crate::error::ApiResult;
use crate::http::extract::{ValidJson, ValidQuery};
use crate::http::params::ModuleParam;
use crate::http::upload::download;
use crate::policy::Actor;
use crate::service::{revocation, verification};
use crate::state::AppState;

/// Attestations: a learner's own; the cohorts a trainer teaches; a partner
/// manager's people; everything for administrators.
#[utoipa::path(tag = "attestations", params(PageQuery, AttestationFilter), responses((status = 200, body = Page<AttestationView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/attestations")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    page: ValidQuery<PageQuery>,
    filter: ValidQuery<AttestationFilter>,
) -> ApiResult<web::Json<Page<AttestationView>>> {
    Ok(web::Json(verification::list(&state, &actor, &filter.0, page.0).await?))
}

#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), responses((status = 200, body = AttestationView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/attestations/{id}")]
pub async fn get(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<AttestationView>> {
    Ok(web::Json(verification::get(&state, &actor, *id).await?))
}

/// The PDF, exactly as issued.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), responses((status = 200, content_type = "application/pdf"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/attestations/{id}/pdf")]
pub async fn pdf(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    Ok(download(verification::pdf(&state, &actor, *id).await?))
}

/// Revokes (administrators): an internal `reason` is required, a
/// `public_note` is what anyone checking the code reads. The record stays,
/// the holder is mailed, and an administrator may undo it within the period.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), request_body = RevokeRequest, responses((status = 200, body = AttestationView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Already revoked or superseded"), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/attestations/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<RevokeRequest>,
) -> ApiResult<web::Json<AttestationView>> {
    Ok(web::Json(revocation::revoke(&state, &actor, *id, &body.0).await?))
}

/// Undoes a revocation (administrators, a reason for the audit log) within
/// the period (`revocation-final` after it), unless it was reissued since.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), request_body = ReasonRequest, responses((status = 200, body = AttestationView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Not revoked, reissued since, or the period is over"), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/attestations/{id}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<ReasonRequest>,
) -> ApiResult<web::Json<AttestationView>> {
    Ok(web::Json(revocation::restore(&state, &actor, *id, &body.0.reason).await?))
}

/// Reissues with a new code (after a name correction, or to replace a revoked
/// attestation); the old code then says superseded (or still revoked) and
/// points to the new one.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), request_body = ReasonRequest, responses((status = 201, body = AttestationView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/attestations/{id}/reissue")]
pub async fn reissue(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, body: ValidJson<ReasonRequest>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(revocation::reissue(&state, &actor, *id, &body.0.reason).await?))
}

/// Issues what a cohort's completions are owed (normally automatic);
/// `dry_run` lists who would receive an attestation.
#[utoipa::path(tag = "attestations", request_body = IssueRequest, responses((status = 200, body = IssueReport), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/attestations/issue")]
pub async fn issue(state: web::Data<AppState>, actor: Actor, body: ValidJson<IssueRequest>) -> ApiResult<web::Json<IssueReport>> {
    Ok(web::Json(verification::issue(&state, &actor, &body.0).await?))
}

/// A ZIP of a cohort's valid attestations (for one module if given).
#[utoipa::path(tag = "attestations", params(("id" = i64, Path), ModuleParam), responses((status = 200, content_type = "application/zip"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/cohorts/{id}/attestations.zip")]
pub async fn zip_archive(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, module: ValidQuery<ModuleParam>) -> ApiResult<HttpResponse> {
    let bytes = verification::archive(&state, &actor, *id, module.0.module).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"attestations-cohort-{}.zip\"", *id)))
        .body(bytes))
}
