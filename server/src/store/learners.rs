//! A learner's own record, read in one round trip: the cohorts they follow,
//! the modules they completed, their attempts and certificates. Bounded by one
//! person's history, whatever the size of the programme.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};
use shared::enums::{AttemptStatus, EnrolmentStatus};

/// A cohort the learner follows (not withdrawn from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub programme_id: i64,
    /// The programme's structure version, for the cache.
    pub programme_version: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptSummary {
    pub assessment_id: i64,
    pub status: AttemptStatus,
    pub score: Option<i32>,
}

#[derive(Debug, Clone, Default)]
pub struct LearnerState {
    /// Oldest enrolment first.
    pub enrolled: Vec<Enrolled>,
    /// Module id → when it was completed.
    pub completed: HashMap<i64, DateTime<Utc>>,
    pub attempts: Vec<AttemptSummary>,
    pub programmes_completed: HashSet<i64>,
}

impl LearnerState {
    /// The learner's cohort for a programme: their oldest enrolment in one of its cohorts.
    pub fn cohort_in(&self, programme_id: i64) -> Option<&Enrolled> {
        self.enrolled.iter().find(|e| e.programme_id == programme_id)
    }
}

/// A stored time as the JSON functions of either database write it:
/// `2026-11-25 10:00:00.5 +00:00` (SQLite, as sqlx stores it) or
/// `2026-11-25T10:00:00.5+00:00` (PostgreSQL).
fn time(text: &str) -> Result<DateTime<Utc>, DbErr> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let iso = match text.split_once([' ', 'T']) {
        Some((date, rest)) => format!("{date}T{}", rest.replace(' ', "")),
        None => text.to_string(),
    };
    DateTime::parse_from_rfc3339(&iso).map(|t| t.with_timezone(&Utc)).map_err(|e| DbErr::Type(format!("time {text}: {e}")))
}

/// The cohorts the learner `account` (an SQL expression) follows, oldest
/// first, aggregated as JSON by the database (rows one by one would each
/// cross a thread on SQLite).
fn enrolled_part(backend: DatabaseBackend, account: &str) -> String {
    let withdrawn = EnrolmentStatus::Withdrawn.as_str();
    match backend {
        DatabaseBackend::Postgres => format!(
            "(SELECT COALESCE(json_agg(json_build_array(e.cohort_id, k.programme_id, p.version, k.name) ORDER BY e.id), '[]')::text \
               FROM enrolments e JOIN cohorts k ON k.id = e.cohort_id JOIN programmes p ON p.id = k.programme_id \
               WHERE e.account_id = {account} AND e.status <> '{withdrawn}') AS enrolled"
        ),
        _ => format!(
            "(SELECT json_group_array(json_array(cohort_id, programme_id, version, name)) FROM \
               (SELECT e.cohort_id, k.programme_id, p.version, k.name FROM enrolments e JOIN cohorts k ON k.id = e.cohort_id \
                JOIN programmes p ON p.id = k.programme_id WHERE e.account_id = {account} AND e.status <> '{withdrawn}' ORDER BY e.id)) AS enrolled"
        ),
    }
}

/// The four parts of a learner's record for the account `account`, each
/// aggregated as JSON by the database: one row in all.
fn parts(backend: DatabaseBackend, account: &str) -> String {
    let enrolled = enrolled_part(backend, account);
    match backend {
        DatabaseBackend::Postgres => format!(
            "{enrolled}, \
             (SELECT COALESCE(json_agg(json_build_array(c.module_id, c.completed_at)), '[]')::text FROM completions c WHERE c.account_id = {account}) AS completed, \
             (SELECT COALESCE(json_agg(json_build_array(t.assessment_id, t.status, t.score_percent)), '[]')::text FROM attempts t WHERE t.account_id = {account}) AS attempts, \
             (SELECT COALESCE(json_agg(q.programme_id), '[]')::text FROM programme_completions q WHERE q.account_id = {account}) AS certified"
        ),
        _ => format!(
            "{enrolled}, \
             (SELECT json_group_array(json_array(c.module_id, c.completed_at)) FROM completions c WHERE c.account_id = {account}) AS completed, \
             (SELECT json_group_array(json_array(t.assessment_id, t.status, t.score_percent)) FROM attempts t WHERE t.account_id = {account}) AS attempts, \
             (SELECT json_group_array(q.programme_id) FROM programme_completions q WHERE q.account_id = {account}) AS certified"
        ),
    }
}

fn parse<T: serde::de::DeserializeOwned>(row: &sea_orm::QueryResult, name: &str) -> Result<T, DbErr> {
    let text: String = row.try_get("", name)?;
    serde_json::from_str(&text).map_err(|e| DbErr::Type(format!("{name}: {e}")))
}

fn read_enrolled(row: &sea_orm::QueryResult) -> Result<Vec<Enrolled>, DbErr> {
    Ok(parse::<Vec<(i64, i64, i64, String)>>(row, "enrolled")?
        .into_iter()
        .map(|(cohort_id, programme_id, version, cohort_name)| Enrolled {
            cohort_id,
            programme_id,
            programme_version: i32::try_from(version).unwrap_or(0),
            cohort_name,
        })
        .collect())
}

fn read(row: &sea_orm::QueryResult) -> Result<LearnerState, DbErr> {
    let mut state = LearnerState { enrolled: read_enrolled(row)?, ..LearnerState::default() };
    for (module_id, at) in parse::<Vec<(i64, String)>>(row, "completed")? {
        state.completed.insert(module_id, time(&at)?);
    }
    for (assessment_id, status, score) in parse::<Vec<(i64, String, Option<i64>)>>(row, "attempts")? {
        let status = status.parse::<AttemptStatus>().map_err(|e| DbErr::Type(e.to_string()))?;
        state.attempts.push(AttemptSummary { assessment_id, status, score: score.and_then(|s| i32::try_from(s).ok()) });
    }
    state.programmes_completed = parse::<Vec<i64>>(row, "certified")?.into_iter().collect();
    Ok(state)
}

/// A learner's record, in one round trip.
pub async fn state(db: &impl ConnectionTrait, account_id: i64) -> Result<LearnerState, DbErr> {
    let backend = db.get_database_backend();
    let me = match backend {
        DatabaseBackend::Postgres => "(SELECT $1::bigint AS id)",
        _ => "(SELECT ? AS id)",
    };
    let sql = format!("SELECT {} FROM {me} x", parts(backend, "x.id"));
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [account_id.into()])).await?;
    read(&row.ok_or_else(|| DbErr::RecordNotFound("learner".into()))?)
}

/// Who holds a live session (the same rule as `sessions::find_active`: not
/// expired, the account open).
#[derive(Debug, Clone)]
pub struct Holder {
    pub account_id: i64,
    pub role: shared::enums::Role,
    pub organisation_id: Option<i64>,
    pub last_seen_at: DateTime<Utc>,
}

/// The holder of a live session, the cohorts they follow and their record's
/// version number (raised by the database at every change to what their map
/// shows), in one round trip: what a learner's every page starts with, and
/// all a process needs to know whether a map it keeps still holds.
pub async fn by_session(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<(Holder, Vec<Enrolled>, i64)>, DbErr> {
    let backend = db.get_database_backend();
    let (p1, p2) = match backend {
        DatabaseBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    let sql = format!(
        "SELECT s.account_id AS account_id, s.last_seen_at AS last_seen_at, a.role AS role, a.organisation_id AS organisation_id, {}, \
         COALESCE((SELECT r.version FROM learner_records r WHERE r.account_id = s.account_id), 0) AS record_version \
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = {p1} AND s.expires_at > {p2} AND a.active",
        enrolled_part(backend, "s.account_id")
    );
    let values: [sea_orm::Value; 2] = [token_hash.into(), crate::clock::now().into()];
    let Some(row) = db.query_one_raw(Statement::from_sql_and_values(backend, sql, values)).await? else { return Ok(None) };
    let role: String = row.try_get("", "role")?;
    let holder = Holder {
        account_id: row.try_get("", "account_id")?,
        role: role.parse().map_err(|e: shared::enums::UnknownValue| DbErr::Type(e.to_string()))?,
        organisation_id: row.try_get("", "organisation_id")?,
        last_seen_at: row.try_get("", "last_seen_at")?,
    };
    Ok(Some((holder, read_enrolled(&row)?, row.try_get("", "record_version")?)))
}

#[cfg(test)]
mod tests {
    use super::time;

    #[test]
    fn times_read_as_either_database_writes_them() {
        let sqlite = time("2026-11-25 10:00:00.5 +00:00").expect("sqlite");
        let postgres = time("2026-11-25T10:00:00.5+00:00").expect("postgres");
        assert_eq!(sqlite, postgres);
        assert!(time("2026-11-25T10:00:00+01:00").is_ok());
    }
}
