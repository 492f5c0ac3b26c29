//! Attendance as trainers record it: each status's weight on hours and on
//! completion, "all present, then the exceptions", corrections that never
//! take a completion back, and the audit of every change.
use cursus_tests::fixtures::{count, module_id, quiz_answers, tool};
use cursus_tests::harness::{Session, TestApp, problem};
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

/// A Takwia cohort taught by the demo trainer, requiring `rule` (e.g. 60 % of hours).
pub async fn workshop_cohort(app: &TestApp, admin: &Session, trainer: &Session, rule: Value) -> i64 {
    let trainer_id = trainer.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let takwia = app.programme(admin, "TAKWIA").await;
    let mut body = json!({ "programme_id": takwia["id"], "name": "Ateliers de Kénitra", "region": "Rabat-Salé-Kénitra", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "capacity": 200, "trainer_ids": [trainer_id] });
    body.as_object_mut().unwrap().extend(rule.as_object().unwrap().clone());
    let cohort: Value = admin.post("/api/v1/cohorts", &body).await.json().await.unwrap();
    cohort["id"].as_i64().unwrap()
}

pub async fn enrol(app: &TestApp, admin: &Session, cohort_id: i64, email: &str) -> (Session, i64) {
    let learner = app.new_account(admin, Role::Learner, email, None).await;
    let id = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    let enrolled = admin.post(&format!("/api/v1/cohorts/{cohort_id}/enrolments"), &json!({ "account_id": id })).await;
    assert_eq!(enrolled.status(), StatusCode::CREATED);
    (learner, id)
}

pub async fn session(trainer: &Session, cohort_id: i64, module: Option<i64>, starts_at: &str, minutes: u32) -> i64 {
    let s = trainer
        .post(
            &format!("/api/v1/cohorts/{cohort_id}/sessions"),
            &json!({ "title": "Atelier gouvernance", "module_id": module, "starts_at": starts_at, "duration_minutes": minutes, "location": "Maison des associations" }),
        )
        .await;
    assert_eq!(s.status(), StatusCode::CREATED);
    s.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn pass(app: &TestApp, learner: &Session, module: i64) {
    let quiz = learner.get_json(&format!("/api/v1/modules/{module}/assessment")).await;
    let attempt: Value = learner
        .post(&format!("/api/v1/assessments/{}/attempts", quiz["id"]), &quiz_answers(app, quiz["id"].as_i64().unwrap(), true).await)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(attempt["passed"], true);
}

async fn completed(app: &TestApp, learner: &Session, cohort_id: i64) -> bool {
    let _ = app;
    learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await["modules"][0]["state"] == "completed"
}

both_backends!(each_status_weighs_on_hours_and_completion, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({ "min_attendance_percent": 60, "attendance_basis": "hours" })).await;
    let tk01 = module_id(&app.programme(&admin, "TAKWIA").await, "TK-01");
    let (amina, amina_id) = enrol(&app, &admin, cohort_id, "amina@kenitra.ma").await;
    let (karim, karim_id) = enrol(&app, &admin, cohort_id, "karim@kenitra.ma").await;
    let (salma, salma_id) = enrol(&app, &admin, cohort_id, "salma@kenitra.ma").await;
    let s1 = session(&trainer, cohort_id, Some(tk01), "2027-01-10T09:00:00Z", 180).await;
    let s2 = session(&trainer, cohort_id, Some(tk01), "2027-01-17T09:00:00Z", 120).await;
    let s3 = session(&trainer, cohort_id, Some(tk01), "2027-01-24T09:00:00Z", 60).await;
    for learner in [&amina, &karim, &salma] {
        pass(&app, learner, tk01).await;
    }
    assert_eq!(count(&app, "completions").await, 0, "nothing attended yet");

    // An unknown learner on the sheet is refused and nothing is recorded.
    let p = problem(
        trainer
            .put(
                &format!("/api/v1/sessions/{s1}/attendance"),
                &json!({ "records": [{ "account_id": 999999, "status": "present" }], "others": "present" }),
            )
            .await,
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "unknown_learner");
    assert_eq!(count(&app, "attendances").await, 0);

    // Session 1 (3 h): all present, then Salma absent.
    let sheet: Value = trainer
        .put(
            &format!("/api/v1/sessions/{s1}/attendance"),
            &json!({ "records": [{ "account_id": salma_id, "status": "absent" }], "others": "present" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let status_of = |sheet: &Value, id: i64| sheet["learners"].as_array().unwrap().iter().find(|l| l["account_id"] == id).unwrap()["status"].clone();
    assert_eq!(
        (status_of(&sheet, amina_id), status_of(&sheet, karim_id), status_of(&sheet, salma_id)),
        (json!("present"), json!("present"), json!("absent"))
    );
    assert_eq!((sheet["session"]["present"].as_u64(), sheet["session"]["recorded"].as_u64()), (Some(2), Some(3)));
    // Session 2 (2 h): Amina late, Karim excused, Salma present. Session 3 (1 h): Amina absent, Karim absent, Salma excused.
    trainer
        .put(
            &format!("/api/v1/sessions/{s2}/attendance"),
            &json!({ "records": [{ "account_id": amina_id, "status": "late" }, { "account_id": karim_id, "status": "excused" }, { "account_id": salma_id, "status": "present" }] }),
        )
        .await;
    trainer
        .put(
            &format!("/api/v1/sessions/{s3}/attendance"),
            &json!({ "records": [{ "account_id": salma_id, "status": "excused" }], "others": "absent" }),
        )
        .await;
    // Amina: 3 h + 2 h (late counts) of 6 h = 83 % → completed. Karim: 3 h of 4 h
    // (excused leaves the count) = 75 % → completed. Salma: 2 h of 5 h = 40 % → not.
    assert!(completed(&app, &amina, cohort_id).await);
    assert!(completed(&app, &karim, cohort_id).await);
    assert!(!completed(&app, &salma, cohort_id).await, "40 % of the hours is under 60 %");
    let table = trainer.get_json(&format!("/api/v1/cohorts/{cohort_id}/progress")).await;
    let percent = |id: i64| table["learners"].as_array().unwrap().iter().find(|l| l["account_id"] == id).unwrap()["attendance_percent"].clone();
    assert_eq!((percent(amina_id), percent(karim_id), percent(salma_id)), (json!(83), json!(75), json!(40)));

    // The attestation prints the hours attended: 5 for Amina, 3 for Karim.
    app.run_workers_once().await;
    for (learner, hours) in [(&amina, 5), (&karim, 3)] {
        let mine = learner.get_json("/api/v1/attestations").await;
        let id = mine["items"][0]["id"].as_i64().unwrap();
        let pdf = learner.get(&format!("/api/v1/attestations/{id}/pdf")).await.bytes().await.unwrap();
        let file = app.data_dir.path().join(format!("attestation-{id}.pdf"));
        std::fs::write(&file, &pdf).unwrap();
        let text = tool("pdftotext", &[file.to_str().unwrap(), "-"]);
        assert!(text.contains(&format!("dont {hours} heures de présence en atelier")), "{text}");
    }

    // A correction after the fact does not take the completion back (nor its
    // attestation); the audit log says who changed what.
    trainer.put(&format!("/api/v1/sessions/{s1}/attendance"), &json!({ "records": [{ "account_id": karim_id, "status": "absent" }] })).await;
    assert!(completed(&app, &karim, cohort_id).await);
    assert_eq!(karim.get_json("/api/v1/attestations").await["items"][0]["status"], "valid");
    // Donors' figures count the hours attended the same way: Amina 3 + 2 (late),
    // Karim none any more, Salma 2; three people were present at least once.
    let figures = admin.get_json(&format!("/api/v1/reports/indicators?cohort_id={cohort_id}&from=2027-01-01&to=2027-01-31")).await;
    assert_eq!((figures["total"]["attended_hours"].as_u64(), figures["total"]["attendees"].as_u64()), (Some(7), Some(2)), "{}", figures["total"]);
    let audit = admin.get_json(&format!("/api/v1/audit?entity=cohort_session&entity_id={s1}")).await;
    let last = &audit["items"][0];
    assert_eq!(last["action"], "attendance.record", "{audit}");
    assert_eq!(last["detail"]["changes"], json!([{ "account_id": karim_id, "from": "present", "to": "absent" }]), "{last}");
});

both_backends!(sessions_are_moved_and_deleted_only_while_nothing_is_recorded, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({})).await;
    let (_, learner_id) = enrol(&app, &admin, cohort_id, "hafsa@kenitra.ma").await;
    let planned = session(&trainer, cohort_id, None, "2027-02-01T09:00:00Z", 90).await;
    let moved: Value = trainer
        .put(
            &format!("/api/v1/sessions/{planned}"),
            &json!({ "title": "Atelier plaidoyer", "starts_at": "2027-02-02T14:00:00Z", "duration_minutes": 120, "location": "  Salle 2 " }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (moved["title"].as_str(), moved["duration_minutes"].as_u64(), moved["location"].as_str()),
        (Some("Atelier plaidoyer"), Some(120), Some("Salle 2"))
    );
    let held = session(&trainer, cohort_id, None, "2027-02-03T09:00:00Z", 90).await;
    trainer.put(&format!("/api/v1/sessions/{held}/attendance"), &json!({ "records": [{ "account_id": learner_id, "status": "present" }] })).await;
    let refused = trainer.request(reqwest::Method::DELETE, &format!("/api/v1/sessions/{held}")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT, "a session with attendance is evidence");
    let deleted = trainer.request(reqwest::Method::DELETE, &format!("/api/v1/sessions/{planned}")).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let left: Vec<i64> = trainer
        .get_json(&format!("/api/v1/cohorts/{cohort_id}/sessions"))
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(left, vec![held]);
    // A learner may not plan sessions.
    let learner = app.as_role(Role::Learner).await;
    assert_eq!(
        learner
            .put(&format!("/api/v1/sessions/{held}"), &json!({ "title": "x", "starts_at": "2027-02-02T14:00:00Z", "duration_minutes": 60 }))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
});

both_backends!(a_photo_of_the_signed_sheet_is_kept_with_its_session_for_its_trainers, |backend: Backend| async move {
    use reqwest::multipart::{Form, Part};
    let app = spawn_app(backend).await;
    let admin = app.as_role(Role::Admin).await;
    let trainer = app.as_role(Role::Trainer).await;
    let cohort_id = workshop_cohort(&app, &admin, &trainer, json!({})).await;
    let held = session(&trainer, cohort_id, None, "2027-02-03T09:00:00Z", 90).await;
    let photo: Vec<u8> = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"une photo de la feuille signee"].concat();
    let send = |name: &'static str, bytes: Vec<u8>| {
        let form = Form::new().part("file", Part::bytes(bytes).file_name(name));
        trainer.request(reqwest::Method::POST, &format!("/api/v1/sessions/{held}/scans")).multipart(form).send()
    };
    // Only pictures of the sheet (or a scanned PDF): a text file is refused and nothing is kept.
    let refused = send("notes.txt", b"pas une photo".to_vec()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "documents").await, 0);
    let added = send("IMG_2031.jpg", photo.clone()).await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let sheet: Value = added.json().await.unwrap();
    assert_eq!(sheet["scans"][0]["name"], "IMG_2031.jpg");
    assert_eq!(sheet["scans"][0]["content_type"], "image/jpeg");
    let url = sheet["scans"][0]["url"].as_str().unwrap().to_string();
    // The cohort's trainer gets the same bytes back; a learner does not.
    assert_eq!(trainer.get(&url).await.bytes().await.unwrap().to_vec(), photo);
    assert_eq!(app.as_role(Role::Learner).await.get(&url).await.status(), StatusCode::FORBIDDEN);
    // A session with its signed sheet is evidence: it stays.
    let refused = trainer.request(reqwest::Method::DELETE, &format!("/api/v1/sessions/{held}")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
});
