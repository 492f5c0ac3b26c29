use std::sync::Arc;

use crate::db::Db;
use crate::http::limits::VerifyLimiter;
use crate::settings::Settings;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub verify_limiter: Arc<VerifyLimiter>,
    /// Wakes the outbox worker after a commit that queued mail.
    pub mail_ready: Arc<tokio::sync::Notify>,
}
