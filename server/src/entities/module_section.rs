use sea_orm::entity::prelude::*;
use shared::enums::SectionKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "module_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module_id: i64,
    pub position: i32,
    pub kind: SectionKind,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body_markdown: Option<String>,
    pub url: Option<String>,
    pub document_id: Option<i64>,
    // Translations; French is the field without a suffix, required, and the fallback.
    #[sea_orm(column_type = "Text")]
    pub title_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body_markdown_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body_markdown_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
