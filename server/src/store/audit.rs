//! The audit log: who changed what, kept for administrators and funders.
use sea_orm::prelude::*;
use sea_orm::ActiveValue::Set;

use crate::clock::now;
use crate::entities::audit_entry;

pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    detail: Option<serde_json::Value>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        actor_id: Set(actor),
        action: Set(action.to_string()),
        entity: Set(entity.to_string()),
        entity_id: Set(entity_id.to_string()),
        detail: Set(detail),
        at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
