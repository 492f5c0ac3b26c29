//! The programme certificate: issued once the last module of a programme is
//! completed, dated that day, and read back from its PDF.
use cursus_tests::fixtures::{demo_cohort, module_id, pass_quiz, tool};
use cursus_tests::harness::Session;
use cursus_tests::{Backend, both_backends, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

async fn certificate_of(learner: &Session) -> Option<Value> {
    let list = learner.get_json("/api/v1/attestations?per_page=50").await;
    list["items"].as_array().unwrap().iter().find(|a| a["kind"] == "programme" && a["pdf_url"].is_string()).cloned()
}

both_backends!(completing_every_module_of_a_programme_yields_one_certificate, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.new_account(&admin, Role::Learner, "sonia.trabelsi@association.tn", None).await;
    let account_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let cohort = demo_cohort(&admin, "PASC").await;
    let enrolled = admin.post(&format!("/api/v1/cohorts/{}/enrolments", cohort["id"]), &json!({ "account_id": account_id })).await;
    assert!(enrolled.status().is_success(), "{}", enrolled.status());

    let pasc = app.programme(&learner, "PASC").await;
    let codes: Vec<String> = pasc["modules"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap().to_string()).collect();
    assert_eq!(codes.len(), 9);

    // PA-01 opens the way; PA-02 is the one assignment, graded by the trainer.
    pass_quiz(&app, &learner, module_id(&pasc, "PA-01")).await;
    let pa02 = module_id(&pasc, "PA-02");
    let assignment = learner.get_json(&format!("/api/v1/modules/{pa02}/assessment")).await;
    let submitted = learner
        .post(&format!("/api/v1/assessments/{}/attempts", assignment["id"]), &json!({ "text": "Un budget participatif en trois étapes…" }))
        .await;
    assert_eq!(submitted.status(), StatusCode::CREATED);
    let submission = submitted.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let trainer = app.as_role(Role::Trainer).await;
    let levels = cursus_tests::fixtures::top_levels(&trainer, submission).await;
    let graded = trainer.post(&format!("/api/v1/submissions/{submission}/grade"), &json!({ "levels": levels })).await;
    assert_eq!(graded.status(), StatusCode::OK);

    // Eight of nine modules done: no certificate yet.
    let rest: Vec<&String> = codes.iter().filter(|c| *c != "PA-01" && *c != "PA-02").collect();
    for code in &rest[..rest.len() - 1] {
        pass_quiz(&app, &learner, module_id(&pasc, code)).await;
    }
    app.run_workers_once().await;
    assert!(certificate_of(&learner).await.is_none(), "a certificate before the last module");

    pass_quiz(&app, &learner, module_id(&pasc, rest[rest.len() - 1])).await;
    app.run_workers_once().await;
    let certificate = certificate_of(&learner).await.expect("the certificate, with its PDF");
    assert_eq!(certificate["module_id"], Value::Null);
    assert_eq!(certificate["hours"], pasc["modules"].as_array().unwrap().iter().map(|m| m["hours"].as_u64().unwrap()).sum::<u64>());

    let all = learner.get_json("/api/v1/attestations?per_page=50").await;
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.iter().filter(|a| a["kind"] == "programme").count(), 1, "one certificate");
    assert_eq!(items.iter().filter(|a| a["kind"] == "module").count(), 9, "and one attestation per module");
    let last = module_id(&pasc, rest[rest.len() - 1]);
    let last_module = items.iter().find(|a| a["module_id"] == last).expect("the last module's attestation");
    assert_eq!(certificate["issued_on"], last_module["issued_on"], "dated the day the programme was completed");

    let seen = app.anonymous().get_json(&format!("/api/v1/verify/{}", certificate["code"].as_str().unwrap())).await;
    assert_eq!(seen["status"], "valid");
    assert_eq!(seen["kind"], "programme");
    assert_eq!(seen["holder"], certificate["holder"]);

    let pdf = learner.get(certificate["pdf_url"].as_str().unwrap()).await.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains("CERTIFICAT\ndécerné à"), "{text}");
    assert!(text.contains(certificate["holder"].as_str().unwrap()), "{text}");
    assert!(text.contains("pour avoir achevé l'ensemble du programme\n\nCursus PASC — gouvernance et politiques publiques\n"), "{text}");
    assert!(text.contains(&format!("Cohorte « {} », Tunis", cohort["name"].as_str().unwrap())), "{text}");
    assert!(text.contains("Volume horaire : 96 heures"), "{text}");
});
