use sea_orm::entity::prelude::*;
use shared::enums::AttemptStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assessment_id: i64,
    pub account_id: i64,
    pub cohort_id: i64,
    pub number: i32,
    pub assessment_version: i32,
    pub status: AttemptStatus,
    pub answers: Option<Json>,
    #[sea_orm(column_type = "Text")]
    pub text_answer: Option<String>,
    pub document_id: Option<i64>,
    pub score_percent: Option<i32>,
    pub passed: Option<bool>,
    pub submitted_at: DateTimeUtc,
    /// The key the learner's device gave this submission (`Idempotency-Key`).
    pub client_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
