//! What a module needs before learners may see it, and which modules a
//! learner sees. The same rules check a curriculum file before it loads and
//! a module an author publishes in the browser, so neither can put in front
//! of a learner a module that can never be completed.
use std::collections::HashSet;

use shared::api::assessments::AssessmentDefinition;
use shared::enums::{AssessmentKind, ModuleStatus};

use crate::domain::prerequisites::Group;

/// The shape of an assessment, as far as publishing cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentShape {
    pub kind: AssessmentKind,
    pub pass_mark: u32,
    /// Per question, in order: (choices, correct choices).
    pub questions: Vec<(usize, usize)>,
    /// Per rubric criterion, in order: its number of levels.
    pub criteria: Vec<usize>,
}

impl AssessmentShape {
    pub fn of(definition: &AssessmentDefinition) -> AssessmentShape {
        AssessmentShape {
            kind: definition.kind,
            pass_mark: definition.pass_mark,
            questions: definition.questions.iter().map(|q| (q.choices.len(), q.choices.iter().filter(|c| c.correct).count())).collect(),
            criteria: definition.rubric.iter().map(|c| c.levels.len()).collect(),
        }
    }
}

/// One reason a module cannot be published. Numbers are 1-based positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    NoAssessment,
    QuizWithoutQuestions,
    QuestionWithoutChoices(usize),
    QuestionWithoutCorrectChoice(usize),
    RubricWithoutCriteria,
    CriterionWithoutLevels(usize),
    PassMarkOutOfRange,
    PrerequisiteNotPublished(String),
}

impl Gap {
    /// Where the author fixes it, as a JSON-path-like field name.
    pub fn field(&self) -> String {
        match self {
            Gap::NoAssessment => "assessment".into(),
            Gap::QuizWithoutQuestions => "assessment.questions".into(),
            Gap::QuestionWithoutChoices(n) | Gap::QuestionWithoutCorrectChoice(n) => format!("assessment.questions[{}]", n - 1),
            Gap::RubricWithoutCriteria => "assessment.rubric".into(),
            Gap::CriterionWithoutLevels(n) => format!("assessment.rubric[{}]", n - 1),
            Gap::PassMarkOutOfRange => "pass_mark".into(),
            Gap::PrerequisiteNotPublished(code) => format!("prerequisites.{code}"),
        }
    }

    /// The values its message names (`{n}`: a position, `{code}`: a module).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Gap::QuestionWithoutChoices(n) | Gap::QuestionWithoutCorrectChoice(n) | Gap::CriterionWithoutLevels(n) => vec![("n", n.to_string())],
            Gap::PrerequisiteNotPublished(code) => vec![("code", code.clone())],
            _ => Vec::new(),
        }
    }

    /// The stable code of the reason (a `validation.<code>` catalog key).
    pub fn code(&self) -> &'static str {
        match self {
            Gap::NoAssessment => "no_assessment_to_publish",
            Gap::QuizWithoutQuestions => "quiz_without_questions",
            Gap::QuestionWithoutChoices(_) => "question_without_choices",
            Gap::QuestionWithoutCorrectChoice(_) => "question_without_correct_choice",
            Gap::RubricWithoutCriteria => "rubric_without_criteria",
            Gap::CriterionWithoutLevels(_) => "criterion_without_levels",
            Gap::PassMarkOutOfRange => "pass_mark_out_of_range",
            Gap::PrerequisiteNotPublished(_) => "prerequisite_not_published",
        }
    }
}

/// For the curriculum file's report (read by whoever runs `curriculum load`).
impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gap::NoAssessment => f.write_str("a published module needs an assessment (or `status = \"draft\"`)"),
            Gap::QuizWithoutQuestions => f.write_str("a quiz needs questions"),
            Gap::QuestionWithoutChoices(n) => write!(f, "question {n} needs at least two choices"),
            Gap::QuestionWithoutCorrectChoice(n) => write!(f, "question {n} has no correct choice"),
            Gap::RubricWithoutCriteria => f.write_str("an assignment needs a rubric"),
            Gap::CriterionWithoutLevels(n) => write!(f, "rubric criterion {n} has no levels"),
            Gap::PassMarkOutOfRange => f.write_str("pass_mark must be between 1 and 100"),
            Gap::PrerequisiteNotPublished(code) => write!(f, "prerequisite `{code}` is not published"),
        }
    }
}

/// What an assessment lacks for a learner to be able to pass it.
pub fn assessment_gaps(shape: &AssessmentShape) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if !(1..=100).contains(&shape.pass_mark) {
        gaps.push(Gap::PassMarkOutOfRange);
    }
    match shape.kind {
        AssessmentKind::Quiz => {
            if shape.questions.is_empty() {
                gaps.push(Gap::QuizWithoutQuestions);
            }
            for (i, (choices, correct)) in shape.questions.iter().enumerate() {
                if *choices < 2 {
                    gaps.push(Gap::QuestionWithoutChoices(i + 1));
                }
                if *correct == 0 {
                    gaps.push(Gap::QuestionWithoutCorrectChoice(i + 1));
                }
            }
        }
        AssessmentKind::Assignment => {
            if shape.criteria.is_empty() {
                gaps.push(Gap::RubricWithoutCriteria);
            }
            for (i, levels) in shape.criteria.iter().enumerate() {
                if *levels == 0 {
                    gaps.push(Gap::CriterionWithoutLevels(i + 1));
                }
            }
        }
    }
    gaps
}

/// Everything that stops a module from being published: its assessment, and
/// prerequisites learners could never see (`unpublished`, by code).
pub fn gaps(assessment: Option<&AssessmentShape>, unpublished_prerequisites: &[String]) -> Vec<Gap> {
    let mut gaps = match assessment {
        Some(shape) => assessment_gaps(shape),
        None => vec![Gap::NoAssessment],
    };
    gaps.extend(unpublished_prerequisites.iter().cloned().map(Gap::PrerequisiteNotPublished));
    gaps
}

/// Whether a learner sees a module: published ones always, archived ones
/// only when they had begun or finished it (their record stays theirs),
/// drafts never.
pub fn visible_to_learner(status: ModuleStatus, begun: bool) -> bool {
    match status {
        ModuleStatus::Published => true,
        ModuleStatus::Archived => begun,
        ModuleStatus::Draft => false,
    }
}

/// The prerequisite groups a learner is held to: only published modules
/// count, so archiving a module (or a draft slipping into a group) never
/// locks anyone out; an "N of" group asks for no more than it still holds,
/// and a group left empty is gone.
pub fn learner_groups(groups: &[Group<i64>], published: &HashSet<i64>) -> Vec<Group<i64>> {
    groups
        .iter()
        .filter_map(|g| {
            let members: Vec<i64> = g.members.iter().copied().filter(|m| published.contains(m)).collect();
            if members.is_empty() {
                return None;
            }
            let min_required = g.min_required.map(|n| n.min(shared::num::count(members.len())));
            Some(Group { members, min_required })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz(questions: Vec<(usize, usize)>, pass_mark: u32) -> AssessmentShape {
        AssessmentShape { kind: AssessmentKind::Quiz, pass_mark, questions, criteria: Vec::new() }
    }

    #[test]
    fn each_incomplete_case_has_its_own_reason() {
        assert_eq!(gaps(None, &[]), vec![Gap::NoAssessment]);
        assert_eq!(gaps(Some(&quiz(vec![], 70)), &[]), vec![Gap::QuizWithoutQuestions]);
        assert_eq!(gaps(Some(&quiz(vec![(3, 1), (1, 0)], 70)), &[]), vec![Gap::QuestionWithoutChoices(2), Gap::QuestionWithoutCorrectChoice(2)]);
        assert_eq!(gaps(Some(&quiz(vec![(2, 1)], 0)), &[]), vec![Gap::PassMarkOutOfRange]);
        let rubric = |criteria| AssessmentShape { kind: AssessmentKind::Assignment, pass_mark: 50, questions: Vec::new(), criteria };
        assert_eq!(gaps(Some(&rubric(vec![])), &[]), vec![Gap::RubricWithoutCriteria]);
        assert_eq!(gaps(Some(&rubric(vec![3, 0])), &[]), vec![Gap::CriterionWithoutLevels(2)]);
        assert_eq!(gaps(Some(&quiz(vec![(2, 1)], 70)), &["TK-02".into()]), vec![Gap::PrerequisiteNotPublished("TK-02".into())]);
        assert!(gaps(Some(&quiz(vec![(2, 1), (4, 2)], 70)), &[]).is_empty());
        assert_eq!(Gap::QuestionWithoutCorrectChoice(2).field(), "assessment.questions[1]");
    }

    #[test]
    fn drafts_never_reach_learners_and_archives_stay_with_those_who_began() {
        assert!(!visible_to_learner(ModuleStatus::Draft, true));
        assert!(visible_to_learner(ModuleStatus::Published, false));
        assert!(visible_to_learner(ModuleStatus::Archived, true));
        assert!(!visible_to_learner(ModuleStatus::Archived, false));
    }

    #[test]
    fn unpublished_prerequisites_never_lock_a_learner_out() {
        let published: HashSet<i64> = [1, 2].into_iter().collect();
        let groups = vec![
            Group { members: vec![1, 3], min_required: None },
            Group { members: vec![1, 2, 3, 4], min_required: Some(3) },
            Group { members: vec![3], min_required: None },
        ];
        assert_eq!(
            learner_groups(&groups, &published),
            vec![Group { members: vec![1], min_required: None }, Group { members: vec![1, 2], min_required: Some(2) }]
        );
    }
}
