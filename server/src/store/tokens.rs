//! Single-use, expiring links to set a password (invitations, resets).
use chrono::TimeDelta;
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::*;

use shared::enums::TokenPurpose;

use crate::clock::now;
use crate::entities::{join_request, password_token};
use crate::secrets::{random_token, token_hash};

pub const INVITATION_DAYS: i64 = 14;
/// A reset link is short-lived: it opens an account that already has a password.
pub const RESET_HOURS: i64 = 2;
fn row(account_id: i64, purpose: TokenPurpose, lifetime: TimeDelta) -> (String, password_token::ActiveModel) {
    let token = random_token();
    let at = now();
    let row = password_token::ActiveModel {
        account_id: Set(account_id),
        token_hash: Set(token_hash(&token)),
        purpose: Set(purpose),
        created_at: Set(at),
        expires_at: Set(at + lifetime),
        used_at: Set(None),
        ..Default::default()
    };
    (token, row)
}

/// Rows for new invitations (bulk-inserted by imports); returns each token.
pub fn invitation(account_id: i64) -> (String, password_token::ActiveModel) {
    row(account_id, TokenPurpose::Invitation, TimeDelta::days(INVITATION_DAYS))
}

pub fn reset(account_id: i64) -> (String, password_token::ActiveModel) {
    row(account_id, TokenPurpose::Reset, TimeDelta::hours(RESET_HOURS))
}

/// Links of `purpose` sent to an account since `since` (used or not).
pub async fn sent_since(db: &impl ConnectionTrait, account_id: i64, purpose: TokenPurpose, since: DateTimeUtc) -> Result<u64, DbErr> {
    password_token::Entity::find()
        .filter(password_token::Column::AccountId.eq(account_id))
        .filter(password_token::Column::Purpose.eq(purpose))
        .filter(password_token::Column::CreatedAt.gt(since))
        .count(db)
        .await
}

/// Ends an account's unused links of `purpose`: the one sent next is the only one that works.
pub async fn retire(db: &impl ConnectionTrait, account_id: i64, purpose: TokenPurpose) -> Result<(), DbErr> {
    password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, Expr::value(now()))
        .filter(password_token::Column::AccountId.eq(account_id))
        .filter(password_token::Column::Purpose.eq(purpose))
        .filter(password_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_many(db: &impl ConnectionTrait, rows: Vec<password_token::ActiveModel>) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        password_token::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Uses a token: the account it opens, or `None` when it is unknown, expired or
/// already used. The update's own condition decides, so a link clicked twice at
/// once works once.
pub async fn consume(db: &impl ConnectionTrait, token: &str) -> Result<Option<i64>, DbErr> {
    let hash = token_hash(token);
    let at = now();
    let Some(row) = password_token::Entity::find()
        .filter(password_token::Column::TokenHash.eq(hash.clone()))
        .filter(password_token::Column::UsedAt.is_null())
        .filter(password_token::Column::ExpiresAt.gt(at))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let updated = password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, Expr::value(at))
        .filter(password_token::Column::Id.eq(row.id))
        .filter(password_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((updated.rows_affected == 1).then_some(row.account_id))
}

/// A join request's row and the token of its link.
pub fn join(account_id: i64, cohort_id: i64, requested_by: Option<i64>) -> (String, join_request::ActiveModel) {
    let token = random_token();
    let at = now();
    let row = join_request::ActiveModel {
        account_id: Set(account_id),
        cohort_id: Set(cohort_id),
        requested_by: Set(requested_by),
        token_hash: Set(token_hash(&token)),
        created_at: Set(at),
        expires_at: Set(at + TimeDelta::days(INVITATION_DAYS)),
        used_at: Set(None),
        ..Default::default()
    };
    (token, row)
}

pub async fn insert_joins(db: &impl ConnectionTrait, rows: Vec<join_request::ActiveModel>) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        join_request::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Uses a join link: the request it answers, or `None` when it is unknown,
/// expired or already used.
pub async fn consume_join(db: &impl ConnectionTrait, token: &str) -> Result<Option<join_request::Model>, DbErr> {
    let at = now();
    let Some(row) = join_request::Entity::find()
        .filter(join_request::Column::TokenHash.eq(token_hash(token)))
        .filter(join_request::Column::UsedAt.is_null())
        .filter(join_request::Column::ExpiresAt.gt(at))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let updated = join_request::Entity::update_many()
        .col_expr(join_request::Column::UsedAt, Expr::value(at))
        .filter(join_request::Column::Id.eq(row.id))
        .filter(join_request::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((updated.rows_affected == 1).then_some(row))
}
