use std::sync::Arc;

use crate::attestation::keys::IssuerKey;
use crate::attestation::pdf::Renderer;
use crate::cache::{Maps, Structures};
use crate::db::Db;
use crate::settings::Settings;
use crate::storage::Storage;

/// What every use case can reach. Nothing here is state another process
/// would need: that lives in the database and in file storage.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Files: attestation PDFs, submissions, module documents.
    pub storage: Storage,
    /// Wakes this process's outbox worker after a commit that queued mail.
    pub mail_ready: Arc<tokio::sync::Notify>,
    /// Wakes this process's attestation worker after a commit that completed a module.
    pub attestations_ready: Arc<tokio::sync::Notify>,
    pub renderer: Arc<Renderer>,
    /// Programme structures, cached under their version number.
    pub structures: Arc<Structures>,
    /// Learners' maps as sent, kept under their record's version number.
    pub maps: Arc<Maps>,
    /// The key this process signs with (its public half is in `issuer_keys`).
    pub issuer_key: Arc<IssuerKey>,
}

impl AppState {
    /// Everything but the HTTP server: the command line builds one too. The
    /// signing key's public half is registered in the database.
    pub async fn new(db: Db, settings: Settings) -> anyhow::Result<AppState> {
        let logo = match &settings.issuer.logo {
            Some(path) => Some(std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read the logo {}: {e}", path.display()))?),
            None => None,
        };
        let issuer_key = IssuerKey::load(&settings.issuer_key)?;
        crate::service::keys::register(&db, &issuer_key).await?;
        Ok(AppState {
            db,
            storage: Storage::open(&settings.storage, &settings.data_dir)?,
            mail_ready: Arc::new(tokio::sync::Notify::new()),
            attestations_ready: Arc::new(tokio::sync::Notify::new()),
            renderer: Arc::new(Renderer::new(logo.as_deref())?),
            structures: Arc::new(Structures::default()),
            maps: Arc::new(Maps::default()),
            issuer_key: Arc::new(issuer_key),
            settings: Arc::new(settings),
        })
    }
}
