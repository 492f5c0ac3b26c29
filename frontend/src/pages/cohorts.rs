//! Administrators open cohorts and change them while they run: dates,
//! places, self-enrolment, the attendance rule and who teaches.
use leptos::prelude::*;
use shared::api::Page;
use shared::api::accounts::AccountSummary;
use shared::api::cohorts::{CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::enums::{AttendanceBasis, Role};
use shared::i18n::{k, tf};
use shared::problem::Problem;

use crate::components::{ProblemNote, TextField, dispatch_valid, loaded, on_answer};
use crate::i18n::{current, locale, tr};

fn trainers() -> LocalResource<Result<Page<AccountSummary>, Problem>> {
    LocalResource::new(|| crate::endpoints::accounts(Some(Role::Trainer)))
}

fn date(s: RwSignal<String>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.get_untracked().trim(), "%Y-%m-%d").ok()
}

/// Opening a cohort (administrators), with its trainers.
#[component]
pub fn NewCohort(reload: Callback<()>) -> impl IntoView {
    let programmes = LocalResource::new(crate::endpoints::programmes);
    let trainers = trainers();
    let (name, region, starts, ends, capacity) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("30".to_string()),
    );
    let hub = RwSignal::new(String::new());
    let programme = RwSignal::new(None::<i64>);
    let trainer = RwSignal::new(None::<i64>);
    // Two cohorts of one programme with one name cannot be told apart in
    // lists, exports and mails: the form says so (it does not forbid it).
    let existing = LocalResource::new(crate::endpoints::cohorts);
    let duplicate = move || {
        let wanted = name.get().trim().to_lowercase();
        let programme = programme.get();
        !wanted.is_empty()
            && existing
                .get()
                .and_then(|r| r.ok())
                .is_some_and(|page| page.items.iter().any(|c| Some(c.programme_id) == programme && c.name.trim().to_lowercase() == wanted))
    };
    // Closed unless the administrator opens it: a cohort is usually filled
    // by partners and invitations, not by whoever finds it.
    let open = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |request: &CreateCohortRequest| {
        let request = request.clone();
        async move { crate::endpoints::create_cohort(&request).await }
    });
    on_answer(create, problem, move |_| {
        name.set(String::new());
        existing.refetch();
        reload.run(());
    });
    let lang = locale().0;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(programme_id), Some(starts_on), Some(ends_on)) = (programme.get_untracked(), date(starts), date(ends)) else {
            let mut p = Problem::new(shared::ErrorCode::Validation, current());
            p.detail = Some(shared::i18n::t(current(), k::UI_COHORT_FORM_INCOMPLETE).into());
            problem.set(Some(p));
            return;
        };
        let request = CreateCohortRequest {
            programme_id,
            name: name.get_untracked(),
            region: region.get_untracked(),
            learning_hub: Some(hub.get_untracked()).filter(|h| !h.trim().is_empty()),
            starts_on,
            ends_on,
            capacity: capacity.get_untracked().trim().parse().unwrap_or(0),
            self_enrolment_open: open.get_untracked(),
            min_attendance_percent: None,
            attendance_basis: Default::default(),
            trainer_ids: trainer.get_untracked().into_iter().collect(),
        };
        dispatch_valid(create, problem, request);
    };
    view! {
        <section class="card">
            <h2>{tr(k::UI_NEW_COHORT)}</h2>
            <form on:submit=on_submit novalidate class="grid-form">
                <div class="field">
                    <label for="cohort-programme">{tr(k::VERIFY_PROGRAMME)}</label>
                    <select id="cohort-programme" on:change=move |ev| programme.set(event_target_value(&ev).parse().ok())>
                        <option value="">"—"</option>
                        {move || programmes.get().and_then(|r| r.ok()).map(|p| p.items.into_iter().map(|p| view! { <option value=p.id>{p.title.get(lang.get()).to_string()}</option> }).collect_view())}
                    </select>
                </div>
                <TextField id="name" label=k::UI_COHORT_NAME value=name problem=problem required=true/>
                <Show when=duplicate><p class="warning" role="status">{tr(k::CATALOGUE_DUPLICATE_NAME)}</p></Show>
                <TextField id="region" label=k::UI_REGION value=region problem=problem required=true/>
                <TextField id="learning_hub" label=k::UI_LEARNING_HUB value=hub problem=problem/>
                <TextField id="starts_on" label=k::UI_STARTS_ON value=starts problem=problem kind="date" required=true/>
                <TextField id="ends_on" label=k::UI_ENDS_ON value=ends problem=problem kind="date" required=true/>
                <TextField id="capacity" label=k::UI_CAPACITY value=capacity problem=problem kind="number" required=true/>
                <div class="field">
                    <label for="cohort-trainer">{tr(k::ROLE_TRAINER)}</label>
                    <select id="cohort-trainer" on:change=move |ev| trainer.set(event_target_value(&ev).parse().ok())>
                        <option value="">"—"</option>
                        {move || trainers.get().and_then(|r| r.ok()).map(|p| p.items.into_iter().map(|a| view! { <option value=a.id>{a.full_name}</option> }).collect_view())}
                    </select>
                </div>
                <div class="choice">
                    <input type="checkbox" id="cohort-open" prop:checked=open on:change=move |ev| open.set(event_target_checked(&ev))/>
                    <label for="cohort-open">{tr(k::UI_SELF_ENROLMENT)}</label>
                </div>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" class="primary">{tr(k::UI_CREATE)}</button>
            </form>
        </section>
    }
}

/// A running cohort's settings, folded away on its page. Trainers are ticked
/// in a list: the ticked ones replace the cohort's trainers.
#[component]
pub fn CohortEditor(cohort: i64, on_saved: Callback<()>) -> impl IntoView {
    let current_view = LocalResource::new(move || crate::endpoints::cohort(cohort));
    view! {
        <details class="card editor">
            <summary>{tr(k::UI_EDIT_COHORT)}</summary>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(current_view.get(), move |c: CohortView| view! { <CohortForm cohort=c on_saved=on_saved/> })}
            </Transition>
        </details>
    }
}

#[component]
fn CohortForm(cohort: CohortView, on_saved: Callback<()>) -> impl IntoView {
    let id = cohort.id;
    let name = RwSignal::new(cohort.name.clone());
    let region = RwSignal::new(cohort.region.clone());
    let hub = RwSignal::new(cohort.learning_hub.clone().unwrap_or_default());
    let starts = RwSignal::new(cohort.starts_on.to_string());
    let ends = RwSignal::new(cohort.ends_on.to_string());
    let capacity = RwSignal::new(cohort.capacity.to_string());
    let attendance = RwSignal::new(cohort.min_attendance_percent.unwrap_or(0).to_string());
    let basis = RwSignal::new(cohort.attendance_basis);
    let open = RwSignal::new(cohort.self_enrolment_open);
    let ticked = RwSignal::new(cohort.trainers.iter().map(|t| t.id).collect::<Vec<i64>>());
    let all_trainers = trainers();
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let update = Action::new_local(move |request: &UpdateCohortRequest| {
        let request = request.clone();
        async move { crate::endpoints::update_cohort(id, &request).await }
    });
    on_answer(update, problem, move |c: CohortView| {
        saved.set(true);
        ticked.set(c.trainers.iter().map(|t| t.id).collect());
        capacity.set(c.capacity.to_string());
        on_saved.run(());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let request = UpdateCohortRequest {
            name: Some(name.get_untracked()),
            region: Some(region.get_untracked()),
            learning_hub: Some(hub.get_untracked()),
            starts_on: date(starts),
            ends_on: date(ends),
            capacity: Some(number(capacity).unwrap_or(0)),
            self_enrolment_open: Some(open.get_untracked()),
            min_attendance_percent: Some(number(attendance).unwrap_or(101)),
            attendance_basis: Some(basis.get_untracked()),
            trainer_ids: Some(ticked.get_untracked()),
        };
        dispatch_valid(update, problem, request);
    };
    view! {
        <form on:submit=on_submit novalidate class="grid-form">
            <TextField id="edit-name" field="name" label=k::UI_COHORT_NAME value=name problem=problem required=true/>
            <TextField id="edit-region" field="region" label=k::UI_REGION value=region problem=problem required=true/>
            <TextField id="edit-hub" field="learning_hub" label=k::UI_LEARNING_HUB value=hub problem=problem/>
            <TextField id="edit-starts" field="starts_on" label=k::UI_STARTS_ON value=starts problem=problem kind="date" required=true/>
            <TextField id="edit-ends" field="ends_on" label=k::UI_ENDS_ON value=ends problem=problem kind="date" required=true/>
            <TextField id="edit-capacity" field="capacity" label=k::UI_CAPACITY value=capacity problem=problem kind="number" required=true/>
            <TextField id="edit-attendance" field="min_attendance_percent" label=k::UI_MIN_ATTENDANCE value=attendance problem=problem kind="number"/>
            <div class="field">
                <label for="edit-basis">{tr(k::ATTENDANCE_BASIS)}</label>
                <select id="edit-basis" on:change=move |ev| if let Some(b) = AttendanceBasis::parse(&event_target_value(&ev)) { basis.set(b) }>
                    {AttendanceBasis::ALL.iter().map(|b| {
                        let b = *b;
                        view! { <option value=b.as_str() selected=move || basis.get() == b>{tr(b.label_key())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="choice">
                <input type="checkbox" id="edit-open" prop:checked=open on:change=move |ev| open.set(event_target_checked(&ev))/>
                <label for="edit-open">{tr(k::UI_SELF_ENROLMENT)}</label>
            </div>
            <fieldset class="choices">
                <legend>{tr(k::UI_TRAINERS)}</legend>
                {move || all_trainers.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|a| {
                    let input_id = format!("trainer-{}", a.id);
                    let who = a.id;
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=input_id.clone() prop:checked=move || ticked.with(|t| t.contains(&who))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    ticked.update(|t| { t.retain(|x| *x != who); if on { t.push(who); } });
                                }/>
                            <label for=input_id>{a.full_name}</label>
                        </div>
                    }
                }).collect_view())}
                <p class="error">{crate::components::field_message(problem, "trainer_ids")}</p>
            </fieldset>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
            <Show when=move || saved.get()><p class="ok" role="status">{tr(k::UI_SAVED)}</p></Show>
            <button type="submit" class="primary" disabled=move || update.pending().get()>{tr(k::UI_SAVE)}</button>
        </form>
    }
}

/// Takes one person out of the cohort, after asking; their record stays and
/// enrolling them again brings it back.
#[component]
pub fn WithdrawButton(cohort: i64, account: i64, name: String, on_done: Callback<()>) -> impl IntoView {
    let problem = RwSignal::new(None::<Problem>);
    let withdraw = Action::new_local(move |_: &()| async move { crate::endpoints::withdraw(cohort, account).await });
    on_answer(withdraw, problem, move |_| on_done.run(()));
    let lang = locale().0;
    let question = {
        let name = name.clone();
        move || tf(lang.get_untracked(), k::UI_WITHDRAW_CONFIRM, &[("name", &name)])
    };
    let label = move || tf(lang.get(), k::UI_WITHDRAW_OF, &[("name", &name)]);
    view! {
        <button type="button" class="danger" aria-label=label disabled=move || withdraw.pending().get()
            on:click=move |_| {
                if window().confirm_with_message(&question()).unwrap_or(false) {
                    withdraw.dispatch(());
                }
            }>
            {tr(k::UI_WITHDRAW)}
        </button>
        {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
    }
}
