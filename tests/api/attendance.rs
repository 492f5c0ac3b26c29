//! Where a cohort requires attendance, a passed assessment completes the
//! module only once the learner attended enough sessions.
use cursus_tests::fixtures::{count, module_id, quiz_answers};
use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(completion_waits_for_sufficient_attendance, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let trainer_id = trainer.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let takwia = app.programme(&admin, "TAKWIA").await;
    let cohort: Value = admin
        .post(
            "/api/v1/cohorts",
            &json!({ "programme_id": takwia["id"], "name": "Ateliers de Kénitra", "region": "Rabat-Salé-Kénitra", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "capacity": 30, "min_attendance_percent": 50, "trainer_ids": [trainer_id] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let cohort_id = cohort["id"].as_i64().unwrap();
    let learner = app.new_account(&admin, Role::Learner, "militante@kenitra.ma", None).await;
    let learner_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    admin.post(&format!("/api/v1/cohorts/{cohort_id}/enrolments"), &json!({ "account_id": learner_id })).await;

    let tk01 = module_id(&takwia, "TK-01");
    let mut sessions = Vec::new();
    for day in ["2027-01-10", "2027-01-17"] {
        let s: Value = trainer
            .post(&format!("/api/v1/cohorts/{cohort_id}/sessions"), &json!({ "title": "Atelier gouvernance", "module_id": tk01, "starts_at": format!("{day}T09:00:00Z"), "duration_minutes": 180, "location": "Maison des associations" }))
            .await
            .json()
            .await
            .unwrap();
        sessions.push(s["id"].as_i64().unwrap());
    }
    let quiz = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    let passed: Value = learner
        .post(&format!("/api/v1/assessments/{}/attempts", quiz["id"]), &quiz_answers(&app, quiz["id"].as_i64().unwrap(), true).await)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(passed["passed"], true);
    assert_eq!(count(&app, "completions").await, 0, "attendance 0 of 2 is not enough");

    // An unknown learner on the sheet is refused.
    let p = problem(
        trainer
            .put(&format!("/api/v1/sessions/{}/attendance", sessions[0]), &json!({ "records": [{ "account_id": 999999, "present": true }] }))
            .await,
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "unknown_learner");
    let sheet = trainer
        .put(&format!("/api/v1/sessions/{}/attendance", sessions[0]), &json!({ "records": [{ "account_id": learner_id, "present": true }] }))
        .await;
    assert_eq!(sheet.status(), StatusCode::OK);
    let sheet: Value = sheet.json().await.unwrap();
    assert_eq!(sheet["learners"][0]["present"], true);
    assert_eq!(count(&app, "completions").await, 1, "1 of 2 sessions is 50 %: completed");
    let progress = learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await;
    assert_eq!(progress["modules"][0]["state"], "completed");
    let table = trainer.get_json(&format!("/api/v1/cohorts/{cohort_id}/progress")).await;
    assert_eq!(table["learners"][0]["attendance_percent"], 50);
});
