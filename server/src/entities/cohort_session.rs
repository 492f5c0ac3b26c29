use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cohort_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    pub module_id: Option<i64>,
    pub title: String,
    pub starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub location: Option<String>,
    /// What the session's rotating check-in codes are derived from; made on first use.
    pub checkin_secret: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
