//! QR self check-in. The trainer's screen shows a code that changes every 30
//! seconds; a learner signed in on their phone scans it and is recorded
//! present (or late) — only at that session, only during its window, only if
//! enrolled in its cohort, and only once. Codes are derived from a secret
//! kept with the session, so every server process agrees on them.
use shared::api::attendance::{CheckInCode, CheckInReceipt, CheckInRequest};
use shared::enums::AuditAction;
use shared::problem::ErrorCode;

use crate::clock::now;
use crate::domain::workshops;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::attendance::complete_those_who_passed;
use crate::state::AppState;
use crate::store::{attendance, audit};

/// The address a check-in QR code opens: the learner's app, which posts the code.
pub fn check_in_url(base_url: &str, session_id: i64, code: &str) -> String {
    format!("{base_url}/check-in/{session_id}/{code}")
}

/// The code to show now (trainers of the cohort and administrators).
pub async fn code(state: &AppState, actor: &Actor, session_id: i64) -> ApiResult<CheckInCode> {
    let db = state.db.conn();
    let session = attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, session.cohort_id).await?;
    let secret = attendance::checkin_secret(db, &session).await?;
    let at = now();
    let code = workshops::code(&secret, session.id, workshops::window_of(at));
    let url = check_in_url(&state.settings.base_url, session.id, &code);
    Ok(CheckInCode { svg: crate::attestation::qr::svg(&url)?, url, code, refresh_at: workshops::window_end(at) })
}

pub async fn check_in(state: &AppState, actor: &Actor, session_id: i64, req: &CheckInRequest) -> ApiResult<CheckInReceipt> {
    let learner = policy::learner(actor)?;
    let tx = state.db.begin_write().await?;
    let session = attendance::by_id(&tx, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_check_in(&tx, learner, session.cohort_id).await?;
    let at = now();
    if !workshops::is_open(session.starts_at, shared::num::u32_of(session.duration_minutes), at) {
        return Err(ApiError::code(ErrorCode::CheckInClosed));
    }
    let secret = attendance::checkin_secret(&tx, &session).await?;
    if !workshops::code_is_current(&secret, session.id, &req.code, at) {
        return Err(ApiError::code(ErrorCode::CheckInCodeInvalid));
    }
    let status = workshops::arrival(session.starts_at, at);
    if !attendance::check_in(&tx, session.id, learner, status).await? {
        return Err(ApiError::code(ErrorCode::AlreadyCheckedIn));
    }
    if let Some(module_id) = session.module_id {
        complete_those_who_passed(&tx, session.cohort_id, module_id, &[learner], Some(learner)).await?;
    }
    audit::record(&tx, Some(learner), AuditAction::AttendanceCheckIn, session.id, Some(serde_json::json!({ "status": status }))).await?;
    tx.commit().await?;
    state.attestations_ready.notify_one();
    Ok(CheckInReceipt { session_id: session.id, title: session.title, status })
}
