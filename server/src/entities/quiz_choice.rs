use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_choices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub question_id: i64,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub label: String,
    pub correct: bool,
    #[sea_orm(column_type = "Text")]
    pub feedback: Option<String>,
    // Translations; French is the field without a suffix, required, and the fallback.
    #[sea_orm(column_type = "Text")]
    pub label_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub label_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub feedback_ar: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub feedback_en: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
