//! Structured logs. Each request runs in a span with its request id
//! (`tracing-actix-web`); `CURSUS_LOG_FORMAT=json` prints one JSON object per line.
use tracing_subscriber::EnvFilter;

pub fn init() {
    init_with("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn");
}

/// Like [`init`] with another default level (tests keep quiet unless asked).
pub fn init_with(default_filter: &str) {
    let filter = EnvFilter::try_from_env("CURSUS_LOG").unwrap_or_else(|_| EnvFilter::new(default_filter));
    let json = std::env::var("CURSUS_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    // A second call (tests spawn many apps in one process) is not an error.
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}
