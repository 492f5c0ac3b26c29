use std::collections::HashSet;

use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseBackend, QueryOrder, QuerySelect, Statement};
use shared::api::PageQuery;
use shared::enums::{EnrolmentSource, EnrolmentStatus};

use crate::clock::now;
use crate::entities::{account, enrolment, organisation};

pub async fn find(db: &impl ConnectionTrait, cohort_id: i64, account_id: i64) -> Result<Option<enrolment::Model>, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.eq(cohort_id))
        .filter(enrolment::Column::AccountId.eq(account_id))
        .one(db)
        .await
}

fn row(cohort_id: i64, account_id: i64, source: EnrolmentSource, enrolled_by: Option<i64>) -> enrolment::ActiveModel {
    enrolment::ActiveModel {
        cohort_id: Set(cohort_id),
        account_id: Set(account_id),
        source: Set(source.as_str().to_string()),
        enrolled_by: Set(enrolled_by),
        status: Set(EnrolmentStatus::Active.as_str().to_string()),
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
    let inserted = enrolment::Entity::insert(row(cohort_id, account_id, source, enrolled_by))
        .on_conflict(on_conflict())
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Enrols people who are not (or no longer) enrolled: a withdrawn enrolment
/// is made active again rather than duplicated.
pub async fn insert_many(db: &impl ConnectionTrait, cohort_id: i64, account_ids: &[i64], source: EnrolmentSource, enrolled_by: Option<i64>) -> Result<u64, DbErr> {
    let mut written = 0;
    let reactivate = OnConflict::columns([enrolment::Column::CohortId, enrolment::Column::AccountId]).update_column(enrolment::Column::Status).to_owned();
    for chunk in account_ids.chunks(1000) {
        let rows = chunk.iter().map(|id| row(cohort_id, *id, source, enrolled_by));
        written += enrolment::Entity::insert_many(rows).on_conflict(reactivate.clone()).exec_without_returning(db).await?;
    }
    Ok(written)
}

pub async fn set_status(db: &impl ConnectionTrait, enrolment_id: i64, status: EnrolmentStatus) -> Result<(), DbErr> {
    enrolment::Entity::update_many()
        .col_expr(enrolment::Column::Status, Expr::value(status.as_str()))
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
            .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn.as_str()))
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

/// The cohort's learners (not those withdrawn) with their organisation; `organisation` restricts
/// them to one organisation (a partner manager's view).
pub async fn list(
    db: &impl ConnectionTrait,
    cohort_id: i64,
    organisation: Option<i64>,
    page: Option<PageQuery>,
) -> Result<(Vec<(enrolment::Model, account::Model, Option<organisation::Model>)>, u64), DbErr> {
    let mut accounts_query = account::Entity::find();
    if let Some(org) = organisation {
        accounts_query = accounts_query.filter(account::Column::OrganisationId.eq(org));
    }
    let in_scope: Vec<i64> = accounts_query.select_only().column(account::Column::Id).into_tuple().all(db).await?;
    let query = enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.eq(cohort_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn.as_str()));
    let query = if organisation.is_some() {
        let in_cohort: Vec<i64> = query.clone().select_only().column(enrolment::Column::AccountId).into_tuple().all(db).await?;
        let allowed: HashSet<i64> = in_scope.into_iter().collect();
        let ids: Vec<i64> = in_cohort.into_iter().filter(|id| allowed.contains(id)).collect();
        query.filter(enrolment::Column::AccountId.is_in(ids))
    } else {
        query
    };
    let total = query.clone().count(db).await?;
    let query = query.order_by_asc(enrolment::Column::Id);
    let enrolments = match page {
        Some(page) => query.offset(page.offset()).limit(page.per_page).all(db).await?,
        None => query.all(db).await?,
    };
    let ids: Vec<i64> = enrolments.iter().map(|e| e.account_id).collect();
    let mut accounts = Vec::new();
    for chunk in ids.chunks(500) {
        accounts.extend(account::Entity::find().filter(account::Column::Id.is_in(chunk.iter().copied())).all(db).await?);
    }
    let org_ids: HashSet<i64> = accounts.iter().filter_map(|a| a.organisation_id).collect();
    let orgs = organisation::Entity::find().filter(organisation::Column::Id.is_in(org_ids)).all(db).await?;
    let mut rows = Vec::with_capacity(enrolments.len());
    for e in enrolments {
        if let Some(a) = accounts.iter().find(|a| a.id == e.account_id).cloned() {
            let org = a.organisation_id.and_then(|id| orgs.iter().find(|o| o.id == id).cloned());
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
        db.execute_raw(Statement::from_sql_and_values(DatabaseBackend::Postgres, "SELECT id FROM cohorts WHERE id = $1 FOR UPDATE", [cohort_id.into()]))
            .await?;
    }
    Ok(())
}

/// The cohorts a learner is enrolled in (active).
pub async fn cohorts_of(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<enrolment::Model>, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(account_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn.as_str()))
        .all(db)
        .await
}
