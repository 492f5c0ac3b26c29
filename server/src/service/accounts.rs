use sea_orm::ConnectionTrait;
use shared::api::accounts::CreateAccountRequest;
use shared::enums::Role;

use crate::db::is_unique_violation;
use crate::entities::account;
use crate::error::{ApiError, ApiResult};
use crate::secrets::hash_password;
use crate::store::accounts::{self, NewAccount};
use crate::store::{audit, organisations};

/// Hashes off the async runtime: Argon2 takes tens of milliseconds on purpose.
pub async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("hashing task: {e}")))?
        .map_err(ApiError::Unexpected)
}

/// An administrator creates an account of any role.
pub async fn create(db: &impl ConnectionTrait, actor: i64, req: &CreateAccountRequest) -> ApiResult<account::Model> {
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
    audit::record(db, Some(actor), "account.create", "account", saved.id, Some(serde_json::json!({ "role": req.role }))).await?;
    Ok(saved)
}
