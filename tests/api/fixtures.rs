//! Shortcuts for the learning-path tests.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::harness::{Session, TestApp};

pub fn module<'a>(programme: &'a Value, code: &str) -> &'a Value {
    programme["modules"].as_array().expect("modules").iter().find(|m| m["code"] == code).expect("module")
}

pub fn module_id(programme: &Value, code: &str) -> i64 {
    module(programme, code)["id"].as_i64().expect("id")
}

/// The demo cohort of a programme (each programme has one on first run).
pub async fn demo_cohort(session: &Session, programme_code: &str) -> Value {
    let cohorts = session.get_json("/api/v1/cohorts?per_page=200").await;
    cohorts["items"].as_array().expect("items").iter().find(|c| c["programme_code"] == programme_code).cloned().expect("demo cohort")
}

/// The answers to a quiz, read from the database: all right, or all wrong.
pub async fn quiz_answers(app: &TestApp, assessment_id: i64, right: bool) -> Value {
    use cursus::entities::{assessment, quiz_choice, quiz_question};
    let db = app.state.db.conn();
    let current = assessment::Entity::find_by_id(assessment_id).one(db).await.expect("query").expect("assessment");
    let questions = quiz_question::Entity::find()
        .filter(quiz_question::Column::AssessmentId.eq(assessment_id))
        .filter(quiz_question::Column::Version.eq(current.version))
        .order_by_asc(quiz_question::Column::Position)
        .all(db)
        .await
        .expect("questions");
    let mut answers = Vec::new();
    for q in questions {
        let choices = quiz_choice::Entity::find().filter(quiz_choice::Column::QuestionId.eq(q.id)).all(db).await.expect("choices");
        let picked: Vec<i64> = if right {
            choices.iter().filter(|c| c.correct).map(|c| c.id).collect()
        } else {
            choices.iter().filter(|c| !c.correct).take(1).map(|c| c.id).collect()
        };
        answers.push(json!({ "question_id": q.id, "choice_ids": picked }));
    }
    json!({ "answers": answers })
}

/// A grade from the trainer's queue that gives a submission the top level of
/// every criterion of its rubric.
pub async fn top_levels(trainer: &Session, submission_id: i64) -> Vec<Value> {
    let queue = trainer.get_json("/api/v1/grading/queue").await;
    let item = queue["items"].as_array().expect("items").iter().find(|s| s["id"] == submission_id).cloned().expect("in the queue");
    item["rubric"]
        .as_array()
        .expect("rubric")
        .iter()
        .map(|c| json!({ "criterion_id": c["id"], "level_id": c["levels"].as_array().expect("levels").last().expect("a level")["id"] }))
        .collect()
}

/// The set-password token in an invitation mail.
pub fn invitation_token(text: &str) -> String {
    let start = text.find("set-password?token=").expect("an invitation link") + "set-password?token=".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// A CSV of `n` people with generated e-mails.
pub fn people_csv(n: usize, domain: &str) -> String {
    let mut csv = String::from("email,first_name,last_name,category,organisation,position,phone\n");
    for i in 0..n {
        csv.push_str(&format!("agent{i}@{domain},Prénom{i},Nom{i},public_actor,,Délégué,+216 71 {:06}\n", i));
    }
    csv
}

/// Rows of a table, for before/after comparisons.
pub async fn count(app: &TestApp, table: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.state.db.conn();
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}")))
        .await
        .expect("count")
        .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

/// Runs a command-line tool the tests rely on (poppler, zbar); a missing tool
/// fails the test rather than skipping it.
pub fn tool(program: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} is needed by this test: {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Passes a module's quiz for the signed-in learner.
pub async fn pass_quiz(app: &TestApp, learner: &Session, module_id: i64) -> Value {
    let quiz = learner.get_json(&format!("/api/v1/modules/{module_id}/assessment")).await;
    let answers = quiz_answers(app, quiz["id"].as_i64().expect("id"), true).await;
    let response = learner.post(&format!("/api/v1/assessments/{}/attempts", quiz["id"]), &answers).await;
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    response.json().await.expect("json")
}
