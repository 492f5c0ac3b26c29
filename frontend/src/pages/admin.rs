//! Administration: programmes and their modules' prerequisites (a cycle is
//! refused and named).
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::Page;
use shared::api::programmes::{ModuleView, PrerequisiteGroup, ProgrammeDetail, ProgrammeSummary};
use shared::enums::{ModuleStatus, Role};
use shared::i18n::{k, tn};
use shared::problem::Problem;

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
                            <p class="muted">{p.code.clone()}" · "{tn(lang.get(), k::UI_MODULE_COUNT, p.module_count, &[])}</p></li>
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
    let editing = RwSignal::new(None::<i64>);
    let saved = RwSignal::new(None::<String>);
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
                    <p>{tr(k::UI_MODULE_DRAFT_NOTE)}</p>
                    <ScrollTable label=k::UI_PREREQUISITES><table>
                        <thead><tr>
                            <th scope="col">{tr(k::VERIFY_CODE)}</th><th scope="col">{tr(k::VERIFY_WHAT)}</th>
                            <th scope="col">{tr(k::VERIFY_HOURS)}</th><th scope="col">{tr(k::UI_PREREQUISITES)}</th>
                            <th scope="col">{tr(k::UI_MODULE_STATUS)}</th>
                            <th scope="col">{tr(k::AUTHOR_COLUMN)}</th>
                        </tr></thead>
                        <tbody>{modules.into_iter().map(|m| view! { <ModuleRow m=m reload=reload author=author editing=editing/> }).collect_view()}</tbody>
                    </table></ScrollTable>
                </section>
                {let p = p.clone(); move || editing.get().and_then(|id| p.modules.iter().find(|m| m.id == id).cloned()).map(|m| view! {
                    <crate::pages::prerequisites::PrerequisiteEditor programme=p.clone() module=m reload=reload
                        close=Callback::new(move |_| editing.set(None)) saved=saved/>
                })}
                <crate::pages::evaluation_editor::ProgrammeEvaluations programme=p.clone() author=author/>
                {admin.then(|| view! {
                    <p class="card"><a href=format!("/programmes/{}/issuer", p.id)>{tr(k::ISSUER_LINK)}</a></p>
                    <crate::pages::curriculum::ProgrammeEditor programme=p.clone() reload=reload/>
                    <crate::pages::curriculum::Authors programme=p.clone()/>
                })}
            } })}
        </Transition>
        <Show when=move || may_author.get()><crate::pages::curriculum::NewModule programme=id reload=reload/></Show>
    }
}

/// Prerequisites in a line: groups separated by `;`, each a list of codes,
/// prefixed by how many are needed when not all (`2: TK-10, TK-12, TK-14`).
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
fn ModuleRow(m: ModuleView, reload: Callback<()>, author: bool, editing: RwSignal<Option<i64>>) -> impl IntoView {
    let lang = locale().0;
    let id = m.id;
    let summary = format_groups(&m.prerequisites);
    view! {
        <tr>
            <td>{m.code.clone()}</td>
            <td>{m.title.get(lang.get_untracked()).to_string()}</td>
            <td>{m.hours}</td>
            <td><span class="prereq-summary">{summary}</span>{author.then(|| view! {
                " "<button type="button" class="secondary" aria-label=format!("{} {}", shared::i18n::t(lang.get_untracked(), k::PREREQUISITES_EDIT), m.code)
                    aria-expanded=move || (editing.get() == Some(id)).to_string()
                    on:click=move |_| editing.set(Some(id))>{tr(k::PREREQUISITES_EDIT)}</button>
            })}</td>
            <td>{if author { view! { <Lifecycle m=m.clone() reload=reload/> }.into_any() }
                else { view! { <span class=format!("badge status-{}", m.status.as_str())>{tr(m.status.label_key())}</span> }.into_any() }}</td>
            <td>{author.then(|| view! {
                <A href=format!("/authoring/modules/{}/content", m.id) attr:aria-label=format!("{} {}", shared::i18n::t(lang.get_untracked(), k::CONTENT_EDIT), m.code)>{tr(k::CONTENT_EDIT)}</A>
                " · "
                <A href=format!("/authoring/modules/{}", m.id) attr:aria-label=format!("{} {}", shared::i18n::t(lang.get_untracked(), k::AUTHOR_LINK), m.code)>{tr(k::AUTHOR_LINK)}</A>
            })}</td>
        </tr>
    }
}
