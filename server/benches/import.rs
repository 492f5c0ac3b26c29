//! Bulk enrolment of 10,000 rows: parse, check against the database, and
//! commit (accounts, invitations, enrolments, queued mails) in one transaction.
//! Run: `cargo bench -p cursus-server --bench import` (PostgreSQL at
//! 127.0.0.1:5432 is measured too when it answers). Figures: BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::{Duration, Instant};

use cursus::db::Db;
use cursus::policy::Actor;
use cursus::service::import::{Silent, run};
use cursus::settings::{Overrides, Settings};
use cursus::state::AppState;
use sea_orm::{ConnectionTrait, Database};
use shared::Lang;
use shared::api::cohorts::CreateCohortRequest;

const ROWS: usize = 10_000;
const RUNS: usize = 5;

fn csv() -> Vec<u8> {
    // Every column a partner's file may have, the profile ones spelt as people spell them.
    let mut csv =
        String::from("email;first_name;last_name;category;organisation;position;phone;first_name_ar;last_name_ar;sex;birth_year;commune;language\n");
    let (sexes, languages) = (["F", "Homme", "أنثى", "H"], ["fr", "arabe", "العربية", "en"]);
    for i in 0..ROWS {
        let (sex, language, year) = (sexes[i % 4], languages[i % 4], 1960 + i % 45);
        csv.push_str(&format!(
            "agent{i}@interieur.gov.tn;Prénom{i};Ben Salah {i};Acteur public;Ministère de l'Intérieur;Délégué;+216 71 {i:06};عبد الله;بن صالح {i};{sex};{year};Tunis;{language}\n"
        ));
    }
    csv.into_bytes()
}

async fn state(database_url: String, dir: &std::path::Path) -> AppState {
    let settings = Settings::load(Overrides { database_url: Some(database_url), data_dir: Some(dir.to_path_buf()), ..Default::default() }).unwrap();
    let db = Db::connect(&settings.database_url).await.unwrap();
    db.migrate().await.unwrap();
    AppState::new(db, settings).await.unwrap()
}

async fn cohort(state: &AppState) -> i64 {
    let programme = cursus::store::programmes::insert(
        state.db.conn(),
        &shared::api::programmes::CreateProgrammeRequest {
            code: "BENCH".into(),
            title: shared::api::LocalizedText::fr("Bench"),
            summary: None,
            issuer: None,
            bilingual_attestations: false,
        },
        "Bench",
    )
    .await
    .unwrap();
    let req = CreateCohortRequest {
        programme_id: programme.id,
        name: "ENA — promotion 2027".into(),
        region: "Tunis".into(),
        learning_hub: None,
        starts_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        ends_on: chrono::NaiveDate::from_ymd_opt(2030, 12, 31).unwrap(),
        capacity: 20_000,
        self_enrolment_open: false,
        min_attendance_percent: None,
        attendance_basis: Default::default(),
        trainer_ids: vec![],
    };
    cursus::store::cohorts::insert(state.db.conn(), &req).await.unwrap().id
}

async fn measure(label: &str, make_url: impl AsyncFn(usize) -> (String, Option<String>)) {
    let bytes = csv();
    let mut times = Vec::new();
    for i in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let (url, cleanup) = make_url(i).await;
        let state = state(url, dir.path()).await;
        let cohort = cohort(&state).await;
        let started = Instant::now();
        let report = run(&state, &Actor::system(), cohort, &bytes, false, Lang::Fr, &Silent).await.unwrap();
        times.push(started.elapsed());
        assert_eq!(report.counts.new_accounts, ROWS);
        state.db.close().await.unwrap();
        if let Some(name) = cleanup {
            let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await.unwrap();
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "import {ROWS} rows, {label}: median {:.0} ms (min {:.0}, max {:.0}) over {RUNS} runs",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    measure("SQLite", async |i| {
        let dir = std::env::temp_dir().join(format!("cursus-bench-{}-{i}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        (format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()), None)
    })
    .await;
    let postgres_up = match Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await {
        Ok(c) => c.execute_unprepared("SELECT 1").await.is_ok(),
        Err(_) => false,
    };
    if postgres_up {
        measure("PostgreSQL", async |i| {
            let name = format!("cursus_bench_{}_{i}", std::process::id());
            let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await.unwrap();
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
            (format!("postgres://postgres@127.0.0.1:5432/{name}"), Some(name))
        })
        .await;
    } else {
        println!("PostgreSQL not reachable at 127.0.0.1:5432: not measured");
    }
}
