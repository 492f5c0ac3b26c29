use actix_web::{get, web};
use shared::api::reports::Summary;
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::extract::Authenticated;
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
