//! The cohort catalogue: the cohorts a learner can join by themself, with
//! where, when and how many places are left; a full or ended cohort says so
//! instead of offering a button.
use leptos::prelude::*;
use shared::api::cohorts::CatalogueEntry;
use shared::enums::{Availability, Role};
use shared::i18n::{k, tf, tn};
use shared::problem::Problem;

use crate::components::{Guard, ProblemNote, day, loaded, on_answer};
use crate::i18n::{locale, tr};

#[component]
pub fn Catalogue() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner]><Cohorts/></Guard> }
}

#[component]
fn Cohorts() -> impl IntoView {
    let list = LocalResource::new(crate::endpoints::catalogue);
    let lang = locale().0;
    let joined = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Problem>);
    let join = Action::new_local(move |entry: &CatalogueEntry| {
        let (id, name) = (entry.cohort_id, entry.name.clone());
        async move { crate::endpoints::join_cohort(id).await.map(|()| name) }
    });
    on_answer(join, problem, move |name: String| {
        joined.set(Some(name));
        list.refetch();
    });
    view! {
        <section class="card">
            <h1>{tr(k::CATALOGUE_TITLE)}</h1>
            <p>{tr(k::CATALOGUE_INTRO)}</p>
            {move || joined.get().map(|name| view! {
                <p class="ok" role="status">{move || tf(lang.get(), k::CATALOGUE_JOINED, &[("name", &name)])}" "
                    <a href="/learn">{tr(k::UI_NAV_LEARN)}</a></p>
            })}
            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(list.get(), move |entries: Vec<CatalogueEntry>| {
                    if entries.is_empty() {
                        return view! { <p class="muted">{tr(k::CATALOGUE_EMPTY)}</p> }.into_any();
                    }
                    view! {
                        <ul class="cards">{entries.into_iter().map(|e| {
                            let programme = e.programme_title.get(lang.get()).to_string();
                            let place = match &e.learning_hub { Some(hub) => format!("{} · {hub}", e.region), None => e.region.clone() };
                            let dates = tf(lang.get(), k::CATALOGUE_DATES, &[("from", &day(e.starts_on)), ("to", &day(e.ends_on))]);
                            let places = tn(lang.get(), k::CATALOGUE_PLACES_LEFT, e.places_left, &[]);
                            let open = e.availability == Availability::Open;
                            let label = format!("{} {}", shared::i18n::t(lang.get(), k::CATALOGUE_JOIN), e.name);
                            let entry = e.clone();
                            view! {
                                <li class="card-item">
                                    // Names and places are written in their own language, whatever the interface's.
                                    <h2 dir="auto">{e.name.clone()}</h2>
                                    <p class="muted">{programme}</p>
                                    <p><span dir="auto">{place}</span>" · "{dates}</p>
                                    <p class=format!("availability availability-{}", e.availability.as_str())>
                                        {tr(e.availability.label_key())}{open.then(|| format!(" — {places}"))}
                                    </p>
                                    {open.then(|| view! {
                                        <button type="button" class="primary" aria-label=label disabled=move || join.pending().get()
                                            on:click=move |_| { joined.set(None); join.dispatch(entry.clone()); }>{tr(k::CATALOGUE_JOIN)}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}</ul>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
