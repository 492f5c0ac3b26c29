//! A phone that lost its connection sends its quiz again with the key it chose
//! the first time: the attempt counts once, burns no attempt, and the learner
//! gets the answer the server gave the first time.
use cursus::entities::assessment;
use cursus_tests::fixtures::{count, module_id, quiz_answers};
use cursus_tests::{Backend, both_backends, spawn_app};
use cursus_tests::{Session, problem};
use reqwest::{Method, Response, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use shared::enums::Role;

async fn send(learner: &Session, quiz_id: i64, answers: &Value, key: &str) -> Response {
    learner
        .request(Method::POST, &format!("/api/v1/assessments/{quiz_id}/attempts"))
        .header("Idempotency-Key", key)
        .json(answers)
        .send()
        .await
        .expect("request")
}

both_backends!(a_submission_sent_again_with_its_key_counts_once, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let quiz_id = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await["id"].as_i64().unwrap();
    // Two attempts allowed: a replay that burnt one would leave no room for the pass.
    assessment::Entity::update_many()
        .col_expr(assessment::Column::MaxAttempts, Expr::value(Some(2)))
        .filter(assessment::Column::Id.eq(quiz_id))
        .exec(app.state.db.conn())
        .await
        .unwrap();
    let wrong = quiz_answers(&app, quiz_id, false).await;
    let right = quiz_answers(&app, quiz_id, true).await;

    let first = send(&learner, quiz_id, &wrong, "0f6c1e0e-7f1a-4c1b-9a57-000000000001").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["passed"], false);
    for _ in 0..3 {
        let again = send(&learner, quiz_id, &wrong, "0f6c1e0e-7f1a-4c1b-9a57-000000000001").await;
        assert_eq!(again.status(), StatusCode::OK, "a replay is answered, not recorded");
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["id"], first["id"]);
        assert_eq!(again["number"], 1);
    }
    assert_eq!(count(&app, "attempts").await, 1);

    // The second (last) attempt passes; its replay after the module is
    // completed still gets the pass, not "already completed".
    let pass = send(&learner, quiz_id, &right, "0f6c1e0e-7f1a-4c1b-9a57-000000000002").await;
    assert_eq!(pass.status(), StatusCode::CREATED);
    let pass: Value = pass.json().await.unwrap();
    assert_eq!(pass["passed"], true);
    assert_eq!(pass["number"], 2);
    let again = send(&learner, quiz_id, &right, "0f6c1e0e-7f1a-4c1b-9a57-000000000002").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], pass["id"]);
    assert_eq!(count(&app, "attempts").await, 2);
    assert_eq!(count(&app, "completions").await, 1);
    // Without a key nothing changed: a new submission is refused as before.
    let plain = learner.post(&format!("/api/v1/assessments/{quiz_id}/attempts"), &right).await;
    assert_eq!(plain.status(), StatusCode::CONFLICT);
});

both_backends!(racing_replays_of_one_key_record_one_attempt, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let quiz_id = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await["id"].as_i64().unwrap();
    let wrong = quiz_answers(&app, quiz_id, false).await;
    let sends = (0..12).map(|_| send(&learner, quiz_id, &wrong, "race-key-0001"));
    let responses = futures::future::join_all(sends).await;
    let statuses: Vec<StatusCode> = responses.iter().map(Response::status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::OK), "{statuses:?}");
    assert_eq!(count(&app, "attempts").await, 1);
});

both_backends!(a_bad_or_misused_key_is_refused_and_changes_nothing, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await.with_lang("fr");
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let quiz_id = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await["id"].as_i64().unwrap();
    let wrong = quiz_answers(&app, quiz_id, false).await;
    for bad in ["short", "has space in it", &"x".repeat(65)] {
        let response = send(&learner, quiz_id, &wrong, bad).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let p = problem(response).await;
        assert_eq!(p["errors"][0]["field"], "idempotency_key");
        assert!(p["errors"][0]["message"].as_str().unwrap().starts_with("Clé d'envoi invalide"), "{p}");
    }
    assert_eq!(count(&app, "attempts").await, 0);

    // A key already used for another assessment is the device's mistake.
    assert_eq!(send(&learner, quiz_id, &wrong, "key-of-tk01").await.status(), StatusCode::CREATED);
    let tk02 = module_id(&takwia, "TK-02");
    let tk02_quiz = assessment::Entity::find()
        .filter(assessment::Column::ModuleId.eq(tk02))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .expect("TK-02 has an assessment")
        .id;
    let response = send(&learner, tk02_quiz, &wrong, "key-of-tk01").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(response).await;
    assert_eq!(p["errors"][0]["field"], "idempotency_key");
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("autre évaluation"), "{p}");
    assert_eq!(count(&app, "attempts").await, 1);
});
