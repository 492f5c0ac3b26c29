//! Helpers for the end-to-end tests: a Cursus server per test, on port 0, with
//! its own database — a fresh SQLite file, or a PostgreSQL database cloned
//! from a template migrated once.
pub mod database;
pub mod fixtures;
pub mod harness;
pub mod smtp;

pub use database::Backend;
pub use harness::{Session, TestApp, problem, spawn_app, spawn_app_with, spawn_peer};

/// Runs a test body once per database backend:
/// `both_backends!(name, |backend| async move { ... })` defines `name::sqlite`
/// and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let run = $body;
                run($crate::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::database::postgres_available().await {
                    return;
                }
                let run = $body;
                run($crate::Backend::Postgres).await;
            }
        }
    };
}
