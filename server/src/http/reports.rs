use actix_web::{get, web};
use shared::api::audit::{AuditEntryView, AuditFilter};
use shared::api::reports::Summary;
use shared::api::{Page, PageQuery, PersonRef};
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Authenticated, ValidQuery};
use crate::state::AppState;
use crate::store;

/// The "En chiffres" figures: everything for administrators, a partner
/// manager's own organisation's people only.
#[utoipa::path(tag = "reports", responses((status = 200, body = Summary), (status = 403, body = shared::Problem)))]
#[get("/reports/summary")]
pub async fn summary(state: web::Data<AppState>, auth: Authenticated) -> ApiResult<web::Json<Summary>> {
    auth.require(&[Role::Admin, Role::Partner])?;
    let organisation = if auth.is(Role::Partner) { Some(auth.account.organisation_id.ok_or_else(ApiError::forbidden)?) } else { None };
    Ok(web::Json(store::reports::summary(state.db.conn(), organisation).await?))
}

/// The audit log, newest first: who changed what (administrators).
#[utoipa::path(tag = "reports", params(PageQuery, AuditFilter), responses((status = 200, body = Page<AuditEntryView>), (status = 403, body = shared::Problem)))]
#[get("/audit")]
pub async fn audit(state: web::Data<AppState>, auth: Authenticated, page: ValidQuery<PageQuery>, filter: ValidQuery<AuditFilter>) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    auth.require(&[Role::Admin])?;
    let (rows, total) = store::audit::list(state.db.conn(), &filter.0, page.0).await?;
    let items = rows
        .into_iter()
        .map(|(e, who)| AuditEntryView {
            id: e.id,
            at: e.at,
            actor: who.map(|a| PersonRef { id: a.id, full_name: a.full_name, email: a.email }),
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            detail: e.detail,
        })
        .collect();
    Ok(web::Json(Page::new(items, total, page.0)))
}
