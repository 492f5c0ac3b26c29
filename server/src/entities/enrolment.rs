use sea_orm::entity::prelude::*;
use shared::enums::{EnrolmentSource, EnrolmentStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    pub account_id: i64,
    pub source: EnrolmentSource,
    pub enrolled_by: Option<i64>,
    pub status: EnrolmentStatus,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
