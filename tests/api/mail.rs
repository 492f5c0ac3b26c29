//! Mail goes through the outbox to a real SMTP server; an outage delays mail
//! and loses none; several processes never send a mail twice.
use std::collections::HashMap;
use std::time::Duration;

use cursus_tests::fixtures::{count, demo_cohort};
use cursus_tests::smtp::SmtpServer;
use cursus_tests::{Backend, Session, both_backends, spawn_app, spawn_app_with, spawn_peer};
use reqwest::StatusCode;
use serde_json::json;
use shared::enums::Role;

async fn enrol(admin: &Session, cohort: i64, email: &str) {
    let body = json!({ "person": { "email": email, "first_name": "Nour", "last_name": "Haddad", "category": "local_media" } });
    assert_eq!(admin.post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &body).await.status(), StatusCode::CREATED);
}

fn per_recipient(smtp: &SmtpServer) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for message in smtp.messages() {
        for to in message.to {
            *seen.entry(to).or_default() += 1;
        }
    }
    seen
}

both_backends!(an_smtp_outage_delays_mail_and_loses_none, |backend: Backend| async move {
    let mut smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url);
        s.mail_retry_base = Duration::ZERO;
        s.run_workers = false;
    })
    .await;
    smtp.stop().await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "PASC").await["id"].as_i64().unwrap();
    for i in 0..5 {
        enrol(&admin, cohort, &format!("journaliste{i}@radio-locale.tn")).await;
    }
    let transport = cursus::mail::delivery::Transport::from_settings(&app.state.settings).unwrap();
    assert_eq!(cursus::mail::delivery::deliver_due(&app.state, &transport).await.unwrap(), 5, "all tried");
    assert!(smtp.messages().is_empty());
    let retried = cursus::store::outbox::pending_count(app.state.db.conn()).await.unwrap();
    assert_eq!(retried, 5, "still queued while the server is down");

    smtp.restart().await;
    app.run_workers_once().await;
    let seen = per_recipient(&smtp);
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.values().all(|n| *n == 1), "each mail delivered once: {seen:?}");
    assert_eq!(cursus::store::outbox::pending_count(app.state.db.conn()).await.unwrap(), 0);
});

both_backends!(two_processes_sharing_the_database_send_each_mail_once, |backend: Backend| async move {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url);
        s.run_workers = false;
    })
    .await;
    let peer = spawn_peer(&app, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "PASC").await["id"].as_i64().unwrap();
    let csv = cursus_tests::fixtures::people_csv(35, "commune.tn");
    let r = admin.post_bytes(&format!("/api/v1/cohorts/{cohort}/enrolments/import"), "text/csv", csv.into()).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Both processes drain the outbox at the same time.
    tokio::join!(app.run_workers_once(), peer.run_workers_once());
    let seen = per_recipient(&smtp);
    assert_eq!(seen.len(), 35);
    assert!(seen.values().all(|n| *n == 1), "a mail was sent twice: {seen:?}");
});

both_backends!(without_smtp_mail_is_written_as_eml_files, |backend: Backend| async move {
    let app = spawn_app_with(backend, |s| s.run_workers = false).await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "PASC").await["id"].as_i64().unwrap();
    enrol(&admin, cohort, "blogueuse@exemple.tn").await;
    app.run_workers_once().await;
    let dir = app.data_dir.path().join("mail");
    let files: Vec<_> = std::fs::read_dir(&dir).map(|d| d.filter_map(Result::ok).collect()).unwrap_or_default();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(eml.contains("To: \"Nour Haddad\" <blogueuse@exemple.tn>") || eml.contains("blogueuse@exemple.tn"), "{eml}");
    assert!(eml.contains("Subject:"), "{eml}");
    assert_eq!(count(&app, "outbox_mails").await, 1);
    let _ = spawn_app;
});

both_backends!(a_relay_that_never_answers_stalls_no_mail, |backend: Backend| async move {
    let smtp = SmtpServer::start_stalling(1).await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url);
        s.run_workers = false;
        s.smtp_step_timeout = Duration::from_millis(300);
        s.mail_retry_base = Duration::ZERO;
        s.mail_concurrency = 4;
    })
    .await;
    let admin = app.as_role(Role::Admin).await;
    let cohort = demo_cohort(&admin, "PASC").await["id"].as_i64().unwrap();
    for i in 0..5 {
        enrol(&admin, cohort, &format!("journaliste{i}@radio-locale.tn")).await;
    }
    let transport = cursus::mail::delivery::Transport::from_settings(&app.state.settings).unwrap();

    // One pass: the delivery that met the silent relay is abandoned at its
    // deadline; the other four went out meanwhile.
    let started = std::time::Instant::now();
    assert_eq!(cursus::mail::delivery::deliver_due(&app.state, &transport).await.unwrap(), 5);
    assert!(started.elapsed() < Duration::from_secs(5), "a silent relay held the outbox for {:?}", started.elapsed());
    assert_eq!(smtp.messages().len(), 4);
    assert_eq!(cursus::store::outbox::pending_count(app.state.db.conn()).await.unwrap(), 1, "kept for a retry");

    // The next pass sends it (the relay answers new connections).
    assert_eq!(cursus::mail::delivery::deliver_due(&app.state, &transport).await.unwrap(), 1);
    let seen = per_recipient(&smtp);
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
    assert_eq!(cursus::store::outbox::pending_count(app.state.db.conn()).await.unwrap(), 0);
});
