//! Racing submissions by one learner complete the module exactly once.
use cursus::entities::assessment;
use cursus_tests::fixtures::{count, module_id, quiz_answers};
use cursus_tests::{Backend, both_backends, spawn_app};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::enums::Role;

both_backends!(fifty_concurrent_passing_submissions_make_one_completion, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let learner = app.as_role(Role::Learner).await;
    let takwia = app.programme(&learner, "TAKWIA").await;
    let tk01 = module_id(&takwia, "TK-01");
    let quiz = learner.get_json(&format!("/api/v1/modules/{tk01}/assessment")).await;
    let quiz_id = quiz["id"].as_i64().unwrap();
    // No attempt limit, so only the completion rule decides.
    assessment::Entity::update_many()
        .col_expr(assessment::Column::MaxAttempts, Expr::value(Option::<i32>::None))
        .filter(assessment::Column::Id.eq(quiz_id))
        .exec(app.state.db.conn())
        .await
        .unwrap();
    let answers = quiz_answers(&app, quiz_id, true).await;
    let path = format!("/api/v1/assessments/{quiz_id}/attempts");
    let submissions = (0..50).map(|_| learner.post(&path, &answers));
    let statuses: Vec<StatusCode> = futures::future::join_all(submissions).await.iter().map(|r| r.status()).collect();
    let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert!(created >= 1, "{statuses:?}");
    assert_eq!(created + refused, 50, "no other answer than created or already completed: {statuses:?}");
    assert_eq!(count(&app, "completions").await, 1);
    let progress = learner.get_json("/api/v1/me/progress").await;
    assert_eq!(progress["completed"], 1);
});
