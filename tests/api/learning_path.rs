//! The whole path over HTTP: a partner imports a file, the learner sets a
//! password from the invitation, module 2 is locked, passing module 1's quiz
//! unlocks it, an assignment is submitted, the trainer grades it, completed.

use cursus_tests::fixtures::{demo_cohort, invitation_token, module_id, quiz_answers};
use cursus_tests::harness::{Session, problem, spawn_app_with};
use cursus_tests::smtp::SmtpServer;
use cursus_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::enums::Role;

both_backends!(from_a_partners_file_to_a_graded_completion, |backend: Backend| async move {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(smtp_url);
        s.run_workers = false;
    })
    .await;
    let partner = app.as_role(Role::Partner).await;
    let cohort = demo_cohort(&partner, "TAKWIA").await;
    let cohort_id = cohort["id"].as_i64().unwrap();

    // The partner uploads a file: dry run first, then for real.
    let csv = "email;first_name;last_name;category;organisation;position;phone\n\
               youssef.alaoui@ena.tn;Youssef;El Alaoui;public_actor;;Premier délégué;+216 71 123 456\n";
    let dry = partner.post_bytes(&format!("/api/v1/cohorts/{cohort_id}/enrolments/import?dry_run=true"), "text/csv", csv.into()).await;
    assert_eq!(dry.status(), StatusCode::OK);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(dry["rows"][0]["outcome"], "new_account");
    assert_eq!(dry["committed"], false);
    let real: Value =
        partner.post_bytes(&format!("/api/v1/cohorts/{cohort_id}/enrolments/import"), "text/csv", csv.into()).await.json().await.unwrap();
    assert_eq!(real["committed"], true);
    assert_eq!(real["counts"]["new_accounts"], 1);

    // The invitation arrives by SMTP; its link sets the password and signs in.
    app.run_workers_once().await;
    let mails = smtp.messages();
    assert!(mails[0].to[0].contains("youssef.alaoui@ena.tn"));
    let token = invitation_token(&mails[0].text());
    let mut learner = Session::new(&app.address);
    let signed_in = learner.post("/api/v1/auth/password", &json!({ "token": token, "password": "ma phrase de passe" })).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    learner.csrf = signed_in.json::<Value>().await.unwrap()["csrf_token"].as_str().map(str::to_string);
    // The link works once.
    let again = Session::new(&app.address).post("/api/v1/auth/password", &json!({ "token": token, "password": "une autre phrase" })).await;
    assert_eq!(problem(again).await["code"], "invalid-token");

    let takwia = app.programme(&learner, "TAKWIA").await;
    let (tk01, tk02) = (module_id(&takwia, "TK-01"), module_id(&takwia, "TK-02"));
    let progress = learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await;
    let state = |p: &Value, id: i64| p["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == id).unwrap().clone();
    assert_eq!(state(&progress, tk01)["state"], "available");
    let locked = state(&progress, tk02);
    assert_eq!(locked["state"], "locked");
    assert_eq!(locked["missing"][0]["missing"][0]["code"], "TK-01");

    // Module 2 cannot be opened nor submitted while locked.
    let r = learner.get(&format!("/api/v1/modules/{tk02}/assessment")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(problem(r).await["code"], "module-locked");
    let tk02_assessment = cursus::store::assessments::by_module(app.state.db.conn(), tk02).await.unwrap().unwrap();
    let r = learner.post(&format!("/api/v1/assessments/{}/attempts", tk02_assessment.id), &json!({ "text": "trop tôt" })).await;
    assert_eq!(problem(r).await["code"], "module-locked");

    // Module 1's quiz: the correct answers are not in what the learner receives.
    let quiz = learner.get(&format!("/api/v1/modules/{tk01}/assessment")).await;
    let quiz_text = quiz.text().await.unwrap();
    assert!(!quiz_text.contains("correct"), "{quiz_text}");
    let quiz: Value = serde_json::from_str(&quiz_text).unwrap();
    let quiz_id = quiz["id"].as_i64().unwrap();
    let wrong = learner.post(&format!("/api/v1/assessments/{quiz_id}/attempts"), &quiz_answers(&app, quiz_id, false).await).await;
    assert_eq!(wrong.status(), StatusCode::CREATED);
    let wrong: Value = wrong.json().await.unwrap();
    assert_eq!(wrong["passed"], false);
    assert_eq!(wrong["score"], 0);
    let right: Value =
        learner.post(&format!("/api/v1/assessments/{quiz_id}/attempts"), &quiz_answers(&app, quiz_id, true).await).await.json().await.unwrap();
    assert_eq!(right["passed"], true);
    assert_eq!(right["score"], 100);
    assert_eq!(right["number"], 2);

    let progress = learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await;
    assert_eq!(state(&progress, tk01)["state"], "completed");
    assert_eq!(state(&progress, tk02)["state"], "available");

    // Module 2: an assignment, submitted as text, graded by the cohort's trainer.
    let assignment = learner.get_json(&format!("/api/v1/modules/{tk02}/assessment")).await;
    assert_eq!(assignment["kind"], "assignment");
    let submitted =
        learner.post(&format!("/api/v1/assessments/{}/attempts", assignment["id"]), &json!({ "text": "Mission : … Objectifs : …" })).await;
    assert_eq!(submitted.status(), StatusCode::CREATED);
    let submission_id = submitted.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let twice = learner.post(&format!("/api/v1/assessments/{}/attempts", assignment["id"]), &json!({ "text": "encore" })).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT, "one submission awaits its grade");
    assert_eq!(state(&learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await, tk02)["state"], "in_progress");

    let trainer = app.as_role(Role::Trainer).await;
    let levels = cursus_tests::fixtures::top_levels(&trainer, submission_id).await;
    let graded = trainer
        .post(&format!("/api/v1/submissions/{submission_id}/grade"), &json!({ "levels": levels, "feedback": "Très bon plan, objectifs bien datés." }))
        .await;
    assert_eq!(graded.status(), StatusCode::OK);
    let graded: Value = graded.json().await.unwrap();
    assert_eq!(graded["grade"]["score"], 100);
    assert_eq!(graded["grade"]["passed"], true);
    let regrade = trainer.post(&format!("/api/v1/submissions/{submission_id}/grade"), &json!({ "levels": levels })).await;
    assert_eq!(regrade.status(), StatusCode::CONFLICT);

    let progress = learner.get_json(&format!("/api/v1/me/progress?cohort={cohort_id}")).await;
    assert_eq!(state(&progress, tk02)["state"], "completed");
    assert_eq!(progress["completed"], 2);
    // The learner sees the grade and the feedback.
    let seen = learner.get_json(&format!("/api/v1/modules/{tk02}/assessment")).await;
    assert_eq!(seen["attempts"][0]["grade"]["feedback"], "Très bon plan, objectifs bien datés.");
    assert_eq!(seen["completed"], true);
    // And a mail says so.
    app.run_workers_once().await;
    assert!(smtp.messages().iter().any(|m| m.text().contains("100 %")), "the grade mail");
});

both_backends!(a_quiz_has_a_limit_on_attempts, |backend: Backend| async move {
    let app = cursus_tests::spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let quiz = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    assert_eq!(quiz["max_attempts"], 3);
    let path = format!("/api/v1/assessments/{}/attempts", quiz["id"]);
    let wrong = quiz_answers(&app, quiz["id"].as_i64().unwrap(), false).await;
    for _ in 0..3 {
        assert_eq!(learner.post(&path, &wrong).await.status(), StatusCode::CREATED);
    }
    let exhausted = learner.post(&path, &quiz_answers(&app, quiz["id"].as_i64().unwrap(), true).await).await;
    assert_eq!(exhausted.status(), StatusCode::CONFLICT);
    assert_eq!(problem(exhausted).await["code"], "attempts-exhausted");
    let view = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    assert_eq!(view["can_submit"], false);
    assert_eq!(view["blocked_by"], "attempts-exhausted");
    // Malformed answers are a validation error, checked first.
    let p = problem(learner.post(&path, &json!({ "answers": [] })).await).await;
    assert_eq!(p["code"], "validation");
    assert_eq!(p["errors"][0]["message"], "Répondez à chaque question.");
});

both_backends!(an_n_of_a_set_prerequisite_unlocks_after_two_of_three, |backend: Backend| async move {
    let app = cursus_tests::spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk16 = module_id(&takwia, "TK-16");
    let progress = learner.get_json("/api/v1/me/progress").await;
    let tk16_state = progress["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == tk16).unwrap().clone();
    assert_eq!(tk16_state["state"], "locked");
    assert_eq!(tk16_state["missing"][0]["needed"], 2);
    let codes: Vec<&str> = tk16_state["missing"][0]["missing"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["TK-10", "TK-12", "TK-14"]);
    // Record two of the three as completed (their own prerequisites aside) and look again.
    let cohort = learner.get_json("/api/v1/me/cohorts").await[0]["id"].as_i64().unwrap();
    let me = learner.get_json("/api/v1/me").await["account"]["id"].as_i64().unwrap();
    for code in ["TK-10", "TK-14"] {
        cursus::store::completions::insert_if_absent(app.state.db.conn(), me, module_id(&takwia, code), cohort, None, None).await.unwrap();
    }
    let progress = learner.get_json("/api/v1/me/progress").await;
    let tk16_state = progress["modules"].as_array().unwrap().iter().find(|m| m["module"]["id"] == tk16).unwrap().clone();
    assert_eq!(tk16_state["state"], "available");
});
