//! Revocation as a process: revoking (a reason kept internal, an optional
//! public note, the holder told by mail), undoing it within a period, and
//! reissuing — a valid attestation after a correction, or a revoked one
//! whose training stands after all: a new code, the old one still saying
//! what it was and pointing to the new.
use sea_orm::ConnectionTrait;
use shared::api::attestations::{AttestationView, RevokeRequest};
use shared::enums::{AttestationStatus, AuditAction};
use shared::num::u32_of;
use shared::problem::ErrorCode;

use crate::db::is_unique_violation;
use crate::domain::revocation::{self, Undo};
use crate::entities::attestation;
use crate::error::{ApiError, ApiResult};
use crate::mail::compose;
use crate::policy::{self, Actor};
use crate::service::attestations::{Subject, draft, render_pending};
use crate::service::enrolments::addressee;
use crate::service::verification::view;
use crate::state::AppState;
use crate::store::attestations as store;
use crate::store::{accounts, audit, cohorts, issuer_identities, organisations, outbox, programmes};

/// Whether (and until when) a revoked attestation may be restored.
pub async fn undo_state(db: &impl ConnectionTrait, state: &AppState, a: &attestation::Model) -> ApiResult<Option<Undo>> {
    if a.status != AttestationStatus::Revoked {
        return Ok(None);
    }
    let reissued = store::successor(db, a.id).await?.is_some();
    Ok(undo_of(state, a, reissued))
}

/// Whether a revocation may still be undone, once it is known whether the
/// attestation was reissued (a list knows it for its whole page at once).
pub(crate) fn undo_of(state: &AppState, a: &attestation::Model, reissued: bool) -> Option<Undo> {
    let (AttestationStatus::Revoked, Some(revoked_at)) = (a.status, a.revoked_at) else { return None };
    Some(revocation::undo(revoked_at, state.settings.revocation_undo_days, reissued, crate::clock::now()))
}

/// Revokes: the record stays and says so to anyone who checks it, with the
/// public note if one is given; the holder is told by mail.
pub async fn revoke(state: &AppState, actor: &Actor, id: i64, req: &RevokeRequest) -> ApiResult<AttestationView> {
    policy::may_administer_attestations(actor)?;
    let tx = state.db.begin_write().await?;
    let a = store::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    match a.status {
        AttestationStatus::Revoked => return Err(ApiError::code(ErrorCode::AlreadyRevoked)),
        AttestationStatus::Superseded => return Err(ApiError::code(ErrorCode::Conflict)),
        AttestationStatus::Valid => {}
    }
    let (reason, note) = (req.reason.trim(), revocation::public_note(req.public_note.as_deref()));
    let at = crate::clock::now();
    if !store::revoke(&tx, id, actor.id, reason, note.as_deref(), at).await? {
        return Err(ApiError::code(ErrorCode::AlreadyRevoked));
    }
    audit::record(&tx, actor.id, AuditAction::AttestationRevoke, id, Some(serde_json::json!({ "reason": reason, "public_note": note }))).await?;
    let link = format!("{}/attestations", state.settings.base_url);
    tell_holder_and_answer(state, tx, &a, |to| compose::revoked(to, &a.title_fr, &a.code, note.as_deref(), &link, (a.id, at.timestamp_micros())))
        .await
}

/// Mails the holder what happened to their attestation, commits, and
/// answers the attestation as it now stands.
async fn tell_holder_and_answer(
    state: &AppState,
    tx: sea_orm::DatabaseTransaction,
    a: &attestation::Model,
    mail: impl FnOnce(&compose::Addressee<'_>) -> outbox::NewMail,
) -> ApiResult<AttestationView> {
    if let Some(holder) = accounts::by_id(&tx, a.account_id).await? {
        outbox::enqueue(&tx, vec![mail(&addressee(&holder))]).await?;
    }
    let saved = store::by_id(&tx, a.id).await?.ok_or_else(ApiError::not_found)?;
    let answer = view(&tx, state, &saved, true).await?;
    tx.commit().await?;
    state.mail_ready.notify_one();
    Ok(answer)
}

/// Undoes a revocation within the period, unless it was reissued since; the
/// revocation and its undoing stay in the audit log, and the holder is told.
pub async fn restore(state: &AppState, actor: &Actor, id: i64, reason: &str) -> ApiResult<AttestationView> {
    policy::may_administer_attestations(actor)?;
    let tx = state.db.begin_write().await?;
    let a = store::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    let revoked_at = match (undo_state(&tx, state, &a).await?, a.revoked_at) {
        (Some(Undo::Allowed { .. }), Some(at)) => at,
        (Some(Undo::Final), _) => return Err(ApiError::code(ErrorCode::RevocationFinal)),
        _ => return Err(ApiError::code(ErrorCode::Conflict)),
    };
    if !store::restore(&tx, id).await? {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    let details = serde_json::json!({
        "reason": reason.trim(),
        "revoked_at": revoked_at,
        "revoked_by": a.revoked_by,
        "revocation_reason": a.revoked_reason,
        "public_note": a.revoked_note,
    });
    audit::record(&tx, actor.id, AuditAction::AttestationRestore, id, Some(details)).await?;
    let link = format!("{}/verify/{}", state.settings.base_url, a.code);
    tell_holder_and_answer(state, tx, &a, |to| compose::restored(to, &a.title_fr, &a.code, &link, (a.id, revoked_at.timestamp_micros()))).await
}

/// Reissues with today's data (after a name correction, say, or to replace a
/// revoked attestation): a new code whose PDF is made and mailed at once. A
/// valid attestation becomes superseded; a revoked one stays revoked. Either
/// way the old code points to the new, and only one reissue of a code can
/// ever exist (the database's unique index settles a race).
pub async fn reissue(state: &AppState, actor: &Actor, id: i64, reason: &str) -> ApiResult<AttestationView> {
    policy::may_administer_attestations(actor)?;
    let tx = state.db.begin_write().await?;
    let old = store::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    match old.status {
        AttestationStatus::Superseded => return Err(ApiError::code(ErrorCode::Conflict)),
        AttestationStatus::Revoked if store::successor(&tx, old.id).await?.is_some() => return Err(ApiError::code(ErrorCode::Conflict)),
        AttestationStatus::Revoked | AttestationStatus::Valid => {}
    }
    let account = accounts::by_id(&tx, old.account_id).await?.ok_or_else(ApiError::not_found)?;
    let programme = programmes::by_id(&tx, old.programme_id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohorts::by_id(&tx, old.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let module = match old.module_id {
        Some(m) => Some(programmes::module_by_id(&tx, m).await?.ok_or_else(ApiError::not_found)?),
        None => None,
    };
    let subject = match &module {
        Some(m) => Subject::Module(m),
        None => Subject::Programme { hours: u32_of(old.hours) },
    };
    let completion = (old.completion_id, old.programme_completion_id);
    // A reissue is signed by whoever signs now.
    let identity = issuer_identities::current(&tx, programme.id).await?;
    let mut d = draft(
        state,
        old.kind,
        &account,
        &programme,
        subject,
        &cohort,
        completion,
        old.issued_on,
        old.attended_hours.map(u32_of),
        Some(&old),
        identity.as_ref(),
    );
    d.new.partner_logo_key = organisations::enrolling_partner_logos(&tx, &[(cohort.id, account.id)]).await?.remove(&(cohort.id, account.id));
    if old.status == AttestationStatus::Valid && !store::supersede(&tx, old.id).await? {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    let new =
        store::insert_one(&tx, d.new).await.map_err(|e| if is_unique_violation(&e) { ApiError::code(ErrorCode::Conflict) } else { e.into() })?;
    let details = serde_json::json!({ "reason": reason.trim(), "new": new.code, "was": old.status.as_str() });
    audit::record(&tx, actor.id, AuditAction::AttestationReissue, old.id, Some(details)).await?;
    tx.commit().await?;
    render_pending(state).await.map_err(ApiError::Unexpected)?;
    let saved = store::by_id(state.db.conn(), new.id).await?.ok_or_else(ApiError::not_found)?;
    view(state.db.conn(), state, &saved, true).await
}
