use std::collections::HashMap;

use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel, QueryOrder, QuerySelect};
use shared::api::PageQuery;
use shared::api::cohorts::{CreateCohortRequest, UpdateCohortRequest};
use shared::enums::EnrolmentStatus;

use crate::clock::now;
use crate::entities::{account, cohort, cohort_trainer, enrolment};
use crate::policy::CohortScope;
use crate::store::scope;

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<cohort::Model>, DbErr> {
    cohort::Entity::find_by_id(id).one(db).await
}

/// The cohorts of `ids` that exist, in the order of `ids`.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<cohort::Model>, DbErr> {
    let mut found = cohort::Entity::find().filter(cohort::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    Ok(found)
}

pub async fn list(db: &impl ConnectionTrait, scope: CohortScope, page: PageQuery) -> Result<(Vec<cohort::Model>, u64), DbErr> {
    let query = cohort::Entity::find().filter(scope::cohorts(scope));
    let total = query.clone().count(db).await?;
    let cohorts =
        query.order_by_desc(cohort::Column::StartsOn).order_by_asc(cohort::Column::Id).offset(page.offset()).limit(page.per_page).all(db).await?;
    Ok((cohorts, total))
}

pub async fn is_in_scope(db: &impl ConnectionTrait, scope: CohortScope, cohort_id: i64) -> Result<bool, DbErr> {
    let found = cohort::Entity::find().filter(scope::cohorts(scope)).filter(cohort::Column::Id.eq(cohort_id)).count(db).await?;
    Ok(found > 0)
}

pub async fn trainers_of(db: &impl ConnectionTrait, cohort_id: i64) -> Result<Vec<account::Model>, DbErr> {
    Ok(trainers_by_cohort(db, &[cohort_id]).await?.remove(&cohort_id).unwrap_or_default())
}

/// The trainers of each of `cohort_ids`, by name: a page of cohorts in two queries.
pub async fn trainers_by_cohort(db: &impl ConnectionTrait, cohort_ids: &[i64]) -> Result<HashMap<i64, Vec<account::Model>>, DbErr> {
    if cohort_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let pairs: Vec<(i64, i64)> = cohort_trainer::Entity::find()
        .filter(cohort_trainer::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .select_only()
        .column(cohort_trainer::Column::CohortId)
        .column(cohort_trainer::Column::AccountId)
        .into_tuple()
        .all(db)
        .await?;
    let people = account::Entity::find()
        .filter(account::Column::Id.is_in(pairs.iter().map(|(_, a)| *a)))
        .order_by_asc(account::Column::FullName)
        .all(db)
        .await?;
    let mut by_cohort: HashMap<i64, Vec<account::Model>> = HashMap::new();
    for person in people {
        for (cohort, _) in pairs.iter().filter(|(_, a)| *a == person.id) {
            by_cohort.entry(*cohort).or_default().push(person.clone());
        }
    }
    Ok(by_cohort)
}

/// How many are enrolled (not withdrawn) in each of `cohort_ids`, in one query.
pub async fn enrolled_counts(db: &impl ConnectionTrait, cohort_ids: &[i64]) -> Result<HashMap<i64, u64>, DbErr> {
    if cohort_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.is_in(cohort_ids.iter().copied()))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .select_only()
        .column(enrolment::Column::CohortId)
        .column_as(enrolment::Column::Id.count(), "enrolled")
        .group_by(enrolment::Column::CohortId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(cohort, n)| (cohort, u64::try_from(n).unwrap_or(0))).collect())
}

pub async fn is_trainer(db: &impl ConnectionTrait, cohort_id: i64, account_id: i64) -> Result<bool, DbErr> {
    Ok(cohort_trainer::Entity::find_by_id((cohort_id, account_id)).one(db).await?.is_some())
}

pub async fn enrolled_count(db: &impl ConnectionTrait, cohort_id: i64) -> Result<u64, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.eq(cohort_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .count(db)
        .await
}

pub async fn insert(db: &impl ConnectionTrait, req: &CreateCohortRequest) -> Result<cohort::Model, DbErr> {
    let saved = cohort::ActiveModel {
        programme_id: Set(req.programme_id),
        name: Set(req.name.trim().to_string()),
        region: Set(req.region.trim().to_string()),
        learning_hub: Set(req.learning_hub.clone().filter(|h| !h.trim().is_empty())),
        starts_on: Set(req.starts_on),
        ends_on: Set(req.ends_on),
        capacity: Set(i32::try_from(req.capacity).unwrap_or(i32::MAX)),
        self_enrolment_open: Set(req.self_enrolment_open),
        min_attendance_percent: Set(req.min_attendance_percent.and_then(|p| i32::try_from(p).ok())),
        attendance_basis: Set(req.attendance_basis),
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
        active.capacity = Set(i32::try_from(capacity).unwrap_or(i32::MAX));
    }
    if let Some(open) = req.self_enrolment_open {
        active.self_enrolment_open = Set(open);
    }
    if let Some(percent) = req.min_attendance_percent {
        active.min_attendance_percent = Set(i32::try_from(percent).ok().filter(|p| *p > 0));
    }
    if let Some(basis) = req.attendance_basis {
        active.attendance_basis = Set(basis);
    }
    active.update(db).await
}

/// The cohorts a learner may join by themself (open to self-enrolment, not
/// over) and those they are in, soonest first, with how many each holds.
pub async fn catalogue(db: &impl ConnectionTrait, account_id: i64, today: chrono::NaiveDate) -> Result<Vec<(cohort::Model, u64, bool)>, DbErr> {
    let mine: Vec<i64> = enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(account_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .select_only()
        .column(enrolment::Column::CohortId)
        .into_tuple()
        .all(db)
        .await?;
    let open = sea_orm::Condition::all().add(cohort::Column::SelfEnrolmentOpen.eq(true)).add(cohort::Column::EndsOn.gte(today));
    let cohorts = cohort::Entity::find()
        .filter(sea_orm::Condition::any().add(open).add(cohort::Column::Id.is_in(mine.iter().copied())))
        .order_by_asc(cohort::Column::StartsOn)
        .order_by_asc(cohort::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    let counts: Vec<(i64, i64)> = enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.is_in(cohorts.iter().map(|c| c.id)))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .select_only()
        .column(enrolment::Column::CohortId)
        .column_as(enrolment::Column::Id.count(), "n")
        .group_by(enrolment::Column::CohortId)
        .into_tuple()
        .all(db)
        .await?;
    let counts: std::collections::HashMap<i64, u64> = counts.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect();
    Ok(cohorts
        .into_iter()
        .map(|c| {
            let n = counts.get(&c.id).copied().unwrap_or(0);
            let in_it = mine.contains(&c.id);
            (c, n, in_it)
        })
        .collect())
}
