use super::*;
use shared::api::assessments::ChoiceDefinition;
use shared::api::evaluations::LabelDefinition;

fn choice(label: &str, correct: bool) -> ChoiceDefinition {
    ChoiceDefinition { label: label.into(), label_ar: None, label_en: None, correct, feedback: None, feedback_ar: None, feedback_en: None }
}

fn knowledge() -> EvaluationDefinition {
    let q = |prompt: &str| QuestionDefinition {
        prompt: prompt.into(),
        prompt_ar: None,
        prompt_en: None,
        points: 1,
        multiple: None,
        choices: vec![choice("oui", true), choice("non", false)],
    };
    EvaluationDefinition {
        kind: EvaluationKind::Knowledge,
        title: "Test".into(),
        title_ar: None,
        title_en: None,
        required: false,
        anonymous: false,
        items: Vec::new(),
        questions: vec![q("a"), q("b"), q("c"), q("d")],
        questions_after: Vec::new(),
    }
}

fn answer(question: i64, choice: i64) -> QuizAnswer {
    QuizAnswer { question_id: question, choice_ids: vec![choice] }
}

#[test]
fn the_shipped_questionnaire_is_well_formed_and_translated() {
    let d = default_satisfaction();
    assert_eq!(d.kind, EvaluationKind::Satisfaction);
    assert!(d.anonymous);
    assert!(check(&d).is_empty(), "{:?}", check(&d));
    assert!(d.items.iter().filter(|i| i.kind == ItemKind::Likert).count() >= 5);
    let (_, _, untranslated) = form(&d, EvaluationPhase::After, Lang::Ar);
    assert!(!untranslated);
}

#[test]
fn ill_formed_definitions_are_named_by_field() {
    let mut d = knowledge();
    d.anonymous = true;
    d.questions[1].choices.truncate(1);
    d.items.push(ItemDefinition { kind: ItemKind::Text, prompt: "x".into(), prompt_ar: None, prompt_en: None, choices: Vec::new(), optional: true });
    let problems = check(&d);
    assert!(problems.contains(&("anonymous".into(), "anonymous_knowledge")));
    assert!(problems.contains(&("questions[1].choices".into(), "question_choices")));
    assert!(problems.contains(&("items".into(), "not_for_kind")));

    let mut s = default_satisfaction();
    s.items[0].choices.push(LabelDefinition { label: "x".into(), label_ar: None, label_en: None });
    s.items[6].choices.truncate(1);
    assert_eq!(check(&s), vec![("items[0].choices".to_string(), "item_without_choices"), ("items[6].choices".to_string(), "item_choices")]);
}

#[test]
fn a_knowledge_test_scores_in_percent_and_the_gain_is_in_points() {
    let d = knowledge();
    let before = score(&d, EvaluationPhase::Before, &[], &[answer(0, 0), answer(1, 1), answer(2, 1), answer(3, 1)]).unwrap();
    assert_eq!(before.score, Some(25));
    let after = score(&d, EvaluationPhase::After, &[], &[answer(0, 0), answer(1, 0), answer(2, 0), answer(3, 1)]).unwrap();
    assert_eq!(after.score, Some(75));
    assert_eq!(gain(before.score, after.score), Some(50));
    assert_eq!(gain(Some(80), Some(60)), Some(-20));
    assert_eq!(gain(None, Some(60)), None);
    let missing = score(&d, EvaluationPhase::Before, &[], &[answer(0, 0)]).unwrap_err();
    assert_eq!(missing, vec![("questions".to_string(), "answer_required")]);
}

#[test]
fn a_parallel_set_is_taken_after_the_training() {
    let mut d = knowledge();
    d.questions_after = vec![d.questions[0].clone()];
    assert_eq!(questions_of(&d, EvaluationPhase::Before).len(), 4);
    assert_eq!(questions_of(&d, EvaluationPhase::After).len(), 1);
    assert_eq!(score(&d, EvaluationPhase::After, &[], &[answer(0, 0)]).unwrap().score, Some(100));
}

#[test]
fn questionnaire_answers_are_checked_item_by_item() {
    let d = default_satisfaction();
    let likert = |item: u32, value: u32| ItemAnswer { item, value: Some(value), text: None };
    let mut given: Vec<ItemAnswer> = (0..6).map(|i| likert(i, 4)).collect();
    given.push(likert(6, 3));
    given.push(ItemAnswer { item: 7, value: None, text: Some("  Les études de cas  ".into()) });
    let ok = score(&d, EvaluationPhase::After, &given, &[]).unwrap();
    assert_eq!(ok.answers.items.len(), 8);
    assert_eq!(ok.answers.items[7].text.as_deref(), Some("Les études de cas"));

    let mut bad = given.clone();
    bad[0].value = Some(6);
    bad[6].value = Some(4);
    let problems = score(&d, EvaluationPhase::After, &bad, &[]).unwrap_err();
    assert_eq!(problems, vec![("items[0].value".to_string(), "scale_point"), ("items[6].value".to_string(), "unknown_choice")]);
    let problems = score(&d, EvaluationPhase::After, &given[1..], &[]).unwrap_err();
    assert_eq!(problems, vec![("items[0]".to_string(), "answer_required")]);
}

#[test]
fn the_before_test_closes_once_the_training_is_under_way() {
    let none = HashSet::new();
    let before: HashSet<EvaluationPhase> = [EvaluationPhase::Before].into();
    let after: HashSet<EvaluationPhase> = [EvaluationPhase::After].into();
    let k = EvaluationKind::Knowledge;
    assert_eq!(open_phase(k, false, false, &none), Some(EvaluationPhase::Before));
    assert_eq!(open_phase(k, false, false, &before), None);
    // A programme under way (one module done) is no time for the test before.
    assert_eq!(open_phase(k, true, false, &none), None);
    assert_eq!(open_phase(k, true, true, &none), Some(EvaluationPhase::After));
    assert_eq!(open_phase(k, true, true, &before), Some(EvaluationPhase::After));
    assert_eq!(open_phase(k, true, true, &after), None);
    let s = EvaluationKind::Satisfaction;
    assert_eq!(open_phase(s, false, false, &none), None);
    assert_eq!(open_phase(s, true, false, &none), None);
    assert_eq!(open_phase(s, true, true, &none), Some(EvaluationPhase::After));
    assert_eq!(open_phase(s, true, true, &after), None);
}

#[test]
fn a_cohorts_answers_add_up_item_by_item() {
    let d = default_satisfaction();
    let response = |points: u32, overall: u32, text: Option<&str>| Answers {
        items: (0..6)
            .map(|i| ItemAnswer { item: i, value: Some(points), text: None })
            .chain([ItemAnswer { item: 6, value: Some(overall), text: None }])
            .chain(text.map(|t| ItemAnswer { item: 8, value: None, text: Some(t.into()) }))
            .collect(),
        questions: Vec::new(),
    };
    let all = [response(5, 3, Some("Plus de pratique")), response(4, 3, None), response(2, 1, Some("Des horaires plus tôt"))];
    let results = tally(&d, &all, Lang::Fr);
    assert_eq!(results[0].answers, 3);
    assert_eq!(results[0].mean, Some(3.7));
    assert_eq!(results[0].counts, vec![0, 1, 0, 1, 1]);
    assert_eq!(results[6].counts, vec![0, 1, 0, 2]);
    assert_eq!(results[6].labels[3], "Très satisfaisante");
    assert_eq!(results[6].mean, None);
    assert_eq!(results[7].answers, 0);
    assert_eq!(results[8].texts, vec!["Des horaires plus tôt", "Plus de pratique"]);
    assert_eq!(tally(&d, &all, Lang::Ar)[6].labels[3], "مرضٍ جدا");
}

#[test]
fn rewording_keeps_the_structure_adding_an_item_does_not() {
    let old = default_satisfaction();
    let mut reworded = old.clone();
    reworded.items[0].prompt = "Autre énoncé".into();
    reworded.required = true;
    assert!(keeps_structure(&old, &reworded));
    let mut added = old.clone();
    added.items.push(old.items[0].clone());
    assert!(!keeps_structure(&old, &added));
    let mut anonymity = old.clone();
    anonymity.anonymous = false;
    assert!(!keeps_structure(&old, &anonymity));
}

#[test]
fn the_gain_is_broken_down_like_the_indicators() {
    use crate::domain::indicators::{AgeBands, CohortLabel, Person};
    use shared::enums::Sex;
    let person = |sex: Sex, birth_year: Option<i32>| Person { sex, birth_year, category: None, region: None, organisation: None };
    let people: HashMap<i64, Person> =
        [(1, person(Sex::Female, Some(2000))), (2, person(Sex::Female, Some(1980))), (3, person(Sex::Male, None))].into();
    let cohorts: HashMap<i64, CohortLabel> = HashMap::new();
    let bands = AgeBands::default();
    let facts = Facts { people: &people, facts: &[], cohorts: &cohorts, bands: &bands, age_in: 2026 };
    let gains = [(1, 30), (2, 15), (3, -5)];
    let by_sex = gain_groups(&facts, 7, &gains, Dimension::Sex);
    assert_eq!(
        by_sex.iter().map(|g| (g.key.as_str(), g.both, g.mean_gain)).collect::<Vec<_>>(),
        vec![("female", 2, Some(22.5)), ("male", 1, Some(-5.0)), ("not_stated", 0, None)]
    );
    let by_age = gain_groups(&facts, 7, &gains, Dimension::AgeBand);
    let find = |key: &str| by_age.iter().find(|g| g.key == key).map(|g| (g.both, g.mean_gain));
    assert_eq!(find("25–34"), Some((1, Some(30.0))));
    assert_eq!(find("35–49"), Some((1, Some(15.0))));
    assert_eq!(find(NOT_STATED), Some((1, Some(-5.0))));
}
