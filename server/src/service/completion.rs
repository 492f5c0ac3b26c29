//! A module is complete when its assessment is passed and, where the cohort
//! requires it, attendance is sufficient. Recorded once, in the transaction of
//! the grade (or attendance) that causes it; the unique constraint on
//! (learner, module) decides when submissions race. Completions without an
//! attestation are the durable record the attestation worker acts on; one
//! whose learner still owes a required evaluation is held until the answer.
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::workshops::attended_enough;
use crate::entities::{cohort, module};
use crate::store::evaluations::{self, Waiting};
use crate::store::{attendance, completions, programmes};

/// Completes `module` for the learner when attendance allows (the caller has
/// established that the assessment is passed). True when newly recorded.
pub async fn complete_if_due(
    db: &impl ConnectionTrait,
    account_id: i64,
    module: &module::Model,
    cohort: &cohort::Model,
    attempt_id: Option<i64>,
    recorded_by: Option<i64>,
) -> Result<bool, DbErr> {
    if let Some(min) = cohort.min_attendance_percent {
        let seats = attendance::seats(db, cohort.id, module.id, account_id).await?;
        if !attended_enough(Some(shared::num::u32_of(min)), cohort.attendance_basis, &seats) {
            return Ok(false);
        }
    }
    let recorded = completions::insert_if_absent(db, account_id, module.id, cohort.id, attempt_id, recorded_by).await?;
    if recorded {
        evaluations::hold(db, Waiting::Module(module.id), Some(account_id)).await?;
        let module_ids = programmes::published_module_ids(db, module.programme_id).await?;
        if !module_ids.is_empty()
            && completions::count_for(db, account_id, &module_ids).await? == shared::num::count64(module_ids.len())
            && completions::programme_insert_if_absent(db, account_id, module.programme_id, cohort.id).await?
        {
            evaluations::hold(db, Waiting::Programme(module.programme_id), Some(account_id)).await?;
        }
    }
    Ok(recorded)
}
