//! The database handle: SQLite (a file, the default) or PostgreSQL.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait as _, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    statements: Arc<Statements>,
}

/// Counts the statements sent to the database (a round trip each), and can
/// record their text: tests hold hot paths to a number of round trips and
/// check that background queries use their indexes.
#[derive(Debug, Default)]
pub struct Statements {
    count: AtomicU64,
    recording: AtomicBool,
    recorded: Mutex<Vec<String>>,
}

impl Statements {
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Starts keeping the text of every statement, forgetting earlier ones.
    pub fn record(&self) {
        if let Ok(mut recorded) = self.recorded.lock() {
            recorded.clear();
        }
        self.recording.store(true, Ordering::Relaxed);
    }

    /// Stops recording and returns what was recorded.
    pub fn recorded(&self) -> Vec<String> {
        self.recording.store(false, Ordering::Relaxed);
        self.recorded.lock().map(|mut r| std::mem::take(&mut *r)).unwrap_or_default()
    }

    fn seen(&self, statement: &sea_orm::Statement) {
        self.count.fetch_add(1, Ordering::Relaxed);
        if self.recording.load(Ordering::Relaxed)
            && let Ok(mut recorded) = self.recorded.lock()
        {
            recorded.push(statement.to_string());
        }
    }
}

impl Db {
    pub async fn connect(url: &str) -> Result<Db, DbErr> {
        let mut options = ConnectOptions::new(url.to_string());
        options.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            if let Some(path) = sqlite_path(url)
                && let Some(parent) = std::path::Path::new(&path).parent()
            {
                let _ = std::fs::create_dir_all(parent);
            }
            // WAL lets readers proceed while one writer commits; writers queue on
            // the busy timeout instead of failing.
            options.max_connections(8).map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(30))
                    .foreign_keys(true)
            });
        } else {
            options.max_connections(16);
        }
        let mut conn = Database::connect(options).await?;
        let statements = Arc::new(Statements::default());
        let seen = statements.clone();
        conn.set_metric_callback(move |info| seen.seen(info.statement));
        Ok(Db { conn, statements })
    }

    pub fn statements(&self) -> &Statements {
        &self.statements
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.conn, None).await
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    pub fn is_sqlite(&self) -> bool {
        self.backend() == DatabaseBackend::Sqlite
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock
    /// at once (`BEGIN IMMEDIATE`): a deferred transaction that reads and then
    /// writes can fail with "database is locked" instead of waiting its turn.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        self.conn
            .begin_with_options(TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() })
            .await
    }

    /// Keeps the query planner's statistics current. SQLite gathers none by
    /// itself (`PRAGMA optimize` analyses the tables whose size changed a lot);
    /// PostgreSQL's autovacuum does it there, so `thorough` runs `ANALYZE`
    /// only where asked (after a bulk load, such as `cursus bench seed`).
    pub async fn optimize(&self, thorough: bool) -> Result<(), DbErr> {
        let sql = match (self.is_sqlite(), thorough) {
            (true, true) => "PRAGMA optimize=0x10002",
            (true, false) => "PRAGMA optimize",
            (false, true) => "ANALYZE",
            (false, false) => return Ok(()),
        };
        self.conn.execute_unprepared(sql).await.map(|_| ())
    }

    /// `SELECT 1`, for `/readyz`.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// True when `err` is the violation of a unique constraint (the database, not a
/// check in code, decided that a row already exists).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
