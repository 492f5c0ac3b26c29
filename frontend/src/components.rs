//! Small pieces every screen uses: loading and error states, state badges,
//! role guards, form fields and SVG bar charts.
use leptos::prelude::*;
use shared::enums::{ModuleState, Role};
use shared::i18n::{Key, k, t};
use shared::problem::Problem;

use crate::i18n::{locale, tr};
use crate::session::session;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr(k::UI_LOADING)}</p> }
}

/// An error as an alert, with the per-field messages listed.
#[component]
pub fn ProblemNote(problem: Problem) -> impl IntoView {
    let details: Vec<String> = problem
        .errors
        .iter()
        .map(|e| e.message.clone())
        .chain(problem.rows.iter().map(|r| format!("{} {} — {} : {}", t(locale().0.get_untracked(), k::UI_ROW), r.row, r.column, r.message)))
        .collect();
    view! {
        <div class="alert" role="alert">
            <p><strong>{problem.title.clone()}</strong>{problem.detail.clone().map(|d| format!(" — {d}"))}</p>
            <Show when={let empty = details.is_empty(); move || !empty}>
                <ul>{details.clone().into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
            </Show>
        </div>
    }
}

/// Renders a loaded value, a loading state, or the error.
pub fn loaded<T: Clone + 'static, V: IntoView + 'static>(value: Option<Result<T, Problem>>, render: impl FnOnce(T) -> V) -> AnyView {
    match value {
        None => view! { <Loading/> }.into_any(),
        Some(Err(p)) => view! { <ProblemNote problem=p/> }.into_any(),
        Some(Ok(v)) => render(v).into_any(),
    }
}

#[component]
pub fn StateBadge(state: ModuleState) -> impl IntoView {
    let class = format!("badge {}", state.as_str());
    view! { <span class=class>{tr(state.label_key())}</span> }
}

/// Shows `children` to the given roles; sends others to sign in, or tells
/// them the screen is not theirs. The server refuses them anyway.
#[component]
pub fn Guard(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let session = session();
    let children = StoredValue::new(children);
    Effect::new(move |_| {
        if session.loaded.get() && session.account.get().is_none() {
            // Back here after signing in: a learner who scanned a check-in
            // code while signed out still checks in.
            let here = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
            let next =
                if here.len() > 1 { format!("/login?next={}", String::from(js_sys::encode_uri_component(&here))) } else { "/login".to_string() };
            crate::layout::go(&next);
        }
    });
    view! {
        <Show when=move || session.loaded.get() fallback=|| view! { <Loading/> }>
            {move || match session.account.get() {
                None => view! { <Loading/> }.into_any(),
                Some(a) if roles.contains(&a.role) => children.with_value(|c| c()).into_any(),
                Some(_) => view! {
                    <section class="card" role="alert"><h1>{tr(k::PROBLEM_FORBIDDEN)}</h1><p>{tr(k::UI_NOT_YOUR_SCREEN)}</p></section>
                }.into_any(),
            }}
        </Show>
    }
}

/// The message for `field` in a problem, if any.
pub fn field_message(problem: RwSignal<Option<Problem>>, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || problem.get().and_then(|p| p.field_message(field).map(str::to_string))
}

/// The problem a form shows when the shared validation refuses it, before
/// anything is sent: the same per-field messages the server would answer.
pub fn invalid(errors: &validator::ValidationErrors) -> Problem {
    let mut p = Problem::new(shared::ErrorCode::Validation, crate::i18n::current());
    p.errors = shared::validation::field_errors(errors, crate::i18n::current());
    p
}

/// Sends `request` through `action` when the shared rules accept it, and
/// shows their messages otherwise.
pub fn dispatch_valid<I, O>(action: Action<I, O>, problem: RwSignal<Option<Problem>>, request: I)
where
    I: validator::Validate + Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    match request.validate() {
        Ok(()) => {
            problem.set(None);
            action.dispatch(request);
        }
        Err(errors) => problem.set(Some(invalid(&errors))),
    }
}

/// Shows an action's refusal, and hands its result on when it succeeds.
pub fn on_answer<I, T>(action: Action<I, Result<T, Problem>>, problem: RwSignal<Option<Problem>>, mut done: impl FnMut(T) + 'static)
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| match action.value().get() {
        Some(Ok(value)) => {
            problem.set(None);
            done(value);
        }
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
}

/// A labelled text input bound to a signal, with its error below.
#[component]
pub fn TextField(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    problem: RwSignal<Option<Problem>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let field = field.unwrap_or(id);
    let error = field_message(problem, field);
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <input id=id type=kind required=required prop:value=value on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error().is_some().to_string() aria-describedby=error_id.clone()/>
            <p id=error_id class="error">{error}</p>
        </div>
    }
}

/// Horizontal bars drawn as SVG, each labelled with its value.
#[component]
pub fn BarChart(caption: String, rows: Vec<(String, u64)>) -> impl IntoView {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1);
    // Labels and values are HTML so that long cohort names wrap and a screen
    // reader reads each line as "label value"; each bar is drawn in SVG.
    let bars = rows
        .into_iter()
        .map(|(label, value)| {
            // Per mille of the track, in integers: no float formatting in the bundle.
            let width = if value == 0 { 0 } else { (value * 1000 / max).max(5) };
            view! {
                <li>
                    <span class="chart-label">{label}</span>
                    <svg class="chart-track" viewBox="0 0 1000 20" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect class="chart-bar" x="0" y="0" width=width.to_string() height="20"/>
                    </svg>
                    <span class="chart-value">{value}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <ul>{bars}</ul>
        </figure>
    }
}

/// A date and time as `2026-11-22 09:30` in this device's time zone (the
/// room's, for a trainer or learner in the region), without chrono's formatter.
pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    local_input(at).replace('T', " ")
}

/// A moment as a `datetime-local` field shows it: `2026-11-22T09:30`, local time.
pub fn local_input(at: chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(shared::num::js_number(at.timestamp_millis())));
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", d.get_full_year(), d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

/// What a `datetime-local` field holds (local time, no zone), as a moment.
pub fn from_local_input(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok()?;
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(text)).get_time();
    chrono::DateTime::from_timestamp_millis(shared::num::from_js_number(ms))
}

/// A calendar day as people write it (31/12/2026), without chrono's
/// formatting machinery, which would weigh on the first load.
pub fn day(date: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// A table that may scroll sideways on a phone: a labelled region reachable
/// with the keyboard.
#[component]
pub fn ScrollTable(label: Key, children: Children) -> impl IntoView {
    view! { <div class="table-wrap" tabindex="0" role="region" aria-label=tr(label)>{children()}</div> }
}

/// A file's size as people read it ("850 Ko", "1,2 Mo"), so a learner on a
/// phone knows before downloading.
pub fn file_size(bytes: u64, lang: shared::Lang) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        return shared::i18n::tf(lang, k::CONTENT_SIZE_KB, &[("n", &bytes.div_ceil(1024).to_string())]);
    }
    let tenths = bytes * 10 / MB;
    let mark = if lang == shared::Lang::Fr { "," } else { "." };
    shared::i18n::tf(lang, k::CONTENT_SIZE_MB, &[("n", &format!("{}{mark}{}", tenths / 10, tenths % 10))])
}
