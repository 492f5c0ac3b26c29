//! People and organisations: administrators open, correct and close
//! accounts of any role; partner managers list their own people.
use sea_orm::ConnectionTrait;
use shared::api::accounts::{AccountFilter, AccountSummary, CreateAccountRequest, CreateOrganisationRequest, OrganisationView, UpdateAccountRequest};
use shared::api::{Page, PageQuery, PersonRef};
use shared::enums::{AuditAction, Role};

use crate::db::is_unique_violation;
use crate::entities::{account, organisation};
use crate::error::{ApiError, ApiResult};
use crate::mail::compose;
use crate::policy::{self, Actor};
use crate::secrets::hash_password;
use crate::service::enrolments::addressee;
use crate::state::AppState;
use crate::store::accounts::{self, NewAccount};
use crate::store::{audit, organisations, outbox, sessions, tokens};

/// Hashes off the async runtime: Argon2 takes tens of milliseconds on purpose.
pub async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("hashing task: {e}")))?
        .map_err(ApiError::Unexpected)
}

pub fn summary(a: account::Model, org: Option<organisation::Model>) -> AccountSummary {
    AccountSummary {
        id: a.id,
        role: a.role,
        category: a.category,
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

pub fn organisation_view(o: organisation::Model) -> OrganisationView {
    // Named by the file's key, so a new logo is a new address (the image is cached).
    let logo_url = o.logo_key.as_ref().map(|key| {
        let version = key.rsplit('/').next().unwrap_or("").trim_end_matches(".png");
        format!("/api/v1/organisations/{}/logo?v={version}", o.id)
    });
    OrganisationView { id: o.id, kind: o.kind, name: o.name, region: o.region, commune: o.commune, logo_url }
}

async fn summary_of(db: &impl ConnectionTrait, a: account::Model) -> ApiResult<AccountSummary> {
    let org = match a.organisation_id {
        Some(id) => organisations::by_id(db, id).await?,
        None => None,
    };
    Ok(summary(a, org))
}

/// People: every account for administrators, their own organisation's
/// people for a partner manager.
pub async fn list(state: &AppState, actor: &Actor, filter: &AccountFilter, page: PageQuery) -> ApiResult<Page<AccountSummary>> {
    let scope = policy::people_scope(actor)?;
    let (rows, total) = accounts::list(state.db.conn(), filter, scope, page).await?;
    Ok(Page::new(rows.into_iter().map(|(a, o)| summary(a, o)).collect(), total, page))
}

/// An administrator (or the command line) opens an account of any role.
/// Without a password, the person is mailed a single-use link to choose one.
pub async fn create(state: &AppState, actor: &Actor, req: &CreateAccountRequest) -> ApiResult<AccountSummary> {
    policy::may_manage_accounts(actor)?;
    let password_hash = match &req.password {
        Some(p) => Some(hash(p.clone()).await?),
        None => None,
    };
    let tx = state.db.begin_write().await?;
    if policy::needs_organisation(req.role) && req.organisation_id.is_none() {
        return Err(ApiError::field("organisation_id", "organisation_required"));
    }
    if let Some(org) = req.organisation_id
        && organisations::by_id(&tx, org).await?.is_none()
    {
        return Err(ApiError::field("organisation_id", "unknown_organisation"));
    }
    if accounts::by_email(&tx, &req.email).await?.is_some() {
        return Err(ApiError::field("email", "email_taken"));
    }
    if !state.renderer.prints_whole(&req.full_name) {
        return Err(ApiError::field("full_name", "name_too_long_to_print"));
    }
    let new = NewAccount {
        email: accounts::normalise_email(&req.email),
        full_name: req.full_name.trim().to_string(),
        role: req.role,
        organisation_id: req.organisation_id,
        category: req.category,
        position: req.position.clone(),
        phone: None,
        language: req.language.unwrap_or_default(),
        password_hash,
        profile: Default::default(),
    };
    let saved = accounts::insert(&tx, new)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::field("email", "email_taken") } else { ApiError::from(e) })?;
    let invited = saved.password_hash.is_none();
    if invited {
        let (token, row) = tokens::invitation(saved.id);
        tokens::insert_many(&tx, vec![row]).await?;
        let link = format!("{}/set-password?token={token}", state.settings.base_url);
        outbox::enqueue(&tx, vec![compose::account_invitation(&addressee(&saved), req.role.label_key(), &link, saved.id)]).await?;
    }
    audit::record(&tx, actor.id, AuditAction::AccountCreate, saved.id, Some(serde_json::json!({ "role": req.role }))).await?;
    let view = summary_of(&tx, saved).await?;
    tx.commit().await?;
    if invited {
        state.mail_ready.notify_one();
    }
    Ok(view)
}

/// An administrator corrects or closes an account. Closing ends its sessions
/// at once; an administrator cannot close their own account.
pub async fn update(state: &AppState, actor: &Actor, id: i64, req: &UpdateAccountRequest) -> ApiResult<AccountSummary> {
    policy::may_manage_accounts(actor)?;
    let tx = state.db.begin_write().await?;
    let current = accounts::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    if req.active == Some(false) && actor.id == Some(id) {
        return Err(ApiError::field("active", "own_account_active"));
    }
    if req.full_name.as_deref().is_some_and(|name| !state.renderer.prints_whole(name)) {
        return Err(ApiError::field("full_name", "name_too_long_to_print"));
    }
    let changes = accounts::Changes {
        full_name: req.full_name.as_ref().map(|n| n.trim().to_string()),
        full_name_ar: req.full_name_ar.as_ref().map(|n| Some(n.trim().to_string()).filter(|n| !n.is_empty())),
        position: req.position.as_ref().map(|p| Some(p.trim().to_string()).filter(|p| !p.is_empty())),
        category: req.category,
        active: req.active,
    };
    let saved = accounts::update(&tx, current, changes).await?;
    if req.active == Some(false) {
        sessions::delete_for_account(&tx, id).await?;
    }
    audit::record(&tx, actor.id, AuditAction::AccountUpdate, id, Some(serde_json::to_value(req).unwrap_or_default())).await?;
    let view = summary_of(&tx, saved).await?;
    tx.commit().await?;
    Ok(view)
}

/// Organisations: all for administrators, their own for a partner manager.
pub async fn organisations(state: &AppState, actor: &Actor, page: PageQuery) -> ApiResult<Page<OrganisationView>> {
    let (items, total) = organisations::list(state.db.conn(), policy::people_scope(actor)?, page).await?;
    Ok(Page::new(items.into_iter().map(organisation_view).collect(), total, page))
}

pub async fn create_organisation(state: &AppState, actor: &Actor, req: &CreateOrganisationRequest) -> ApiResult<OrganisationView> {
    policy::may_manage_accounts(actor)?;
    let tx = state.db.begin_write().await?;
    if organisations::by_name(&tx, &req.name).await?.is_some() {
        return Err(ApiError::field("name", "name_taken"));
    }
    let saved =
        organisations::insert(&tx, req).await.map_err(|e| if is_unique_violation(&e) { ApiError::field("name", "name_taken") } else { e.into() })?;
    audit::record(&tx, actor.id, AuditAction::OrganisationCreate, saved.id, None).await?;
    tx.commit().await?;
    Ok(organisation_view(saved))
}

/// The organisation of that name, created when new (the command line names
/// organisations; a partner manager's is a partner institution).
pub async fn organisation_named(state: &AppState, name: &str, role: Role) -> ApiResult<i64> {
    if let Some(org) = organisations::by_name(state.db.conn(), name).await? {
        return Ok(org.id);
    }
    let request = CreateOrganisationRequest { name: name.to_string(), kind: policy::organisation_kind_for(role), region: None, commune: None };
    Ok(create_organisation(state, &Actor::system(), &request).await?.id)
}

pub fn person_ref(account: &account::Model) -> PersonRef {
    PersonRef { id: account.id, full_name: account.full_name.clone(), email: account.email.clone() }
}
