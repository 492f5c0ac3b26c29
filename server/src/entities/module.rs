use sea_orm::entity::prelude::*;
use shared::enums::ModuleStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "modules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub code: String,
    pub family_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub title_fr: String,
    #[sea_orm(column_type = "Text")]
    pub title_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub summary_fr: String,
    #[sea_orm(column_type = "Text")]
    pub summary_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub summary_en: Option<String>,
    pub hours: i32,
    pub position: i32,
    pub status: ModuleStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
