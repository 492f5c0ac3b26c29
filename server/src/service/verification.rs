//! What attestations say to their holders, to staff and to anyone who checks
//! one; bulk issuance and archives (revocation and reissue: `revocation.rs`).
use std::collections::HashMap;
use std::io::Write as _;

use sea_orm::ConnectionTrait;
use shared::api::attestations::{AttestationFilter, AttestationView, IssueCandidate, IssueReport, IssueRequest, PdfCheck, VerifyView};
use shared::api::{Page, PageQuery};
use shared::enums::{AttestationStatus, VerificationStatus};
use shared::num::u32_of;

use crate::attestation::badge;
use crate::attestation::claim::Claim;
use crate::attestation::keys;
use crate::attestation::seal::{self, Seal};
use crate::domain::revocation::Undo;
use crate::entities::attestation;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, AttestationScope};
use crate::service::attestations::{issue_owed, render_pending};
use crate::service::uploads::Download;
use crate::state::AppState;
use crate::store::attestations as store;
use crate::store::{accounts, cohorts, issuer_keys, programmes, rate_limits};

/// The codes around a page of attestations: the one each replaced and the
/// one that replaced it, read in two queries whatever the page's size.
pub(crate) struct Lineage {
    supersedes: HashMap<i64, String>,
    superseded_by: HashMap<i64, String>,
}

impl Lineage {
    pub(crate) async fn of(db: &impl ConnectionTrait, items: &[attestation::Model]) -> ApiResult<Self> {
        let replaced: Vec<i64> = items.iter().filter_map(|a| a.supersedes_id).collect();
        let ids: Vec<i64> = items.iter().map(|a| a.id).collect();
        Ok(Self { supersedes: store::codes_of(db, &replaced).await?, superseded_by: store::successor_codes(db, &ids).await? })
    }
}

/// An attestation as staff and its holder see it; `internal` (administrators)
/// adds the revocation's internal reason and until when it may be undone.
pub async fn view(db: &impl ConnectionTrait, state: &AppState, a: &attestation::Model, internal: bool) -> ApiResult<AttestationView> {
    let lineage = Lineage::of(db, std::slice::from_ref(a)).await?;
    Ok(view_with(state, a, internal, &lineage))
}

fn view_with(state: &AppState, a: &attestation::Model, internal: bool, lineage: &Lineage) -> AttestationView {
    let superseded_by = lineage.superseded_by.get(&a.id).cloned();
    let undo_until = match crate::service::revocation::undo_of(state, a, superseded_by.is_some()) {
        Some(Undo::Allowed { until }) if internal => Some(until),
        _ => None,
    };
    let supersedes = a.supersedes_id.and_then(|id| lineage.supersedes.get(&id).cloned());
    let verify_url = format!("{}/verify/{}", state.settings.base_url, a.code);
    AttestationView {
        id: a.id,
        code: a.code.clone(),
        kind: a.kind,
        status: a.status,
        account_id: a.account_id,
        holder: a.holder_name.clone(),
        title: a.title_fr.clone(),
        title_ar: a.title_ar.clone().filter(|t| !t.trim().is_empty()),
        module_id: a.module_id,
        programme_id: a.programme_id,
        cohort_id: a.cohort_id,
        cohort_name: a.cohort_name.clone(),
        region: a.region.clone(),
        hours: u32_of(a.hours),
        issued_on: a.issued_on,
        issuer: a.issuer.clone(),
        revoked_at: a.revoked_at,
        revocation_reason: a.revoked_reason.clone().filter(|_| internal),
        revocation_note: a.revoked_note.clone(),
        undo_until,
        undo_period_days: internal.then_some(state.settings.revocation_undo_days),
        supersedes,
        superseded_by,
        pdf_url: a.pdf_key.as_ref().map(|_| format!("/api/v1/attestations/{}/pdf", a.id)),
        verify_url: verify_url.clone(),
        open_badge_url: format!("/api/v1/attestations/{}/open-badge.json", a.id),
        open_badge_png_url: format!("/api/v1/attestations/{}/open-badge.png", a.id),
        linkedin_url: (a.status == AttestationStatus::Valid).then(|| badge::linkedin_url(&a.title_fr, &a.issuer, a.created_at, &verify_url, &a.code)),
    }
}

pub async fn list(state: &AppState, actor: &Actor, filter: &AttestationFilter, page: PageQuery) -> ApiResult<Page<AttestationView>> {
    let db = state.db.conn();
    let scope = policy::attestation_scope(actor)?;
    let (items, total) = store::list(db, &scope, filter.cohort, filter.module, filter.status, Some(page)).await?;
    let internal = policy::reads_revocation_reason(actor);
    let lineage = Lineage::of(db, &items).await?;
    let views = items.iter().map(|a| view_with(state, a, internal, &lineage)).collect();
    Ok(Page::new(views, total, page))
}

pub(crate) async fn visible(state: &AppState, actor: &Actor, id: i64) -> ApiResult<attestation::Model> {
    let db = state.db.conn();
    let a = store::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_see_attestation(db, actor, &a).await?;
    Ok(a)
}

pub async fn get(state: &AppState, actor: &Actor, id: i64) -> ApiResult<AttestationView> {
    let a = visible(state, actor, id).await?;
    view(state.db.conn(), state, &a, policy::reads_revocation_reason(actor)).await
}

/// The PDF, exactly as issued.
pub async fn pdf(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Download> {
    let a = visible(state, actor, id).await?;
    let key = a.pdf_key.as_deref().ok_or_else(ApiError::not_found)?;
    let bytes = state.storage.get(key).await?.ok_or_else(ApiError::not_found)?;
    Ok(Download { file_name: format!("attestation-{}.pdf", a.code), content_type: mime::APPLICATION_PDF.to_string(), bytes })
}

pub fn unknown() -> VerifyView {
    VerifyView {
        status: VerificationStatus::Unknown,
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
        signatory: None,
        revoked_on: None,
        revocation_note: None,
        superseded_by: None,
        claim: None,
        signature: None,
        key_id: None,
    }
}

/// What anyone may learn of an attestation — after checking that its stored
/// claim is signed by the key it names. A record whose signature fails (a
/// database altered by hand) vouches for nothing.
pub async fn verify_view(db: &impl ConnectionTrait, a: &attestation::Model) -> ApiResult<VerifyView> {
    let key = match &a.key_id {
        Some(id) => issuer_keys::by_id(db, id).await?,
        None => None,
    };
    if !key.as_ref().is_some_and(|k| keys::verify(&k.public_key, a.claim.as_bytes(), &a.signature)) {
        tracing::error!(attestation = a.id, code = %a.code, key_id = ?a.key_id, "stored claim does not verify with its key");
        return Ok(VerifyView { code: Some(a.code.clone()), ..unknown() });
    }
    let claim: Option<Claim> = serde_json::from_str(&a.claim).ok();
    Ok(VerifyView {
        status: a.status.into(),
        code: Some(a.code.clone()),
        kind: Some(a.kind),
        holder: Some(a.holder_name.clone()),
        title: Some(a.title_fr.clone()),
        signatory: claim.as_ref().and_then(|c| c.signatory.clone()),
        programme: claim.map(|c| c.programme),
        cohort: Some(a.cohort_name.clone()),
        region: Some(a.region.clone()),
        hours: Some(u32_of(a.hours)),
        issued_on: Some(a.issued_on),
        issuer: Some(a.issuer.clone()),
        revoked_on: a.revoked_at.map(|t| t.date_naive()),
        revocation_note: a.revoked_note.clone(),
        superseded_by: store::successor(db, a.id).await?.map(|s| s.code),
        claim: Some(a.claim.clone()),
        signature: Some(a.signature.clone()),
        key_id: a.key_id.clone(),
    })
}

/// Public look-ups per client address and minute, counted in the database so
/// that every server process shares the allowance (against enumeration of codes).
pub async fn limit(state: &AppState, client: &str) -> ApiResult<()> {
    rate_limits::hit(state.db.conn(), "verify", client, state.settings.verify_per_minute, 60)
        .await?
        .map_err(|retry_after| ApiError::RateLimited { retry_after })
}

/// What a code (as typed or scanned) refers to.
pub async fn verify(state: &AppState, client: &str, code: &str) -> ApiResult<VerifyView> {
    limit(state, client).await?;
    let db = state.db.conn();
    let Some(code) = crate::attestation::code::normalise(code) else { return Ok(unknown()) };
    match store::by_code(db, &code).await? {
        Some(a) => verify_view(db, &a).await,
        None => Ok(VerifyView { code: Some(code), ..unknown() }),
    }
}

/// Whether the seal a printed QR code carries is the issuer's word.
pub enum SealCheck {
    Genuine(Seal),
    NotGenuine,
}

/// What a scanned QR code refers to (the code its seal names), and whether
/// the seal is signed by a published key. A seal that does not open names
/// no code: the answer is an unknown one, marked not genuine.
pub async fn verify_scanned(state: &AppState, client: &str, seal_text: &str) -> ApiResult<(VerifyView, SealCheck)> {
    let Some((seal, message, signature)) = seal::open(seal_text) else {
        limit(state, client).await?;
        return Ok((unknown(), SealCheck::NotGenuine));
    };
    let view = verify(state, client, &seal.code).await?;
    let key = issuer_keys::by_id(state.db.conn(), &seal.kid).await?;
    let signed = key.is_some_and(|k| keys::verify(&k.public_key, &message, &signature));
    Ok((view, if signed { SealCheck::Genuine(seal) } else { SealCheck::NotGenuine }))
}

/// Whether these bytes are exactly a PDF that was issued.
pub async fn check_pdf(state: &AppState, client: &str, bytes: &[u8]) -> ApiResult<PdfCheck> {
    limit(state, client).await?;
    let db = state.db.conn();
    let sha = crate::secrets::sha256_hex(bytes);
    Ok(match store::by_sha256(db, &sha).await? {
        Some(a) => {
            let attestation = verify_view(db, &a).await?;
            PdfCheck { genuine: attestation.status != VerificationStatus::Unknown, attestation: Some(attestation) }
        }
        None => PdfCheck { genuine: false, attestation: None },
    })
}

/// Bulk issuance for a cohort (and module): who is owed an attestation, and,
/// unless a dry run, issue them now.
pub async fn issue(state: &AppState, actor: &Actor, req: &IssueRequest) -> ApiResult<IssueReport> {
    policy::may_administer_attestations(actor)?;
    let db = state.db.conn();
    cohorts::by_id(db, req.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let owed = store::completions_owed(db, Some(req.cohort_id), req.module_id, 1_000_000).await?;
    let account_ids: Vec<i64> = owed.iter().map(|c| c.account_id).collect();
    let people = accounts::by_ids(db, &account_ids).await?;
    let mut candidates = Vec::with_capacity(owed.len());
    for c in &owed {
        let (Some(person), Some(module)) = (people.iter().find(|p| p.id == c.account_id), programmes::module_by_id(db, c.module_id).await?) else {
            continue;
        };
        candidates.push(IssueCandidate {
            account_id: person.id,
            full_name: person.full_name.clone(),
            email: person.email.clone(),
            module_code: Some(module.code.clone()),
            title: module.title_fr.clone(),
            completed_at: c.completed_at,
        });
    }
    let already_issued = store::issued_count(db, req.cohort_id, req.module_id).await?;
    let issued = if req.dry_run {
        0
    } else {
        let n = issue_owed(state, Some(req.cohort_id), req.module_id).await.map_err(ApiError::Unexpected)?;
        render_pending(state).await.map_err(ApiError::Unexpected)?;
        n
    };
    Ok(IssueReport { dry_run: req.dry_run, candidates, already_issued, issued })
}

/// A ZIP of a cohort's valid attestations (one module's, if given), for
/// those who follow the cohort: a partner manager gets their people's.
pub async fn archive(state: &AppState, actor: &Actor, cohort_id: i64, module: Option<i64>) -> ApiResult<Vec<u8>> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let scope: AttestationScope = policy::archive_scope(db, actor, &cohort).await?;
    let (items, _) = store::list(db, &scope, Some(cohort.id), module, Some(AttestationStatus::Valid), None).await?;
    let mut archive = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PDFs are compressed inside already.
    let options = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Stored);
    let to_err = |e: ::zip::result::ZipError| ApiError::Unexpected(e.into());
    for a in &items {
        let Some(key) = &a.pdf_key else { continue };
        let Some(bytes) = state.storage.get(key).await? else { continue };
        archive.start_file(format!("{}-{}.pdf", slug(&a.holder_name), a.code), options).map_err(to_err)?;
        archive.write_all(&bytes).map_err(|e| ApiError::Unexpected(e.into()))?;
    }
    Ok(archive.finish().map_err(to_err)?.into_inner())
}

/// A file-name-safe form of a name (accents kept, other signs dropped).
fn slug(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}
