//! The prerequisite pick-list: groups of the programme's modules ("all of
//! these" or "N of these"), the cycle named while the author ticks (by the
//! rule the server applies, from `shared::prerequisites`), and the path the
//! learners will follow, step by step.
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use shared::api::programmes::{ModuleView, PrerequisiteGroup, ProgrammeDetail, PutPrerequisitesRequest};
use shared::i18n::{k, tf};
use shared::prerequisites::{Graph, Group};
use shared::problem::Problem;

use crate::components::{ProblemNote, dispatch_valid, on_answer};
use crate::i18n::{locale, tr};

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

#[derive(Clone, Copy)]
struct GroupDraft {
    key: u64,
    members: RwSignal<BTreeSet<String>>,
    how_many: RwSignal<String>,
}

impl GroupDraft {
    fn of(group: &PrerequisiteGroup) -> Self {
        GroupDraft {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            members: RwSignal::new(group.modules.iter().cloned().collect()),
            how_many: RwSignal::new(group.min_required.map(|n| n.to_string()).unwrap_or_default()),
        }
    }

    fn group(&self) -> PrerequisiteGroup {
        let how_many = self.how_many.get();
        let how_many = how_many.trim();
        PrerequisiteGroup {
            modules: self.members.get().into_iter().collect(),
            // Unreadable counts go as 0, so that the shared rules name them.
            min_required: (!how_many.is_empty()).then(|| how_many.parse().unwrap_or(0)),
        }
    }
}

/// The graph of the whole programme with `code`'s groups as the author has them now.
fn graph(programme: &ProgrammeDetail, code: &str, groups: &[PrerequisiteGroup]) -> Graph<String> {
    let mut graph = Graph::new();
    for m in &programme.modules {
        let wanted: Vec<Group<String>> = if m.code == code {
            groups.iter().map(|g| Group { members: g.modules.clone(), min_required: g.min_required }).collect()
        } else {
            m.prerequisites.iter().map(|g| Group { members: g.modules.clone(), min_required: g.min_required }).collect()
        };
        graph.add_node(m.code.clone());
        graph.set_requirements(m.code.clone(), &wanted);
    }
    graph
}

/// The steps of the path: a module sits one step after the latest of what it requires.
fn steps(programme: &ProgrammeDetail, graph: &Graph<String>, code: &str, groups: &[PrerequisiteGroup]) -> Vec<Vec<String>> {
    let Some(order) = graph.topological_order() else { return Vec::new() };
    let requires: BTreeMap<&str, Vec<String>> = programme
        .modules
        .iter()
        .map(|m| {
            let list = if m.code == code { groups } else { &m.prerequisites };
            (m.code.as_str(), list.iter().flat_map(|g| g.modules.iter().cloned()).collect())
        })
        .collect();
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    for module in order {
        let d = requires.get(module.as_str()).into_iter().flatten().filter_map(|r| depth.get(r)).max().map_or(0, |d| d + 1);
        depth.insert(module, d);
    }
    let mut steps: Vec<Vec<String>> = Vec::new();
    for m in &programme.modules {
        let d = depth.get(&m.code).copied().unwrap_or(0);
        if steps.len() <= d {
            steps.resize(d + 1, Vec::new());
        }
        steps[d].push(m.code.clone());
    }
    steps
}

#[component]
pub fn PrerequisiteEditor(
    programme: ProgrammeDetail,
    module: ModuleView,
    reload: Callback<()>,
    close: Callback<()>,
    /// Set to the module's code once saved; kept by the page, as saving reloads the programme.
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = locale().0;
    let code = module.code.clone();
    let groups = RwSignal::new(module.prerequisites.iter().map(GroupDraft::of).collect::<Vec<_>>());
    let problem = RwSignal::new(None::<Problem>);
    let id = module.id;
    let save = Action::new_local(move |request: &PutPrerequisitesRequest| {
        let request = request.clone();
        async move { crate::endpoints::put_prerequisites(id, &request).await }
    });
    on_answer(save, problem, move |view: ModuleView| {
        saved.set(Some(view.code));
        reload.run(());
    });
    let current = move || groups.get().iter().map(GroupDraft::group).filter(|g| !g.modules.is_empty()).collect::<Vec<_>>();
    let (for_cycle, for_steps) = (programme.clone(), programme.clone());
    let (code_cycle, code_steps) = (code.clone(), code.clone());
    let cycle = Memo::new(move |_| graph(&for_cycle, &code_cycle, &current()).find_cycle(Some(&code_cycle)).map(|c| c.join(" → ")));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        if cycle.get_untracked().is_some() {
            return;
        }
        dispatch_valid(save, problem, PutPrerequisitesRequest { groups: current() });
    };
    let candidates: Vec<ModuleView> = programme.modules.iter().filter(|m| m.id != module.id).cloned().collect();
    let titles: BTreeMap<String, String> =
        programme.modules.iter().map(|m| (m.code.clone(), m.title.get(lang.get_untracked()).to_string())).collect();
    view! {
        <section class="card" aria-labelledby="prerequisites-title">
            <h2 id="prerequisites-title">{tf(lang.get_untracked(), k::PREREQUISITES_TITLE, &[("code", &code)])}</h2>
            <p>{tr(k::PREREQUISITES_INTRO)}</p>
            <form novalidate on:submit=on_submit>
                {move || {
                    let list = groups.get();
                    if list.is_empty() {
                        return view! { <p class="muted">{tr(k::PREREQUISITES_NONE)}</p> }.into_any();
                    }
                    list.into_iter().enumerate().map(|(i, g)| {
                        let name = tf(lang.get(), k::PREREQUISITES_GROUP_N, &[("n", &(i + 1).to_string())]);
                        let how_many_id = format!("group-{}-how-many", g.key);
                        view! {
                            <fieldset class="card question-editor">
                                <legend>{name.clone()}</legend>
                                <div class="pick-list">
                                    {candidates.iter().map(|m| {
                                        let (c1, c2) = (m.code.clone(), m.code.clone());
                                        let box_id = format!("group-{}-{}", g.key, m.id);
                                        view! {
                                            <div class="choice">
                                                <input type="checkbox" id=box_id.clone() prop:checked=move || g.members.with(|s| s.contains(&c1))
                                                    on:change=move |ev| { let on = event_target_checked(&ev); let c = c2.clone(); saved.set(None); g.members.update(|s| { if on { s.insert(c); } else { s.remove(&c); } }); }/>
                                                <label for=box_id>{m.code.clone()}" — "{m.title.get(lang.get_untracked()).to_string()}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                                <div class="field short">
                                    <label for=how_many_id.clone()>{tr(k::PREREQUISITES_HOW_MANY)}</label>
                                    <input id=how_many_id type="number" min="1" prop:value=g.how_many on:input=move |ev| g.how_many.set(event_target_value(&ev))/>
                                </div>
                                <button type="button" class="secondary" aria-label=format!("{} — {name}", shared::i18n::t(lang.get_untracked(), k::PREREQUISITES_REMOVE_GROUP))
                                    on:click=move |_| groups.update(|list| list.retain(|x| x.key != g.key))>{tr(k::PREREQUISITES_REMOVE_GROUP)}</button>
                            </fieldset>
                        }
                    }).collect_view().into_any()
                }}
                <p>
                    <button type="button" class="secondary"
                        on:click=move |_| groups.update(|list| list.push(GroupDraft::of(&PrerequisiteGroup { modules: Vec::new(), min_required: None })))>
                        {tr(k::PREREQUISITES_ADD_GROUP)}</button>
                </p>
                {move || cycle.get().map(|c| view! { <p class="alert" role="alert">{tf(lang.get(), k::PREREQUISITES_CYCLE, &[("cycle", &c)])}</p> })}
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                {move || saved.get().map(|code| view! { <p class="ok" role="status">{tf(lang.get(), k::PREREQUISITES_SAVED, &[("code", &code)])}</p> })}
                <p class="actions">
                    <button type="submit" class="primary" disabled=move || cycle.get().is_some() || save.pending().get()>{tr(k::UI_SAVE)}</button>
                    " "<button type="button" class="secondary" on:click=move |_| close.run(())>{tr(k::PREREQUISITES_CLOSE)}</button>
                </p>
            </form>
            <h3>{tr(k::PREREQUISITES_PREVIEW)}</h3>
            {move || {
                let now = current();
                let steps = steps(&for_steps, &graph(&for_steps, &code_steps, &now), &code_steps, &now);
                view! {
                    <ol class="path-preview">{steps.into_iter().enumerate().map(|(i, codes)| view! {
                        <li><strong>{tf(lang.get(), k::PREREQUISITES_STEP_N, &[("n", &(i + 1).to_string())])}</strong>" : "
                            {codes.iter().map(|c| format!("{c} ({})", titles.get(c).cloned().unwrap_or_default())).collect::<Vec<_>>().join(" · ")}</li>
                    }).collect_view()}</ol>
                }
            }}
        </section>
    }
}
