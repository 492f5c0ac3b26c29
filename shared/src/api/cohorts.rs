use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::api::PersonRef;
use crate::enums::AttendanceBasis;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CohortView {
    pub id: i64,
    pub programme_id: i64,
    pub programme_code: String,
    pub name: String,
    pub region: String,
    pub learning_hub: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: u32,
    pub enrolled: u64,
    pub self_enrolment_open: bool,
    /// Share of in-person sessions a learner must attend to complete a module;
    /// `None` when attendance is not required.
    pub min_attendance_percent: Option<u32>,
    /// What that share counts: sessions attended, or hours attended.
    pub attendance_basis: AttendanceBasis,
    pub trainers: Vec<PersonRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[validate(schema(function = "dates_in_order", skip_on_field_errors = false))]
pub struct CreateCohortRequest {
    pub programme_id: i64,
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub name: String,
    #[validate(length(min = 1, max = 100), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub region: String,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub learning_hub: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[validate(range(min = 1, max = 100_000))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100000))]
    pub capacity: u32,
    #[serde(default)]
    pub self_enrolment_open: bool,
    #[serde(default)]
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100))]
    pub min_attendance_percent: Option<u32>,
    #[serde(default)]
    pub attendance_basis: AttendanceBasis,
    #[serde(default)]
    #[validate(length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub trainer_ids: Vec<i64>,
}

fn dates_in_order(request: &CreateCohortRequest) -> Result<(), ValidationError> {
    if request.ends_on < request.starts_on { Err(crate::validation::on_field("ends_before_start", "ends_on")) } else { Ok(()) }
}

/// A partial update of a cohort: absent fields are left as they are.
/// `trainer_ids`, when given, replaces the cohort's trainers;
/// `min_attendance_percent: 0` stops requiring attendance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct UpdateCohortRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub learning_hub: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 100_000))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100000))]
    pub capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_enrolment_open: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(max = 100))]
    #[cfg_attr(feature = "server", schema(maximum = 100))]
    pub min_attendance_percent: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance_basis: Option<AttendanceBasis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub trainer_ids: Option<Vec<i64>>,
}

/// A cohort as the catalogue shows it to a learner: where, when, how many
/// places are left, and whether they can join it (and if not, why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CatalogueEntry {
    pub cohort_id: i64,
    pub programme_id: i64,
    pub programme_code: String,
    pub programme_title: crate::api::LocalizedText,
    pub name: String,
    pub region: String,
    pub learning_hub: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub places_left: u64,
    pub availability: crate::enums::Availability,
}
