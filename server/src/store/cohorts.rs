use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, Condition, IntoActiveModel, QueryOrder, QuerySelect};
use shared::api::cohorts::{CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::api::{PageQuery, PersonRef};

use crate::clock::now;
use crate::entities::{account, cohort, cohort_trainer, enrolment, programme};

/// Which cohorts a caller may list.
#[derive(Debug, Clone, Copy)]
pub enum CohortScope {
    All,
    /// The cohorts a trainer teaches.
    TrainerOf(i64),
    /// A learner's own cohorts and those open to self-enrolment.
    LearnerOf(i64),
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<cohort::Model>, DbErr> {
    cohort::Entity::find_by_id(id).one(db).await
}

async fn scope_condition(db: &impl ConnectionTrait, scope: CohortScope) -> Result<Condition, DbErr> {
    Ok(match scope {
        CohortScope::All => Condition::all(),
        CohortScope::TrainerOf(account_id) => {
            let ids: Vec<i64> = cohort_trainer::Entity::find()
                .filter(cohort_trainer::Column::AccountId.eq(account_id))
                .select_only()
                .column(cohort_trainer::Column::CohortId)
                .into_tuple()
                .all(db)
                .await?;
            Condition::all().add(cohort::Column::Id.is_in(ids))
        }
        CohortScope::LearnerOf(account_id) => {
            let ids: Vec<i64> = enrolment::Entity::find()
                .filter(enrolment::Column::AccountId.eq(account_id))
                .select_only()
                .column(enrolment::Column::CohortId)
                .into_tuple()
                .all(db)
                .await?;
            Condition::any().add(cohort::Column::Id.is_in(ids)).add(cohort::Column::SelfEnrolmentOpen.eq(true))
        }
    })
}

pub async fn list(db: &impl ConnectionTrait, scope: CohortScope, page: PageQuery) -> Result<(Vec<CohortView>, u64), DbErr> {
    let query = cohort::Entity::find().filter(scope_condition(db, scope).await?);
    let total = query.clone().count(db).await?;
    let cohorts = query
        .order_by_desc(cohort::Column::StartsOn)
        .order_by_asc(cohort::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let mut items = Vec::with_capacity(cohorts.len());
    for c in cohorts {
        items.push(view(db, c).await?);
    }
    Ok((items, total))
}

pub async fn is_in_scope(db: &impl ConnectionTrait, scope: CohortScope, cohort_id: i64) -> Result<bool, DbErr> {
    let found = cohort::Entity::find()
        .filter(scope_condition(db, scope).await?)
        .filter(cohort::Column::Id.eq(cohort_id))
        .count(db)
        .await?;
    Ok(found > 0)
}

pub async fn trainers_of(db: &impl ConnectionTrait, cohort_id: i64) -> Result<Vec<account::Model>, DbErr> {
    let ids: Vec<i64> = cohort_trainer::Entity::find()
        .filter(cohort_trainer::Column::CohortId.eq(cohort_id))
        .select_only()
        .column(cohort_trainer::Column::AccountId)
        .into_tuple()
        .all(db)
        .await?;
    account::Entity::find().filter(account::Column::Id.is_in(ids)).order_by_asc(account::Column::FullName).all(db).await
}

pub async fn is_trainer(db: &impl ConnectionTrait, cohort_id: i64, account_id: i64) -> Result<bool, DbErr> {
    Ok(cohort_trainer::Entity::find_by_id((cohort_id, account_id)).one(db).await?.is_some())
}

pub async fn enrolled_count(db: &impl ConnectionTrait, cohort_id: i64) -> Result<u64, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.eq(cohort_id))
        .filter(enrolment::Column::Status.ne("withdrawn"))
        .count(db)
        .await
}

pub async fn view(db: &impl ConnectionTrait, c: cohort::Model) -> Result<CohortView, DbErr> {
    let programme_code = programme::Entity::find_by_id(c.programme_id).one(db).await?.map(|p| p.code).unwrap_or_default();
    let trainers = trainers_of(db, c.id)
        .await?
        .into_iter()
        .map(|a| PersonRef { id: a.id, full_name: a.full_name, email: a.email })
        .collect();
    let enrolled = enrolled_count(db, c.id).await?;
    Ok(CohortView {
        id: c.id,
        programme_id: c.programme_id,
        programme_code,
        name: c.name,
        region: c.region,
        learning_hub: c.learning_hub,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        capacity: c.capacity.max(0) as u32,
        enrolled,
        self_enrolment_open: c.self_enrolment_open,
        min_attendance_percent: c.min_attendance_percent.map(|p| p.max(0) as u32),
        trainers,
    })
}

pub async fn insert(db: &impl ConnectionTrait, req: &CreateCohortRequest) -> Result<cohort::Model, DbErr> {
    let saved = cohort::ActiveModel {
        programme_id: Set(req.programme_id),
        name: Set(req.name.trim().to_string()),
        region: Set(req.region.trim().to_string()),
        learning_hub: Set(req.learning_hub.clone().filter(|h| !h.trim().is_empty())),
        starts_on: Set(req.starts_on),
        ends_on: Set(req.ends_on),
        capacity: Set(req.capacity as i32),
        self_enrolment_open: Set(req.self_enrolment_open),
        min_attendance_percent: Set(req.min_attendance_percent.map(|p| p as i32)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_trainers(db, saved.id, &req.trainer_ids).await?;
    Ok(saved)
}

async fn insert_trainers(db: &impl ConnectionTrait, cohort_id: i64, ids: &[i64]) -> Result<(), DbErr> {
    let mut trainers = ids.to_vec();
    trainers.sort_unstable();
    trainers.dedup();
    if !trainers.is_empty() {
        let rows = trainers.into_iter().map(|account_id| cohort_trainer::ActiveModel { cohort_id: Set(cohort_id), account_id: Set(account_id) });
        cohort_trainer::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Replaces a cohort's trainers.
pub async fn set_trainers(db: &impl ConnectionTrait, cohort_id: i64, ids: &[i64]) -> Result<(), DbErr> {
    cohort_trainer::Entity::delete_many().filter(cohort_trainer::Column::CohortId.eq(cohort_id)).exec(db).await?;
    insert_trainers(db, cohort_id, ids).await
}

pub async fn update(db: &impl ConnectionTrait, current: cohort::Model, req: &UpdateCohortRequest) -> Result<cohort::Model, DbErr> {
    let mut active = current.into_active_model();
    if let Some(name) = &req.name {
        active.name = Set(name.trim().to_string());
    }
    if let Some(region) = &req.region {
        active.region = Set(region.trim().to_string());
    }
    if let Some(hub) = &req.learning_hub {
        active.learning_hub = Set(Some(hub.trim().to_string()).filter(|h| !h.is_empty()));
    }
    if let Some(starts_on) = req.starts_on {
        active.starts_on = Set(starts_on);
    }
    if let Some(ends_on) = req.ends_on {
        active.ends_on = Set(ends_on);
    }
    if let Some(capacity) = req.capacity {
        active.capacity = Set(capacity as i32);
    }
    if let Some(open) = req.self_enrolment_open {
        active.self_enrolment_open = Set(open);
    }
    if let Some(percent) = req.min_attendance_percent {
        active.min_attendance_percent = Set(Some(percent as i32).filter(|p| *p > 0));
    }
    active.update(db).await
}
