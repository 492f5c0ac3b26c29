//! Sessions (in the database, so several server processes share them) and the
//! login-failure log behind the login rate limit.
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};

use crate::clock::now;
use crate::entities::{account, login_failure, session};
use crate::secrets::{random_token, token_hash};

/// Opens a session; returns the cookie's token (only its hash is stored).
pub async fn create(db: &impl ConnectionTrait, account_id: i64, ttl_hours: i64) -> Result<(String, session::Model), DbErr> {
    let token = random_token();
    let at = now();
    let model = session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        account_id: Set(account_id),
        csrf_token: Set(random_token()),
        created_at: Set(at),
        expires_at: Set(at + TimeDelta::hours(ttl_hours)),
        last_seen_at: Set(at),
    }
    .insert(db)
    .await?;
    Ok((token, model))
}

/// The live session with this token hash and its (active) account.
pub async fn find_active(db: &impl ConnectionTrait, hash: &str) -> Result<Option<(session::Model, account::Model)>, DbErr> {
    let Some(session) = session::Entity::find_by_id(hash.to_string()).filter(session::Column::ExpiresAt.gt(now())).one(db).await? else {
        return Ok(None);
    };
    let account = account::Entity::find_by_id(session.account_id).filter(account::Column::Active.eq(true)).one(db).await?;
    Ok(account.map(|a| (session, a)))
}

/// Records activity at most every five minutes, so reads do not all write.
pub async fn touch(db: &impl ConnectionTrait, token_hash: &str, last_seen_at: DateTime<Utc>) -> Result<(), DbErr> {
    let at = now();
    if at - last_seen_at < TimeDelta::minutes(5) {
        return Ok(());
    }
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(at))
        .filter(session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, hash: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(hash.to_string()).exec(db).await?;
    Ok(())
}

/// Ends every session of an account (password set or changed).
pub async fn delete_for_account(db: &impl ConnectionTrait, account_id: i64) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(())
}

pub async fn purge_expired(db: &impl ConnectionTrait, failures_older_than: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::ExpiresAt.lte(now())).exec(db).await?;
    login_failure::Entity::delete_many().filter(login_failure::Column::At.lt(failures_older_than)).exec(db).await?;
    Ok(())
}

pub async fn record_failure(db: &impl ConnectionTrait, email: &str, ip: &str) -> Result<(), DbErr> {
    login_failure::ActiveModel { email: Set(email.to_string()), ip: Set(ip.to_string()), at: Set(now()), ..Default::default() }.insert(db).await?;
    Ok(())
}

/// Failures since `since` for this e-mail (or, when `by_ip`, from this address),
/// with the oldest one's time so the caller can say when to retry.
pub async fn recent_failures(db: &impl ConnectionTrait, key: FailureKey<'_>, since: DateTime<Utc>) -> Result<(u64, Option<DateTime<Utc>>), DbErr> {
    let filter = match key {
        FailureKey::Email(email) => login_failure::Column::Email.eq(email),
        FailureKey::Ip(ip) => login_failure::Column::Ip.eq(ip),
    };
    let query = login_failure::Entity::find().filter(filter).filter(login_failure::Column::At.gte(since));
    let count = query.clone().count(db).await?;
    let oldest =
        query.order_by_asc(login_failure::Column::At).select_only().column(login_failure::Column::At).into_tuple::<DateTime<Utc>>().one(db).await?;
    Ok((count, oldest))
}

#[derive(Debug, Clone, Copy)]
pub enum FailureKey<'a> {
    Email(&'a str),
    Ip(&'a str),
}

pub async fn clear_failures(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    login_failure::Entity::delete_many().filter(login_failure::Column::Email.eq(email)).exec(db).await?;
    Ok(())
}
