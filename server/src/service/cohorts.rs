//! Cohorts: opening and changing them (administrators), and what each actor
//! may list and open.
use sea_orm::ConnectionTrait;
use shared::api::cohorts::{CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::api::{Page, PageQuery};
use shared::enums::AuditAction;

use crate::entities::cohort;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::accounts::person_ref;
use crate::state::AppState;
use crate::store::{accounts, audit, cohorts, programmes};

pub async fn view(db: &impl ConnectionTrait, c: cohort::Model) -> ApiResult<CohortView> {
    let programme_code = programmes::by_id(db, c.programme_id).await?.map(|p| p.code).unwrap_or_default();
    let trainers = cohorts::trainers_of(db, c.id).await?.iter().map(person_ref).collect();
    let enrolled = cohorts::enrolled_count(db, c.id).await?;
    Ok(CohortView {
        id: c.id,
        programme_id: c.programme_id,
        programme_code,
        name: c.name,
        region: c.region,
        learning_hub: c.learning_hub,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        capacity: u32::try_from(c.capacity).unwrap_or(0),
        enrolled,
        self_enrolment_open: c.self_enrolment_open,
        min_attendance_percent: c.min_attendance_percent.and_then(|p| u32::try_from(p).ok()),
        trainers,
    })
}

pub async fn list(state: &AppState, actor: &Actor, page: PageQuery) -> ApiResult<Page<CohortView>> {
    let db = state.db.conn();
    let (rows, total) = cohorts::list(db, policy::cohort_scope(actor), page).await?;
    let mut items = Vec::with_capacity(rows.len());
    for c in rows {
        items.push(view(db, c).await?);
    }
    Ok(Page::new(items, total, page))
}

pub async fn get(state: &AppState, actor: &Actor, id: i64) -> ApiResult<CohortView> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_open_cohort(db, actor, cohort.id).await?;
    view(db, cohort).await
}

pub async fn create(state: &AppState, actor: &Actor, req: &CreateCohortRequest) -> ApiResult<CohortView> {
    policy::may_manage_cohorts(actor)?;
    let tx = state.db.begin_write().await?;
    if programmes::by_id(&tx, req.programme_id).await?.is_none() {
        return Err(ApiError::field("programme_id", "unknown_programme"));
    }
    check_trainers(&tx, &req.trainer_ids).await?;
    let saved = cohorts::insert(&tx, req).await?;
    audit::record(&tx, actor.id, AuditAction::CohortCreate, saved.id, None).await?;
    let view = view(&tx, saved).await?;
    tx.commit().await?;
    Ok(view)
}

/// Only those who can teach can be a cohort's trainers.
async fn check_trainers(db: &impl ConnectionTrait, ids: &[i64]) -> ApiResult<()> {
    for id in ids {
        if !accounts::by_id(db, *id).await?.is_some_and(|a| policy::can_teach(&a)) {
            return Err(ApiError::field("trainer_ids", "unknown_trainer"));
        }
    }
    Ok(())
}

/// Changes a cohort. The dates are checked as they will be after the change,
/// and the capacity cannot drop below the people already enrolled: nobody is
/// unenrolled by a form.
pub async fn update(state: &AppState, actor: &Actor, cohort_id: i64, req: &UpdateCohortRequest) -> ApiResult<CohortView> {
    policy::may_manage_cohorts(actor)?;
    let tx = state.db.begin_write().await?;
    let current = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let starts_on = req.starts_on.unwrap_or(current.starts_on);
    let ends_on = req.ends_on.unwrap_or(current.ends_on);
    if ends_on < starts_on {
        return Err(ApiError::field("ends_on", "ends_before_start"));
    }
    if let Some(capacity) = req.capacity
        && u64::from(capacity) < cohorts::enrolled_count(&tx, cohort_id).await?
    {
        return Err(ApiError::field("capacity", "capacity_below_enrolled"));
    }
    if let Some(ids) = &req.trainer_ids {
        check_trainers(&tx, ids).await?;
    }
    let saved = cohorts::update(&tx, current, req).await?;
    if let Some(ids) = &req.trainer_ids {
        cohorts::set_trainers(&tx, cohort_id, ids).await?;
    }
    audit::record(&tx, actor.id, AuditAction::CohortUpdate, cohort_id, serde_json::to_value(req).ok()).await?;
    let view = view(&tx, saved).await?;
    tx.commit().await?;
    Ok(view)
}
