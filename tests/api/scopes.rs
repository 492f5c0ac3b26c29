//! Partner A cannot see, enrol or export partner B's people; trainers see only
//! their own cohorts' submissions and sheets.
use cursus_tests::fixtures::demo_cohort;
use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(partners_are_confined_to_their_own_people, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let cfad = app.new_organisation(&admin, "CFAD").await;
    let cfad_partner = app.new_account(&admin, Role::Partner, "manager@cfad.tn", Some(cfad)).await;
    let ena_partner = app.as_role(Role::Partner).await;
    let cohort = demo_cohort(&admin, "PASC").await;
    let id = cohort["id"].as_i64().unwrap();

    // Each partner enrols one of their own.
    let person = |email: &str| json!({ "person": { "email": email, "first_name": "P", "last_name": "N", "category": "public_actor" } });
    assert_eq!(ena_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &person("wali@ena.tn")).await.status(), StatusCode::CREATED);
    assert_eq!(cfad_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &person("maire@cfad.tn")).await.status(), StatusCode::CREATED);

    // CFAD cannot enrol ENA's person (by e-mail or by id), nor claim another organisation.
    let p = problem(cfad_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &person("wali@ena.tn")).await).await;
    assert_eq!(p["errors"][0]["code"], "other_organisation");
    let ena_people = ena_partner.get_json(&format!("/api/v1/cohorts/{id}/enrolments")).await;
    let wali = ena_people["items"][0]["account_id"].as_i64().unwrap();
    let p = problem(cfad_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &json!({ "account_id": wali })).await).await;
    assert_eq!(p["errors"][0]["code"], "other_organisation");
    let mut claim = person("nouveau@cfad.tn");
    claim["person"]["organisation"] = json!("ENA — École nationale d'administration");
    let p = problem(cfad_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &claim).await).await;
    assert_eq!(p["errors"][0]["code"], "other_organisation");
    let file = "email,first_name,last_name,category,organisation,position\nwali@ena.tn,W,A,public_actor,,Wali\n";
    let p = problem(cfad_partner.post_bytes(&format!("/api/v1/cohorts/{id}/enrolments/import"), "text/csv", file.into()).await).await;
    assert_eq!(p["rows"][0]["column"], "email");

    // Lists, progress tables and exports show only their own.
    for (session, own, other) in [(&ena_partner, "wali@ena.tn", "maire@cfad.tn"), (&cfad_partner, "maire@cfad.tn", "wali@ena.tn")] {
        let people = session.get_json(&format!("/api/v1/cohorts/{id}/enrolments")).await;
        let emails: Vec<&str> = people["items"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
        assert_eq!(emails, vec![own]);
        let table = session.get_json(&format!("/api/v1/cohorts/{id}/progress")).await;
        let emails: Vec<&str> = table["learners"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
        assert_eq!(emails, vec![own]);
        let csv = session.get(&format!("/api/v1/cohorts/{id}/progress.csv")).await.text().await.unwrap();
        assert!(csv.contains(own) && !csv.contains(other), "{csv}");
    }
    // The administrator sees both.
    let all = admin.get_json(&format!("/api/v1/cohorts/{id}/enrolments")).await;
    assert_eq!(all["total"], 2);
});

both_backends!(trainers_reach_only_their_cohorts, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let other_trainer = app.new_account(&admin, Role::Trainer, "autre.formateur@cursus.local", None).await;
    let cohort = demo_cohort(&admin, "TAKWIA").await;
    let id = cohort["id"].as_i64().unwrap();
    for path in [format!("/api/v1/cohorts/{id}/enrolments"), format!("/api/v1/cohorts/{id}/progress"), format!("/api/v1/cohorts/{id}/sessions")] {
        assert_eq!(other_trainer.get(&path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let r = other_trainer
        .post(&format!("/api/v1/cohorts/{id}/sessions"), &json!({ "title": "Atelier", "starts_at": "2027-01-10T09:00:00Z", "duration_minutes": 180 }))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let queue = other_trainer.get_json("/api/v1/grading/queue").await;
    assert_eq!(queue["total"], 0);
    // The cohort's own trainer may.
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.get(&format!("/api/v1/cohorts/{id}/progress")).await.status(), StatusCode::OK);
    // Learners and partners cannot grade.
    for role in [Role::Learner, Role::Partner] {
        let session = app.as_role(role).await;
        assert_eq!(session.get("/api/v1/grading/queue").await.status(), StatusCode::FORBIDDEN);
    }
    let _: Value = trainer.get_json("/api/v1/grading/queue").await;
});
