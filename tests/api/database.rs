//! A database per test. PostgreSQL databases are cloned from a template that
//! is migrated once per schema version (crates.io's approach), which is much
//! faster than migrating each one.
use std::sync::OnceLock;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn postgres_base_url() -> String {
    std::env::var("CURSUS_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

static AVAILABLE: OnceCell<bool> = OnceCell::const_new();

/// Whether PostgreSQL answers. When it does not, the test fails under CI (or
/// with `CURSUS_REQUIRE_POSTGRES=1`): a run must never pass by skipping it.
pub async fn postgres_available() -> bool {
    let up = *AVAILABLE
        .get_or_init(|| async {
            match Database::connect(format!("{}/postgres", postgres_base_url())).await {
                Ok(conn) => conn.execute_unprepared("SELECT 1").await.is_ok(),
                Err(_) => false,
            }
        })
        .await;
    if !up {
        let required = std::env::var("CI").is_ok_and(|v| v == "true") || std::env::var("CURSUS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
        assert!(!required, "PostgreSQL is not reachable at {} and CI requires it", postgres_base_url());
        eprintln!("warning: PostgreSQL not reachable at {}; its half of this test did not run", postgres_base_url());
    }
    up
}

fn template_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
        let hash = hex(&Sha256::digest(names.join(",").as_bytes()));
        format!("cursus_template_{}", &hash[..16])
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn admin() -> DatabaseConnection {
    Database::connect(format!("{}/postgres", postgres_base_url())).await.expect("connect to PostgreSQL")
}

static TEMPLATE: OnceCell<()> = OnceCell::const_new();

/// Creates (once, across concurrent test processes) the migrated template.
async fn ensure_template() {
    TEMPLATE
        .get_or_init(|| async {
            let admin = admin().await;
            let name = template_name();
            // An advisory lock keeps two test binaries from building it at once.
            admin.execute_unprepared("SELECT pg_advisory_lock(727274)").await.expect("lock");
            let exists = admin
                .query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
                ))
                .await
                .expect("query")
                .is_some();
            if !exists {
                let building = format!("{name}_building");
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).await.expect("drop");
                admin.execute_unprepared(&format!("CREATE DATABASE {building}")).await.expect("create template");
                let conn = Database::connect(format!("{}/{building}", postgres_base_url())).await.expect("connect template");
                Migrator::up(&conn, None).await.expect("migrate template");
                conn.close().await.expect("close");
                admin.execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {name}")).await.expect("rename");
            }
            admin.execute_unprepared("SELECT pg_advisory_unlock(727274)").await.expect("unlock");
        })
        .await;
}

/// A new, migrated PostgreSQL database; returns its URL.
pub async fn new_postgres_database() -> (String, String) {
    ensure_template().await;
    let name = format!("cursus_test_{}", uuid::Uuid::new_v4().simple());
    let admin = admin().await;
    let mut tries = 0;
    loop {
        match admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {}", template_name())).await {
            Ok(_) => break,
            // Two clones of one template at the same instant collide; try again.
            Err(e) if tries < 50 && e.to_string().contains("being accessed by other users") => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(e) => panic!("cannot create {name}: {e}"),
        }
    }
    (format!("{}/{name}", postgres_base_url()), name)
}

/// An empty PostgreSQL database (no migration run), for migration tests.
pub async fn new_empty_postgres_database() -> (String, String) {
    let name = format!("cursus_test_{}", uuid::Uuid::new_v4().simple());
    admin().await.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
    (format!("{}/{name}", postgres_base_url()), name)
}

/// Drops a test database (from `Drop`, so on a thread of its own).
pub fn drop_postgres_database(name: String) {
    let _ = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        runtime.block_on(async move {
            if let Ok(admin) = Database::connect(format!("{}/postgres", postgres_base_url())).await {
                let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            }
        });
    })
    .join();
}
