//! The saved versions of each programme's issuer identity.
use std::collections::HashMap;

use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder};

use crate::clock::now;
use crate::entities::issuer_identity;

/// The identity in force for a programme: its latest version.
pub async fn current(db: &impl ConnectionTrait, programme_id: i64) -> Result<Option<issuer_identity::Model>, DbErr> {
    issuer_identity::Entity::find()
        .filter(issuer_identity::Column::ProgrammeId.eq(programme_id))
        .order_by_desc(issuer_identity::Column::Id)
        .one(db)
        .await
}

/// The identities in force for several programmes (one query each: a batch
/// names a handful of programmes).
pub async fn current_of(
    db: &impl ConnectionTrait,
    programme_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, issuer_identity::Model>, DbErr> {
    let mut out = HashMap::new();
    for id in programme_ids {
        if let Some(identity) = current(db, id).await? {
            out.insert(id, identity);
        }
    }
    Ok(out)
}

pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, issuer_identity::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = issuer_identity::Entity::find().filter(issuer_identity::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(rows.into_iter().map(|r| (r.id, r)).collect())
}

/// What a save records; the row is never changed afterwards.
pub struct NewIdentity {
    pub programme_id: i64,
    pub body_ar: Option<String>,
    pub signatory_name: String,
    pub signatory_name_ar: Option<String>,
    pub signatory_title: String,
    pub signatory_title_ar: Option<String>,
    pub place: Option<String>,
    pub place_ar: Option<String>,
    pub signature_key: Option<String>,
    pub stamp_key: Option<String>,
    pub created_by: Option<i64>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewIdentity) -> Result<issuer_identity::Model, DbErr> {
    issuer_identity::ActiveModel {
        programme_id: Set(new.programme_id),
        body_ar: Set(new.body_ar),
        signatory_name: Set(new.signatory_name),
        signatory_name_ar: Set(new.signatory_name_ar),
        signatory_title: Set(new.signatory_title),
        signatory_title_ar: Set(new.signatory_title_ar),
        place: Set(new.place),
        place_ar: Set(new.place_ar),
        signature_key: Set(new.signature_key),
        stamp_key: Set(new.stamp_key),
        created_at: Set(now()),
        created_by: Set(new.created_by),
        ..Default::default()
    }
    .insert(db)
    .await
}
