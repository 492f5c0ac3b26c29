use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

fn module<'a>(programme: &'a Value, code: &str) -> &'a Value {
    programme["modules"].as_array().unwrap().iter().find(|m| m["code"] == code).unwrap()
}

both_backends!(the_shipped_curricula_are_there_with_prerequisites, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    assert_eq!(takwia["modules"].as_array().unwrap().len(), 16);
    assert_eq!(takwia["families"].as_array().unwrap().len(), 2);
    assert_eq!(module(&takwia, "TK-02")["prerequisites"], json!([{ "modules": ["TK-01"] }]));
    assert_eq!(module(&takwia, "TK-16")["prerequisites"], json!([{ "modules": ["TK-10", "TK-12", "TK-14"], "min_required": 2 }]));
    assert_eq!(module(&takwia, "TK-01")["family"], "DO");
    let pasc = app.programme(&learner, "PASC").await;
    assert_eq!(pasc["modules"].as_array().unwrap().len(), 9);
});

both_backends!(a_prerequisite_cycle_is_refused_and_named, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    // TK-09 requires TK-02, which requires TK-01: making TK-01 require TK-09 closes a cycle.
    let tk01 = module(&takwia, "TK-01")["id"].as_i64().unwrap();
    let r = admin.put(&format!("/api/v1/modules/{tk01}/prerequisites"), &json!({ "groups": [{ "modules": ["TK-09"] }] })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["code"], "prerequisite-cycle");
    assert_eq!(p["detail"], "TK-01 → TK-09 → TK-02 → TK-01");
    assert_eq!(p["cycle"], json!(["TK-01", "TK-09", "TK-02", "TK-01"]));
    // Unchanged.
    let after = app.programme(&admin, "TAKWIA").await;
    assert_eq!(module(&after, "TK-01")["prerequisites"], json!([]));

    // A module requiring itself is the shortest cycle.
    let r = admin.put(&format!("/api/v1/modules/{tk01}/prerequisites"), &json!({ "groups": [{ "modules": ["TK-01"] }] })).await;
    assert_eq!(problem(r).await["detail"], "TK-01 → TK-01");

    // An unknown module is named too.
    let r = admin.put(&format!("/api/v1/modules/{tk01}/prerequisites"), &json!({ "groups": [{ "modules": ["TK-77"] }] })).await;
    let p = problem(r).await;
    assert_eq!(p["errors"][0]["message"], "Module inconnu dans ce programme : TK-77.");

    // A valid change is saved: TK-15 now needs two of three modules.
    let tk15 = module(&takwia, "TK-15")["id"].as_i64().unwrap();
    let body = json!({ "groups": [{ "modules": ["TK-01", "TK-03", "TK-05"], "min_required": 2 }] });
    let r = admin.put(&format!("/api/v1/modules/{tk15}/prerequisites"), &body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["prerequisites"], body["groups"]);
    // An impossible "N of" is a validation error.
    let r = admin.put(&format!("/api/v1/modules/{tk15}/prerequisites"), &json!({ "groups": [{ "modules": ["TK-01"], "min_required": 3 }] })).await;
    assert_eq!(problem(r).await["errors"][0]["field"], "groups[0]");
});

both_backends!(an_administrator_edits_programmes_and_modules, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let r = admin
        .post(
            "/api/v1/programmes",
            &json!({ "code": "PEC", "title": { "fr": "Programme d'engagement civique", "en": "Civic engagement programme" } }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let pec: Value = r.json().await.unwrap();
    let id = pec["id"].as_i64().unwrap();
    let first = admin
        .post(&format!("/api/v1/programmes/{id}/modules"), &json!({ "code": "PEC-1", "title": { "fr": "Redevabilité sociale" }, "hours": 6 }))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["position"], 1);
    // The pass mark is the assessment's, and a new module has none yet.
    assert_eq!(first["pass_mark"], Value::Null);
    let r = admin.patch(&format!("/api/v1/modules/{}", first["id"]), &json!({ "pass_mark": 70 })).await;
    assert_eq!(problem(r).await["errors"][0]["code"], "no_assessment");
    let patched =
        admin.patch(&format!("/api/v1/modules/{}", first["id"]), &json!({ "hours": 8, "title": { "fr": "Redevabilité", "ar": "المساءلة" } })).await;
    assert_eq!(patched.status(), StatusCode::OK);
    let patched: Value = patched.json().await.unwrap();
    assert_eq!(patched["hours"], 8);
    assert_eq!(patched["title"]["ar"], "المساءلة");
    let again = admin.post("/api/v1/programmes", &json!({ "code": "PEC", "title": { "fr": "Doublon" } })).await;
    assert_eq!(problem(again).await["errors"][0]["code"], "code_taken");

    // The programme itself: titles, issuer, bilingual attestations.
    let body =
        json!({ "title": { "fr": "Engagement civique", "ar": "المشاركة المدنية" }, "issuer": "Réseau Tanmia", "bilingual_attestations": true });
    let r = admin.patch(&format!("/api/v1/programmes/{id}"), &body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let changed: Value = r.json().await.unwrap();
    assert_eq!(changed["title"]["fr"], "Engagement civique");
    assert_eq!(changed["title"]["ar"], "المشاركة المدنية");
    assert_eq!(changed["issuer"], "Réseau Tanmia");
    assert_eq!(changed["bilingual_attestations"], true);
    assert_eq!(changed["code"], "PEC", "the code stays");
    assert_eq!(changed["modules"].as_array().unwrap().len(), 1);
    let r = admin.patch(&format!("/api/v1/programmes/{id}"), &json!({ "issuer": " ", "title": { "fr": "" } })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = problem(r).await["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect();
    assert!(fields.contains(&"issuer".to_string()) && fields.iter().any(|f| f.starts_with("title")), "{fields:?}");
    assert_eq!(app.programme(&admin, "PEC").await["issuer"], "Réseau Tanmia", "unchanged by the refusal");
    assert_eq!(admin.patch("/api/v1/programmes/99999", &json!({ "issuer": "X" })).await.status(), StatusCode::NOT_FOUND);
});

both_backends!(the_pass_mark_lives_on_the_assessment_and_grading_follows_it, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let tk01 = cursus_tests::fixtures::module_id(&takwia, "TK-01");
    assert_eq!(cursus_tests::fixtures::module(&takwia, "TK-01")["pass_mark"], 60, "the shipped mark, read from the assessment");

    // An administrator raises it to 100: the module, the learner's assessment
    // and the map all say so, and a partly right quiz now fails.
    let r = admin.patch(&format!("/api/v1/modules/{tk01}"), &json!({ "pass_mark": 100 })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["pass_mark"], 100);
    let assessment = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    assert_eq!(assessment["pass_mark"], 100);
    let map = learner.get_json("/api/v1/me/progress").await;
    let entry = map["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == tk01).unwrap().clone();
    assert_eq!(entry["pass_mark"], 100);
    // The first question answered wrong, the others right.
    let id = assessment["id"].as_i64().unwrap();
    let right = cursus_tests::fixtures::quiz_answers(&app, id, true).await;
    let wrong = cursus_tests::fixtures::quiz_answers(&app, id, false).await;
    let mut answers = right["answers"].as_array().unwrap().clone();
    answers[0] = wrong["answers"][0].clone();
    let r = learner.post(&format!("/api/v1/assessments/{id}/attempts"), &json!({ "answers": answers })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let attempt: Value = r.json().await.unwrap();
    assert!(attempt["score"].as_u64().unwrap() < 100);
    assert_eq!(attempt["passed"], false, "graded against the mark the administrator set");
});
