use sea_orm::entity::prelude::*;
use shared::enums::QuestionKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assessment_id: i64,
    pub position: i32,
    pub kind: QuestionKind,
    #[sea_orm(column_type = "Text")]
    pub prompt: String,
    pub points: i32,
    pub version: i32,
    // Translations; French is the field without a suffix, required, and the fallback.
    #[sea_orm(column_type = "Text")]
    pub prompt_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub prompt_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
