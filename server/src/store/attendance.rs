//! In-person sessions (workshops, ateliers) and who attended them.
use std::collections::HashMap;

use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, QueryOrder};
use shared::api::attendance::SessionInput;

use shared::num::{count, i32_of};

use crate::clock::now;
use crate::entities::{attendance, cohort_session};

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<cohort_session::Model>, DbErr> {
    cohort_session::Entity::find_by_id(id).one(db).await
}

pub async fn of_cohort(db: &impl ConnectionTrait, cohort_id: i64) -> Result<Vec<cohort_session::Model>, DbErr> {
    cohort_session::Entity::find().filter(cohort_session::Column::CohortId.eq(cohort_id)).order_by_asc(cohort_session::Column::StartsAt).all(db).await
}

pub async fn insert(db: &impl ConnectionTrait, cohort_id: i64, input: &SessionInput) -> Result<cohort_session::Model, DbErr> {
    cohort_session::ActiveModel {
        cohort_id: Set(cohort_id),
        module_id: Set(input.module_id),
        title: Set(input.title.trim().to_string()),
        starts_at: Set(input.starts_at),
        duration_minutes: Set(i32_of(input.duration_minutes)),
        location: Set(input.location.clone().filter(|l| !l.trim().is_empty())),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn records(db: &impl ConnectionTrait, session_ids: &[i64]) -> Result<Vec<attendance::Model>, DbErr> {
    attendance::Entity::find().filter(attendance::Column::SessionId.is_in(session_ids.iter().copied())).all(db).await
}

/// Records presence, replacing what was recorded before for these learners.
pub async fn record(db: &impl ConnectionTrait, session_id: i64, entries: &[(i64, bool)], recorded_by: Option<i64>) -> Result<(), DbErr> {
    for chunk in entries.chunks(500) {
        let rows = chunk.iter().map(|(account_id, present)| attendance::ActiveModel {
            session_id: Set(session_id),
            account_id: Set(*account_id),
            present: Set(*present),
            recorded_by: Set(recorded_by),
            recorded_at: Set(now()),
        });
        attendance::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([attendance::Column::SessionId, attendance::Column::AccountId])
                    .update_columns([attendance::Column::Present, attendance::Column::RecordedBy, attendance::Column::RecordedAt])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// For one learner and module in a cohort: (sessions held for the module, attended).
pub async fn tally(db: &impl ConnectionTrait, cohort_id: i64, module_id: i64, account_id: i64) -> Result<(u32, u32), DbErr> {
    let sessions: Vec<i64> = cohort_session::Entity::find()
        .filter(cohort_session::Column::CohortId.eq(cohort_id))
        .filter(cohort_session::Column::ModuleId.eq(module_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if sessions.is_empty() {
        return Ok((0, 0));
    }
    let attended = attendance::Entity::find()
        .filter(attendance::Column::SessionId.is_in(sessions.iter().copied()))
        .filter(attendance::Column::AccountId.eq(account_id))
        .filter(attendance::Column::Present.eq(true))
        .count(db)
        .await?;
    Ok((count(sessions.len()), u32::try_from(attended).unwrap_or(u32::MAX)))
}

/// Attendance share per learner over all sessions of a cohort.
pub async fn percent_by_learner(db: &impl ConnectionTrait, cohort_id: i64) -> Result<HashMap<i64, u32>, DbErr> {
    let sessions = of_cohort(db, cohort_id).await?;
    if sessions.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let mut present: HashMap<i64, u32> = HashMap::new();
    for record in records(db, &ids).await? {
        if record.present {
            *present.entry(record.account_id).or_default() += 1;
        }
    }
    Ok(present.into_iter().map(|(account, n)| (account, n * 100 / count(ids.len()).max(1))).collect())
}
