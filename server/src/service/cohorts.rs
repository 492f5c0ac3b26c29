//! Cohorts: opening and changing them (administrators), and what each actor
//! may list and open.
use sea_orm::ConnectionTrait;
use shared::api::cohorts::{CatalogueEntry, CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::api::{Page, PageQuery};
use shared::enums::AuditAction;

use crate::clock::now;
use crate::domain::places;
use crate::entities::cohort;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::accounts::person_ref;
use crate::state::AppState;
use crate::store::{accounts, audit, cohorts, programmes};

pub async fn view(db: &impl ConnectionTrait, c: cohort::Model) -> ApiResult<CohortView> {
    views(db, vec![c]).await?.pop().ok_or_else(ApiError::not_found)
}

/// A page of cohorts as staff see them, in four queries whatever the page's size.
pub async fn views(db: &impl ConnectionTrait, rows: Vec<cohort::Model>) -> ApiResult<Vec<CohortView>> {
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let programme_ids: Vec<i64> = rows.iter().map(|c| c.programme_id).collect();
    let codes = programmes::codes_of(db, &programme_ids).await?;
    let mut trainers = cohorts::trainers_by_cohort(db, &ids).await?;
    let enrolled = cohorts::enrolled_counts(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|c| CohortView {
            id: c.id,
            programme_id: c.programme_id,
            programme_code: codes.get(&c.programme_id).cloned().unwrap_or_default(),
            trainers: trainers.remove(&c.id).unwrap_or_default().iter().map(person_ref).collect(),
            enrolled: enrolled.get(&c.id).copied().unwrap_or(0),
            name: c.name,
            region: c.region,
            learning_hub: c.learning_hub,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            capacity: u32::try_from(c.capacity).unwrap_or(0),
            self_enrolment_open: c.self_enrolment_open,
            min_attendance_percent: c.min_attendance_percent.and_then(|p| u32::try_from(p).ok()),
            attendance_basis: c.attendance_basis,
        })
        .collect())
}

pub async fn list(state: &AppState, actor: &Actor, page: PageQuery) -> ApiResult<Page<CohortView>> {
    let db = state.db.conn();
    let (rows, total) = cohorts::list(db, policy::cohort_scope(actor), page).await?;
    Ok(Page::new(views(db, rows).await?, total, page))
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

/// The cohorts a learner can join, and why the others cannot take them.
pub async fn catalogue(state: &AppState, actor: &Actor) -> ApiResult<Vec<CatalogueEntry>> {
    let me = actor.account_id()?;
    let db = state.db.conn();
    let today = now().date_naive();
    let rows = cohorts::catalogue(db, me, today).await?;
    let mut titles: std::collections::HashMap<i64, (String, shared::api::LocalizedText)> = std::collections::HashMap::new();
    let mut entries = Vec::with_capacity(rows.len());
    for (cohort, enrolled, mine) in rows {
        if !titles.contains_key(&cohort.programme_id) {
            let Some(p) = programmes::by_id(db, cohort.programme_id).await? else { continue };
            titles.insert(p.id, (p.code.clone(), programmes::localized(&p.title_fr, &p.title_ar, &p.title_en)));
        }
        let Some((code, title)) = titles.get(&cohort.programme_id).cloned() else { continue };
        let capacity = u64::try_from(cohort.capacity).unwrap_or(0);
        entries.push(CatalogueEntry {
            cohort_id: cohort.id,
            programme_id: cohort.programme_id,
            programme_code: code,
            programme_title: title,
            availability: places::availability(today, cohort.ends_on, capacity, enrolled, mine),
            places_left: places::places_left(capacity, enrolled),
            name: cohort.name,
            region: cohort.region,
            learning_hub: cohort.learning_hub,
            starts_on: cohort.starts_on,
            ends_on: cohort.ends_on,
        });
    }
    Ok(entries)
}
