//! A programme's issuer identity, set in the browser: who issues its
//! attestations, who signs them, where, with which signature and stamp.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// An image uploaded for a programme's identity (stored as PNG; an SVG is
/// rasterised on upload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssuerImage {
    /// What a save or a preview names the image by.
    pub id: String,
    /// Where the signed-in staff read it back.
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// The identity printed on a programme's attestations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssuerIdentityView {
    pub programme_id: i64,
    /// The issuing body in French (the programme's `issuer`).
    pub body: String,
    pub body_ar: Option<String>,
    pub signatory_name: String,
    pub signatory_name_ar: Option<String>,
    pub signatory_title: String,
    pub signatory_title_ar: Option<String>,
    /// The place of issue ("Fait à …").
    pub place: Option<String>,
    pub place_ar: Option<String>,
    pub signature: Option<IssuerImage>,
    pub stamp: Option<IssuerImage>,
    /// When it was last saved; none while the server's defaults apply.
    pub saved_at: Option<DateTime<Utc>>,
}

/// A whole identity, for a preview or a save. Each line must fit on the
/// printed page (a clear per-field error otherwise). `signature` and `stamp`
/// name images uploaded for this programme; absent means none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssuerIdentityInput {
    #[validate(length(min = 1, max = 120), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub body: String,
    #[serde(default)]
    #[validate(length(max = 120), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(max_length = 120))]
    pub body_ar: Option<String>,
    #[validate(length(min = 1, max = 80), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 80, pattern = r"\S"))]
    pub signatory_name: String,
    #[serde(default)]
    #[validate(length(max = 80), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(max_length = 80))]
    pub signatory_name_ar: Option<String>,
    #[validate(length(min = 1, max = 120), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub signatory_title: String,
    #[serde(default)]
    #[validate(length(max = 120), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(max_length = 120))]
    pub signatory_title_ar: Option<String>,
    #[serde(default)]
    #[validate(length(max = 60), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(max_length = 60))]
    pub place: Option<String>,
    #[serde(default)]
    #[validate(length(max = 60), custom(function = "crate::validation::one_line"))]
    #[cfg_attr(feature = "server", schema(max_length = 60))]
    pub place_ar: Option<String>,
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "server", schema(max_length = 64))]
    pub signature: Option<String>,
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "server", schema(max_length = 64))]
    pub stamp: Option<String>,
}
