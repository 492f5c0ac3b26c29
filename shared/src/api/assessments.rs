use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api::PersonRef;
use crate::enums::{AssessmentKind, AttemptStatus, QuestionKind};

/// A quiz choice as the learner sees it: never whether it is correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChoiceView {
    pub id: i64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionView {
    pub id: i64,
    pub kind: QuestionKind,
    pub prompt: String,
    pub points: u32,
    pub choices: Vec<ChoiceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LevelView {
    pub id: i64,
    pub title: String,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CriterionView {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub levels: Vec<LevelView>,
}

/// A grade as the learner (and the trainer) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct GradeView {
    pub score: u32,
    pub passed: bool,
    pub feedback: Option<String>,
    pub allow_resubmission: bool,
    pub grader: Option<String>,
    pub graded_at: DateTime<Utc>,
    /// The level chosen for each criterion (assignments).
    pub levels: Vec<RubricChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttemptView {
    pub id: i64,
    pub number: u32,
    pub status: AttemptStatus,
    pub submitted_at: DateTime<Utc>,
    pub score: Option<u32>,
    pub passed: Option<bool>,
    pub text: Option<String>,
    pub file_name: Option<String>,
    pub file_url: Option<String>,
    pub grade: Option<GradeView>,
    /// For a quiz, once submitted: which questions were answered right.
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question_id: i64,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AssessmentView {
    pub id: i64,
    pub module_id: i64,
    pub kind: AssessmentKind,
    pub title: String,
    pub instructions: Option<String>,
    pub pass_mark: u32,
    pub max_attempts: Option<u32>,
    pub accepts_file: bool,
    pub questions: Vec<QuestionView>,
    pub rubric: Vec<CriterionView>,
    pub attempts: Vec<AttemptView>,
    /// Whether the learner may submit now, and if not, why (a problem code).
    pub can_submit: bool,
    pub blocked_by: Option<crate::problem::ErrorCode>,
    pub completed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuizAnswer {
    pub question_id: i64,
    #[validate(length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub choice_ids: Vec<i64>,
}

/// A quiz attempt (`answers`) or an assignment submission (`text`; a file is
/// sent as multipart/form-data instead).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttemptRequest {
    #[serde(default)]
    #[validate(nested, length(max = 500))]
    #[cfg_attr(feature = "server", schema(max_items = 500))]
    pub answers: Vec<QuizAnswer>,
    #[serde(default)]
    #[validate(length(max = 50_000))]
    #[cfg_attr(feature = "server", schema(max_length = 50000))]
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RubricChoice {
    pub criterion_id: i64,
    pub level_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct GradeRequest {
    #[validate(length(min = 1, max = 50, code = "every_criterion"))]
    #[cfg_attr(feature = "server", schema(min_items = 1, max_items = 50))]
    pub levels: Vec<RubricChoice>,
    #[serde(default)]
    #[validate(length(max = 20_000))]
    #[cfg_attr(feature = "server", schema(max_length = 20000))]
    pub feedback: Option<String>,
    #[serde(default)]
    pub allow_resubmission: bool,
}

/// One submission waiting in a trainer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SubmissionView {
    pub id: i64,
    pub learner: PersonRef,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub module_id: i64,
    pub module_code: String,
    pub module_title: String,
    pub assessment_id: i64,
    pub number: u32,
    pub submitted_at: DateTime<Utc>,
    pub status: AttemptStatus,
    pub text: Option<String>,
    pub file_name: Option<String>,
    pub file_url: Option<String>,
    pub rubric: Vec<CriterionView>,
    pub pass_mark: u32,
    pub grade: Option<GradeView>,
}
