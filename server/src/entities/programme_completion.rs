use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_completions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub programme_id: i64,
    pub cohort_id: i64,
    pub completed_at: DateTimeUtc,
    /// The certificate is still owed (cleared when it is issued).
    pub attestation_due: bool,
    /// Waits for a required evaluation's answer before its attestation is owed.
    pub held: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
