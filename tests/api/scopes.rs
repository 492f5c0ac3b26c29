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
    let enrol = |session: &cursus_tests::Session, body: Value| {
        let path = format!("/api/v1/cohorts/{id}/enrolments");
        let request = session.request(reqwest::Method::POST, &path).json(&body);
        async move { request.send().await.unwrap() }
    };
    let answer = |r: reqwest::Response| async move { (r.status(), r.json::<Value>().await.unwrap()) };
    assert_eq!(enrol(&ena_partner, person("wali@ena.tn")).await.status(), StatusCode::ACCEPTED);
    assert_eq!(enrol(&cfad_partner, person("maire@cfad.tn")).await.status(), StatusCode::ACCEPTED);

    // CFAD cannot learn that ENA's person exists: their address is answered
    // exactly like an address nobody holds, and the person is only asked, by
    // mail, whether they want to join.
    let (status, body) = answer(enrol(&cfad_partner, person("wali@ena.tn")).await).await;
    let (new_status, new_body) = answer(enrol(&cfad_partner, person("personne@nulle-part.tn")).await).await;
    assert_eq!((status, new_status), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), new_body.as_object().unwrap().keys().collect::<Vec<_>>());
    assert_eq!(body["email"], "wali@ena.tn");
    let joins = cursus_tests::fixtures::count(&app, "join_requests").await;
    assert_eq!(joins, 1, "wali is asked, not enrolled");
    let ena_people = ena_partner.get_json(&format!("/api/v1/cohorts/{id}/enrolments")).await;
    let wali = ena_people["items"][0]["account_id"].as_i64().unwrap();
    // By id: the same answer as an id nobody has.
    let by_id = problem(cfad_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &json!({ "account_id": wali })).await).await;
    let missing = problem(cfad_partner.post(&format!("/api/v1/cohorts/{id}/enrolments"), &json!({ "account_id": 999_999 })).await).await;
    assert_eq!(by_id, missing);
    assert_eq!(by_id["errors"][0]["code"], "unknown_account");
    // Nor claim another organisation in the organisation column.
    let mut claim = person("nouveau@cfad.tn");
    claim["person"]["organisation"] = json!("ENA — École nationale d'administration");
    let (status, _) = answer(enrol(&cfad_partner, claim).await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "a partner's new people join the partner's organisation");
    // A file: ENA's person reads like a new address in the dry run.
    let file = "email,first_name,last_name,category,organisation,position\nwali@ena.tn,W,A,public_actor,,Wali\ninconnu@nulle-part.tn,I,N,public_actor,,Agent\n";
    let report = cfad_partner
        .post_bytes(&format!("/api/v1/cohorts/{id}/enrolments/import?dry_run=true"), "text/csv", file.into())
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(report["rows"][0]["outcome"], report["rows"][1]["outcome"]);
    assert_eq!(report["rows"][0]["outcome"], "new_account");

    // Lists, progress tables and exports show only their own.
    for (session, own, other) in [(&ena_partner, "wali@ena.tn", "maire@cfad.tn"), (&cfad_partner, "maire@cfad.tn", "wali@ena.tn")] {
        let people = session.get_json(&format!("/api/v1/cohorts/{id}/enrolments")).await;
        let emails: Vec<&str> = people["items"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
        assert!(emails.contains(&own) && !emails.contains(&other), "{emails:?}");
        let table = session.get_json(&format!("/api/v1/cohorts/{id}/progress")).await;
        let emails: Vec<&str> = table["learners"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
        assert!(emails.contains(&own) && !emails.contains(&other), "{emails:?}");
        let csv = session.get(&format!("/api/v1/cohorts/{id}/progress.csv")).await.text().await.unwrap();
        assert!(csv.contains(own) && !csv.contains(other), "{csv}");
    }
    // The administrator sees everyone enrolled: wali was asked, not enrolled by CFAD.
    let all = admin.get_json(&format!("/api/v1/cohorts/{id}/enrolments?per_page=50")).await;
    let emails: Vec<&str> = all["items"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
    assert_eq!(all["total"], 4, "{emails:?}");
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
