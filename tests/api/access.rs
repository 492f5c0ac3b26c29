use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::enums::Role;

/// Every route that only administrators may use, with a body that would be
/// valid for one.
async fn admin_routes(app: &cursus_tests::TestApp) -> Vec<(Method, String, Value)> {
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let programme_id = takwia["id"].as_i64().unwrap();
    let module_id = takwia["modules"][1]["id"].as_i64().unwrap();
    let cohort_id = cursus_tests::fixtures::demo_cohort(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    vec![
        (Method::POST, "/api/v1/programmes".into(), json!({ "code": "NEW", "title": { "fr": "Nouveau" } })),
        (Method::POST, format!("/api/v1/programmes/{programme_id}/modules"), json!({ "code": "TK-99", "title": { "fr": "Module" }, "hours": 3 })),
        (Method::PATCH, format!("/api/v1/modules/{module_id}"), json!({ "hours": 7 })),
        (Method::PUT, format!("/api/v1/modules/{module_id}/prerequisites"), json!({ "groups": [] })),
        (
            Method::POST,
            "/api/v1/cohorts".into(),
            json!({ "programme_id": programme_id, "name": "C", "region": "Tunis", "starts_on": "2027-01-01", "ends_on": "2027-06-30", "capacity": 10 }),
        ),
        (Method::PATCH, format!("/api/v1/programmes/{programme_id}"), json!({ "issuer": "Quelqu'un d'autre" })),
        (Method::PATCH, format!("/api/v1/cohorts/{cohort_id}"), json!({ "capacity": 99 })),
        (Method::POST, "/api/v1/accounts".into(), json!({ "email": "x@example.org", "full_name": "X", "role": "learner" })),
        (Method::POST, "/api/v1/organisations".into(), json!({ "name": "Org", "kind": "association" })),
    ]
}

both_backends!(admin_routes_are_refused_to_every_other_role, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let routes = admin_routes(&app).await;
    let anonymous = app.anonymous();
    for (method, path, body) in &routes {
        let r = anonymous.request(method.clone(), path).json(body).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        assert_eq!(problem(r).await["code"], "unauthenticated");
    }
    for role in [Role::Learner, Role::Trainer, Role::Partner] {
        let session = app.as_role(role).await;
        for (method, path, body) in &routes {
            let r = session.request(method.clone(), path).json(body).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role} {method} {path}");
            assert_eq!(problem(r).await["code"], "forbidden");
        }
    }
    // Nothing was changed by the refused requests.
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    assert_eq!(takwia["modules"].as_array().unwrap().len(), 16);
    assert_eq!(takwia["modules"][1]["hours"], 18);
    assert_ne!(takwia["issuer"], "Quelqu'un d'autre");
    assert_eq!(cursus_tests::fixtures::demo_cohort(&admin, "TAKWIA").await["capacity"], 40);
    let programmes = admin.get_json("/api/v1/programmes").await;
    assert_eq!(programmes["total"], 2);
    // And the administrator may do each of them.
    for (method, path, body) in &routes {
        let r = admin.request(method.clone(), path).json(body).send().await.unwrap();
        assert!(r.status().is_success(), "admin {method} {path}: {}", r.status());
    }
});

both_backends!(people_lists_are_refused_to_learners_and_trainers, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    for role in [Role::Learner, Role::Trainer] {
        let session = app.as_role(role).await;
        assert_eq!(session.get("/api/v1/accounts").await.status(), StatusCode::FORBIDDEN, "{role}");
        assert_eq!(session.get("/api/v1/organisations").await.status(), StatusCode::FORBIDDEN, "{role}");
    }
});

both_backends!(a_partner_sees_only_their_own_organisations_people, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let cfad = app.new_organisation(&admin, "CFAD — Centre de formation et d'appui à la décentralisation").await;
    let _cfad_partner = app.new_account(&admin, Role::Partner, "manager@cfad.example", Some(cfad)).await;
    app.new_account(&admin, Role::Learner, "delegue@cfad.example", Some(cfad)).await;

    let ena = app.as_role(Role::Partner).await;
    let me = ena.get_json("/api/v1/me").await;
    let ena_org = me["account"]["organisation_id"].as_i64().unwrap();
    app.new_account(&admin, Role::Learner, "gouverneur@ena.example", Some(ena_org)).await;

    let people = ena.get_json("/api/v1/accounts").await;
    let emails: Vec<&str> = people["items"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
    assert!(emails.contains(&"gouverneur@ena.example"), "{emails:?}");
    assert!(!emails.iter().any(|e| e.ends_with("@cfad.example")), "{emails:?}");
    assert!(people["items"].as_array().unwrap().iter().all(|p| p["organisation_id"] == ena_org));
    // Asking for the other organisation explicitly gives nothing, not its people.
    let other = ena.get_json(&format!("/api/v1/accounts?organisation_id={cfad}")).await;
    assert_eq!(other["total"], 0);
    assert_eq!(other["items"].as_array().unwrap().len(), 0);
    let orgs = ena.get_json("/api/v1/organisations").await;
    assert_eq!(orgs["items"].as_array().unwrap().len(), 1);
    assert_eq!(orgs["items"][0]["id"], ena_org);
    // The administrator sees both.
    let all = admin.get_json("/api/v1/accounts?per_page=200").await;
    let all: Vec<&str> = all["items"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
    assert!(all.contains(&"delegue@cfad.example") && all.contains(&"gouverneur@ena.example"));
});

both_backends!(a_trainer_sees_only_the_cohorts_they_teach, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let other = admin
        .post(
            "/api/v1/cohorts",
            &json!({ "programme_id": takwia["id"], "name": "Takwia — Oujda", "region": "Oriental", "starts_on": "2027-01-01", "ends_on": "2027-12-31", "capacity": 30 }),
        )
        .await;
    assert_eq!(other.status(), StatusCode::CREATED);
    let other_id = other.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let trainer = app.as_role(Role::Trainer).await;
    let mine = trainer.get_json("/api/v1/cohorts").await;
    let ids: Vec<i64> = mine["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 2, "the two demo cohorts");
    assert!(!ids.contains(&other_id));
    assert_eq!(trainer.get(&format!("/api/v1/cohorts/{other_id}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(admin.get(&format!("/api/v1/cohorts/{other_id}")).await.status(), StatusCode::OK);
});
