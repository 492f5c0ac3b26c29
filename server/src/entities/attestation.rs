use sea_orm::entity::prelude::*;
use shared::enums::{AttestationKind, AttestationStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "attestations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub kind: AttestationKind,
    pub account_id: i64,
    pub programme_id: i64,
    pub module_id: Option<i64>,
    pub cohort_id: i64,
    pub completion_id: Option<i64>,
    pub programme_completion_id: Option<i64>,
    pub holder_name: String,
    pub holder_name_ar: Option<String>,
    pub title_fr: String,
    pub title_ar: Option<String>,
    pub cohort_name: String,
    pub region: String,
    pub hours: i32,
    pub attended_hours: Option<i32>,
    pub issued_on: Date,
    pub issuer: String,
    pub bilingual: bool,
    pub status: AttestationStatus,
    pub revoked_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub revoked_reason: Option<String>,
    pub revoked_by: Option<i64>,
    /// What the public may read of a revocation (the reason stays internal).
    #[sea_orm(column_type = "Text")]
    pub revoked_note: Option<String>,
    pub supersedes_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub claim: String,
    pub signature: String,
    /// The PDF's key in file storage (not a path on one machine).
    pub pdf_key: Option<String>,
    pub pdf_sha256: Option<String>,
    pub created_at: DateTimeUtc,
    /// The issuer key that signed the claim (see `issuer_keys`).
    pub key_id: Option<String>,
    /// The issuer identity (signatory, place, images) it was issued under;
    /// none before identities were set in the browser (the server's settings).
    pub issuer_identity_id: Option<i64>,
    /// The logo of the partner that enrolled the holder, as it was at issuance.
    pub partner_logo_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
