//! Training evaluation's rules: what makes a questionnaire or a knowledge
//! test well formed, when a learner may answer which phase, how answers are
//! checked and scored, and how a cohort's answers add up.
use std::collections::{BTreeMap, HashMap, HashSet};

use shared::Lang;
use shared::api::assessments::{ChoiceView, QuestionDefinition, QuestionView, QuizAnswer};
use shared::api::evaluations::{EvaluationDefinition, GainGroup, ItemAnswer, ItemDefinition, ItemResult, ItemView};
use shared::api::in_lang;
use shared::api::reports::NOT_STATED;
use shared::enums::{Dimension, EvaluationKind, EvaluationPhase, ItemKind, QuestionKind};

use crate::domain::grading::{self, Question};
use crate::domain::indicators::{Fact, Facts};

/// The points of an agreement scale.
pub const SCALE: std::ops::RangeInclusive<u32> = 1..=5;

/// Below this many answers, an anonymous questionnaire's results stay
/// hidden (the small-cell rule of the indicators).
pub const ANONYMOUS_MINIMUM: u64 = 5;

/// A field (JSON path) and a catalog code (`validation.<code>`).
pub type Problem = (String, &'static str);

/// The questionnaire shipped with Cursus.
pub fn default_satisfaction() -> EvaluationDefinition {
    toml::from_str(include_str!("../../../assets/evaluations/satisfaction.toml")).unwrap_or_else(|e| {
        // The file is part of the build and checked by a unit test.
        unreachable!("assets/evaluations/satisfaction.toml: {e}")
    })
}

/// What a definition lacks beyond its fields' own limits.
pub fn check(definition: &EvaluationDefinition) -> Vec<Problem> {
    let mut problems = Vec::new();
    match definition.kind {
        EvaluationKind::Satisfaction => {
            if definition.items.is_empty() {
                problems.push(("items".into(), "evaluation_without_items"));
            }
            for (field, list) in [("questions", &definition.questions), ("questions_after", &definition.questions_after)] {
                if !list.is_empty() {
                    problems.push((field.into(), "not_for_kind"));
                }
            }
            for (i, item) in definition.items.iter().enumerate() {
                match item.kind {
                    ItemKind::Choice if item.choices.len() < 2 => problems.push((format!("items[{i}].choices"), "item_choices")),
                    ItemKind::Likert | ItemKind::Text if !item.choices.is_empty() => {
                        problems.push((format!("items[{i}].choices"), "item_without_choices"));
                    }
                    _ => {}
                }
            }
        }
        EvaluationKind::Knowledge => {
            if definition.questions.is_empty() {
                problems.push(("questions".into(), "evaluation_without_questions"));
            }
            if !definition.items.is_empty() {
                problems.push(("items".into(), "not_for_kind"));
            }
            if definition.anonymous {
                problems.push(("anonymous".into(), "anonymous_knowledge"));
            }
            for (field, list) in [("questions", &definition.questions), ("questions_after", &definition.questions_after)] {
                for (i, question) in list.iter().enumerate() {
                    if question.choices.len() < 2 || !question.choices.iter().any(|c| c.correct) {
                        problems.push((format!("{field}[{i}].choices"), "question_choices"));
                    }
                }
            }
        }
    }
    problems
}

/// Whether a new definition keeps what stored answers point at: the same
/// kind, items and questions in the same places with as many choices.
/// Wording, translations and the rules may change.
pub fn keeps_structure(old: &EvaluationDefinition, new: &EvaluationDefinition) -> bool {
    let items = |d: &EvaluationDefinition| d.items.iter().map(|i| (i.kind, i.choices.len())).collect::<Vec<_>>();
    let questions = |list: &[QuestionDefinition]| list.iter().map(|q| (q.choices.len(), q.is_multiple())).collect::<Vec<_>>();
    old.kind == new.kind
        && old.anonymous == new.anonymous
        && items(old) == items(new)
        && questions(&old.questions) == questions(&new.questions)
        && questions(&old.questions_after) == questions(&new.questions_after)
}

/// The questions of a knowledge test's phase: a parallel set after, if any.
pub fn questions_of(definition: &EvaluationDefinition, phase: EvaluationPhase) -> &[QuestionDefinition] {
    match phase {
        EvaluationPhase::After if !definition.questions_after.is_empty() => &definition.questions_after,
        _ => &definition.questions,
    }
}

/// Which phase a learner may answer now, if any. `done`: the module (or
/// programme) the evaluation follows is complete; `started`: some of it is
/// (for a module, the same). A knowledge test before the training is only
/// open until something of it is complete: taken later, it would not
/// measure what the learner knew beforehand.
pub fn open_phase(kind: EvaluationKind, started: bool, done: bool, answered: &HashSet<EvaluationPhase>) -> Option<EvaluationPhase> {
    let phase = match (kind, started || done, done) {
        (_, _, true) => EvaluationPhase::After,
        (EvaluationKind::Knowledge, false, false) => EvaluationPhase::Before,
        _ => return None,
    };
    (!answered.contains(&phase)).then_some(phase)
}

/// Answers as stored: only what the form asked, in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Answers {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemAnswer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuizAnswer>,
}

/// Checked answers, and a knowledge test's score in percent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub answers: Answers,
    pub score: Option<u32>,
}

/// Checks a learner's answers against the form of `phase`; every problem
/// is named by its JSON path.
pub fn score(
    definition: &EvaluationDefinition,
    phase: EvaluationPhase,
    items: &[ItemAnswer],
    questions: &[QuizAnswer],
) -> Result<Scored, Vec<Problem>> {
    match definition.kind {
        EvaluationKind::Satisfaction => {
            let answers = check_items(&definition.items, items)?;
            Ok(Scored { answers: Answers { items: answers, questions: Vec::new() }, score: None })
        }
        EvaluationKind::Knowledge => {
            let list = questions_of(definition, phase);
            let graded: Vec<Question> = list.iter().enumerate().map(|(i, q)| question(i, q)).collect();
            let mut chosen: HashMap<i64, HashSet<i64>> = HashMap::new();
            for answer in questions {
                chosen.entry(answer.question_id).or_default().extend(answer.choice_ids.iter().copied());
            }
            match grading::grade_quiz(&graded, &chosen) {
                Ok(result) => {
                    let mut kept: Vec<QuizAnswer> = chosen
                        .into_iter()
                        .map(|(question_id, ids)| {
                            let mut choice_ids: Vec<i64> = ids.into_iter().collect();
                            choice_ids.sort_unstable();
                            QuizAnswer { question_id, choice_ids }
                        })
                        .collect();
                    kept.sort_by_key(|a| a.question_id);
                    Ok(Scored { answers: Answers { items: Vec::new(), questions: kept }, score: Some(result.score) })
                }
                Err(e) => {
                    let at = e.question_id.and_then(|id| questions.iter().position(|a| a.question_id == id));
                    let field = at.map_or_else(|| "questions".to_string(), |i| format!("questions[{i}]"));
                    Err(vec![(field, e.code)])
                }
            }
        }
    }
}

fn question(index: usize, q: &QuestionDefinition) -> Question {
    let n = |i: usize| i64::try_from(i).unwrap_or(i64::MAX);
    Question {
        id: n(index),
        multiple: q.is_multiple(),
        points: q.points,
        choices: (0..q.choices.len()).map(n).collect(),
        correct: q.choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| n(i)).collect(),
    }
}

fn check_items(definition: &[ItemDefinition], given: &[ItemAnswer]) -> Result<Vec<ItemAnswer>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut by_item: BTreeMap<u32, ItemAnswer> = BTreeMap::new();
    for (i, answer) in given.iter().enumerate() {
        let Some(item) = usize::try_from(answer.item).ok().and_then(|n| definition.get(n)) else {
            problems.push((format!("items[{i}].item"), "unknown_item"));
            continue;
        };
        let text = answer.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let kept = match item.kind {
            ItemKind::Likert => match answer.value {
                Some(v) if SCALE.contains(&v) => Some(ItemAnswer { item: answer.item, value: Some(v), text: None }),
                Some(_) => {
                    problems.push((format!("items[{i}].value"), "scale_point"));
                    None
                }
                None => None,
            },
            ItemKind::Choice => match answer.value {
                Some(v) if usize::try_from(v).is_ok_and(|v| v < item.choices.len()) => {
                    Some(ItemAnswer { item: answer.item, value: Some(v), text: None })
                }
                Some(_) => {
                    problems.push((format!("items[{i}].value"), "unknown_choice"));
                    None
                }
                None => None,
            },
            ItemKind::Text => {
                if text.is_some_and(|t| t.contains('\0')) {
                    problems.push((format!("items[{i}].text"), "nul_character"));
                }
                text.map(|t| ItemAnswer { item: answer.item, value: None, text: Some(t.to_string()) })
            }
        };
        if let Some(kept) = kept {
            by_item.insert(answer.item, kept);
        }
    }
    for (n, item) in definition.iter().enumerate() {
        let answered = u32::try_from(n).is_ok_and(|n| by_item.contains_key(&n));
        if !item.optional && !answered && !problems.iter().any(|(f, _)| f.starts_with("items[")) {
            problems.push((format!("items[{n}]"), "answer_required"));
        }
    }
    if problems.is_empty() { Ok(by_item.into_values().collect()) } else { Err(problems) }
}

/// The form of `phase` in `lang`; whether French stands in somewhere.
pub fn form(definition: &EvaluationDefinition, phase: EvaluationPhase, lang: Lang) -> (Vec<ItemView>, Vec<QuestionView>, bool) {
    let mut untranslated = false;
    let mut pick = |fr: &str, ar: &Option<String>, en: &Option<String>| {
        let (text, missing) = in_lang(lang, fr, ar, en);
        untranslated |= missing;
        text.to_string()
    };
    let items = definition
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| ItemView {
            index: u32::try_from(i).unwrap_or(u32::MAX),
            kind: item.kind,
            prompt: pick(&item.prompt, &item.prompt_ar, &item.prompt_en),
            choices: item.choices.iter().map(|c| pick(&c.label, &c.label_ar, &c.label_en)).collect(),
            optional: item.optional,
        })
        .collect();
    let questions = questions_of(definition, phase)
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionView {
            id: i64::try_from(i).unwrap_or(i64::MAX),
            kind: if q.is_multiple() { QuestionKind::Multiple } else { QuestionKind::Single },
            prompt: pick(&q.prompt, &q.prompt_ar, &q.prompt_en),
            points: q.points,
            choices: q
                .choices
                .iter()
                .enumerate()
                .map(|(j, c)| ChoiceView { id: i64::try_from(j).unwrap_or(i64::MAX), label: pick(&c.label, &c.label_ar, &c.label_en) })
                .collect(),
            untranslated: false,
        })
        .collect();
    (items, questions, untranslated)
}

/// A cohort's answers to a questionnaire, item by item, in `lang`.
pub fn tally(definition: &EvaluationDefinition, responses: &[Answers], lang: Lang) -> Vec<ItemResult> {
    definition
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let given: Vec<&ItemAnswer> = responses.iter().filter_map(|r| r.items.iter().find(|a| a.item == index)).collect();
            let (labels, counts): (Vec<String>, Vec<u64>) = match item.kind {
                ItemKind::Likert => SCALE.map(|p| (p.to_string(), count(&given, p))).unzip(),
                ItemKind::Choice => item
                    .choices
                    .iter()
                    .zip(0u32..)
                    .map(|(c, p)| (in_lang(lang, &c.label, &c.label_ar, &c.label_en).0.to_string(), count(&given, p)))
                    .unzip(),
                ItemKind::Text => (Vec::new(), Vec::new()),
            };
            let mut texts: Vec<String> = given.iter().filter_map(|a| a.text.clone()).collect();
            texts.sort();
            let points: Vec<u32> = given.iter().filter_map(|a| a.value).collect();
            ItemResult {
                index,
                kind: item.kind,
                prompt: in_lang(lang, &item.prompt, &item.prompt_ar, &item.prompt_en).0.to_string(),
                answers: shared::num::count64(given.len()),
                mean: (item.kind == ItemKind::Likert).then(|| mean(points.iter().map(|p| f64::from(*p)))).flatten(),
                counts,
                labels,
                texts,
            }
        })
        .collect()
}

fn count(given: &[&ItemAnswer], value: u32) -> u64 {
    shared::num::count64(given.iter().filter(|a| a.value == Some(value)).count())
}

/// The mean, rounded to one decimal; none of nothing.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / f64::from(n) * 10.0).round() / 10.0)
}

/// One learner's scores (percent) and gain in points, when both were taken.
pub fn gain(before: Option<u32>, after: Option<u32>) -> Option<i32> {
    let (b, a) = (i32::try_from(before?).ok()?, i32::try_from(after?).ok()?);
    Some(a - b)
}

/// The mean gain of each group along `dimension`, of the learners (in one
/// cohort) who took both tests: closed vocabularies in their own order with
/// empty groups shown, open ones by name, "not stated" last.
pub fn gain_groups(facts: &Facts, cohort_id: i64, gains: &[(i64, i32)], dimension: Dimension) -> Vec<GainGroup> {
    let mut groups: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for (account_id, g) in gains {
        let fact = Fact { account_id: *account_id, cohort_id, ..Fact::default() };
        groups.entry(facts.key(dimension, &fact)).or_default().push(*g);
    }
    let group =
        |key: String, gains: Vec<i32>| GainGroup { key, both: shared::num::count64(gains.len()), mean_gain: mean(gains.into_iter().map(f64::from)) };
    match facts.closed_groups(dimension) {
        Some(order) => order
            .into_iter()
            .map(|key| {
                let gains = groups.remove(&key).unwrap_or_default();
                group(key, gains)
            })
            .collect(),
        None => {
            let unstated = groups.remove(NOT_STATED);
            let mut rows: Vec<GainGroup> = groups.into_iter().map(|(k, g)| group(k, g)).collect();
            rows.extend(unstated.map(|g| group(NOT_STATED.to_string(), g)));
            rows
        }
    }
}

#[cfg(test)]
mod tests;
