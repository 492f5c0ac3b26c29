//! In-person sessions: a cohort's sessions (planned by its trainers), the
//! attendance sheet of one session — statuses, "all present", the QR code
//! learners scan, the printable sign-in sheet, photos of the signed sheet.
//! The learners' side is in `my_sessions`.
//!
//! The sheet keeps working when the connection drops: what the trainer
//! changes is kept on the device and sent when the connection returns, and
//! the screen says so until it is. Sending a change again is harmless (it
//! sets a status; an unchanged one is ignored), so it is recorded exactly
//! once however many times it is retried.
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::attendance::{AttendanceRecord, AttendanceRequest, AttendanceSheet, SessionInput, SessionView};
use shared::api::programmes::ProgrammeDetail;
use shared::enums::{AttendanceStatus, Role};
use shared::i18n::{k, tf, tn};
use shared::problem::{ErrorCode, Problem};

use crate::components::{Guard, ProblemNote, TextField, loaded, when};
use crate::i18n::tr;

pub(crate) fn param(name: &str) -> String {
    use_params_map().get_untracked().get(name).unwrap_or_default()
}

// ---- a cohort's sessions --------------------------------------------------

#[component]
pub fn Sessions(cohort: i64, programme: i64) -> impl IntoView {
    let list = LocalResource::new(move || crate::endpoints::sessions(cohort));
    let modules = LocalResource::new(move || crate::endpoints::programme(programme));
    let title = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let minutes = RwSignal::new("180".to_string());
    let place = RwSignal::new(String::new());
    let module = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |input: &SessionInput| {
        let input = input.clone();
        async move { crate::endpoints::create_session(cohort, &input).await }
    });
    crate::components::on_answer(create, problem, move |_| {
        title.set(String::new());
        list.refetch();
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(starts_at) = crate::components::from_local_input(&starts.get_untracked()) else {
            let mut p = Problem::new(ErrorCode::Validation, crate::i18n::current());
            p.errors.push(shared::FieldError {
                field: "starts_at".into(),
                code: "invalid".into(),
                message: shared::i18n::t(crate::i18n::current(), k::VALIDATION_INVALID).into(),
            });
            problem.set(Some(p));
            return;
        };
        let input = SessionInput {
            title: title.get_untracked(),
            module_id: module.get_untracked().parse().ok(),
            starts_at,
            duration_minutes: minutes.get_untracked().trim().parse().unwrap_or(0),
            location: Some(place.get_untracked()).filter(|p| !p.trim().is_empty()),
        };
        crate::components::dispatch_valid(create, problem, input);
    };
    let lang = crate::i18n::locale().0;
    view! {
        <section class="card">
            <h2>{tr(k::UI_SESSIONS)}</h2>
            {move || loaded(list.get(), |sessions: Vec<SessionView>| view! {
                <ul class="sessions">{sessions.into_iter().map(|s| view! {
                    <li>
                        <A href=format!("/sessions/{}", s.id)>{s.title.clone()}</A>
                        <span class="muted">" · "{when(s.starts_at)}{s.location.clone().map(|l| format!(" · {l}"))}" · "{format!("{}/{}", s.present, s.recorded)}</span>
                    </li>
                }).collect_view()}</ul>
            })}
            <form on:submit=on_submit novalidate class="inline-form">
                <TextField id="title" label=k::UI_SESSION_TITLE value=title problem=problem required=true/>
                <TextField id="starts_at" label=k::UI_SESSION_START value=starts problem=problem kind="datetime-local" required=true/>
                <TextField id="duration_minutes" label=k::ATTENDANCE_DURATION value=minutes problem=problem kind="number" required=true/>
                <TextField id="location" label=k::ATTENDANCE_PLACE value=place problem=problem/>
                <div class="field">
                    <label for="module_id">{tr(k::ATTENDANCE_MODULE)}</label>
                    <select id="module_id" on:change=move |ev| module.set(event_target_value(&ev))>
                        <option value="">{tr(k::ATTENDANCE_NO_MODULE)}</option>
                        {move || modules.get().and_then(Result::ok).map(|p: ProgrammeDetail| p.modules.into_iter().map(|m| {
                            let label = format!("{} · {}", m.code, m.title.get(lang.get()));
                            view! { <option value=m.id.to_string()>{label}</option> }
                        }).collect_view())}
                    </select>
                </div>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit">{tr(k::UI_ADD_SESSION)}</button>
            </form>
        </section>
    }
}

// ---- the attendance sheet ---------------------------------------------------

#[component]
pub fn AttendancePage() -> impl IntoView {
    view! { <Guard roles=&[Role::Trainer, Role::Admin]><Attendance/></Guard> }
}

fn pending_key(session: i64) -> String {
    format!("cursus.attendance.pending.{session}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn pending(session: i64) -> Option<AttendanceRequest> {
    storage()?.get_item(&pending_key(session)).ok().flatten().and_then(|text| serde_json::from_str(&text).ok())
}

fn keep_pending(session: i64, request: Option<&AttendanceRequest>) {
    if let Some(store) = storage() {
        let _ = match request.and_then(|r| serde_json::to_string(r).ok()) {
            Some(text) => store.set_item(&pending_key(session), &text),
            None => store.remove_item(&pending_key(session)),
        };
    }
}

#[component]
fn Attendance() -> impl IntoView {
    let id: i64 = param("id").parse().unwrap_or(0);
    let sheet = LocalResource::new(move || crate::endpoints::attendance(id));
    // What the trainer has set on this screen, learner by learner.
    let marks = RwSignal::new(BTreeMap::<i64, AttendanceStatus>::new());
    // What the server last said, so that only what the trainer changed is sent.
    let recorded = StoredValue::new(BTreeMap::<i64, AttendanceStatus>::new());
    let waiting = RwSignal::new(pending(id).map_or(0, |p| p.records.len()));
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let qr_open = RwSignal::new(false);
    let locale = crate::i18n::locale().0;
    // Who checked in by QR, newest sheet first: shown on the QR screen as they arrive.
    let arrivals = Signal::derive(move || {
        sheet.get().and_then(Result::ok).map(|s| s.learners.into_iter().filter(|l| l.by_self).map(|l| l.full_name).collect()).unwrap_or_default()
    });
    let send = Action::new_local(move |request: &AttendanceRequest| {
        let request = request.clone();
        async move { crate::endpoints::record_attendance(id, &request).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            keep_pending(id, None);
            waiting.set(0);
            saved.set(true);
            problem.set(None);
            sheet.refetch();
        }
        // No connection: the marks stay on the device, to be sent when it returns.
        Some(Err(p)) if p.code == ErrorCode::Unavailable => {}
        Some(Err(p)) => {
            keep_pending(id, None);
            waiting.set(0);
            problem.set(Some(p));
        }
        None => {}
    });
    let flush = move || {
        if let Some(request) = pending(id) {
            send.dispatch(request);
        }
    };
    // What was left unsent last time goes now, and whenever the connection returns.
    flush();
    let online = leptos::prelude::window_event_listener(leptos::ev::online, move |_| flush());
    on_cleanup(move || online.remove());
    let save = move || {
        let before = recorded.get_value();
        let records: Vec<AttendanceRecord> = marks
            .get_untracked()
            .into_iter()
            .filter(|(account_id, status)| before.get(account_id) != Some(status))
            .map(|(account_id, status)| AttendanceRecord { account_id, status })
            .collect();
        let mut request = pending(id).unwrap_or(AttendanceRequest { records: Vec::new(), others: None });
        // Changes made while earlier ones still wait are sent with them.
        request.records.retain(|r| !records.iter().any(|n| n.account_id == r.account_id));
        request.records.extend(records);
        if request.records.is_empty() {
            saved.set(true);
            return;
        }
        saved.set(false);
        waiting.set(request.records.len());
        keep_pending(id, Some(&request));
        send.dispatch(request);
    };
    view! {
        <section class="card">
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(sheet.get(), move |s: AttendanceSheet| {
                    let known: BTreeMap<i64, AttendanceStatus> = s.learners.iter().filter_map(|l| l.status.map(|st| (l.account_id, st))).collect();
                    // A sheet refreshed under the trainer's hands keeps what they changed and did not save yet.
                    let previous = recorded.get_value();
                    let unsaved: Vec<(i64, AttendanceStatus)> =
                        marks.get_untracked().into_iter().filter(|(aid, st)| previous.get(aid) != Some(st)).collect();
                    recorded.set_value(known.clone());
                    marks.set(known);
                    marks.update(|m| m.extend(unsaved));
                    if let Some(p) = pending(id) {
                        marks.update(|m| m.extend(p.records.iter().map(|r| (r.account_id, r.status))));
                    }
                    let arrived = s.learners.iter().filter(|l| l.by_self).count();
                    let scans = s.scans.clone();
                    view! {
                        <h1>{s.session.title.clone()}</h1>
                        <p class="muted"><bdi>{when(s.session.starts_at)}</bdi>{s.session.location.clone().map(|l| view! { " · " <bdi>{l}</bdi> })}</p>
                        <div class="actions">
                            <button type="button" class="primary" on:click=move |_| qr_open.set(true)>{tr(k::ATTENDANCE_SHOW_QR)}</button>
                            <a class="button" href=crate::endpoints::sign_in_sheet_url(id) target="_blank" rel="noopener">{tr(k::ATTENDANCE_SIGN_IN_SHEET)}</a>
                        </div>
                        <p class="muted" role="status">{move || tf(locale.get(), k::ATTENDANCE_ARRIVED, &[("n", &arrived.to_string())])}</p>
                        <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save(); }>
                            <button type="button" on:click=move |_| {
                                let ids: Vec<i64> = sheet.get_untracked().and_then(Result::ok).map(|s| s.learners.iter().map(|l| l.account_id).collect()).unwrap_or_default();
                                marks.update(|m| for aid in ids { m.entry(aid).or_insert(AttendanceStatus::Present); });
                            }>{tr(k::ATTENDANCE_MARK_ALL_PRESENT)}</button>
                            <ul class="attendance">
                            {s.learners.into_iter().map(|l| {
                                let aid = l.account_id;
                                let select_id = format!("status-{aid}");
                                view! {
                                    <li>
                                        <label for=select_id.clone()>{l.full_name.clone()}
                                            {l.by_self.then(|| view! { <span class="badge">{tr(k::ATTENDANCE_BY_QR)}</span> })}
                                        </label>
                                        <select id=select_id on:change=move |ev| {
                                            let value = event_target_value(&ev);
                                            marks.update(|m| match AttendanceStatus::parse(&value) {
                                                Some(st) => { m.insert(aid, st); }
                                                None => { m.remove(&aid); }
                                            });
                                        }>
                                            <option value="" selected=move || !marks.with(|m| m.contains_key(&aid))>{tr(k::ATTENDANCE_NOT_RECORDED)}</option>
                                            {AttendanceStatus::ALL.iter().map(|st| {
                                                let st = *st;
                                                view! { <option value=st.as_str() selected=move || marks.with(|m| m.get(&aid) == Some(&st))>{tr(st.label_key())}</option> }
                                            }).collect_view()}
                                        </select>
                                    </li>
                                }
                            }).collect_view()}
                            </ul>
                            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                            <p role="status" class=move || { if waiting.get() > 0 { "warning" } else { "ok" } }>
                                {move || if waiting.get() > 0 {
                                    Some(tn(locale.get(), k::ATTENDANCE_WAITING, u64::try_from(waiting.get()).unwrap_or(u64::MAX), &[]))
                                } else if saved.get() {
                                    Some(tr(k::ATTENDANCE_SAVED)().to_string())
                                } else { None }}
                            </p>
                            <button type="submit" class="primary">{tr(k::ATTENDANCE_SAVE)}</button>
                        </form>
                        <SignedSheets session=id scans=scans reload=Callback::new(move |_| sheet.refetch())/>
                    }
                })}
            </Transition>
            <Show when=move || qr_open.get()>
                <CheckInScreen session=id arrivals=arrivals
                    on_close=Callback::new(move |_| { qr_open.set(false); sheet.refetch(); })
                    on_tick=Callback::new(move |_| if waiting.get_untracked() == 0 { sheet.refetch() })/>
            </Show>
        </section>
    }
}

/// The photos of the signed sheet, and a way to add one from the phone's camera.
#[component]
fn SignedSheets(session: i64, scans: Vec<shared::api::content::DocumentView>, reload: Callback<()>) -> impl IntoView {
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let problem = RwSignal::new(None::<Problem>);
    let upload = Action::new_local(move |_: &()| {
        let file = input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0));
        async move {
            let form = web_sys::FormData::new().map_err(|_| Problem::new(ErrorCode::MalformedRequest, crate::i18n::current()))?;
            if let Some(file) = file {
                let _ = form.append_with_blob_and_filename("file", &file, &file.name());
            }
            crate::endpoints::attach_scan(session, &form).await
        }
    });
    crate::components::on_answer(upload, problem, move |_| reload.run(()));
    let lang = crate::i18n::locale().0;
    view! {
        <section aria-labelledby="scans-title">
            <h2 id="scans-title">{tr(k::ATTENDANCE_SCANS)}</h2>
            <ul>{scans.into_iter().map(|d| view! {
                <li class="break"><a href=d.url.clone() rel="external" target="_blank">{d.name.clone()}</a>" ("{crate::components::file_size(d.size_bytes, lang.get_untracked())}")"</li>
            }).collect_view()}</ul>
            <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); upload.dispatch(()); }>
                <div class="field">
                    <label for="scan-file">{tr(k::ATTENDANCE_ATTACH_SCAN)}</label>
                    <input id="scan-file" type="file" node_ref=input accept="image/jpeg,image/png,application/pdf" capture="environment"/>
                </div>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" disabled=move || upload.pending().get()>{tr(k::CONTENT_UPLOAD_BUTTON)}</button>
            </form>
        </section>
    }
}

/// The code learners scan, full screen, renewed before it expires; the sheet
/// behind it is refreshed on each renewal so the trainer sees names arrive.
#[component]
fn CheckInScreen(session: i64, arrivals: Signal<Vec<String>>, on_close: Callback<()>, on_tick: Callback<()>) -> impl IntoView {
    let code = LocalResource::new(move || crate::endpoints::check_in_code(session));
    let ticker = set_interval_with_handle(
        move || {
            on_tick.run(());
            let due = code.get_untracked().and_then(Result::ok).is_none_or(|c| c.refresh_at <= chrono::Utc::now() + chrono::TimeDelta::seconds(5));
            if due {
                code.refetch();
            }
        },
        std::time::Duration::from_secs(5),
    );
    on_cleanup(move || {
        if let Ok(t) = ticker {
            t.clear();
        }
    });
    view! {
        <div class="qr-screen" role="dialog" aria-modal="true" aria-labelledby="qr-help">
            <p id="qr-help">{tr(k::ATTENDANCE_QR_HELP)}</p>
            {move || code.get().and_then(Result::ok).map(|c| view! {
                <div class="qr" inner_html=c.svg.clone()></div>
                <p class="qr-code">{c.code.clone()}</p>
            })}
            <div class="arrivals" aria-live="polite">
                <p><strong>{move || tf(crate::i18n::locale().0.get(), k::ATTENDANCE_ARRIVED, &[("n", &arrivals.get().len().to_string())])}</strong></p>
                <ul>{move || arrivals.get().into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ul>
            </div>
            <button type="button" class="primary" on:click=move |_| on_close.run(())>{tr(k::ATTENDANCE_CLOSE_QR)}</button>
        </div>
    }
}
