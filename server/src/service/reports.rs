//! The figures of the impact dashboard and the audit log.
use shared::api::audit::{AuditEntryView, AuditFilter};
use shared::api::reports::Summary;
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::policy::{self, Actor};
use crate::service::accounts::person_ref;
use crate::state::AppState;
use crate::store;

pub async fn summary(state: &AppState, actor: &Actor) -> ApiResult<Summary> {
    let scope = policy::reports_scope(actor)?;
    Ok(store::reports::summary(state.db.conn(), scope).await?)
}

pub async fn audit(state: &AppState, actor: &Actor, filter: &AuditFilter, page: PageQuery) -> ApiResult<Page<AuditEntryView>> {
    policy::may_read_audit(actor)?;
    let (rows, total) = store::audit::list(state.db.conn(), filter, page).await?;
    let items = rows
        .into_iter()
        .map(|(e, who)| AuditEntryView {
            id: e.id,
            at: e.at,
            actor: who.as_ref().map(person_ref),
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            detail: e.detail,
        })
        .collect();
    Ok(Page::new(items, total, page))
}
