//! A module's life: a draft reaches no learner, publishing refuses a module a
//! learner could not complete (each gap with its own code), archiving keeps
//! what learners earned and holds nobody to the archived module, and a
//! certificate once earned stays earned.
use cursus::service::curriculum;
use cursus_tests::fixtures::{demo_cohort, module_id, pass_quiz};
use cursus_tests::harness::{Session, TestApp};
use cursus_tests::{Backend, both_backends, problem, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

/// Loads a curriculum file written for the test.
async fn load(app: &TestApp, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("programme.toml");
    std::fs::write(&path, text).unwrap();
    curriculum::load_file(&app.state.db, &app.state.storage, &path, false).await.unwrap().unwrap();
}

const QUIZ: &str = r#"
[modules.assessment]
kind = "quiz"
title = "Quiz"
[[modules.assessment.questions]]
prompt = "Deux et deux ?"
choices = [{ label = "4", correct = true }, { label = "5" }]
"#;

fn module(code: &str, status: &str, extra: &str) -> String {
    format!("\n[[modules]]\ncode = \"{code}\"\ntitle = {{ fr = \"Module {code}\" }}\nhours = 2\nstatus = \"{status}\"\n{extra}")
}

async fn enrolled_learner(app: &TestApp, admin: &Session, email: &str, cohort: i64) -> Session {
    let learner = app.new_account(admin, Role::Learner, email, None).await;
    let id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let r = admin.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &json!({ "account_id": id })).await;
    assert!(r.status().is_success(), "{}", r.status());
    learner
}

fn map_codes(map: &Value) -> Vec<String> {
    map["modules"].as_array().unwrap().iter().map(|m| m["module"]["code"].as_str().unwrap().to_string()).collect()
}

both_backends!(a_new_module_is_a_draft_that_no_learner_sees, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let created = admin
        .post(&format!("/api/v1/programmes/{}/modules", takwia["id"]), &json!({ "code": "TK-17", "title": { "fr": "Nouveau" }, "hours": 3 }))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["status"], "draft");
    let id = created["id"].as_i64().unwrap();

    // Not on the map, not counted, not openable, not listed.
    let map = learner.get_json("/api/v1/me/progress").await;
    assert!(!map_codes(&map).contains(&"TK-17".to_string()));
    assert_eq!(map["modules"].as_array().unwrap().len(), 16);
    assert_eq!(learner.get(&format!("/api/v1/modules/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(learner.get(&format!("/api/v1/modules/{id}/content")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(learner.get(&format!("/api/v1/modules/{id}/assessment")).await.status(), StatusCode::NOT_FOUND);
    let seen = app.programme(&learner, "TAKWIA").await;
    assert!(seen["modules"].as_array().unwrap().iter().all(|m| m["code"] != "TK-17"));
    let programmes = learner.get_json("/api/v1/programmes").await;
    assert_eq!(programmes["items"].as_array().unwrap().iter().find(|p| p["code"] == "TAKWIA").unwrap()["module_count"], 16);
    // The trainers' progress table does not wait for it either.
    let cohort = demo_cohort(&admin, "TAKWIA").await;
    let table = admin.get_json(&format!("/api/v1/cohorts/{}/progress", cohort["id"])).await;
    assert_eq!(table["modules"].as_array().unwrap().len(), 16, "{table}");

    // Its authors see it, marked as a draft.
    let authored = app.programme(&admin, "TAKWIA").await;
    assert_eq!(authored["modules"].as_array().unwrap().iter().find(|m| m["code"] == "TK-17").unwrap()["status"], "draft");

    // Publishing it as it is tells what is missing, in French first.
    let refused = admin.post(&format!("/api/v1/modules/{id}/publish"), &json!({})).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(refused).await;
    assert_eq!(p["code"], "module-incomplete");
    assert_eq!(p["errors"][0]["code"], "no_assessment_to_publish");
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("évaluation"), "{p}");
    assert_eq!(app.programme(&learner, "TAKWIA").await["modules"].as_array().unwrap().len(), 16);
});

both_backends!(publishing_refuses_each_incomplete_module_with_its_own_code, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let mut file = String::from("code = \"AUTEUR\"\ntitle = { fr = \"Programme en cours d'écriture\" }\nissuer = \"Réseau\"\n");
    file += &module("D-NONE", "draft", "");
    file += &module("D-EMPTY", "draft", "[modules.assessment]\nkind = \"quiz\"\ntitle = \"Vide\"\n");
    file += &module(
        "D-NOCORRECT",
        "draft",
        "[modules.assessment]\nkind = \"quiz\"\ntitle = \"Q\"\n[[modules.assessment.questions]]\nprompt = \"?\"\nchoices = [{ label = \"a\" }, { label = \"b\" }]\n",
    );
    file += &module("D-RUBRIC", "draft", "[modules.assessment]\nkind = \"assignment\"\ntitle = \"Devoir\"\n");
    file += &module(
        "D-LEVELS",
        "draft",
        "[modules.assessment]\nkind = \"assignment\"\ntitle = \"Devoir\"\n[[modules.assessment.rubric]]\ntitle = \"Clarté\"\nlevels = []\n",
    );
    file += &module("D-PREREQ", "draft", &format!("requires = [\"D-NONE\"]\n{QUIZ}"));
    file += &module("D-OK", "draft", QUIZ);
    load(&app, &file).await;
    let admin = app.as_role(Role::Admin).await;
    let programme = app.programme(&admin, "AUTEUR").await;

    for (code, expected, field) in [
        ("D-NONE", "no_assessment_to_publish", "assessment"),
        ("D-EMPTY", "quiz_without_questions", "assessment.questions"),
        ("D-NOCORRECT", "question_without_correct_choice", "assessment.questions[0]"),
        ("D-RUBRIC", "rubric_without_criteria", "assessment.rubric"),
        ("D-LEVELS", "criterion_without_levels", "assessment.rubric[0]"),
        ("D-PREREQ", "prerequisite_not_published", "prerequisites.D-NONE"),
    ] {
        let r = admin.post(&format!("/api/v1/modules/{}/publish", module_id(&programme, code)), &json!({})).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let p = problem(r).await;
        assert_eq!(p["code"], "module-incomplete", "{code}");
        let errors = p["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{code}: {p}");
        assert_eq!(errors[0]["code"], expected, "{code}");
        assert_eq!(errors[0]["field"], field, "{code}");
    }
    // Messages name the place to fix, in the reader's language.
    let r = app
        .as_role(Role::Admin)
        .await
        .with_lang("ar")
        .post(&format!("/api/v1/modules/{}/publish", module_id(&programme, "D-NOCORRECT")), &json!({}))
        .await;
    assert!(problem(r).await["errors"][0]["message"].as_str().unwrap().contains("للسؤال 1"));

    // A complete module publishes once; its dependant then can too.
    let ok = admin.post(&format!("/api/v1/modules/{}/publish", module_id(&programme, "D-OK")), &json!({})).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.json::<Value>().await.unwrap()["status"], "published");
    let again = admin.post(&format!("/api/v1/modules/{}/publish", module_id(&programme, "D-OK")), &json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let audit = admin.get_json("/api/v1/audit?per_page=5").await;
    assert_eq!(audit["items"][0]["action"], "module.publish");
});

both_backends!(archiving_keeps_what_learners_earned_and_holds_nobody_to_it, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let mut file = String::from("code = \"COURT\"\ntitle = { fr = \"Programme court\" }\nissuer = \"Réseau\"\n");
    for code in ["C-1", "C-2", "C-3"] {
        file += &module(code, "published", QUIZ);
    }
    file += &module("C-4", "draft", QUIZ);
    load(&app, &file).await;
    let admin = app.as_role(Role::Admin).await;
    let programme = app.programme(&admin, "COURT").await;
    let (c1, c2, c3, c4) = (module_id(&programme, "C-1"), module_id(&programme, "C-2"), module_id(&programme, "C-3"), module_id(&programme, "C-4"));
    let cohort = admin
        .post(
            "/api/v1/cohorts",
            &json!({ "programme_id": programme["id"], "name": "Court 2027", "region": "Tunis", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "capacity": 10 }),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let early = enrolled_learner(&app, &admin, "early@exemple.tn", cohort).await;
    let almost = enrolled_learner(&app, &admin, "almost@exemple.tn", cohort).await;
    let late = enrolled_learner(&app, &admin, "late@exemple.tn", cohort).await;
    pass_quiz(&app, &early, c1).await;
    pass_quiz(&app, &almost, c2).await;
    pass_quiz(&app, &almost, c3).await;
    app.run_workers_once().await;
    assert_eq!(almost.get_json("/api/v1/me/progress").await["programme_completed"], false);

    let archived = admin.post(&format!("/api/v1/modules/{c1}/archive"), &json!({})).await;
    assert_eq!(archived.status(), StatusCode::OK);
    assert_eq!(archived.json::<Value>().await.unwrap()["status"], "archived");
    app.run_workers_once().await;

    // Who had finished C-1 keeps it, with its attestation.
    let map = early.get_json("/api/v1/me/progress").await;
    assert_eq!(map_codes(&map), ["C-1", "C-2", "C-3"]);
    assert_eq!(map["modules"][0]["state"], "completed");
    let attestations = early.get_json("/api/v1/attestations").await;
    assert!(attestations["items"].as_array().unwrap().iter().any(|a| a["module_id"] == c1 && a["status"] == "valid"), "{attestations}");
    // A newcomer never sees it; whoever did everything else has completed the programme.
    assert_eq!(map_codes(&late.get_json("/api/v1/me/progress").await), ["C-2", "C-3"]);
    assert_eq!(late.get(&format!("/api/v1/modules/{c1}/content")).await.status(), StatusCode::NOT_FOUND);
    let done = almost.get_json("/api/v1/me/progress").await;
    assert_eq!(done["programme_completed"], true, "{done}");
    let certificate = almost.get_json("/api/v1/attestations").await;
    assert!(certificate["items"].as_array().unwrap().iter().any(|a| a["kind"] == "programme"), "{certificate}");

    // A module published later does not take the certificate away.
    assert_eq!(admin.post(&format!("/api/v1/modules/{c4}/publish"), &json!({})).await.status(), StatusCode::OK);
    let after = almost.get_json("/api/v1/me/progress").await;
    assert_eq!(map_codes(&after), ["C-2", "C-3", "C-4"]);
    assert_eq!(after["programme_completed"], true);
    // Archiving twice, or a draft, is a conflict.
    assert_eq!(admin.post(&format!("/api/v1/modules/{c1}/archive"), &json!({})).await.status(), StatusCode::CONFLICT);
});

both_backends!(a_submission_waiting_for_its_grade_is_graded_after_its_module_is_archived, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let cohort = demo_cohort(&admin, "TAKWIA").await["id"].as_i64().unwrap();
    let learner = enrolled_learner(&app, &admin, "en.attente@example.org", cohort).await;
    let (tk01, tk02) = (module_id(&takwia, "TK-01"), module_id(&takwia, "TK-02"));
    pass_quiz(&app, &learner, tk01).await;
    let assignment = learner.get_json(&format!("/api/v1/modules/{tk02}/assessment")).await;
    let submitted = learner.post(&format!("/api/v1/assessments/{}/attempts", assignment["id"]), &json!({ "text": "Plan d'action." })).await;
    assert_eq!(submitted.status(), StatusCode::CREATED);
    let submission = submitted.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    assert_eq!(admin.post(&format!("/api/v1/modules/{tk02}/archive"), &json!({})).await.status(), StatusCode::OK);

    // The learner began it: it stays on their map, waiting for its grade, and the trainer still sees it.
    let map = learner.get_json("/api/v1/me/progress").await;
    let tk02_on_map = map["modules"].as_array().unwrap().iter().find(|m| m["module"]["code"] == "TK-02").cloned().expect("still on the map");
    assert_eq!(tk02_on_map["awaiting_grade"], true);
    let levels = cursus_tests::fixtures::top_levels(&trainer, submission).await;
    let graded = trainer.post(&format!("/api/v1/submissions/{submission}/grade"), &json!({ "levels": levels })).await;
    assert_eq!(graded.status(), StatusCode::OK, "{}", graded.text().await.unwrap());

    // The grade completes the archived module, and its attestation is issued like any other.
    let map = learner.get_json("/api/v1/me/progress").await;
    let tk02_on_map = map["modules"].as_array().unwrap().iter().find(|m| m["module"]["code"] == "TK-02").cloned().unwrap();
    assert_eq!(tk02_on_map["state"], "completed", "{tk02_on_map}");
    app.run_workers_once().await;
    let mine = learner.get_json("/api/v1/attestations").await;
    let titles: Vec<String> = mine["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect();
    assert!(titles.iter().any(|t| t.contains("Planification")), "{titles:?}");
});
