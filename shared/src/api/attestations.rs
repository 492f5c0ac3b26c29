use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::enums::{AttestationKind, AttestationStatus, VerificationStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttestationView {
    pub id: i64,
    pub code: String,
    pub kind: AttestationKind,
    pub status: AttestationStatus,
    pub account_id: i64,
    pub holder: String,
    /// The training's title as printed (French).
    pub title: String,
    /// Its Arabic title when the attestation has one: what an Arabic screen shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ar: Option<String>,
    pub module_id: Option<i64>,
    pub programme_id: i64,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub region: String,
    pub hours: u32,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The internal reason of a revocation: administrators only (`None` for others).
    pub revocation_reason: Option<String>,
    /// What anyone checking the code reads of the revocation, if anything.
    pub revocation_note: Option<String>,
    /// Until when an administrator may still undo the revocation (`None` when
    /// it is not revoked, the period is over, or it was reissued).
    pub undo_until: Option<DateTime<Utc>>,
    /// For administrators: how many days a revocation may be undone.
    pub undo_period_days: Option<u32>,
    /// The attestation this one replaced, and the one that replaced it.
    pub supersedes: Option<String>,
    pub superseded_by: Option<String>,
    /// `None` while the PDF is being made.
    pub pdf_url: Option<String>,
    pub verify_url: String,
    /// The Open Badges 3.0 credential (JSON, an enveloped VC-JWT).
    pub open_badge_url: String,
    /// The badge image with the credential baked in.
    pub open_badge_png_url: String,
    /// LinkedIn's "add a certification" form, filled in; only while valid.
    pub linkedin_url: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct AttestationFilter {
    #[serde(default)]
    pub cohort: Option<i64>,
    #[serde(default)]
    pub module: Option<i64>,
    #[serde(default)]
    pub status: Option<AttestationStatus>,
}

/// What the public verification answers (`GET /api/v1/verify/{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct VerifyView {
    pub status: VerificationStatus,
    pub code: Option<String>,
    pub kind: Option<AttestationKind>,
    pub holder: Option<String>,
    pub title: Option<String>,
    pub programme: Option<String>,
    pub cohort: Option<String>,
    pub region: Option<String>,
    pub hours: Option<u32>,
    pub issued_on: Option<NaiveDate>,
    pub issuer: Option<String>,
    /// Who signed it ("name, title"), as the signed claim states.
    #[serde(default)]
    pub signatory: Option<String>,
    pub revoked_on: Option<NaiveDate>,
    /// The note the issuer chose to publish with a revocation (its internal
    /// reason is never shown).
    pub revocation_note: Option<String>,
    /// The code of the attestation that replaces this one (after a reissue,
    /// whether this one was superseded or revoked).
    pub superseded_by: Option<String>,
    /// The signed claim (JSON) and its Ed25519 signature (base64url), checkable
    /// with the key at `/.well-known/cursus-issuer.json`.
    pub claim: Option<String>,
    pub signature: Option<String>,
    /// The id of the issuer key that signed the claim (listed at
    /// `/.well-known/cursus-issuer.json`).
    pub key_id: Option<String>,
}

/// The issuer's public keys: the one signing now and every earlier one, so
/// that any attestation's signature can be checked, whenever it was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssuerKeySet {
    pub issuer: String,
    pub algorithm: String,
    /// The key signing new attestations.
    pub key_id: String,
    pub public_key: String,
    pub keys: Vec<PublishedKey>,
    pub signed_message: String,
    pub signature_encoding: String,
    pub qr_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PublishedKey {
    pub key_id: String,
    pub algorithm: String,
    /// The raw 32-byte Ed25519 public key, base64url without padding.
    pub public_key: String,
    pub public_key_pem: String,
    pub current: bool,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

/// Revoking: a reason kept for the record and administrators, and an
/// optional note published to whoever checks the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    #[validate(length(min = 1, max = 1000), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 1000, pattern = r"\S"))]
    pub reason: String,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "server", schema(max_length = 500))]
    pub public_note: Option<String>,
}

/// Whether an uploaded PDF is, byte for byte, one that was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PdfCheck {
    pub genuine: bool,
    pub attestation: Option<VerifyView>,
}

/// Issuing in bulk the attestations a cohort's completions are owed (normally
/// done automatically); `dry_run` only lists who would receive one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssueRequest {
    pub cohort_id: i64,
    #[serde(default)]
    pub module_id: Option<i64>,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssueCandidate {
    pub account_id: i64,
    pub full_name: String,
    pub email: String,
    pub module_code: Option<String>,
    pub title: String,
    pub completed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssueReport {
    pub dry_run: bool,
    /// Completions owed an attestation (all of them in a dry run).
    pub candidates: Vec<IssueCandidate>,
    /// Completions that already have one.
    pub already_issued: u64,
    pub issued: u64,
}
