//! What must not grow with history: the background workers' search for owed
//! work uses indexes (never a scan of completions or attestations), and the
//! learner's map costs a fixed, small number of round trips.
use cursus_tests::fixtures::{module_id, pass_quiz};
use cursus_tests::{Backend, TestApp, both_backends, spawn_app_with};
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use shared::enums::Role;

/// The plan of a statement: SQLite's `EXPLAIN QUERY PLAN`, or PostgreSQL's
/// `EXPLAIN` with sequential scans priced out, so that the plan shows whether
/// an index *can* serve the query (on a small table a scan is cheaper).
async fn plan(app: &TestApp, sql: &str) -> String {
    let db = app.state.db.conn();
    let backend = db.get_database_backend();
    match backend {
        sea_orm::DatabaseBackend::Postgres => {
            let tx = db.begin().await.unwrap();
            tx.execute_unprepared("SET LOCAL enable_seqscan = off").await.unwrap();
            let rows = tx.query_all_raw(Statement::from_string(backend, format!("EXPLAIN {sql}"))).await.unwrap();
            let lines: Vec<String> = rows.iter().map(|r| r.try_get::<String>("", "QUERY PLAN").unwrap()).collect();
            tx.rollback().await.unwrap();
            lines.join("\n")
        }
        _ => {
            let rows = db.query_all_raw(Statement::from_string(backend, format!("EXPLAIN QUERY PLAN {sql}"))).await.unwrap();
            rows.iter().map(|r| r.try_get::<String>("", "detail").unwrap()).collect::<Vec<_>>().join("\n")
        }
    }
}

fn scans_a_table(plan: &str) -> bool {
    plan.contains("Seq Scan") || plan.lines().any(|l| l.trim_start().starts_with("SCAN ") && !l.contains("USING"))
}

both_backends!(an_idle_worker_pass_probes_indexes_and_reads_no_history, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    // Some history: a completion, its attestation and PDF.
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    pass_quiz(&app, &learner, module_id(&takwia, "TK-01")).await;
    app.run_workers_once().await;

    // An idle pass: nothing is owed.
    let statements = app.state.db.statements();
    statements.record();
    assert_eq!(cursus::service::attestations::work(&app.state).await.unwrap(), 0);
    let recorded = statements.recorded();
    assert!(recorded.len() <= 3, "an idle pass runs {} statements:\n{}", recorded.len(), recorded.join("\n"));
    for sql in &recorded {
        let plan = plan(&app, sql).await;
        assert!(!scans_a_table(&plan), "{sql}\nscans a table:\n{plan}");
    }
});

both_backends!(the_learners_map_costs_three_round_trips_and_one_when_unchanged, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    // The first map may fill the programme cache; the next ones are what a learner costs.
    learner.get_json("/api/v1/me/progress").await;
    pass_quiz(&app, &learner, module_id(&takwia, "TK-01")).await;
    let statements = app.state.db.statements();
    statements.record();
    let map = learner.get_json("/api/v1/me/progress").await;
    let recorded = statements.recorded();
    assert_eq!(map["completed"], 1);
    assert!(recorded.len() <= 3, "the map took {} round trips:\n{}", recorded.len(), recorded.join("\n"));
    // Nothing changed since: the map this process computed is sent again
    // after the one statement that says so.
    statements.record();
    let again = learner.get_json("/api/v1/me/progress").await;
    let recorded = statements.recorded();
    assert_eq!(again, map);
    assert_eq!(recorded.len(), 1, "an unchanged map took {} round trips:\n{}", recorded.len(), recorded.join("\n"));
});

both_backends!(a_learners_progress_made_through_one_process_shows_through_another, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let peer = cursus_tests::spawn_peer(&app, |s| s.run_workers = false).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let module = |map: &serde_json::Value, id: i64| map["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == id).unwrap().clone();
    // The first process computes the map and keeps it.
    let before = learner.get_json("/api/v1/me/progress").await;
    assert_eq!(learner.get_json("/api/v1/me/progress").await, before);
    assert_eq!(before["completed"], 0);
    // The same learner passes TK-01's quiz through the other process.
    let (email, password) = app.demo[&Role::Learner].clone();
    pass_quiz(&app, &peer.login(&email, &password).await, tk01).await;
    let after = learner.get_json("/api/v1/me/progress").await;
    assert_eq!(after["completed"], 1, "{after}");
    assert_eq!(module(&after, tk01)["state"], "completed", "{after}");
    assert_eq!(module(&after, tk01)["attempts_used"], 1, "{after}");
});

both_backends!(a_programme_changed_through_one_process_shows_through_another, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let peer = cursus_tests::spawn_peer(&app, |s| s.run_workers = false).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk03 = module_id(&takwia, "TK-03");
    let hours = |map: &serde_json::Value| map["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == tk03).unwrap()["hours"].clone();
    let before = learner.get_json("/api/v1/me/progress").await;
    assert_ne!(hours(&before), 31);
    // An administrator on the other process changes the module.
    let (email, password) = app.demo[&Role::Admin].clone();
    let admin = peer.login(&email, &password).await;
    assert_eq!(admin.patch(&format!("/api/v1/modules/{tk03}"), &serde_json::json!({ "hours": 31 })).await.status(), reqwest::StatusCode::OK);
    // The first process's cached structure is not served any more.
    assert_eq!(hours(&learner.get_json("/api/v1/me/progress").await), 31);
});

/// The statements a staff list costs, page of one and page of all: a list
/// whose cost grows with its page runs a query per row.
async fn statements_for(app: &TestApp, session: &cursus_tests::harness::Session, path: &str) -> (serde_json::Value, usize) {
    let statements = app.state.db.statements();
    statements.record();
    let body = session.get_json(path).await;
    (body, statements.recorded().len())
}

both_backends!(staff_lists_cost_the_same_for_one_row_as_for_a_page, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    // Two attestations with a lineage: TK-01 revoked, then reissued.
    pass_quiz(&app, &learner, module_id(&takwia, "TK-01")).await;
    app.run_workers_once().await;
    let first = learner.get_json("/api/v1/attestations").await["items"][0].clone();
    let id = first["id"].as_i64().unwrap();
    admin.post(&format!("/api/v1/attestations/{id}/revoke"), &serde_json::json!({ "reason": "Mauvaise personne" })).await;
    let reissued = admin.post(&format!("/api/v1/attestations/{id}/reissue"), &serde_json::json!({ "reason": "Corrigée" })).await;
    assert_eq!(reissued.status(), reqwest::StatusCode::CREATED);

    let (_, one) = statements_for(&app, &admin, "/api/v1/attestations?per_page=1").await;
    let (all, many) = statements_for(&app, &admin, "/api/v1/attestations?per_page=50").await;
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{all}");
    assert_eq!(one, many, "one attestation listed in {one} statements, two in {many}");
    // The lineage read for the whole page is each row's own.
    let old = items.iter().find(|a| a["id"] == id).unwrap();
    let new = items.iter().find(|a| a["supersedes"] == first["code"]).expect("the reissued attestation names the one it replaced");
    assert_eq!(old["superseded_by"], new["code"]);
    assert!(old["undo_until"].is_null(), "a reissued revocation cannot be undone");
    assert!(old["supersedes"].is_null() && new["superseded_by"].is_null(), "{all}");

    // The demo cohorts, one per programme: a page of different rows.
    let cohorts = admin.get_json("/api/v1/cohorts?per_page=50").await;
    assert!(cohorts["items"].as_array().unwrap().len() >= 2, "{cohorts}");
    let (_, one) = statements_for(&app, &admin, "/api/v1/cohorts?per_page=1").await;
    let (all, many) = statements_for(&app, &admin, "/api/v1/cohorts?per_page=50").await;
    assert_eq!(one, many, "one cohort listed in {one} statements, a page in {many}");
    let takwia_cohort = all["items"].as_array().unwrap().iter().find(|c| c["programme_code"] == "TAKWIA").unwrap();
    assert!(takwia_cohort["enrolled"].as_u64().unwrap() >= 1 && !takwia_cohort["trainers"].as_array().unwrap().is_empty(), "{takwia_cohort}");

    // A learner's cohorts: two cost what one did.
    let (mine, one) = statements_for(&app, &learner, "/api/v1/me/cohorts").await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    let me = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let pasc = cursus_tests::fixtures::demo_cohort(&admin, "PASC").await;
    let enrolled = admin.post(&format!("/api/v1/cohorts/{}/enrolments", pasc["id"]), &serde_json::json!({ "account_id": me })).await;
    assert!(enrolled.status().is_success(), "{}", enrolled.status());
    let (mine, two) = statements_for(&app, &learner, "/api/v1/me/cohorts").await;
    let names: Vec<&str> = mine.as_array().unwrap().iter().map(|c| c["programme_code"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{mine}");
    assert!(names.contains(&"PASC") && names.contains(&"TAKWIA"), "{mine}");
    assert_eq!(one, two, "one cohort of a learner read in {one} statements, two in {two}");
});
