//! In-person sessions (ateliers), their attendance, QR check-in and calendars.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api::content::DocumentView;
use crate::enums::AttendanceStatus;

/// A session as its trainer plans it; also the body that edits one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SessionInput {
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    /// The module the session teaches: its attendance then counts toward that
    /// module's completion and the hours on its attestation.
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
    /// Learners present or late.
    pub present: u32,
    /// Learners whose attendance is recorded, whatever it is.
    pub recorded: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceRecord {
    pub account_id: i64,
    pub status: AttendanceStatus,
}

/// Attendance to record. `others`, when given, is the status of every enrolled
/// learner not listed in `records` ("all present, then the exceptions").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    #[validate(length(max = 5000))]
    #[cfg_attr(feature = "server", schema(max_items = 5000))]
    pub records: Vec<AttendanceRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others: Option<AttendanceStatus>,
}

/// The attendance sheet of a session: every enrolled learner, recorded or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceSheet {
    pub session: SessionView,
    pub learners: Vec<AttendanceLine>,
    /// Photos (or scans) of the signed sign-in sheet, oldest first.
    pub scans: Vec<DocumentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceLine {
    pub account_id: i64,
    pub full_name: String,
    /// `None`: not recorded yet.
    pub status: Option<AttendanceStatus>,
    /// The learner checked in by scanning the session's QR code.
    pub by_self: bool,
}

/// The code a trainer shows for learners to check in, and the address its QR
/// code opens. A code is valid for its own 30-second window and the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CheckInCode {
    pub code: String,
    pub url: String,
    /// The QR code of `url`, as an SVG document to show full screen.
    pub svg: String,
    /// When the trainer's screen should ask for the next code.
    pub refresh_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CheckInRequest {
    #[validate(length(min = 1, max = 32))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 32))]
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CheckInReceipt {
    pub session_id: i64,
    pub title: String,
    pub status: AttendanceStatus,
}

/// A session on a learner's (or trainer's) own calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CalendarEntry {
    pub session_id: i64,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub title: String,
    pub module_title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub location: Option<String>,
    /// The learner's own attendance, once recorded (always `None` for a trainer).
    pub status: Option<AttendanceStatus>,
}

/// The address a phone calendar subscribes to. Shown once: asking again
/// makes a new one and the old one stops working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    pub url: String,
    pub webcal_url: String,
}
