use chrono::TimeDelta;
use sea_orm::ConnectionTrait;
use shared::api::auth::{AccountView, SessionView};
use shared::enums::{Category, Role};
use shared::i18n::k;
use shared::problem::ErrorCode;
use shared::Lang;

use crate::clock::now;
use crate::entities::account;
use crate::error::{ApiError, ApiResult};
use crate::secrets::{DUMMY_HASH, verify_password};
use crate::state::AppState;
use crate::store::sessions::FailureKey;
use crate::store::{accounts, organisations, sessions};

/// Failures allowed from one address, across e-mails, per window.
const IP_FACTOR: u64 = 6;

pub struct LoginOutcome {
    pub token: String,
    pub session: SessionView,
}

pub async fn account_view(db: &impl ConnectionTrait, account: &account::Model) -> ApiResult<AccountView> {
    let organisation_name = match account.organisation_id {
        Some(id) => organisations::by_id(db, id).await?.map(|o| o.name),
        None => None,
    };
    Ok(AccountView {
        id: account.id,
        email: account.email.clone(),
        full_name: account.full_name.clone(),
        role: Role::parse(&account.role).unwrap_or(Role::Learner),
        organisation_id: account.organisation_id,
        organisation_name,
        category: account.category.as_deref().and_then(Category::parse),
        language: Lang::from_code(&account.language).unwrap_or_default(),
    })
}

/// Checks the rate limit, then the password; opens a fresh session (never
/// reusing one the client brought, against session fixation).
pub async fn login(state: &AppState, email: &str, password: &str, ip: &str) -> ApiResult<LoginOutcome> {
    let db = state.db.conn();
    let email = accounts::normalise_email(email);
    let window = TimeDelta::minutes(state.settings.login_window_minutes);
    let since = now() - window;
    for (key, limit) in [
        (FailureKey::Email(&email), state.settings.login_max_failures),
        (FailureKey::Ip(ip), state.settings.login_max_failures * IP_FACTOR),
    ] {
        let (count, oldest) = sessions::recent_failures(db, key, since).await?;
        if count >= limit {
            let retry_after = oldest.map(|o| (o + window - now()).num_seconds().max(1) as u64).unwrap_or(60);
            return Err(ApiError::RateLimited { retry_after });
        }
    }
    let account = accounts::by_email(db, &email).await?.filter(|a| a.active);
    let hash = account.as_ref().and_then(|a| a.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_string());
    let attempt = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&attempt, &hash))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("password check task: {e}")))?;
    let Some(account) = account.filter(|_| ok) else {
        sessions::record_failure(db, &email, ip).await?;
        return Err(ApiError::with_key(ErrorCode::Unauthenticated, k::VALIDATION_BAD_CREDENTIALS));
    };
    sessions::clear_failures(db, &email).await?;
    let (token, session) = sessions::create(db, account.id, state.settings.session_ttl_hours).await?;
    Ok(LoginOutcome { token, session: SessionView { account: account_view(db, &account).await?, csrf_token: session.csrf_token } })
}
