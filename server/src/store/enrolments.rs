use std::collections::{HashMap, HashSet};

use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseBackend, QueryOrder, QuerySelect, Statement};
use shared::api::PageQuery;
use shared::enums::{EnrolmentSource, EnrolmentStatus};

use crate::clock::now;
use crate::entities::{account, enrolment, organisation};
use crate::policy::PeopleScope;
use crate::store::scope;

pub async fn find(db: &impl ConnectionTrait, cohort_id: i64, account_id: i64) -> Result<Option<enrolment::Model>, DbErr> {
    enrolment::Entity::find().filter(enrolment::Column::CohortId.eq(cohort_id)).filter(enrolment::Column::AccountId.eq(account_id)).one(db).await
}

fn row(cohort_id: i64, account_id: i64, source: EnrolmentSource, enrolled_by: Option<i64>) -> enrolment::ActiveModel {
    enrolment::ActiveModel {
        cohort_id: Set(cohort_id),
        account_id: Set(account_id),
        source: Set(source),
        enrolled_by: Set(enrolled_by),
        status: Set(EnrolmentStatus::Active),
        created_at: Set(now()),
        ..Default::default()
    }
}

fn on_conflict() -> OnConflict {
    OnConflict::columns([enrolment::Column::CohortId, enrolment::Column::AccountId]).do_nothing().to_owned()
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
    let inserted =
        enrolment::Entity::insert(row(cohort_id, account_id, source, enrolled_by)).on_conflict(on_conflict()).exec_without_returning(db).await?;
    Ok(inserted > 0)
}

/// Enrols people who are not (or no longer) enrolled: a withdrawn enrolment
/// is made active again rather than duplicated.
pub async fn insert_many(
    db: &impl ConnectionTrait,
    cohort_id: i64,
    account_ids: &[i64],
    source: EnrolmentSource,
    enrolled_by: Option<i64>,
) -> Result<u64, DbErr> {
    let mut written = 0;
    let reactivate =
        OnConflict::columns([enrolment::Column::CohortId, enrolment::Column::AccountId]).update_column(enrolment::Column::Status).to_owned();
    for chunk in account_ids.chunks(1000) {
        let rows = chunk.iter().map(|id| row(cohort_id, *id, source, enrolled_by));
        written += enrolment::Entity::insert_many(rows).on_conflict(reactivate.clone()).exec_without_returning(db).await?;
    }
    Ok(written)
}

pub async fn set_status(db: &impl ConnectionTrait, enrolment_id: i64, status: EnrolmentStatus) -> Result<(), DbErr> {
    enrolment::Entity::update_many()
        .col_expr(enrolment::Column::Status, Expr::value(status))
        .filter(enrolment::Column::Id.eq(enrolment_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Which of `account_ids` are enrolled in the cohort (withdrawn ones are not).
pub async fn enrolled_among(db: &impl ConnectionTrait, cohort_id: i64, account_ids: &[i64]) -> Result<HashSet<i64>, DbErr> {
    let mut found = HashSet::new();
    for chunk in account_ids.chunks(500) {
        let ids: Vec<i64> = enrolment::Entity::find()
            .filter(enrolment::Column::CohortId.eq(cohort_id))
            .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
            .filter(enrolment::Column::AccountId.is_in(chunk.iter().copied()))
            .select_only()
            .column(enrolment::Column::AccountId)
            .into_tuple()
            .all(db)
            .await?;
        found.extend(ids);
    }
    Ok(found)
}

/// The cohort's learners in `scope` (not those withdrawn) with their organisation.
pub async fn list(
    db: &impl ConnectionTrait,
    cohort_id: i64,
    scope: PeopleScope,
    page: Option<PageQuery>,
) -> Result<(Vec<(enrolment::Model, account::Model, Option<organisation::Model>)>, u64), DbErr> {
    let query = enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.eq(cohort_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .filter(scope::people(scope, enrolment::Column::AccountId));
    let total = query.clone().count(db).await?;
    let query = query.order_by_asc(enrolment::Column::Id);
    let enrolments = match page {
        Some(page) => query.offset(page.offset()).limit(page.per_page).all(db).await?,
        None => query.all(db).await?,
    };
    let ids: Vec<i64> = enrolments.iter().map(|e| e.account_id).collect();
    let mut accounts = HashMap::new();
    for chunk in ids.chunks(500) {
        accounts
            .extend(account::Entity::find().filter(account::Column::Id.is_in(chunk.iter().copied())).all(db).await?.into_iter().map(|a| (a.id, a)));
    }
    let org_ids: HashSet<i64> = accounts.values().filter_map(|a| a.organisation_id).collect();
    let orgs: HashMap<i64, organisation::Model> =
        organisation::Entity::find().filter(organisation::Column::Id.is_in(org_ids)).all(db).await?.into_iter().map(|o| (o.id, o)).collect();
    let mut rows = Vec::with_capacity(enrolments.len());
    for e in enrolments {
        if let Some(a) = accounts.remove(&e.account_id) {
            let org = a.organisation_id.and_then(|id| orgs.get(&id).cloned());
            rows.push((e, a, org));
        }
    }
    rows.sort_by_key(|a| a.1.full_name.to_lowercase());
    Ok((rows, total))
}

/// Serialises enrolments into one cohort on PostgreSQL, so two at once cannot
/// both take the last place (SQLite's write lock already does).
pub async fn lock_cohort(db: &impl ConnectionTrait, cohort_id: i64) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT id FROM cohorts WHERE id = $1 FOR UPDATE",
            [cohort_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// The cohorts a learner is enrolled in (active).
pub async fn cohorts_of(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<enrolment::Model>, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(account_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
        .all(db)
        .await
}
