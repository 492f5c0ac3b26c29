use sea_orm::entity::prelude::*;
use shared::enums::EvaluationKind;

/// A knowledge test or a satisfaction questionnaire of a programme, or of
/// one of its modules.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub module_id: Option<i64>,
    pub kind: EvaluationKind,
    pub required: bool,
    pub anonymous: bool,
    /// `shared::api::evaluations::EvaluationDefinition`, as JSON.
    #[sea_orm(column_type = "Text")]
    pub definition: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
