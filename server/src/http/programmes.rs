use std::collections::HashMap;

use actix_web::{HttpResponse, get, patch, post, put, web};
use shared::api::programmes::{
    CreateModuleRequest, CreateProgrammeRequest, ModuleView, PatchModuleRequest, PatchProgrammeRequest, ProgrammeDetail, ProgrammeSummary, PutPrerequisitesRequest,
};
use shared::api::{Page, PageQuery};
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidJson, ValidQuery};
use crate::service::programmes as service;
use crate::state::AppState;
use crate::store::programmes;

async fn module_view(state: &AppState, module_id: i64) -> ApiResult<ModuleView> {
    let db = state.db.conn();
    let module = programmes::module_by_id(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    let families = programmes::families_of(db, module.programme_id).await?;
    let groups = programmes::groups_of(db, module.programme_id).await?;
    let codes: HashMap<i64, String> =
        programmes::modules_of(db, module.programme_id).await?.into_iter().map(|m| (m.id, m.code)).collect();
    Ok(programmes::module_view(&module, &families, groups.get(&module.id).map(Vec::as_slice).unwrap_or(&[]), &codes))
}

#[utoipa::path(tag = "programmes", params(PageQuery), responses((status = 200, body = Page<ProgrammeSummary>), (status = 401, body = shared::Problem)))]
#[get("/programmes")]
pub async fn list(state: web::Data<AppState>, _auth: Authenticated, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<Page<ProgrammeSummary>>> {
    let (items, total) = programmes::list(state.db.conn(), page.0).await?;
    Ok(web::Json(Page::new(items, total, page.0)))
}

/// A programme with its families, modules and prerequisites.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = ProgrammeDetail), (status = 404, body = shared::Problem)))]
#[get("/programmes/{id}")]
pub async fn get(state: web::Data<AppState>, _auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<ProgrammeDetail>> {
    programmes::detail(state.db.conn(), *id).await?.map(web::Json).ok_or_else(ApiError::not_found)
}

#[utoipa::path(tag = "programmes", request_body = CreateProgrammeRequest, responses((status = 201, body = ProgrammeDetail), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes")]
pub async fn create(state: web::Data<AppState>, auth: Authenticated, body: ValidJson<CreateProgrammeRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let saved = service::create_programme(&state.db, auth.id(), &body.0, &state.settings.issuer.name).await?;
    let detail = programmes::detail(state.db.conn(), saved.id).await?.ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Created().json(detail))
}

/// Corrects a programme's titles, issuer or attestation language.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PatchProgrammeRequest, responses((status = 200, body = ProgrammeDetail), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/programmes/{id}")]
pub async fn patch(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<PatchProgrammeRequest>) -> ApiResult<web::Json<ProgrammeDetail>> {
    auth.require(&[Role::Admin])?;
    service::patch_programme(&state.db, auth.id(), *id, &body.0).await?;
    programmes::detail(state.db.conn(), *id).await?.map(web::Json).ok_or_else(ApiError::not_found)
}

#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = CreateModuleRequest, responses((status = 201, body = ModuleView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes/{id}/modules")]
pub async fn create_module(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<CreateModuleRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let saved = service::create_module(&state.db, auth.id(), *id, &body.0).await?;
    Ok(HttpResponse::Created().json(module_view(&state, saved.id).await?))
}

#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = ModuleView), (status = 404, body = shared::Problem)))]
#[get("/modules/{id}")]
pub async fn get_module(state: web::Data<AppState>, _auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<ModuleView>> {
    Ok(web::Json(module_view(&state, *id).await?))
}

#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PatchModuleRequest, responses((status = 200, body = ModuleView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/modules/{id}")]
pub async fn patch_module(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<PatchModuleRequest>) -> ApiResult<web::Json<ModuleView>> {
    auth.require(&[Role::Admin])?;
    service::patch_module(&state.db, auth.id(), *id, &body.0).await?;
    Ok(web::Json(module_view(&state, *id).await?))
}

/// Replaces the module's prerequisites. A change that would create a cycle is
/// refused with 422, the cycle named in `detail` and listed in `cycle`.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PutPrerequisitesRequest, responses((status = 200, body = ModuleView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem, description = "Invalid, or would create a cycle")))]
#[put("/modules/{id}/prerequisites")]
pub async fn put_prerequisites(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<PutPrerequisitesRequest>) -> ApiResult<web::Json<ModuleView>> {
    auth.require(&[Role::Admin])?;
    service::set_prerequisites(&state.db, auth.id(), *id, &body.0).await?;
    Ok(web::Json(module_view(&state, *id).await?))
}
