//! In-person sessions and their attendance sheets. Recording attendance may
//! complete modules whose assessment was already passed.
//!
//! A completion, once recorded, stands: a later correction of attendance
//! (present → absent) does not take it back and does not revoke its
//! attestation. An administrator who must withdraw one revokes the
//! attestation explicitly, with a reason, like any other (see docs/API.md).
use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;
use shared::api::attendance::{AttendanceLine, AttendanceRequest, AttendanceSheet, SessionInput, SessionView};
use shared::enums::{AttendanceStatus, AuditAction};
use shared::num::{count, u32_of};
use shared::problem::ErrorCode;

use crate::entities::{attendance as record, cohort, cohort_session};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, PeopleScope};
use crate::service::completion::complete_if_due;
use crate::service::content::document_view;
use crate::service::uploads::{self, Owner, Upload};
use crate::state::AppState;
use crate::store::{assessments, attendance, audit, cohorts, content, enrolments, programmes};

fn view(session: &cohort_session::Model, records: &[&record::Model]) -> SessionView {
    SessionView {
        id: session.id,
        cohort_id: session.cohort_id,
        module_id: session.module_id,
        title: session.title.clone(),
        starts_at: session.starts_at,
        duration_minutes: u32_of(session.duration_minutes),
        location: session.location.clone(),
        present: count(records.iter().filter(|r| r.status.attended()).count()),
        recorded: count(records.len()),
    }
}

pub async fn session_view(db: &impl ConnectionTrait, session: &cohort_session::Model) -> ApiResult<SessionView> {
    let records = attendance::records(db, &[session.id]).await?;
    Ok(view(session, &records.iter().collect::<Vec<_>>()))
}

/// In-person sessions of a cohort, for its trainers and administrators.
pub async fn list(state: &AppState, actor: &Actor, cohort_id: i64) -> ApiResult<Vec<SessionView>> {
    let db = state.db.conn();
    cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, cohort_id).await?;
    let sessions = attendance::of_cohort(db, cohort_id).await?;
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let records = attendance::records(db, &ids).await?;
    let mut by_session: HashMap<i64, Vec<&record::Model>> = HashMap::new();
    for r in &records {
        by_session.entry(r.session_id).or_default().push(r);
    }
    Ok(sessions.iter().map(|s| view(s, by_session.get(&s.id).map_or(&[][..], Vec::as_slice))).collect())
}

/// A session's module must be one of its cohort's programme.
async fn check_module(db: &impl ConnectionTrait, cohort: &cohort::Model, input: &SessionInput) -> ApiResult<()> {
    if let Some(module_id) = input.module_id {
        let ok = programmes::module_by_id(db, module_id).await?.is_some_and(|m| m.programme_id == cohort.programme_id);
        if !ok {
            return Err(ApiError::field_with("module_id", "unknown_module", &[("code", module_id.to_string())]));
        }
    }
    Ok(())
}

pub async fn create(state: &AppState, actor: &Actor, cohort_id: i64, input: &SessionInput) -> ApiResult<SessionView> {
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, cohort.id).await?;
    check_module(&tx, &cohort, input).await?;
    let saved = attendance::insert(&tx, cohort.id, input).await?;
    audit::record(&tx, actor.id, AuditAction::SessionCreate, saved.id, None).await?;
    let view = session_view(&tx, &saved).await?;
    tx.commit().await?;
    Ok(view)
}

/// Moves, renames or re-links a session. Its attendance stays as recorded.
pub async fn update(state: &AppState, actor: &Actor, session_id: i64, input: &SessionInput) -> ApiResult<SessionView> {
    let tx = state.db.begin_write().await?;
    let session = attendance::by_id(&tx, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, session.cohort_id).await?;
    let cohort = cohorts::by_id(&tx, session.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    check_module(&tx, &cohort, input).await?;
    let saved = attendance::update(&tx, session, input).await?;
    audit::record(&tx, actor.id, AuditAction::SessionUpdate, saved.id, None).await?;
    let view = session_view(&tx, &saved).await?;
    tx.commit().await?;
    Ok(view)
}

/// Deletes a session planned by mistake. One with attendance recorded (or a
/// signed sheet attached) is evidence for funders and stays (409).
pub async fn delete(state: &AppState, actor: &Actor, session_id: i64) -> ApiResult<()> {
    let tx = state.db.begin_write().await?;
    let session = attendance::by_id(&tx, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, session.cohort_id).await?;
    if !attendance::records(&tx, &[session.id]).await?.is_empty() || !content::documents_of_session(&tx, session.id).await?.is_empty() {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    attendance::delete(&tx, session.id).await?;
    audit::record(&tx, actor.id, AuditAction::SessionDelete, session.id, Some(serde_json::json!({ "title": session.title }))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn sheet(state: &AppState, actor: &Actor, session_id: i64) -> ApiResult<AttendanceSheet> {
    sheet_in(state.db.conn(), actor, session_id).await
}

pub(crate) async fn sheet_in(db: &impl ConnectionTrait, actor: &Actor, session_id: i64) -> ApiResult<AttendanceSheet> {
    let session = attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, session.cohort_id).await?;
    let records = attendance::records(db, &[session.id]).await?;
    let by_learner: HashMap<i64, &record::Model> = records.iter().map(|r| (r.account_id, r)).collect();
    let (learners, _) = enrolments::list(db, session.cohort_id, PeopleScope::All, None).await?;
    let scans = content::documents_of_session(db, session.id).await?.iter().map(document_view).collect();
    Ok(AttendanceSheet {
        scans,
        session: view(&session, &records.iter().collect::<Vec<_>>()),
        learners: learners
            .into_iter()
            .map(|(_, a, _)| {
                let r = by_learner.get(&a.id);
                AttendanceLine { account_id: a.id, status: r.map(|r| r.status), by_self: r.is_some_and(|r| r.by_self), full_name: a.full_name }
            })
            .collect(),
    })
}

/// Attaches a photo or scan of the signed sign-in sheet (an image or a PDF).
pub async fn attach_scan(state: &AppState, actor: &Actor, session_id: i64, upload: Upload) -> ApiResult<AttendanceSheet> {
    let db = state.db.conn();
    let session = attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, session.cohort_id).await?;
    let is_picture = uploads::sniff(&upload.file_name, &upload.bytes).is_some_and(|t| t.starts_with("image/") || t == "application/pdf");
    if !is_picture {
        return Err(ApiError::field("file", "file_type"));
    }
    let saved = uploads::store(state, Owner::Session(session.id), upload, actor.id).await?;
    audit::record(db, actor.id, AuditAction::SessionUpdate, session.id, Some(serde_json::json!({ "signed_sheet": saved.id }))).await?;
    sheet_in(db, actor, session.id).await
}

pub async fn record(state: &AppState, actor: &Actor, session_id: i64, req: &AttendanceRequest) -> ApiResult<AttendanceSheet> {
    let tx = state.db.begin_write().await?;
    let session = attendance::by_id(&tx, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, session.cohort_id).await?;
    let (learners, _) = enrolments::list(&tx, session.cohort_id, PeopleScope::All, None).await?;
    let enrolled: Vec<i64> = learners.iter().map(|(_, a, _)| a.id).collect();
    let known: HashSet<i64> = enrolled.iter().copied().collect();
    if req.records.iter().any(|r| !known.contains(&r.account_id)) {
        return Err(ApiError::field("records", "unknown_learner"));
    }
    let mut entries: Vec<(i64, AttendanceStatus)> = req.records.iter().map(|r| (r.account_id, r.status)).collect();
    if let Some(others) = req.others {
        let listed: HashSet<i64> = entries.iter().map(|(id, _)| *id).collect();
        entries.extend(enrolled.iter().filter(|id| !listed.contains(id)).map(|id| (*id, others)));
    }
    let before: HashMap<i64, AttendanceStatus> =
        attendance::records(&tx, &[session.id]).await?.into_iter().map(|r| (r.account_id, r.status)).collect();
    // A status sent again unchanged is not a change: it keeps who recorded it
    // (a learner's own check-in stays marked as such) and adds no audit line.
    entries.retain(|(id, status)| before.get(id) != Some(status));
    attendance::record(&tx, session.id, &entries, actor.id).await?;
    if let Some(module_id) = session.module_id {
        let learners: Vec<i64> = entries.iter().map(|(id, _)| *id).collect();
        complete_those_who_passed(&tx, session.cohort_id, module_id, &learners, actor.id).await?;
    }
    // What changed, learner by learner: the audit log answers "who marked me absent?".
    let changes: Vec<serde_json::Value> =
        entries.iter().map(|(id, status)| serde_json::json!({ "account_id": id, "from": before.get(id), "to": status })).collect();
    if !changes.is_empty() {
        audit::record(&tx, actor.id, AuditAction::AttendanceRecord, session.id, Some(serde_json::json!({ "changes": changes }))).await?;
    }
    let sheet = sheet_in(&tx, actor, session.id).await?;
    tx.commit().await?;
    state.attestations_ready.notify_one();
    Ok(sheet)
}

/// Learners who had passed the module's assessment may complete it now that
/// their attendance is known (`complete_if_due` weighs the attendance rule).
pub(crate) async fn complete_those_who_passed(
    db: &impl ConnectionTrait,
    cohort_id: i64,
    module_id: i64,
    learners: &[i64],
    recorded_by: Option<i64>,
) -> ApiResult<()> {
    let cohort = cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let module = programmes::module_by_id(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    if let Some(assessment) = assessments::by_module(db, module_id).await? {
        for attempt in assessments::attempts_among(db, &[assessment.id], learners).await? {
            if attempt.passed == Some(true) {
                complete_if_due(db, attempt.account_id, &module, &cohort, Some(attempt.id), recorded_by).await?;
            }
        }
    }
    Ok(())
}
