//! In-person sessions and their attendance sheets. Recording attendance may
//! complete modules whose assessment was already passed.
use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;
use shared::api::attendance::{AttendanceLine, AttendanceRequest, AttendanceSheet, SessionInput, SessionView};

use shared::enums::AuditAction;
use shared::num::{count, u32_of};

use crate::entities::cohort_session;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, PeopleScope};
use crate::service::completion::complete_if_due;
use crate::state::AppState;
use crate::store::{assessments, attendance, audit, cohorts, enrolments, programmes};

pub async fn session_view(db: &impl ConnectionTrait, session: &cohort_session::Model) -> ApiResult<SessionView> {
    let records = attendance::records(db, &[session.id]).await?;
    Ok(SessionView {
        id: session.id,
        cohort_id: session.cohort_id,
        module_id: session.module_id,
        title: session.title.clone(),
        starts_at: session.starts_at,
        duration_minutes: u32_of(session.duration_minutes),
        location: session.location.clone(),
        present: count(records.iter().filter(|r| r.present).count()),
        recorded: count(records.len()),
    })
}

/// In-person sessions of a cohort, for its trainers and administrators.
pub async fn list(state: &AppState, actor: &Actor, cohort_id: i64) -> ApiResult<Vec<SessionView>> {
    let db = state.db.conn();
    cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, cohort_id).await?;
    let mut views = Vec::new();
    for session in attendance::of_cohort(db, cohort_id).await? {
        views.push(session_view(db, &session).await?);
    }
    Ok(views)
}

pub async fn create(state: &AppState, actor: &Actor, cohort_id: i64, input: &SessionInput) -> ApiResult<SessionView> {
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, cohort.id).await?;
    if let Some(module_id) = input.module_id {
        let ok = programmes::module_by_id(&tx, module_id).await?.is_some_and(|m| m.programme_id == cohort.programme_id);
        if !ok {
            return Err(ApiError::field_with("module_id", "unknown_module", &[("code", module_id.to_string())]));
        }
    }
    let saved = attendance::insert(&tx, cohort.id, input).await?;
    audit::record(&tx, actor.id, AuditAction::SessionCreate, saved.id, None).await?;
    let view = session_view(&tx, &saved).await?;
    tx.commit().await?;
    Ok(view)
}

pub async fn sheet(state: &AppState, actor: &Actor, session_id: i64) -> ApiResult<AttendanceSheet> {
    sheet_in(state.db.conn(), actor, session_id).await
}

async fn sheet_in(db: &impl ConnectionTrait, actor: &Actor, session_id: i64) -> ApiResult<AttendanceSheet> {
    let session = attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, session.cohort_id).await?;
    let records: HashMap<i64, bool> = attendance::records(db, &[session.id]).await?.into_iter().map(|r| (r.account_id, r.present)).collect();
    let (learners, _) = enrolments::list(db, session.cohort_id, PeopleScope::All, None).await?;
    Ok(AttendanceSheet {
        session: session_view(db, &session).await?,
        learners: learners
            .into_iter()
            .map(|(_, a, _)| AttendanceLine { account_id: a.id, present: records.get(&a.id).copied(), full_name: a.full_name })
            .collect(),
    })
}

pub async fn record(state: &AppState, actor: &Actor, session_id: i64, req: &AttendanceRequest) -> ApiResult<AttendanceSheet> {
    let tx = state.db.begin_write().await?;
    let session = attendance::by_id(&tx, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(&tx, actor, session.cohort_id).await?;
    let (learners, _) = enrolments::list(&tx, session.cohort_id, PeopleScope::All, None).await?;
    let enrolled: HashSet<i64> = learners.iter().map(|(_, a, _)| a.id).collect();
    if req.records.iter().any(|r| !enrolled.contains(&r.account_id)) {
        return Err(ApiError::field("records", "unknown_learner"));
    }
    let entries: Vec<(i64, bool)> = req.records.iter().map(|r| (r.account_id, r.present)).collect();
    attendance::record(&tx, session.id, &entries, actor.id).await?;
    // Learners who had passed the module's assessment may complete it now.
    if let Some(module_id) = session.module_id {
        let cohort = cohorts::by_id(&tx, session.cohort_id).await?.ok_or_else(ApiError::not_found)?;
        let module = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
        if let Some(assessment) = assessments::by_module(&tx, module_id).await? {
            let present: Vec<i64> = entries.iter().filter(|(_, p)| *p).map(|(id, _)| *id).collect();
            for attempt in assessments::attempts_among(&tx, &[assessment.id], &present).await? {
                if attempt.passed == Some(true) {
                    complete_if_due(&tx, attempt.account_id, &module, &cohort, Some(attempt.id), actor.id).await?;
                }
            }
        }
    }
    audit::record(&tx, actor.id, AuditAction::AttendanceRecord, session.id, Some(serde_json::json!({ "records": entries.len() }))).await?;
    let sheet = sheet_in(&tx, actor, session.id).await?;
    tx.commit().await?;
    state.attestations_ready.notify_one();
    Ok(sheet)
}
