use sea_orm::entity::prelude::*;
use shared::enums::AttendanceBasis;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cohorts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub name: String,
    pub region: String,
    pub learning_hub: Option<String>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub capacity: i32,
    pub self_enrolment_open: bool,
    pub min_attendance_percent: Option<i32>,
    pub attendance_basis: AttendanceBasis,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
