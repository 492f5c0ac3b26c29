//! A session's printable sign-in sheet (PDF), for its trainers and
//! administrators. Sessions are stored in UTC; the sheet prints the room's
//! local time, given as the offset of the trainer's device (the browser
//! sends it), since a cohort's region may be in any of the programme's zones.
use chrono::{DateTime, FixedOffset, Offset, TimeDelta, Utc};

use crate::attestation::sign_in_sheet::{SheetContent, render};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, PeopleScope};
use crate::state::AppState;
use crate::store::{attendance, cohorts, enrolments, programmes};

fn local(at: DateTime<Utc>, offset_minutes: i32) -> DateTime<FixedOffset> {
    // The request's offset is validated to -12 h..+14 h, which east_opt accepts.
    let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap_or(Utc.fix());
    at.with_timezone(&offset)
}

/// The PDF and a file name for it.
pub async fn sheet(state: &AppState, actor: &Actor, session_id: i64, offset_minutes: i32) -> ApiResult<(String, Vec<u8>)> {
    let db = state.db.conn();
    let session = attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_teach(db, actor, session.cohort_id).await?;
    let cohort = cohorts::by_id(db, session.cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let programme = programmes::by_id(db, cohort.programme_id).await?.ok_or_else(ApiError::not_found)?;
    let module = match session.module_id {
        Some(id) => programmes::module_by_id(db, id).await?.map(|m| format!("{} {}", m.code, m.title_fr)),
        None => None,
    };
    let trainers = cohorts::trainers_of(db, cohort.id).await?.into_iter().map(|a| a.full_name).collect();
    let (learners, _) = enrolments::list(db, cohort.id, PeopleScope::All, None).await?;
    let mut learners: Vec<(String, Option<String>)> =
        learners.into_iter().map(|(_, a, _)| (a.full_name.clone(), a.full_name_ar.filter(|ar| *ar != a.full_name))).collect();
    learners.sort_by_key(|(name, _)| name.to_lowercase());
    let start = local(session.starts_at, offset_minutes);
    let end = local(session.starts_at + TimeDelta::minutes(i64::from(session.duration_minutes)), offset_minutes);
    let content = SheetContent {
        programme: match programme.title_ar {
            Some(ar) => format!("{} · {ar}", programme.title_fr),
            None => programme.title_fr,
        },
        cohort: cohort.name,
        region: cohort.region,
        session: session.title,
        module,
        date: start.format("%d/%m/%Y").to_string(),
        hours: format!("{} – {}", start.format("%H:%M"), end.format("%H:%M")),
        place: session.location,
        trainers,
        learners,
    };
    let fonts = state.renderer.fonts.clone();
    let bytes = tokio::task::spawn_blocking(move || render(&fonts, &content)).await.map_err(anyhow::Error::from)??;
    Ok((format!("emargement-seance-{}.pdf", session.id), bytes))
}
