use sea_orm::entity::prelude::*;
use shared::Lang;
use shared::enums::{Category, Disability, Role, Sex};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub full_name_ar: Option<String>,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub category: Option<Category>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub language: Lang,
    pub password_hash: Option<String>,
    pub active: bool,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub region: Option<String>,
    pub commune: Option<String>,
    pub disability: Disability,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
