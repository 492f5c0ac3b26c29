//! Taking assessments. Quizzes are graded on submission and the correct
//! answers never leave the server before; assignments wait for a trainer.
//! A passing quiz completes the module in the same transaction.
use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;
use shared::api::assessments::{
    AssessmentView, AttemptRequest, AttemptView, ChoiceView, CriterionView, GradeView, LevelView, QuestionResult, QuestionView, QuizAnswer,
    RubricChoice,
};
use shared::api::common::in_lang;
use shared::enums::{AssessmentKind, AttemptStatus, QuestionKind};
use shared::i18n::k;
use shared::lang::Lang;
use shared::num::{i32_of, u32_of};
use shared::problem::ErrorCode;

use crate::db::is_unique_violation;
use crate::domain::grading::{Question, grade_quiz, passes};
use crate::entities::{assessment, attempt, grade, quiz_choice, quiz_question, rubric_criterion, rubric_level};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::completion::complete_if_due;
use crate::service::map::learner_access;
use crate::service::uploads::{self, Upload};
use crate::state::AppState;
use crate::store::assessment_definitions;
use crate::store::assessments::{self, NewAttempt};
use crate::store::{accounts, cohorts, completions, content};

pub fn criterion_views(rubric: &[(rubric_criterion::Model, Vec<rubric_level::Model>)], lang: Lang) -> Vec<CriterionView> {
    rubric
        .iter()
        .map(|(c, levels)| {
            let (title, mut untranslated) = in_lang(lang, &c.title, &c.title_ar, &c.title_en);
            let description = c.description.as_deref().map(|fr| {
                let (text, fallback) = in_lang(lang, fr, &c.description_ar, &c.description_en);
                untranslated |= fallback;
                text.to_string()
            });
            let levels = levels
                .iter()
                .map(|l| {
                    let (title, fallback) = in_lang(lang, &l.title, &l.title_ar, &l.title_en);
                    untranslated |= fallback;
                    LevelView { id: l.id, title: title.to_string(), points: u32_of(l.points) }
                })
                .collect();
            CriterionView { id: c.id, title: title.to_string(), description, levels, untranslated }
        })
        .collect()
}

fn question_view(question: &quiz_question::Model, choices: &[quiz_choice::Model], lang: Lang) -> QuestionView {
    let (prompt, mut untranslated) = in_lang(lang, &question.prompt, &question.prompt_ar, &question.prompt_en);
    let choices = choices
        .iter()
        .map(|c| {
            let (label, fallback) = in_lang(lang, &c.label, &c.label_ar, &c.label_en);
            untranslated |= fallback;
            ChoiceView { id: c.id, label: label.to_string() }
        })
        .collect();
    QuestionView { id: question.id, kind: question.kind, prompt: prompt.to_string(), points: u32_of(question.points), choices, untranslated }
}

pub async fn grade_view(db: &impl ConnectionTrait, attempt: &attempt::Model, grade: &grade::Model) -> ApiResult<GradeView> {
    let grader = match grade.grader_id {
        Some(id) => accounts::by_id(db, id).await?.map(|a| a.full_name),
        None => None,
    };
    let levels: Vec<RubricChoice> = grade.rubric.clone().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    Ok(GradeView {
        score: u32_of(grade.score_percent),
        passed: attempt.passed.unwrap_or(false),
        feedback: grade.feedback.clone(),
        allow_resubmission: grade.allow_resubmission,
        grader,
        graded_at: grade.graded_at,
        levels,
    })
}

pub async fn attempt_view(db: &impl ConnectionTrait, attempt: &attempt::Model, grade: Option<&grade::Model>, lang: Lang) -> ApiResult<AttemptView> {
    let document = match attempt.document_id {
        Some(id) => content::document_by_id(db, id).await?,
        None => None,
    };
    let results: Vec<(i64, bool)> =
        attempt.answers.as_ref().and_then(|a| a.get("correct")).and_then(|c| serde_json::from_value(c.clone()).ok()).unwrap_or_default();
    let answers: Vec<QuizAnswer> =
        attempt.answers.as_ref().and_then(|a| a.get("answers")).and_then(|a| serde_json::from_value(a.clone()).ok()).unwrap_or_default();
    // The choices stay with the version the attempt answered, so their feedback does too.
    let chosen = assessments::choices_by_ids(db, answers.iter().flat_map(|a| a.choice_ids.iter().copied())).await?;
    let questions = results
        .into_iter()
        .map(|(question_id, correct)| QuestionResult {
            question_id,
            correct,
            feedback: answers
                .iter()
                .filter(|a| a.question_id == question_id)
                .flat_map(|a| a.choice_ids.iter())
                .filter_map(|id| chosen.iter().find(|c| c.id == *id && c.question_id == question_id))
                .filter_map(|c| c.feedback.as_deref().map(|fr| in_lang(lang, fr, &c.feedback_ar, &c.feedback_en).0.to_string()))
                .collect(),
        })
        .collect();
    Ok(AttemptView {
        id: attempt.id,
        number: u32_of(attempt.number),
        status: attempt.status,
        submitted_at: attempt.submitted_at,
        score: attempt.score_percent.map(u32_of),
        passed: attempt.passed,
        text: attempt.text_answer.clone(),
        file_name: document.as_ref().map(|d| d.original_name.clone()),
        file_url: document.map(|_| format!("/api/v1/submissions/{}/file", attempt.id)),
        grade: match grade {
            Some(g) => Some(grade_view(db, attempt, g).await?),
            None => None,
        },
        questions,
    })
}

/// A learner's own order for a shuffled quiz: the same on every reload of
/// one attempt, another for the next attempt.
fn shuffle_key(seed: (i64, i64, usize), id: i64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (seed, id).hash(&mut hasher);
    hasher.finish()
}

/// Why the learner may not submit now, if they may not.
fn blocked_by(
    assessment: &assessment::Model,
    attempts: &[attempt::Model],
    grades: &HashMap<i64, grade::Model>,
    completed: bool,
) -> Option<ErrorCode> {
    if completed {
        return Some(ErrorCode::Conflict);
    }
    if assessment.max_attempts.is_some_and(|max| i64::try_from(attempts.len()).unwrap_or(i64::MAX) >= i64::from(max)) {
        return Some(ErrorCode::AttemptsExhausted);
    }
    if assessment.kind == AssessmentKind::Assignment {
        if attempts.iter().any(|a| a.status == AttemptStatus::Submitted) {
            return Some(ErrorCode::Conflict);
        }
        // After a grade, only the trainer's leave allows another submission.
        if let Some(last) = attempts.last()
            && !grades.get(&last.id).is_some_and(|g| g.allow_resubmission)
        {
            return Some(ErrorCode::Conflict);
        }
    }
    None
}

pub async fn view(state: &AppState, actor: &Actor, module_id: i64, lang: Lang) -> ApiResult<AssessmentView> {
    let account_id = policy::learner(actor)?;
    let db = state.db.conn();
    learner_access(state, account_id, module_id).await?;
    let assessment = assessments::by_module(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    let questions = assessments::questions(db, assessment.id, assessment.version).await?;
    let rubric = assessments::rubric(db, assessment.id, assessment.version).await?;
    let attempts = assessments::attempts_of(db, assessment.id, account_id).await?;
    let grades = assessments::grades_of(db, &attempts.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let completed = completions::of_account(db, account_id, &[module_id]).await?.contains_key(&module_id);
    let mut attempt_views = Vec::with_capacity(attempts.len());
    for attempt in &attempts {
        attempt_views.push(attempt_view(db, attempt, grades.get(&attempt.id), lang).await?);
    }
    let blocked = blocked_by(&assessment, &attempts, &grades, completed);
    let mut questions: Vec<QuestionView> = questions.iter().map(|(q, choices)| question_view(q, choices, lang)).collect();
    if assessment.shuffle {
        let seed = (account_id, assessment.id, attempts.len());
        questions.sort_by_key(|q| shuffle_key(seed, q.id));
        for q in &mut questions {
            q.choices.sort_by_key(|c| shuffle_key(seed, c.id));
        }
    }
    let (title, title_fallback) = in_lang(lang, &assessment.title, &assessment.title_ar, &assessment.title_en);
    let instructions = assessment.instructions.as_deref().map(|fr| in_lang(lang, fr, &assessment.instructions_ar, &assessment.instructions_en));
    Ok(AssessmentView {
        id: assessment.id,
        module_id,
        kind: assessment.kind,
        title: title.to_string(),
        instructions: instructions.map(|(text, _)| text.to_string()),
        untranslated: title_fallback || instructions.is_some_and(|(_, fallback)| fallback),
        pass_mark: u32_of(assessment.pass_mark),
        max_attempts: assessment.max_attempts.map(u32_of),
        accepts_file: assessment.accepts_file,
        accepted_types: assessment_definitions::accepted_types(&assessment),
        questions,
        rubric: criterion_views(&rubric, lang),
        attempts: attempt_views,
        can_submit: blocked.is_none(),
        blocked_by: blocked,
        next_module: if completed { crate::service::map::next_module(state, account_id, module_id).await? } else { None },
        completed,
    })
}

/// What became of a submission: the attempt, and whether it was recorded
/// earlier under the same key (a replay changes nothing).
pub struct Submitted {
    pub attempt: AttemptView,
    pub replayed: bool,
}

/// Submits an attempt. Concurrent submissions by one learner are safe: the
/// attempt number and the completion are both settled by unique constraints,
/// and a losing transaction is retried from the start. A submission sent
/// again with the same `client_key` (a phone that never saw the answer)
/// returns the attempt recorded the first time, even if the module has been
/// locked or completed since.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    assessment_id: i64,
    req: &AttemptRequest,
    file: Option<Upload>,
    client_key: Option<&str>,
    lang: Lang,
) -> ApiResult<Submitted> {
    let account_id = policy::learner(actor)?;
    let db = state.db.conn();
    if let Some(earlier) = replay(db, account_id, assessment_id, client_key).await? {
        return Ok(Submitted { attempt: attempt_view(db, &earlier, None, lang).await?, replayed: true });
    }
    let assessment = assessments::by_id(db, assessment_id).await?.ok_or_else(ApiError::not_found)?;
    let access = learner_access(state, account_id, assessment.module_id).await?;
    let kind = assessment.kind;

    // Quizzes are graded before any write.
    let quiz = if kind == AssessmentKind::Quiz {
        let questions: Vec<Question> = assessments::questions(db, assessment.id, assessment.version)
            .await?
            .into_iter()
            .map(|(q, choices)| Question {
                id: q.id,
                multiple: q.kind == QuestionKind::Multiple,
                points: u32_of(q.points),
                choices: choices.iter().map(|c| c.id).collect(),
                correct: choices.iter().filter(|c| c.correct).map(|c| c.id).collect(),
            })
            .collect();
        let answers: HashMap<i64, HashSet<i64>> = req.answers.iter().map(|a| (a.question_id, a.choice_ids.iter().copied().collect())).collect();
        let result = grade_quiz(&questions, &answers)
            .map_err(|e| ApiError::field_with("answers", e.code, &[("question", e.question_id.unwrap_or(0).to_string())]))?;
        Some(result)
    } else {
        if req.text.as_deref().is_none_or(|t| t.trim().is_empty()) && file.is_none() {
            return Err(ApiError::field("text", "text_or_file"));
        }
        if file.is_some() && !assessment.accepts_file {
            return Err(ApiError::field("file", "file_type"));
        }
        let accepted = assessment_definitions::accepted_types(&assessment);
        if let Some(upload) = &file
            && !accepted.is_empty()
            && !accepted.contains(&uploads::extension(&upload.file_name))
        {
            return Err(ApiError::field_with("file", "file_type_not_accepted", &[("types", accepted.join(", "))]));
        }
        None
    };
    let document = match file {
        Some(upload) => Some(uploads::store(state, uploads::Owner::Submission, upload, Some(account_id)).await?),
        None => None,
    };

    for _ in 0..8 {
        let tx = state.db.begin_write().await?;
        if let Some(earlier) = replay(&tx, account_id, assessment_id, client_key).await? {
            drop(tx);
            return Ok(Submitted { attempt: attempt_view(db, &earlier, None, lang).await?, replayed: true });
        }
        let attempts = assessments::attempts_of(&tx, assessment.id, account_id).await?;
        let grades = assessments::grades_of(&tx, &attempts.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
        let completed = completions::of_account(&tx, account_id, &[assessment.module_id]).await?.contains_key(&assessment.module_id);
        if let Some(code) = blocked_by(&assessment, &attempts, &grades, completed) {
            return Err(if completed { ApiError::with_key(code, k::UI_ALREADY_COMPLETED) } else { ApiError::code(code) });
        }
        let number = assessments::next_number(&tx, assessment.id, account_id).await?;
        let (score, passed) = match &quiz {
            Some(result) => (Some(i32_of(result.score)), Some(passes(result.score, assessment.pass_mark))),
            None => (None, None),
        };
        let inserted = assessments::insert_attempt(
            &tx,
            NewAttempt {
                assessment_id: assessment.id,
                assessment_version: assessment.version,
                account_id,
                cohort_id: access.cohort_id,
                number,
                graded: quiz.is_some(),
                answers: quiz.as_ref().map(|r| serde_json::json!({ "answers": req.answers, "correct": r.correct })),
                text: req.text.clone().filter(|t| !t.trim().is_empty()),
                document_id: document.as_ref().map(|d| d.id),
                score,
                passed,
                client_key: client_key.map(str::to_owned),
            },
        )
        .await;
        let attempt = match inserted {
            Ok(a) => a,
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        if passed == Some(true) {
            let cohort = cohorts::by_id(&tx, access.cohort_id).await?.ok_or_else(ApiError::not_found)?;
            complete_if_due(&tx, account_id, &access.module, &cohort, Some(attempt.id), None).await?;
        }
        match tx.commit().await {
            Ok(()) => {
                state.attestations_ready.notify_one();
                return Ok(Submitted { attempt: attempt_view(db, &attempt, None, lang).await?, replayed: false });
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::code(ErrorCode::Conflict))
}

/// The attempt already recorded under this learner's `key`. The same key on
/// another assessment is the device's mistake, refused rather than ignored.
async fn replay(db: &impl ConnectionTrait, account_id: i64, assessment_id: i64, key: Option<&str>) -> ApiResult<Option<attempt::Model>> {
    let Some(key) = key else { return Ok(None) };
    match assessments::attempt_by_client_key(db, account_id, key).await? {
        Some(earlier) if earlier.assessment_id == assessment_id => Ok(Some(earlier)),
        Some(_) => Err(ApiError::field("idempotency_key", "idempotency_key_reused")),
        None => Ok(None),
    }
}
