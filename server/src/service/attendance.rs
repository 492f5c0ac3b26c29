//! In-person sessions and their attendance sheets. Recording attendance may
//! complete modules whose assessment was already passed.
use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;
use shared::api::attendance::{AttendanceLine, AttendanceRequest, AttendanceSheet, SessionInput, SessionView};

use crate::entities::cohort_session;
use crate::error::{ApiError, ApiResult};
use crate::service::actor::Actor;
use crate::service::completion::complete_if_due;
use crate::service::grading::may_grade;
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
        duration_minutes: session.duration_minutes.max(0) as u32,
        location: session.location.clone(),
        present: records.iter().filter(|r| r.present).count() as u32,
        recorded: records.len() as u32,
    })
}

pub async fn create(state: &AppState, actor: &Actor, cohort_id: i64, input: &SessionInput) -> ApiResult<SessionView> {
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    if !may_grade(&tx, actor, cohort.id).await? {
        return Err(ApiError::forbidden());
    }
    if let Some(module_id) = input.module_id {
        let ok = programmes::module_by_id(&tx, module_id).await?.is_some_and(|m| m.programme_id == cohort.programme_id);
        if !ok {
            return Err(ApiError::field_with("module_id", "unknown_module", &[("code", module_id.to_string())]));
        }
    }
    let saved = attendance::insert(&tx, cohort.id, input).await?;
    audit::record(&tx, actor.id, "session.create", "cohort_session", saved.id, None).await?;
    tx.commit().await?;
    session_view(state.db.conn(), &saved).await
}

pub async fn sheet(db: &impl ConnectionTrait, actor: &Actor, session_id: i64) -> ApiResult<AttendanceSheet> {
    let session = attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
    if !may_grade(db, actor, session.cohort_id).await? {
        return Err(ApiError::forbidden());
    }
    let records: HashMap<i64, bool> = attendance::records(db, &[session.id]).await?.into_iter().map(|r| (r.account_id, r.present)).collect();
    let (learners, _) = enrolments::list(db, session.cohort_id, None, None).await?;
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
    if !may_grade(&tx, actor, session.cohort_id).await? {
        return Err(ApiError::forbidden());
    }
    let (learners, _) = enrolments::list(&tx, session.cohort_id, None, None).await?;
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
    audit::record(&tx, actor.id, "attendance.record", "cohort_session", session.id, Some(serde_json::json!({ "records": entries.len() }))).await?;
    tx.commit().await?;
    state.attestations_ready.notify_one();
    sheet(state.db.conn(), actor, session.id).await
}
