//! Scores: quizzes graded automatically, assignments against a rubric.
use std::collections::{HashMap, HashSet};

/// A quiz question with its correct choices (server side only).
#[derive(Debug, Clone)]
pub struct Question {
    pub id: i64,
    pub multiple: bool,
    pub points: u32,
    pub choices: Vec<i64>,
    pub correct: HashSet<i64>,
}

/// What is wrong with a set of answers: a catalog code and the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    pub code: &'static str,
    pub question_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizResult {
    pub score: u32,
    /// Question id → answered right (all correct choices and no other).
    pub correct: Vec<(i64, bool)>,
}

/// Grades answers (question id → chosen choice ids). Every question must be
/// answered with its own choices; a single-choice question takes one.
pub fn grade_quiz(questions: &[Question], answers: &HashMap<i64, HashSet<i64>>) -> Result<QuizResult, AnswerError> {
    for question_id in answers.keys() {
        if !questions.iter().any(|q| q.id == *question_id) {
            return Err(AnswerError { code: "unknown_question", question_id: Some(*question_id) });
        }
    }
    let mut earned = 0u32;
    let mut total = 0u32;
    let mut correct = Vec::with_capacity(questions.len());
    for question in questions {
        let chosen =
            answers.get(&question.id).filter(|c| !c.is_empty()).ok_or(AnswerError { code: "answer_required", question_id: Some(question.id) })?;
        if chosen.iter().any(|c| !question.choices.contains(c)) {
            return Err(AnswerError { code: "unknown_choice", question_id: Some(question.id) });
        }
        if !question.multiple && chosen.len() > 1 {
            return Err(AnswerError { code: "one_choice", question_id: Some(question.id) });
        }
        let right = *chosen == question.correct;
        total += question.points;
        if right {
            earned += question.points;
        }
        correct.push((question.id, right));
    }
    Ok(QuizResult { score: percent(earned, total), correct })
}

pub fn percent(earned: u32, total: u32) -> u32 {
    shared::num::percent(u64::from(earned), u64::from(total)).min(100)
}

/// Whether a score (a percentage) passes an assessment: at least its pass mark.
/// The one definition of "passed", for quizzes and graded assignments alike.
pub fn passes(score: u32, pass_mark: i32) -> bool {
    i64::from(score) >= i64::from(pass_mark)
}

/// A rubric criterion: its levels as (level id, points).
#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: i64,
    pub levels: Vec<(i64, u32)>,
}

/// The score of one level chosen per criterion, as a share of the best levels.
pub fn grade_rubric(criteria: &[Criterion], chosen: &[(i64, i64)]) -> Result<u32, &'static str> {
    let mut earned = 0;
    let mut total = 0;
    for criterion in criteria {
        let picks: Vec<i64> = chosen.iter().filter(|(c, _)| *c == criterion.id).map(|(_, l)| *l).collect();
        let [level] = picks.as_slice() else { return Err("every_criterion") };
        let points = criterion.levels.iter().find(|(id, _)| id == level).map(|(_, p)| *p).ok_or("unknown_level")?;
        earned += points;
        total += criterion.levels.iter().map(|(_, p)| *p).max().unwrap_or(0);
    }
    if chosen.iter().any(|(c, _)| !criteria.iter().any(|k| k.id == *c)) {
        return Err("unknown_level");
    }
    Ok(percent(earned, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz() -> Vec<Question> {
        vec![
            Question { id: 1, multiple: false, points: 1, choices: vec![10, 11], correct: [10].into() },
            Question { id: 2, multiple: true, points: 2, choices: vec![20, 21, 22], correct: [20, 21].into() },
        ]
    }

    fn answers(pairs: &[(i64, &[i64])]) -> HashMap<i64, HashSet<i64>> {
        pairs.iter().map(|(q, c)| (*q, c.iter().copied().collect())).collect()
    }

    #[test]
    fn a_quiz_is_scored_by_points_and_exact_choice_sets() {
        let all_right = grade_quiz(&quiz(), &answers(&[(1, &[10]), (2, &[20, 21])])).expect("valid");
        assert_eq!(all_right.score, 100);
        let partial = grade_quiz(&quiz(), &answers(&[(1, &[10]), (2, &[20])])).expect("valid");
        assert_eq!(partial.score, 33);
        assert_eq!(partial.correct, vec![(1, true), (2, false)]);
    }

    #[test]
    fn malformed_answers_are_refused() {
        let code = |a| grade_quiz(&quiz(), &a).expect_err("invalid").code;
        assert_eq!(code(answers(&[(1, &[10])])), "answer_required");
        assert_eq!(code(answers(&[(1, &[10, 11]), (2, &[20])])), "one_choice");
        assert_eq!(code(answers(&[(1, &[99]), (2, &[20])])), "unknown_choice");
        assert_eq!(code(answers(&[(1, &[10]), (2, &[20]), (7, &[1])])), "unknown_question");
    }

    #[test]
    fn a_rubric_needs_one_level_per_criterion() {
        let rubric = vec![Criterion { id: 1, levels: vec![(11, 0), (12, 2), (13, 4)] }, Criterion { id: 2, levels: vec![(21, 0), (22, 6)] }];
        assert_eq!(grade_rubric(&rubric, &[(1, 13), (2, 22)]), Ok(100));
        assert_eq!(grade_rubric(&rubric, &[(1, 12), (2, 22)]), Ok(80));
        assert_eq!(grade_rubric(&rubric, &[(1, 12)]), Err("every_criterion"));
        assert_eq!(grade_rubric(&rubric, &[(1, 12), (2, 11)]), Err("unknown_level"));
        assert_eq!(grade_rubric(&rubric, &[(1, 12), (1, 13), (2, 22)]), Err("every_criterion"));
    }

    #[test]
    fn a_score_passes_from_the_pass_mark_up() {
        assert!(passes(60, 60));
        assert!(passes(100, 60));
        assert!(!passes(59, 60));
        assert!(passes(0, 0));
    }
}
