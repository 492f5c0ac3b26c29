//! Module content: safe HTML, uploads checked by content and stored under
//! generated names, locked modules closed to learners.
use cursus_tests::fixtures::module_id;
use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(content_is_sanitised_and_documents_checked, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let tk02 = module_id(&takwia, "TK-02");

    let section = json!({ "kind": "text", "title": "Étude de cas", "markdown": "## Cas\n\nUne *association* <script>alert('x')</script><img src=x onerror=alert(1)>" });
    assert_eq!(admin.post(&format!("/api/v1/modules/{tk01}/sections"), &section).await.status(), StatusCode::CREATED);
    let bad_link = json!({ "kind": "link", "title": "Piège", "url": "javascript:alert(1)" });
    let p = problem(admin.post(&format!("/api/v1/modules/{tk01}/sections"), &bad_link).await).await;
    assert_eq!(p["errors"][0]["field"], "url");
    let no_body = json!({ "kind": "text", "title": "Vide" });
    assert_eq!(problem(admin.post(&format!("/api/v1/modules/{tk01}/sections"), &no_body).await).await["errors"][0]["field"], "markdown");

    // Uploads: a PDF is accepted, an executable named .pdf is not.
    let upload = |name: &str, bytes: Vec<u8>| {
        let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
        admin.request(reqwest::Method::POST, &format!("/api/v1/modules/{tk01}/documents")).multipart(form).send()
    };
    let pdf = b"%PDF-1.4\n% guide\n".to_vec();
    let r = upload("../../Guide de gouvernance.pdf", pdf.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["name"], "Guide de gouvernance.pdf");
    let stored: Vec<String> =
        std::fs::read_dir(app.data_dir.path().join("uploads")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(stored.len(), 1);
    assert!(stored[0].chars().all(|c| c.is_ascii_hexdigit()), "a generated name: {stored:?}");
    let r = upload("rapport.pdf", b"MZ\x90\x00\x03".to_vec()).await.unwrap();
    assert_eq!(problem(r).await["errors"][0]["code"], "file_type");
    let r = upload("gros.pdf", [b"%PDF-".to_vec(), vec![0u8; 21 * 1024 * 1024]].concat()).await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Learners cannot upload.
    let form = Form::new().part("file", Part::bytes(pdf.clone()).file_name("x.pdf"));
    let r = learner.request(reqwest::Method::POST, &format!("/api/v1/modules/{tk01}/documents")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The learner reads safe HTML and downloads the document.
    let content = learner.get_json(&format!("/api/v1/modules/{tk01}/content")).await;
    let html: Vec<&str> = content["sections"].as_array().unwrap().iter().filter_map(|s| s["html"].as_str()).collect();
    let case = html.iter().find(|h| h.contains("<em>association</em>")).expect("rendered");
    assert!(!case.contains("<script") && !case.contains("onerror"), "{case}");
    let download = learner.get(doc["url"].as_str().unwrap()).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(download.headers()["content-disposition"].to_str().unwrap().contains("Guide de gouvernance.pdf"));
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf);

    // A locked module is closed to the learner, open to staff.
    let r = learner.get(&format!("/api/v1/modules/{tk02}/content")).await;
    assert_eq!(problem(r).await["code"], "module-locked");
    assert_eq!(admin.get(&format!("/api/v1/modules/{tk02}/content")).await.status(), StatusCode::OK);
    // A learner of another programme is not enrolled here.
    let pasc = app.programme(&admin, "PASC").await;
    let r = learner.get(&format!("/api/v1/modules/{}/content", module_id(&pasc, "PA-01"))).await;
    assert_eq!(problem(r).await["code"], "not-enrolled");
});

both_backends!(an_assignment_can_be_a_file_and_a_resubmission_needs_leave, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let tk02 = module_id(&takwia, "TK-02");
    let quiz = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    let answers = cursus_tests::fixtures::quiz_answers(&app, quiz["id"].as_i64().unwrap(), true).await;
    learner.post(&format!("/api/v1/assessments/{}/attempts", quiz["id"]), &answers).await;
    let assignment = learner.get_json(&format!("/api/v1/modules/{tk02}/assessment")).await;
    let path = format!("/api/v1/assessments/{}/attempts", assignment["id"]);
    let form = Form::new().text("text", "Voir le plan joint.").part("file", Part::bytes(b"%PDF-1.5 plan".to_vec()).file_name("plan.pdf"));
    let r = learner.request(reqwest::Method::POST, &path).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let submission: Value = r.json().await.unwrap();
    assert_eq!(submission["file_name"], "plan.pdf");

    // The trainer downloads it and grades it below the pass mark, allowing a resubmission.
    let trainer = app.as_role(Role::Trainer).await;
    let file = trainer.get(submission["file_url"].as_str().unwrap()).await;
    assert_eq!(file.bytes().await.unwrap().to_vec(), b"%PDF-1.5 plan".to_vec());
    let view = trainer.get_json(&format!("/api/v1/submissions/{}", submission["id"])).await;
    let lowest: Vec<Value> =
        view["rubric"].as_array().unwrap().iter().map(|c| json!({ "criterion_id": c["id"], "level_id": c["levels"][0]["id"] })).collect();
    let p = problem(trainer.post(&format!("/api/v1/submissions/{}/grade", submission["id"]), &json!({ "levels": lowest[..1] })).await).await;
    assert_eq!(p["errors"][0]["code"], "every_criterion");
    let graded: Value = trainer
        .post(
            &format!("/api/v1/submissions/{}/grade", submission["id"]),
            &json!({ "levels": lowest, "feedback": "Reprenez les objectifs.", "allow_resubmission": true }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(graded["grade"]["passed"], false);
    let again = learner.post(&path, &json!({ "text": "Version révisée" })).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let view = learner.get_json(&format!("/api/v1/modules/{tk02}/assessment")).await;
    assert_eq!(view["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(view["attempts"][0]["grade"]["feedback"], "Reprenez les objectifs.");
    // Another learner cannot read this submission.
    let admin = app.as_role(Role::Admin).await;
    let other = app.new_account(&admin, Role::Learner, "curieux@exemple.ma", None).await;
    assert_eq!(other.get(&format!("/api/v1/submissions/{}", submission["id"])).await.status(), StatusCode::FORBIDDEN);
});
