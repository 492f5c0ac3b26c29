use sea_orm::ConnectionTrait;
use shared::api::accounts::{CreateAccountRequest, UpdateAccountRequest};
use shared::enums::Role;

use crate::db::is_unique_violation;
use crate::entities::account;
use crate::error::{ApiError, ApiResult};
use crate::secrets::hash_password;
use crate::store::accounts::{self, NewAccount};
use crate::mail::compose;
use crate::service::enrolments::addressee;
use crate::store::{audit, organisations, outbox, sessions, tokens};

/// Hashes off the async runtime: Argon2 takes tens of milliseconds on purpose.
pub async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("hashing task: {e}")))?
        .map_err(ApiError::Unexpected)
}

/// An administrator creates an account of any role. Without a password, the
/// person is mailed a single-use link to choose one.
pub async fn create(db: &impl ConnectionTrait, base_url: &str, actor: i64, req: &CreateAccountRequest) -> ApiResult<account::Model> {
    if req.role == Role::Partner && req.organisation_id.is_none() {
        return Err(ApiError::field("organisation_id", "organisation_required"));
    }
    if let Some(org) = req.organisation_id
        && organisations::by_id(db, org).await?.is_none() {
            return Err(ApiError::field("organisation_id", "unknown_organisation"));
        }
    if accounts::by_email(db, &req.email).await?.is_some() {
        return Err(ApiError::field("email", "email_taken"));
    }
    let password_hash = match &req.password {
        Some(p) => Some(hash(p.clone()).await?),
        None => None,
    };
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
    };
    let saved = accounts::insert(db, new).await.map_err(|e| {
        if is_unique_violation(&e) { ApiError::field("email", "email_taken") } else { ApiError::from(e) }
    })?;
    if saved.password_hash.is_none() {
        let (token, row) = tokens::invitation(saved.id);
        tokens::insert_many(db, vec![row]).await?;
        let mail = compose::account_invitation(&addressee(&saved), req.role.label_key(), &format!("{base_url}/set-password?token={token}"), saved.id);
        outbox::enqueue(db, vec![mail]).await?;
    }
    audit::record(db, Some(actor), "account.create", "account", saved.id, Some(serde_json::json!({ "role": req.role }))).await?;
    Ok(saved)
}

/// An administrator corrects or closes an account. Closing ends its sessions
/// at once; an administrator cannot close their own account.
pub async fn update(db: &impl ConnectionTrait, actor: i64, id: i64, req: &UpdateAccountRequest) -> ApiResult<account::Model> {
    let current = accounts::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    if req.active == Some(false) && id == actor {
        return Err(ApiError::field("active", "own_account_active"));
    }
    let changes = accounts::Changes {
        full_name: req.full_name.as_ref().map(|n| n.trim().to_string()),
        full_name_ar: req.full_name_ar.as_ref().map(|n| Some(n.trim().to_string()).filter(|n| !n.is_empty())),
        position: req.position.as_ref().map(|p| Some(p.trim().to_string()).filter(|p| !p.is_empty())),
        category: req.category,
        active: req.active,
    };
    let saved = accounts::update(db, current, changes).await?;
    if req.active == Some(false) {
        sessions::delete_for_account(db, id).await?;
    }
    audit::record(db, Some(actor), "account.update", "account", id, Some(serde_json::to_value(req).unwrap_or_default())).await?;
    Ok(saved)
}
