//! Bulk enrolment from a CSV or XLSX file. A dry run reports per row what would
//! happen; a real run is all-or-nothing (one transaction, nothing written when
//! any row is wrong) and idempotent on e-mail (the same file twice enrols nobody
//! twice).
use std::collections::HashMap;

use chrono::Datelike;
use shared::Lang;
use shared::api::enrolments::{FileReading, ImportCounts, ImportReport, ImportRow, PersonInput, RowOutcome};
use shared::enums::AuditAction;
use shared::i18n::k;
use shared::num::count64;
use shared::problem::{ErrorCode, RowError};

use crate::clock::now;
use crate::domain::import::{self, FileError, Issue, Row};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, Admission, Enroller, admission};
use crate::service::enrolments::{ask_to_join, check_places, enrolment_mail, institution, names_own_organisation, new_account, organisation_for};
use crate::state::AppState;
use crate::store::{accounts, audit, cohorts, enrolments, organisations, outbox, tokens};

/// Stages reported to a progress bar (the command line shows one).
pub trait Progress {
    fn stage(&self, _name: &str, _total: u64) {}
    fn advance(&self, _by: u64) {}
}

pub struct Silent;

/// Rows written together: their new accounts, enrolments, invitations and
/// rendered mails are what an import holds in memory at once.
const WRITE_BATCH: usize = 2_000;
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
                    message: import::message(
                        &Issue { params: vec![("column", column.to_string())], ..Issue::new(1, column, "missing_column") },
                        Lang::Fr,
                    ),
                })
                .collect(),
        ),
    }
}

pub async fn run(
    state: &AppState,
    actor: &Actor,
    cohort_id: i64,
    bytes: &[u8],
    dry_run: bool,
    lang: Lang,
    progress: &dyn Progress,
) -> ApiResult<ImportReport> {
    let enroller = policy::bulk_enroller(actor)?;
    let (mut rows, reading) = import::parse(bytes, now().year()).map_err(|e| match file_error(e) {
        ApiError::RowsRejected(rows) => {
            ApiError::RowsRejected(rows.into_iter().map(|r| RowError { message: localized_missing(&r.column, lang), ..r }).collect())
        }
        other => other,
    })?;
    progress.stage("check", count64(rows.len()));
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    enrolments::lock_cohort(&tx, cohort.id).await?;
    check_places(&tx, &cohort, 0).await?;

    // A partner manager's rows are their organisation's people.
    if let Enroller::Partner { organisation_id } = enroller {
        let own = organisations::by_id(&tx, organisation_id).await?.ok_or_else(ApiError::forbidden)?;
        for row in rows.iter_mut().filter(|r| !names_own_organisation(&own, &r.organisation)) {
            // Said with what the column expects, not only what is wrong.
            let params = vec![("expected", own.name.clone()), ("given", row.organisation.clone())];
            row.issues.push(Issue { params, ..Issue::new(row.row, "organisation", "other_organisation") });
        }
    }
    // The rule of the administrator's form: the name must print whole.
    for row in rows.iter_mut().filter(|r| !state.renderer.prints_whole(&r.full_name())) {
        row.issues.push(Issue::new(row.row, "last_name", "name_too_long_to_print"));
    }
    let emails: Vec<&str> = rows.iter().filter(|r| r.issues.iter().all(|i| i.column != "email")).map(|r| r.email.as_str()).collect();
    let existing = accounts::by_emails(&tx, &emails).await?;
    // Who each existing address is for this enroller; someone a partner
    // manager may not reach is reported exactly like a new address.
    let mut admissions = HashMap::new();
    for row in rows.iter_mut() {
        if let Some(account) = existing.get(&row.email) {
            let seen = admission(enroller, account);
            if seen == Admission::NotALearner {
                row.issues.push(Issue::new(row.row, "email", "not_a_learner"));
            }
            admissions.insert(row.email.clone(), seen);
        }
    }
    let reachable = |email: &str| admissions.get(email) == Some(&Admission::Enrol);
    let existing_ids: Vec<i64> = existing.values().filter(|a| reachable(&a.email)).map(|a| a.id).collect();
    let already = enrolments::enrolled_among(&tx, cohort.id, &existing_ids).await?;
    progress.advance(count64(rows.len()));

    let mut report_rows = Vec::with_capacity(rows.len());
    let mut counts = ImportCounts { rows: rows.len(), ..Default::default() };
    let mut wanted = 0u64;
    let mut errors_listed = 0;
    for row in &rows {
        let outcome = if !row.issues.is_empty() {
            counts.errors += 1;
            RowOutcome::Error
        } else {
            match existing.get(&row.email).filter(|a| reachable(&a.email)) {
                Some(account) if already.contains(&account.id) => {
                    counts.already_enrolled += 1;
                    RowOutcome::AlreadyEnrolled
                }
                Some(_) => {
                    counts.enrolled += 1;
                    wanted += 1;
                    RowOutcome::Enrol
                }
                None => {
                    counts.new_accounts += 1;
                    counts.enrolled += 1;
                    if !existing.contains_key(&row.email) {
                        wanted += 1;
                    }
                    RowOutcome::NewAccount
                }
            }
        };
        let listed = report_rows.len() < import::PREVIEW_ROWS || (!row.issues.is_empty() && errors_listed < import::REPORTED_ERRORS);
        if !listed {
            continue;
        }
        errors_listed += usize::from(!row.issues.is_empty());
        report_rows.push(ImportRow {
            row: row.row,
            email: row.email.clone(),
            full_name: row.full_name(),
            outcome,
            errors: row.issues.iter().map(|i| RowError { row: i.row, column: i.column.to_string(), message: import::message(i, lang) }).collect(),
        });
    }
    // Nothing is written unless every row is right and the cohort has the places.
    let places = check_places(&tx, &cohort, wanted).await;
    if dry_run {
        let rows_omitted = rows.len() - report_rows.len();
        return Ok(ImportReport { dry_run, committed: false, counts, rows: report_rows, rows_omitted, reading: file_reading(&reading) });
    }
    if counts.errors > 0 {
        return Err(ApiError::RowsRejected(report_rows.iter().flat_map(|r| r.errors.clone()).collect()));
    }
    places?;

    // The real run, all in one transaction, written a batch of rows at a time
    // so that what is held in memory does not grow with the file.
    progress.stage("write", count64(rows.len()));
    let is_new = |email: &str| !existing.contains_key(email);
    let mut org_ids: HashMap<String, Option<i64>> = HashMap::new();
    for row in rows.iter().filter(|r| is_new(&r.email)) {
        let key = import::fold(&row.organisation);
        if let std::collections::hash_map::Entry::Vacant(e) = org_ids.entry(key) {
            e.insert(organisation_for(&tx, enroller, Some(row.organisation.as_str())).await?);
        }
    }
    let admitted = |email: &str| is_new(email) || reachable(email);
    let by = institution(&tx, enroller).await?;
    for batch in rows.chunks(WRITE_BATCH) {
        let new_rows: Vec<&Row> = batch.iter().filter(|r| is_new(&r.email)).collect();
        let new_accounts = new_rows
            .iter()
            .map(|row| new_account(&person(row), org_ids.get(&import::fold(&row.organisation)).copied().flatten(), Lang::Fr))
            .collect();
        accounts::insert_many(&tx, new_accounts).await?;
        let new_emails: Vec<&str> = new_rows.iter().map(|r| r.email.as_str()).collect();
        let made = accounts::by_emails(&tx, &new_emails).await?;
        let account_of = |email: &str| made.get(email).or_else(|| existing.get(email));
        let to_enrol: Vec<i64> = batch
            .iter()
            .filter(|r| admitted(&r.email))
            .filter_map(|r| account_of(&r.email))
            .map(|a| a.id)
            .filter(|id| !already.contains(id))
            .collect();
        enrolments::insert_many(&tx, cohort.id, &to_enrol, enroller.source(), actor.id).await?;
        let mut token_rows = Vec::new();
        let mut mails = Vec::new();
        for row in batch {
            let email = row.email.as_str();
            let Some(account) = account_of(email) else { continue };
            if !admitted(email) {
                if admissions.get(email) == Some(&Admission::AskToJoin) {
                    mails.push(ask_to_join(state, &tx, enroller, actor.id, account, &cohort).await?);
                }
                continue;
            }
            if already.contains(&account.id) {
                continue;
            }
            let invitation = if is_new(email) {
                let (token, row) = tokens::invitation(account.id);
                token_rows.push(row);
                Some(token)
            } else {
                None
            };
            // Keyed by account and cohort: the enrolment ids are not read back.
            let mut mail = enrolment_mail(state, account, by.as_deref(), &cohort, account.id, invitation.as_deref());
            if invitation.is_none() {
                mail.dedupe_key = Some(format!("enrolment:{}:{}", cohort.id, account.id));
            }
            mails.push(mail);
        }
        tokens::insert_many(&tx, token_rows).await?;
        outbox::enqueue(&tx, mails).await?;
        progress.advance(count64(batch.len()));
    }
    audit::record(
        &tx,
        actor.id,
        AuditAction::EnrolmentImport,
        cohort.id,
        Some(serde_json::json!({ "rows": counts.rows, "new_accounts": counts.new_accounts, "enrolled": counts.enrolled })),
    )
    .await?;
    tx.commit().await?;
    state.mail_ready.notify_one();
    let rows_omitted = rows.len() - report_rows.len();
    Ok(ImportReport { dry_run: false, committed: true, counts, rows: report_rows, rows_omitted, reading: file_reading(&reading) })
}

/// A row as the person it describes: the same account a form would open.
fn person(row: &Row) -> PersonInput {
    PersonInput {
        email: row.email.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        category: row.category.unwrap_or(shared::enums::Category::Association),
        organisation: None,
        position: Some(row.position.clone()),
        phone: row.phone.clone(),
        first_name_ar: row.first_name_ar.clone(),
        last_name_ar: row.last_name_ar.clone(),
        sex: row.sex,
        birth_year: row.birth_year,
        region: row.region.clone(),
        commune: row.commune.clone(),
        disability: row.disability,
        language: row.language,
    }
}

fn file_reading(reading: &import::Reading) -> FileReading {
    match reading {
        import::Reading::Spreadsheet => FileReading::default(),
        import::Reading::Text { encoding, separator } => FileReading { encoding: Some(encoding.to_string()), separator: Some(separator.to_string()) },
    }
}

fn localized_missing(column: &str, lang: Lang) -> String {
    shared::i18n::tf(lang, k::VALIDATION_MISSING_COLUMN, &[("column", column)])
}
