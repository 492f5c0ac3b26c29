//! The programme's indicators for a period, on screen and as files for a
//! donor: administrators count everyone, a partner manager their own people.
use chrono::Datelike;
use shared::Lang;
use shared::api::reports::{Breakdown, Group, IndicatorQuery, Indicators};
use shared::enums::Dimension;

use crate::clock::now;
use crate::domain::indicators::{AgeBands, Facts};
use crate::error::{ApiError, ApiResult};
use crate::export::{self, Export};
use crate::policy::{self, Actor};
use crate::state::AppState;
use crate::store::{self, cohorts, organisations, programmes};

fn bands(query: &IndicatorQuery) -> ApiResult<AgeBands> {
    match &query.age_bands {
        None => Ok(AgeBands::default()),
        Some(text) => shared::validation::parse_age_bands(text).and_then(AgeBands::new).ok_or_else(|| ApiError::field("age_bands", "age_bands")),
    }
}

pub async fn indicators(state: &AppState, actor: &Actor, query: &IndicatorQuery) -> ApiResult<Indicators> {
    let scope = policy::reports_scope(actor)?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && to < from
    {
        return Err(ApiError::field("to", "ends_before_start"));
    }
    let bands = bands(query)?;
    let read = store::indicators::read(state.db.conn(), query, scope).await?;
    // Ages are those reached in the last year of the period.
    let age_in = query.to.unwrap_or_else(|| now().date_naive()).year();
    let facts = Facts { people: &read.people, facts: &read.facts, cohorts: &read.cohorts, bands: &bands, age_in };
    let breakdowns = Dimension::ALL
        .iter()
        .map(|d| Breakdown { dimension: *d, groups: facts.breakdown(*d).into_iter().map(|(key, figures)| Group { key, figures }).collect() })
        .collect();
    Ok(Indicators { from: query.from, to: query.to, age_bands: bands.bounds().to_vec(), total: facts.total(), breakdowns })
}

/// The indicators as a file for someone outside the organisation (or for
/// the programme's own records): the filters are written at the top, and
/// small cells are masked for a partner manager always and for an
/// administrator on request.
pub async fn export(state: &AppState, actor: &Actor, query: &IndicatorQuery, lang: Lang, format: export::Format) -> ApiResult<Export> {
    let figures = indicators(state, actor, query).await?;
    let masked = policy::exports_masked(actor, query.masked.unwrap_or(false));
    let db = state.db.conn();
    let mut filters = Vec::new();
    if let policy::PeopleScope::Organisation(org) = policy::reports_scope(actor)? {
        filters.push(export::Filter::Scope(organisations::by_id(db, org).await?.map(|o| o.name).unwrap_or_default()));
    }
    if let Some(id) = query.programme_id {
        filters.push(export::Filter::Named(Dimension::Programme, programmes::by_id(db, id).await?.map_or_else(|| id.to_string(), |p| p.title_fr)));
    }
    if let Some(id) = query.cohort_id {
        filters.push(export::Filter::Named(Dimension::Cohort, cohorts::by_id(db, id).await?.map_or_else(|| id.to_string(), |c| c.name)));
    }
    if let Some(id) = query.organisation_id {
        filters.push(export::Filter::Named(Dimension::Organisation, organisations::by_id(db, id).await?.map_or_else(|| id.to_string(), |o| o.name)));
    }
    if let Some(region) = &query.region {
        filters.push(export::Filter::Named(Dimension::Region, region.clone()));
    }
    if let Some(category) = query.category {
        filters.push(export::Filter::Named(Dimension::Category, shared::i18n::t(lang, category.label_key()).to_string()));
    }
    if let Some(sex) = query.sex {
        filters.push(export::Filter::Named(Dimension::Sex, shared::i18n::t(lang, sex.label_key()).to_string()));
    }
    let request = export::Request { figures: &figures, filters: &filters, masked, lang, today: now().date_naive() };
    match format {
        export::Format::Xlsx => export::xlsx(&request),
        export::Format::Csv => Ok(export::csv(&request)),
    }
}
