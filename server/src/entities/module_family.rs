use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "module_families")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub title_fr: String,
    #[sea_orm(column_type = "Text")]
    pub title_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub title_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
