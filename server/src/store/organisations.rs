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
