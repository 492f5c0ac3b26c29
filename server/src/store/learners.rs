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

pub async fn state(db: &impl ConnectionTrait, account_id: i64) -> Result<LearnerState, DbErr> {
    let backend = db.get_database_backend();
    let (p, int, text, time) = match backend {
        DatabaseBackend::Postgres => ("$1", "BIGINT", "TEXT", "TIMESTAMPTZ"),
        _ => ("?", "INTEGER", "TEXT", "TEXT"),
    };
    let withdrawn = EnrolmentStatus::Withdrawn.as_str();
    // Four kinds of rows in one answer, told apart by `kind`.
    let sql = format!(
        "SELECT 'e' AS kind, e.cohort_id AS a, k.programme_id AS b, CAST(p.version AS {int}) AS c, k.name AS s, CAST(NULL AS {time}) AS t, e.id AS o \
           FROM enrolments e JOIN cohorts k ON k.id = e.cohort_id JOIN programmes p ON p.id = k.programme_id \
           WHERE e.account_id = {p} AND e.status <> '{withdrawn}' \
         UNION ALL SELECT 'c', module_id, CAST(NULL AS {int}), CAST(NULL AS {int}), CAST(NULL AS {text}), completed_at, id FROM completions WHERE account_id = {p} \
         UNION ALL SELECT 'a', assessment_id, CAST(score_percent AS {int}), CAST(NULL AS {int}), status, CAST(NULL AS {time}), id FROM attempts WHERE account_id = {p} \
         UNION ALL SELECT 'p', programme_id, CAST(NULL AS {int}), CAST(NULL AS {int}), CAST(NULL AS {text}), completed_at, id FROM programme_completions WHERE account_id = {p} \
         ORDER BY kind, o"
    );
    let values: Vec<sea_orm::Value> = match backend {
        DatabaseBackend::Postgres => vec![account_id.into()],
        _ => vec![account_id.into(); 4],
    };
    let mut state = LearnerState::default();
    for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await? {
        let kind: String = row.try_get("", "kind")?;
        let a: i64 = row.try_get("", "a")?;
        match kind.as_str() {
            "e" => state.enrolled.push(Enrolled {
                cohort_id: a,
                programme_id: row.try_get("", "b")?,
                programme_version: i32::try_from(row.try_get::<i64>("", "c")?).unwrap_or(0),
                cohort_name: row.try_get("", "s")?,
            }),
            "c" => {
                state.completed.insert(a, row.try_get("", "t")?);
            }
            "a" => {
                let status: String = row.try_get("", "s")?;
                let status = status.parse::<AttemptStatus>().map_err(|e| DbErr::Type(e.to_string()))?;
                let score = row.try_get::<Option<i64>>("", "b")?.and_then(|s| i32::try_from(s).ok());
                state.attempts.push(AttemptSummary { assessment_id: a, status, score });
            }
            _ => {
                state.programmes_completed.insert(a);
            }
        }
    }
    Ok(state)
}
