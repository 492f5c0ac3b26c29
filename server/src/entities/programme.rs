use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
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
    pub issuer: String,
    pub bilingual_attestations: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Bumped by every change to the programme's structure: processes cache it by version.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
