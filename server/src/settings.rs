//! Settings: command-line flags, then the environment (the stable names of the
//! contract: `DATABASE_URL`, `CURSUS_BIND`, `CURSUS_DATA_DIR`, `CURSUS_BASE_URL`,
//! `SMTP_URL`), then an optional TOML file for what rarely changes (the issuing
//! body's name, signatory and logo), then defaults.
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

use crate::attestation::keys::KeySource;
use crate::storage::StorageSettings;

/// The issuing body printed on attestations and shown by the verify page.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct IssuerSettings {
    pub name: String,
    pub name_ar: Option<String>,
    pub signatory_name: String,
    pub signatory_title: String,
    /// The signatory's name and title in Arabic, printed under the French on
    /// bilingual attestations.
    pub signatory_name_ar: Option<String>,
    pub signatory_title_ar: Option<String>,
    /// A PNG printed in the corner of attestations; the shipped logo when unset.
    pub logo: Option<PathBuf>,
}

impl Default for IssuerSettings {
    fn default() -> Self {
        IssuerSettings {
            name: "Cursus — Programme de renforcement des capacités".into(),
            name_ar: Some("برنامج تعزيز القدرات".into()),
            signatory_name: "La coordination du programme".into(),
            signatory_title: "Coordinatrice ou coordinateur".into(),
            signatory_name_ar: Some("تنسيق البرنامج".into()),
            signatory_title_ar: Some("منسقة أو منسق البرنامج".into()),
            logo: None,
        }
    }
}

/// Values read from the optional `cursus.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct FileSettings {
    issuer: IssuerSettings,
    mail_from: Option<String>,
    revocation_undo_days: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    pub data_dir: PathBuf,
    pub base_url: String,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The built browser app (`index.html`, `pkg/`); served at `/`.
    pub web_dir: PathBuf,
    /// The shipped curricula, fonts and images.
    pub assets_dir: PathBuf,
    pub issuer: IssuerSettings,
    /// Background workers (mail outbox, attestation issuance). Tests that want
    /// to drive them by hand turn them off.
    pub run_workers: bool,
    /// Create demo accounts and cohorts when the database is empty.
    pub demo_on_first_run: bool,
    pub session_ttl_hours: i64,
    /// Login failures allowed per e-mail address within `login_window_minutes`.
    pub login_max_failures: u64,
    pub login_window_minutes: i64,
    /// Verification requests allowed per client address per minute.
    pub verify_per_minute: u32,
    /// How long an administrator may undo a revocation; after it, only a
    /// reissue (a new code) makes the attestation stand again.
    pub revocation_undo_days: u32,
    /// A name for this process in the outbox's leases (several may share PostgreSQL).
    pub instance_id: String,
    /// First retry delay of a failed delivery; doubles on each failure.
    pub mail_retry_base: std::time::Duration,
    /// How often the workers look for work when nothing woke them: a safety
    /// net, since every change that queues work wakes them (NOTIFY on PostgreSQL).
    pub safety_poll: std::time::Duration,
    /// The longest any one SMTP step (connecting, the greeting, each command,
    /// the data) may take before the delivery is abandoned and retried later.
    pub smtp_step_timeout: std::time::Duration,
    /// Mails delivered at the same time, so one stuck delivery delays no other.
    pub mail_concurrency: usize,
    /// Where the issuer's private key comes from.
    pub issuer_key: KeySource,
    /// Where files are kept.
    pub storage: StorageSettings,
}

/// What the command line and environment provide; see `cli.rs`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub smtp_url: Option<String>,
    pub config_file: Option<PathBuf>,
    pub web_dir: Option<PathBuf>,
    pub assets_dir: Option<PathBuf>,
    /// `CURSUS_ISSUER_KEY`: the private key's PEM.
    pub issuer_key: Option<String>,
    /// `CURSUS_ISSUER_KEY_FILE`: a PEM file every host can read.
    pub issuer_key_file: Option<PathBuf>,
    pub storage: StorageSettings,
    pub verify_per_minute: Option<u32>,
}

impl Settings {
    pub fn load(overrides: Overrides) -> anyhow::Result<Settings> {
        let data_dir = overrides.data_dir.unwrap_or_else(|| PathBuf::from("./data"));
        let file = match overrides.config_file.clone().or_else(|| {
            let default = data_dir.join("cursus.toml");
            default.exists().then_some(default)
        }) {
            Some(path) => read_file_settings(&path)?,
            None => FileSettings::default(),
        };
        let bind = overrides.bind.unwrap_or_else(|| "127.0.0.1:8080".into());
        let base_url = overrides.base_url.unwrap_or_else(|| format!("http://{bind}")).trim_end_matches('/').to_string();
        url::Url::parse(&base_url).with_context(|| format!("CURSUS_BASE_URL is not a URL: {base_url}"))?;
        let database_url = overrides.database_url.unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("cursus.db").display()));
        Ok(Settings {
            database_url,
            bind,
            base_url,
            smtp_url: overrides.smtp_url.filter(|s| !s.trim().is_empty()),
            mail_from: file.mail_from.unwrap_or_else(|| "Cursus <no-reply@cursus.local>".into()),
            web_dir: overrides.web_dir.unwrap_or_else(|| PathBuf::from("frontend/dist")),
            assets_dir: overrides.assets_dir.unwrap_or_else(|| PathBuf::from("assets")),
            issuer: file.issuer,
            run_workers: true,
            demo_on_first_run: true,
            session_ttl_hours: 24 * 14,
            login_max_failures: 5,
            login_window_minutes: 15,
            verify_per_minute: overrides.verify_per_minute.unwrap_or(30).max(1),
            revocation_undo_days: file.revocation_undo_days.unwrap_or(30),
            instance_id: format!("{}-{}-{}", hostname(), std::process::id(), crate::secrets::random_token().get(..6).unwrap_or("")),
            mail_retry_base: std::time::Duration::from_secs(5),
            safety_poll: std::time::Duration::from_secs(30),
            smtp_step_timeout: std::time::Duration::from_secs(20),
            mail_concurrency: 4,
            issuer_key: match (overrides.issuer_key.filter(|k| !k.trim().is_empty()), overrides.issuer_key_file) {
                (Some(pem), _) => KeySource::Pem(pem),
                (None, Some(path)) => KeySource::File(path),
                (None, None) => KeySource::DataDir(data_dir.join("keys")),
            },
            storage: overrides.storage,
            data_dir,
        })
    }

    /// Whether cookies must carry `Secure` (the site is served over HTTPS).
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    pub fn curricula_dir(&self) -> PathBuf {
        self.assets_dir.join("curricula")
    }
}

fn read_file_settings(path: &Path) -> anyhow::Result<FileSettings> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("{} is not valid settings", path.display()))
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "cursus".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_contract() {
        let settings = Settings::load(Overrides::default()).expect("defaults load");
        assert_eq!(settings.bind, "127.0.0.1:8080");
        assert_eq!(settings.base_url, "http://127.0.0.1:8080");
        assert!(settings.database_url.starts_with("sqlite://./data/cursus.db"));
        assert!(!settings.secure_cookies());
    }

    #[test]
    fn an_https_base_url_makes_cookies_secure_and_a_bad_one_is_refused() {
        let settings = Settings::load(Overrides { base_url: Some("https://cursus.example.org/".into()), ..Default::default() }).expect("loads");
        assert!(settings.secure_cookies());
        assert_eq!(settings.base_url, "https://cursus.example.org");
        assert!(Settings::load(Overrides { base_url: Some("not a url".into()), ..Default::default() }).is_err());
    }
}
