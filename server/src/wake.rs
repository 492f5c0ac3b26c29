//! Waking the background workers when there is work, instead of polling.
//!
//! A change that queues work (a mail, a completion owed its attestation)
//! announces it in its own transaction. On PostgreSQL the announcement is a
//! `NOTIFY`, delivered to every process when the transaction commits; each
//! process listens and wakes its own workers. On SQLite (one process) the
//! services wake the local workers after commit. Either way a slow safety
//! poll catches what an announcement might miss (a process restarting while
//! another committed, a command-line import on SQLite).
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

use crate::state::AppState;

const CHANNEL: &str = "cursus_work";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    Mail,
    Attestations,
}

impl Work {
    fn payload(self) -> &'static str {
        match self {
            Work::Mail => "mail",
            Work::Attestations => "attestations",
        }
    }
}

/// Announces queued work to every process, when `db`'s transaction commits.
pub async fn announce(db: &impl ConnectionTrait, work: Work) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let statement =
            Statement::from_sql_and_values(DatabaseBackend::Postgres, "SELECT pg_notify($1, $2)", [CHANNEL.into(), work.payload().into()]);
        db.execute_raw(statement).await?;
    }
    Ok(())
}

/// Wakes this process's worker for `work` (after a commit that queued it).
pub fn local(state: &AppState, work: Work) {
    match work {
        Work::Mail => state.mail_ready.notify_one(),
        Work::Attestations => state.attestations_ready.notify_one(),
    }
}

/// On PostgreSQL, listens for announcements and wakes the local workers;
/// reconnects after a lost connection (and wakes everyone then, in case
/// something was announced meanwhile).
pub fn spawn_listener(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    if state.db.backend() != DatabaseBackend::Postgres {
        return None;
    }
    Some(tokio::spawn(async move {
        loop {
            match listen(&state).await {
                Ok(()) => {}
                Err(e) => tracing::warn!(error = %e, "listening for work announcements; reconnecting"),
            }
            local(&state, Work::Mail);
            local(&state, Work::Attestations);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }))
}

async fn listen(state: &AppState) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect_with(state.db.conn().get_postgres_connection_pool()).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let notification = listener.recv().await?;
        match notification.payload() {
            "mail" => local(state, Work::Mail),
            "attestations" => local(state, Work::Attestations),
            other => tracing::debug!(payload = other, "unknown work announcement"),
        }
    }
}
