//! Enrolling one person: who may, into which cohorts, and what twice means.
use cursus_tests::fixtures::{count, demo_cohort};
use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(a_learner_enrols_themself_where_the_cohort_is_open, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let pasc = demo_cohort(&admin, "PASC").await["id"].as_i64().unwrap();
    let first = learner.post(&format!("/api/v1/cohorts/{pasc}/enrolments"), &json!({})).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let enrolments = count(&app, "enrolments").await;
    let second = learner.post(&format!("/api/v1/cohorts/{pasc}/enrolments"), &json!({})).await;
    assert_eq!(second.status(), StatusCode::OK, "twice is not an error");
    assert_eq!(second.json::<Value>().await.unwrap()["created"], false);
    assert_eq!(count(&app, "enrolments").await, enrolments, "and changes nothing");

    let takwia = app.programme(&admin, "TAKWIA").await;
    let closed: Value = admin
        .post("/api/v1/cohorts", &json!({ "programme_id": takwia["id"], "name": "Sur invitation", "region": "Rabat", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "capacity": 10 }))
        .await
        .json()
        .await
        .unwrap();
    let r = learner.post(&format!("/api/v1/cohorts/{}/enrolments", closed["id"]), &json!({})).await;
    assert_eq!(problem(r).await["code"], "cohort-closed");
    // A learner cannot enrol someone else.
    let r = learner
        .post(
            &format!("/api/v1/cohorts/{pasc}/enrolments"),
            &json!({ "person": { "email": "x@y.ma", "first_name": "X", "last_name": "Y", "category": "student" } }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.post(&format!("/api/v1/cohorts/{pasc}/enrolments"), &json!({})).await.status(), StatusCode::FORBIDDEN);
});

both_backends!(capacity_and_dates_are_enforced, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let create = |name: &str, starts: &str, ends: &str, capacity: u32| json!({ "programme_id": takwia["id"], "name": name, "region": "Tanger", "starts_on": starts, "ends_on": ends, "capacity": capacity, "self_enrolment_open": true });
    let one: Value = admin.post("/api/v1/cohorts", &create("Une place", "2026-01-01", "2027-12-31", 1)).await.json().await.unwrap();
    let person = |email: &str| json!({ "person": { "email": email, "first_name": "A", "last_name": "B", "category": "student" } });
    assert_eq!(admin.post(&format!("/api/v1/cohorts/{}/enrolments", one["id"]), &person("a@univ.ma")).await.status(), StatusCode::CREATED);
    let full = admin.post(&format!("/api/v1/cohorts/{}/enrolments", one["id"]), &person("b@univ.ma")).await;
    assert_eq!(full.status(), StatusCode::CONFLICT);
    assert_eq!(problem(full).await["code"], "cohort-full");
    assert_eq!(count(&app, "accounts").await, 5, "the refused person's account was not kept");

    let ended: Value = admin.post("/api/v1/cohorts", &create("Terminée", "2024-01-01", "2024-06-30", 10)).await.json().await.unwrap();
    let r = admin.post(&format!("/api/v1/cohorts/{}/enrolments", ended["id"]), &person("c@univ.ma")).await;
    assert_eq!(problem(r).await["code"], "cohort-closed");

    // Only learner accounts are enrolled.
    let me = admin.get_json("/api/v1/me").await;
    let r = admin.post(&format!("/api/v1/cohorts/{}/enrolments", one["id"]), &json!({ "account_id": me["account"]["id"] })).await;
    assert_eq!(problem(r).await["errors"][0]["code"], "not_a_learner");
    let r = admin.post(&format!("/api/v1/cohorts/{}/enrolments", one["id"]), &json!({})).await;
    assert_eq!(problem(r).await["errors"][0]["field"], "person");
});

both_backends!(a_withdrawn_learner_loses_access_and_comes_back_with_their_progress, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let learner_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let cohort = demo_cohort(&admin, "TAKWIA").await;
    let cohort_id = cohort["id"].as_i64().unwrap();
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = cursus_tests::fixtures::module_id(&takwia, "TK-01");
    cursus_tests::fixtures::pass_quiz(&app, &learner, tk01).await;
    let path = format!("/api/v1/cohorts/{cohort_id}/enrolments/{learner_id}");

    // Only administrators, and partner managers for their own people: to
    // another organisation's manager this person does not exist.
    for (role, refusal) in [(Role::Learner, StatusCode::FORBIDDEN), (Role::Trainer, StatusCode::FORBIDDEN), (Role::Partner, StatusCode::NOT_FOUND)] {
        let r = app.as_role(role).await.request(reqwest::Method::DELETE, &path).send().await.unwrap();
        assert_eq!(r.status(), refusal, "{role}");
    }
    let r = admin.request(reqwest::Method::DELETE, &path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "withdrawn");
    let audit = count(&app, "audit_log").await;
    let again = admin.request(reqwest::Method::DELETE, &path).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK, "twice is not an error");
    assert_eq!(count(&app, "audit_log").await, audit, "and changes nothing");

    assert_eq!(admin.get_json(&format!("/api/v1/cohorts/{cohort_id}")).await["enrolled"], 0);
    assert_eq!(admin.get_json(&format!("/api/v1/cohorts/{cohort_id}/enrolments")).await["total"], 0);
    let r = learner.get(&format!("/api/v1/me/progress?cohort={cohort_id}")).await;
    assert_eq!(problem(r).await["code"], "not-enrolled");
    let r = learner.get(&format!("/api/v1/modules/{tk01}/assessment")).await;
    assert_eq!(problem(r).await["code"], "not-enrolled");
    let unknown = admin.request(reqwest::Method::DELETE, &format!("/api/v1/cohorts/{cohort_id}/enrolments/999999")).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // Enrolled again: the same enrolment, active, and module 1 still completed.
    let enrolments = count(&app, "enrolments").await;
    let back = admin.post(&format!("/api/v1/cohorts/{cohort_id}/enrolments"), &json!({ "account_id": learner_id })).await;
    assert_eq!(back.status(), StatusCode::CREATED);
    assert_eq!(back.json::<Value>().await.unwrap()["status"], "active");
    assert_eq!(count(&app, "enrolments").await, enrolments);
    let progress = learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await;
    let tk01_state = progress["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == tk01).unwrap()["state"].clone();
    assert_eq!(tk01_state, "completed");

    // A file brings a withdrawn person back the same way.
    assert_eq!(admin.request(reqwest::Method::DELETE, &path).send().await.unwrap().status(), StatusCode::OK);
    let email = learner.get_json("/api/v1/me").await["account"]["email"].as_str().unwrap().to_string();
    let csv = format!("email,first_name,last_name,category,organisation,position\n{email},Aïcha,Ould Ahmed,association,Association Tanmia,Membre\n");
    let import = format!("/api/v1/cohorts/{cohort_id}/enrolments/import");
    let preview: Value = admin.post_bytes(&format!("{import}?dry_run=true"), "text/csv", csv.clone().into_bytes()).await.json().await.unwrap();
    assert_eq!(preview["rows"][0]["outcome"], "enrol", "a withdrawn person is enrolled again, not already enrolled: {preview}");
    let report: Value = admin.post_bytes(&import, "text/csv", csv.into_bytes()).await.json().await.unwrap();
    assert_eq!(report["counts"]["enrolled"], 1);
    assert_eq!(count(&app, "enrolments").await, enrolments);
    assert_eq!(admin.get_json(&format!("/api/v1/cohorts/{cohort_id}")).await["enrolled"], 1);
    assert_eq!(learner.get(&format!("/api/v1/me/progress?cohort={cohort_id}")).await.status(), StatusCode::OK);

    // A partner manager withdraws their own people.
    let partner = app.as_role(Role::Partner).await;
    let person = json!({ "person": { "email": "hela.mejri@ena.tn", "first_name": "Hela", "last_name": "Mejri", "category": "public_actor" } });
    assert_eq!(partner.post(&format!("/api/v1/cohorts/{cohort_id}/enrolments"), &person).await.status(), StatusCode::ACCEPTED);
    let listed = partner.get_json(&format!("/api/v1/cohorts/{cohort_id}/enrolments")).await;
    let theirs = listed["items"].as_array().unwrap().iter().find(|p| p["email"] == "hela.mejri@ena.tn").unwrap().clone();
    let r =
        partner.request(reqwest::Method::DELETE, &format!("/api/v1/cohorts/{cohort_id}/enrolments/{}", theirs["account_id"])).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "withdrawn");
});
