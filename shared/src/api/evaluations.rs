//! Training evaluation: a knowledge test taken before and after a module or
//! a programme (the gain is what was learned), and an end-of-training
//! satisfaction questionnaire. An evaluation's questions travel as one
//! [`EvaluationDefinition`], written in the browser or in a curriculum file.
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api::assessments::{QuestionDefinition, QuestionView, QuizAnswer};
use crate::enums::{Dimension, EvaluationKind, EvaluationPhase, ItemKind};

fn is_false(value: &bool) -> bool {
    !*value
}

/// An evaluation's questions and rules, read and replaced whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvaluationDefinition {
    pub kind: EvaluationKind,
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
    /// The attestation (of the module, or the programme's certificate) waits
    /// until the questionnaire, or the knowledge test after the training, is answered.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Answers are kept without the account, with only the cohort
    /// (questionnaires only: a knowledge gain needs both of one person's tests).
    #[serde(default, skip_serializing_if = "is_false")]
    pub anonymous: bool,
    /// A questionnaire's items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested, length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub items: Vec<ItemDefinition>,
    /// A knowledge test's questions, taken before and, unless a parallel
    /// set follows, after the training.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested, length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_items = 100))]
    pub questions: Vec<QuestionDefinition>,
    /// A parallel set for the test after the training; empty: the same questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested, length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_items = 100))]
    pub questions_after: Vec<QuestionDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemDefinition {
    pub kind: ItemKind,
    #[validate(length(min = 1, max = 2000), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 2000, pattern = r"\S"))]
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub prompt_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub prompt_en: Option<String>,
    /// The labels of a choice item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested, length(max = 20))]
    #[cfg_attr(feature = "server", schema(max_items = 20))]
    pub choices: Vec<LabelDefinition>,
    /// May be left unanswered (free text usually is).
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LabelDefinition {
    #[validate(length(min = 1, max = 500), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 500, pattern = r"\S"))]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "server", schema(max_length = 500))]
    pub label_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "server", schema(max_length = 500))]
    pub label_en: Option<String>,
}

/// A new evaluation of a programme (no module) or of one of its modules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NewEvaluation {
    #[serde(default)]
    pub module_id: Option<i64>,
    #[validate(nested)]
    pub definition: EvaluationDefinition,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EvaluationSummary {
    pub id: i64,
    pub programme_id: i64,
    /// None: the evaluation of the whole programme.
    pub module_id: Option<i64>,
    pub kind: EvaluationKind,
    pub title: String,
    pub required: bool,
    pub anonymous: bool,
    pub version: u32,
    /// Answers received, both phases together.
    pub responses: u64,
}

/// An evaluation as its authors edit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EvaluationDetail {
    pub summary: EvaluationSummary,
    pub definition: EvaluationDefinition,
}

/// An evaluation waiting for the signed-in learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OpenEvaluation {
    pub id: i64,
    pub kind: EvaluationKind,
    pub phase: EvaluationPhase,
    pub title: String,
    pub programme_id: i64,
    pub programme_title: String,
    pub module_id: Option<i64>,
    pub module_title: Option<String>,
    /// The attestation waits for this answer.
    pub required: bool,
    pub anonymous: bool,
}

/// A questionnaire item as the learner answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ItemView {
    /// Its position in the questionnaire, from 0: answers name it.
    pub index: u32,
    pub kind: ItemKind,
    pub prompt: String,
    pub choices: Vec<String>,
    pub optional: bool,
}

/// An evaluation as the learner fills it in, in their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EvaluationForm {
    pub id: i64,
    pub kind: EvaluationKind,
    pub phase: EvaluationPhase,
    pub title: String,
    pub required: bool,
    pub anonymous: bool,
    pub items: Vec<ItemView>,
    /// A knowledge test's questions; ids are positions from 0, and so are
    /// the ids of their choices.
    pub questions: Vec<QuestionView>,
    /// French stands in for a missing translation.
    pub untranslated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ItemAnswer {
    #[validate(range(max = 49))]
    #[cfg_attr(feature = "server", schema(maximum = 49))]
    pub item: u32,
    /// A scale's point (1–5) or a choice's position (from 0).
    #[serde(default)]
    #[validate(range(max = 19))]
    #[cfg_attr(feature = "server", schema(maximum = 19))]
    pub value: Option<u32>,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[cfg_attr(feature = "server", schema(max_length = 5000))]
    pub text: Option<String>,
}

/// A learner's answers to a questionnaire (`items`) or a knowledge test (`questions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EvaluationAnswers {
    pub phase: EvaluationPhase,
    #[serde(default)]
    #[validate(nested, length(max = 50))]
    #[cfg_attr(feature = "server", schema(max_items = 50))]
    pub items: Vec<ItemAnswer>,
    #[serde(default)]
    #[validate(nested, length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_items = 100))]
    pub questions: Vec<QuizAnswer>,
}

/// What answering gives back: a knowledge test's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EvaluationAnswered {
    pub score: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct ResultsQuery {
    pub cohort_id: i64,
    /// The breakdown of the knowledge gain (sex unless said).
    #[serde(default)]
    pub by: Option<Dimension>,
    /// Age bands' lower bounds, comma-separated (as for the indicators).
    #[serde(default)]
    #[validate(length(min = 1, max = 60), custom(function = "crate::validation::age_bands"))]
    #[cfg_attr(feature = "server", param(min_length = 1, max_length = 60, pattern = r"^[0-9]{1,3}(,[0-9]{1,3})*$"))]
    pub age_bands: Option<String>,
}

/// One item's answers in a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ItemResult {
    pub index: u32,
    pub kind: ItemKind,
    pub prompt: String,
    pub answers: u64,
    /// A scale's mean, 1–5.
    pub mean: Option<f64>,
    /// How many chose each point of the scale (1 to 5) or each choice.
    pub counts: Vec<u64>,
    /// The labels counted: "1"…"5" or the choices.
    pub labels: Vec<String>,
    /// Free-text answers, in alphabetical order (never in the order given).
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SatisfactionResults {
    pub responses: u64,
    /// An anonymous questionnaire's answers stay hidden until five people
    /// of the cohort have answered, so that nobody's answer can be picked out.
    pub withheld: bool,
    pub items: Vec<ItemResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LearnerGain {
    pub account_id: i64,
    pub name: String,
    /// Scores in percent.
    pub before: Option<u32>,
    pub after: Option<u32>,
    /// After minus before, in points, when both were taken.
    pub gain: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct GainGroup {
    /// As in the indicators' breakdowns (`female`, `15–24`, a region…).
    pub key: String,
    /// People of the group who took both tests.
    pub both: u64,
    pub mean_gain: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct KnowledgeResults {
    pub before: u64,
    pub after: u64,
    /// People who took both tests: the gain is theirs.
    pub both: u64,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
    pub mean_gain: Option<f64>,
    pub learners: Vec<LearnerGain>,
    pub by: Dimension,
    pub groups: Vec<GainGroup>,
}

/// An evaluation's results in one cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EvaluationResults {
    pub evaluation: EvaluationSummary,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub satisfaction: Option<SatisfactionResults>,
    pub knowledge: Option<KnowledgeResults>,
}
