use sea_orm::entity::prelude::*;
use shared::enums::EvaluationPhase;

/// What was answered; by whom only when the evaluation is not anonymous.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub evaluation_id: i64,
    pub cohort_id: i64,
    pub account_id: Option<i64>,
    pub phase: EvaluationPhase,
    pub version: i32,
    /// `domain::evaluation::Answers`, as JSON.
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub score_percent: Option<i32>,
    pub submitted_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
