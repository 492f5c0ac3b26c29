use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::enums::{Category, Disability, OrganisationKind, Role, Sex};
use crate::lang::Lang;

/// An administrator creating an account (an invitation is mailed when no
/// password is given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateAccountRequest {
    #[validate(custom(function = "crate::validation::email"))]
    #[cfg_attr(feature = "server", schema(min_length = 3, max_length = 254, pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"))]
    pub email: String,
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub full_name: String,
    pub role: Role,
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub position: Option<String>,
    #[serde(default)]
    pub language: Option<Lang>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::password_strength"))]
    #[cfg_attr(feature = "server", schema(min_length = 10, max_length = 256))]
    pub password: Option<String>,
}

/// An administrator correcting an account: a misspelt name (before reissuing
/// an attestation), a position, or closing the account. Absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct UpdateAccountRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub full_name: Option<String>,
    /// The name in Arabic script, printed on bilingual attestations; empty clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub full_name_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// False closes the account: its sessions end and it can no longer sign in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    #[serde(default)]
    pub full_name_ar: Option<String>,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub category: Option<Category>,
    pub position: Option<String>,
    pub active: bool,
    /// False while an invited person has not yet chosen a password.
    pub has_password: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct AccountFilter {
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// Matches name or e-mail.
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", param(max_length = 200))]
    pub q: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateOrganisationRequest {
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub name: String,
    pub kind: OrganisationKind,
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    #[serde(default)]
    pub region: Option<String>,
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    #[serde(default)]
    pub commune: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OrganisationView {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub region: Option<String>,
    pub commune: Option<String>,
    /// The logo printed on the attestations of the people it enrolled
    /// (administrators read it back here).
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// A person's profile. Sex, year of birth, disability and where they live are
/// seen only by the person, administrators and — for their own people —
/// partner managers; never on a public page or an attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProfileView {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub full_name_ar: Option<String>,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    /// The person's own; `organisation_region` applies when it is empty.
    pub region: Option<String>,
    pub commune: Option<String>,
    pub organisation_region: Option<String>,
    pub organisation_commune: Option<String>,
    pub disability: Disability,
    pub language: Lang,
    pub category: Option<Category>,
    pub organisation_name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    /// False while an invited person has not yet chosen a password: their
    /// invitation may be sent again.
    pub has_password: bool,
}

/// A whole profile as its form sends it; an empty text clears a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProfileInput {
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub full_name: String,
    /// The name in Arabic script, printed on bilingual attestations.
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub full_name_ar: Option<String>,
    #[serde(default)]
    pub sex: Sex,
    /// Between 100 and 10 years before this year.
    #[serde(default)]
    #[validate(range(min = 1900, max = 2100))]
    #[cfg_attr(feature = "server", schema(minimum = 1900, maximum = 2100))]
    pub birth_year: Option<i32>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    pub region: Option<String>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    pub commune: Option<String>,
    #[serde(default)]
    pub disability: Disability,
    pub language: Lang,
    /// Absent leaves the category as it is.
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub position: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::phone"))]
    #[cfg_attr(feature = "server", schema(pattern = r"^\s*\+?[0-9 .()/-]*$"))]
    pub phone: Option<String>,
}
