use shared::api::cohorts::CreateCohortRequest;
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
    for id in &req.trainer_ids {
        let is_trainer = accounts::by_id(&tx, *id).await?.is_some_and(|a| a.role == Role::Trainer.as_str() || a.role == Role::Admin.as_str());
        if !is_trainer {
            return Err(ApiError::field("trainer_ids", "unknown_trainer"));
        }
    }
    let saved = cohorts::insert(&tx, req).await?;
    audit::record(&tx, Some(actor), "cohort.create", "cohort", saved.id, None).await?;
    tx.commit().await?;
    Ok(saved)
}
