//! The cohort catalogue: a learner sees the cohorts open to self-enrolment
//! with their places left, joins one, and is told why a full or closed one
//! takes nobody.
use cursus_tests::harness::Session;
use cursus_tests::{Backend, both_backends, problem, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

async fn cohort(admin: &Session, programme: &Value, name: &str, capacity: u32, open: bool, dates: (&str, &str)) -> i64 {
    let body = json!({ "programme_id": programme["id"], "name": name, "region": "Agadir", "learning_hub": "Espace associatif",
        "starts_on": dates.0, "ends_on": dates.1, "capacity": capacity, "self_enrolment_open": open });
    let r = admin.post("/api/v1/cohorts", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn entry(catalogue: &Value, id: i64) -> Option<Value> {
    catalogue.as_array().unwrap().iter().find(|e| e["cohort_id"] == id).cloned()
}

both_backends!(a_learner_joins_a_cohort_from_the_catalogue_and_is_told_why_others_are_closed, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let pasc = app.programme(&admin, "PASC").await;
    let small = cohort(&admin, &pasc, "PASC Agadir — petit groupe", 1, true, ("2026-01-01", "2030-12-31")).await;
    let large = cohort(&admin, &pasc, "PASC Agadir — grand groupe", 20, true, ("2026-01-01", "2030-12-31")).await;
    let invitation = cohort(&admin, &pasc, "PASC ENA — sur invitation", 20, false, ("2026-01-01", "2030-12-31")).await;
    let over = cohort(&admin, &pasc, "PASC 2020", 20, true, ("2020-01-01", "2020-06-30")).await;
    let first = app.new_account(&admin, Role::Learner, "premiere@example.org", None).await;
    let second = app.new_account(&admin, Role::Learner, "seconde@example.org", None).await;

    let seen = first.get_json("/api/v1/catalogue").await;
    let small_entry = entry(&seen, small).expect("listed");
    assert_eq!(small_entry["availability"], "open");
    assert_eq!(small_entry["places_left"], 1);
    assert_eq!(small_entry["programme_code"], "PASC");
    assert_eq!(small_entry["learning_hub"], "Espace associatif");
    assert!(entry(&seen, invitation).is_none(), "invitation-only cohorts are not offered");
    assert!(entry(&seen, over).is_none(), "ended cohorts are not offered");

    let joined = first.post(&format!("/api/v1/cohorts/{small}/enrolments"), &json!({})).await;
    assert_eq!(joined.status(), StatusCode::CREATED, "{}", joined.text().await.unwrap());
    assert_eq!(entry(&first.get_json("/api/v1/catalogue").await, small).unwrap()["availability"], "enrolled");
    // A second click on "join" changes nothing.
    assert_eq!(first.post(&format!("/api/v1/cohorts/{small}/enrolments"), &json!({})).await.status(), StatusCode::OK);
    assert_eq!(entry(&admin.get_json("/api/v1/catalogue").await, small).unwrap()["places_left"], 0);
    let map = first.get_json("/api/v1/me/progress").await;
    assert!(!map["modules"].as_array().unwrap().is_empty(), "the programme's modules are on the learner's map");

    // The second learner finds it full, and is told so if they try anyway.
    let seen = second.get_json("/api/v1/catalogue").await;
    assert_eq!(entry(&seen, small).unwrap()["availability"], "full");
    assert_eq!(entry(&seen, small).unwrap()["places_left"], 0);
    let refused = second.post(&format!("/api/v1/cohorts/{small}/enrolments"), &json!({})).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let p = problem(refused).await;
    assert_eq!(p["code"], "cohort-full");
    assert!(p["title"].as_str().unwrap().contains("complète"), "{p}");
    let closed = problem(second.post(&format!("/api/v1/cohorts/{invitation}/enrolments"), &json!({})).await).await;
    assert_eq!(closed["code"], "cohort-closed");
    assert_eq!(second.post(&format!("/api/v1/cohorts/{large}/enrolments"), &json!({})).await.status(), StatusCode::CREATED);
    assert_eq!(app.anonymous().get("/api/v1/catalogue").await.status(), StatusCode::UNAUTHORIZED);
});
