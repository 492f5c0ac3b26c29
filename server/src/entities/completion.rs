use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "completions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub module_id: i64,
    pub cohort_id: i64,
    pub attempt_id: Option<i64>,
    pub recorded_by: Option<i64>,
    pub completed_at: DateTimeUtc,
    /// The attestation is still owed (cleared when it is issued).
    pub attestation_due: bool,
    /// Waits for a required evaluation's answer before its attestation is owed.
    pub held: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
