//! Module content: sections and uploaded documents.
use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use shared::api::common::filled;
use shared::api::content::SectionInput;

use shared::num::i32_of;

use crate::clock::now;
use crate::entities::{document, module_section};

pub async fn sections(db: &impl ConnectionTrait, module_id: i64) -> Result<Vec<module_section::Model>, DbErr> {
    module_section::Entity::find()
        .filter(module_section::Column::ModuleId.eq(module_id))
        .order_by_asc(module_section::Column::Position)
        .order_by_asc(module_section::Column::Id)
        .all(db)
        .await
}

pub async fn section_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<module_section::Model>, DbErr> {
    module_section::Entity::find_by_id(id).one(db).await
}

pub async fn insert_section(db: &impl ConnectionTrait, module_id: i64, input: &SectionInput) -> Result<module_section::Model, DbErr> {
    let position = match input.position {
        Some(p) => i32_of(p),
        None => {
            let max: Option<Option<i32>> = module_section::Entity::find()
                .filter(module_section::Column::ModuleId.eq(module_id))
                .select_only()
                .column_as(module_section::Column::Position.max(), "max")
                .into_tuple()
                .one(db)
                .await?;
            max.flatten().unwrap_or(0) + 1
        }
    };
    let mut active = module_section::ActiveModel { module_id: Set(module_id), position: Set(position), ..Default::default() };
    write(&mut active, input);
    active.insert(db).await
}

fn write(active: &mut module_section::ActiveModel, input: &SectionInput) {
    active.kind = Set(input.kind);
    active.title = Set(input.title.trim().to_string());
    active.title_ar = Set(filled(&input.title_ar));
    active.title_en = Set(filled(&input.title_en));
    active.body_markdown = Set(input.markdown.clone());
    active.body_markdown_ar = Set(filled(&input.markdown_ar));
    active.body_markdown_en = Set(filled(&input.markdown_en));
    active.url = Set(input.url.clone().map(|u| u.trim().to_string()));
    active.document_id = Set(input.document_id);
}

pub async fn update_section(db: &impl ConnectionTrait, current: module_section::Model, input: &SectionInput) -> Result<module_section::Model, DbErr> {
    let mut active: module_section::ActiveModel = current.into();
    write(&mut active, input);
    if let Some(p) = input.position {
        active.position = Set(i32_of(p));
    }
    active.update(db).await
}

/// Gives each section its place in `ids` (1-based).
pub async fn set_positions(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    for (index, id) in ids.iter().enumerate() {
        module_section::Entity::update_many()
            .col_expr(module_section::Column::Position, sea_orm::sea_query::Expr::value(i32::try_from(index + 1).unwrap_or(i32::MAX)))
            .filter(module_section::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn delete_section(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    module_section::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn documents_of(db: &impl ConnectionTrait, module_id: i64) -> Result<Vec<document::Model>, DbErr> {
    document::Entity::find().filter(document::Column::ModuleId.eq(module_id)).order_by_asc(document::Column::Id).all(db).await
}

pub async fn documents_of_session(db: &impl ConnectionTrait, session_id: i64) -> Result<Vec<document::Model>, DbErr> {
    document::Entity::find().filter(document::Column::SessionId.eq(session_id)).order_by_asc(document::Column::Id).all(db).await
}

pub async fn document_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<document::Model>, DbErr> {
    document::Entity::find_by_id(id).one(db).await
}

#[derive(Debug, Clone)]
pub struct NewDocument {
    pub module_id: Option<i64>,
    pub session_id: Option<i64>,
    pub original_name: String,
    pub stored_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<i64>,
}

pub async fn insert_document(db: &impl ConnectionTrait, new: NewDocument) -> Result<document::Model, DbErr> {
    document::ActiveModel {
        module_id: Set(new.module_id),
        session_id: Set(new.session_id),
        original_name: Set(new.original_name),
        stored_name: Set(new.stored_name),
        content_type: Set(new.content_type),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256),
        uploaded_by: Set(new.uploaded_by),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}
