use actix_web::{HttpResponse, get, patch, post, web};
use shared::api::accounts::{AccountFilter, AccountSummary, CreateAccountRequest, CreateOrganisationRequest, OrganisationView, UpdateAccountRequest};
use shared::api::{Page, PageQuery};
use shared::enums::{Category, OrganisationKind, Role};

use crate::db::is_unique_violation;
use crate::entities::{account, organisation};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidJson, ValidQuery};
use crate::service;
use crate::state::AppState;
use crate::store::{accounts, audit, organisations};

pub fn summary(a: account::Model, org: Option<organisation::Model>) -> AccountSummary {
    AccountSummary {
        id: a.id,
        role: Role::parse(&a.role).unwrap_or(Role::Learner),
        category: a.category.as_deref().and_then(Category::parse),
        has_password: a.password_hash.is_some(),
        organisation_name: org.map(|o| o.name),
        email: a.email,
        full_name: a.full_name,
        full_name_ar: a.full_name_ar,
        organisation_id: a.organisation_id,
        position: a.position,
        active: a.active,
    }
}

fn organisation_view(o: organisation::Model) -> OrganisationView {
    OrganisationView {
        id: o.id,
        kind: OrganisationKind::parse(&o.kind).unwrap_or(OrganisationKind::Association),
        name: o.name,
        region: o.region,
        commune: o.commune,
    }
}

/// People: every account for administrators, their own organisation's people
/// for a partner manager.
#[utoipa::path(tag = "accounts", params(PageQuery, AccountFilter), responses((status = 200, body = Page<AccountSummary>), (status = 403, body = shared::Problem)))]
#[get("/accounts")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: ValidQuery<PageQuery>,
    filter: web::Query<AccountFilter>,
) -> ApiResult<web::Json<Page<AccountSummary>>> {
    auth.require(&[Role::Admin, Role::Partner])?;
    let scope = if auth.is(Role::Partner) { Some(auth.account.organisation_id.ok_or_else(ApiError::forbidden)?) } else { None };
    let (rows, total) = accounts::list(state.db.conn(), &filter, scope, page.0).await?;
    Ok(web::Json(Page::new(rows.into_iter().map(|(a, o)| summary(a, o)).collect(), total, page.0)))
}

/// Creates an account of any role (administrators).
#[utoipa::path(tag = "accounts", request_body = CreateAccountRequest, responses((status = 201, body = AccountSummary), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/accounts")]
pub async fn create(state: web::Data<AppState>, auth: Authenticated, body: ValidJson<CreateAccountRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let tx = state.db.begin_write().await?;
    let saved = service::accounts::create(&tx, &state.settings.base_url, auth.id(), &body.0).await?;
    tx.commit().await?;
    // An invitation may be waiting in the outbox.
    state.mail_ready.notify_one();
    let org = match saved.organisation_id {
        Some(id) => organisations::by_id(state.db.conn(), id).await?,
        None => None,
    };
    Ok(HttpResponse::Created().json(summary(saved, org)))
}

/// Corrects or closes an account (administrators).
#[utoipa::path(tag = "accounts", request_body = UpdateAccountRequest, responses((status = 200, body = AccountSummary), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[patch("/accounts/{id}")]
pub async fn update(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, body: ValidJson<UpdateAccountRequest>) -> ApiResult<web::Json<AccountSummary>> {
    auth.require(&[Role::Admin])?;
    let tx = state.db.begin_write().await?;
    let saved = service::accounts::update(&tx, auth.id(), *id, &body.0).await?;
    tx.commit().await?;
    let org = match saved.organisation_id {
        Some(id) => organisations::by_id(state.db.conn(), id).await?,
        None => None,
    };
    Ok(web::Json(summary(saved, org)))
}

/// Organisations: all for administrators, their own for a partner manager.
#[utoipa::path(tag = "accounts", params(PageQuery), responses((status = 200, body = Page<OrganisationView>), (status = 403, body = shared::Problem)))]
#[get("/organisations")]
pub async fn list_organisations(state: web::Data<AppState>, auth: Authenticated, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<Page<OrganisationView>>> {
    auth.require(&[Role::Admin, Role::Partner])?;
    if auth.is(Role::Partner) {
        let own = match auth.account.organisation_id {
            Some(id) => organisations::by_id(state.db.conn(), id).await?,
            None => None,
        };
        let items: Vec<OrganisationView> = own.into_iter().map(organisation_view).collect();
        let total = items.len() as u64;
        return Ok(web::Json(Page::new(items, total, page.0)));
    }
    let (items, total) = organisations::list(state.db.conn(), page.0).await?;
    Ok(web::Json(Page::new(items.into_iter().map(organisation_view).collect(), total, page.0)))
}

#[utoipa::path(tag = "accounts", request_body = CreateOrganisationRequest, responses((status = 201, body = OrganisationView), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/organisations")]
pub async fn create_organisation(state: web::Data<AppState>, auth: Authenticated, body: ValidJson<CreateOrganisationRequest>) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let tx = state.db.begin_write().await?;
    if organisations::by_name(&tx, &body.0.name).await?.is_some() {
        return Err(ApiError::field("name", "name_taken"));
    }
    let saved = organisations::insert(&tx, &body.0)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::field("name", "name_taken") } else { e.into() })?;
    audit::record(&tx, Some(auth.id()), "organisation.create", "organisation", saved.id, None).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(organisation_view(saved)))
}
