//! The figures of the impact dashboard, counted by the database. `people`
//! narrows every figure to some learners (a partner manager's organisation).
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Statement};
use shared::api::reports::{CategoryCount, CohortFigures, RegionFigures, Summary};
use shared::enums::{AttestationKind, AttestationStatus, Category};

use crate::policy::PeopleScope;

fn count(row: &sea_orm::QueryResult, column: &str) -> u64 {
    shared::num::u64_of(row.try_get::<i64>("", column).unwrap_or(0))
}

pub async fn summary(db: &impl ConnectionTrait, scope: PeopleScope) -> Result<Summary, DbErr> {
    let organisation = match scope {
        PeopleScope::All => None,
        PeopleScope::Organisation(org) => Some(org),
    };
    let backend = db.get_database_backend();
    // The organisation id is a number from the session, never user text.
    let people = organisation.map(|org| format!(" AND a.organisation_id = {org}")).unwrap_or_default();
    let query = |sql: String| db.query_all_raw(Statement::from_string(backend, sql));
    let valid = AttestationStatus::Valid.as_str();
    let (module, programme) = (AttestationKind::Module.as_str(), AttestationKind::Programme.as_str());

    let by_category = query(format!(
        "SELECT a.category AS category, COUNT(DISTINCT a.id) AS n FROM accounts a \
         WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.account_id = a.id){people} GROUP BY a.category"
    ))
    .await?;
    let mut categories: Vec<CategoryCount> = by_category
        .iter()
        .map(|r| CategoryCount {
            category: r.try_get::<Option<String>>("", "category").ok().flatten().as_deref().and_then(Category::parse),
            learners: count(r, "n"),
        })
        .collect();
    categories.sort_by_key(|c| c.category.map(|c| Category::ALL.iter().position(|x| *x == c).unwrap_or(99)).unwrap_or(100));
    let learners = categories.iter().map(|c| c.learners).sum();

    let totals = query(format!(
        "SELECT \
           (SELECT COUNT(*) FROM completions c JOIN accounts a ON a.id = c.account_id WHERE 1 = 1{people}) AS completed, \
           (SELECT COUNT(*) FROM attestations t JOIN accounts a ON a.id = t.account_id WHERE t.status = '{valid}' AND t.kind = '{module}'{people}) AS attestations, \
           (SELECT COUNT(*) FROM attestations t JOIN accounts a ON a.id = t.account_id WHERE t.status = '{valid}' AND t.kind = '{programme}'{people}) AS certificates"
    ))
    .await?;
    let totals = totals.first();

    let cohorts = query(format!(
        "SELECT k.id AS id, k.name AS name, k.region AS region, \
           (SELECT COUNT(*) FROM enrolments e JOIN accounts a ON a.id = e.account_id WHERE e.cohort_id = k.id{people}) AS learners, \
           (SELECT COUNT(*) FROM completions c JOIN accounts a ON a.id = c.account_id WHERE c.cohort_id = k.id{people}) AS completed, \
           (SELECT COUNT(*) FROM attestations t JOIN accounts a ON a.id = t.account_id WHERE t.cohort_id = k.id AND t.status = '{valid}'{people}) AS attestations \
         FROM cohorts k ORDER BY k.region, k.name"
    ))
    .await?;
    let by_cohort: Vec<CohortFigures> = cohorts
        .iter()
        .map(|r| CohortFigures {
            cohort_id: r.try_get::<i64>("", "id").unwrap_or(0),
            name: r.try_get::<String>("", "name").unwrap_or_default(),
            region: r.try_get::<String>("", "region").unwrap_or_default(),
            learners: count(r, "learners"),
            modules_completed: count(r, "completed"),
            attestations: count(r, "attestations"),
        })
        .filter(|c| organisation.is_none() || c.learners > 0)
        .collect();
    let mut regions: HashMap<String, RegionFigures> = HashMap::new();
    for c in &by_cohort {
        let entry = regions.entry(c.region.clone()).or_insert_with(|| RegionFigures {
            region: c.region.clone(),
            learners: 0,
            modules_completed: 0,
            attestations: 0,
        });
        entry.learners += c.learners;
        entry.modules_completed += c.modules_completed;
        entry.attestations += c.attestations;
    }
    let mut by_region: Vec<RegionFigures> = regions.into_values().collect();
    by_region.sort_by(|a, b| b.learners.cmp(&a.learners).then(a.region.cmp(&b.region)));
    Ok(Summary {
        learners,
        by_category: categories,
        modules_completed: totals.map(|r| count(r, "completed")).unwrap_or(0),
        attestations: totals.map(|r| count(r, "attestations")).unwrap_or(0),
        certificates: totals.map(|r| count(r, "certificates")).unwrap_or(0),
        by_region,
        by_cohort,
    })
}
