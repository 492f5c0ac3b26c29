//! Profiles: a person sees and corrects their own; a partner manager their
//! organisation's learners (names before an attestation, a sex or a year of
//! birth left out of the file) and sends an invitation again — in the
//! person's language, naming the institution. Nobody else sees a profile.
use chrono::Datelike;
use cursus_tests::fixtures::{count, invitation_token};
use cursus_tests::harness::{Session, problem};
use cursus_tests::{Backend, TestApp, both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

fn profile(name: &str) -> Value {
    json!({
        "full_name": name, "full_name_ar": "سلمى الإدريسي", "sex": "female", "birth_year": 1998,
        "region": "Fès-Meknès", "commune": "Sefrou", "disability": "not_stated", "language": "ar",
    })
}

/// A cohort, and a learner the ENA partner manager enrolled from a file.
async fn enrolled_by_partner(app: &TestApp, line: &str) -> (Session, i64, i64) {
    let admin = app.as_role(Role::Admin).await;
    let takwia = app.programme(&admin, "TAKWIA").await;
    let body = json!({ "programme_id": takwia["id"], "name": "Takwia — Tunis", "region": "Tunis", "starts_on": "2026-09-01", "ends_on": "2027-12-31", "capacity": 100 });
    let cohort = admin.post("/api/v1/cohorts", &body).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let partner = app.as_role(Role::Partner).await;
    let csv = format!("email;prénom;nom;catégorie;organisation;fonction;sexe;langue\n{line}\n");
    let report: Value =
        partner.post_bytes(&format!("/api/v1/cohorts/{cohort}/enrolments/import"), "text/csv", csv.into_bytes()).await.json().await.unwrap();
    assert_eq!(report["counts"]["new_accounts"], 1, "{report}");
    let email = line.split(';').next().unwrap();
    let id = partner.get_json(&format!("/api/v1/accounts?q={email}")).await["items"][0]["id"].as_i64().unwrap();
    (partner, cohort, id)
}

both_backends!(a_learner_sees_and_corrects_their_own_profile, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let before = learner.get_json("/api/v1/me/profile").await;
    assert_eq!(before["sex"], "not_stated", "nothing stated until the person says it");
    assert_eq!(before["disability"], "not_stated");

    let saved = learner.put("/api/v1/me/profile", &profile("Salma Idrissi")).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let after = learner.get_json("/api/v1/me/profile").await;
    assert_eq!((&after["full_name"], &after["full_name_ar"]), (&json!("Salma Idrissi"), &json!("سلمى الإدريسي")));
    assert_eq!(
        (&after["sex"], &after["birth_year"], &after["commune"], &after["language"]),
        (&json!("female"), &json!(1998), &json!("Sefrou"), &json!("ar"))
    );

    // A year of birth nobody has is refused, in French first, and changes nothing.
    let this_year = chrono::Utc::now().year();
    let mut wrong = profile("Autre nom");
    wrong["birth_year"] = json!(this_year - 3);
    let refused = learner.put("/api/v1/me/profile", &wrong).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(refused).await;
    assert_eq!(p["errors"][0]["field"], "birth_year");
    assert_eq!(p["errors"][0]["message"], format!("Année de naissance invraisemblable : entre {} et {}.", this_year - 100, this_year - 10));
    assert_eq!(learner.get_json("/api/v1/me/profile").await["full_name"], "Salma Idrissi");
    let mut wrong = profile("Autre nom");
    wrong["sex"] = json!("x");
    assert_eq!(learner.put("/api/v1/me/profile", &wrong).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The sensitive fields are nobody else's business: not another learner's,
    // not a trainer's, and not in the people list a partner reads.
    let id = after["id"].as_i64().unwrap();
    let admin = app.as_role(Role::Admin).await;
    let other = app.new_account(&admin, Role::Learner, "autre@example.ma", None).await;
    assert_eq!(other.get(&format!("/api/v1/accounts/{id}/profile")).await.status(), StatusCode::NOT_FOUND);
    let trainer = app.as_role(Role::Trainer).await;
    assert_eq!(trainer.get(&format!("/api/v1/accounts/{id}/profile")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(admin.get_json(&format!("/api/v1/accounts/{id}/profile")).await["birth_year"], 1998);
    let listed = admin.get_json("/api/v1/accounts?q=salma").await;
    assert!(listed["items"][0].get("birth_year").is_none() && listed["items"][0].get("sex").is_none(), "{listed}");
});

both_backends!(a_partner_corrects_its_own_learners_and_nobody_elses, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let (partner, _cohort, id) = enrolled_by_partner(&app, "youssef@ena.tn;Youssef;Alawi;public_actor;ENA;Chargé d'études;H;fr").await;
    let seen = partner.get_json(&format!("/api/v1/accounts/{id}/profile")).await;
    assert_eq!((&seen["full_name"], &seen["sex"]), (&json!("Youssef Alawi"), &json!("male")));
    assert_eq!(seen["organisation_name"], "ENA — École nationale d'administration");

    // The name misspelt in the file is corrected before any attestation.
    let mut corrected = profile("Youssef Alaoui");
    corrected["full_name_ar"] = json!("يوسف العلوي");
    corrected["sex"] = json!("male");
    let saved = partner.put(&format!("/api/v1/accounts/{id}/profile"), &corrected).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!((&saved["full_name"], &saved["full_name_ar"]), (&json!("Youssef Alaoui"), &json!("يوسف العلوي")));
    let admin = app.as_role(Role::Admin).await;
    let audit = admin.get_json(&format!("/api/v1/audit?entity=account&entity_id={id}")).await;
    assert_eq!(audit["items"][0]["action"], "account.profile", "{audit}");

    // Another organisation's partner manager, and the partner on a non-learner: as if nobody were there.
    let cfad = app.new_organisation(&admin, "Centre de formation à distance (CFAD)").await;
    let cfad_partner = app.new_account(&admin, Role::Partner, "gestion@cfad.example.ma", Some(cfad)).await;
    assert_eq!(cfad_partner.get(&format!("/api/v1/accounts/{id}/profile")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(cfad_partner.put(&format!("/api/v1/accounts/{id}/profile"), &profile("Pirate")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(cfad_partner.post(&format!("/api/v1/accounts/{id}/invitation"), &json!({})).await.status(), StatusCode::NOT_FOUND);
    let trainer_id = admin.get_json("/api/v1/accounts?role=trainer").await["items"][0]["id"].as_i64().unwrap();
    assert_eq!(partner.get(&format!("/api/v1/accounts/{trainer_id}/profile")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(partner.get_json(&format!("/api/v1/accounts/{id}/profile")).await["full_name"], "Youssef Alaoui");
});

both_backends!(an_invitation_goes_again_in_the_persons_language_naming_the_institution, |backend: Backend| async move {
    let smtp = cursus_tests::smtp::SmtpServer::start().await;
    let smtp_url = smtp.url();
    let app = cursus_tests::harness::spawn_app_with(backend, move |s| {
        s.smtp_url = Some(smtp_url);
        s.run_workers = false;
    })
    .await;
    let (partner, _cohort, id) = enrolled_by_partner(&app, "meriem@ena.tn;Mériem;Ben Saïd;public_actor;ENA;Déléguée;أنثى;العربية").await;
    app.run_workers_once().await;
    let first = smtp.messages();
    assert_eq!(first.len(), 1);
    let text = first[0].text();
    assert!(text.contains("قامت ENA — École nationale d'administration بتسجيلك"), "Arabic, naming the institution: {text}");
    let old_token = invitation_token(&text);

    // Lost in a spam folder: the partner sends it again; a double click sends one.
    let resent = partner.post(&format!("/api/v1/accounts/{id}/invitation"), &json!({})).await;
    assert_eq!(resent.status(), StatusCode::NO_CONTENT);
    let mails = count(&app, "outbox_mails").await;
    let again = partner.post(&format!("/api/v1/accounts/{id}/invitation"), &json!({})).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(count(&app, "outbox_mails").await, mails);
    app.run_workers_once().await;
    let all = smtp.messages();
    assert_eq!(all.len(), 2);
    let text = all[1].text();
    assert!(text.contains("ENA — École nationale d'administration") && text.contains("الفوج"), "{text}");

    // Only the newest link works.
    let anonymous = app.anonymous();
    let stale = anonymous.post("/api/v1/auth/password", &json!({ "token": old_token, "password": "une phrase de passe" })).await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY, "the first link no longer works");
    let set = anonymous.post("/api/v1/auth/password", &json!({ "token": invitation_token(&text), "password": "une phrase de passe" })).await;
    assert_eq!(set.status(), StatusCode::OK);

    // Someone who chose a password has no invitation to receive.
    let done = partner.post(&format!("/api/v1/accounts/{id}/invitation"), &json!({})).await;
    assert_eq!(done.status(), StatusCode::CONFLICT);
    assert_eq!(problem(done).await["detail"], "Cette personne a déjà choisi son mot de passe : il n'y a pas d'invitation à renvoyer.");
});
