//! An evaluation's results in one cohort, on screen and as an XLSX file:
//! a questionnaire's scores item by item and its free-text answers; a
//! knowledge test's scores before and after, the gain of each learner who
//! took both, and the mean gain by a breakdown of the indicators.
use std::collections::HashMap;

use chrono::Datelike;
use shared::Lang;
use shared::api::evaluations::{EvaluationDefinition, EvaluationResults, KnowledgeResults, LearnerGain, ResultsQuery, SatisfactionResults};
use shared::enums::{Dimension, EvaluationKind, EvaluationPhase};

use crate::clock::now;
use crate::domain::evaluation::{self, ANONYMOUS_MINIMUM, Answers};
use crate::domain::indicators::{AgeBands, Facts};
use crate::entities::evaluation_response;
use crate::error::{ApiError, ApiResult};
use crate::export::{self, Export};
use crate::policy::{self, Actor};
use crate::state::AppState;
use crate::store::{self, accounts, cohorts, evaluations};

fn bands(query: &ResultsQuery) -> ApiResult<AgeBands> {
    match &query.age_bands {
        None => Ok(AgeBands::default()),
        Some(text) => shared::validation::parse_age_bands(text).and_then(AgeBands::new).ok_or_else(|| ApiError::field("age_bands", "age_bands")),
    }
}

pub async fn results(state: &AppState, actor: &Actor, id: i64, query: &ResultsQuery, lang: Lang) -> ApiResult<EvaluationResults> {
    let db = state.db.conn();
    let e = evaluations::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohorts::by_id(db, query.cohort_id)
        .await?
        .filter(|c| c.programme_id == e.programme_id)
        .ok_or_else(|| ApiError::field("cohort_id", "invalid"))?;
    let scope = policy::evaluation_results_scope(db, actor, cohort.id, e.kind).await?;
    let bands = bands(query)?;
    let definition: EvaluationDefinition =
        serde_json::from_str(&e.definition).map_err(|err| ApiError::Unexpected(anyhow::anyhow!("evaluation {id}: {err}")))?;
    let responses = evaluations::responses(db, id, cohort.id, scope).await?;
    let all = evaluations::response_counts(db, &[id]).await?.get(&id).copied().unwrap_or(0);
    let summary = shared::api::evaluations::EvaluationSummary {
        id,
        programme_id: e.programme_id,
        module_id: e.module_id,
        kind: e.kind,
        title: shared::api::in_lang(lang, &definition.title, &definition.title_ar, &definition.title_en).0.to_string(),
        required: e.required,
        anonymous: e.anonymous,
        version: shared::num::u32_of(e.version),
        responses: all,
    };
    let (satisfaction, knowledge) = match e.kind {
        EvaluationKind::Satisfaction => (Some(satisfaction(&definition, e.anonymous, &responses, lang)), None),
        EvaluationKind::Knowledge => (None, Some(knowledge(db, cohort.id, &responses, query.by.unwrap_or(Dimension::Sex), &bands).await?)),
    };
    Ok(EvaluationResults { evaluation: summary, cohort_id: cohort.id, cohort_name: cohort.name, satisfaction, knowledge })
}

fn satisfaction(definition: &EvaluationDefinition, anonymous: bool, responses: &[evaluation_response::Model], lang: Lang) -> SatisfactionResults {
    let count = shared::num::count64(responses.len());
    let withheld = anonymous && count < ANONYMOUS_MINIMUM;
    let answers: Vec<Answers> = if withheld { Vec::new() } else { responses.iter().filter_map(|r| serde_json::from_str(&r.answers).ok()).collect() };
    SatisfactionResults { responses: count, withheld, items: if withheld { Vec::new() } else { evaluation::tally(definition, &answers, lang) } }
}

async fn knowledge(
    db: &impl sea_orm::ConnectionTrait,
    cohort_id: i64,
    responses: &[evaluation_response::Model],
    by: Dimension,
    bands: &AgeBands,
) -> ApiResult<KnowledgeResults> {
    let mut scores: HashMap<i64, (Option<u32>, Option<u32>)> = HashMap::new();
    for r in responses {
        let (Some(account), Some(score)) = (r.account_id, r.score_percent) else { continue };
        let entry = scores.entry(account).or_default();
        let score = shared::num::u32_of(score);
        match r.phase {
            EvaluationPhase::Before => entry.0 = Some(score),
            EvaluationPhase::After => entry.1 = Some(score),
        }
    }
    let ids: Vec<i64> = scores.keys().copied().collect();
    let names: HashMap<i64, String> = accounts::by_ids(db, &ids).await?.into_iter().map(|a| (a.id, a.full_name)).collect();
    let mut learners: Vec<LearnerGain> = scores
        .iter()
        .map(|(id, (before, after))| LearnerGain {
            account_id: *id,
            name: names.get(id).cloned().unwrap_or_default(),
            before: *before,
            after: *after,
            gain: evaluation::gain(*before, *after),
        })
        .collect();
    learners.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.account_id.cmp(&b.account_id)));
    let gains: Vec<(i64, i32)> = learners.iter().filter_map(|l| l.gain.map(|g| (l.account_id, g))).collect();
    let people = store::indicators::people(db, &ids).await?;
    let no_cohorts = HashMap::new();
    let facts = Facts { people: &people, facts: &[], cohorts: &no_cohorts, bands, age_in: now().date_naive().year() };
    let mean = |values: Vec<u32>| evaluation::mean(values.into_iter().map(f64::from));
    Ok(KnowledgeResults {
        before: shared::num::count64(learners.iter().filter(|l| l.before.is_some()).count()),
        after: shared::num::count64(learners.iter().filter(|l| l.after.is_some()).count()),
        both: shared::num::count64(gains.len()),
        mean_before: mean(learners.iter().filter_map(|l| l.before).collect()),
        mean_after: mean(learners.iter().filter_map(|l| l.after).collect()),
        mean_gain: evaluation::mean(gains.iter().map(|(_, g)| f64::from(*g))),
        groups: evaluation::gain_groups(&facts, cohort_id, &gains, by),
        by,
        learners,
    })
}

/// The results as an XLSX workbook, the evaluation and cohort written at the top.
pub async fn export(state: &AppState, actor: &Actor, id: i64, query: &ResultsQuery, lang: Lang) -> ApiResult<Export> {
    let results = results(state, actor, id, query, lang).await?;
    export::evaluation_xlsx(&results, lang, now().date_naive())
}
