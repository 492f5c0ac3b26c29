//! Editing module content (administrators and trainers).
use actix_web::{HttpRequest, HttpResponse, delete, post, put, web};
use shared::api::content::{DocumentView, SectionInput, SectionView};
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidJson};
use crate::http::upload::{is_multipart, read_form};
use crate::service::{content, uploads};
use crate::state::AppState;
use crate::store;

async fn check_document(state: &AppState, module_id: i64, input: &SectionInput) -> ApiResult<Vec<crate::entities::document::Model>> {
    let documents = store::content::documents_of(state.db.conn(), module_id).await?;
    if let Some(id) = input.document_id
        && !documents.iter().any(|d| d.id == id) {
            return Err(ApiError::field("document_id", "unknown_document"));
        }
    Ok(documents)
}

#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body = SectionInput, responses((status = 201, body = SectionView), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/modules/{id}/sections")]
pub async fn create_section(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<SectionInput>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin, Role::Trainer])?;
    store::programmes::module_by_id(state.db.conn(), *id).await?.ok_or_else(ApiError::not_found)?;
    let documents = check_document(&state, *id, &body.0).await?;
    let tx = state.db.begin_write().await?;
    let saved = store::content::insert_section(&tx, *id, &body.0).await?;
    store::audit::record(&tx, Some(auth.id()), "section.create", "module_section", saved.id, None).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(content::section_view(&saved, &documents)))
}

#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body = SectionInput, responses((status = 200, body = SectionView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[put("/sections/{id}")]
pub async fn update_section(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<SectionInput>) -> ApiResult<web::Json<SectionView>> {
    auth.require(&[Role::Admin, Role::Trainer])?;
    let current = store::content::section_by_id(state.db.conn(), *id).await?.ok_or_else(ApiError::not_found)?;
    let documents = check_document(&state, current.module_id, &body.0).await?;
    let tx = state.db.begin_write().await?;
    let saved = store::content::update_section(&tx, current, &body.0).await?;
    store::audit::record(&tx, Some(auth.id()), "section.update", "module_section", saved.id, None).await?;
    tx.commit().await?;
    Ok(web::Json(content::section_view(&saved, &documents)))
}

#[utoipa::path(tag = "content", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[delete("/sections/{id}")]
pub async fn delete_section(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin, Role::Trainer])?;
    let tx = state.db.begin_write().await?;
    store::content::section_by_id(&tx, *id).await?.ok_or_else(ApiError::not_found)?;
    store::content::delete_section(&tx, *id).await?;
    store::audit::record(&tx, Some(auth.id()), "section.delete", "module_section", *id, None).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Uploads a document to a module (multipart form, field `file`): PDF, office
/// documents, images or text, 20 MB at most.
#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body(content = Vec<u8>, content_type = "multipart/form-data"), responses((status = 201, body = DocumentView), (status = 403, body = shared::Problem), (status = 413, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/modules/{id}/documents")]
pub async fn upload_document(state: web::Data<AppState>, auth: Authenticated, req: HttpRequest, id: web::Path<i64>, payload: web::Payload) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin, Role::Trainer])?;
    store::programmes::module_by_id(state.db.conn(), *id).await?.ok_or_else(ApiError::not_found)?;
    if !is_multipart(&req) {
        return Err(ApiError::with_text(shared::ErrorCode::UnsupportedMediaType, "multipart/form-data"));
    }
    let form = read_form(&req, payload, uploads::MAX_UPLOAD + 64 * 1024).await?;
    let upload = form.file.ok_or_else(|| ApiError::field("file", "required"))?;
    let saved = uploads::store(&state, Some(*id), upload, Some(auth.id())).await?;
    Ok(HttpResponse::Created().json(content::document_view(&saved)))
}
