//! The issuer's public keys, shared by every server process.
use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, QueryOrder};

use crate::clock::now;
use crate::entities::{attestation, issuer_key};

/// Records a public key (once; a second process registering it changes nothing).
pub async fn register(db: &impl ConnectionTrait, key_id: &str, algorithm: &str, public_key: &str) -> Result<(), DbErr> {
    let row = issuer_key::ActiveModel {
        key_id: Set(key_id.to_string()),
        algorithm: Set(algorithm.to_string()),
        public_key: Set(public_key.to_string()),
        created_at: Set(now()),
        retired_at: Set(None),
    };
    issuer_key::Entity::insert(row)
        .on_conflict(OnConflict::column(issuer_key::Column::KeyId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Every key, oldest first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<issuer_key::Model>, DbErr> {
    issuer_key::Entity::find().order_by_asc(issuer_key::Column::CreatedAt).order_by_asc(issuer_key::Column::KeyId).all(db).await
}

pub async fn by_id(db: &impl ConnectionTrait, key_id: &str) -> Result<Option<issuer_key::Model>, DbErr> {
    issuer_key::Entity::find_by_id(key_id.to_string()).one(db).await
}

/// Marks every key but `current` as retired (it signs nothing new; it still verifies).
pub async fn retire_all_but(db: &impl ConnectionTrait, current: &str) -> Result<(), DbErr> {
    issuer_key::Entity::update_many()
        .col_expr(issuer_key::Column::RetiredAt, Expr::value(now()))
        .filter(issuer_key::Column::KeyId.ne(current))
        .filter(issuer_key::Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Attestations issued before keys had ids were signed with the one key of
/// their (single) host: the key this host starts with.
pub async fn claim_unattributed(db: &impl ConnectionTrait, key_id: &str) -> Result<u64, DbErr> {
    let result = attestation::Entity::update_many()
        .col_expr(attestation::Column::KeyId, Expr::value(key_id))
        .filter(attestation::Column::KeyId.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
