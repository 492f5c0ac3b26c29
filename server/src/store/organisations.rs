use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use shared::api::PageQuery;
use shared::api::accounts::CreateOrganisationRequest;

use crate::clock::now;
use crate::entities::organisation;
use crate::policy::PeopleScope;

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

pub async fn by_name(db: &impl ConnectionTrait, name: &str) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find().filter(organisation::Column::Name.eq(name.trim())).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, req: &CreateOrganisationRequest) -> Result<organisation::Model, DbErr> {
    organisation::ActiveModel {
        name: Set(req.name.trim().to_string()),
        kind: Set(req.kind),
        region: Set(req.region.clone()),
        commune: Set(req.commune.clone()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Organisations in scope: all, or a partner manager's own.
pub async fn list(db: &impl ConnectionTrait, scope: PeopleScope, page: PageQuery) -> Result<(Vec<organisation::Model>, u64), DbErr> {
    let query = match scope {
        PeopleScope::All => organisation::Entity::find(),
        PeopleScope::Organisation(id) => organisation::Entity::find().filter(organisation::Column::Id.eq(id)),
    };
    let total = query.clone().count(db).await?;
    let items = query.order_by_asc(organisation::Column::Name).offset(page.offset()).limit(page.per_page).all(db).await?;
    Ok((items, total))
}

pub async fn set_logo(db: &impl ConnectionTrait, id: i64, key: Option<String>) -> Result<organisation::Model, DbErr> {
    organisation::ActiveModel { id: Set(id), logo_key: Set(key), ..Default::default() }.update(db).await
}

/// For each (cohort, learner) that a partner's manager enrolled, the logo of
/// that partner, when it has one (three queries for a whole batch).
pub async fn enrolling_partner_logos(
    db: &impl ConnectionTrait,
    pairs: &[(i64, i64)],
) -> Result<std::collections::HashMap<(i64, i64), String>, DbErr> {
    use std::collections::{HashMap, HashSet};

    use crate::entities::{account, enrolment};
    let mut out = HashMap::new();
    if pairs.is_empty() {
        return Ok(out);
    }
    let cohorts: HashSet<i64> = pairs.iter().map(|p| p.0).collect();
    let learners: HashSet<i64> = pairs.iter().map(|p| p.1).collect();
    let wanted: HashSet<(i64, i64)> = pairs.iter().copied().collect();
    let enrolments: Vec<enrolment::Model> = enrolment::Entity::find()
        .filter(enrolment::Column::CohortId.is_in(cohorts))
        .filter(enrolment::Column::AccountId.is_in(learners))
        .filter(enrolment::Column::Source.eq(shared::enums::EnrolmentSource::Partner))
        .all(db)
        .await?
        .into_iter()
        .filter(|e| wanted.contains(&(e.cohort_id, e.account_id)))
        .collect();
    let enrollers: HashSet<i64> = enrolments.iter().filter_map(|e| e.enrolled_by).collect();
    if enrollers.is_empty() {
        return Ok(out);
    }
    let organisation_of: HashMap<i64, i64> = account::Entity::find()
        .filter(account::Column::Id.is_in(enrollers))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.organisation_id.map(|o| (a.id, o)))
        .collect();
    let logos: HashMap<i64, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_of.values().copied().collect::<HashSet<_>>()))
        .filter(organisation::Column::LogoKey.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| o.logo_key.map(|k| (o.id, k)))
        .collect();
    for e in enrolments {
        if let Some(logo) = e.enrolled_by.and_then(|by| organisation_of.get(&by)).and_then(|o| logos.get(o)) {
            out.insert((e.cohort_id, e.account_id), logo.clone());
        }
    }
    Ok(out)
}
