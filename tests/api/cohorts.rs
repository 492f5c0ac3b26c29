//! An administrator changes a running cohort: trainers, dates, capacity,
//! self-enrolment and the attendance rule.
use cursus_tests::fixtures::{count, demo_cohort};
use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(an_administrator_changes_a_cohort_and_its_trainers, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "TAKWIA").await;
    let path = format!("/api/v1/cohorts/{}", cohort["id"]);
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.get(&path).await.status(), StatusCode::OK, "the demo trainer teaches it");

    // A second trainer takes the cohort over.
    let newcomer = app.new_account(&admin, Role::Trainer, "karim.mansouri@cursus.local", None).await;
    let newcomer_id = newcomer.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    assert_eq!(newcomer.get(&path).await.status(), StatusCode::FORBIDDEN);
    let r = admin
        .patch(&path, &json!({ "trainer_ids": [newcomer_id], "capacity": 40, "self_enrolment_open": false, "min_attendance_percent": 75, "learning_hub": "Maison des associations" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let changed: Value = r.json().await.unwrap();
    assert_eq!(changed["trainers"].as_array().unwrap().len(), 1);
    assert_eq!(changed["trainers"][0]["id"], newcomer_id);
    assert_eq!(changed["capacity"], 40);
    assert_eq!(changed["self_enrolment_open"], false);
    assert_eq!(changed["min_attendance_percent"], 75);
    assert_eq!(changed["learning_hub"], "Maison des associations");
    assert_eq!(changed["name"], cohort["name"], "absent fields stay");
    assert_eq!(newcomer.get(&path).await.status(), StatusCode::OK);
    assert_eq!(trainer.get(&path).await.status(), StatusCode::FORBIDDEN, "the former trainer no longer reaches it");
    assert_eq!(trainer.get_json("/api/v1/grading/queue").await["total"], 0);

    // Closed to self-enrolment: a learner can no longer join it alone.
    let stranger = app.new_account(&admin, Role::Learner, "nadia.haddad@exemple.tn", None).await;
    let r = stranger.post(&format!("{path}/enrolments"), &json!({})).await;
    assert_eq!(problem(r).await["code"], "cohort-closed");
    // 0 stops requiring attendance.
    let r: Value = admin.patch(&path, &json!({ "min_attendance_percent": 0 })).await.json().await.unwrap();
    assert_eq!(r["min_attendance_percent"], Value::Null);
});

both_backends!(a_cohort_change_that_breaks_a_rule_is_refused_and_changes_nothing, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "TAKWIA").await;
    let path = format!("/api/v1/cohorts/{}", cohort["id"]);

    // The demo learner is enrolled: the capacity cannot go below one.
    let r = admin.patch(&path, &json!({ "capacity": 1 })).await;
    assert_eq!(r.status(), StatusCode::OK);
    let extra = app.new_account(&admin, Role::Learner, "samir@exemple.dz", None).await;
    let extra_id = extra.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let full = admin.post(&format!("{path}/enrolments"), &json!({ "account_id": extra_id })).await;
    assert_eq!(problem(full).await["code"], "cohort-full", "the new capacity holds");
    let audit = count(&app, "audit_log").await;
    let r = admin.patch(&path, &json!({ "capacity": 0 })).await;
    assert_eq!(problem(r).await["errors"][0]["field"], "capacity");

    let before = admin.get_json(&path).await;
    let r = admin.patch(&path, &json!({ "ends_on": "2000-01-01", "name": "Renommée" })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["errors"][0]["field"], "ends_on");
    assert_eq!(p["errors"][0]["message"], "La date de fin précède la date de début.");

    let learner = app.as_role(Role::Learner).await;
    let learner_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let r = admin.patch(&path, &json!({ "trainer_ids": [learner_id] })).await;
    assert_eq!(problem(r).await["errors"][0]["code"], "unknown_trainer");
    let r = admin.patch(&path, &json!({ "name": "  " })).await;
    assert_eq!(problem(r).await["errors"][0]["field"], "name");
    let r = admin.patch(&path, &json!({ "capacity": "beaucoup" })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(admin.get_json(&path).await, before, "nothing changed");
    assert_eq!(count(&app, "audit_log").await, audit, "and nothing was audited");
    // The demo learner holds the one place.
    assert_eq!(before["enrolled"], 1);
    assert_eq!(before["capacity"], 1);
});
