use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "grades")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub attempt_id: i64,
    pub grader_id: Option<i64>,
    pub score_percent: i32,
    #[sea_orm(column_type = "Text")]
    pub feedback: Option<String>,
    pub rubric: Option<Json>,
    pub allow_resubmission: bool,
    pub graded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
