//! Revocation as a process: a confirmation's worth of consequences on the
//! server side — an internal reason never published, a public note, the
//! holder told by mail, an undo within the period (audited), and a reissue
//! that replaces a revoked attestation while the old code keeps saying what
//! happened and points to the new one.

use cursus_tests::fixtures::{count, module_id, pass_quiz};
use cursus_tests::harness::{Session, problem};
use cursus_tests::smtp::SmtpServer;
use cursus_tests::{Backend, TestApp, both_backends, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

const REASON: &str = "Dossier 2026-114 : copie signalée par le formateur";
const NOTE: &str = "Révoquée à la demande du programme ; contactez la coordination.";

/// The demo learner passes TK-01; their attestation, PDF made and mailed.
async fn attested(app: &TestApp) -> (Session, Value) {
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    pass_quiz(app, &learner, module_id(&takwia, "TK-01")).await;
    app.run_workers_once().await;
    let list = learner.get_json("/api/v1/attestations").await;
    (learner, list["items"][0].clone())
}

/// An application mailing over SMTP, workers run by hand.
async fn app_with_mail(backend: Backend) -> (SmtpServer, TestApp) {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url);
        s.run_workers = false;
    })
    .await;
    (smtp, app)
}

/// The mails received by `to` whose text contains `needle`.
fn mails_with(smtp: &SmtpServer, to: &str, needle: &str) -> Vec<String> {
    smtp.messages().into_iter().filter(|m| m.to.iter().any(|t| t.contains(to))).map(|m| m.text()).filter(|t| t.contains(needle)).collect()
}

both_backends!(a_revocation_is_told_to_the_holder_and_undone_within_the_period, |backend: Backend| async move {
    let (smtp, app) = app_with_mail(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let (learner, attestation) = attested(&app).await;
    let (id, code) = (attestation["id"].as_i64().unwrap(), attestation["code"].as_str().unwrap().to_string());
    let email = learner.get_json("/api/v1/me").await["account"]["email"].as_str().unwrap().to_string();

    // A blank reason is refused and changes nothing; so is an over-long note.
    let p = problem(admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": " ", "public_note": NOTE })).await).await;
    assert_eq!(p["errors"][0]["field"], "reason", "{p}");
    let p =
        problem(admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": REASON, "public_note": "x".repeat(501) })).await).await;
    assert_eq!(p["errors"][0]["field"], "public_note", "{p}");
    assert_eq!(app.anonymous().get_json(&format!("/api/v1/verify/{code}")).await["status"], "valid");

    let revoked: Value =
        admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": REASON, "public_note": NOTE })).await.json().await.unwrap();
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revocation_reason"], REASON, "administrators read the internal reason");
    let revoked_at: chrono::DateTime<chrono::Utc> = serde_json::from_value(revoked["revoked_at"].clone()).unwrap();
    let until: chrono::DateTime<chrono::Utc> = serde_json::from_value(revoked["undo_until"].clone()).unwrap();
    assert_eq!(until - revoked_at, chrono::TimeDelta::days(30), "the default period");

    // Anyone checking reads the public note, never the reason — API and page.
    let anyone = app.anonymous();
    let verified = anyone.get_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!((verified["status"].as_str(), verified["revocation_note"].as_str()), (Some("revoked"), Some(NOTE)));
    assert!(!verified.to_string().contains("Dossier 2026-114"), "{verified}");
    let page = anyone.get(&format!("/verify/{code}")).await.text().await.unwrap();
    assert!(page.contains("Attestation révoquée") && page.contains("Note de l'émetteur"), "{page}");
    assert!(page.contains("Révoquée à la demande du programme") && !page.contains("Dossier 2026-114"), "{page}");
    // The holder reads the note too, not the reason, and nothing to undo.
    let own = learner.get_json(&format!("/api/v1/attestations/{id}")).await;
    assert_eq!((own["revocation_reason"].is_null(), own["revocation_note"].as_str(), own["undo_until"].is_null()), (true, Some(NOTE), true));

    // The holder is told by mail: the note, not the reason.
    app.run_workers_once().await;
    let told = mails_with(&smtp, &email, &code);
    let revocation_mail = told.iter().find(|t| t.contains("a été révoquée")).unwrap_or_else(|| panic!("a revocation mail: {told:?}"));
    assert!(revocation_mail.contains(NOTE) && !revocation_mail.contains("Dossier 2026-114"), "{revocation_mail}");

    // Undone by an administrator, with a reason for the record; the holder is told.
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "x" })).await.status(), StatusCode::FORBIDDEN);
    let p = problem(admin.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "" })).await).await;
    assert_eq!(p["errors"][0]["field"], "reason");
    let restored = admin.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "Copie non confirmée après entretien" })).await;
    assert_eq!(restored.status(), StatusCode::OK);
    let restored: Value = restored.json().await.unwrap();
    assert_eq!((restored["status"].as_str(), restored["revocation_note"].is_null()), (Some("valid"), true));
    assert_eq!(anyone.get_json(&format!("/api/v1/verify/{code}")).await["status"], "valid");
    assert_eq!(problem(admin.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "x" })).await).await["code"], "conflict");
    app.run_workers_once().await;
    assert_eq!(mails_with(&smtp, &email, "de nouveau valide").len(), 1, "the holder is told it stands again");
    // The audit trail keeps both acts, with the revocation's reason and note.
    let audit = admin.get_json(&format!("/api/v1/audit?entity=attestation&entity_id={id}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["attestation.restore", "attestation.revoke"], "{audit}");
    assert_eq!(audit["items"][0]["detail"]["revocation_reason"], REASON);
    assert_eq!(audit["items"][0]["detail"]["public_note"], NOTE);

    // Revoked again, with no note: mailed again; the page says revoked, no more.
    admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": "Fraude confirmée" })).await;
    app.run_workers_once().await;
    assert_eq!(mails_with(&smtp, &email, "a été révoquée").len(), 2, "each revocation is told");
    let page = anyone.get(&format!("/verify/{code}")).await.text().await.unwrap();
    assert!(page.contains("Attestation révoquée") && !page.contains("Fraude confirmée"), "{page}");

    // Past the period, undoing is refused with a clear problem.
    {
        use cursus::entities::attestation;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let long_ago = cursus::clock::now() - chrono::TimeDelta::days(31);
        attestation::Entity::update_many()
            .col_expr(attestation::Column::RevokedAt, sea_orm::sea_query::Expr::value(long_ago))
            .filter(attestation::Column::Id.eq(id))
            .exec(app.state.db.conn())
            .await
            .unwrap();
    }
    let p = problem(admin.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "trop tard" })).await).await;
    assert_eq!((p["status"].as_u64(), p["code"].as_str()), (Some(409), Some("revocation-final")), "{p}");
    assert!(p["title"].as_str().unwrap().contains("réémettez"), "{p}");
    assert!(admin.get_json(&format!("/api/v1/attestations/{id}")).await["undo_until"].is_null());
    assert_eq!(anyone.get_json(&format!("/api/v1/verify/{code}")).await["status"], "revoked");
});

both_backends!(a_revoked_attestation_is_reissued_and_the_old_code_points_to_the_new, |backend: Backend| async move {
    let (smtp, app) = app_with_mail(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let (learner, attestation) = attested(&app).await;
    let (id, code) = (attestation["id"].as_i64().unwrap(), attestation["code"].as_str().unwrap().to_string());
    admin.post(&format!("/api/v1/attestations/{id}/revoke"), &json!({ "reason": "Mauvaise personne" })).await;
    // The worker does not issue a replacement on its own: a person decides.
    cursus::service::attestations::work(&app.state).await.unwrap();
    assert_eq!(count(&app, "attestations").await, 1);

    let r = admin.post(&format!("/api/v1/attestations/{id}/reissue"), &json!({ "reason": "Erreur d'attribution corrigée" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let new: Value = r.json().await.unwrap();
    let new_code = new["code"].as_str().unwrap().to_string();
    assert_ne!(new_code, code);
    assert_eq!((new["status"].as_str(), new["supersedes"].as_str()), (Some("valid"), Some(code.as_str())));
    assert!(new["pdf_url"].is_string(), "its PDF is made at once");

    let anyone = app.anonymous();
    let old = anyone.get_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!((old["status"].as_str(), old["superseded_by"].as_str()), (Some("revoked"), Some(new_code.as_str())), "{old}");
    assert_eq!(anyone.get_json(&format!("/api/v1/verify/{new_code}")).await["status"], "valid");
    let page = anyone.get(&format!("/verify/{code}")).await.text().await.unwrap();
    assert!(page.contains("Attestation révoquée") && page.contains(&format!("/verify/{new_code}")), "revoked, with a link to the new one: {page}");

    // One replacement only; the revocation of a replaced code stays.
    assert_eq!(problem(admin.post(&format!("/api/v1/attestations/{id}/reissue"), &json!({ "reason": "encore" })).await).await["code"], "conflict");
    assert_eq!(problem(admin.post(&format!("/api/v1/attestations/{id}/restore"), &json!({ "reason": "annuler" })).await).await["code"], "conflict");
    assert!(admin.get_json(&format!("/api/v1/attestations/{id}")).await["undo_until"].is_null(), "nothing to undo once replaced");

    // The holder received the new PDF by mail.
    app.run_workers_once().await;
    let email = learner.get_json("/api/v1/me").await["account"]["email"].as_str().unwrap().to_string();
    let attachment = format!("attestation-{new_code}.pdf");
    assert_eq!(smtp.messages().iter().filter(|m| m.to.iter().any(|t| t.contains(&email)) && m.data.contains(&attachment)).count(), 1);
    let audit = admin.get_json(&format!("/api/v1/audit?entity=attestation&entity_id={id}")).await;
    assert_eq!(audit["items"][0]["action"], "attestation.reissue");
    assert_eq!(audit["items"][0]["detail"]["was"], "revoked");
});

both_backends!(racing_reissues_of_one_attestation_make_one_new_code, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let (_, attestation) = attested(&app).await;
    let id = attestation["id"].as_i64().unwrap();
    let path = format!("/api/v1/attestations/{id}/reissue");
    let body = json!({ "reason": "Correction du nom" });
    let answers = futures::future::join_all((0..6).map(|_| admin.post(&path, &body))).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT), "{statuses:?}");
    assert_eq!(count(&app, "attestations").await, 2);
});
