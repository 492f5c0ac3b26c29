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
use crate::mail::compose;
use crate::service::enrolments::addressee;
use crate::store::{accounts, audit, organisations, outbox, sessions, tokens};

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

/// How often one account may be sent a reset link: enough for a lost mail,
/// too few to flood someone's inbox.
const RESET_INTERVAL_MINUTES: i64 = 10;

/// Mails a single-use link to choose a new password to an open account with
/// this address. Whatever the address, the caller learns nothing: unknown
/// and closed accounts, and a second request within minutes, send nothing.
pub async fn request_reset(state: &AppState, email: &str) -> ApiResult<()> {
    let tx = state.db.begin_write().await?;
    let Some(account) = accounts::by_email(&tx, &accounts::normalise_email(email)).await?.filter(|a| a.active) else {
        return Ok(());
    };
    if tokens::resets_since(&tx, account.id, now() - TimeDelta::minutes(RESET_INTERVAL_MINUTES)).await? > 0 {
        return Ok(());
    }
    let (token, row) = tokens::reset(account.id);
    tokens::insert_many(&tx, vec![row]).await?;
    let link = format!("{}/set-password?token={token}", state.settings.base_url);
    outbox::enqueue(&tx, vec![compose::password_reset(&addressee(&account), &link, account.id)]).await?;
    audit::record(&tx, None, "account.reset_requested", "account", account.id, None).await?;
    tx.commit().await?;
    // Someone is waiting at the sign-in page: send now, not at the next poll.
    state.mail_ready.notify_one();
    Ok(())
}
