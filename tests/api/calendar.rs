//! The sessions people see: a learner's own list, the iCalendar feed a phone
//! subscribes to (read back by Python's `icalendar`, not by Cursus), and the
//! printable sign-in sheet (read back by `pdftotext`), Arabic names included.
use cursus_tests::fixtures::tool;
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

use crate::attendance::{enrol, session, workshop_cohort};

fn read_calendar(ics: &str, dir: &std::path::Path) -> Value {
    let file = dir.join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tools").join("read_calendar.py");
    serde_json::from_str(&tool("python3", &[script.to_str().unwrap(), file.to_str().unwrap()])).unwrap()
}

both_backends!(a_learner_lists_their_sessions_and_a_phone_calendar_subscribes_to_them, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({})).await;
    let (learner, learner_id) = enrol(&app, &admin, cohort_id, "nour@kenitra.ma").await;
    let first = session(&trainer, cohort_id, None, "2027-01-10T09:00:00Z", 180).await;
    // A title and a place with the characters RFC 5545 escapes, and Arabic.
    let second = trainer
        .post(
            &format!("/api/v1/cohorts/{cohort_id}/sessions"),
            &json!({ "title": "Plaidoyer; budget, suivi — ورشة المناصرة", "starts_at": "2027-01-17T13:30:00Z", "duration_minutes": 90, "location": "Salle 2, Maison des jeunes; Kénitra" }),
        )
        .await;
    assert_eq!(second.status(), StatusCode::CREATED);
    let second = second.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    trainer.put(&format!("/api/v1/sessions/{first}/attendance"), &json!({ "records": [{ "account_id": learner_id, "status": "excused" }] })).await;

    let mine = learner.get_json("/api/v1/me/sessions").await;
    let ids: Vec<i64> = mine.as_array().unwrap().iter().map(|e| e["session_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![first, second]);
    assert_eq!(mine[0]["status"], "excused");
    assert_eq!(mine[0]["cohort_name"], "Ateliers de Kénitra");
    assert_eq!(trainer.get_json("/api/v1/me/sessions").await.as_array().unwrap().len(), 2, "the trainer's calendar holds the sessions they teach");
    let stranger = app.new_account(&admin, Role::Learner, "ailleurs@gabes.tn", None).await;
    assert_eq!(stranger.get_json("/api/v1/me/sessions").await, json!([]));

    // The feed opens without a session (a calendar app cannot sign in).
    let feed: Value = learner.post("/api/v1/me/calendar-feed", &json!({})).await.json().await.unwrap();
    let url = feed["url"].as_str().unwrap();
    assert!(feed["webcal_url"].as_str().unwrap().starts_with("webcal://"));
    let path = &url[url.find("/api/").unwrap()..];
    let answer = app.anonymous().get(path).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let parsed = read_calendar(&answer.text().await.unwrap(), app.data_dir.path());
    assert_eq!(parsed["version"], "2.0");
    let events = parsed["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0]["summary"].as_str(), events[0]["start"].as_str(), events[0]["end"].as_str()),
        (Some("Atelier gouvernance"), Some("2027-01-10T09:00:00+00:00"), Some("2027-01-10T12:00:00+00:00"))
    );
    assert_eq!(events[1]["summary"], "Plaidoyer; budget, suivi — ورشة المناصرة");
    assert_eq!(events[1]["location"], "Salle 2, Maison des jeunes; Kénitra");
    assert_eq!(events[1]["end"], "2027-01-17T15:00:00+00:00");
    assert_ne!(events[0]["uid"], events[1]["uid"]);

    // A new address replaces the old one, which then opens nothing.
    let renewed: Value = learner.post("/api/v1/me/calendar-feed", &json!({})).await.json().await.unwrap();
    assert_ne!(renewed["url"], feed["url"]);
    assert_eq!(app.anonymous().get(path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.anonymous().get("/api/v1/calendar/not-a-token.ics").await.status(), StatusCode::NOT_FOUND);
});

both_backends!(the_sign_in_sheet_lists_every_learner_in_both_scripts_at_the_rooms_time, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({})).await;
    let mut names = Vec::new();
    for (email, name) in
        [("amina@kenitra.ma", "أمينة بن علي"), ("jean@kenitra.ma", "Jean-Baptiste Ouédraogo"), ("leila@kenitra.ma", "Leïla Ben Salah")]
    {
        let (learner, id) = enrol(&app, &admin, cohort_id, email).await;
        let _ = learner;
        let renamed = admin.patch(&format!("/api/v1/accounts/{id}"), &json!({ "full_name": name })).await;
        assert_eq!(renamed.status(), StatusCode::OK);
        names.push(name);
    }
    let id = session(&trainer, cohort_id, None, "2027-01-10T09:00:00Z", 180).await;
    let learner = app.as_role(Role::Learner).await;
    assert_eq!(learner.get(&format!("/api/v1/sessions/{id}/sign-in-sheet.pdf")).await.status(), StatusCode::FORBIDDEN);
    let answer = trainer.get(&format!("/api/v1/sessions/{id}/sign-in-sheet.pdf?utc_offset_minutes=60")).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "application/pdf");
    let file = app.data_dir.path().join("sheet.pdf");
    std::fs::write(&file, answer.bytes().await.unwrap()).unwrap();
    let text = tool("pdftotext", &[file.to_str().unwrap(), "-"]);
    for name in names {
        assert!(text.contains(name), "{name} not in {text}");
    }
    assert!(text.contains("Feuille d'émargement") && text.contains("التوقيع"), "{text}");
    assert!(text.contains("10/01/2027 · 10:00 – 13:00"), "the room's time (UTC+1): {text}");
    assert!(text.contains("Maison des associations"), "{text}");
    let out_of_range = trainer.get(&format!("/api/v1/sessions/{id}/sign-in-sheet.pdf?utc_offset_minutes=5000")).await;
    assert_eq!(out_of_range.status(), StatusCode::UNPROCESSABLE_ENTITY);
});
