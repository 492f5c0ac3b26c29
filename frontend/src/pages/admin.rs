//! Administration: programmes and their modules' prerequisites (a cycle is
//! refused and named), and opening cohorts.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::accounts::AccountSummary;
use shared::api::cohorts::{CohortView, CreateCohortRequest};
use shared::api::programmes::{ModuleView, PrerequisiteGroup, ProgrammeDetail, ProgrammeSummary, PutPrerequisitesRequest};
use shared::api::Page;
use shared::enums::Role;
use shared::i18n::{k, tf};
use shared::problem::Problem;
use shared::validation::field_errors;
use validator::Validate as _;

use crate::components::{ScrollTable, Guard, ProblemNote, TextField, loaded};
use crate::i18n::{current, locale, tr};

#[component]
pub fn Programmes() -> impl IntoView {
    let list = LocalResource::new(|| crate::api::get::<Page<ProgrammeSummary>>("/api/v1/programmes"));
    let lang = locale().0;
    view! {
        <Guard roles=&[Role::Admin]>
            <section class="card">
                <h1>{tr(k::UI_NAV_PROGRAMMES)}</h1>
                {move || loaded(list.get(), move |page: Page<ProgrammeSummary>| view! {
                    <ul class="cards">{page.items.into_iter().map(|p| view! {
                        <li class="card-item"><A href=format!("/programmes/{}", p.id)>{p.title.get(lang.get()).to_string()}</A>
                            <p class="muted">{p.code.clone()}" · "{tf(lang.get(), k::UI_MODULE_COUNT, &[("n", &p.module_count.to_string())])}</p></li>
                    }).collect_view()}</ul>
                })}
            </section>
        </Guard>
    }
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin]><Programme/></Guard> }
}

#[component]
fn Programme() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let detail = LocalResource::new(move || crate::api::get::<ProgrammeDetail>(format!("/api/v1/programmes/{id}")));
    let lang = locale().0;
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(detail.get(), move |p: ProgrammeDetail| view! {
                <section class="card">
                    <h1>{p.title.get(lang.get()).to_string()}</h1>
                    <p class="muted">{p.code.clone()}" · "{p.issuer.clone()}</p>
                    <p>{tr(k::UI_PREREQUISITES_HELP)}</p>
                    <ScrollTable label=k::UI_PREREQUISITES><table>
                        <thead><tr>
                            <th scope="col">{tr(k::VERIFY_CODE)}</th><th scope="col">{tr(k::VERIFY_WHAT)}</th>
                            <th scope="col">{tr(k::VERIFY_HOURS)}</th><th scope="col">{tr(k::UI_PREREQUISITES)}</th>
                        </tr></thead>
                        <tbody>{p.modules.into_iter().map(|m| view! { <ModuleRow m=m/> }).collect_view()}</tbody>
                    </table></ScrollTable>
                </section>
            })}
        </Transition>
    }
}

/// Prerequisites as people write them: groups separated by `;`, each a list
/// of codes, optionally prefixed by how many are needed (`2: TK-10, TK-12, TK-14`).
fn format_groups(groups: &[PrerequisiteGroup]) -> String {
    groups
        .iter()
        .map(|g| match g.min_required {
            Some(n) => format!("{n}: {}", g.modules.join(", ")),
            None => g.modules.join(", "),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn parse_groups(text: &str) -> Vec<PrerequisiteGroup> {
    text.split(';')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(|g| {
            let (min, list) = match g.split_once(':') {
                Some((n, rest)) => (n.trim().parse().ok(), rest),
                None => (None, g),
            };
            PrerequisiteGroup { modules: list.split(',').map(|c| c.trim().to_uppercase()).filter(|c| !c.is_empty()).collect(), min_required: min }
        })
        .collect()
}

#[component]
fn ModuleRow(m: ModuleView) -> impl IntoView {
    let lang = locale().0;
    let text = RwSignal::new(format_groups(&m.prerequisites));
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let id = m.id;
    let save = Action::new_local(move |request: &PutPrerequisitesRequest| {
        let request = request.clone();
        async move { crate::api::send::<_, ModuleView>("PUT", &format!("/api/v1/modules/{id}/prerequisites"), &request).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(view)) => {
            problem.set(None);
            saved.set(true);
            text.set(format_groups(&view.prerequisites));
        }
        Some(Err(p)) => {
            saved.set(false);
            problem.set(Some(p));
        }
        None => {}
    });
    let input_id = format!("prereq-{id}");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PutPrerequisitesRequest { groups: parse_groups(&text.get_untracked()) };
        if let Err(errors) = request.validate() {
            let mut p = Problem::new(shared::ErrorCode::Validation, current());
            p.errors = field_errors(&errors, current());
            problem.set(Some(p));
            return;
        }
        save.dispatch(request);
    };
    view! {
        <tr>
            <td>{m.code.clone()}</td>
            <td>{m.title.get(lang.get_untracked()).to_string()}</td>
            <td>{m.hours}</td>
            <td>
                <form on:submit=on_submit class="inline-form" novalidate>
                    <label class="visually-hidden" for=input_id.clone()>{tr(k::UI_PREREQUISITES)}" "{m.code.clone()}</label>
                    <input id=input_id prop:value=text on:input=move |ev| { saved.set(false); text.set(event_target_value(&ev)); } placeholder="TK-01; 2: TK-10, TK-12, TK-14"/>
                    <button type="submit">{tr(k::UI_SAVE)}</button>
                    <Show when=move || saved.get()><span class="ok" role="status">{tr(k::UI_SAVED)}</span></Show>
                </form>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            </td>
        </tr>
    }
}

/// Opening a cohort (administrators), with its trainers.
#[component]
pub fn NewCohort(reload: Callback<()>) -> impl IntoView {
    let programmes = LocalResource::new(|| crate::api::get::<Page<ProgrammeSummary>>("/api/v1/programmes"));
    let trainers = LocalResource::new(|| crate::api::get::<Page<AccountSummary>>("/api/v1/accounts?role=trainer&per_page=200"));
    let (name, region, starts, ends, capacity) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("30".to_string()));
    let programme = RwSignal::new(None::<i64>);
    let trainer = RwSignal::new(None::<i64>);
    let open = RwSignal::new(true);
    let problem = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |request: &CreateCohortRequest| {
        let request = request.clone();
        async move { crate::api::post::<_, CohortView>("/api/v1/cohorts", &request).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            problem.set(None);
            name.set(String::new());
            reload.run(());
        }
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let lang = locale().0;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = |s: RwSignal<String>| chrono::NaiveDate::parse_from_str(&s.get_untracked(), "%Y-%m-%d").ok();
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
            learning_hub: None,
            starts_on,
            ends_on,
            capacity: capacity.get_untracked().trim().parse().unwrap_or(0),
            self_enrolment_open: open.get_untracked(),
            min_attendance_percent: None,
            trainer_ids: trainer.get_untracked().into_iter().collect(),
        };
        if let Err(errors) = request.validate() {
            let mut p = Problem::new(shared::ErrorCode::Validation, current());
            p.errors = field_errors(&errors, current());
            problem.set(Some(p));
            return;
        }
        create.dispatch(request);
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
                <TextField id="region" label=k::UI_REGION value=region problem=problem required=true/>
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
