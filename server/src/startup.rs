//! Builds and runs the application: database, migrations, shipped curricula,
//! first-run demo, HTTP server and background workers.
use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};
use anyhow::Context as _;
use chrono::TimeDelta;

use crate::clock::now;
use crate::db::Db;
use crate::http;
use crate::service::{curriculum, demo};
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::{rate_limits, sessions};

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    /// The demo accounts created by this start, if the database was empty.
    pub demo_accounts: Option<Vec<demo::DemoAccount>>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

/// Opens the database and brings its schema up to date.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    std::fs::create_dir_all(&settings.data_dir).with_context(|| format!("cannot create {}", settings.data_dir.display()))?;
    let db = Db::connect(&settings.database_url).await.context("cannot connect to the database")?;
    db.migrate().await.context("migrating the database")?;
    Ok(db)
}

impl Application {
    /// Everything up to a bound, listening socket; `CURSUS_BIND` with port 0
    /// picks a free port (tests).
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        std::fs::create_dir_all(settings.mail_dir()).with_context(|| format!("cannot create {}", settings.mail_dir().display()))?;
        let db = open_database(&settings).await?;
        let storage = crate::storage::Storage::open(&settings.storage, &settings.data_dir)?;
        let loaded = curriculum::load_missing(&db, &storage, &settings.curricula_dir()).await?;
        for report in &loaded {
            tracing::info!(programme = %report.programme, modules = report.modules_created, "curriculum loaded");
        }
        let demo_accounts = if settings.demo_on_first_run { demo::create_if_empty(&db).await? } else { None };

        let listener = TcpListener::bind(&settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let state = AppState::new(db, settings).await?;
        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || http::app(data.clone())).listen(listener)?.shutdown_timeout(10).run();
        let workers = if state.settings.run_workers { spawn_workers(&state)? } else { Vec::new() };
        Ok(Application { port, server, state, demo_accounts, workers })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Something that stops this application from elsewhere (tests' teardown).
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle { server: self.server.handle(), workers: self.workers.iter().map(|w| w.abort_handle()).collect() }
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        for worker in self.workers {
            worker.abort();
        }
        result
    }
}

pub struct StopHandle {
    server: actix_web::dev::ServerHandle,
    workers: Vec<tokio::task::AbortHandle>,
}

impl StopHandle {
    /// Stops the background workers at once and the server without waiting.
    pub fn stop(&self) -> impl std::future::Future<Output = ()> + use<> {
        for worker in &self.workers {
            worker.abort();
        }
        self.server.stop(false)
    }
}

fn spawn_workers(state: &AppState) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let housekeeping = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(600));
            loop {
                tick.tick().await;
                let horizon = now() - TimeDelta::days(1);
                if let Err(e) = sessions::purge_expired(state.db.conn(), horizon).await {
                    tracing::warn!(error = %e, "purging expired sessions");
                }
                if let Err(e) = rate_limits::purge(state.db.conn(), now() - TimeDelta::hours(1)).await {
                    tracing::warn!(error = %e, "purging rate-limit windows");
                }
                if let Err(e) = state.db.optimize(false).await {
                    tracing::warn!(error = %e, "refreshing the planner's statistics");
                }
            }
        })
    };
    let mail = crate::mail::delivery::spawn(state.clone())?;
    let attestations = crate::service::attestations::spawn(state.clone());
    let mut workers = vec![housekeeping, mail, attestations];
    workers.extend(crate::wake::spawn_listener(state.clone()));
    Ok(workers)
}
