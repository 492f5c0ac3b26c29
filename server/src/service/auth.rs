use chrono::TimeDelta;
use sea_orm::ConnectionTrait;
use shared::Lang;
use shared::api::auth::{AccountView, SignedIn};
use shared::enums::{AuditAction, TokenPurpose};
use shared::i18n::k;
use shared::num::u64_of;
use shared::problem::ErrorCode;

use crate::clock::now;
use crate::entities::{account, session};
use crate::error::{ApiError, ApiResult};
use crate::mail::compose;
use crate::secrets::{DUMMY_HASH, token_hash, verify_password};
use crate::service::accounts::hash;
use crate::service::enrolments::addressee;
use crate::state::AppState;
use crate::store::sessions::FailureKey;
use crate::store::{accounts, audit, organisations, outbox, sessions, tokens};

/// Failures allowed from one address, across e-mails, per window.
const IP_FACTOR: u64 = 6;

pub struct LoginOutcome {
    pub token: String,
    pub session: SignedIn,
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
        role: account.role,
        organisation_id: account.organisation_id,
        organisation_name,
        category: account.category,
        language: account.language,
    })
}

/// Checks the rate limit, then the password; opens a fresh session. A
/// session the client already had (`previous`, its cookie's token) is ended,
/// never upgraded (against session fixation).
pub async fn login(state: &AppState, email: &str, password: &str, ip: &str, previous: Option<&str>) -> ApiResult<LoginOutcome> {
    let db = state.db.conn();
    let email = accounts::normalise_email(email);
    let window = TimeDelta::minutes(state.settings.login_window_minutes);
    let since = now() - window;
    for (key, limit) in
        [(FailureKey::Email(&email), state.settings.login_max_failures), (FailureKey::Ip(ip), state.settings.login_max_failures * IP_FACTOR)]
    {
        let (count, oldest) = sessions::recent_failures(db, key, since).await?;
        if count >= limit {
            let retry_after = oldest.map(|o| u64_of((o + window - now()).num_seconds().max(1))).unwrap_or(60);
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
    if let Some(old) = previous {
        sessions::delete(db, &token_hash(old)).await?;
    }
    let (token, session) = sessions::create(db, account.id, state.settings.session_ttl_hours).await?;
    Ok(LoginOutcome { token, session: SignedIn { account: account_view(db, &account).await?, csrf_token: session.csrf_token } })
}

/// Signs out: the session ends on the server, not only in the browser.
pub async fn logout(state: &AppState, session: &session::Model) -> ApiResult<()> {
    Ok(sessions::delete(state.db.conn(), &session.token_hash).await?)
}

pub async fn me(state: &AppState, account: &account::Model, session: &session::Model) -> ApiResult<SignedIn> {
    Ok(SignedIn { account: account_view(state.db.conn(), account).await?, csrf_token: session.csrf_token.clone() })
}

/// Keeps the interface language of the account (its mails use it too).
pub async fn set_language(state: &AppState, account_id: i64, language: Lang) -> ApiResult<()> {
    Ok(accounts::set_language(state.db.conn(), account_id, language).await?)
}

/// Chooses a password from an invitation or reset link (single use,
/// expiring) and signs in; every other session of the account ends.
pub async fn set_password(state: &AppState, token: &str, password: &str) -> ApiResult<LoginOutcome> {
    let password_hash = hash(password.to_string()).await?;
    let tx = state.db.begin_write().await?;
    let account_id = tokens::consume(&tx, token).await?.ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    accounts::set_password(&tx, account_id, password_hash).await?;
    sessions::delete_for_account(&tx, account_id).await?;
    let (token, session) = sessions::create(&tx, account_id, state.settings.session_ttl_hours).await?;
    let account = accounts::by_id(&tx, account_id).await?.ok_or_else(ApiError::not_found)?;
    audit::record(&tx, Some(account_id), AuditAction::AccountPassword, account_id, None).await?;
    let view = SignedIn { account: account_view(&tx, &account).await?, csrf_token: session.csrf_token };
    tx.commit().await?;
    Ok(LoginOutcome { token, session: view })
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
    if tokens::sent_since(&tx, account.id, TokenPurpose::Reset, now() - TimeDelta::minutes(RESET_INTERVAL_MINUTES)).await? > 0 {
        return Ok(());
    }
    let (token, row) = tokens::reset(account.id);
    tokens::insert_many(&tx, vec![row]).await?;
    let link = format!("{}/set-password?token={token}", state.settings.base_url);
    outbox::enqueue(&tx, vec![compose::password_reset(&addressee(&account), &link, account.id)]).await?;
    audit::record(&tx, None, AuditAction::AccountResetRequested, account.id, None).await?;
    tx.commit().await?;
    // Someone is waiting at the sign-in page: send now, not at the next poll.
    state.mail_ready.notify_one();
    Ok(())
}
