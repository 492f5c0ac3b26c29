use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use shared::api::PageQuery;
use shared::api::accounts::CreateOrganisationRequest;

use crate::clock::now;
use crate::entities::organisation;

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

pub async fn by_name(db: &impl ConnectionTrait, name: &str) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find().filter(organisation::Column::Name.eq(name.trim())).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, req: &CreateOrganisationRequest) -> Result<organisation::Model, DbErr> {
    organisation::ActiveModel {
        name: Set(req.name.trim().to_string()),
        kind: Set(req.kind.as_str().to_string()),
        region: Set(req.region.clone()),
        commune: Set(req.commune.clone()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn list(db: &impl ConnectionTrait, page: PageQuery) -> Result<(Vec<organisation::Model>, u64), DbErr> {
    let total = organisation::Entity::find().count(db).await?;
    let items = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((items, total))
}
