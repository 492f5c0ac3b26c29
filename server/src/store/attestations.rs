//! Attestations: issued once per completion (the partial unique index
//! decides), never deleted — revoked or superseded instead.
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use shared::api::PageQuery;
use shared::enums::{AttestationKind, AttestationStatus};

use crate::clock::now;
use crate::entities::{attestation, completion, programme_completion};
use crate::policy::AttestationScope;
use crate::store::scope;

/// Everything frozen into an attestation at issuance.
#[derive(Debug, Clone)]
pub struct NewAttestation {
    pub code: String,
    pub kind: AttestationKind,
    pub account_id: i64,
    pub programme_id: i64,
    pub module_id: Option<i64>,
    pub cohort_id: i64,
    pub completion_id: Option<i64>,
    pub programme_completion_id: Option<i64>,
    pub holder_name: String,
    pub holder_name_ar: Option<String>,
    pub title_fr: String,
    pub title_ar: Option<String>,
    pub cohort_name: String,
    pub region: String,
    pub hours: i32,
    pub attended_hours: Option<i32>,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub bilingual: bool,
    pub supersedes_id: Option<i64>,
    pub claim: String,
    pub signature: String,
    pub key_id: String,
    pub issuer_identity_id: Option<i64>,
    pub partner_logo_key: Option<String>,
}

fn active(new: NewAttestation) -> attestation::ActiveModel {
    attestation::ActiveModel {
        code: Set(new.code),
        kind: Set(new.kind),
        account_id: Set(new.account_id),
        programme_id: Set(new.programme_id),
        module_id: Set(new.module_id),
        cohort_id: Set(new.cohort_id),
        completion_id: Set(new.completion_id),
        programme_completion_id: Set(new.programme_completion_id),
        holder_name: Set(new.holder_name),
        holder_name_ar: Set(new.holder_name_ar),
        title_fr: Set(new.title_fr),
        title_ar: Set(new.title_ar),
        cohort_name: Set(new.cohort_name),
        region: Set(new.region),
        hours: Set(new.hours),
        attended_hours: Set(new.attended_hours),
        issued_on: Set(new.issued_on),
        issuer: Set(new.issuer),
        bilingual: Set(new.bilingual),
        status: Set(AttestationStatus::Valid),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        revoked_by: Set(None),
        revoked_note: Set(None),
        supersedes_id: Set(new.supersedes_id),
        claim: Set(new.claim),
        signature: Set(new.signature),
        pdf_key: Set(None),
        pdf_sha256: Set(None),
        created_at: Set(now()),
        key_id: Set(Some(new.key_id)),
        issuer_identity_id: Set(new.issuer_identity_id),
        partner_logo_key: Set(new.partner_logo_key),
        ..Default::default()
    }
}

/// Inserts what is not there yet; a completion that already has its live
/// attestation (issued meanwhile by another process) is skipped.
pub async fn insert_new(db: &impl ConnectionTrait, rows: Vec<NewAttestation>) -> Result<u64, DbErr> {
    let mut written = 0;
    let mut rows = rows.into_iter().map(active).peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(200).collect();
        written += attestation::Entity::insert_many(chunk).on_conflict(OnConflict::new().do_nothing().to_owned()).exec_without_returning(db).await?;
    }
    Ok(written)
}

pub async fn insert_one(db: &impl ConnectionTrait, row: NewAttestation) -> Result<attestation::Model, DbErr> {
    active(row).insert(db).await
}

/// Module completions whose attestation is still owed, oldest first;
/// optionally within one cohort and module. The partial index on
/// `attestation_due` holds only those: finding nothing is one probe.
pub async fn completions_owed(
    db: &impl ConnectionTrait,
    cohort: Option<i64>,
    module: Option<i64>,
    limit: u64,
) -> Result<Vec<completion::Model>, DbErr> {
    let mut query = completion::Entity::find().filter(Expr::cust("attestation_due"));
    if let Some(c) = cohort {
        query = query.filter(completion::Column::CohortId.eq(c));
    }
    if let Some(m) = module {
        query = query.filter(completion::Column::ModuleId.eq(m));
    }
    query.order_by_asc(completion::Column::Id).limit(limit).all(db).await
}

/// Programme completions whose certificate is still owed, oldest first.
pub async fn programme_completions_owed(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<programme_completion::Model>, DbErr> {
    programme_completion::Entity::find()
        .filter(Expr::cust("attestation_due"))
        .order_by_asc(programme_completion::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Marks completions (and programme completions) as no longer owed: their
/// attestation exists, issued by this process or another.
pub async fn settle(db: &impl ConnectionTrait, completions: &[i64], programme_completions: &[i64]) -> Result<(), DbErr> {
    if !completions.is_empty() {
        completion::Entity::update_many()
            .col_expr(completion::Column::AttestationDue, Expr::value(false))
            .filter(completion::Column::Id.is_in(completions.iter().copied()))
            .exec(db)
            .await?;
    }
    if !programme_completions.is_empty() {
        programme_completion::Entity::update_many()
            .col_expr(programme_completion::Column::AttestationDue, Expr::value(false))
            .filter(programme_completion::Column::Id.is_in(programme_completions.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Completions of a cohort (and module) that already have an attestation.
pub async fn issued_count(db: &impl ConnectionTrait, cohort: i64, module: Option<i64>) -> Result<u64, DbErr> {
    let mut query = attestation::Entity::find()
        .filter(attestation::Column::CohortId.eq(cohort))
        .filter(attestation::Column::Status.ne(AttestationStatus::Superseded))
        .filter(attestation::Column::CompletionId.is_not_null());
    if let Some(m) = module {
        query = query.filter(attestation::Column::ModuleId.eq(m));
    }
    query.count(db).await
}

/// Attestations whose PDF is not made yet (just issued, or interrupted).
pub async fn without_pdf(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<attestation::Model>, DbErr> {
    attestation::Entity::find().filter(attestation::Column::PdfKey.is_null()).order_by_asc(attestation::Column::Id).limit(limit).all(db).await
}

/// Records the PDF unless another process recorded one first (false then).
pub async fn set_pdf(db: &impl ConnectionTrait, id: i64, key: &str, sha256: &str) -> Result<bool, DbErr> {
    let result = attestation::Entity::update_many()
        .col_expr(attestation::Column::PdfKey, Expr::value(key))
        .col_expr(attestation::Column::PdfSha256, Expr::value(sha256))
        .filter(attestation::Column::Id.eq(id))
        .filter(attestation::Column::PdfKey.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<attestation::Model>, DbErr> {
    attestation::Entity::find_by_id(id).one(db).await
}

pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<attestation::Model>, DbErr> {
    attestation::Entity::find().filter(attestation::Column::Code.eq(code)).one(db).await
}

pub async fn by_sha256(db: &impl ConnectionTrait, sha256: &str) -> Result<Option<attestation::Model>, DbErr> {
    attestation::Entity::find().filter(attestation::Column::PdfSha256.eq(sha256)).one(db).await
}

/// The attestation that replaced `id`, if any.
pub async fn successor(db: &impl ConnectionTrait, id: i64) -> Result<Option<attestation::Model>, DbErr> {
    attestation::Entity::find().filter(attestation::Column::SupersedesId.eq(id)).one(db).await
}

/// The codes of the attestations that replaced each of `ids`, keyed by the
/// replaced one: a page's lineage in one query.
pub async fn successor_codes(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(attestation::Entity::find()
        .filter(attestation::Column::SupersedesId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.supersedes_id.map(|old| (old, a.code)))
        .collect())
}

pub async fn codes_of(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(attestation::Entity::find()
        .filter(attestation::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.code))
        .collect())
}

/// Revokes a valid attestation; `false` when it was not valid any more (a
/// racing administrator got there first).
pub async fn revoke(db: &impl ConnectionTrait, id: i64, by: Option<i64>, reason: &str, note: Option<&str>, at: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = attestation::Entity::update_many()
        .col_expr(attestation::Column::Status, Expr::value(AttestationStatus::Revoked))
        .col_expr(attestation::Column::RevokedAt, Expr::value(at))
        .col_expr(attestation::Column::RevokedBy, Expr::value(by))
        .col_expr(attestation::Column::RevokedReason, Expr::value(reason))
        .col_expr(attestation::Column::RevokedNote, Expr::value(note.map(str::to_string)))
        .filter(attestation::Column::Id.eq(id))
        .filter(attestation::Column::Status.eq(AttestationStatus::Valid))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Makes a revoked attestation valid again (the revocation is in the audit
/// log); `false` when it was not revoked any more.
pub async fn restore(db: &impl ConnectionTrait, id: i64) -> Result<bool, DbErr> {
    let result = attestation::Entity::update_many()
        .col_expr(attestation::Column::Status, Expr::value(AttestationStatus::Valid))
        .col_expr(attestation::Column::RevokedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(attestation::Column::RevokedBy, Expr::value(Option::<i64>::None))
        .col_expr(attestation::Column::RevokedReason, Expr::value(Option::<String>::None))
        .col_expr(attestation::Column::RevokedNote, Expr::value(Option::<String>::None))
        .filter(attestation::Column::Id.eq(id))
        .filter(attestation::Column::Status.eq(AttestationStatus::Revoked))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn supersede(db: &impl ConnectionTrait, id: i64) -> Result<bool, DbErr> {
    let result = attestation::Entity::update_many()
        .col_expr(attestation::Column::Status, Expr::value(AttestationStatus::Superseded))
        .filter(attestation::Column::Id.eq(id))
        .filter(attestation::Column::Status.eq(AttestationStatus::Valid))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Whether the attestation `id` is within `scope`.
/// The programme's attestations in `ids` that no longer stand (revoked or
/// superseded), for its Open Badges status list.
pub async fn not_standing(db: &impl ConnectionTrait, programme_id: i64, ids: std::ops::Range<i64>) -> Result<Vec<i64>, DbErr> {
    attestation::Entity::find()
        .select_only()
        .column(attestation::Column::Id)
        .filter(attestation::Column::ProgrammeId.eq(programme_id))
        .filter(attestation::Column::Status.ne(AttestationStatus::Valid))
        .filter(attestation::Column::Id.gte(ids.start))
        .filter(attestation::Column::Id.lt(ids.end))
        .into_tuple()
        .all(db)
        .await
}

pub async fn in_scope(db: &impl ConnectionTrait, scope: &AttestationScope, id: i64) -> Result<bool, DbErr> {
    Ok(attestation::Entity::find().filter(scope::attestations(scope)).filter(attestation::Column::Id.eq(id)).count(db).await? > 0)
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &AttestationScope,
    cohort: Option<i64>,
    module: Option<i64>,
    status: Option<AttestationStatus>,
    page: Option<PageQuery>,
) -> Result<(Vec<attestation::Model>, u64), DbErr> {
    let mut query = attestation::Entity::find().filter(scope::attestations(scope));
    if let Some(c) = cohort {
        query = query.filter(attestation::Column::CohortId.eq(c));
    }
    if let Some(m) = module {
        query = query.filter(attestation::Column::ModuleId.eq(m));
    }
    if let Some(s) = status {
        query = query.filter(attestation::Column::Status.eq(s));
    }
    let total = query.clone().count(db).await?;
    let query = query.order_by_desc(attestation::Column::Id);
    let items = match page {
        Some(p) => query.offset(p.offset()).limit(p.per_page).all(db).await?,
        None => query.all(db).await?,
    };
    Ok((items, total))
}
