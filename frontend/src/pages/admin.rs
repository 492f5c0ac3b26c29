//! Administration: programmes and their modules' prerequisites (a cycle is
//! refused and named).
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::Page;
use shared::api::programmes::{ModuleView, PrerequisiteGroup, ProgrammeDetail, ProgrammeSummary, PutPrerequisitesRequest};
use shared::enums::{ModuleStatus, Role};
use shared::i18n::{k, tf};
use shared::problem::Problem;
use validator::Validate as _;

use crate::components::{Guard, ProblemNote, ScrollTable, loaded};
use crate::i18n::{locale, tr};

#[component]
pub fn Programmes() -> impl IntoView {
    let list = LocalResource::new(crate::endpoints::programmes);
    let lang = locale().0;
    let admin = move || crate::session::session().account.get().is_some_and(|a| a.role == Role::Admin);
    view! {
        <Guard roles=&[Role::Admin, Role::Trainer]>
            <section class="card">
                <h1>{tr(k::UI_NAV_PROGRAMMES)}</h1>
                {move || loaded(list.get(), move |page: Page<ProgrammeSummary>| view! {
                    <ul class="cards">{page.items.into_iter().map(|p| view! {
                        <li class="card-item"><A href=format!("/programmes/{}", p.id)>{p.title.get(lang.get()).to_string()}</A>
                            <p class="muted">{p.code.clone()}" · "{tf(lang.get(), k::UI_MODULE_COUNT, &[("n", &p.module_count.to_string())])}</p></li>
                    }).collect_view()}</ul>
                })}
            </section>
            <Show when=admin><crate::pages::curriculum::NewProgramme/></Show>
        </Guard>
    }
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin, Role::Trainer]><Programme/></Guard> }
}

#[component]
fn Programme() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let detail = LocalResource::new(move || crate::endpoints::programme(id));
    let reload = Callback::new(move |_| detail.refetch());
    let lang = locale().0;
    let me = crate::session::session().account;
    // Administrators and the trainers named authors edit; other trainers read.
    // Kept through a reload, so the forms below keep what they say.
    let may_author = Memo::new(move |before: Option<&bool>| match detail.get() {
        Some(Ok(p)) => me.get().is_some_and(|a| a.role == Role::Admin || p.authors.iter().any(|x| x.id == a.id)),
        _ => before.copied().unwrap_or(false),
    });
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(detail.get(), move |p: ProgrammeDetail| {
                let modules = p.modules.clone();
                let admin = me.get_untracked().is_some_and(|a| a.role == Role::Admin);
                let author = may_author.get_untracked();
                view! {
                <section class="card">
                    <h1>{p.title.get(lang.get()).to_string()}</h1>
                    <p class="muted">{p.code.clone()}" · "{p.issuer.clone()}</p>
                    <p>{tr(k::UI_PREREQUISITES_HELP)}" "{tr(k::UI_MODULE_DRAFT_NOTE)}</p>
                    <ScrollTable label=k::UI_PREREQUISITES><table>
                        <thead><tr>
                            <th scope="col">{tr(k::VERIFY_CODE)}</th><th scope="col">{tr(k::VERIFY_WHAT)}</th>
                            <th scope="col">{tr(k::VERIFY_HOURS)}</th><th scope="col">{tr(k::UI_PREREQUISITES)}</th>
                            <th scope="col">{tr(k::UI_MODULE_STATUS)}</th>
                            <th scope="col">{tr(k::AUTHOR_LINK)}</th>
                        </tr></thead>
                        <tbody>{modules.into_iter().map(|m| view! { <ModuleRow m=m reload=reload author=author/> }).collect_view()}</tbody>
                    </table></ScrollTable>
                </section>
                {admin.then(|| view! { <crate::pages::curriculum::ProgrammeEditor programme=p.clone() reload=reload/> })}
            } })}
        </Transition>
        <Show when=move || may_author.get()><crate::pages::curriculum::NewModule programme=id reload=reload/></Show>
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

/// A module's status, and the one step it can take next: a draft is
/// published (or told what it lacks), a published module archived.
#[component]
fn Lifecycle(m: ModuleView, reload: Callback<()>) -> impl IntoView {
    let problem = RwSignal::new(None::<Problem>);
    let id = m.id;
    let step = Action::new_local(move |publish: &bool| {
        let publish = *publish;
        async move { if publish { crate::endpoints::publish_module(id).await } else { crate::endpoints::archive_module(id).await } }
    });
    Effect::new(move |_| match step.value().get() {
        Some(Ok(_)) => reload.run(()),
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let next = match m.status {
        ModuleStatus::Draft => Some((true, k::UI_MODULE_PUBLISH)),
        ModuleStatus::Published => Some((false, k::UI_MODULE_ARCHIVE)),
        ModuleStatus::Archived => None,
    };
    view! {
        <span class=format!("badge status-{}", m.status.as_str())>{tr(m.status.label_key())}</span>
        {next.map(|(publish, label)| view! {
            " "<button type="button" class="secondary" disabled=move || step.pending().get()
                aria-label=format!("{} {}", shared::i18n::t(locale().0.get_untracked(), label), m.code)
                on:click=move |_| { problem.set(None); step.dispatch(publish); }>{tr(label)}</button>
        })}
        {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
    }
}

#[component]
fn ModuleRow(m: ModuleView, reload: Callback<()>, author: bool) -> impl IntoView {
    let lang = locale().0;
    let text = RwSignal::new(format_groups(&m.prerequisites));
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let id = m.id;
    let save = Action::new_local(move |request: &PutPrerequisitesRequest| {
        let request = request.clone();
        async move { crate::endpoints::put_prerequisites(id, &request).await }
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
            problem.set(Some(crate::components::invalid(&errors)));
            return;
        }
        save.dispatch(request);
    };
    view! {
        <tr>
            <td>{m.code.clone()}</td>
            <td>{m.title.get(lang.get_untracked()).to_string()}</td>
            <td>{m.hours}</td>
            <td>{if author { view! {
                <form on:submit=on_submit class="inline-form" novalidate>
                    <label class="visually-hidden" for=input_id.clone()>{tr(k::UI_PREREQUISITES)}" "{m.code.clone()}</label>
                    <input id=input_id prop:value=text on:input=move |ev| { saved.set(false); text.set(event_target_value(&ev)); } placeholder="TK-01; 2: TK-10, TK-12, TK-14"/>
                    <button type="submit">{tr(k::UI_SAVE)}</button>
                    <Show when=move || saved.get()><span class="ok" role="status">{tr(k::UI_SAVED)}</span></Show>
                </form>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            }.into_any() } else { view! { {format_groups(&m.prerequisites)} }.into_any() }}</td>
            <td>{if author { view! { <Lifecycle m=m.clone() reload=reload/> }.into_any() }
                else { view! { <span class=format!("badge status-{}", m.status.as_str())>{tr(m.status.label_key())}</span> }.into_any() }}</td>
            <td>{author.then(|| view! {
                <A href=format!("/authoring/modules/{}", m.id) attr:aria-label=format!("{} {}", shared::i18n::t(lang.get_untracked(), k::AUTHOR_LINK), m.code)>{tr(k::AUTHOR_LINK)}</A>
            })}</td>
        </tr>
    }
}
