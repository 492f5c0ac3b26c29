use sea_orm::entity::prelude::*;
use shared::enums::AssessmentKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module_id: i64,
    pub kind: AssessmentKind,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub instructions: Option<String>,
    pub pass_mark: i32,
    pub max_attempts: Option<i32>,
    pub accepts_file: bool,
    /// Raised by every change; attempts record the version they answered.
    pub version: i32,
    pub shuffle: bool,
    /// Extensions an assignment accepts, comma-separated; none: any document.
    pub accepted_types: Option<String>,
    pub created_at: DateTimeUtc,
    // Translations; French is the field without a suffix, required, and the fallback.
    #[sea_orm(column_type = "Text")]
    pub title_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub instructions_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub instructions_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
