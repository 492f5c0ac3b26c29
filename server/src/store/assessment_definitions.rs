//! Writing an assessment as its authors define it, and reading it back.
//!
//! Questions and rubric criteria belong to a version of their assessment.
//! A change writes a new version beside the old ones, which stay: an attempt
//! keeps pointing at the questions it answered, a grade at the criteria it
//! chose from.
use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel};
use shared::api::assessments::{AssessmentDefinition, ChoiceDefinition, CriterionDefinition, LevelDefinition, QuestionDefinition};
use shared::api::common::filled;
use shared::enums::QuestionKind;
use shared::num::{i32_of, u32_of};

use crate::clock::now;
use crate::entities::{assessment, quiz_choice, quiz_question, rubric_criterion, rubric_level};
use crate::store::assessments;

/// The 1-based position of the `index`th item.
fn ordinal(index: usize) -> i32 {
    i32::try_from(index).map_or(i32::MAX, |i| i.saturating_add(1))
}

fn joined(types: &[String]) -> Option<String> {
    (!types.is_empty()).then(|| types.join(","))
}

/// The file types an assignment accepts, by extension; empty: any document.
pub fn accepted_types(assessment: &assessment::Model) -> Vec<String> {
    assessment.accepted_types.as_deref().map(|t| t.split(',').map(str::to_string).filter(|t| !t.is_empty()).collect()).unwrap_or_default()
}

/// A module's first assessment, at version 1.
pub async fn insert(db: &impl ConnectionTrait, module_id: i64, definition: &AssessmentDefinition) -> Result<assessment::Model, DbErr> {
    let saved = assessment::ActiveModel {
        module_id: Set(module_id),
        kind: Set(definition.kind),
        title: Set(definition.title.clone()),
        title_ar: Set(filled(&definition.title_ar)),
        title_en: Set(filled(&definition.title_en)),
        instructions: Set(definition.instructions.clone()),
        instructions_ar: Set(filled(&definition.instructions_ar)),
        instructions_en: Set(filled(&definition.instructions_en)),
        pass_mark: Set(i32_of(definition.pass_mark)),
        max_attempts: Set(definition.max_attempts.map(i32_of)),
        accepts_file: Set(definition.accepts_file),
        accepted_types: Set(joined(&definition.accepted_types)),
        shuffle: Set(definition.shuffle),
        version: Set(1),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    write_items(db, saved.id, saved.version, definition).await?;
    Ok(saved)
}

/// Replaces a module's assessment by a new version of it.
pub async fn replace(db: &impl ConnectionTrait, current: &assessment::Model, definition: &AssessmentDefinition) -> Result<assessment::Model, DbErr> {
    let version = current.version.saturating_add(1);
    let mut active = current.clone().into_active_model();
    active.kind = Set(definition.kind);
    active.title = Set(definition.title.clone());
    active.title_ar = Set(filled(&definition.title_ar));
    active.title_en = Set(filled(&definition.title_en));
    active.instructions = Set(definition.instructions.clone());
    active.instructions_ar = Set(filled(&definition.instructions_ar));
    active.instructions_en = Set(filled(&definition.instructions_en));
    active.pass_mark = Set(i32_of(definition.pass_mark));
    active.max_attempts = Set(definition.max_attempts.map(i32_of));
    active.accepts_file = Set(definition.accepts_file);
    active.accepted_types = Set(joined(&definition.accepted_types));
    active.shuffle = Set(definition.shuffle);
    active.version = Set(version);
    let saved = active.update(db).await?;
    write_items(db, saved.id, version, definition).await?;
    Ok(saved)
}

async fn write_items(db: &impl ConnectionTrait, assessment_id: i64, version: i32, definition: &AssessmentDefinition) -> Result<(), DbErr> {
    for (qi, question) in definition.questions.iter().enumerate() {
        let saved = quiz_question::ActiveModel {
            assessment_id: Set(assessment_id),
            version: Set(version),
            position: Set(ordinal(qi)),
            kind: Set(if question.is_multiple() { QuestionKind::Multiple } else { QuestionKind::Single }),
            prompt: Set(question.prompt.clone()),
            prompt_ar: Set(filled(&question.prompt_ar)),
            prompt_en: Set(filled(&question.prompt_en)),
            points: Set(i32_of(question.points)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if question.choices.is_empty() {
            continue;
        }
        let choices = question.choices.iter().enumerate().map(|(ci, c)| quiz_choice::ActiveModel {
            question_id: Set(saved.id),
            position: Set(ordinal(ci)),
            label: Set(c.label.clone()),
            label_ar: Set(filled(&c.label_ar)),
            label_en: Set(filled(&c.label_en)),
            correct: Set(c.correct),
            feedback: Set(filled(&c.feedback)),
            feedback_ar: Set(filled(&c.feedback_ar)),
            feedback_en: Set(filled(&c.feedback_en)),
            ..Default::default()
        });
        quiz_choice::Entity::insert_many(choices).exec_without_returning(db).await?;
    }
    for (ci, criterion) in definition.rubric.iter().enumerate() {
        let saved = rubric_criterion::ActiveModel {
            assessment_id: Set(assessment_id),
            version: Set(version),
            position: Set(ordinal(ci)),
            title: Set(criterion.title.clone()),
            title_ar: Set(filled(&criterion.title_ar)),
            title_en: Set(filled(&criterion.title_en)),
            description: Set(criterion.description.clone()),
            description_ar: Set(filled(&criterion.description_ar)),
            description_en: Set(filled(&criterion.description_en)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if criterion.levels.is_empty() {
            continue;
        }
        let levels = criterion.levels.iter().enumerate().map(|(li, l)| rubric_level::ActiveModel {
            criterion_id: Set(saved.id),
            position: Set(ordinal(li)),
            title: Set(l.title.clone()),
            title_ar: Set(filled(&l.title_ar)),
            title_en: Set(filled(&l.title_en)),
            points: Set(i32_of(l.points)),
            ..Default::default()
        });
        rubric_level::Entity::insert_many(levels).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The current version of an assessment as its authors wrote it.
pub async fn read(db: &impl ConnectionTrait, assessment: &assessment::Model) -> Result<AssessmentDefinition, DbErr> {
    let questions = assessments::questions(db, assessment.id, assessment.version).await?;
    let rubric = assessments::rubric(db, assessment.id, assessment.version).await?;
    Ok(AssessmentDefinition {
        kind: assessment.kind,
        title: assessment.title.clone(),
        title_ar: assessment.title_ar.clone(),
        title_en: assessment.title_en.clone(),
        instructions: assessment.instructions.clone(),
        instructions_ar: assessment.instructions_ar.clone(),
        instructions_en: assessment.instructions_en.clone(),
        pass_mark: u32_of(assessment.pass_mark),
        max_attempts: assessment.max_attempts.map(u32_of),
        accepts_file: assessment.accepts_file,
        accepted_types: accepted_types(assessment),
        shuffle: assessment.shuffle,
        questions: questions
            .into_iter()
            .map(|(q, choices)| {
                let multiple = q.kind == QuestionKind::Multiple;
                let correct = choices.iter().filter(|c| c.correct).count();
                QuestionDefinition {
                    prompt: q.prompt,
                    prompt_ar: q.prompt_ar,
                    prompt_en: q.prompt_en,
                    points: u32_of(q.points),
                    // Said only where the number of correct choices does not say it.
                    multiple: (multiple != (correct > 1)).then_some(multiple),
                    choices: choices
                        .into_iter()
                        .map(|c| ChoiceDefinition {
                            label: c.label,
                            label_ar: c.label_ar,
                            label_en: c.label_en,
                            correct: c.correct,
                            feedback: c.feedback,
                            feedback_ar: c.feedback_ar,
                            feedback_en: c.feedback_en,
                        })
                        .collect(),
                }
            })
            .collect(),
        rubric: rubric
            .into_iter()
            .map(|(c, levels)| CriterionDefinition {
                title: c.title,
                title_ar: c.title_ar,
                title_en: c.title_en,
                description: c.description,
                description_ar: c.description_ar,
                description_en: c.description_en,
                levels: levels
                    .into_iter()
                    .map(|l| LevelDefinition { title: l.title, title_ar: l.title_ar, title_en: l.title_en, points: u32_of(l.points) })
                    .collect(),
            })
            .collect(),
    })
}
