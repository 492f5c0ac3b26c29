//! Trainers grade assignment submissions against the rubric, with written
//! feedback; a passing grade completes the module in the same transaction.
use sea_orm::ConnectionTrait;
use shared::api::assessments::{GradeRequest, SubmissionView};
use shared::api::PersonRef;
use shared::enums::{AssessmentKind, AttemptStatus, Role};
use shared::problem::ErrorCode;

use crate::db::is_unique_violation;
use crate::domain::grading::{Criterion, grade_rubric};
use crate::entities::attempt;
use crate::error::{ApiError, ApiResult};
use crate::mail::compose;
use crate::service::actor::Actor;
use crate::service::assessments::{criterion_views, grade_view};
use crate::service::completion::complete_if_due;
use crate::service::enrolments::addressee;
use crate::state::AppState;
use crate::store::assessments::NewGrade;
use crate::store::{accounts, assessments, audit, cohorts, content, outbox, programmes};

/// Whether `actor` may see and grade submissions of this cohort.
pub async fn may_grade(db: &impl ConnectionTrait, actor: &Actor, cohort_id: i64) -> ApiResult<bool> {
    Ok(match actor.role {
        Role::Admin => true,
        Role::Trainer => cohorts::is_trainer(db, cohort_id, actor.id.unwrap_or(-1)).await?,
        _ => false,
    })
}

pub async fn submission_view(db: &impl ConnectionTrait, attempt: &attempt::Model) -> ApiResult<SubmissionView> {
    let assessment = assessments::by_id(db, attempt.assessment_id).await?.ok_or_else(ApiError::not_found)?;
    let module = programmes::module_by_id(db, assessment.module_id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohorts::by_id(db, attempt.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let learner = accounts::by_id(db, attempt.account_id).await?.ok_or_else(ApiError::not_found)?;
    let rubric = assessments::rubric(db, assessment.id).await?;
    let grade = assessments::grades_of(db, &[attempt.id]).await?.remove(&attempt.id);
    let document = match attempt.document_id {
        Some(id) => content::document_by_id(db, id).await?,
        None => None,
    };
    Ok(SubmissionView {
        id: attempt.id,
        learner: PersonRef { id: learner.id, full_name: learner.full_name, email: learner.email },
        cohort_id: cohort.id,
        cohort_name: cohort.name,
        module_id: module.id,
        module_code: module.code,
        module_title: module.title_fr,
        assessment_id: assessment.id,
        number: attempt.number.max(0) as u32,
        submitted_at: attempt.submitted_at,
        status: AttemptStatus::parse(&attempt.status).unwrap_or(AttemptStatus::Submitted),
        text: attempt.text_answer.clone(),
        file_name: document.as_ref().map(|d| d.original_name.clone()),
        file_url: document.map(|_| format!("/api/v1/submissions/{}/file", attempt.id)),
        rubric: criterion_views(&rubric),
        pass_mark: assessment.pass_mark.max(0) as u32,
        grade: match &grade {
            Some(g) => Some(grade_view(db, attempt, g).await?),
            None => None,
        },
    })
}

/// The submissions waiting for `actor`'s grade, oldest first.
pub async fn queue(db: &impl ConnectionTrait, actor: &Actor, cohort: Option<i64>, offset: u64, limit: u64) -> ApiResult<(Vec<SubmissionView>, u64)> {
    let scope: Option<Vec<i64>> = match actor.role {
        Role::Admin => cohort.map(|c| vec![c]),
        Role::Trainer => {
            let (mine, _) = cohorts::list(db, cohorts::CohortScope::TrainerOf(actor.id.unwrap_or(-1)), shared::api::PageQuery { page: 1, per_page: 10_000 }).await?;
            let ids: Vec<i64> = mine.iter().map(|c| c.id).filter(|id| cohort.is_none_or(|c| c == *id)).collect();
            Some(ids)
        }
        _ => return Err(ApiError::forbidden()),
    };
    let (attempts, total) = assessments::queue(db, scope.as_deref(), offset, limit).await?;
    let mut items = Vec::with_capacity(attempts.len());
    for attempt in &attempts {
        items.push(submission_view(db, attempt).await?);
    }
    Ok((items, total))
}

pub async fn grade(state: &AppState, actor: &Actor, attempt_id: i64, req: &GradeRequest) -> ApiResult<SubmissionView> {
    let tx = state.db.begin_write().await?;
    let attempt = assessments::attempt_by_id(&tx, attempt_id).await?.ok_or_else(ApiError::not_found)?;
    if !may_grade(&tx, actor, attempt.cohort_id).await? {
        return Err(ApiError::forbidden());
    }
    let assessment = assessments::by_id(&tx, attempt.assessment_id).await?.ok_or_else(ApiError::not_found)?;
    if assessment.kind != AssessmentKind::Assignment.as_str() || attempt.status != AttemptStatus::Submitted.as_str() {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    let rubric = assessments::rubric(&tx, assessment.id).await?;
    let criteria: Vec<Criterion> = rubric
        .iter()
        .map(|(c, levels)| Criterion { id: c.id, levels: levels.iter().map(|l| (l.id, l.points.max(0) as u32)).collect() })
        .collect();
    let chosen: Vec<(i64, i64)> = req.levels.iter().map(|l| (l.criterion_id, l.level_id)).collect();
    let score = grade_rubric(&criteria, &chosen).map_err(|code| ApiError::field("levels", code))?;
    let passed = score as i32 >= assessment.pass_mark;
    let feedback = req.feedback.clone().filter(|f| !f.trim().is_empty());
    let new = NewGrade {
        attempt_id: attempt.id,
        grader: actor.id,
        score: score as i32,
        passed,
        feedback,
        rubric: serde_json::to_value(&req.levels).unwrap_or_default(),
        allow_resubmission: req.allow_resubmission,
    };
    let saved = assessments::insert_grade(&tx, new)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::code(ErrorCode::Conflict) } else { e.into() })?;
    let module = programmes::module_by_id(&tx, assessment.module_id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohorts::by_id(&tx, attempt.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    if passed {
        complete_if_due(&tx, attempt.account_id, &module, &cohort, Some(attempt.id), actor.id).await?;
    }
    let learner = accounts::by_id(&tx, attempt.account_id).await?.ok_or_else(ApiError::not_found)?;
    let link = format!("{}/modules/{}", state.settings.base_url, module.id);
    outbox::enqueue(&tx, vec![compose::graded(&addressee(&learner), &module.title_fr, score, passed, &link, attempt.id)]).await?;
    audit::record(&tx, actor.id, "submission.grade", "attempt", attempt.id, Some(serde_json::json!({ "score": score, "grade": saved.id }))).await?;
    tx.commit().await?;
    state.mail_ready.notify_one();
    state.attestations_ready.notify_one();
    let refreshed = assessments::attempt_by_id(state.db.conn(), attempt.id).await?.ok_or_else(ApiError::not_found)?;
    submission_view(state.db.conn(), &refreshed).await
}
