//! Curricula as files, both ways: a programme exported, loaded into another
//! database and exported again gives the same file and the same documents;
//! the shipped programmes export to what their files say.
use std::path::Path;

use cursus::domain::curriculum::{self, CurriculumFile, GroupSpec};
use cursus::service::curriculum as files;
use cursus_tests::harness::{Session, repo_root};
use cursus_tests::{Backend, TestApp, both_backends, spawn_app};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use shared::enums::{ModuleStatus, Role};

/// Exports `code`, its documents written under `dir`; returns the file's text.
async fn export_to(app: &TestApp, code: &str, dir: &Path) -> String {
    let export = files::export(&app.state.db, &app.state.storage, code).await.unwrap();
    files::write_documents(dir, &export.documents).unwrap();
    let text = curriculum::to_toml(&export.file).unwrap();
    std::fs::write(dir.join("programme.toml"), &text).unwrap();
    text
}

/// What a file means, whatever way it is written: groups in one list with
/// members in order, the default status said, bodies as stored.
fn meaning(mut file: CurriculumFile) -> CurriculumFile {
    for module in &mut file.modules {
        let mut groups: Vec<GroupSpec> =
            module.groups().into_iter().map(|g| GroupSpec { modules: g.members, min_required: g.min_required }).collect();
        for group in &mut groups {
            group.modules.sort();
        }
        module.requires.clear();
        module.prerequisites = groups;
        module.status = Some(module.status.unwrap_or(ModuleStatus::Published));
        for section in &mut module.sections {
            section.body = section.body.as_ref().map(|b| b.trim().to_string());
        }
    }
    file
}

both_backends!(the_shipped_programmes_export_to_what_their_files_say, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let elsewhere = spawn_app(backend).await;
    for (code, name) in [("TAKWIA", "takwia.toml"), ("PASC", "pasc.toml")] {
        let shipped = std::fs::read_to_string(repo_root().join("assets/curricula").join(name)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let exported = export_to(&app, code, dir.path()).await;
        assert_eq!(meaning(curriculum::parse(&exported).unwrap()), meaning(curriculum::parse(&shipped).unwrap()), "{code}");
        // Loaded where the programme came from its own file, the export changes nothing.
        let report =
            files::load_file(&elsewhere.state.db, &elsewhere.state.storage, &dir.path().join("programme.toml"), false).await.unwrap().unwrap();
        assert!(!report.changed(), "{code}: {report:?}");
        assert_eq!(export_to(&elsewhere, code, tempfile::tempdir().unwrap().path()).await, exported, "{code}");
    }
});

async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A programme written through the API, with something of everything.
async fn author(admin: &Session) {
    let programme = ok(admin
        .post(
            "/api/v1/programmes",
            &json!({ "code": "ECHANGE", "title": { "fr": "Programme à transmettre", "ar": "برنامج للتبادل" }, "summary": { "fr": "Résumé" }, "bilingual_attestations": true }),
        )
        .await)
    .await["id"]
        .as_i64()
        .unwrap();
    let mut ids = Vec::new();
    for (code, title) in [("EC-1", "Écrire un projet"), ("EC-2", "Suivre un budget"), ("EC-3", "Rendre compte"), ("EC-4", "Brouillon")] {
        let body = json!({ "code": code, "title": { "fr": title, "en": format!("{title} (en)") }, "hours": 3 });
        ids.push(ok(admin.post(&format!("/api/v1/programmes/{programme}/modules"), &body).await).await["id"].as_i64().unwrap());
    }
    let pdf = b"%PDF-1.4\n% Cursus\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let form = Form::new().part("file", Part::bytes(pdf).file_name("Guide du porteur de projet.pdf"));
    let document =
        ok(admin.request(reqwest::Method::POST, &format!("/api/v1/modules/{}/documents", ids[0])).multipart(form).send().await.unwrap()).await;
    for section in [
        json!({ "kind": "text", "title": "Introduction", "title_ar": "مقدمة", "markdown": "Un **projet** commence par un besoin.\n\n- écouter\n- écrire",
            "markdown_ar": "يبدأ **المشروع** بحاجة.", "markdown_en": "A **project** starts from a need." }),
        json!({ "kind": "link", "title": "Vidéo", "url": "https://peertube.example.org/w/abc" }),
        json!({ "kind": "document", "title": "Le guide", "document_id": document["id"] }),
    ] {
        ok(admin.post(&format!("/api/v1/modules/{}/sections", ids[0]), &section).await).await;
    }
    let quiz = json!({ "kind": "quiz", "title": "Quiz", "title_ar": "اختبار", "pass_mark": 70, "max_attempts": 3, "shuffle": true, "questions": [
        { "prompt": "Qui finance ?", "prompt_ar": "من يموّل؟", "choices": [
            { "label": "Le bailleur", "label_ar": "المانح", "correct": true, "feedback": "Oui.", "feedback_en": "Yes." }, { "label": "Personne", "feedback": "Non." }] },
        { "prompt": "Cochez", "multiple": true, "points": 2, "choices": [{ "label": "a", "correct": true }, { "label": "b" }] } ] });
    let assignment = json!({ "kind": "assignment", "title": "Budget", "pass_mark": 50, "accepts_file": true, "accepted_types": ["xlsx", "ods"], "instructions": "Un tableau.", "instructions_en": "A spreadsheet.", "rubric": [
        { "title": "Exactitude", "title_ar": "الدقة", "description": "Les totaux", "description_ar": "المجاميع",
          "levels": [{ "title": "Faux", "title_en": "Wrong", "points": 0 }, { "title": "Juste", "points": 3 }] } ] });
    for (id, definition) in [(ids[0], &quiz), (ids[1], &assignment), (ids[2], &quiz)] {
        ok(admin.put(&format!("/api/v1/modules/{id}/assessment-definition"), definition).await).await;
    }
    ok(admin
        .put(
            &format!("/api/v1/modules/{}/prerequisites", ids[2]),
            &json!({ "groups": [{ "modules": ["EC-1"] }, { "modules": ["EC-1", "EC-2"], "min_required": 1 }] }),
        )
        .await)
    .await;
    for id in &ids[..3] {
        ok(admin.post(&format!("/api/v1/modules/{id}/publish"), &json!({})).await).await;
    }
}

both_backends!(a_programme_exported_and_loaded_elsewhere_exports_the_same, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    author(&app.as_role(Role::Admin).await).await;
    let first = tempfile::tempdir().unwrap();
    let exported = export_to(&app, "ECHANGE", first.path()).await;
    assert!(exported.contains("status = \"draft\""), "{exported}");
    assert!(exported.contains("document = \"documents/EC-1/Guide du porteur de projet.pdf\""), "{exported}");
    // Translations travel with the programme.
    for line in
        ["title_ar = \"مقدمة\"", "prompt_ar = \"من يموّل؟\"", "feedback_en = \"Yes.\"", "title_en = \"Wrong\"", "instructions_en = \"A spreadsheet.\""]
    {
        assert!(exported.contains(line), "{line} in {exported}");
    }

    let elsewhere = spawn_app(backend).await;
    let report = files::load_file(&elsewhere.state.db, &elsewhere.state.storage, &first.path().join("programme.toml"), false).await.unwrap().unwrap();
    assert!(report.programme_created);
    let second = tempfile::tempdir().unwrap();
    assert_eq!(export_to(&elsewhere, "ECHANGE", second.path()).await, exported);
    let document = "documents/EC-1/Guide du porteur de projet.pdf";
    assert_eq!(std::fs::read(second.path().join(document)).unwrap(), std::fs::read(first.path().join(document)).unwrap());

    // The loaded programme runs: the draft stays a draft, the document downloads.
    let admin = elsewhere.as_role(Role::Admin).await;
    let programme = elsewhere.programme(&admin, "ECHANGE").await;
    let statuses: Vec<&str> = programme["modules"].as_array().unwrap().iter().map(|m| m["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["published", "published", "published", "draft"]);
    let content = admin.get_json(&format!("/api/v1/modules/{}/content", programme["modules"][0]["id"])).await;
    let url = content["sections"][2]["document"]["url"].as_str().unwrap().to_string();
    let download = admin.get(&url).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(download.bytes().await.unwrap().starts_with(b"%PDF"));
});

#[tokio::test]
async fn a_document_outside_the_curriculum_folder_is_refused() {
    let text = "code = \"X\"\nissuer = \"R\"\ntitle = { fr = \"X\" }\n[[modules]]\ncode = \"A\"\nhours = 1\ntitle = { fr = \"A\" }\nstatus = \"draft\"\n[[modules.sections]]\ntitle = \"Secret\"\ndocument = \"../../etc/passwd\"\n";
    let problems = curriculum::parse(text).unwrap_err();
    assert!(problems[0].contains("must be a path inside"), "{problems:?}");
}
