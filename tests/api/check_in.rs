//! QR self check-in: a learner is marked present (or late) with the code the
//! trainer shows — and refused outside the session's window, outside the
//! cohort, with another session's code or an old one, and a second time.
//! A whole cohort checking in at once gives one record each.
use chrono::{TimeDelta, Utc};
use cursus::domain::workshops;
use cursus::entities::cohort_session;
use cursus_tests::fixtures::{count, people_csv};
use cursus_tests::harness::{Session, TestApp, problem};
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use shared::enums::Role;

use crate::attendance::{enrol, session, workshop_cohort};

fn minutes_ago(m: i64) -> String {
    (Utc::now() - TimeDelta::minutes(m)).to_rfc3339()
}

async fn code(trainer: &Session, session_id: i64) -> Value {
    let response = trainer.get(&format!("/api/v1/sessions/{session_id}/check-in-code")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

async fn check_in(learner: &Session, session_id: i64, code: &str) -> reqwest::Response {
    learner.post(&format!("/api/v1/sessions/{session_id}/check-in"), &json!({ "code": code })).await
}

async fn secret(app: &TestApp, session_id: i64) -> String {
    cohort_session::Entity::find_by_id(session_id).one(app.state.db.conn()).await.unwrap().unwrap().checkin_secret.unwrap()
}

both_backends!(check_in_is_refused_outside_its_window_cohort_session_and_time_and_taken_once, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({})).await;
    let (learner, learner_id) = enrol(&app, &admin, cohort_id, "yasmine@kenitra.ma").await;
    let now = session(&trainer, cohort_id, None, &minutes_ago(5), 120).await;
    let started_long_ago = session(&trainer, cohort_id, None, &minutes_ago(40), 120).await;
    let last_week = session(&trainer, cohort_id, None, &minutes_ago(7 * 24 * 60), 120).await;
    let shown = code(&trainer, now).await;
    let current = shown["code"].as_str().unwrap().to_string();
    assert_eq!(shown["url"].as_str().unwrap(), format!("{}/check-in/{now}/{current}", app.state.settings.base_url));
    assert!(shown["svg"].as_str().unwrap().starts_with("<svg"));

    // Only learners check in, and only in their own cohort.
    assert_eq!(check_in(&trainer, now, &current).await.status(), StatusCode::FORBIDDEN);
    let outsider = app.new_account(&admin, Role::Learner, "ailleurs@oujda.ma", None).await;
    assert_eq!(problem(check_in(&outsider, now, &current).await).await["type"], "/problems/not-enrolled");
    // Another session's code, and this session's code of five minutes ago.
    let other = code(&trainer, started_long_ago).await["code"].as_str().unwrap().to_string();
    let p = problem(check_in(&learner, now, &other).await).await;
    assert_eq!(p["type"], "/problems/check-in-code-invalid");
    assert!(p["detail"].as_str().unwrap_or(p["title"].as_str().unwrap()).contains("expiré"), "{p}");
    let old = workshops::code(&secret(&app, now).await, now, workshops::window_of(Utc::now() - TimeDelta::minutes(5)));
    assert_eq!(problem(check_in(&learner, now, &old).await).await["type"], "/problems/check-in-code-invalid");
    // A session of last week is closed, even with its current code.
    let stale = code(&trainer, last_week).await["code"].as_str().unwrap().to_string();
    assert_eq!(problem(check_in(&learner, last_week, &stale).await).await["type"], "/problems/check-in-closed");
    assert_eq!(count(&app, "attendances").await, 0, "no refusal records anything");

    // The current code, typed in lower case: present. A second time: refused.
    let done = check_in(&learner, now, &current.to_lowercase()).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(done.json::<Value>().await.unwrap()["status"], "present");
    assert_eq!(problem(check_in(&learner, now, &current).await).await["type"], "/problems/already-checked-in");
    // Forty minutes after the start: late.
    let later = code(&trainer, started_long_ago).await["code"].as_str().unwrap().to_string();
    assert_eq!(check_in(&learner, started_long_ago, &later).await.json::<Value>().await.unwrap()["status"], "late");

    // The trainer's sheet shows who checked in by QR; the trainer may correct it.
    let sheet = trainer.get_json(&format!("/api/v1/sessions/{now}/attendance")).await;
    assert_eq!(
        (sheet["learners"][0]["account_id"].as_i64(), sheet["learners"][0]["status"].as_str(), sheet["learners"][0]["by_self"].as_bool()),
        (Some(learner_id), Some("present"), Some(true))
    );
    let corrected: Value = trainer
        .put(&format!("/api/v1/sessions/{now}/attendance"), &json!({ "records": [{ "account_id": learner_id, "status": "late" }] }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((corrected["learners"][0]["status"].as_str(), corrected["learners"][0]["by_self"].as_bool()), (Some("late"), Some(false)));
    let audit = admin.get_json(&format!("/api/v1/audit?entity=cohort_session&entity_id={now}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|i| i["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"attendance.check_in") && actions.contains(&"attendance.record"), "{actions:?}");
});

both_backends!(a_whole_cohort_of_a_hundred_checks_in_at_once, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({})).await;
    let imported = admin.post_bytes(&format!("/api/v1/cohorts/{cohort_id}/enrolments/import"), "text/csv", people_csv(100, "ena.tn").into()).await;
    assert_eq!(imported.status(), StatusCode::OK, "{}", imported.text().await.unwrap());
    let sheet = trainer.get_json(&format!("/api/v1/cohorts/{cohort_id}/sessions")).await;
    assert_eq!(sheet.as_array().unwrap().len(), 0);
    let session_id = session(&trainer, cohort_id, None, &minutes_ago(2), 180).await;
    let ids: Vec<i64> = trainer.get_json(&format!("/api/v1/sessions/{session_id}/attendance")).await["learners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["account_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 100);
    let mut learners = Vec::new();
    for id in &ids {
        learners.push(app.signed_in_as(*id).await);
    }
    let current = code(&trainer, session_id).await["code"].as_str().unwrap().to_string();
    let answers = futures::future::join_all(learners.iter().map(|l| check_in(l, session_id, &current))).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let sheet = trainer.get_json(&format!("/api/v1/sessions/{session_id}/attendance")).await;
    assert_eq!(sheet["session"]["present"], 100);
    assert_eq!(count(&app, "attendances").await, 100);
});
