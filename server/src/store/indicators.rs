//! The facts the indicators count, read with the filters and the scope as
//! SQL conditions: one grouped query per kind of fact (enrolments,
//! completions, attestations, attendance), each row one person in one
//! cohort, so nothing read grows with anything but the people counted.
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};
use shared::api::reports::IndicatorQuery;
use shared::enums::{AttendanceStatus, AttestationKind, AttestationStatus, Category, Role, Sex};

use crate::domain::indicators::{CohortLabel, Fact, Person};
use crate::policy::PeopleScope;

/// Bound values and their placeholders, numbered (`$1` for PostgreSQL,
/// `?1` for SQLite) so that a value may be bound before the condition that
/// uses it appears in the text.
struct Params {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Params {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => format!("?{}", self.values.len()),
        }
    }
}

/// The period as instants: from the first day's start to the day after the last.
fn instants(query: &IndicatorQuery) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    (query.from.and_then(start), query.to.and_then(|d| start(d + TimeDelta::days(1))))
}

/// The joins and conditions that narrow a kind of fact (`x`, its cohort in
/// `cohort`) to the people and cohorts asked for. A table is joined only
/// when a condition needs it: the whole programme's figures read each fact
/// table alone, however long its history.
fn narrowing(p: &mut Params, query: &IndicatorQuery, scope: PeopleScope, cohort: &str) -> (String, String) {
    let mut on_person = Vec::new();
    if let PeopleScope::Organisation(org) = scope {
        on_person.push(format!("a.organisation_id = {}", p.bind(org)));
    }
    if let Some(org) = query.organisation_id {
        on_person.push(format!("a.organisation_id = {}", p.bind(org)));
    }
    let region = query.region.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if let Some(region) = region {
        on_person.push(format!("COALESCE(a.region, o.region) = {}", p.bind(region.to_string())));
    }
    if let Some(category) = query.category {
        on_person.push(format!("a.category = {}", p.bind(category.as_str())));
    }
    if let Some(sex) = query.sex {
        on_person.push(format!("a.sex = {}", p.bind(sex.as_str())));
    }
    let mut joins = String::new();
    let mut filters: String = on_person.iter().map(|c| format!(" AND {c}")).collect();
    if !on_person.is_empty() {
        joins += " JOIN accounts a ON a.id = x.account_id";
        if region.is_some() {
            joins += " LEFT JOIN organisations o ON o.id = a.organisation_id";
        }
    }
    if let Some(programme) = query.programme_id {
        joins += &format!(" JOIN cohorts k ON k.id = {cohort}");
        filters += &format!(" AND k.programme_id = {}", p.bind(programme));
    }
    if let Some(id) = query.cohort_id {
        filters += &format!(" AND {cohort} = {}", p.bind(id));
    }
    (joins, filters)
}

fn int(row: &QueryResult, column: &str) -> i64 {
    row.try_get::<i64>("", column).or_else(|_| row.try_get::<i32>("", column).map(i64::from)).unwrap_or(0)
}

fn count(row: &QueryResult, column: &str) -> u64 {
    u64::try_from(int(row, column)).unwrap_or(0)
}

async fn rows(db: &impl ConnectionTrait, sql: String, p: Params) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_sql_and_values(p.backend, sql, p.values)).await
}

/// The fact of the row's person in the row's cohort, made when first seen.
fn fact<'a>(facts: &'a mut HashMap<(i64, i64), Fact>, row: &QueryResult) -> &'a mut Fact {
    let key = (int(row, "account_id"), int(row, "cohort_id"));
    facts.entry(key).or_insert_with(|| Fact { account_id: key.0, cohort_id: key.1, ..Fact::default() })
}

pub struct Read {
    pub people: HashMap<i64, Person>,
    pub facts: Vec<Fact>,
    pub cohorts: HashMap<i64, CohortLabel>,
}

pub async fn read(db: &impl ConnectionTrait, query: &IndicatorQuery, scope: PeopleScope) -> Result<Read, DbErr> {
    let backend = db.get_database_backend();
    let new = || Params { backend, values: Vec::new() };
    let (from, until) = instants(query);
    let mut facts: HashMap<(i64, i64), Fact> = HashMap::new();

    // Each kind of fact is read for the period only: what happened before
    // it is never loaded, however long the history.
    let period = |p: &mut Params, column: &str, from: Option<Value>, until: Option<Value>| {
        let mut sql = String::new();
        if let Some(from) = from {
            sql += &format!(" AND {column} >= {}", p.bind(from));
        }
        if let Some(until) = until {
            sql += &format!(" AND {column} < {}", p.bind(until));
        }
        sql
    };

    // Enrolments made in the period.
    let mut p = new();
    let (joins, filters) = narrowing(&mut p, query, scope, "x.cohort_id");
    let when = period(&mut p, "x.created_at", from.map(Value::from), until.map(Value::from));
    let sql = format!("SELECT x.account_id, x.cohort_id FROM enrolments x{joins} WHERE 1 = 1{filters}{when}");
    for row in rows(db, sql, p).await? {
        fact(&mut facts, &row).enrolled = true;
    }

    let mut p = new();
    let (joins, filters) = narrowing(&mut p, query, scope, "x.cohort_id");
    let when = period(&mut p, "x.completed_at", from.map(Value::from), until.map(Value::from));
    let sql = format!(
        "SELECT x.account_id, x.cohort_id, COUNT(*) AS n, SUM(m.hours) AS hours FROM completions x JOIN modules m ON m.id = x.module_id{joins} \
         WHERE 1 = 1{filters}{when} GROUP BY x.account_id, x.cohort_id"
    );
    for row in rows(db, sql, p).await? {
        let f = fact(&mut facts, &row);
        f.completions = count(&row, "n");
        f.hours = count(&row, "hours");
    }

    // Attestations by the day they were issued; a revoked one no longer counts.
    let mut p = new();
    let (joins, filters) = narrowing(&mut p, query, scope, "x.cohort_id");
    let valid = p.bind(AttestationStatus::Valid.as_str());
    let (module, programme) = (p.bind(AttestationKind::Module.as_str()), p.bind(AttestationKind::Programme.as_str()));
    let when = period(&mut p, "x.issued_on", query.from.map(Value::from), query.to.map(|d| Value::from(d + TimeDelta::days(1))));
    let sql = format!(
        "SELECT x.account_id, x.cohort_id, SUM(CASE WHEN x.kind = {module} THEN 1 ELSE 0 END) AS modules, \
         SUM(CASE WHEN x.kind = {programme} THEN 1 ELSE 0 END) AS programmes FROM attestations x{joins} \
         WHERE x.status = {valid}{filters}{when} GROUP BY x.account_id, x.cohort_id"
    );
    for row in rows(db, sql, p).await? {
        let f = fact(&mut facts, &row);
        f.attestations = count(&row, "modules");
        f.certificates = count(&row, "programmes");
    }

    // Workshop sessions attended, by when they took place.
    let mut p = new();
    let (joins, filters) = narrowing(&mut p, query, scope, "s.cohort_id");
    let when = period(&mut p, "s.starts_at", from.map(Value::from), until.map(Value::from));
    // Present and late learners attended (the one rule: `AttendanceStatus::attended`).
    let attended: Vec<String> = AttendanceStatus::ALL.iter().filter(|s| s.attended()).map(|s| p.bind(s.as_str())).collect();
    let attended = attended.join(", ");
    let sql = format!(
        "SELECT x.account_id, s.cohort_id AS cohort_id, SUM(s.duration_minutes) AS minutes FROM attendances x \
         JOIN cohort_sessions s ON s.id = x.session_id{joins} \
         WHERE x.status IN ({attended}){filters}{when} GROUP BY x.account_id, s.cohort_id"
    );
    for row in rows(db, sql, p).await? {
        fact(&mut facts, &row).attended_minutes = count(&row, "minutes");
    }

    let mut facts: Vec<Fact> = facts.into_values().collect();
    let ids: Vec<i64> = {
        let mut ids: Vec<i64> = facts.iter().map(|f| f.account_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let people = people(db, &ids).await?;
    facts.retain(|f| people.contains_key(&f.account_id));
    let cohort_ids: Vec<String> = {
        let mut ids: Vec<i64> = facts.iter().map(|f| f.cohort_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().map(i64::to_string).collect()
    };
    let mut cohorts = HashMap::new();
    if !cohort_ids.is_empty() {
        let sql = format!(
            "SELECT k.id, k.name, p.title_fr FROM cohorts k JOIN programmes p ON p.id = k.programme_id WHERE k.id IN ({})",
            cohort_ids.join(",")
        );
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
            let text = |column: &str| row.try_get::<String>("", column).unwrap_or_default();
            cohorts.insert(int(&row, "id"), CohortLabel { cohort: text("name"), programme: text("title_fr") });
        }
    }
    Ok(Read { people, facts, cohorts })
}

/// The profiles of these accounts, as the breakdowns read them; only
/// learners: staff who tried a module are not the programme's people.
pub async fn people(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, Person>, DbErr> {
    let backend = db.get_database_backend();
    let mut people = HashMap::new();
    for chunk in ids.chunks(1_000) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT a.id, a.role, a.sex, a.birth_year, a.category, COALESCE(a.region, o.region) AS region, o.name AS organisation \
             FROM accounts a LEFT JOIN organisations o ON o.id = a.organisation_id WHERE a.id IN ({list})"
        );
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
            let text = |column: &str| row.try_get::<Option<String>>("", column).ok().flatten();
            if text("role").as_deref() != Some(Role::Learner.as_str()) {
                continue;
            }
            people.insert(
                int(&row, "id"),
                Person {
                    sex: text("sex").as_deref().and_then(Sex::parse).unwrap_or_default(),
                    birth_year: row.try_get::<Option<i32>>("", "birth_year").ok().flatten(),
                    category: text("category").as_deref().and_then(Category::parse),
                    region: text("region"),
                    organisation: text("organisation"),
                },
            );
        }
    }
    Ok(people)
}
