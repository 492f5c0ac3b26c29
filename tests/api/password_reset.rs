//! A forgotten password: a short-lived, single-use link by mail, that says
//! nothing about which addresses have accounts.
use cursus_tests::fixtures::{count, invitation_token};
use cursus_tests::harness::{Session, problem};
use cursus_tests::smtp::SmtpServer;
use cursus_tests::{Backend, both_backends, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

async fn ask(app: &cursus_tests::TestApp, email: &str) -> reqwest::Response {
    app.anonymous().post("/api/v1/auth/password-reset", &json!({ "email": email })).await
}

both_backends!(a_forgotten_password_is_replaced_through_a_mailed_link, |backend: Backend| async move {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url);
        s.run_workers = false;
    })
    .await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.new_account(&admin, Role::Learner, "samia.kone@cfad.ml", None).await;
    assert_eq!(learner.get("/api/v1/me").await.status(), StatusCode::OK);

    // Known or not, the answer is the same.
    let known = ask(&app, "Samia.Kone@cfad.ml").await;
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    let unknown = ask(&app, "personne@nulle-part.ml").await;
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());

    app.run_workers_once().await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "only the known address gets a mail");
    assert!(mails[0].to[0].contains("samia.kone@cfad.ml"));
    assert!(mails[0].text().contains("valable 2 heures"), "{}", mails[0].text());
    let token = invitation_token(&mails[0].text());

    // A second request minutes later sends nothing more.
    assert_eq!(ask(&app, "samia.kone@cfad.ml").await.status(), StatusCode::ACCEPTED);

    let mut fresh = Session::new(&app.address);
    let r = fresh.post("/api/v1/auth/password", &json!({ "token": token, "password": "une toute nouvelle phrase" })).await;
    assert_eq!(r.status(), StatusCode::OK);
    fresh.csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().map(str::to_string);
    assert_eq!(fresh.get_json("/api/v1/me").await["account"]["email"], "samia.kone@cfad.ml");
    // The old password and the sessions opened with it are gone; the link works once.
    assert_eq!(learner.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    let old = app.anonymous().post("/api/v1/auth/login", &json!({ "email": "samia.kone@cfad.ml", "password": "mot de passe solide" })).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    app.login("samia.kone@cfad.ml", "une toute nouvelle phrase").await;
    let again = app.anonymous().post("/api/v1/auth/password", &json!({ "token": token, "password": "encore une autre phrase" })).await;
    assert_eq!(problem(again).await["code"], "invalid-token");

    app.run_workers_once().await;
    assert_eq!(smtp.messages().len(), 1, "one mail in all");
});

both_backends!(a_reset_for_a_closed_account_or_a_bad_address_sends_nothing, |backend: Backend| async move {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| s.smtp_url = Some(url)).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.new_account(&admin, Role::Learner, "ferme@exemple.ma", None).await;
    let id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    assert_eq!(admin.patch(&format!("/api/v1/accounts/{id}"), &json!({ "active": false })).await.status(), StatusCode::OK);
    let tokens = count(&app, "password_tokens").await;
    let mails = count(&app, "outbox_mails").await;

    assert_eq!(ask(&app, "ferme@exemple.ma").await.status(), StatusCode::ACCEPTED);
    let r = ask(&app, "pas-une-adresse").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["errors"][0]["field"], "email");
    assert_eq!(p["errors"][0]["message"], "Adresse e-mail invalide.");
    assert_eq!(count(&app, "password_tokens").await, tokens);
    assert_eq!(count(&app, "outbox_mails").await, mails);
});
