//! What attestations say to their holders, to staff and to anyone who checks
//! one; revocation and reissue.
use sea_orm::ConnectionTrait;
use shared::api::attestations::{AttestationView, IssueCandidate, IssueReport, PdfCheck, VerifyView};
use shared::enums::{AttestationKind, AttestationStatus, Role};
use shared::problem::ErrorCode;

use crate::attestation::claim::Claim;
use crate::entities::attestation;
use crate::error::{ApiError, ApiResult};
use crate::service::actor::Actor;
use crate::service::attestations::{Subject, draft, issue_owed, render_pending};
use crate::state::AppState;
use crate::store::attestations::{self as store, AttestationScope};
use crate::store::{accounts, audit, cohorts, programmes};

pub async fn view(db: &impl ConnectionTrait, base_url: &str, a: &attestation::Model) -> ApiResult<AttestationView> {
    let supersedes = match a.supersedes_id {
        Some(id) => store::by_id(db, id).await?.map(|s| s.code),
        None => None,
    };
    let superseded_by = store::successor(db, a.id).await?.map(|s| s.code);
    Ok(AttestationView {
        id: a.id,
        code: a.code.clone(),
        kind: AttestationKind::parse(&a.kind).unwrap_or(AttestationKind::Module),
        status: AttestationStatus::parse(&a.status).unwrap_or(AttestationStatus::Valid),
        account_id: a.account_id,
        holder: a.holder_name.clone(),
        title: a.title_fr.clone(),
        module_id: a.module_id,
        programme_id: a.programme_id,
        cohort_id: a.cohort_id,
        cohort_name: a.cohort_name.clone(),
        region: a.region.clone(),
        hours: a.hours.max(0) as u32,
        issued_on: a.issued_on,
        issuer: a.issuer.clone(),
        revoked_at: a.revoked_at,
        revocation_reason: a.revoked_reason.clone(),
        supersedes,
        superseded_by,
        pdf_url: a.pdf_path.as_ref().map(|_| format!("/api/v1/attestations/{}/pdf", a.id)),
        verify_url: format!("{base_url}/verify/{}", a.code),
    })
}

pub fn unknown() -> VerifyView {
    VerifyView {
        status: "unknown".into(),
        code: None,
        kind: None,
        holder: None,
        title: None,
        programme: None,
        cohort: None,
        region: None,
        hours: None,
        issued_on: None,
        issuer: None,
        revoked_on: None,
        revocation_reason: None,
        superseded_by: None,
        claim: None,
        signature: None,
    }
}

pub async fn verify_view(db: &impl ConnectionTrait, a: &attestation::Model) -> ApiResult<VerifyView> {
    let claim: Option<Claim> = serde_json::from_str(&a.claim).ok();
    Ok(VerifyView {
        status: a.status.clone(),
        code: Some(a.code.clone()),
        kind: AttestationKind::parse(&a.kind),
        holder: Some(a.holder_name.clone()),
        title: Some(a.title_fr.clone()),
        programme: claim.map(|c| c.programme),
        cohort: Some(a.cohort_name.clone()),
        region: Some(a.region.clone()),
        hours: Some(a.hours.max(0) as u32),
        issued_on: Some(a.issued_on),
        issuer: Some(a.issuer.clone()),
        revoked_on: a.revoked_at.map(|t| t.date_naive()),
        revocation_reason: a.revoked_reason.clone(),
        superseded_by: store::successor(db, a.id).await?.map(|s| s.code),
        claim: Some(a.claim.clone()),
        signature: Some(a.signature.clone()),
    })
}

/// What a code (as typed or scanned) refers to.
pub async fn verify(db: &impl ConnectionTrait, code: &str) -> ApiResult<VerifyView> {
    let Some(code) = crate::attestation::code::normalise(code) else { return Ok(unknown()) };
    match store::by_code(db, &code).await? {
        Some(a) => verify_view(db, &a).await,
        None => Ok(VerifyView { code: Some(code), ..unknown() }),
    }
}

/// Whether these bytes are exactly a PDF that was issued.
pub async fn check_pdf(db: &impl ConnectionTrait, bytes: &[u8]) -> ApiResult<PdfCheck> {
    let sha = crate::secrets::sha256_hex(bytes);
    Ok(match store::by_sha256(db, &sha).await? {
        Some(a) => PdfCheck { genuine: true, attestation: Some(verify_view(db, &a).await?) },
        None => PdfCheck { genuine: false, attestation: None },
    })
}

/// Which attestations an actor may see.
pub async fn scope_of(db: &impl ConnectionTrait, actor: &Actor) -> ApiResult<AttestationScope> {
    Ok(match actor.role {
        Role::Admin => AttestationScope::All,
        Role::Learner => AttestationScope::Holder(actor.id.unwrap_or(-1)),
        Role::Trainer => {
            let (mine, _) = cohorts::list(db, cohorts::CohortScope::TrainerOf(actor.id.unwrap_or(-1)), shared::api::PageQuery { page: 1, per_page: 10_000 }).await?;
            AttestationScope::Cohorts(mine.iter().map(|c| c.id).collect())
        }
        Role::Partner => {
            let org = actor.organisation_id.ok_or_else(ApiError::forbidden)?;
            let filter = shared::api::accounts::AccountFilter { organisation_id: Some(org), ..Default::default() };
            let (people, _) = accounts::list(db, &filter, Some(org), shared::api::PageQuery { page: 1, per_page: 1_000_000 }).await?;
            AttestationScope::Accounts(people.iter().map(|(a, _)| a.id).collect())
        }
    })
}

pub fn in_scope(scope: &AttestationScope, a: &attestation::Model) -> bool {
    match scope {
        AttestationScope::All => true,
        AttestationScope::Holder(id) => a.account_id == *id,
        AttestationScope::Cohorts(ids) => ids.contains(&a.cohort_id),
        AttestationScope::Accounts(ids) => ids.contains(&a.account_id),
    }
}

/// Revokes: the record stays, and says so to anyone who checks it.
pub async fn revoke(state: &AppState, actor: &Actor, id: i64, reason: &str) -> ApiResult<attestation::Model> {
    let tx = state.db.begin_write().await?;
    let a = store::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    match AttestationStatus::parse(&a.status) {
        Some(AttestationStatus::Revoked) => return Err(ApiError::code(ErrorCode::AlreadyRevoked)),
        Some(AttestationStatus::Superseded) => return Err(ApiError::code(ErrorCode::Conflict)),
        _ => {}
    }
    store::revoke(&tx, id, actor.id, reason.trim(), crate::clock::now()).await?;
    audit::record(&tx, actor.id, "attestation.revoke", "attestation", id, Some(serde_json::json!({ "reason": reason.trim() }))).await?;
    tx.commit().await?;
    store::by_id(state.db.conn(), id).await?.ok_or_else(ApiError::not_found)
}

/// Reissues (after a name correction, say): a new code with today's data; the
/// old one says superseded and points to it. Its PDF is made at once.
pub async fn reissue(state: &AppState, actor: &Actor, id: i64, reason: &str) -> ApiResult<attestation::Model> {
    let tx = state.db.begin_write().await?;
    let old = store::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    match AttestationStatus::parse(&old.status) {
        Some(AttestationStatus::Revoked) => return Err(ApiError::code(ErrorCode::AlreadyRevoked)),
        Some(AttestationStatus::Superseded) => return Err(ApiError::code(ErrorCode::Conflict)),
        _ => {}
    }
    let account = accounts::by_id(&tx, old.account_id).await?.ok_or_else(ApiError::not_found)?;
    let programme = programmes::by_id(&tx, old.programme_id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohorts::by_id(&tx, old.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let module = match old.module_id {
        Some(m) => Some(programmes::module_by_id(&tx, m).await?.ok_or_else(ApiError::not_found)?),
        None => None,
    };
    let kind = AttestationKind::parse(&old.kind).unwrap_or(AttestationKind::Module);
    let attended = old.attended_hours.map(|h| h.max(0) as u32);
    let subject = match &module {
        Some(m) => Subject::Module(m),
        None => Subject::Programme { hours: old.hours.max(0) as u32 },
    };
    let d = draft(state, kind, &account, &programme, subject, &cohort, (old.completion_id, old.programme_completion_id), old.issued_on, attended, Some(&old));
    store::supersede(&tx, old.id).await?;
    let new = store::insert_one(&tx, d.new).await?;
    audit::record(&tx, actor.id, "attestation.reissue", "attestation", old.id, Some(serde_json::json!({ "reason": reason.trim(), "new": new.code }))).await?;
    tx.commit().await?;
    render_pending(state).await.map_err(ApiError::Unexpected)?;
    store::by_id(state.db.conn(), new.id).await?.ok_or_else(ApiError::not_found)
}

/// Bulk issuance for a cohort (and module): who is owed an attestation, and,
/// unless a dry run, issue them now.
pub async fn issue(state: &AppState, cohort_id: i64, module_id: Option<i64>, dry_run: bool) -> ApiResult<IssueReport> {
    let db = state.db.conn();
    cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let owed = store::completions_owed(db, Some(cohort_id), module_id, 1_000_000).await?;
    let account_ids: Vec<i64> = owed.iter().map(|c| c.account_id).collect();
    let people = accounts::by_ids(db, &account_ids).await?;
    let mut candidates = Vec::with_capacity(owed.len());
    for c in &owed {
        let (Some(person), Some(module)) = (people.iter().find(|p| p.id == c.account_id), programmes::module_by_id(db, c.module_id).await?) else { continue };
        candidates.push(IssueCandidate {
            account_id: person.id,
            full_name: person.full_name.clone(),
            email: person.email.clone(),
            module_code: Some(module.code.clone()),
            title: module.title_fr.clone(),
            completed_at: c.completed_at,
        });
    }
    let already_issued = store::issued_count(db, cohort_id, module_id).await?;
    let issued = if dry_run {
        0
    } else {
        let n = issue_owed(state, Some(cohort_id), module_id).await.map_err(ApiError::Unexpected)?;
        render_pending(state).await.map_err(ApiError::Unexpected)?;
        n
    };
    Ok(IssueReport { dry_run, candidates, already_issued, issued })
}
