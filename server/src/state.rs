use std::sync::Arc;

use crate::attestation::keys::IssuerKey;
use crate::attestation::pdf::Renderer;
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
    /// Wakes the attestation worker after a commit that completed a module.
    pub attestations_ready: Arc<tokio::sync::Notify>,
    pub renderer: Arc<Renderer>,
    pub issuer_key: Arc<IssuerKey>,
}

impl AppState {
    /// Everything but the HTTP server: the command line builds one too.
    pub fn new(db: Db, settings: Settings) -> anyhow::Result<AppState> {
        let logo = match &settings.issuer.logo {
            Some(path) => Some(std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read the logo {}: {e}", path.display()))?),
            None => None,
        };
        Ok(AppState {
            db,
            verify_limiter: Arc::new(VerifyLimiter::per_minute(settings.verify_per_minute)),
            mail_ready: Arc::new(tokio::sync::Notify::new()),
            attestations_ready: Arc::new(tokio::sync::Notify::new()),
            renderer: Arc::new(Renderer::new(logo.as_deref())?),
            issuer_key: Arc::new(IssuerKey::load_or_create(&settings.data_dir.join("keys"))?),
            settings: Arc::new(settings),
        })
    }
}
