//! `cursus bench`: fills a database with a deployment of a national
//! programme's size, through the same store functions and the same worker as
//! production, and times what must stay fast as history grows.
//!
//! - `cursus bench seed --learners 100000` — learners in Takwia cohorts of
//!   4,000, each having completed modules in prerequisite order (most of them
//!   all sixteen, so with a certificate), with their graded attempts and their
//!   attestations issued by the attestation worker; and signed-in sessions
//!   for a load generator, written to `bench-sessions.txt` in the data
//!   directory. History's PDFs are not rendered: their attestations point at
//!   one stored stand-in, so that the seed takes minutes, not hours.
//! - `cursus bench issue --learners 4000` — a new cohort whose learners all
//!   complete a module, then one pass of the worker: claims signed, PDFs
//!   rendered and stored, mails queued. Prints the time it took.
use std::collections::HashSet;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{NaiveDate, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, Statement};
use shared::Lang;
use shared::api::cohorts::CreateCohortRequest;
use shared::enums::{Category, EnrolmentSource, Role};

use crate::service::attestations;
use crate::state::AppState;
use crate::store::accounts::{self, NewAccount};
use crate::store::assessments::{self, NewAttempt};
use crate::store::programmes::Structure;
use crate::store::{cohorts, completions, enrolments, programmes, sessions};

const COHORT_SIZE: usize = 4_000;
const REGIONS: [&str; 12] = [
    "Tanger-Tétouan-Al Hoceïma",
    "L'Oriental",
    "Fès-Meknès",
    "Rabat-Salé-Kénitra",
    "Béni Mellal-Khénifra",
    "Casablanca-Settat",
    "Marrakech-Safi",
    "Drâa-Tafilalet",
    "Souss-Massa",
    "Guelmim-Oued Noun",
    "Laâyoune-Sakia El Hamra",
    "Dakhla-Oued Ed-Dahab",
];

/// The Takwia modules in an order that respects their prerequisites.
fn in_prerequisite_order(structure: &Structure) -> Vec<i64> {
    let mut done: HashSet<i64> = HashSet::new();
    let mut order = Vec::new();
    while order.len() < structure.modules.len() {
        let before = order.len();
        for m in &structure.modules {
            let ready = structure.groups.get(&m.id).is_none_or(|gs| gs.iter().all(|g| g.is_satisfied(&done)));
            if !done.contains(&m.id) && ready {
                done.insert(m.id);
                order.push(m.id);
            }
        }
        if order.len() == before {
            break;
        }
    }
    order
}

async fn takwia(state: &AppState) -> anyhow::Result<Structure> {
    let programme = programmes::by_code(state.db.conn(), "TAKWIA").await?.context("the Takwia programme is not loaded")?;
    programmes::structure(state.db.conn(), programme.id).await?.context("Takwia")
}

async fn new_cohort(state: &AppState, programme_id: i64, name: &str, region: &str, size: usize) -> anyhow::Result<i64> {
    let starts_on = Utc::now().date_naive() - TimeDelta::days(700);
    let request = CreateCohortRequest {
        programme_id,
        name: name.to_string(),
        region: region.to_string(),
        learning_hub: None,
        starts_on,
        ends_on: NaiveDate::from_ymd_opt(2030, 12, 31).unwrap_or(starts_on),
        capacity: u32::try_from(size).unwrap_or(u32::MAX),
        self_enrolment_open: false,
        min_attendance_percent: None,
        attendance_basis: Default::default(),
        trainer_ids: Vec::new(),
    };
    Ok(cohorts::insert(state.db.conn(), &request).await?.id)
}

/// Learners `first..first + count`, enrolled in `cohort`; their ids.
async fn learners(state: &AppState, cohort: i64, first: usize, count: usize, tag: &str) -> anyhow::Result<Vec<i64>> {
    let db = state.db.conn();
    let people: Vec<NewAccount> = (first..first + count)
        .map(|i| NewAccount {
            email: format!("{tag}{i}@bench.cursus.local"),
            full_name: format!("Apprenant·e {i}"),
            role: Role::Learner,
            organisation_id: None,
            category: Some(Category::ALL[i % Category::ALL.len()]),
            position: None,
            phone: None,
            language: if i % 3 == 0 { Lang::Ar } else { Lang::Fr },
            password_hash: None,
            // A programme's spread of people, for the figures' breakdowns.
            profile: accounts::Profile {
                sex: if i % 2 == 0 { shared::enums::Sex::Female } else { shared::enums::Sex::Male },
                birth_year: Some(1960 + i32::try_from(i % 45).unwrap_or(0)),
                region: Some(REGIONS[i % REGIONS.len()].to_string()),
                ..Default::default()
            },
        })
        .collect();
    let emails: Vec<String> = people.iter().map(|p| p.email.clone()).collect();
    accounts::insert_many(db, people).await?;
    let ids: Vec<i64> = accounts::by_emails(db, &emails).await?.into_values().map(|a| a.id).collect();
    enrolments::insert_many(db, cohort, &ids, EnrolmentSource::Admin, None).await?;
    Ok(ids)
}

/// Fills the database with `learners` learners and their history.
pub async fn seed(state: &AppState, learners_wanted: usize, sessions_wanted: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let structure = takwia(state).await?;
    let order = in_prerequisite_order(&structure);
    let db = state.db.conn();
    let mut session_tokens = Vec::new();
    let mut seeded = 0;
    let mut cohort_number = 0;
    while seeded < learners_wanted {
        let size = COHORT_SIZE.min(learners_wanted - seeded);
        let region = REGIONS[cohort_number % REGIONS.len()];
        let cohort =
            new_cohort(state, structure.programme.id, &format!("Takwia — {region} {}", 2024 + cohort_number / REGIONS.len()), region, size).await?;
        let ids = learners(state, cohort, seeded, size, "seed").await?;
        // Nine in ten finish the cycle; the others stop part-way.
        let mut done = Vec::new();
        let mut attempts = Vec::new();
        let mut certified = Vec::new();
        let day0 = Utc::now() - TimeDelta::days(600);
        for (n, id) in ids.iter().enumerate() {
            let reached = if n % 10 == 9 { (n * 7) % order.len() } else { order.len() };
            for (step, module) in order.iter().take(reached).enumerate() {
                let at = day0 + TimeDelta::days(i64::try_from(step * 30 + n % 30).unwrap_or(0));
                done.push((*id, *module, cohort, at));
                if let Some(assessment) = structure.assessments.get(module) {
                    let new = NewAttempt {
                        assessment_id: assessment.id,
                        assessment_version: assessment.version,
                        account_id: *id,
                        cohort_id: cohort,
                        number: 1,
                        graded: true,
                        answers: None,
                        text: None,
                        document_id: None,
                        score: Some(80),
                        passed: Some(true),
                        client_key: None,
                    };
                    attempts.push((new, at));
                }
            }
            if reached == order.len() {
                certified.push((*id, structure.programme.id, cohort, day0 + TimeDelta::days(500)));
            }
        }
        let tx = state.db.begin_write().await?;
        completions::insert_many(&tx, &done).await?;
        completions::programme_insert_many(&tx, &certified).await?;
        assessments::insert_attempts(&tx, attempts).await?;
        tx.commit().await?;
        let issued = attestations::issue_owed(state, Some(cohort), None).await? + attestations::issue_owed(state, None, None).await?;
        // History's PDFs: one stored stand-in rather than a million renders.
        let backend = db.get_database_backend();
        db.execute_raw(Statement::from_string(
            backend,
            "UPDATE attestations SET pdf_key = 'bench/history.pdf', pdf_sha256 = 'bench' WHERE pdf_key IS NULL",
        ))
        .await?;
        for id in ids.iter().take(sessions_wanted.saturating_sub(session_tokens.len())) {
            session_tokens.push(sessions::create(db, *id, 24 * 30).await?.0);
        }
        seeded += size;
        cohort_number += 1;
        println!("{seeded} learners, {} completions, {issued} attestations in this cohort ({:.0} s)", done.len(), started.elapsed().as_secs_f64());
    }
    // Years of history would have been analysed along the way (autovacuum,
    // the housekeeping worker's `PRAGMA optimize`); a bulk load has not.
    state.db.optimize(true).await?;
    let path = state.settings.data_dir.join("bench-sessions.txt");
    std::fs::write(&path, session_tokens.join("\n") + "\n").with_context(|| path.display().to_string())?;
    state.storage.put("bench/history.pdf", b"%PDF-1.4 stand-in for seeded history".to_vec()).await?;
    println!("seeded {seeded} learners in {:.0} s; {} session tokens in {}", started.elapsed().as_secs_f64(), session_tokens.len(), path.display());
    Ok(())
}

/// A new cohort of `count` learners completes a module; one worker pass
/// issues their attestations. Returns the seconds the pass took.
pub async fn issue(state: &AppState, count: usize) -> anyhow::Result<f64> {
    let structure = takwia(state).await?;
    let first = structure.modules.first().context("Takwia has no module")?.id;
    let tag = format!("issue{}-", Utc::now().timestamp());
    let cohort = new_cohort(state, structure.programme.id, &format!("Takwia — banc d'essai {tag}"), REGIONS[0], count).await?;
    let ids = learners(state, cohort, 0, count, &tag).await?;
    let now = Utc::now();
    let rows: Vec<_> = ids.iter().map(|id| (*id, first, cohort, now)).collect();
    let tx = state.db.begin_write().await?;
    completions::insert_many(&tx, &rows).await?;
    tx.commit().await?;
    let started = Instant::now();
    let made = attestations::work(state).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!("{count} completions issued, {made} PDFs rendered and stored, mails queued, in {seconds:.2} s");
    Ok(seconds)
}

/// Times the indicators an administrator reads (every breakdown computed):
/// one cohort as the floor, then the last quarter and the whole history of
/// everyone. Three runs each; the median is printed.
pub async fn indicators(state: &AppState) -> anyhow::Result<()> {
    use shared::api::reports::IndicatorQuery;
    let today = Utc::now().date_naive();
    let page = shared::api::PageQuery { page: 1, per_page: 1 };
    let (listed, _) = cohorts::list(state.db.conn(), crate::policy::CohortScope::All, page).await?;
    let first_cohort = listed.first().context("no cohort: seed first")?.id;
    let cases = [
        ("one cohort (floor)", IndicatorQuery { cohort_id: Some(first_cohort), ..IndicatorQuery::default() }),
        ("everyone, last 90 days", IndicatorQuery { from: Some(today - TimeDelta::days(90)), to: Some(today), ..IndicatorQuery::default() }),
        ("everyone, whole history", IndicatorQuery::default()),
    ];
    for (label, query) in cases {
        let mut times = Vec::new();
        let mut people = 0;
        for _ in 0..3 {
            let started = Instant::now();
            let figures = crate::service::indicators::indicators(state, &crate::policy::Actor::system(), &query).await?;
            times.push(started.elapsed().as_secs_f64());
            people = figures.total.enrolled.max(figures.total.trained);
        }
        times.sort_by(f64::total_cmp);
        println!("{label}: {people} people counted, median {:.0} ms (min {:.0}, max {:.0})", times[1] * 1e3, times[0] * 1e3, times[2] * 1e3);
    }
    Ok(())
}

/// An enrolment file of `rows` people numbered from `first`, as Excel on Windows saves a CSV: a
/// byte-order mark, `;` between cells, CRLF line ends.
pub fn enrolment_file(first: usize, rows: usize) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut csv = String::from("\u{feff}Email;Prénom;Nom;Catégorie;Organisation;Fonction;Téléphone\r\n");
    for i in first..first + rows {
        let region = REGIONS[i % REGIONS.len()];
        let _ = write!(
            csv,
            "agent{i}@interieur.gov.ma;Prénom{i};عبد الله {i};Acteur public;Ministère de l'Intérieur;Délégué·e — {region};+212 537 {:06}\r\n",
            i % 1_000_000
        );
    }
    csv.into_bytes()
}
