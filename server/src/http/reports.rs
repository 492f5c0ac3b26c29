use actix_web::{get, web};
use shared::api::audit::{AuditEntryView, AuditFilter};
use shared::api::reports::Summary;
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::http::extract::ValidQuery;
use crate::policy::Actor;
use crate::service::reports;
use crate::state::AppState;

/// The "En chiffres" figures: everything for administrators, a partner
/// manager's own organisation's people only.
#[utoipa::path(tag = "reports", responses((status = 200, body = Summary), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem)))]
#[get("/reports/summary")]
pub async fn summary(state: web::Data<AppState>, actor: Actor) -> ApiResult<web::Json<Summary>> {
    Ok(web::Json(reports::summary(&state, &actor).await?))
}

/// The audit log, newest first: who changed what (administrators).
#[utoipa::path(tag = "reports", params(PageQuery, AuditFilter), responses((status = 200, body = Page<AuditEntryView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    actor: Actor,
    page: ValidQuery<PageQuery>,
    filter: ValidQuery<AuditFilter>,
) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    Ok(web::Json(reports::audit(&state, &actor, &filter.0, page.0).await?))
}
