//! Attestations: issued once on completion, read back from the PDF, checked
//! by anyone, revocable and reissued without losing the record.

use cursus_tests::fixtures::{count, module_id, pass_quiz, tool};
use cursus_tests::harness::{Session, problem};
use cursus_tests::smtp::SmtpServer;
use cursus_tests::{Backend, TestApp, both_backends, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

/// Runs the workers once and returns the learner's attestation of a module, PDF made.
async fn attestation_of(app: &TestApp, learner: &Session, module: i64) -> Value {
    app.run_workers_once().await;
    let list = learner.get_json("/api/v1/attestations").await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["module_id"] == module && a["pdf_url"].is_string())
        .cloned()
        .expect("the attestation and its PDF")
}

/// The demo learner passes TK-01's quiz; returns them, TK-01's id and the
/// attestation it yields.
async fn demo_learner_attested(app: &TestApp) -> (Session, i64, Value) {
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    pass_quiz(app, &learner, tk01).await;
    let attestation = attestation_of(app, &learner, tk01).await;
    (learner, tk01, attestation)
}

async fn pdf_bytes(session: &Session, attestation: &Value) -> Vec<u8> {
    let r = session.get(attestation["pdf_url"].as_str().unwrap()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    r.bytes().await.unwrap().to_vec()
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    tool("pdftotext", &[path.to_str().unwrap(), "-"])
}

fn info_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    tool("pdfinfo", &[path.to_str().unwrap()])
}

fn qr_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let prefix = dir.path().join("page");
    tool("pdftoppm", &["-png", "-r", "300", path.to_str().unwrap(), prefix.to_str().unwrap()]);
    let page = dir.path().join("page-1.png");
    tool("zbarimg", &["-q", "--raw", page.to_str().unwrap()]).trim().to_string()
}

async fn anyone_name(app: &TestApp, code: &str) -> String {
    app.anonymous().get_json(&format!("/api/v1/verify/{code}")).await["holder"].as_str().unwrap().to_string()
}

async fn rename(app: &TestApp, admin: &Session, email: &str, name: &str) -> Session {
    let r = admin.post("/api/v1/accounts", &json!({ "email": email, "full_name": name, "role": "learner", "password": "une phrase solide" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let takwia_cohort = cursus_tests::fixtures::demo_cohort(admin, "TAKWIA").await;
    admin.post(&format!("/api/v1/cohorts/{}/enrolments", takwia_cohort["id"]), &json!({ "account_id": id })).await;
    app.login(email, "une phrase solide").await
}

both_backends!(a_completion_yields_a_verifiable_pdf, |backend: Backend| async move {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url);
        s.base_url = "https://cursus.example.org".into();
        s.run_workers = false;
    })
    .await;
    let admin = app.as_role(Role::Admin).await;
    // Takwia attestations are bilingual: an accented, hyphenated, apostrophed
    // name and an Arabic one must both print and extract.
    let learner = rename(&app, &admin, "aicha@tanmia.ma", "Aïcha Ould-Ahmed d'Almeida").await;
    let arabic = rename(&app, &admin, "amina@tanmia.ma", "أمينة بن علي").await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    pass_quiz(&app, &learner, tk01).await;
    pass_quiz(&app, &arabic, tk01).await;
    let attestation = attestation_of(&app, &learner, tk01).await;
    let code = attestation["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 19);
    assert_eq!(attestation["status"], "valid");

    let pdf = pdf_bytes(&learner, &attestation).await;
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for expected in ["Aïcha Ould-Ahmed d'Almeida", "ATTESTATION DE FORMATION", "Gouvernance interne et vie associative", code.as_str(), "شهادة تكوين"]
    {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // Every line of a bilingual page in both languages: the cohort and region,
    // the signatory.
    let cohort = attestation["cohort_name"].as_str().unwrap();
    assert!(text.lines().any(|l| l.contains("الفوج") && l.contains(cohort)), "the Arabic cohort line:\n{text}");
    assert!(text.contains("منسقة أو منسق البرنامج"), "the signatory in Arabic:\n{text}");
    // Its metadata: made today, by the issuing body, about this holder.
    let info = info_of(&pdf);
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(info.lines().any(|l| l.starts_with("CreationDate:") && l.contains(&year)), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Author:") && l.contains(attestation["issuer"].as_str().unwrap())), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.contains("Aïcha Ould-Ahmed d'Almeida") && l.contains(&code)), "{info}");
    let arabic_pdf = pdf_bytes(&arabic, &attestation_of(&app, &arabic, tk01).await).await;
    assert!(text_of(&arabic_pdf).contains("أمينة بن علي"), "{}", text_of(&arabic_pdf));

    // The QR code leads to the code's page (its seal: tests/api/printed_qr.rs).
    assert!(qr_of(&pdf).starts_with("https://cursus.example.org/V/"));
    let key = app.anonymous().get_json("/.well-known/cursus-issuer.json").await;
    assert_eq!(key["algorithm"], "Ed25519");
    let public_key = key["public_key"].as_str().unwrap();

    // Anyone can check the code, and the file.
    let anyone = app.anonymous();
    let verified = anyone.get_json(&format!("/api/v1/verify/{}", code.to_lowercase().replace('-', " "))).await;
    assert_eq!(verified["status"], "valid");
    assert_eq!(verified["holder"], "Aïcha Ould-Ahmed d'Almeida");
    assert_eq!(verified["hours"], 12);
    assert!(cursus::attestation::keys::verify(public_key, verified["claim"].as_str().unwrap().as_bytes(), verified["signature"].as_str().unwrap()));
    let genuine: Value = anyone.post_bytes("/api/v1/verify/pdf", "application/pdf", pdf.clone()).await.json().await.unwrap();
    assert_eq!(genuine["genuine"], true);
    assert_eq!(genuine["attestation"]["code"], code);
    let mut edited = pdf.clone();
    let at = edited.len() / 2;
    edited[at] ^= 0x01;
    let check: Value = anyone.post_bytes("/api/v1/verify/pdf", "application/pdf", edited).await.json().await.unwrap();
    assert_eq!(check["genuine"], false, "one byte changed is not the issued PDF");

    // The learner received it by mail, once, with the PDF attached.
    let attachment = format!("attestation-{code}.pdf");
    app.run_workers_once().await;
    let mails = smtp.messages();
    let with_pdf: Vec<_> = mails.iter().filter(|m| m.data.contains(&attachment)).collect();
    assert_eq!(with_pdf.len(), 1, "mailed once");
    assert!(with_pdf[0].to.iter().any(|t| t.contains("aicha@tanmia.ma")));
    assert!(with_pdf[0].text().contains(&code));
});

both_backends!(revocation_and_reissue_as_anyone_sees_them, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let (learner, _, first) = demo_learner_attested(&app).await;
    let id = first["id"].as_i64().unwrap();
    let code = first["code"].as_str().unwrap().to_string();

    // A name correction, then a reissue: a new code with the corrected name;
    // the old one says superseded and keeps what it certified.
    let learner_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let old_name = anyone_name(&app, &code).await;
    let corrected = admin.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "full_name": "Aïcha Ould-Ahmed" })).await;
    assert_eq!(corrected.status(), StatusCode::OK);
    assert_eq!(corrected.json::<Value>().await.unwrap()["full_name"], "Aïcha Ould-Ahmed");
    let p = problem(admin.post(&format!("/api/v1/attestations/{id}/reissue"), &json!({ "reason": "  " })).await).await;
    assert_eq!(p["errors"][0]["field"], "reason");
    let r = admin.post(&format!("/api/v1/attestations/{id}/reissue"), &json!({ "reason": "Correction de l'orthographe du nom" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let second: Value = r.json().await.unwrap();
    let new_code = second["code"].as_str().unwrap().to_string();
    assert_ne!(new_code, code);
    assert_eq!(second["supersedes"], code);
    assert_eq!(anyone_name(&app, &new_code).await, "Aïcha Ould-Ahmed");
    assert_eq!(anyone_name(&app, &code).await, old_name);
    assert!(second["pdf_url"].is_string(), "the new PDF is made at once");
    let anyone = app.anonymous();
    let old = anyone.get_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["superseded_by"], new_code);
    let page = anyone.get(&format!("/verify/{code}")).await.text().await.unwrap();
    assert!(page.contains("Attestation remplacée par une version plus récente"), "{page}");
    assert!(page.contains(&format!("/verify/{new_code}")), "a link to the new one");
    assert_eq!(count(&app, "attestations").await, 2, "nothing deleted");

    // Revoke the new one: reason required, record kept, everyone is told.
    let new_id = second["id"].as_i64().unwrap();
    let p = problem(admin.post(&format!("/api/v1/attestations/{new_id}/revoke"), &json!({})).await).await;
    assert_eq!(p["errors"][0]["field"], "reason");
    let revoked = admin.post(&format!("/api/v1/attestations/{new_id}/revoke"), &json!({ "reason": "Fraude constatée à l'évaluation" })).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let again = admin.post(&format!("/api/v1/attestations/{new_id}/revoke"), &json!({ "reason": "encore" })).await;
    assert_eq!(problem(again).await["code"], "already-revoked");
    let verified = anyone.get_json(&format!("/api/v1/verify/{new_code}")).await;
    assert_eq!(verified["status"], "revoked");
    assert!(verified["revocation_note"].is_null() && !verified.to_string().contains("Fraude"), "the reason is internal: {verified}");
    assert!(verified["revoked_on"].is_string());
    let page = anyone.get(&format!("/verify/{new_code}")).await.text().await.unwrap();
    assert!(page.contains("Attestation révoquée") && !page.contains("Fraude constatée"), "{page}");
    let page_ar = anyone.get(&format!("/verify/{new_code}?lang=ar")).await.text().await.unwrap();
    assert!(page_ar.contains("dir=\"rtl\"") && page_ar.contains("شهادة ملغاة"), "{page_ar}");
    let page_en = anyone.with_lang("en").get(&format!("/verify/{new_code}")).await.text().await.unwrap();
    assert!(page_en.contains("Revoked attestation"), "{page_en}");
    // A superseded attestation is neither revoked nor reissued: the current one is.
    assert_eq!(problem(admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": "x" })).await).await["code"], "conflict");
    assert_eq!(problem(admin.post(&format!("/api/v1/attestations/{id}/reissue"), &json!({ "reason": "x" })).await).await["code"], "conflict");
    // Only administrators revoke.
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": "x" })).await.status(), StatusCode::FORBIDDEN);
});

both_backends!(unknown_codes_and_enumeration, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.verify_per_minute = 5).await;
    let anyone = app.anonymous();
    let unknown = anyone.get_json("/api/v1/verify/AAAA-BBBB-CCCC-DDDD").await;
    assert_eq!(unknown["status"], "unknown");
    let garbage = anyone.get_json("/api/v1/verify/not-a-code").await;
    assert_eq!(garbage["status"], "unknown");
    let page = anyone.get("/verify/AAAA-BBBB-CCCC-DDDD").await.text().await.unwrap();
    assert!(page.contains("Aucune attestation ne porte ce code"));
    let mut limited = false;
    for _ in 0..10 {
        let r = anyone.get("/api/v1/verify/AAAA-BBBB-CCCC-DDDD").await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.headers().contains_key("retry-after"));
            limited = true;
            break;
        }
    }
    assert!(limited, "verification is rate-limited");
});

both_backends!(racing_completions_make_one_attestation_and_one_mail, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let quiz = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    let quiz_id = quiz["id"].as_i64().unwrap();
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        cursus::entities::assessment::Entity::update_many()
            .col_expr(cursus::entities::assessment::Column::MaxAttempts, sea_orm::sea_query::Expr::value(Option::<i32>::None))
            .filter(cursus::entities::assessment::Column::Id.eq(quiz_id))
            .exec(app.state.db.conn())
            .await
            .unwrap();
    }
    let answers = cursus_tests::fixtures::quiz_answers(&app, quiz_id, true).await;
    let path = format!("/api/v1/assessments/{quiz_id}/attempts");
    let _ = futures::future::join_all((0..100).map(|_| learner.post(&path, &answers))).await;
    // Two workers (two processes) race for what is owed.
    let (a, b) = tokio::join!(cursus::service::attestations::work(&app.state), cursus::service::attestations::work(&app.state));
    a.unwrap();
    b.unwrap();
    assert_eq!(count(&app, "completions").await, 1);
    assert_eq!(count(&app, "attestations").await, 1);
    let mails = count_mails(&app, "attestation:").await;
    assert_eq!(mails, 1);
});

async fn count_mails(app: &TestApp, prefix: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    cursus::entities::outbox_mail::Entity::find()
        .filter(cursus::entities::outbox_mail::Column::DedupeKey.starts_with(prefix))
        .count(app.state.db.conn())
        .await
        .map(shared::num::i64_of)
        .unwrap()
}

both_backends!(a_completion_left_unissued_by_a_crash_is_issued_after_restart_once, |backend: Backend| async move {
    // First process: workers off, as if it died right after the completion.
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    pass_quiz(&app, &learner, module_id(&takwia, "TK-01")).await;
    assert_eq!(count(&app, "completions").await, 1);
    assert_eq!(count(&app, "attestations").await, 0);
    // Two processes start on the same database; both run the worker.
    let second = cursus_tests::spawn_peer(&app, |s| s.run_workers = false).await;
    let third = cursus_tests::spawn_peer(&app, |s| s.run_workers = false).await;
    let (a, b) = tokio::join!(cursus::service::attestations::work(&second.state), cursus::service::attestations::work(&third.state));
    a.unwrap();
    b.unwrap();
    assert_eq!(count(&app, "attestations").await, 1);
    assert_eq!(count_mails(&app, "attestation:").await, 1);
    let files = std::fs::read_dir(second.data_dir.path().join("attestations")).map(|d| d.count()).unwrap_or(0)
        + std::fs::read_dir(third.data_dir.path().join("attestations")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files, 1, "one PDF kept");
});

both_backends!(staff_see_attestations_in_their_scope_and_can_zip_a_cohort, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let (_, tk01, attestation) = demo_learner_attested(&app).await;
    let id = attestation["id"].as_i64().unwrap();
    let other = app.new_account(&admin, Role::Learner, "voisin@exemple.ma", None).await;
    assert_eq!(other.get(&format!("/api/v1/attestations/{id}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(other.get(&format!("/api/v1/attestations/{id}/pdf")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(other.get_json("/api/v1/attestations").await["total"], 0);
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.get_json("/api/v1/attestations").await["total"], 1, "the trainer teaches that cohort");
    let partner = app.as_role(Role::Partner).await;
    assert_eq!(partner.get_json("/api/v1/attestations").await["total"], 0, "not the partner's people");
    let cohort = attestation["cohort_id"].as_i64().unwrap();
    let zip = admin.get(&format!("/api/v1/cohorts/{cohort}/attestations.zip?module={tk01}")).await;
    assert_eq!(zip.status(), StatusCode::OK);
    let bytes = zip.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(archive.len(), 1);
    // The bulk issuance preview: who is owed one (nobody now), and who has one.
    let preview: Value =
        admin.post("/api/v1/attestations/issue", &json!({ "cohort_id": cohort, "module_id": tk01, "dry_run": true })).await.json().await.unwrap();
    assert_eq!(preview["candidates"].as_array().unwrap().len(), 0);
    assert_eq!(preview["already_issued"], 1);
});
