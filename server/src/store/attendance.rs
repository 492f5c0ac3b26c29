//! In-person sessions (workshops, ateliers), who attended them, and the
//! calendar feeds that list them.
use std::collections::HashMap;

use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, QueryOrder};
use shared::api::attendance::SessionInput;
use shared::enums::{AttendanceStatus, EnrolmentStatus};

use shared::num::{i32_of, u32_of};

use crate::clock::now;
use crate::domain::workshops::Seat;
use crate::entities::{attendance, calendar_feed, cohort_session, cohort_trainer, enrolment};

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<cohort_session::Model>, DbErr> {
    cohort_session::Entity::find_by_id(id).one(db).await
}

pub async fn of_cohort(db: &impl ConnectionTrait, cohort_id: i64) -> Result<Vec<cohort_session::Model>, DbErr> {
    cohort_session::Entity::find().filter(cohort_session::Column::CohortId.eq(cohort_id)).order_by_asc(cohort_session::Column::StartsAt).all(db).await
}

pub async fn of_cohorts(db: &impl ConnectionTrait, cohort_ids: &[i64]) -> Result<Vec<cohort_session::Model>, DbErr> {
    cohort_session::Entity::find()
        .filter(cohort_session::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .order_by_asc(cohort_session::Column::StartsAt)
        .all(db)
        .await
}

fn trimmed_location(input: &SessionInput) -> Option<String> {
    input.location.as_deref().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string)
}

pub async fn insert(db: &impl ConnectionTrait, cohort_id: i64, input: &SessionInput) -> Result<cohort_session::Model, DbErr> {
    cohort_session::ActiveModel {
        cohort_id: Set(cohort_id),
        module_id: Set(input.module_id),
        title: Set(input.title.trim().to_string()),
        starts_at: Set(input.starts_at),
        duration_minutes: Set(i32_of(input.duration_minutes)),
        location: Set(trimmed_location(input)),
        checkin_secret: Set(Some(crate::secrets::random_token())),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn update(db: &impl ConnectionTrait, session: cohort_session::Model, input: &SessionInput) -> Result<cohort_session::Model, DbErr> {
    let mut active: cohort_session::ActiveModel = session.into();
    active.module_id = Set(input.module_id);
    active.title = Set(input.title.trim().to_string());
    active.starts_at = Set(input.starts_at);
    active.duration_minutes = Set(i32_of(input.duration_minutes));
    active.location = Set(trimmed_location(input));
    active.update(db).await
}

pub async fn delete(db: &impl ConnectionTrait, session_id: i64) -> Result<(), DbErr> {
    attendance::Entity::delete_many().filter(attendance::Column::SessionId.eq(session_id)).exec(db).await?;
    cohort_session::Entity::delete_by_id(session_id).exec(db).await?;
    Ok(())
}

/// The secret of a session's check-in codes. Sessions made before QR check-in
/// get theirs on first use; when two processes race, the first one written wins.
pub async fn checkin_secret(db: &impl ConnectionTrait, session: &cohort_session::Model) -> Result<String, DbErr> {
    if let Some(secret) = &session.checkin_secret {
        return Ok(secret.clone());
    }
    cohort_session::Entity::update_many()
        .col_expr(cohort_session::Column::CheckinSecret, Expr::value(crate::secrets::random_token()))
        .filter(cohort_session::Column::Id.eq(session.id))
        .filter(cohort_session::Column::CheckinSecret.is_null())
        .exec(db)
        .await?;
    let stored = by_id(db, session.id).await?.and_then(|s| s.checkin_secret);
    stored.ok_or_else(|| DbErr::RecordNotFound(format!("session {}", session.id)))
}

pub async fn records(db: &impl ConnectionTrait, session_ids: &[i64]) -> Result<Vec<attendance::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in session_ids.chunks(500) {
        out.extend(attendance::Entity::find().filter(attendance::Column::SessionId.is_in(chunk.iter().copied())).all(db).await?);
    }
    Ok(out)
}

pub async fn records_of(db: &impl ConnectionTrait, session_ids: &[i64], account_id: i64) -> Result<Vec<attendance::Model>, DbErr> {
    attendance::Entity::find()
        .filter(attendance::Column::SessionId.is_in(session_ids.iter().copied()))
        .filter(attendance::Column::AccountId.eq(account_id))
        .all(db)
        .await
}

/// Records what the trainer saw, replacing what was recorded before for these
/// learners (a QR check-in included: the trainer's word is the last).
pub async fn record(db: &impl ConnectionTrait, session_id: i64, entries: &[(i64, AttendanceStatus)], recorded_by: Option<i64>) -> Result<(), DbErr> {
    for chunk in entries.chunks(500) {
        let rows = chunk.iter().map(|(account_id, status)| attendance::ActiveModel {
            session_id: Set(session_id),
            account_id: Set(*account_id),
            status: Set(*status),
            by_self: Set(false),
            recorded_by: Set(recorded_by),
            recorded_at: Set(now()),
        });
        attendance::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([attendance::Column::SessionId, attendance::Column::AccountId])
                    .update_columns([
                        attendance::Column::Status,
                        attendance::Column::BySelf,
                        attendance::Column::RecordedBy,
                        attendance::Column::RecordedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// A learner's own check-in: written only when nothing is recorded for them
/// yet, so a second scan (or a racing one) changes nothing. True when written.
pub async fn check_in(db: &impl ConnectionTrait, session_id: i64, account_id: i64, status: AttendanceStatus) -> Result<bool, DbErr> {
    let row = attendance::ActiveModel {
        session_id: Set(session_id),
        account_id: Set(account_id),
        status: Set(status),
        by_self: Set(true),
        recorded_by: Set(Some(account_id)),
        recorded_at: Set(now()),
    };
    let written = attendance::Entity::insert(row)
        .on_conflict(OnConflict::columns([attendance::Column::SessionId, attendance::Column::AccountId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(written > 0)
}

/// The sessions of a module in a cohort as they stand for one learner.
pub async fn seats(db: &impl ConnectionTrait, cohort_id: i64, module_id: i64, account_id: i64) -> Result<Vec<Seat>, DbErr> {
    let sessions = cohort_session::Entity::find()
        .filter(cohort_session::Column::CohortId.eq(cohort_id))
        .filter(cohort_session::Column::ModuleId.eq(module_id))
        .all(db)
        .await?;
    if sessions.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let statuses: HashMap<i64, AttendanceStatus> = records_of(db, &ids, account_id).await?.into_iter().map(|r| (r.session_id, r.status)).collect();
    Ok(sessions.iter().map(|s| Seat { minutes: u32_of(s.duration_minutes), status: statuses.get(&s.id).copied() }).collect())
}

/// Every learner's recorded statuses at the given sessions: account → session → status.
pub async fn statuses_by_learner(db: &impl ConnectionTrait, session_ids: &[i64]) -> Result<HashMap<i64, HashMap<i64, AttendanceStatus>>, DbErr> {
    let mut out: HashMap<i64, HashMap<i64, AttendanceStatus>> = HashMap::new();
    for record in records(db, session_ids).await? {
        out.entry(record.account_id).or_default().insert(record.session_id, record.status);
    }
    Ok(out)
}

/// The cohorts whose sessions belong on an account's calendar: those it is
/// enrolled in (not withdrawn) and those it teaches.
pub async fn calendar_cohorts(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<i64>, DbErr> {
    let mut ids: Vec<i64> = enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(account_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.cohort_id)
        .collect();
    ids.extend(
        cohort_trainer::Entity::find().filter(cohort_trainer::Column::AccountId.eq(account_id)).all(db).await?.into_iter().map(|t| t.cohort_id),
    );
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Replaces an account's calendar feed token (stored hashed).
pub async fn set_feed(db: &impl ConnectionTrait, account_id: i64, token_hash: &str) -> Result<(), DbErr> {
    let row = calendar_feed::ActiveModel { account_id: Set(account_id), token_hash: Set(token_hash.to_string()), created_at: Set(now()) };
    calendar_feed::Entity::insert(row)
        .on_conflict(
            OnConflict::column(calendar_feed::Column::AccountId)
                .update_columns([calendar_feed::Column::TokenHash, calendar_feed::Column::CreatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn feed_owner(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<i64>, DbErr> {
    Ok(calendar_feed::Entity::find().filter(calendar_feed::Column::TokenHash.eq(token_hash)).one(db).await?.map(|f| f.account_id))
}
