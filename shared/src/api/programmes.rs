use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::api::LocalizedText;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProgrammeSummary {
    pub id: i64,
    pub code: String,
    pub title: LocalizedText,
    pub module_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FamilyView {
    pub code: String,
    pub title: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProgrammeDetail {
    pub id: i64,
    pub code: String,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub issuer: String,
    /// Attestations of this programme carry an Arabic version beside the French.
    pub bilingual_attestations: bool,
    pub families: Vec<FamilyView>,
    pub modules: Vec<ModuleView>,
    /// The trainers who author its modules beside the administrators (shown
    /// to staff only; empty for learners and partners).
    pub authors: Vec<crate::api::PersonRef>,
}

/// Names the authors of a programme (trainers), replacing the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PutAuthorsRequest {
    #[validate(length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub account_ids: Vec<i64>,
}

/// A set of prerequisite modules of which `min_required` must be completed;
/// `None` means all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[validate(schema(function = "group_is_satisfiable"))]
pub struct PrerequisiteGroup {
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "server", schema(min_items = 1, max_items = 100))]
    pub modules: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_required: Option<u32>,
}

fn group_is_satisfiable(group: &PrerequisiteGroup) -> Result<(), ValidationError> {
    match group.min_required {
        Some(0) => Err(ValidationError::new("min_required_zero")),
        Some(n) if crate::num::index(n) > group.modules.len() => Err(ValidationError::new("min_required_too_large")),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ModuleView {
    pub id: i64,
    pub programme_id: i64,
    pub code: String,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub family: Option<String>,
    pub hours: u32,
    pub position: u32,
    /// Learners see published modules only (and archived ones they began).
    pub status: crate::enums::ModuleStatus,
    /// The pass mark of the module's assessment (where it lives); none until
    /// the module has one.
    pub pass_mark: Option<u32>,
    pub prerequisites: Vec<PrerequisiteGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateProgrammeRequest {
    #[validate(custom(function = "crate::validation::code_format"))]
    #[cfg_attr(feature = "server", schema(pattern = r"^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[validate(nested)]
    pub title: LocalizedText,
    #[serde(default)]
    #[validate(nested)]
    pub summary: Option<LocalizedText>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub issuer: Option<String>,
    #[serde(default)]
    pub bilingual_attestations: bool,
}

/// A partial update of a programme: absent fields are left as they are.
/// The code stays: attestations and curriculum files name it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatchProgrammeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub title: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub summary: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bilingual_attestations: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateModuleRequest {
    #[validate(custom(function = "crate::validation::code_format"))]
    #[cfg_attr(feature = "server", schema(pattern = r"^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[validate(nested)]
    pub title: LocalizedText,
    #[serde(default)]
    #[validate(nested)]
    pub summary: Option<LocalizedText>,
    #[serde(default)]
    #[validate(length(max = 32))]
    #[cfg_attr(feature = "server", schema(max_length = 32))]
    pub family: Option<String>,
    #[validate(range(min = 1, max = 1000))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 1000))]
    pub hours: u32,
    #[serde(default)]
    pub position: Option<u32>,
}

/// A partial update: absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatchModuleRequest {
    #[serde(default)]
    #[validate(nested)]
    pub title: Option<LocalizedText>,
    #[serde(default)]
    #[validate(nested)]
    pub summary: Option<LocalizedText>,
    #[serde(default)]
    #[validate(length(max = 32))]
    #[cfg_attr(feature = "server", schema(max_length = 32))]
    pub family: Option<String>,
    #[serde(default)]
    #[validate(range(min = 1, max = 1000))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 1000))]
    pub hours: Option<u32>,
    /// The pass mark of the module's assessment.
    #[serde(default)]
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100))]
    pub pass_mark: Option<u32>,
    #[serde(default)]
    pub position: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PutPrerequisitesRequest {
    #[validate(nested, length(max = 20))]
    #[cfg_attr(feature = "server", schema(max_items = 20))]
    pub groups: Vec<PrerequisiteGroup>,
}
