//! A person's sessions: listed in the app, and as an iCalendar feed their
//! phone's calendar subscribes to. A calendar app cannot sign in, so the feed
//! is opened by a secret token in its address (stored hashed, replaced on
//! request); it shows only what the app would show that person.
use std::collections::HashMap;

use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::ConnectionTrait;
use shared::api::attendance::{CalendarEntry, CalendarFeed};
use shared::enums::AttendanceStatus;
use shared::num::u32_of;

use crate::error::{ApiError, ApiResult};
use crate::policy::Actor;
use crate::secrets::{random_token, token_hash};
use crate::state::AppState;
use crate::store::{attendance, cohorts, programmes};

/// The sessions of the cohorts an account learns in or teaches, soonest first.
async fn entries(db: &impl ConnectionTrait, account_id: i64) -> ApiResult<Vec<CalendarEntry>> {
    let cohort_ids = attendance::calendar_cohorts(db, account_id).await?;
    let sessions = attendance::of_cohorts(db, &cohort_ids).await?;
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let mine: HashMap<i64, AttendanceStatus> =
        attendance::records_of(db, &ids, account_id).await?.into_iter().map(|r| (r.session_id, r.status)).collect();
    let mut cohort_names = HashMap::new();
    let mut module_titles = HashMap::new();
    for cohort_id in &cohort_ids {
        if let Some(c) = cohorts::by_id(db, *cohort_id).await? {
            for m in programmes::modules_of(db, c.programme_id).await? {
                module_titles.insert(m.id, m.title_fr);
            }
            cohort_names.insert(c.id, c.name);
        }
    }
    Ok(sessions
        .into_iter()
        .map(|s| CalendarEntry {
            session_id: s.id,
            cohort_id: s.cohort_id,
            cohort_name: cohort_names.get(&s.cohort_id).cloned().unwrap_or_default(),
            module_title: s.module_id.and_then(|m| module_titles.get(&m).cloned()),
            status: mine.get(&s.id).copied(),
            title: s.title,
            starts_at: s.starts_at,
            duration_minutes: u32_of(s.duration_minutes),
            location: s.location,
        })
        .collect())
}

pub async fn mine(state: &AppState, actor: &Actor) -> ApiResult<Vec<CalendarEntry>> {
    entries(state.db.conn(), actor.account_id()?).await
}

/// A new feed address for the actor; the previous one stops working.
pub async fn new_feed(state: &AppState, actor: &Actor) -> ApiResult<CalendarFeed> {
    let account_id = actor.account_id()?;
    let token = random_token();
    attendance::set_feed(state.db.conn(), account_id, &token_hash(&token)).await?;
    let url = format!("{}/api/v1/calendar/{token}.ics", state.settings.base_url);
    let webcal_url = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    Ok(CalendarFeed { url, webcal_url })
}

/// The feed itself, as RFC 5545 text. An unknown token is a 404, like any
/// address that does not exist.
pub async fn feed(state: &AppState, token: &str) -> ApiResult<String> {
    let db = state.db.conn();
    let account_id = attendance::feed_owner(db, &token_hash(token)).await?.ok_or_else(ApiError::not_found)?;
    let host = url::Url::parse(&state.settings.base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "cursus".into());
    let mut calendar = Calendar::new();
    calendar.name("Cursus");
    for e in entries(db, account_id).await? {
        let mut description = e.cohort_name.clone();
        if let Some(module) = &e.module_title {
            description = format!("{module}\n{description}");
        }
        let mut event = Event::new();
        event
            .uid(&format!("session-{}@{host}", e.session_id))
            .summary(&e.title)
            .description(&description)
            .starts(e.starts_at)
            .ends(e.starts_at + chrono::TimeDelta::minutes(i64::from(e.duration_minutes)));
        if let Some(place) = &e.location {
            event.location(place);
        }
        calendar.push(event.done());
    }
    Ok(calendar.done().to_string())
}
