use cursus_tests::harness::problem;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use shared::enums::Role;

both_backends!(login_me_and_logout, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let session = app.as_role(Role::Learner).await;
    let me = session.get_json("/api/v1/me").await;
    assert_eq!(me["account"]["email"], "apprenant@cursus.local");
    assert_eq!(me["account"]["role"], "learner");
    assert!(me["csrf_token"].as_str().is_some_and(|t| t.len() > 20));

    let out = session.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let after = session.get("/api/v1/me").await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(after).await["code"], "unauthenticated");
});

both_backends!(the_session_cookie_is_http_only_and_lax, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let (email, password) = app.demo[&Role::Admin].clone();
    let response = app.anonymous().post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await;
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(cookie.starts_with("cursus_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    // The base URL is plain http here, so no Secure flag (it would be dropped).
    assert!(!cookie.contains("Secure"), "{cookie}");
});

both_backends!(a_login_replaces_the_session_it_was_sent_with, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let (email, password) = app.demo[&Role::Learner].clone();
    let session = app.login(&email, &password).await;
    let first_csrf = session.csrf.clone();
    // Same client, same cookie jar: a second login must not keep the first session alive.
    let again = session.post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await;
    assert_eq!(again.status(), StatusCode::OK);
    let body: serde_json::Value = again.json().await.unwrap();
    assert_ne!(body["csrf_token"].as_str(), first_csrf.as_deref());
    let sessions = cursus::entities::session::Entity::find().count(app.state.db.conn()).await.unwrap();
    assert_eq!(sessions, 1, "the old session was ended");
});

both_backends!(a_wrong_password_is_refused_without_saying_which_part_is_wrong, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let anonymous = app.anonymous().with_lang("en");
    let wrong = anonymous.post("/api/v1/auth/login", &json!({ "email": "admin@cursus.local", "password": "not the password" })).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let unknown = anonymous.post("/api/v1/auth/login", &json!({ "email": "nobody@cursus.local", "password": "not the password" })).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let wrong = problem(wrong).await;
    let unknown = problem(unknown).await;
    assert_eq!(wrong, unknown, "same answer for an unknown e-mail and a wrong password");
    assert_eq!(wrong["detail"], "Incorrect e-mail address or password.");
});

both_backends!(repeated_failures_are_rate_limited_with_retry_after, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let (email, password) = app.demo[&Role::Trainer].clone();
    let anonymous = app.anonymous();
    for _ in 0..5 {
        let r = anonymous.post("/api/v1/auth/login", &json!({ "email": email, "password": "wrong password" })).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: the limit protects the account.
    let limited = anonymous.post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    assert_eq!(problem(limited).await["code"], "rate-limited");
    // Another account is not affected.
    let (admin_email, admin_password) = app.demo[&Role::Admin].clone();
    app.login(&admin_email, &admin_password).await;
});

both_backends!(state_changes_without_the_csrf_token_are_refused, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let mut admin = app.as_role(Role::Admin).await;
    let body = json!({ "name": "Association Nour", "kind": "association" });
    admin.csrf = None;
    let refused = admin.post("/api/v1/organisations", &body).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(refused).await["code"], "csrf-rejected");
    admin.csrf = Some("forged".into());
    assert_eq!(admin.post("/api/v1/organisations", &body).await.status(), StatusCode::FORBIDDEN);
    // Nothing was written.
    let admin = app.as_role(Role::Admin).await;
    let orgs = admin.get_json("/api/v1/organisations").await;
    assert!(orgs["items"].as_array().unwrap().iter().all(|o| o["name"] != "Association Nour"));
    // A cross-site origin is refused even with the token.
    let cross =
        admin.request(reqwest::Method::POST, "/api/v1/organisations").header("Origin", "https://evil.example").json(&body).send().await.unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    // With the token and no foreign origin, it works.
    assert_eq!(admin.post("/api/v1/organisations", &body).await.status(), StatusCode::CREATED);
});

both_backends!(an_account_opened_without_a_password_is_invited_by_mail, |backend: Backend| async move {
    let smtp = cursus_tests::smtp::SmtpServer::start().await;
    let smtp_url = smtp.url();
    let app = cursus_tests::harness::spawn_app_with(backend, move |s| {
        s.smtp_url = Some(smtp_url);
        s.run_workers = false;
    })
    .await;
    let admin = app.as_role(Role::Admin).await;
    let created = admin
        .post("/api/v1/accounts", &json!({ "email": "hawa.diarra@cfad.ml", "full_name": "Hawa Diarra", "role": "trainer", "language": "fr" }))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.json::<serde_json::Value>().await.unwrap()["has_password"], false);

    app.run_workers_once().await;
    let mails = smtp.messages();
    assert!(mails[0].to[0].contains("hawa.diarra@cfad.ml"));
    let text = mails[0].text();
    assert!(text.contains("Formateur·rice"), "{text}");
    let token = cursus_tests::fixtures::invitation_token(&text);
    let set = app.anonymous().post("/api/v1/auth/password", &json!({ "token": token, "password": "une phrase de passe" })).await;
    assert_eq!(set.status(), StatusCode::OK);
    let trainer = app.login("hawa.diarra@cfad.ml", "une phrase de passe").await;
    assert_eq!(trainer.get_json("/api/v1/me").await["account"]["role"], "trainer");

    // With a password, no invitation is sent.
    let with_password = admin
        .post(
            "/api/v1/accounts",
            &json!({ "email": "k.traore@cfad.ml", "full_name": "Karim Traoré", "role": "trainer", "password": "mot de passe solide" }),
        )
        .await;
    assert_eq!(with_password.status(), StatusCode::CREATED);
    assert_eq!(cursus_tests::fixtures::count(&app, "outbox_mails").await, 1, "one mail queued in all");
});

both_backends!(closing_an_account_ends_its_sessions_and_its_sign_ins, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let learner = app.as_role(Role::Learner).await;
    let learner_id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let admin_id = admin.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();

    // Only administrators manage accounts; bad input names its field and changes nothing.
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "active": false })).await.status(), StatusCode::FORBIDDEN);
    let blank = problem(admin.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "full_name": "   " })).await).await;
    assert_eq!(blank["errors"][0]["field"], "full_name");
    let own = problem(admin.patch(&format!("/api/v1/accounts/{admin_id}"), &json!({ "active": false })).await).await;
    assert_eq!(own["errors"][0]["field"], "active");
    assert_eq!(own["errors"][0]["message"], "Vous ne pouvez pas fermer votre propre compte.");
    assert_eq!(admin.patch("/api/v1/accounts/999999", &json!({ "active": false })).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(learner.get("/api/v1/me").await.status(), StatusCode::OK);

    let closed = admin.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "active": false })).await;
    assert_eq!(closed.status(), StatusCode::OK);
    assert_eq!(closed.json::<serde_json::Value>().await.unwrap()["active"], false);
    assert_eq!(learner.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED, "the open session ended");
    let (email, password) = app.demo[&Role::Learner].clone();
    let again = app.anonymous().post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    // Reopened, the same password works again.
    admin.patch(&format!("/api/v1/accounts/{learner_id}"), &json!({ "active": true })).await;
    assert_eq!(app.login(&email, &password).await.get("/api/v1/me").await.status(), StatusCode::OK);
});
