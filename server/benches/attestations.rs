//! Attestation benchmarks (figures in BENCHMARKS.md):
//! - one PDF, Latin text, then bilingual French/Arabic: the median of single
//!   renders on one thread (run under `taskset -c 0` for one core);
//! - issuing a 4,000-learner cohort for one module end to end (signing, PDFs,
//!   files, database, queued mails) on SQLite and PostgreSQL.
//!
//! Run: `cargo bench -p cursus-server --bench attestations`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cursus::attestation::pdf::{Content, Renderer};
use cursus::db::Db;
use cursus::settings::{Overrides, Settings};
use cursus::state::AppState;
use sea_orm::{ActiveValue::Set, ConnectionTrait, Database, EntityTrait};
use shared::enums::AttestationKind;

fn content(i: usize, bilingual: bool) -> Content {
    Content {
        kind: AttestationKind::Module,
        bilingual,
        holder: format!("Aïcha Ould-Ahmed d'Almeida {i}"),
        holder_ar: bilingual.then(|| "عائشة ولد أحمد".to_string()),
        sex: shared::enums::Sex::Female,
        title: "Planification stratégique".into(),
        title_ar: Some("التخطيط الاستراتيجي".into()),
        module_code: Some("TK-02".into()),
        programme: "Cycle de formation Takwia".into(),
        programme_ar: Some("دورة تكوين تقوية".into()),
        cohort: "Takwia — Moulay Yaacoub 2026".into(),
        region: "Fès-Meknès".into(),
        hours: 18,
        attended_hours: Some(12),
        issued_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        issuer: "Programme Takwia — Agence de développement social".into(),
        issuer_ar: Some("برنامج تقوية — وكالة التنمية الاجتماعية".into()),
        signatory_name: "Samira El Amrani".into(),
        signatory_title: "Coordinatrice nationale du programme".into(),
        signatory_ar: Some("سميرة العمراني، المنسقة الوطنية للبرنامج".into()),
        place: None,
        place_ar: None,
        signature: None,
        stamp: None,
        partner_logo: None,
        code: cursus::attestation::code::generate(),
        qr_payload: format!(
            "https://cursus.example.org/verify/K7QF-9ZC2-HM4T-XW8P#{}.{}",
            "eyJ2IjoxLCJjb2RlIjoiSzdRRi05WkMyLUhNNFQtWFc4UCIsImtpbmQiOiJtb2R1bGUiLCJob2xkZXIiOiJBw69jaGEgT3VsZC1BaG1lZCBkJ0FsbWVpZGEiLCJ0aXRsZSI6IlBsYW5pZmljYXRpb24gc3RyYXTDqWdpcXVlIiwicHJvZ3JhbW1lIjoiQ3ljbGUgZGUgZm9ybWF0aW9uIFRha3dpYSIsImhvdXJzIjoxOCwiaXNzdWVkX29uIjoiMjAyNi0xMS0yMiIsImlzc3VlciI6IlByb2dyYW1tZSBUYWt3aWEg4oCUIEFnZW5jZSBkZSBkw6l2ZWxvcHBlbWVudCBzb2NpYWwifQ",
            "MEUCIQDmVAaUxGeG0rSh2dHjI3r5QWjaXfRL4lnPqGRvbQ7nJgIgF4eUK6zYwF4eUK6zYwF4eUK6zYwF4eUK6zYwF4eUK6"
        ),
        verify_at: "cursus.example.org/verify".into(),
    }
}

fn one_pdf(renderer: &Renderer, bilingual: bool) {
    const RUNS: usize = 2000;
    let label = if bilingual { "bilingual French/Arabic" } else { "Latin" };
    for i in 0..200 {
        renderer.render(&content(i, bilingual)).unwrap();
    }
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for i in 0..RUNS {
        let c = content(i, bilingual);
        let started = Instant::now();
        size = renderer.render(&c).unwrap().len();
        times.push(started.elapsed());
    }
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "one attestation PDF, {label}: median {:.0} µs, p90 {:.0} µs, p99 {:.0} µs ({size} bytes) over {RUNS} renders",
        us(times[RUNS / 2]),
        us(times[RUNS * 9 / 10]),
        us(times[RUNS * 99 / 100])
    );
}

/// A 40-learner sign-in sheet (three pages), half the names in Arabic: the
/// trainer's PDF, beside the attestation's figures.
fn one_sheet(renderer: &Renderer) {
    use cursus::attestation::sign_in_sheet::{SheetContent, render};
    const RUNS: usize = 500;
    let sheet = |i: usize| SheetContent {
        programme: "Cycle de formation Takwia · دورة تكوين تقوية".into(),
        cohort: format!("Ateliers de Kénitra {i}"),
        region: "Rabat-Salé-Kénitra".into(),
        session: "Atelier gouvernance locale".into(),
        module: Some("TK-01 Gouvernance associative".into()),
        date: "12/01/2027".into(),
        hours: "09:00 – 12:00".into(),
        place: Some("Maison des associations".into()),
        trainers: vec!["Salma Bennani".into()],
        learners: (0..40)
            .map(|n| {
                if n % 2 == 0 {
                    (format!("Aïcha Ould Ahmed {n}"), Some("عائشة ولد أحمد".into()))
                } else {
                    (format!("أمينة بن علي {n}"), None)
                }
            })
            .collect(),
    };
    for i in 0..50 {
        render(&renderer.fonts, &sheet(i)).unwrap();
    }
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for i in 0..RUNS {
        let c = sheet(i);
        let started = Instant::now();
        size = render(&renderer.fonts, &c).unwrap().len();
        times.push(started.elapsed());
    }
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "one sign-in sheet PDF, 40 learners on 3 pages, bilingual: median {:.0} µs, p90 {:.0} µs, p99 {:.0} µs ({size} bytes) over {RUNS} renders",
        us(times[RUNS / 2]),
        us(times[RUNS * 9 / 10]),
        us(times[RUNS * 99 / 100])
    );
}

async fn cohort_of(learners: usize, database_url: String, dir: &std::path::Path) -> AppState {
    let settings = Settings::load(Overrides {
        database_url: Some(database_url),
        data_dir: Some(dir.to_path_buf()),
        assets_dir: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets").into()),
        ..Default::default()
    })
    .unwrap();
    let db = Db::connect(&settings.database_url).await.unwrap();
    db.migrate().await.unwrap();
    let state = AppState::new(db, settings).await.unwrap();
    cursus::service::curriculum::load_missing(&state.db, &state.storage, &state.settings.curricula_dir()).await.unwrap();
    let conn = state.db.conn();
    let takwia = cursus::store::programmes::by_code(conn, "TAKWIA").await.unwrap().unwrap();
    let module = cursus::store::programmes::modules_of(conn, takwia.id).await.unwrap().remove(0);
    let cohort = cursus::store::cohorts::insert(
        conn,
        &shared::api::cohorts::CreateCohortRequest {
            programme_id: takwia.id,
            name: "Takwia — cohorte nationale 2027".into(),
            region: "Rabat-Salé-Kénitra".into(),
            learning_hub: None,
            starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            capacity: 10_000,
            self_enrolment_open: false,
            min_attendance_percent: None,
            attendance_basis: Default::default(),
            trainer_ids: vec![],
        },
    )
    .await
    .unwrap();
    let people: Vec<cursus::store::accounts::NewAccount> = (0..learners)
        .map(|i| cursus::store::accounts::NewAccount {
            email: format!("membre{i}@associations.ma"),
            full_name: format!("Membre {i} Ben Salah"),
            role: shared::enums::Role::Learner,
            organisation_id: None,
            category: None,
            position: None,
            phone: None,
            language: shared::Lang::Fr,
            password_hash: None,
            profile: cursus::store::accounts::Profile::default(),
        })
        .collect();
    cursus::store::accounts::insert_many(conn, people).await.unwrap();
    let accounts = cursus::entities::account::Entity::find().all(conn).await.unwrap();
    for chunk in accounts.chunks(500) {
        let rows = chunk.iter().map(|a| cursus::entities::completion::ActiveModel {
            account_id: Set(a.id),
            module_id: Set(module.id),
            cohort_id: Set(cohort.id),
            attempt_id: Set(None),
            recorded_by: Set(None),
            completed_at: Set(cursus::clock::now()),
            ..Default::default()
        });
        cursus::entities::completion::Entity::insert_many(rows).exec_without_returning(conn).await.unwrap();
    }
    state
}

async fn cohort_issuance(label: &str, url: String, cleanup: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let state = cohort_of(4000, url, dir.path()).await;
    let started = Instant::now();
    let made = cursus::service::attestations::work(&state).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(made, 4000);
    let mails = cursus::store::outbox::pending_count(state.db.conn()).await.unwrap();
    assert_eq!(mails, 4000);
    println!(
        "issue a 4,000-learner cohort for one module, {label}: {:.2} s (4,000 signed attestations, PDFs written, 4,000 mails queued)",
        elapsed.as_secs_f64()
    );
    state.db.clone().close().await.unwrap();
    if let Some(name) = cleanup {
        let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await.unwrap();
        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let renderer = Renderer::new(None).unwrap();
    one_pdf(&renderer, false);
    one_pdf(&renderer, true);
    one_sheet(&renderer);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        cohort_issuance("SQLite", format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()), None).await;
        let up = match Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await {
            Ok(c) => c.execute_unprepared("SELECT 1").await.is_ok(),
            Err(_) => false,
        };
        if up {
            let name = format!("cursus_bench_att_{}", std::process::id());
            let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await.unwrap();
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
            cohort_issuance("PostgreSQL", format!("postgres://postgres@127.0.0.1:5432/{name}"), Some(name)).await;
        } else {
            println!("PostgreSQL not reachable at 127.0.0.1:5432: not measured");
        }
    });
}
