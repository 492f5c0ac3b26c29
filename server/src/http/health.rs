use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use shared::problem::ErrorCode;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers.
#[utoipa::path(tag = "health", responses((status = 200, body = Health), (status = 503, body = shared::Problem)))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "database not reachable");
        ApiError::code(ErrorCode::Unavailable)
    })?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}
