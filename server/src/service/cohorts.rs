use shared::api::cohorts::{CreateCohortRequest, UpdateCohortRequest};
use shared::enums::Role;

use crate::db::Db;
use crate::entities::cohort;
use crate::error::{ApiError, ApiResult};
use crate::store::{accounts, audit, cohorts, programmes};

pub async fn create(db: &Db, actor: i64, req: &CreateCohortRequest) -> ApiResult<cohort::Model> {
    let tx = db.begin_write().await?;
    if programmes::by_id(&tx, req.programme_id).await?.is_none() {
        return Err(ApiError::field("programme_id", "unknown_programme"));
    }
    check_trainers(&tx, &req.trainer_ids).await?;
    let saved = cohorts::insert(&tx, req).await?;
    audit::record(&tx, Some(actor), "cohort.create", "cohort", saved.id, None).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Only trainers (and administrators, who may teach) can be a cohort's trainers.
async fn check_trainers(db: &impl sea_orm::ConnectionTrait, ids: &[i64]) -> ApiResult<()> {
    for id in ids {
        let can_teach = accounts::by_id(db, *id).await?.is_some_and(|a| a.active && (a.role == Role::Trainer.as_str() || a.role == Role::Admin.as_str()));
        if !can_teach {
            return Err(ApiError::field("trainer_ids", "unknown_trainer"));
        }
    }
    Ok(())
}

/// Changes a cohort. The dates are checked as they will be after the change,
/// and the capacity cannot drop below the people already enrolled: nobody is
/// unenrolled by a form.
pub async fn update(db: &Db, actor: i64, cohort_id: i64, req: &UpdateCohortRequest) -> ApiResult<cohort::Model> {
    let tx = db.begin_write().await?;
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
    audit::record(&tx, Some(actor), "cohort.update", "cohort", cohort_id, serde_json::to_value(req).ok()).await?;
    tx.commit().await?;
    Ok(saved)
}
