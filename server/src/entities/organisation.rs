use sea_orm::entity::prelude::*;
use shared::enums::OrganisationKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub region: Option<String>,
    pub commune: Option<String>,
    pub created_at: DateTimeUtc,
    /// A PNG in file storage, printed on the attestations of the people it enrolled.
    pub logo_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
