//! Editing module content (administrators), and reading it.
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use shared::api::content::{DocumentView, MarkdownPreview, MarkdownPreviewRequest, ModuleContent, SectionInput, SectionOrderRequest, SectionView};

use crate::error::ApiResult;
use crate::http::extract::{ReqLang, ValidJson};
use crate::http::upload::{download, single_file};
use crate::policy::Actor;
use crate::service::content;
use crate::state::AppState;

/// A module's content. Learners open it once its prerequisites are met.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, body = ModuleContent), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Module locked")))]
#[get("/modules/{id}/content")]
pub async fn module_content(state: web::Data<AppState>, actor: Actor, lang: ReqLang, id: web::Path<i64>) -> ApiResult<web::Json<ModuleContent>> {
    Ok(web::Json(content::read(&state, &actor, *id, lang.0).await?))
}

/// A module document: staff, and learners who may open its module.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, content_type = "application/octet-stream"), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Module locked")))]
#[get("/documents/{id}")]
pub async fn document(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    Ok(download(content::document(&state, &actor, *id).await?))
}

#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body = SectionInput, responses((status = 201, body = SectionView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/modules/{id}/sections")]
pub async fn create_section(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    body: ValidJson<SectionInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(content::create_section(&state, &actor, *id, &body.0, lang.0).await?))
}

#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body = SectionInput, responses((status = 200, body = SectionView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/sections/{id}")]
pub async fn update_section(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    body: ValidJson<SectionInput>,
) -> ApiResult<web::Json<SectionView>> {
    Ok(web::Json(content::update_section(&state, &actor, *id, &body.0, lang.0).await?))
}

#[utoipa::path(tag = "content", params(("id" = i64, Path)), responses((status = 204), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[delete("/sections/{id}")]
pub async fn delete_section(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    content::delete_section(&state, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Uploads a document to a module (multipart form, field `file`): PDF, office
/// documents, images or text, 20 MB at most.
#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body(content = Vec<u8>, content_type = "multipart/form-data"), responses((status = 201, body = DocumentView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 413, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/modules/{id}/documents")]
pub async fn upload_document(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<i64>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let upload = single_file(&req, payload, crate::service::uploads::MAX_UPLOAD).await?;
    Ok(HttpResponse::Created().json(content::upload_document(&state, &actor, *id, upload).await?))
}

/// Markdown rendered and sanitised exactly as learners will get it (authors'
/// live preview).
#[utoipa::path(tag = "content", request_body = MarkdownPreviewRequest, responses((status = 200, body = MarkdownPreview), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/markdown/preview")]
pub async fn preview(actor: Actor, body: ValidJson<MarkdownPreviewRequest>) -> ApiResult<web::Json<MarkdownPreview>> {
    Ok(web::Json(content::preview(&actor, &body.0.markdown)?))
}

/// Reorders a module's sections: `section_ids` lists every section of the
/// module once, in the new order (422 otherwise).
#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body = SectionOrderRequest, responses((status = 200, body = ModuleContent), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/modules/{id}/section-order")]
pub async fn reorder_sections(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    body: ValidJson<SectionOrderRequest>,
) -> ApiResult<web::Json<ModuleContent>> {
    Ok(web::Json(content::reorder_sections(&state, &actor, *id, &body.0.section_ids, lang.0).await?))
}
