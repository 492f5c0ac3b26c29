//! Evaluations, who answered them (receipts) and what was answered
//! (responses), and the completions that wait for an answer.
use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DbBackend, QueryOrder, QuerySelect, Statement};
use shared::enums::{EvaluationKind, EvaluationPhase};

use crate::clock::now;
use crate::entities::{evaluation, evaluation_receipt, evaluation_response};
use crate::policy::PeopleScope;
use crate::store::scope;
use crate::wake::{self, Work};

pub struct NewEvaluation {
    pub programme_id: i64,
    pub module_id: Option<i64>,
    pub kind: EvaluationKind,
    pub required: bool,
    pub anonymous: bool,
    pub definition: String,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewEvaluation) -> Result<evaluation::Model, DbErr> {
    evaluation::ActiveModel {
        programme_id: Set(new.programme_id),
        module_id: Set(new.module_id),
        kind: Set(new.kind),
        required: Set(new.required),
        anonymous: Set(new.anonymous),
        definition: Set(new.definition),
        version: Set(1),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<evaluation::Model>, DbErr> {
    evaluation::Entity::find_by_id(id).one(db).await
}

/// The evaluation of one kind at one place (a module, or the programme itself).
pub async fn at(
    db: &impl ConnectionTrait,
    programme_id: i64,
    module_id: Option<i64>,
    kind: EvaluationKind,
) -> Result<Option<evaluation::Model>, DbErr> {
    let place = match module_id {
        Some(m) => evaluation::Column::ModuleId.eq(m),
        None => evaluation::Column::ModuleId.is_null(),
    };
    evaluation::Entity::find()
        .filter(evaluation::Column::ProgrammeId.eq(programme_id))
        .filter(place)
        .filter(evaluation::Column::Kind.eq(kind))
        .one(db)
        .await
}

/// The evaluations of these programmes, the programme's own first.
pub async fn of_programmes(db: &impl ConnectionTrait, programme_ids: &[i64]) -> Result<Vec<evaluation::Model>, DbErr> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    evaluation::Entity::find()
        .filter(evaluation::Column::ProgrammeId.is_in(programme_ids.iter().copied()))
        .order_by_asc(evaluation::Column::ProgrammeId)
        .order_by_asc(evaluation::Column::ModuleId)
        .order_by_asc(evaluation::Column::Id)
        .all(db)
        .await
}

pub async fn update(
    db: &impl ConnectionTrait,
    current: evaluation::Model,
    required: bool,
    anonymous: bool,
    definition: String,
) -> Result<evaluation::Model, DbErr> {
    let version = current.version + 1;
    let mut row: evaluation::ActiveModel = current.into();
    row.required = Set(required);
    row.anonymous = Set(anonymous);
    row.definition = Set(definition);
    row.version = Set(version);
    row.update(db).await
}

pub async fn delete(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    evaluation::Entity::delete_by_id(id).exec(db).await.map(|_| ())
}

/// Responses received, per evaluation.
pub async fn response_counts(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, u64>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = evaluation_response::Entity::find()
        .select_only()
        .column(evaluation_response::Column::EvaluationId)
        .column_as(evaluation_response::Column::Id.count(), "n")
        .filter(evaluation_response::Column::EvaluationId.is_in(ids.iter().copied()))
        .group_by(evaluation_response::Column::EvaluationId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// The phases one learner has answered, per evaluation.
pub async fn answered_by(db: &impl ConnectionTrait, account_id: i64, ids: &[i64]) -> Result<Vec<(i64, EvaluationPhase)>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    evaluation_receipt::Entity::find()
        .select_only()
        .column(evaluation_receipt::Column::EvaluationId)
        .column(evaluation_receipt::Column::Phase)
        .filter(evaluation_receipt::Column::AccountId.eq(account_id))
        .filter(evaluation_receipt::Column::EvaluationId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}

/// Records that the learner answered; false when they already had (the
/// primary key decides when two submissions race).
pub async fn insert_receipt(
    db: &impl ConnectionTrait,
    evaluation_id: i64,
    account_id: i64,
    phase: EvaluationPhase,
    cohort_id: i64,
) -> Result<bool, DbErr> {
    let row = evaluation_receipt::ActiveModel {
        evaluation_id: Set(evaluation_id),
        account_id: Set(account_id),
        phase: Set(phase),
        cohort_id: Set(cohort_id),
    };
    let written = evaluation_receipt::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([evaluation_receipt::Column::EvaluationId, evaluation_receipt::Column::AccountId, evaluation_receipt::Column::Phase])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(written > 0)
}

pub struct NewResponse {
    pub evaluation_id: i64,
    pub cohort_id: i64,
    /// None for an anonymous questionnaire.
    pub account_id: Option<i64>,
    pub phase: EvaluationPhase,
    pub version: i32,
    pub answers: String,
    pub score_percent: Option<i32>,
    pub submitted_on: NaiveDate,
}

pub async fn insert_response(db: &impl ConnectionTrait, new: NewResponse) -> Result<(), DbErr> {
    let row = evaluation_response::ActiveModel {
        evaluation_id: Set(new.evaluation_id),
        cohort_id: Set(new.cohort_id),
        account_id: Set(new.account_id),
        phase: Set(new.phase),
        version: Set(new.version),
        answers: Set(new.answers),
        score_percent: Set(new.score_percent),
        submitted_on: Set(new.submitted_on),
        ..Default::default()
    };
    evaluation_response::Entity::insert(row).exec_without_returning(db).await.map(|_| ())
}

/// A cohort's responses to an evaluation. Ordered by their content's
/// phase and answers, never by arrival, so that an anonymous response's
/// place in the list says nothing about when it came.
/// Within `scope`: a partner manager's own people's (never anonymous ones).
pub async fn responses(
    db: &impl ConnectionTrait,
    evaluation_id: i64,
    cohort_id: i64,
    scope: PeopleScope,
) -> Result<Vec<evaluation_response::Model>, DbErr> {
    evaluation_response::Entity::find()
        .filter(evaluation_response::Column::EvaluationId.eq(evaluation_id))
        .filter(evaluation_response::Column::CohortId.eq(cohort_id))
        .filter(scope::people(scope, evaluation_response::Column::AccountId))
        .order_by_asc(evaluation_response::Column::Phase)
        .order_by_asc(evaluation_response::Column::Answers)
        .all(db)
        .await
}

/// Where completions wait for evaluations: a module's completions wait for
/// the module's required evaluations, a programme's completion for the
/// programme's own.
#[derive(Debug, Clone, Copy)]
pub enum Waiting {
    Module(i64),
    Programme(i64),
}

impl Waiting {
    /// The completion table, its column naming the place, and the
    /// condition tying an evaluation `e` to a completion row.
    fn parts(self) -> (&'static str, &'static str, i64, &'static str) {
        match self {
            Waiting::Module(id) => ("completions", "module_id", id, "e.module_id = c.module_id"),
            Waiting::Programme(id) => ("programme_completions", "programme_id", id, "e.programme_id = c.programme_id AND e.module_id IS NULL"),
        }
    }
}

fn placeholder(backend: DbBackend, n: usize) -> String {
    if backend == DbBackend::Postgres { format!("${n}") } else { format!("?{n}") }
}

/// The condition "a required evaluation of this place is still unanswered
/// by the completion's learner" (`c`), with the phase bound as `$1`.
fn unanswered(backend: DbBackend, tie: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM evaluations e WHERE {tie} AND e.required AND NOT EXISTS \
         (SELECT 1 FROM evaluation_receipts r WHERE r.evaluation_id = e.id AND r.account_id = c.account_id AND r.phase = {}))",
        placeholder(backend, 1)
    )
}

/// Holds the owed completions at `place` (optionally of one learner) whose
/// learner has not answered a required evaluation: their attestation is
/// no longer owed until the answer comes. Called in the transaction that
/// records a completion, so the worker never sees it owed.
pub async fn hold(db: &impl ConnectionTrait, place: Waiting, account_id: Option<i64>) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let (table, column, id, tie) = place.parts();
    let mut values: Vec<Value> = vec![EvaluationPhase::After.as_str().into(), id.into()];
    let mut sql = format!(
        "UPDATE {table} AS c SET held = TRUE, attestation_due = FALSE WHERE c.attestation_due AND c.{column} = {} AND {}",
        placeholder(backend, 2),
        unanswered(backend, tie)
    );
    if let Some(account) = account_id {
        values.push(account.into());
        sql += &format!(" AND c.account_id = {}", placeholder(backend, 3));
    }
    Ok(db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?.rows_affected())
}

/// Releases the held completions at `place` (optionally of one learner)
/// that no longer wait for anything: their attestation is owed again, and
/// the worker is woken.
pub async fn release(db: &impl ConnectionTrait, place: Waiting, account_id: Option<i64>) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let (table, column, id, tie) = place.parts();
    let mut values: Vec<Value> = vec![EvaluationPhase::After.as_str().into(), id.into()];
    let mut sql = format!(
        "UPDATE {table} AS c SET held = FALSE, attestation_due = TRUE WHERE c.held AND c.{column} = {} AND NOT {}",
        placeholder(backend, 2),
        unanswered(backend, tie)
    );
    if let Some(account) = account_id {
        values.push(account.into());
        sql += &format!(" AND c.account_id = {}", placeholder(backend, 3));
    }
    let released = db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?.rows_affected();
    if released > 0 {
        wake::announce(db, Work::Attestations).await?;
    }
    Ok(released)
}
