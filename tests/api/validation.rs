use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::json;
use shared::enums::Role;

both_backends!(invalid_input_gets_per_field_messages_in_french_then_english, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let bad = json!({
        "programme_id": takwia["id"], "name": "  ", "region": "Tunis",
        "starts_on": "2027-06-01", "ends_on": "2027-01-01", "capacity": 0
    });
    let r = admin.post("/api/v1/cohorts", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["type"], "/problems/validation");
    assert_eq!(p["title"], "Certaines informations sont invalides");
    let errors = p["errors"].as_array().unwrap();
    let message = |field: &str| errors.iter().find(|e| e["field"] == field).map(|e| e["message"].as_str().unwrap().to_string());
    assert_eq!(message("name").as_deref(), Some("Ce champ est obligatoire."));
    assert_eq!(message("capacity").as_deref(), Some("Doit être compris entre 1 et 100000."));
    assert_eq!(message("ends_on").as_deref(), Some("La date de fin précède la date de début."));

    let admin_en = app.as_role(Role::Admin).await.with_lang("en");
    let p = problem(admin_en.post("/api/v1/cohorts", &bad).await).await;
    assert_eq!(p["title"], "Some information is invalid");
    assert!(p["errors"].as_array().unwrap().iter().any(|e| e["field"] == "capacity" && e["message"] == "Must be between 1 and 100000."));

    // Nothing was created.
    let cohorts = admin.get_json("/api/v1/cohorts").await;
    assert_eq!(cohorts["total"], 2);
});

both_backends!(type_errors_and_missing_fields_are_named, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let path = format!("/api/v1/programmes/{}/modules", takwia["id"]);
    let p = problem(admin.post(&path, &json!({ "code": "X-1", "title": { "fr": "T" }, "hours": "douze" })).await).await;
    assert_eq!(p["status"], 422);
    assert_eq!(p["errors"][0]["field"], "hours");
    let p = problem(admin.post(&path, &json!({ "title": { "fr": "T" }, "hours": 3 })).await).await;
    assert_eq!(p["errors"][0]["field"], "code");
    assert_eq!(p["errors"][0]["message"], "Ce champ est obligatoire.");
    // Unparsable JSON is a 400, not a 500.
    let r = admin.post_bytes(&path, "application/json", b"{\"code\":".to_vec()).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Wrong media type.
    let r = admin.post_bytes(&path, "text/plain", b"hello".to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A duplicate code is a field error.
    let p = problem(admin.post(&path, &json!({ "code": "TK-01", "title": { "fr": "T" }, "hours": 3 })).await).await;
    assert_eq!(p["errors"][0]["field"], "code");
    assert_eq!(p["errors"][0]["message"], "Ce code est déjà utilisé.");
    // An id that is not a number is a 404, an unknown one too.
    assert_eq!(admin.get("/api/v1/programmes/abc").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(admin.get("/api/v1/programmes/999999").await.status(), StatusCode::NOT_FOUND);
    // Pagination parameters are validated.
    assert_eq!(admin.get("/api/v1/programmes?per_page=5000").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

both_backends!(an_account_e_mail_is_unique_whatever_its_case, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let body = json!({ "email": "Fatima.Zahra@Example.org", "full_name": "Fatima Zahra", "role": "learner" });
    assert_eq!(admin.post("/api/v1/accounts", &body).await.status(), StatusCode::CREATED);
    let again = json!({ "email": "fatima.zahra@example.org", "full_name": "Fatima Zahra", "role": "learner" });
    let p = problem(admin.post("/api/v1/accounts", &again).await).await;
    assert_eq!(p["errors"][0]["field"], "email");
    assert_eq!(p["errors"][0]["code"], "email_taken");
    let partner_without_org = json!({ "email": "p@example.org", "full_name": "P", "role": "partner" });
    let p = problem(admin.post("/api/v1/accounts", &partner_without_org).await).await;
    assert_eq!(p["errors"][0]["field"], "organisation_id");
});

both_backends!(a_body_that_is_not_a_json_object_is_refused, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let cohort = cursus_tests::fixtures::demo_cohort(&admin, "PASC").await;
    let enrolments = cursus_tests::fixtures::count(&app, "enrolments").await;
    // serde would build the request from an array; the API refuses it, in French first.
    for body in [json!([null, null]), json!([]), json!("x"), json!(3)] {
        let r = learner.post(&format!("/api/v1/cohorts/{}/enrolments", cohort["id"]), &body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let p = problem(r).await;
        assert_eq!(p["detail"], "Le corps de la requête doit être un objet JSON.", "{body}");
    }
    assert_eq!(cursus_tests::fixtures::count(&app, "enrolments").await, enrolments, "nobody was enrolled");
    // Titles with control characters are refused like blank ones.
    let takwia = app.programme(&admin, "TAKWIA").await;
    let r = admin.patch(&format!("/api/v1/programmes/{}", takwia["id"]), &json!({ "title": { "fr": "Titre\u{10}" } })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

both_backends!(a_nul_character_is_refused_before_it_reaches_the_database, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = takwia["modules"][0]["id"].as_i64().unwrap();
    // PostgreSQL refuses U+0000 in text: it must be a clear 400, not a 500, in any field.
    let body = r#"{"kind":"text","title":"Note","markdown":"avant\u0000après"}"#;
    let r = admin
        .request(reqwest::Method::POST, &format!("/api/v1/modules/{tk01}/sections"))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
    let p = problem(r).await;
    assert!(p["detail"].as_str().unwrap_or_default().contains("U+0000") || p["title"].as_str().unwrap_or_default().contains("U+0000"), "{p}");
    let sections = admin.get_json(&format!("/api/v1/modules/{tk01}/content")).await["sections"].as_array().unwrap().len();
    assert_eq!(sections, 2, "nothing was written");
    // In a query string too.
    assert_eq!(admin.get("/api/v1/accounts?q=a%00b").await.status(), StatusCode::BAD_REQUEST);
});
