//! The impact dashboard: the programme's figures, "En chiffres".
use leptos::prelude::*;
use shared::api::reports::Summary;
use shared::enums::Role;
use shared::i18n::{k, t};

use crate::components::{BarChart, Guard, loaded};
use crate::i18n::{locale, tr};

#[component]
pub fn Dashboard() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin, Role::Partner]><Figures/></Guard> }
}

#[component]
fn Figures() -> impl IntoView {
    let summary = LocalResource::new(crate::endpoints::summary);
    let lang = locale().0;
    view! {
        <section class="card">
            <h1>{tr(k::UI_FIGURES)}</h1>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(summary.get(), move |s: Summary| {
                    let l = lang.get();
                    let categories: Vec<(String, u64)> = s.by_category.iter().map(|c| (c.category.map(|c| t(l, c.label_key()).to_string()).unwrap_or_else(|| "—".into()), c.learners)).collect();
                    let regions: Vec<(String, u64)> = s.by_region.iter().map(|r| (r.region.clone(), r.learners)).collect();
                    let cohorts: Vec<(String, u64)> = s.by_cohort.iter().map(|c| (c.name.clone(), c.modules_completed)).collect();
                    view! {
                        <dl class="figures">
                            <div><dt>{tr(k::UI_FIG_LEARNERS)}</dt><dd>{s.learners}</dd></div>
                            <div><dt>{tr(k::UI_FIG_COMPLETED)}</dt><dd>{s.modules_completed}</dd></div>
                            <div><dt>{tr(k::UI_FIG_ATTESTATIONS)}</dt><dd>{s.attestations}</dd></div>
                            <div><dt>{tr(k::UI_FIG_CERTIFICATES)}</dt><dd>{s.certificates}</dd></div>
                        </dl>
                        <BarChart title=k::UI_FIG_BY_CATEGORY rows=categories/>
                        <BarChart title=k::UI_FIG_BY_REGION rows=regions/>
                        <BarChart title=k::UI_FIG_BY_COHORT rows=cohorts/>
                    }
                })}
            </Transition>
        </section>
    }
}
