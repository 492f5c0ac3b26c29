use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::LocalizedText;
use crate::enums::ModuleState;

/// A prerequisite group not yet satisfied: `needed` more of `missing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MissingPrerequisite {
    pub needed: u32,
    pub missing: Vec<ModuleRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ModuleRef {
    pub id: i64,
    pub code: String,
    pub title: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ModuleProgress {
    pub module: ModuleRef,
    pub family: Option<String>,
    pub hours: u32,
    pub state: ModuleState,
    /// Why a locked module is locked.
    pub missing: Vec<MissingPrerequisite>,
    pub attempts_used: u32,
    pub max_attempts: Option<u32>,
    pub best_score: Option<u32>,
    /// The pass mark of the module's assessment; none when it has none.
    pub pass_mark: Option<u32>,
    /// An assignment is waiting for its grade.
    pub awaiting_grade: bool,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProgressView {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub programme_id: i64,
    pub programme_title: LocalizedText,
    /// The families that `ModuleProgress::family` names, with their titles:
    /// the map needs nothing else (one request on a slow link).
    pub families: Vec<crate::api::programmes::FamilyView>,
    pub modules: Vec<ModuleProgress>,
    pub completed: u32,
    pub programme_completed: bool,
}

/// One learner's row of a cohort's progress table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LearnerProgressRow {
    pub account_id: i64,
    pub full_name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    /// One state per module, in the order of `CohortProgress::modules`.
    pub states: Vec<ModuleState>,
    pub completed: u32,
    pub attendance_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CohortProgress {
    pub cohort_id: i64,
    pub modules: Vec<ModuleRef>,
    pub learners: Vec<LearnerProgressRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
