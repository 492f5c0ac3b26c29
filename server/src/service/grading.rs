//! Trainers grade assignment submissions against the rubric, with written
//! feedback; a passing grade completes the module in the same transaction.
use sea_orm::ConnectionTrait;
use shared::api::assessments::{GradeRequest, SubmissionView};
use shared::api::{Page, PageQuery};
use shared::enums::{AssessmentKind, AttemptStatus, AuditAction};
use shared::lang::Lang;
use shared::num::{i32_of, u32_of};
use shared::problem::ErrorCode;

use crate::db::is_unique_violation;
use crate::domain::grading::{Criterion, grade_rubric, passes};
use crate::entities::attempt;
use crate::error::{ApiError, ApiResult};
use crate::mail::compose;
use crate::policy::{self, Actor};
use crate::service::accounts::person_ref;
use crate::service::assessments::{criterion_views, grade_view};
use crate::service::completion::complete_if_due;
use crate::service::enrolments::addressee;
use crate::service::uploads::{self, Download};
use crate::state::AppState;
use crate::store::assessments::NewGrade;
use crate::store::{accounts, assessments, audit, cohorts, content, outbox, programmes};

pub async fn submission_view(db: &impl ConnectionTrait, attempt: &attempt::Model, lang: Lang) -> ApiResult<SubmissionView> {
    let assessment = assessments::by_id(db, attempt.assessment_id).await?.ok_or_else(ApiError::not_found)?;
    let module = programmes::module_by_id(db, assessment.module_id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohorts::by_id(db, attempt.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let learner = accounts::by_id(db, attempt.account_id).await?.ok_or_else(ApiError::not_found)?;
    // The rubric the learner submitted against, even if authors changed it since.
    let rubric = assessments::rubric(db, assessment.id, attempt.assessment_version).await?;
    let grade = assessments::grades_of(db, &[attempt.id]).await?.remove(&attempt.id);
    let document = match attempt.document_id {
        Some(id) => content::document_by_id(db, id).await?,
        None => None,
    };
    Ok(SubmissionView {
        id: attempt.id,
        learner: person_ref(&learner),
        cohort_id: cohort.id,
        cohort_name: cohort.name,
        module_id: module.id,
        module_code: module.code,
        module_title: module.title_fr,
        assessment_id: assessment.id,
        number: u32_of(attempt.number),
        submitted_at: attempt.submitted_at,
        status: attempt.status,
        text: attempt.text_answer.clone(),
        file_name: document.as_ref().map(|d| d.original_name.clone()),
        file_url: document.map(|_| format!("/api/v1/submissions/{}/file", attempt.id)),
        rubric: criterion_views(&rubric, lang),
        pass_mark: u32_of(assessment.pass_mark),
        grade: match &grade {
            Some(g) => Some(grade_view(db, attempt, g).await?),
            None => None,
        },
    })
}

/// The submissions waiting for `actor`'s grade, oldest first.
pub async fn queue(state: &AppState, actor: &Actor, cohort: Option<i64>, page: PageQuery, lang: Lang) -> ApiResult<Page<SubmissionView>> {
    let scope = policy::grading_scope(actor)?;
    let db = state.db.conn();
    let (attempts, total) = assessments::queue(db, scope, cohort, page.offset(), page.per_page).await?;
    let mut items = Vec::with_capacity(attempts.len());
    for attempt in &attempts {
        items.push(submission_view(db, attempt, lang).await?);
    }
    Ok(Page::new(items, total, page))
}

/// A submission, to its author and to whoever may grade its cohort.
async fn visible_attempt(state: &AppState, actor: &Actor, id: i64) -> ApiResult<attempt::Model> {
    let db = state.db.conn();
    let attempt = assessments::attempt_by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_see_submission(db, actor, attempt.account_id, attempt.cohort_id).await?;
    Ok(attempt)
}

pub async fn submission(state: &AppState, actor: &Actor, id: i64, lang: Lang) -> ApiResult<SubmissionView> {
    let attempt = visible_attempt(state, actor, id).await?;
    submission_view(state.db.conn(), &attempt, lang).await
}

/// The file of a submission: its author and the cohort's trainers.
pub async fn file(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Download> {
    let attempt = visible_attempt(state, actor, id).await?;
    let doc_id = attempt.document_id.ok_or_else(ApiError::not_found)?;
    let doc = content::document_by_id(state.db.conn(), doc_id).await?.ok_or_else(ApiError::not_found)?;
    uploads::download(state, &doc).await
}

pub async fn grade(state: &AppState, actor: &Actor, attempt_id: i64, req: &GradeRequest, lang: Lang) -> ApiResult<SubmissionView> {
    let tx = state.db.begin_write().await?;
    let attempt = assessments::attempt_by_id(&tx, attempt_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, attempt.cohort_id).await?;
    let assessment = assessments::by_id(&tx, attempt.assessment_id).await?.ok_or_else(ApiError::not_found)?;
    if assessment.kind != AssessmentKind::Assignment || attempt.status != AttemptStatus::Submitted {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    let rubric = assessments::rubric(&tx, assessment.id, attempt.assessment_version).await?;
    let criteria: Vec<Criterion> =
        rubric.iter().map(|(c, levels)| Criterion { id: c.id, levels: levels.iter().map(|l| (l.id, u32_of(l.points))).collect() }).collect();
    let chosen: Vec<(i64, i64)> = req.levels.iter().map(|l| (l.criterion_id, l.level_id)).collect();
    let score = grade_rubric(&criteria, &chosen).map_err(|code| ApiError::field("levels", code))?;
    let passed = passes(score, assessment.pass_mark);
    let feedback = req.feedback.clone().filter(|f| !f.trim().is_empty());
    let new = NewGrade {
        attempt_id: attempt.id,
        grader: actor.id,
        score: i32_of(score),
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
    audit::record(&tx, actor.id, AuditAction::SubmissionGrade, attempt.id, Some(serde_json::json!({ "score": score, "grade": saved.id }))).await?;
    tx.commit().await?;
    state.mail_ready.notify_one();
    state.attestations_ready.notify_one();
    let refreshed = assessments::attempt_by_id(state.db.conn(), attempt.id).await?.ok_or_else(ApiError::not_found)?;
    submission_view(state.db.conn(), &refreshed, lang).await
}
