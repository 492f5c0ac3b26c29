use actix_web::{HttpResponse, get, patch, post, web};
use shared::api::accounts::{AccountFilter, AccountSummary, CreateAccountRequest, CreateOrganisationRequest, OrganisationView, UpdateAccountRequest};
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::http::extract::{ValidJson, ValidQuery};
use crate::policy::Actor;
use crate::service::accounts;
use crate::state::AppState;

/// People: every account for administrators, their own organisation's people
/// for a partner manager.
#[utoipa::path(tag = "accounts", params(PageQuery, AccountFilter), responses((status = 200, body = Page<AccountSummary>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/accounts")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    page: ValidQuery<PageQuery>,
    filter: ValidQuery<AccountFilter>,
) -> ApiResult<web::Json<Page<AccountSummary>>> {
    Ok(web::Json(accounts::list(&state, &actor, &filter.0, page.0).await?))
}

/// Creates an account of any role (administrators).
#[utoipa::path(tag = "accounts", request_body = CreateAccountRequest, responses((status = 201, body = AccountSummary), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/accounts")]
pub async fn create(state: web::Data<AppState>, actor: Actor, body: ValidJson<CreateAccountRequest>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(accounts::create(&state, &actor, &body.0).await?))
}

/// Corrects or closes an account (administrators).
#[utoipa::path(tag = "accounts", params(("id" = i64, Path)), request_body = UpdateAccountRequest, responses((status = 200, body = AccountSummary), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/accounts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<UpdateAccountRequest>,
) -> ApiResult<web::Json<AccountSummary>> {
    Ok(web::Json(accounts::update(&state, &actor, *id, &body.0).await?))
}

/// Organisations: all for administrators, their own for a partner manager.
#[utoipa::path(tag = "accounts", params(PageQuery), responses((status = 200, body = Page<OrganisationView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/organisations")]
pub async fn list_organisations(
    state: web::Data<AppState>,
    actor: Actor,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<OrganisationView>>> {
    Ok(web::Json(accounts::organisations(&state, &actor, page.0).await?))
}

#[utoipa::path(tag = "accounts", request_body = CreateOrganisationRequest, responses((status = 201, body = OrganisationView), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/organisations")]
pub async fn create_organisation(state: web::Data<AppState>, actor: Actor, body: ValidJson<CreateOrganisationRequest>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(accounts::create_organisation(&state, &actor, &body.0).await?))
}
