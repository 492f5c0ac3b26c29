use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

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
    /// French stands in for a missing translation of the prompt or a choice.
    #[serde(default)]
    pub untranslated: bool,
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
    /// French stands in for a missing translation of the criterion or a level.
    #[serde(default)]
    pub untranslated: bool,
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
    /// What the author wrote for the choices this learner picked.
    #[serde(default)]
    pub feedback: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AssessmentView {
    pub id: i64,
    pub module_id: i64,
    pub kind: AssessmentKind,
    pub title: String,
    pub instructions: Option<String>,
    /// French stands in for a missing translation of the title or instructions.
    #[serde(default)]
    pub untranslated: bool,
    pub pass_mark: u32,
    pub max_attempts: Option<u32>,
    pub accepts_file: bool,
    /// The kinds of file accepted, by extension; empty: any document.
    pub accepted_types: Vec<String>,
    pub questions: Vec<QuestionView>,
    pub rubric: Vec<CriterionView>,
    pub attempts: Vec<AttemptView>,
    /// Whether the learner may submit now, and if not, why (a problem code).
    pub can_submit: bool,
    pub blocked_by: Option<crate::problem::ErrorCode>,
    pub completed: bool,
    /// Once completed: the module to open next (the first one open to the
    /// learner and not done), if any.
    pub next_module: Option<crate::api::progress::ModuleRef>,
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

// ---- authoring --------------------------------------------------------------

/// An assessment as its authors write it, in the API and in curriculum files
/// alike (a file puts `pass_mark` on the module). Learners never read this:
/// it carries the correct answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentDefinition {
    pub kind: AssessmentKind,
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    /// Arabic and English versions of the title and instructions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20_000))]
    #[cfg_attr(feature = "server", schema(max_length = 20000))]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20_000))]
    #[cfg_attr(feature = "server", schema(max_length = 20000))]
    pub instructions_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20_000))]
    #[cfg_attr(feature = "server", schema(max_length = 20000))]
    pub instructions_en: Option<String>,
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100))]
    pub pass_mark: u32,
    /// None: as many attempts as the learner needs. For an assignment, 1
    /// means no resubmission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100))]
    pub max_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub accepts_file: bool,
    /// The kinds of file an assignment accepts, by extension (`pdf`, `docx`…);
    /// empty: any document Cursus takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(length(max = 16), custom(function = "crate::validation::document_types"))]
    #[cfg_attr(feature = "server", schema(max_items = 16))]
    pub accepted_types: Vec<String>,
    /// Each learner sees the questions and choices in their own order.
    #[serde(default, skip_serializing_if = "is_false")]
    pub shuffle: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested, length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_items = 200))]
    pub questions: Vec<QuestionDefinition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested, length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub rubric: Vec<CriterionDefinition>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn one_point() -> u32 {
    1
}

fn is_one(value: &u32) -> bool {
    *value == 1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "single_has_one_correct", skip_on_field_errors = false))]
pub struct QuestionDefinition {
    #[validate(length(min = 1, max = 5000), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 5000, pattern = r"\S"))]
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 5_000))]
    #[cfg_attr(feature = "server", schema(max_length = 5000))]
    pub prompt_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 5_000))]
    #[cfg_attr(feature = "server", schema(max_length = 5000))]
    pub prompt_en: Option<String>,
    #[serde(default = "one_point", skip_serializing_if = "is_one")]
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100))]
    pub points: u32,
    /// Several answers expected ("tick all that apply"). Absent, a question
    /// with several correct choices is multiple.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple: Option<bool>,
    #[validate(nested, length(max = 20))]
    #[cfg_attr(feature = "server", schema(max_items = 20))]
    pub choices: Vec<ChoiceDefinition>,
}

impl QuestionDefinition {
    pub fn is_multiple(&self) -> bool {
        self.multiple.unwrap_or_else(|| self.choices.iter().filter(|c| c.correct).count() > 1)
    }
}

fn single_has_one_correct(question: &QuestionDefinition) -> Result<(), ValidationError> {
    if question.multiple == Some(false) && question.choices.iter().filter(|c| c.correct).count() > 1 {
        return Err(crate::validation::on_field("single_with_several_correct", "choices"));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceDefinition {
    #[validate(length(min = 1, max = 1000), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 1000, pattern = r"\S"))]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 1_000))]
    #[cfg_attr(feature = "server", schema(max_length = 1000))]
    pub label_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 1_000))]
    #[cfg_attr(feature = "server", schema(max_length = 1000))]
    pub label_en: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub correct: bool,
    /// Shown to the learner who chose it, after the attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub feedback: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2_000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub feedback_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2_000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub feedback_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriterionDefinition {
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2_000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub description_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2_000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub description_en: Option<String>,
    #[validate(nested, length(max = 10))]
    #[cfg_attr(feature = "server", schema(max_items = 10))]
    pub levels: Vec<LevelDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelDefinition {
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_en: Option<String>,
    #[validate(range(max = 1000))]
    #[cfg_attr(feature = "server", schema(maximum = 1000))]
    pub points: u32,
}

/// What an author reads back: the current definition, its version, and how
/// many attempts answered earlier versions (those keep their questions and
/// grades).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AssessmentAuthoring {
    pub module_id: i64,
    pub version: u32,
    pub attempts: u64,
    pub definition: AssessmentDefinition,
}
