//! Bulk enrolment from a CSV or XLSX file. A dry run reports per row what would
//! happen; a real run is all-or-nothing (one transaction, nothing written when
//! any row is wrong) and idempotent on e-mail (the same file twice enrols nobody
//! twice).
use std::collections::{HashMap, HashSet};

use shared::api::enrolments::{ImportCounts, ImportReport, ImportRow, PersonInput, RowOutcome};
use shared::enums::{EnrolmentSource, Role};
use shared::i18n::k;
use shared::problem::{ErrorCode, RowError};
use shared::Lang;

use crate::domain::import::{self, FileError, Issue, Row};
use crate::error::{ApiError, ApiResult, Detail};
use crate::service::actor::Actor;
use crate::service::enrolments::{check_open_dates, enrolment_mail, new_account, organisation_for, source_of};
use crate::state::AppState;
use crate::store::{accounts, audit, cohorts, enrolments, organisations, outbox, tokens};

/// Stages reported to a progress bar (the command line shows one).
pub trait Progress {
    fn stage(&self, _name: &str, _total: u64) {}
    fn advance(&self, _by: u64) {}
}

pub struct Silent;
impl Progress for Silent {}

fn file_error(error: FileError) -> ApiError {
    match error {
        FileError::Empty => ApiError::field("file", "empty_file"),
        FileError::TooLarge => ApiError::with_key(ErrorCode::PayloadTooLarge, k::VALIDATION_FILE_TOO_LARGE),
        FileError::TooManyRows => ApiError::field_with("file", "too_many_rows", &[("max", import::MAX_ROWS.to_string())]),
        FileError::NotTabular => ApiError::field("file", "not_tabular"),
        FileError::MissingColumns(columns) => ApiError::RowsRejected(
            columns
                .into_iter()
                .map(|column| RowError {
                    row: 1,
                    column: column.to_string(),
                    message: import::message(&Issue { params: vec![("column", column.to_string())], ..Issue::new(1, column, "missing_column") }, Lang::Fr),
                })
                .collect(),
        ),
    }
}

pub async fn run(state: &AppState, actor: &Actor, cohort_id: i64, bytes: &[u8], dry_run: bool, lang: Lang, progress: &dyn Progress) -> ApiResult<ImportReport> {
    if !matches!(actor.role, Role::Admin | Role::Partner) {
        return Err(ApiError::forbidden());
    }
    let mut rows = import::parse(bytes).map_err(|e| match file_error(e) {
        ApiError::RowsRejected(rows) => ApiError::RowsRejected(
            rows.into_iter().map(|r| RowError { message: localized_missing(&r.column, lang), ..r }).collect(),
        ),
        other => other,
    })?;
    progress.stage("check", rows.len() as u64);
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    enrolments::lock_cohort(&tx, cohort.id).await?;
    check_open_dates(&cohort)?;

    // A partner's rows must be of their own organisation.
    let own_org = match (actor.role, actor.organisation_id) {
        (Role::Partner, Some(id)) => Some(organisations::by_id(&tx, id).await?.ok_or_else(ApiError::forbidden)?),
        (Role::Partner, None) => return Err(ApiError::forbidden()),
        _ => None,
    };
    if let Some(org) = &own_org {
        let folded = import::fold(&org.name);
        for row in rows.iter_mut().filter(|r| !r.organisation.is_empty() && import::fold(&r.organisation) != folded) {
            row.issues.push(Issue::new(row.row, "organisation", "other_organisation"));
        }
    }
    let emails: Vec<String> = rows.iter().filter(|r| r.issues.iter().all(|i| i.column != "email")).map(|r| r.email.clone()).collect();
    let existing = accounts::by_emails(&tx, &emails).await?;
    for row in rows.iter_mut() {
        if let Some(account) = existing.get(&row.email) {
            if account.role != Role::Learner.as_str() {
                row.issues.push(Issue::new(row.row, "email", "not_a_learner"));
            } else if own_org.as_ref().is_some_and(|o| account.organisation_id != Some(o.id)) {
                row.issues.push(Issue::new(row.row, "email", "other_organisation"));
            }
        }
    }
    let existing_ids: Vec<i64> = existing.values().map(|a| a.id).collect();
    let already = enrolments::enrolled_among(&tx, cohort.id, &existing_ids).await?;
    progress.advance(rows.len() as u64);

    let mut report_rows = Vec::with_capacity(rows.len());
    let mut counts = ImportCounts { rows: rows.len(), ..Default::default() };
    for row in &rows {
        let outcome = if !row.issues.is_empty() {
            counts.errors += 1;
            RowOutcome::Error
        } else {
            match existing.get(&row.email) {
                Some(account) if already.contains(&account.id) => {
                    counts.already_enrolled += 1;
                    RowOutcome::AlreadyEnrolled
                }
                Some(_) => {
                    counts.enrolled += 1;
                    RowOutcome::Enrol
                }
                None => {
                    counts.new_accounts += 1;
                    counts.enrolled += 1;
                    RowOutcome::NewAccount
                }
            }
        };
        report_rows.push(ImportRow {
            row: row.row,
            email: row.email.clone(),
            full_name: row.full_name(),
            outcome,
            errors: row.issues.iter().map(|i| RowError { row: i.row, column: i.column.to_string(), message: import::message(i, lang) }).collect(),
        });
    }
    let enrolled_now = cohorts::enrolled_count(&tx, cohort.id).await?;
    let places = (cohort.capacity.max(0) as u64).saturating_sub(enrolled_now);
    let over_capacity = counts.enrolled as u64 > places;
    if dry_run || counts.errors > 0 || over_capacity {
        drop(tx);
        if !dry_run && counts.errors > 0 {
            let errors: Vec<RowError> = report_rows.iter().flat_map(|r| r.errors.clone()).collect();
            return Err(ApiError::RowsRejected(errors));
        }
        if over_capacity && !dry_run {
            return Err(ApiError::Problem {
                code: ErrorCode::CohortFull,
                detail: Some(Detail::Key(k::UI_IMPORT_OVER_CAPACITY, vec![("places", places.to_string()), ("wanted", counts.enrolled.to_string())])),
            });
        }
        return Ok(ImportReport { dry_run, committed: false, counts, rows: report_rows });
    }

    // The real run, all in one transaction.
    progress.stage("write", rows.len() as u64);
    let new_rows: Vec<&Row> = rows.iter().filter(|r| !existing.contains_key(&r.email)).collect();
    let mut org_ids: HashMap<String, Option<i64>> = HashMap::new();
    for row in &new_rows {
        let key = import::fold(&row.organisation);
        if let std::collections::hash_map::Entry::Vacant(e) = org_ids.entry(key) {
            let id = organisation_for(&tx, actor, Some(row.organisation.as_str())).await?;
            e.insert(id);
        }
    }
    let new_accounts = new_rows
        .iter()
        .map(|row| {
            let person = PersonInput {
                email: row.email.clone(),
                first_name: row.first_name.clone(),
                last_name: row.last_name.clone(),
                category: row.category.unwrap_or(shared::enums::Category::Association),
                organisation: None,
                position: Some(row.position.clone()),
                phone: row.phone.clone(),
            };
            new_account(&person, org_ids.get(&import::fold(&row.organisation)).copied().flatten(), Lang::Fr)
        })
        .collect();
    accounts::insert_many(&tx, new_accounts).await?;
    progress.advance(new_rows.len() as u64 / 2);
    let all_emails: Vec<String> = rows.iter().map(|r| r.email.clone()).collect();
    let accounts_by_email = accounts::by_emails(&tx, &all_emails).await?;
    let to_enrol: Vec<i64> =
        rows.iter().filter_map(|r| accounts_by_email.get(&r.email)).map(|a| a.id).filter(|id| !already.contains(id)).collect();
    enrolments::insert_many(&tx, cohort.id, &to_enrol, if actor.role == Role::Partner { EnrolmentSource::Partner } else { source_of(actor) }, actor.id).await?;
    let new_emails: HashSet<&str> = new_rows.iter().map(|r| r.email.as_str()).collect();
    let mut token_rows = Vec::new();
    let mut mails = Vec::new();
    for email in &all_emails {
        let Some(account) = accounts_by_email.get(email) else { continue };
        if already.contains(&account.id) {
            continue;
        }
        let invitation = if new_emails.contains(email.as_str()) {
            let (token, row) = tokens::invitation(account.id);
            token_rows.push(row);
            Some(token)
        } else {
            None
        };
        // Keyed by account and cohort: the enrolment ids are not read back.
        let mut mail = enrolment_mail(state, account, &cohort, account.id, invitation.as_deref());
        if invitation.is_none() {
            mail.dedupe_key = Some(format!("enrolment:{}:{}", cohort.id, account.id));
        }
        mails.push(mail);
    }
    tokens::insert_many(&tx, token_rows).await?;
    outbox::enqueue(&tx, mails).await?;
    audit::record(
        &tx,
        actor.id,
        "enrolment.import",
        "cohort",
        cohort.id,
        Some(serde_json::json!({ "rows": counts.rows, "new_accounts": counts.new_accounts, "enrolled": counts.enrolled })),
    )
    .await?;
    progress.advance(rows.len() as u64 - new_rows.len() as u64 / 2);
    tx.commit().await?;
    state.mail_ready.notify_one();
    Ok(ImportReport { dry_run: false, committed: true, counts, rows: report_rows })
}

fn localized_missing(column: &str, lang: Lang) -> String {
    shared::i18n::tf(lang, k::VALIDATION_MISSING_COLUMN, &[("column", column)])
}
