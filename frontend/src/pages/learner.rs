//! The learner's programme map.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::progress::{ModuleProgress, ProgressView};
use shared::enums::{ModuleState, Role};
use shared::i18n::{k, t, tf, tn};

use crate::components::{Guard, StateBadge, loaded};
use crate::i18n::{locale, tr};

#[component]
pub fn Learn() -> impl IntoView {
    // Asked for at once, beside the session check: on a slow link every round
    // trip waited for shows (a visitor not signed in is sent to sign in anyway).
    let cohorts = LocalResource::new(crate::endpoints::my_cohorts);
    let open = crate::pages::evaluation::open_evaluations();
    let chosen = RwSignal::new(None::<i64>);
    let progress = LocalResource::new(move || {
        let cohort = chosen.get();
        async move { crate::endpoints::my_progress(cohort).await }
    });
    view! { <Guard roles=&[Role::Learner]><Map cohorts=cohorts open=open chosen=chosen progress=progress/></Guard> }
}

#[component]
fn Map(
    cohorts: LocalResource<Result<Vec<shared::api::cohorts::CohortView>, shared::Problem>>,
    open: LocalResource<Result<Vec<shared::api::evaluations::OpenEvaluation>, shared::Problem>>,
    chosen: RwSignal<Option<i64>>,
    progress: LocalResource<Result<ProgressView, shared::Problem>>,
) -> impl IntoView {
    let lang = locale().0;
    view! {
        <section class="card">
            <h1>{tr(k::UI_NAV_LEARN)}</h1>
            <crate::pages::evaluation::OpenEvaluations open=open/>
            {move || cohorts.get().and_then(|c| c.ok()).filter(|c| c.len() > 1).map(|list| view! {
                <label class="inline">{tr(k::UI_COHORT)}" "
                    <select on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        {list.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(progress.get(), |p: ProgressView| {
                    let families = p.families.clone();
                    let total = p.modules.len();
                    let summary = tn(lang.get(), k::UI_COMPLETED_OF, u64::from(p.completed), &[("total", &total.to_string())]);
                    let mut groups: Vec<(Option<String>, Vec<ModuleProgress>)> = Vec::new();
                    for m in p.modules.clone() {
                        match groups.iter_mut().find(|(f, _)| *f == m.family) {
                            Some((_, list)) => list.push(m),
                            None => groups.push((m.family.clone(), vec![m])),
                        }
                    }
                    view! {
                        <h2 dir="auto">{p.programme_title.get(lang.get()).to_string()}</h2>
                        <p class="muted"><bdi>{p.cohort_name.clone()}</bdi>" — "{summary}</p>
                        <Show when=move || p.programme_completed><p class="ok">{tr(k::UI_PROGRAMME_DONE)}</p></Show>
                        {groups.into_iter().map(|(family, modules)| {
                            let heading = family.as_ref().and_then(|code| families.iter().find(|f| &f.code == code)).map(|f| f.title.get(lang.get()).to_string());
                            view! {
                                {heading.map(|h| view! { <h3>{h}</h3> })}
                                <ul class="modules">{modules.into_iter().map(|m| view! { <ModuleCard m=m/> }).collect_view()}</ul>
                            }
                        }).collect_view()}
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ModuleCard(m: ModuleProgress) -> impl IntoView {
    let lang = locale().0;
    let title = m.module.title.get(lang.get_untracked()).to_string();
    let href = format!("/modules/{}", m.module.id);
    let locked = m.state == ModuleState::Locked;
    let missing: Vec<String> = m
        .missing
        .iter()
        .map(|group| {
            let names: Vec<String> = group.missing.iter().map(|r| format!("{} {}", r.code, r.title.get(lang.get_untracked()))).collect();
            if shared::num::index(group.needed) == group.missing.len() {
                tf(lang.get_untracked(), k::UI_REQUIRES, &[("modules", &names.join(", "))])
            } else {
                tf(lang.get_untracked(), k::UI_REQUIRES_N, &[("n", &group.needed.to_string()), ("modules", &names.join(", "))])
            }
        })
        .collect();
    let hours = tn(lang.get_untracked(), k::UI_HOURS, u64::from(m.hours), &[]);
    view! {
        <li class=format!("module {}", m.state.as_str()) data-code=m.module.code.clone()>
            <div class="module-head">
                <span class="code">{m.module.code.clone()}</span>
                <StateBadge state=m.state/>
            </div>
            {if locked {
                view! { <p class="module-title" dir="auto">{title}</p> }.into_any()
            } else {
                view! { <A href=href attr:class="module-title" attr:dir="auto">{title}</A> }.into_any()
            }}
            <p class="muted">{hours}{m.best_score.map(|s| format!(" · {} {s} %", t(lang.get_untracked(), k::UI_BEST_SCORE)))}</p>
            {missing.into_iter().map(|text| view! { <p class="missing">{text}</p> }).collect_view()}
            <Show when=move || m.awaiting_grade><p class="muted">{tr(k::UI_AWAITING_GRADE)}</p></Show>
        </li>
    }
}
