//! Completions of modules and programmes: each recorded once, the database's
//! unique constraint deciding when two grades race.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::QuerySelect;
use sea_orm::prelude::*;
use sea_orm::sea_query::{ExprTrait, OnConflict};

use crate::clock::now;
use crate::entities::{completion, programme_completion};
use crate::wake::{self, Work};

/// True when this call recorded the completion (false: it already was).
pub async fn insert_if_absent(
    db: &impl ConnectionTrait,
    account_id: i64,
    module_id: i64,
    cohort_id: i64,
    attempt_id: Option<i64>,
    recorded_by: Option<i64>,
) -> Result<bool, DbErr> {
    let row = completion::ActiveModel {
        account_id: Set(account_id),
        module_id: Set(module_id),
        cohort_id: Set(cohort_id),
        attempt_id: Set(attempt_id),
        recorded_by: Set(recorded_by),
        completed_at: Set(now()),
        ..Default::default()
    };
    let written = completion::Entity::insert(row)
        .on_conflict(OnConflict::columns([completion::Column::AccountId, completion::Column::ModuleId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if written > 0 {
        wake::announce(db, Work::Attestations).await?;
    }
    Ok(written > 0)
}

/// A completion to record in bulk: learner, module, cohort, when.
pub type NewCompletion = (i64, i64, i64, DateTime<Utc>);

/// Records completions in bulk (a deployment's history, for benchmarks);
/// those already recorded are skipped. Their attestations are owed.
pub async fn insert_many(db: &impl ConnectionTrait, rows: &[NewCompletion]) -> Result<(), DbErr> {
    for chunk in rows.chunks(1000) {
        let models = chunk.iter().map(|(account_id, module_id, cohort_id, at)| completion::ActiveModel {
            account_id: Set(*account_id),
            module_id: Set(*module_id),
            cohort_id: Set(*cohort_id),
            attempt_id: Set(None),
            recorded_by: Set(None),
            completed_at: Set(*at),
            ..Default::default()
        });
        completion::Entity::insert_many(models)
            .on_conflict(OnConflict::columns([completion::Column::AccountId, completion::Column::ModuleId]).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    }
    wake::announce(db, Work::Attestations).await
}

/// Programme completions in bulk (learner, programme, cohort, when).
pub async fn programme_insert_many(db: &impl ConnectionTrait, rows: &[NewCompletion]) -> Result<(), DbErr> {
    for chunk in rows.chunks(1000) {
        let models = chunk.iter().map(|(account_id, programme_id, cohort_id, at)| programme_completion::ActiveModel {
            account_id: Set(*account_id),
            programme_id: Set(*programme_id),
            cohort_id: Set(*cohort_id),
            completed_at: Set(*at),
            ..Default::default()
        });
        programme_completion::Entity::insert_many(models)
            .on_conflict(
                OnConflict::columns([programme_completion::Column::AccountId, programme_completion::Column::ProgrammeId]).do_nothing().to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn programme_insert_if_absent(db: &impl ConnectionTrait, account_id: i64, programme_id: i64, cohort_id: i64) -> Result<bool, DbErr> {
    let row = programme_completion::ActiveModel {
        account_id: Set(account_id),
        programme_id: Set(programme_id),
        cohort_id: Set(cohort_id),
        completed_at: Set(now()),
        ..Default::default()
    };
    let written = programme_completion::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([programme_completion::Column::AccountId, programme_completion::Column::ProgrammeId]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(written > 0)
}

/// Module id → completion time, for one learner among `module_ids`.
pub async fn of_account(db: &impl ConnectionTrait, account_id: i64, module_ids: &[i64]) -> Result<HashMap<i64, DateTime<Utc>>, DbErr> {
    Ok(completion::Entity::find()
        .filter(completion::Column::AccountId.eq(account_id))
        .filter(completion::Column::ModuleId.is_in(module_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.module_id, c.completed_at))
        .collect())
}

/// (account, module) pairs completed among some learners and modules.
pub async fn among(db: &impl ConnectionTrait, account_ids: &[i64], module_ids: &[i64]) -> Result<Vec<completion::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in account_ids.chunks(500) {
        out.extend(
            completion::Entity::find()
                .filter(completion::Column::AccountId.is_in(chunk.iter().copied()))
                .filter(completion::Column::ModuleId.is_in(module_ids.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(out)
}

pub async fn count_for(db: &impl ConnectionTrait, account_id: i64, module_ids: &[i64]) -> Result<u64, DbErr> {
    completion::Entity::find()
        .filter(completion::Column::AccountId.eq(account_id))
        .filter(completion::Column::ModuleId.is_in(module_ids.iter().copied()))
        .count(db)
        .await
}

pub async fn programme_completed(db: &impl ConnectionTrait, account_id: i64, programme_id: i64) -> Result<bool, DbErr> {
    Ok(programme_completion::Entity::find()
        .filter(programme_completion::Column::AccountId.eq(account_id))
        .filter(programme_completion::Column::ProgrammeId.eq(programme_id))
        .count(db)
        .await?
        > 0)
}

/// Learners who have completed every one of `module_ids` (a programme's
/// published modules) and whose completion of the programme is not yet
/// recorded, each with the cohort of their latest module completion.
pub async fn completing_programme(db: &impl ConnectionTrait, programme_id: i64, module_ids: &[i64]) -> Result<Vec<(i64, i64)>, DbErr> {
    if module_ids.is_empty() {
        return Ok(Vec::new());
    }
    let recorded = sea_orm::sea_query::Query::select()
        .column(programme_completion::Column::AccountId)
        .from(programme_completion::Entity)
        .and_where(programme_completion::Column::ProgrammeId.eq(programme_id))
        .to_owned();
    completion::Entity::find()
        .select_only()
        .column(completion::Column::AccountId)
        .column_as(completion::Column::CohortId.max(), "cohort_id")
        .filter(completion::Column::ModuleId.is_in(module_ids.iter().copied()))
        .filter(completion::Column::AccountId.not_in_subquery(recorded))
        .group_by(completion::Column::AccountId)
        .having(ExprTrait::eq(
            ExprTrait::count_distinct(Expr::col(completion::Column::ModuleId)),
            i64::try_from(module_ids.len()).unwrap_or(i64::MAX),
        ))
        .into_tuple()
        .all(db)
        .await
}

/// Records programme completions found after the programme changed shape
/// (a module archived), and wakes the attestation worker for them.
pub async fn record_programme_completions(db: &impl ConnectionTrait, programme_id: i64, learners: &[(i64, i64)]) -> Result<(), DbErr> {
    if learners.is_empty() {
        return Ok(());
    }
    let at = now();
    let rows: Vec<NewCompletion> = learners.iter().map(|(account, cohort)| (*account, programme_id, *cohort, at)).collect();
    programme_insert_many(db, &rows).await?;
    wake::announce(db, Work::Attestations).await
}
