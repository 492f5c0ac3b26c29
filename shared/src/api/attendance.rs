use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SessionInput {
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    #[serde(default)]
    pub module_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    #[validate(range(min = 15, max = 1440))]
    #[cfg_attr(feature = "server", schema(minimum = 15, maximum = 1440))]
    pub duration_minutes: u32,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: i64,
    pub cohort_id: i64,
    pub module_id: Option<i64>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub location: Option<String>,
    pub present: u32,
    pub recorded: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceRecord {
    pub account_id: i64,
    pub present: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    #[validate(length(max = 5000))]
    #[cfg_attr(feature = "server", schema(max_items = 5000))]
    pub records: Vec<AttendanceRecord>,
}

/// The attendance sheet of a session: every enrolled learner, present or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceSheet {
    pub session: SessionView,
    pub learners: Vec<AttendanceLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceLine {
    pub account_id: i64,
    pub full_name: String,
    pub present: Option<bool>,
}
