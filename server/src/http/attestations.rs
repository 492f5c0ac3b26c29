use std::io::Write as _;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use shared::api::attestations::{AttestationFilter, AttestationView, IssueReport, IssueRequest};
use shared::api::{Page, PageQuery, ReasonRequest};
use shared::enums::{AttestationStatus, Role};

use crate::entities::attestation;
use crate::error::{ApiError, ApiResult};
use crate::http::enrolments::staff_scope;
use crate::http::extract::{Authenticated, ValidJson, ValidQuery};
use crate::service::actor::Actor;
use crate::service::verification;
use crate::state::AppState;
use crate::store;

async fn visible(state: &AppState, auth: &Authenticated, id: i64) -> ApiResult<attestation::Model> {
    let db = state.db.conn();
    let a = store::attestations::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    let scope = verification::scope_of(db, &Actor::from(auth)).await?;
    if !verification::in_scope(&scope, &a) {
        return Err(ApiError::forbidden());
    }
    Ok(a)
}

/// Attestations: a learner's own; the cohorts a trainer teaches; a partner
/// manager's people; everything for administrators.
#[utoipa::path(tag = "attestations", params(PageQuery, AttestationFilter), responses((status = 200, body = Page<AttestationView>), (status = 401, body = shared::Problem)))]
#[get("/attestations")]
pub async fn list(state: web::Data<AppState>, auth: Authenticated, page: ValidQuery<PageQuery>, filter: ValidQuery<AttestationFilter>) -> ApiResult<web::Json<Page<AttestationView>>> {
    let db = state.db.conn();
    let scope = verification::scope_of(db, &Actor::from(&auth)).await?;
    let (items, total) = store::attestations::list(db, &scope, filter.0.cohort, filter.0.module, filter.0.status, Some(page.0)).await?;
    let mut views = Vec::with_capacity(items.len());
    for a in &items {
        views.push(verification::view(db, &state.settings.base_url, a).await?);
    }
    Ok(web::Json(Page::new(views, total, page.0)))
}

#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), responses((status = 200, body = AttestationView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/attestations/{id}")]
pub async fn get(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<AttestationView>> {
    let a = visible(&state, &auth, *id).await?;
    Ok(web::Json(verification::view(state.db.conn(), &state.settings.base_url, &a).await?))
}

/// The PDF, exactly as issued.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), responses((status = 200, content_type = "application/pdf"), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/attestations/{id}/pdf")]
pub async fn pdf(state: web::Data<AppState>, auth: Authenticated, req: HttpRequest, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let a = visible(&state, &auth, *id).await?;
    let path = a.pdf_path.clone().ok_or_else(ApiError::not_found)?;
    let file = actix_files::NamedFile::open(&path).map_err(|_| ApiError::not_found())?;
    let disposition = actix_web::http::header::ContentDisposition {
        disposition: actix_web::http::header::DispositionType::Attachment,
        parameters: vec![actix_web::http::header::DispositionParam::Filename(format!("attestation-{}.pdf", a.code))],
    };
    Ok(file.set_content_type(mime::APPLICATION_PDF).set_content_disposition(disposition).into_response(&req))
}

/// Revokes (administrators; a reason is required). The record stays, and the
/// verification says revoked, with the date and the reason.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), request_body = ReasonRequest, responses((status = 200, body = AttestationView), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem, description = "Already revoked or superseded"), (status = 422, body = shared::Problem)))]
#[post("/attestations/{id}/revoke")]
pub async fn revoke(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<ReasonRequest>) -> ApiResult<web::Json<AttestationView>> {
    auth.require(&[Role::Admin])?;
    let a = verification::revoke(&state, &Actor::from(&auth), *id, &body.0.reason).await?;
    Ok(web::Json(verification::view(state.db.conn(), &state.settings.base_url, &a).await?))
}

/// Reissues with a new code (after a name correction, say); the old code then
/// says superseded and points to the new one.
#[utoipa::path(tag = "attestations", params(("id" = i64, Path)), request_body = ReasonRequest, responses((status = 201, body = AttestationView), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/attestations/{id}/reissue")]
pub async fn reissue(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<ReasonRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let a = verification::reissue(&state, &Actor::from(&auth), *id, &body.0.reason).await?;
    Ok(HttpResponse::Created().json(verification::view(state.db.conn(), &state.settings.base_url, &a).await?))
}

/// Issues what a cohort's completions are owed (normally automatic);
/// `dry_run` lists who would receive an attestation.
#[utoipa::path(tag = "attestations", request_body = IssueRequest, responses((status = 200, body = IssueReport), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[post("/attestations/issue")]
pub async fn issue(state: web::Data<AppState>, auth: Authenticated, body: ValidJson<IssueRequest>) -> ApiResult<web::Json<IssueReport>> {
    auth.require(&[Role::Admin])?;
    Ok(web::Json(verification::issue(&state, body.0.cohort_id, body.0.module_id, body.0.dry_run).await?))
}

#[derive(Debug, Clone, Copy, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
pub struct ModuleParam {
    pub module: Option<i64>,
}

/// A ZIP of a cohort's valid attestations (for one module if given).
#[utoipa::path(tag = "attestations", params(("id" = i64, Path), ModuleParam), responses((status = 200, content_type = "application/zip"), (status = 403, body = shared::Problem)))]
#[get("/cohorts/{id}/attestations.zip")]
pub async fn zip_archive(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, module: ValidQuery<ModuleParam>) -> ApiResult<HttpResponse> {
    let db = state.db.conn();
    let cohort = store::cohorts::by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    let organisation = staff_scope(&state, &auth, cohort.id).await?;
    let scope = match organisation {
        Some(_) => verification::scope_of(db, &Actor::from(&auth)).await?,
        None => store::attestations::AttestationScope::All,
    };
    let (items, _) = store::attestations::list(db, &scope, Some(cohort.id), module.0.module, Some(AttestationStatus::Valid), None).await?;
    let mut archive = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PDFs are compressed inside already.
    let options = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Stored);
    let to_err = |e: ::zip::result::ZipError| ApiError::Unexpected(e.into());
    for a in items.iter().filter(|a| a.pdf_path.is_some()) {
        let Some(path) = &a.pdf_path else { continue };
        let bytes = tokio::fs::read(path).await.map_err(|e| ApiError::Unexpected(e.into()))?;
        let name = format!("{}-{}.pdf", slug(&a.holder_name), a.code);
        archive.start_file(name, options).map_err(to_err)?;
        archive.write_all(&bytes).map_err(|e| ApiError::Unexpected(e.into()))?;
    }
    let bytes = archive.finish().map_err(to_err)?.into_inner();
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"attestations-cohort-{}.zip\"", cohort.id)))
        .body(bytes))
}

/// A file-name-safe form of a name (accents kept, other signs dropped).
fn slug(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

