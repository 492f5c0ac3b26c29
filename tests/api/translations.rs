//! Every string a learner reads in a module, in the learner's language:
//! French where the authors wrote no translation, flagged so that authors
//! see it, and never a blank.
use cursus_tests::harness::Session;
use cursus_tests::{Backend, both_backends, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

use crate::authoring::{learner_in, new_programme};

async fn get_in(session: &mut Session, lang: &'static str, path: &str) -> Value {
    session.lang = Some(lang);
    session.get_json(path).await
}

both_backends!(learners_read_a_module_in_their_language_and_french_where_no_translation_was_written, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let (programme, module) = new_programme(&admin, "TRAD").await;
    let sections = format!("/api/v1/modules/{module}/sections");
    let intro = admin
        .post(&sections, &json!({ "kind": "text", "title": "Introduction", "title_ar": "مقدمة", "markdown": "Le **réseau** atteste.", "markdown_ar": "**الشبكة** تشهد." }))
        .await;
    assert_eq!(intro.status(), StatusCode::CREATED);
    let intro: Value = intro.json().await.unwrap();
    assert_eq!(intro["source"]["title"], json!({ "fr": "Introduction", "ar": "مقدمة" }), "authors get every language back: {intro}");
    assert_eq!(intro["source"]["markdown"]["ar"], "**الشبكة** تشهد.");
    // A blank translation is no translation.
    let annex = admin.post(&sections, &json!({ "kind": "text", "title": "Annexe", "title_ar": "   ", "markdown": "Seulement en français." })).await;
    assert_eq!(annex.status(), StatusCode::CREATED);
    assert_eq!(annex.json::<Value>().await.unwrap()["source"]["title"], json!({ "fr": "Annexe" }));

    let definition = json!({ "kind": "quiz", "title": "Vérifions", "title_ar": "لنتحقق", "pass_mark": 100, "questions": [
        { "prompt": "Qui atteste ?", "prompt_ar": "من يشهد؟", "prompt_en": "Who attests?", "choices": [
            { "label": "Le formateur", "label_ar": "المكوّن", "feedback": "Non : il note.", "feedback_ar": "لا: إنه يقيّم." },
            { "label": "Le réseau", "correct": true } ] } ] });
    let path = format!("/api/v1/modules/{module}/assessment-definition");
    let saved: Value = admin.put(&path, &definition).await.json().await.unwrap();
    assert_eq!(saved["definition"], definition, "read back as written, translations included");
    assert_eq!(admin.post(&format!("/api/v1/modules/{module}/publish"), &json!({})).await.status(), StatusCode::OK);

    let mut learner = learner_in(&app, &admin, programme, "lectrice.trad@example.org").await;
    let content_path = format!("/api/v1/modules/{module}/content");
    let arabic = get_in(&mut learner, "ar", &content_path).await;
    assert_eq!(arabic["sections"][0]["title"], "مقدمة");
    assert_eq!(arabic["sections"][0]["html"], "<p><strong>الشبكة</strong> تشهد.</p>\n");
    assert_eq!(arabic["sections"][0]["untranslated"], false);
    assert!(arabic["sections"][0].get("source").is_none(), "learners get no sources: {arabic}");
    assert_eq!((arabic["sections"][1]["title"].clone(), arabic["sections"][1]["untranslated"].clone()), (json!("Annexe"), json!(true)));
    let french = get_in(&mut learner, "fr", &content_path).await;
    assert_eq!(french["sections"][0]["title"], "Introduction");
    assert_eq!(french["sections"][1]["untranslated"], false, "French is never a fallback for French readers");

    let view = get_in(&mut learner, "ar", &format!("/api/v1/modules/{module}/assessment")).await;
    assert_eq!((view["title"].clone(), view["untranslated"].clone()), (json!("لنتحقق"), json!(false)));
    let question = &view["questions"][0];
    assert_eq!(question["prompt"], "من يشهد؟");
    let labels: Vec<&str> = question["choices"].as_array().unwrap().iter().map(|c| c["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["المكوّن", "Le réseau"]);
    assert_eq!(question["untranslated"], true, "one choice is read in French");
    // The feedback comes in the language of the attempt's reader.
    let wrong = json!({ "answers": [{ "question_id": question["id"], "choice_ids": [question["choices"][0]["id"]] }] });
    let attempt = learner.post(&format!("/api/v1/assessments/{}/attempts", view["id"]), &wrong).await;
    assert_eq!(attempt.status(), StatusCode::CREATED);
    assert_eq!(attempt.json::<Value>().await.unwrap()["questions"][0]["feedback"], json!(["لا: إنه يقيّم."]));
    let english = get_in(&mut learner, "en", &format!("/api/v1/modules/{module}/assessment")).await;
    assert_eq!((english["title"].clone(), english["untranslated"].clone()), (json!("Vérifions"), json!(true)));
    assert_eq!(english["questions"][0]["prompt"], "Who attests?");
    assert_eq!(english["attempts"][0]["questions"][0]["feedback"], json!(["Non : il note."]));
});

both_backends!(a_rubric_reads_in_the_graders_and_the_learners_language, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let (programme, module) = new_programme(&admin, "RUBAR").await;
    let definition = json!({ "kind": "assignment", "title": "Note", "instructions": "Une page.", "instructions_ar": "صفحة واحدة.", "pass_mark": 50,
        "rubric": [{ "title": "Clarté", "title_ar": "الوضوح", "description": "Se lit d'un trait.", "levels": [
            { "title": "Insuffisant", "title_ar": "غير كاف", "points": 0 }, { "title": "Bien", "title_ar": "جيد", "points": 2 } ] }] });
    assert_eq!(admin.put(&format!("/api/v1/modules/{module}/assessment-definition"), &definition).await.status(), StatusCode::OK);
    assert_eq!(admin.post(&format!("/api/v1/modules/{module}/publish"), &json!({})).await.status(), StatusCode::OK);
    let mut learner = learner_in(&app, &admin, programme, "redactrice.trad@example.org").await;
    let view = get_in(&mut learner, "ar", &format!("/api/v1/modules/{module}/assessment")).await;
    assert_eq!(view["instructions"], "صفحة واحدة.");
    let criterion = &view["rubric"][0];
    assert_eq!((criterion["title"].clone(), criterion["description"].clone()), (json!("الوضوح"), json!("Se lit d'un trait.")));
    assert_eq!(criterion["untranslated"], true, "the description is read in French");
    let levels: Vec<&str> = criterion["levels"].as_array().unwrap().iter().map(|l| l["title"].as_str().unwrap()).collect();
    assert_eq!(levels, ["غير كاف", "جيد"]);
    let submitted = learner.post(&format!("/api/v1/assessments/{}/attempts", view["id"]), &json!({ "text": "Ma note." })).await;
    assert_eq!(submitted.status(), StatusCode::CREATED);
    let id = submitted.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let mut grader = admin;
    let submission = get_in(&mut grader, "ar", &format!("/api/v1/submissions/{id}")).await;
    assert_eq!(submission["rubric"][0]["title"], "الوضوح");
    let submission = get_in(&mut grader, "fr", &format!("/api/v1/submissions/{id}")).await;
    assert_eq!(submission["rubric"][0]["levels"][1]["title"], "Bien");
});
