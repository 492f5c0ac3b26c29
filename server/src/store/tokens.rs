//! Single-use, expiring links to set a password (invitations, resets).
use chrono::TimeDelta;
use sea_orm::prelude::*;
use sea_orm::ActiveValue::Set;

use crate::clock::now;
use crate::entities::password_token;
use crate::secrets::{random_token, token_hash};

pub const INVITATION_DAYS: i64 = 14;

/// Rows for new invitations (bulk-inserted by imports); returns each token.
pub fn invitation(account_id: i64) -> (String, password_token::ActiveModel) {
    let token = random_token();
    let at = now();
    let row = password_token::ActiveModel {
        account_id: Set(account_id),
        token_hash: Set(token_hash(&token)),
        purpose: Set("invitation".into()),
        created_at: Set(at),
        expires_at: Set(at + TimeDelta::days(INVITATION_DAYS)),
        used_at: Set(None),
        ..Default::default()
    };
    (token, row)
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
