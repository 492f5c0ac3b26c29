use actix_web::{HttpResponse, get, patch, post, put, web};
use shared::api::programmes::{
    CreateModuleRequest, CreateProgrammeRequest, ModuleView, PatchModuleRequest, PatchProgrammeRequest, ProgrammeDetail, ProgrammeSummary,
    PutPrerequisitesRequest,
};
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::http::extract::{ValidJson, ValidQuery};
use crate::policy::Actor;
use crate::service::{programmes, publication};
use crate::state::AppState;

#[utoipa::path(tag = "programmes", params(PageQuery), responses((status = 200, body = Page<ProgrammeSummary>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/programmes")]
pub async fn list(state: web::Data<AppState>, _actor: Actor, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<Page<ProgrammeSummary>>> {
    Ok(web::Json(programmes::list(&state, page.0).await?))
}

/// A programme with its families, modules and prerequisites.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = ProgrammeDetail), (status = 401, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/programmes/{id}")]
pub async fn get(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<ProgrammeDetail>> {
    Ok(web::Json(programmes::detail(&state, &actor, *id).await?))
}

#[utoipa::path(tag = "programmes", request_body = CreateProgrammeRequest, responses((status = 201, body = ProgrammeDetail), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes")]
pub async fn create(state: web::Data<AppState>, actor: Actor, body: ValidJson<CreateProgrammeRequest>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(programmes::create_programme(&state, &actor, &body.0).await?))
}

/// Corrects a programme's titles, issuer or attestation language.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PatchProgrammeRequest, responses((status = 200, body = ProgrammeDetail), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/programmes/{id}")]
pub async fn patch(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<PatchProgrammeRequest>,
) -> ApiResult<web::Json<ProgrammeDetail>> {
    Ok(web::Json(programmes::patch_programme(&state, &actor, *id, &body.0).await?))
}

#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = CreateModuleRequest, responses((status = 201, body = ModuleView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes/{id}/modules")]
pub async fn create_module(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<CreateModuleRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(programmes::create_module(&state, &actor, *id, &body.0).await?))
}

#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = ModuleView), (status = 401, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/modules/{id}")]
pub async fn get_module(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<ModuleView>> {
    Ok(web::Json(programmes::module(&state, &actor, *id).await?))
}

/// Changes a module; its `pass_mark` is its assessment's.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PatchModuleRequest, responses((status = 200, body = ModuleView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/modules/{id}")]
pub async fn patch_module(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<PatchModuleRequest>,
) -> ApiResult<web::Json<ModuleView>> {
    Ok(web::Json(programmes::patch_module(&state, &actor, *id, &body.0).await?))
}

/// Replaces the module's prerequisites. A change that would create a cycle is
/// refused with 422, the cycle named in `detail` and listed in `cycle`.
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PutPrerequisitesRequest, responses((status = 200, body = ModuleView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem, description = "Invalid, or would create a cycle")))]
#[put("/modules/{id}/prerequisites")]
pub async fn put_prerequisites(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<PutPrerequisitesRequest>,
) -> ApiResult<web::Json<ModuleView>> {
    Ok(web::Json(programmes::set_prerequisites(&state, &actor, *id, &body.0).await?))
}

/// Puts a draft module in front of learners. Refused with 422
/// `module-incomplete` while anything would stop a learner from completing
/// it: `errors` names each gap (no assessment, a quiz without questions or
/// without a correct choice, a rubric without criteria, a pass mark out of
/// range, a prerequisite not published).
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = ModuleView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Already published"), (status = 422, body = shared::Problem, description = "Incomplete: each gap in `errors`")))]
#[post("/modules/{id}/publish")]
pub async fn publish_module(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<ModuleView>> {
    Ok(web::Json(publication::publish_module(&state, &actor, *id).await?))
}

/// Withdraws a published module from new learners: those who began or
/// finished it keep it, with their completions and attestations; nobody is
/// held to it any more (and whoever has now done everything else completes
/// the programme).
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), responses((status = 200, body = ModuleView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "A draft, or already archived")))]
#[post("/modules/{id}/archive")]
pub async fn archive_module(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<ModuleView>> {
    Ok(web::Json(publication::archive_module(&state, &actor, *id).await?))
}
