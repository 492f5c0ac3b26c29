//! The "En chiffres" figures, for administrators and, narrowed to their own
//! people, partner managers; and the audit log, for administrators.
use cursus_tests::fixtures::{demo_cohort, module_id, pass_quiz};
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(the_summary_counts_people_by_category_region_and_cohort, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let partner = app.as_role(Role::Partner).await;
    let pasc = demo_cohort(&admin, "PASC").await["id"].as_i64().unwrap();
    let csv = "email,first_name,last_name,category,organisation,position\n\
               wali@ena.tn,W,A,public_actor,,Wali\nmaire@ena.tn,M,B,public_actor,,Maire\nradio@ena.tn,R,C,local_media,,Journaliste\n";
    assert_eq!(partner.post_bytes(&format!("/api/v1/cohorts/{pasc}/enrolments/import"), "text/csv", csv.into()).await.status(), StatusCode::OK);
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    pass_quiz(&app, &learner, module_id(&takwia, "TK-01")).await;

    let all: Value = admin.get_json("/api/v1/reports/summary").await;
    assert_eq!(all["learners"], 4);
    assert_eq!(all["modules_completed"], 1);
    let categories: Vec<(Value, Value)> =
        all["by_category"].as_array().unwrap().iter().map(|c| (c["category"].clone(), c["learners"].clone())).collect();
    assert_eq!(categories, vec![(json!("association"), json!(1)), (json!("public_actor"), json!(2)), (json!("local_media"), json!(1))]);
    let tunis = all["by_region"].as_array().unwrap().iter().find(|r| r["region"] == "Tunis").unwrap();
    assert_eq!(tunis["learners"], 3);
    assert_eq!(all["by_cohort"].as_array().unwrap().len(), 2);

    let own: Value = partner.get_json("/api/v1/reports/summary").await;
    assert_eq!(own["learners"], 3, "only ENA's people");
    assert_eq!(own["modules_completed"], 0);
    assert_eq!(own["by_cohort"].as_array().unwrap().len(), 1);
    for role in [Role::Learner, Role::Trainer] {
        assert_eq!(app.as_role(role).await.get("/api/v1/reports/summary").await.status(), StatusCode::FORBIDDEN);
    }
});

both_backends!(the_audit_log_says_who_changed_what, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "PASC").await;
    let id = cohort["id"].as_i64().unwrap();
    let r = admin.patch(&format!("/api/v1/cohorts/{id}"), &json!({ "capacity": 25 })).await;
    assert_eq!(r.status(), StatusCode::OK);
    admin.patch(&format!("/api/v1/cohorts/{id}"), &json!({ "self_enrolment_open": false })).await;

    let log = admin.get_json(&format!("/api/v1/audit?entity=cohort&entity_id={id}")).await;
    assert_eq!(log["total"], 2);
    let newest = &log["items"][0];
    assert_eq!(newest["action"], "cohort.update");
    assert_eq!(newest["detail"]["self_enrolment_open"], false, "newest first");
    assert_eq!(log["items"][1]["detail"]["capacity"], 25);
    let me = admin.get_json("/api/v1/me").await;
    assert_eq!(newest["actor"]["id"], me["account"]["id"]);
    let everything = admin.get_json("/api/v1/audit?per_page=1").await;
    assert_eq!(everything["items"].as_array().unwrap().len(), 1);
    assert!(everything["total"].as_u64().unwrap() >= 2);
    let theirs = admin.get_json(&format!("/api/v1/audit?actor={}", me["account"]["id"])).await;
    assert!(theirs["items"].as_array().unwrap().iter().all(|e| e["actor"]["id"] == me["account"]["id"]));

    for role in [Role::Learner, Role::Trainer, Role::Partner] {
        assert_eq!(app.as_role(role).await.get("/api/v1/audit").await.status(), StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(app.anonymous().get("/api/v1/audit").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(admin.get("/api/v1/audit?per_page=0").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
});
