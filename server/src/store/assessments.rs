//! Assessments, quiz questions, rubrics, attempts and grades.
use std::collections::HashMap;

use sea_orm::prelude::*;
use sea_orm::sea_query::{ExprTrait, Query};
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use shared::enums::{AttemptStatus, EnrolmentStatus};

use crate::clock::now;
use crate::entities::{assessment, attempt, cohort, enrolment, grade, quiz_choice, quiz_question, rubric_criterion, rubric_level};
use crate::policy::CohortScope;
use crate::store::scope;

pub async fn by_module(db: &impl ConnectionTrait, module_id: i64) -> Result<Option<assessment::Model>, DbErr> {
    assessment::Entity::find().filter(assessment::Column::ModuleId.eq(module_id)).one(db).await
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<assessment::Model>, DbErr> {
    assessment::Entity::find_by_id(id).one(db).await
}

pub async fn by_modules(db: &impl ConnectionTrait, module_ids: &[i64]) -> Result<HashMap<i64, assessment::Model>, DbErr> {
    Ok(assessment::Entity::find()
        .filter(assessment::Column::ModuleId.is_in(module_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.module_id, a))
        .collect())
}

/// The questions of one version of a quiz, with their choices, in order.
pub async fn questions(
    db: &impl ConnectionTrait,
    assessment_id: i64,
    version: i32,
) -> Result<Vec<(quiz_question::Model, Vec<quiz_choice::Model>)>, DbErr> {
    let questions = quiz_question::Entity::find()
        .filter(quiz_question::Column::AssessmentId.eq(assessment_id))
        .filter(quiz_question::Column::Version.eq(version))
        .order_by_asc(quiz_question::Column::Position)
        .all(db)
        .await?;
    let mut choices = quiz_choice::Entity::find()
        .filter(quiz_choice::Column::QuestionId.is_in(questions.iter().map(|q| q.id)))
        .order_by_asc(quiz_choice::Column::Position)
        .all(db)
        .await?;
    Ok(questions
        .into_iter()
        .map(|q| {
            let mine: Vec<quiz_choice::Model> = choices.extract_if(.., |c| c.question_id == q.id).collect();
            (q, mine)
        })
        .collect())
}

/// The rubric of one version of an assignment, criteria and levels in order.
pub async fn rubric(
    db: &impl ConnectionTrait,
    assessment_id: i64,
    version: i32,
) -> Result<Vec<(rubric_criterion::Model, Vec<rubric_level::Model>)>, DbErr> {
    let criteria = rubric_criterion::Entity::find()
        .filter(rubric_criterion::Column::AssessmentId.eq(assessment_id))
        .filter(rubric_criterion::Column::Version.eq(version))
        .order_by_asc(rubric_criterion::Column::Position)
        .all(db)
        .await?;
    let mut levels = rubric_level::Entity::find()
        .filter(rubric_level::Column::CriterionId.is_in(criteria.iter().map(|c| c.id)))
        .order_by_asc(rubric_level::Column::Position)
        .all(db)
        .await?;
    Ok(criteria
        .into_iter()
        .map(|c| {
            let mine: Vec<rubric_level::Model> = levels.extract_if(.., |l| l.criterion_id == c.id).collect();
            (c, mine)
        })
        .collect())
}

pub async fn choices_by_ids(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = i64>) -> Result<Vec<quiz_choice::Model>, DbErr> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    quiz_choice::Entity::find().filter(quiz_choice::Column::Id.is_in(ids)).all(db).await
}

pub async fn attempt_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<attempt::Model>, DbErr> {
    attempt::Entity::find_by_id(id).one(db).await
}

/// A learner's attempts at one assessment, first to last.
pub async fn attempts_of(db: &impl ConnectionTrait, assessment_id: i64, account_id: i64) -> Result<Vec<attempt::Model>, DbErr> {
    attempt::Entity::find()
        .filter(attempt::Column::AssessmentId.eq(assessment_id))
        .filter(attempt::Column::AccountId.eq(account_id))
        .order_by_asc(attempt::Column::Number)
        .all(db)
        .await
}

/// All attempts of some learners at some assessments (progress tables).
pub async fn attempts_among(db: &impl ConnectionTrait, assessment_ids: &[i64], account_ids: &[i64]) -> Result<Vec<attempt::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in account_ids.chunks(500) {
        out.extend(
            attempt::Entity::find()
                .filter(attempt::Column::AssessmentId.is_in(assessment_ids.iter().copied()))
                .filter(attempt::Column::AccountId.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(out)
}

pub async fn grades_of(db: &impl ConnectionTrait, attempt_ids: &[i64]) -> Result<HashMap<i64, grade::Model>, DbErr> {
    Ok(grade::Entity::find()
        .filter(grade::Column::AttemptId.is_in(attempt_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.attempt_id, g))
        .collect())
}

pub struct NewAttempt {
    pub assessment_id: i64,
    /// The version of the questions (or rubric) this attempt answered.
    pub assessment_version: i32,
    pub account_id: i64,
    pub cohort_id: i64,
    pub number: i32,
    pub graded: bool,
    pub answers: Option<serde_json::Value>,
    pub text: Option<String>,
    pub document_id: Option<i64>,
    pub score: Option<i32>,
    pub passed: Option<bool>,
    /// The device's key for this submission, when it sent one.
    pub client_key: Option<String>,
}

fn attempt_row(new: NewAttempt, at: DateTimeUtc) -> attempt::ActiveModel {
    attempt::ActiveModel {
        assessment_id: Set(new.assessment_id),
        assessment_version: Set(new.assessment_version),
        account_id: Set(new.account_id),
        cohort_id: Set(new.cohort_id),
        number: Set(new.number),
        status: Set(if new.graded { AttemptStatus::Graded } else { AttemptStatus::Submitted }),
        answers: Set(new.answers),
        text_answer: Set(new.text),
        document_id: Set(new.document_id),
        score_percent: Set(new.score),
        passed: Set(new.passed),
        submitted_at: Set(at),
        client_key: Set(new.client_key),
        ..Default::default()
    }
}

/// The attempt a learner's device already sent under `key`, if any.
pub async fn attempt_by_client_key(db: &impl ConnectionTrait, account_id: i64, key: &str) -> Result<Option<attempt::Model>, DbErr> {
    attempt::Entity::find().filter(attempt::Column::AccountId.eq(account_id)).filter(attempt::Column::ClientKey.eq(key)).one(db).await
}

/// Fails with a unique violation when another submission took this number
/// (or, for a replay racing its original, this key).
pub async fn insert_attempt(db: &impl ConnectionTrait, new: NewAttempt) -> Result<attempt::Model, DbErr> {
    attempt_row(new, now()).insert(db).await
}

/// Inserts graded attempts in bulk (a deployment's history, for benchmarks).
pub async fn insert_attempts(db: &impl ConnectionTrait, attempts: Vec<(NewAttempt, DateTimeUtc)>) -> Result<(), DbErr> {
    let mut rows = attempts.into_iter().map(|(new, at)| attempt_row(new, at)).peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        attempt::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// How many attempts answered an assessment, any version.
pub async fn attempt_count(db: &impl ConnectionTrait, assessment_id: i64) -> Result<u64, DbErr> {
    attempt::Entity::find().filter(attempt::Column::AssessmentId.eq(assessment_id)).count(db).await
}

pub async fn next_number(db: &impl ConnectionTrait, assessment_id: i64, account_id: i64) -> Result<i32, DbErr> {
    let max: Option<Option<i32>> = attempt::Entity::find()
        .filter(attempt::Column::AssessmentId.eq(assessment_id))
        .filter(attempt::Column::AccountId.eq(account_id))
        .select_only()
        .column_as(attempt::Column::Number.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

pub struct NewGrade {
    pub attempt_id: i64,
    pub grader: Option<i64>,
    pub score: i32,
    pub passed: bool,
    pub feedback: Option<String>,
    pub rubric: serde_json::Value,
    pub allow_resubmission: bool,
}

/// Records a trainer's grade; fails with a unique violation when the
/// submission was graded meanwhile.
pub async fn insert_grade(db: &impl ConnectionTrait, new: NewGrade) -> Result<grade::Model, DbErr> {
    let saved = grade::ActiveModel {
        attempt_id: Set(new.attempt_id),
        grader_id: Set(new.grader),
        score_percent: Set(new.score),
        feedback: Set(new.feedback),
        rubric: Set(Some(new.rubric)),
        allow_resubmission: Set(new.allow_resubmission),
        graded_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    attempt::Entity::update_many()
        .col_expr(attempt::Column::Status, Expr::value(AttemptStatus::Graded))
        .col_expr(attempt::Column::ScorePercent, Expr::value(new.score))
        .col_expr(attempt::Column::Passed, Expr::value(new.passed))
        .filter(attempt::Column::Id.eq(new.attempt_id))
        .exec(db)
        .await?;
    Ok(saved)
}

/// Submitted, ungraded assignments of some cohorts, oldest first.
/// Submissions waiting for a grade in the cohorts of `scope` (one cohort when
/// given), oldest first. A withdrawn learner's submission waits for nobody.
pub async fn queue(
    db: &impl ConnectionTrait,
    scope: CohortScope,
    cohort: Option<i64>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<attempt::Model>, u64), DbErr> {
    let in_scope = Query::select().column(cohort::Column::Id).from(cohort::Entity).cond_where(scope::cohorts(scope)).to_owned();
    let enrolled = Query::select()
        .expr(Expr::val(1))
        .from(enrolment::Entity)
        .and_where(Expr::col((enrolment::Entity, enrolment::Column::CohortId)).equals((attempt::Entity, attempt::Column::CohortId)))
        .and_where(Expr::col((enrolment::Entity, enrolment::Column::AccountId)).equals((attempt::Entity, attempt::Column::AccountId)))
        .and_where(ExprTrait::ne(Expr::col((enrolment::Entity, enrolment::Column::Status)), EnrolmentStatus::Withdrawn))
        .to_owned();
    let mut query = attempt::Entity::find()
        .filter(attempt::Column::Status.eq(AttemptStatus::Submitted))
        .filter(attempt::Column::CohortId.in_subquery(in_scope))
        .filter(Expr::exists(enrolled));
    if let Some(id) = cohort {
        query = query.filter(attempt::Column::CohortId.eq(id));
    }
    let total = query.clone().count(db).await?;
    let items = query.order_by_asc(attempt::Column::SubmittedAt).order_by_asc(attempt::Column::Id).offset(offset).limit(limit).all(db).await?;
    Ok((items, total))
}
