use sea_orm::entity::prelude::*;

/// One saved version of a programme's issuer identity; never updated.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "issuer_identities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub body_ar: Option<String>,
    pub signatory_name: String,
    pub signatory_name_ar: Option<String>,
    pub signatory_title: String,
    pub signatory_title_ar: Option<String>,
    pub place: Option<String>,
    pub place_ar: Option<String>,
    /// PNG images in file storage (an uploaded SVG is stored rasterised).
    pub signature_key: Option<String>,
    pub stamp_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
