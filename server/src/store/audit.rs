//! The audit log: who changed what, kept for administrators and funders.
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};
use shared::api::PageQuery;
use shared::api::audit::AuditFilter;
use shared::enums::AuditAction;

use crate::clock::now;
use crate::entities::{account, audit_entry};

/// Records `action` on the record `entity_id` (of the kind the action is about).
pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<i64>,
    action: AuditAction,
    entity_id: i64,
    detail: Option<serde_json::Value>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        actor_id: Set(actor),
        action: Set(action),
        entity: Set(action.subject()),
        entity_id: Set(entity_id.to_string()),
        detail: Set(detail),
        at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Entries newest first, with who made them.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: PageQuery,
) -> Result<(Vec<(audit_entry::Model, Option<account::Model>)>, u64), DbErr> {
    let mut query = audit_entry::Entity::find();
    if let Some(entity) = filter.entity {
        query = query.filter(audit_entry::Column::Entity.eq(entity));
    }
    if let Some(id) = &filter.entity_id {
        query = query.filter(audit_entry::Column::EntityId.eq(id.as_str()));
    }
    if let Some(actor) = filter.actor {
        query = query.filter(audit_entry::Column::ActorId.eq(actor));
    }
    let total = query.clone().count(db).await?;
    let entries = query.order_by_desc(audit_entry::Column::Id).offset(page.offset()).limit(page.per_page).all(db).await?;
    let actor_ids: Vec<i64> = entries.iter().filter_map(|e| e.actor_id).collect();
    let actors = account::Entity::find().filter(account::Column::Id.is_in(actor_ids)).all(db).await?;
    Ok((
        entries
            .into_iter()
            .map(|e| {
                let who = e.actor_id.and_then(|id| actors.iter().find(|a| a.id == id).cloned());
                (e, who)
            })
            .collect(),
        total,
    ))
}

/// Whether `action` was recorded on `entity_id` since `since` (an action
/// not to repeat too often, such as sending an invitation again).
pub async fn done_since(db: &impl ConnectionTrait, action: AuditAction, entity_id: i64, since: DateTimeUtc) -> Result<bool, DbErr> {
    let found = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::EntityId.eq(entity_id.to_string()))
        .filter(audit_entry::Column::At.gt(since))
        .count(db)
        .await?;
    Ok(found > 0)
}
