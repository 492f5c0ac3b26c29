//! A learner's side of workshops: checking in with the code shown in the
//! room, and their own sessions with the address of a calendar feed.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::attendance::{CalendarEntry, CheckInRequest};
use shared::enums::{AttendanceStatus, Role};
use shared::i18n::{k, tf};

use crate::components::{Guard, ProblemNote, loaded, when};
use crate::i18n::tr;
use crate::pages::workshops::param;

#[component]
pub fn CheckInPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner]><CheckIn/></Guard> }
}

#[component]
fn CheckIn() -> impl IntoView {
    let session: i64 = param("session").parse().unwrap_or(0);
    let code = param("code");
    let answer = LocalResource::new(move || {
        let request = CheckInRequest { code: code.clone() };
        async move { crate::endpoints::check_in(session, &request).await }
    });
    view! {
        <section class="card narrow">
            <h1>{tr(k::ATTENDANCE_YOUR_STATUS)}</h1>
            {move || match answer.get() {
                None => view! { <p role="status">{tr(k::ATTENDANCE_CHECKING_IN)}</p> }.into_any(),
                Some(Ok(r)) => {
                    let key = if r.status == AttendanceStatus::Late { k::ATTENDANCE_CHECKED_IN_LATE } else { k::ATTENDANCE_CHECKED_IN };
                    view! { <p class="ok" role="status">{tf(crate::i18n::locale().0.get(), key, &[("title", &r.title)])}</p> }.into_any()
                }
                Some(Err(p)) => view! { <div role="alert"><ProblemNote problem=p/></div> }.into_any(),
            }}
            <p><A href="/my-sessions">{tr(k::ATTENDANCE_CALENDAR)}</A></p>
        </section>
    }
}

#[component]
pub fn MySessionsPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner, Role::Trainer]><MySessions/></Guard> }
}

#[component]
fn MySessions() -> impl IntoView {
    let list = LocalResource::new(crate::endpoints::my_sessions);
    let feed = Action::new_local(|_: &()| crate::endpoints::new_calendar_feed());
    view! {
        <section class="card">
            <h1>{tr(k::ATTENDANCE_CALENDAR)}</h1>
            {move || loaded(list.get(), |entries: Vec<CalendarEntry>| if entries.is_empty() {
                view! { <p class="muted">{tr(k::ATTENDANCE_NO_SESSIONS)}</p> }.into_any()
            } else {
                view! {
                    <ul class="sessions">{entries.into_iter().map(|e| view! {
                        <li>
                            <strong>{e.title.clone()}</strong>
                            <span class="muted">" · "{when(e.starts_at)}{e.location.clone().map(|l| format!(" · {l}"))}</span>
                            <br/><span class="muted">{e.module_title.clone().map(|m| format!("{m} · ")).unwrap_or_default()}{e.cohort_name.clone()}</span>
                            {e.status.map(|s| view! { " " <span class="badge">{tr(s.label_key())}</span> })}
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            })}
            <h2>{tr(k::ATTENDANCE_CALENDAR_FEED)}</h2>
            <p class="muted">{tr(k::ATTENDANCE_CALENDAR_HELP)}</p>
            <button type="button" on:click=move |_| { feed.dispatch(()); }>{tr(k::ATTENDANCE_CALENDAR_FEED)}</button>
            {move || feed.value().get().map(|answer| match answer {
                Ok(f) => view! { <p class="break"><a href=f.webcal_url.clone()>{f.webcal_url.clone()}</a></p><p class="muted break">{f.url.clone()}</p> }.into_any(),
                Err(p) => view! { <ProblemNote problem=p/> }.into_any(),
            })}
        </section>
    }
}
