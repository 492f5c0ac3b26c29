//! Authoring in the browser's API: a module's assessment written, checked
//! and versioned (attempts keep what they answered, grades stay as given),
//! and authors named per programme while other trainers edit nothing shared.
use cursus_tests::fixtures::{module_id, top_levels};
use cursus_tests::harness::{Session, TestApp};
use cursus_tests::{Backend, both_backends, problem, spawn_app_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use shared::enums::Role;

fn quiz(questions: Value) -> Value {
    json!({ "kind": "quiz", "title": "Vérifions", "pass_mark": 100, "questions": questions })
}

/// A programme with one draft module, made through the API.
pub async fn new_programme(admin: &Session, code: &str) -> (i64, i64) {
    let created = admin.post("/api/v1/programmes", &json!({ "code": code, "title": { "fr": "Programme écrit en ligne", "ar": "برنامج" } })).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let programme = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let module = admin
        .post(
            &format!("/api/v1/programmes/{programme}/modules"),
            &json!({ "code": format!("{code}-1"), "title": { "fr": "Premier module" }, "hours": 2 }),
        )
        .await;
    assert_eq!(module.status(), StatusCode::CREATED);
    (programme, module.json::<Value>().await.unwrap()["id"].as_i64().unwrap())
}

pub async fn learner_in(app: &TestApp, admin: &Session, programme: i64, email: &str) -> Session {
    let cohort = admin
        .post(
            "/api/v1/cohorts",
            &json!({ "programme_id": programme, "name": format!("Groupe {email}"), "region": "Rabat", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "capacity": 10 }),
        )
        .await;
    assert_eq!(cohort.status(), StatusCode::CREATED);
    let cohort = cohort.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let learner = app.new_account(admin, Role::Learner, email, None).await;
    let id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    assert!(admin.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &json!({ "account_id": id })).await.status().is_success());
    learner
}

both_backends!(an_author_writes_a_quiz_publishes_it_and_changes_it_without_touching_attempts, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let (programme, module) = new_programme(&admin, "ECRIT").await;
    let path = format!("/api/v1/modules/{module}/assessment-definition");
    assert_eq!(admin.get(&path).await.status(), StatusCode::NOT_FOUND, "no assessment yet");

    // A draft may hold an unfinished quiz; publishing names what it lacks.
    let unfinished = quiz(json!([{ "prompt": "Qui signe l'attestation ?", "choices": [{ "label": "Le formateur" }, { "label": "Le réseau" }] }]));
    let saved = admin.put(&path, &unfinished).await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.json::<Value>().await.unwrap()["version"], 1);
    let refused = problem(admin.post(&format!("/api/v1/modules/{module}/publish"), &json!({})).await).await;
    assert_eq!(refused["errors"][0]["code"], "question_without_correct_choice", "{refused}");

    // Bad input is named field by field and changes nothing.
    let bad = admin.put(&path, &json!({ "kind": "quiz", "title": " ", "pass_mark": 0, "questions": [{ "prompt": "?", "multiple": false, "choices": [{ "label": "a", "correct": true }, { "label": "b", "correct": true }] }] })).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = problem(bad).await;
    let fields: Vec<&str> = bad["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["pass_mark", "questions[0].choices", "title"], "{bad}");
    assert_eq!(admin.get_json(&path).await["version"], 1);

    let v1 = quiz(json!([
        { "prompt": "Qui signe l'attestation ?", "choices": [
            { "label": "Le formateur", "feedback": "Non : le formateur note, le réseau atteste." },
            { "label": "Le réseau", "correct": true, "feedback": "Oui." } ] },
        { "prompt": "Cochez les pièces du dossier", "multiple": true, "points": 2, "choices": [
            { "label": "Statuts", "correct": true }, { "label": "Photo" } ] },
    ]));
    let saved: Value = admin.put(&path, &v1).await.json().await.unwrap();
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["definition"], v1, "read back as written");
    // The same definition again is no new version.
    assert_eq!(admin.put(&path, &v1).await.json::<Value>().await.unwrap()["version"], 2);
    assert_eq!(admin.post(&format!("/api/v1/modules/{module}/publish"), &json!({})).await.status(), StatusCode::OK);

    // A learner answers wrongly and reads the feedback written for their choice.
    let learner = learner_in(&app, &admin, programme, "apprenante.ecrit@example.org").await;
    let view = learner.get_json(&format!("/api/v1/modules/{module}/assessment")).await;
    assert!(view.to_string().find("correct\":true").is_none(), "the correct answers never reach the learner");
    let q1 = &view["questions"][0];
    let q2 = &view["questions"][1];
    assert_eq!(q2["kind"], "multiple", "said multiple though one choice is correct");
    let wrong = json!({ "answers": [
        { "question_id": q1["id"], "choice_ids": [q1["choices"][0]["id"]] },
        { "question_id": q2["id"], "choice_ids": [q2["choices"][0]["id"]] } ] });
    let attempt = learner.post(&format!("/api/v1/assessments/{}/attempts", view["id"]), &wrong).await;
    assert_eq!(attempt.status(), StatusCode::CREATED);
    let attempt: Value = attempt.json().await.unwrap();
    assert_eq!(attempt["passed"], false);
    assert_eq!(attempt["questions"][0]["feedback"], json!(["Non : le formateur note, le réseau atteste."]));
    assert_eq!(attempt["questions"][1]["correct"], true);

    // A published quiz cannot be emptied...
    let emptied = admin.put(&path, &quiz(json!([]))).await;
    assert_eq!(emptied.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(emptied).await["errors"][0]["code"], "quiz_without_questions");
    // ...nor turned into an assignment once answered.
    let kind = admin
        .put(&path, &json!({ "kind": "assignment", "title": "Devoir", "pass_mark": 50, "rubric": [{ "title": "Clarté", "levels": [{ "title": "Bien", "points": 2 }] }] }))
        .await;
    assert_eq!(kind.status(), StatusCode::CONFLICT);

    // A new version: the learner's first attempt keeps its questions and feedback.
    let v3 = quiz(json!([{ "prompt": "Combien de modules compte le cycle ?", "choices": [{ "label": "16", "correct": true }, { "label": "12" }] }]));
    let saved: Value = admin.put(&path, &v3).await.json().await.unwrap();
    assert_eq!((saved["version"].clone(), saved["attempts"].clone()), (json!(3), json!(1)));
    let view = learner.get_json(&format!("/api/v1/modules/{module}/assessment")).await;
    assert_eq!(view["questions"].as_array().unwrap().len(), 1);
    assert_eq!(view["attempts"][0]["questions"][0]["feedback"], json!(["Non : le formateur note, le réseau atteste."]));
    assert_eq!(view["attempts"][0]["score"], attempt["score"]);
    let q = &view["questions"][0];
    let right = json!({ "answers": [{ "question_id": q["id"], "choice_ids": [q["choices"][0]["id"]] }] });
    let passed: Value = learner.post(&format!("/api/v1/assessments/{}/attempts", view["id"]), &right).await.json().await.unwrap();
    assert_eq!(passed["passed"], true, "{passed}");
    let map = learner.get_json("/api/v1/me/progress").await;
    assert_eq!(map["modules"][0]["state"], "completed", "{map}");
});

both_backends!(a_submission_is_graded_against_the_rubric_it_was_submitted_under, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let (programme, module) = new_programme(&admin, "DEVOIR").await;
    let path = format!("/api/v1/modules/{module}/assessment-definition");
    let rubric = |title: &str| {
        json!({ "kind": "assignment", "title": "Note de synthèse", "pass_mark": 50, "instructions": "Deux pages.", "accepts_file": true, "accepted_types": ["pdf"],
            "rubric": [{ "title": title, "levels": [{ "title": "Insuffisant", "points": 0 }, { "title": "Bien", "points": 4 }] }] })
    };
    assert_eq!(admin.put(&path, &rubric("Clarté")).await.status(), StatusCode::OK);
    assert_eq!(admin.post(&format!("/api/v1/modules/{module}/publish"), &json!({})).await.status(), StatusCode::OK);
    let learner = learner_in(&app, &admin, programme, "redactrice@example.org").await;
    let view = learner.get_json(&format!("/api/v1/modules/{module}/assessment")).await;
    assert_eq!(view["accepted_types"], json!(["pdf"]));
    // A Word file where the authors asked for a PDF is refused, naming what is accepted.
    let docx = Form::new().part("file", Part::bytes(b"PK\x03\x04 word".to_vec()).file_name("note.docx"));
    let refused =
        learner.request(reqwest::Method::POST, &format!("/api/v1/assessments/{}/attempts", view["id"])).multipart(docx).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = problem(refused).await;
    assert_eq!(refused["errors"][0]["code"], "file_type_not_accepted");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("pdf"), "{refused}");
    let unknown = admin.put(&path, &json!({ "kind": "assignment", "title": "T", "pass_mark": 50, "accepted_types": ["exe"], "rubric": [{ "title": "C", "levels": [{ "title": "L", "points": 1 }] }] })).await;
    assert_eq!(problem(unknown).await["errors"][0]["code"], "unknown_file_type");
    let submitted = learner.post(&format!("/api/v1/assessments/{}/attempts", view["id"]), &json!({ "text": "Ma note." })).await;
    assert_eq!(submitted.status(), StatusCode::CREATED);
    let submission = submitted.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // The authors rewrite the rubric while the submission waits.
    assert_eq!(admin.put(&path, &rubric("Rigueur")).await.json::<Value>().await.unwrap()["version"], 2);
    let waiting = admin.get_json(&format!("/api/v1/submissions/{submission}")).await;
    assert_eq!(waiting["rubric"][0]["title"], "Clarté", "graded against what the learner was given");
    let levels = top_levels(&admin, submission).await;
    let graded = admin.post(&format!("/api/v1/submissions/{submission}/grade"), &json!({ "levels": levels })).await;
    assert_eq!(graded.status(), StatusCode::OK, "{}", graded.text().await.unwrap());
    // A later change leaves the grade as given.
    assert_eq!(admin.put(&path, &rubric("Concision")).await.status(), StatusCode::OK);
    let after = learner.get_json(&format!("/api/v1/modules/{module}/assessment")).await;
    assert_eq!(after["attempts"][0]["grade"]["score"], 100);
    assert_eq!(after["attempts"][0]["passed"], true);
    assert_eq!(after["rubric"][0]["title"], "Concision");
});

both_backends!(authors_are_named_per_programme_and_other_trainers_edit_nothing_shared, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let trainer_id = trainer.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let takwia = app.programme(&admin, "TAKWIA").await;
    let pasc = app.programme(&admin, "PASC").await;
    let tk01 = module_id(&takwia, "TK-01");
    let path = format!("/api/v1/modules/{tk01}/assessment-definition");
    let current = admin.get_json(&path).await["definition"].clone();

    assert_eq!(trainer.get(&path).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(trainer.put(&path, &current).await.status(), StatusCode::FORBIDDEN);
    let section = json!({ "kind": "text", "title": "Note", "markdown": "Texte" });
    assert_eq!(trainer.post(&format!("/api/v1/modules/{tk01}/sections"), &section).await.status(), StatusCode::FORBIDDEN);

    // Only an active trainer can be named.
    let learner_id = app.as_role(Role::Learner).await.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let refused = admin.put(&format!("/api/v1/programmes/{}/authors", takwia["id"]), &json!({ "account_ids": [learner_id] })).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(refused).await["errors"][0]["code"], "author_must_be_trainer");
    assert_eq!(
        trainer.put(&format!("/api/v1/programmes/{}/authors", takwia["id"]), &json!({ "account_ids": [trainer_id] })).await.status(),
        StatusCode::FORBIDDEN
    );

    let named = admin.put(&format!("/api/v1/programmes/{}/authors", takwia["id"]), &json!({ "account_ids": [trainer_id] })).await;
    assert_eq!(named.status(), StatusCode::OK);
    assert_eq!(named.json::<Value>().await.unwrap()[0]["id"], trainer_id);
    assert_eq!(app.programme(&trainer, "TAKWIA").await["authors"][0]["id"], trainer_id);
    assert_eq!(app.programme(&app.as_role(Role::Learner).await, "TAKWIA").await["authors"], json!([]), "learners are not shown staff");

    // Now the trainer authors Takwia, and only Takwia.
    assert_eq!(trainer.get(&path).await.status(), StatusCode::OK);
    assert_eq!(trainer.post(&format!("/api/v1/modules/{tk01}/sections"), &section).await.status(), StatusCode::CREATED);
    let created = trainer
        .post(&format!("/api/v1/programmes/{}/modules", takwia["id"]), &json!({ "code": "TK-17", "title": { "fr": "Nouveau" }, "hours": 3 }))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let pasc_module = pasc["modules"][0]["id"].as_i64().unwrap();
    assert_eq!(trainer.get(&format!("/api/v1/modules/{pasc_module}/assessment-definition")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(trainer.patch(&format!("/api/v1/programmes/{}", takwia["id"]), &json!({ "issuer": "Moi" })).await.status(), StatusCode::FORBIDDEN);
    let audit = admin.get_json(&format!("/api/v1/audit?entity=programme&entity_id={}", takwia["id"])).await;
    assert_eq!(audit["items"][0]["action"], "programme.authors", "{audit}");
});

both_backends!(sections_are_reordered_whole_and_previewed_as_learners_will_read_them, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let added =
        admin.post(&format!("/api/v1/modules/{tk01}/sections"), &json!({ "kind": "link", "title": "Vidéo", "url": "https://youtu.be/abc" })).await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let ids: Vec<i64> = admin.get_json(&format!("/api/v1/modules/{tk01}/content")).await["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    let path = format!("/api/v1/modules/{tk01}/section-order");

    let wanted = vec![ids[2], ids[0], ids[1]];
    let reordered = admin.put(&path, &json!({ "section_ids": wanted })).await;
    assert_eq!(reordered.status(), StatusCode::OK);
    let seen: Vec<i64> = learner.get_json(&format!("/api/v1/modules/{tk01}/content")).await["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(seen, wanted, "learners read the new order");

    for wrong in [json!([ids[0], ids[1]]), json!([ids[0], ids[0], ids[1], ids[2]]), json!([ids[0], ids[1], ids[2], 999_999])] {
        let refused = admin.put(&path, &json!({ "section_ids": wrong })).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
        assert_eq!(problem(refused).await["errors"][0]["code"], "every_section_once");
    }
    assert_eq!(trainer.put(&path, &json!({ "section_ids": ids })).await.status(), StatusCode::FORBIDDEN);

    let preview =
        admin.post("/api/v1/markdown/preview", &json!({ "markdown": "**Gras** <script>alert(1)</script> [lien](javascript:alert(1))" })).await;
    assert_eq!(preview.status(), StatusCode::OK);
    let html = preview.json::<Value>().await.unwrap()["html"].as_str().unwrap().to_string();
    assert!(html.contains("<strong>Gras</strong>"), "{html}");
    assert!(!html.contains("<script") && !html.contains("javascript:"), "{html}");
    assert_eq!(trainer.post("/api/v1/markdown/preview", &json!({ "markdown": "x" })).await.status(), StatusCode::OK);
    assert_eq!(learner.post("/api/v1/markdown/preview", &json!({ "markdown": "x" })).await.status(), StatusCode::FORBIDDEN);
});
