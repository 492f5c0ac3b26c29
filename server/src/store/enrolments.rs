use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::ActiveValue::Set;
use shared::enums::{EnrolmentSource, EnrolmentStatus};

use crate::clock::now;
use crate::entities::enrolment;

pub async fn find(db: &impl ConnectionTrait, cohort_id: i64, account_id: i64) -> Result<Option<enrolment::Model>, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.eq(cohort_id))
        .filter(enrolment::Column::AccountId.eq(account_id))
        .one(db)
        .await
}

/// Enrols unless already enrolled (the unique constraint decides); true when a
/// row was written.
pub async fn insert_if_absent(
    db: &impl ConnectionTrait,
    cohort_id: i64,
    account_id: i64,
    source: EnrolmentSource,
    enrolled_by: Option<i64>,
) -> Result<bool, DbErr> {
    let row = enrolment::ActiveModel {
        cohort_id: Set(cohort_id),
        account_id: Set(account_id),
        source: Set(source.as_str().to_string()),
        enrolled_by: Set(enrolled_by),
        status: Set(EnrolmentStatus::Active.as_str().to_string()),
        created_at: Set(now()),
        ..Default::default()
    };
    let inserted = enrolment::Entity::insert(row)
        .on_conflict(OnConflict::columns([enrolment::Column::CohortId, enrolment::Column::AccountId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}
