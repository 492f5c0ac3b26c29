use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rubric_criteria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assessment_id: i64,
    pub position: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub version: i32,
    // Translations; French is the field without a suffix, required, and the fallback.
    #[sea_orm(column_type = "Text")]
    pub title_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
