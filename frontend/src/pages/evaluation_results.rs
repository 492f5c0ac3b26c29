//! A cohort's training evaluation, on its page: the questionnaire's scores
//! and free-text answers, the knowledge test's gain per learner and by
//! group, each downloadable as an XLSX file for a donor.
use leptos::prelude::*;
use shared::Lang;
use shared::api::cohorts::CohortView;
use shared::api::evaluations::{EvaluationResults, EvaluationSummary, KnowledgeResults, SatisfactionResults};
use shared::api::reports::group_label;
use shared::enums::{Dimension, EvaluationKind, ItemKind, Role};
use shared::i18n::{k, t, tf};

use crate::components::{BarChart, ScrollTable, loaded};
use crate::i18n::{locale, request_lang, tr};
use crate::session::session;

/// A mean as "4,6" in French and Arabic, "4.6" in English, from the tenth
/// the server rounded to (no float formatting in the bundle).
fn decimal(value: Option<f64>, lang: Lang) -> String {
    let Some(value) = value else { return "—".into() };
    let tenths = shared::num::tenths(value);
    let sign = if tenths < 0 { "-" } else { "" };
    let separator = if lang == Lang::En { "." } else { "," };
    format!("{sign}{}{separator}{}", tenths.abs() / 10, tenths.abs() % 10)
}

fn percent(value: Option<u32>) -> String {
    value.map_or_else(|| "—".into(), |v| v.to_string())
}

/// The breakdowns a cohort's gain can take (a cohort is one cohort, of one programme).
const BREAKDOWNS: [Dimension; 5] = [Dimension::Sex, Dimension::AgeBand, Dimension::Category, Dimension::Region, Dimension::Organisation];

#[component]
pub fn CohortEvaluations(cohort: CohortView) -> impl IntoView {
    let programme = cohort.programme_id;
    let cohort_id = cohort.id;
    // A partner manager reads knowledge tests (their own people's), not the
    // questionnaires, whose answers cannot be narrowed to an organisation.
    let partner = session().account.get_untracked().is_some_and(|a| a.role == Role::Partner);
    let list = LocalResource::new(move || crate::endpoints::programme_evaluations(programme));
    let chosen = RwSignal::new(None::<i64>);
    let by = RwSignal::new(Dimension::Sex);
    let results = LocalResource::new(move || {
        request_lang();
        let (id, by) = (chosen.get(), by.get());
        async move {
            match id {
                Some(id) => Some(crate::endpoints::evaluation_results(id, cohort_id, by).await),
                None => None,
            }
        }
    });
    let lang = locale().0;
    view! {
        <section class="card" aria-labelledby="cohort-evaluations">
            <h2 id="cohort-evaluations">{tr(k::EVALUATION_RESULTS)}</h2>
            {move || loaded(list.get(), move |rows: Vec<EvaluationSummary>| {
                let rows: Vec<EvaluationSummary> = rows.into_iter().filter(|e| !partner || e.kind == EvaluationKind::Knowledge).collect();
                if rows.is_empty() {
                    return view! { <p class="muted">{tr(k::EVALUATION_NONE)}</p> }.into_any();
                }
                view! {
                    <div class="field">
                        <label for="evaluation-chosen">{tr(k::EVALUATION_EDIT)}</label>
                        <select id="evaluation-chosen" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                            <option value="">"—"</option>
                            {rows.into_iter().map(|e| view! {
                                <option value=e.id>{format!("{} ({})", e.title, t(lang.get_untracked(), e.kind.label_key()))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
            })}
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || results.get().flatten().map(|answer| loaded(Some(answer), move |r: EvaluationResults| {
                    let file = crate::endpoints::evaluation_results_file(r.evaluation.id, cohort_id, by.get_untracked());
                    view! {
                        <p><a href=file rel="external" download="">{tr(k::INDICATORS_DOWNLOAD_XLSX)}</a></p>
                        {r.satisfaction.map(|s| view! { <Satisfaction s=s/> })}
                        {r.knowledge.map(|g| view! { <Knowledge g=g by=by/> })}
                    }
                }))}
            </Transition>
        </section>
    }
}

#[component]
fn Satisfaction(s: SatisfactionResults) -> impl IntoView {
    let lang = locale().0;
    let count = tf(lang.get_untracked(), k::EVALUATION_RESPONSES, &[("n", &s.responses.to_string())]);
    if s.withheld {
        return view! { <p>{count}</p><p class="notice">{tr(k::EVALUATION_WITHHELD)}</p> }.into_any();
    }
    let (scales, texts): (Vec<_>, Vec<_>) = s.items.into_iter().partition(|i| i.kind != ItemKind::Text);
    let rows = scales
        .iter()
        .map(|i| {
            view! {
                <tr><th scope="row" dir="auto">{i.prompt.clone()}</th><td>{i.answers}</td><td>{decimal(i.mean, lang.get_untracked())}</td></tr>
            }
        })
        .collect_view();
    view! {
        <p>{count}</p>
        <ScrollTable label=k::EVALUATION_MEAN><table>
            <thead><tr>
                <th scope="col">{tr(k::EVALUATION_ITEM)}</th><th scope="col">{tr(k::EVALUATION_ANSWERS)}</th><th scope="col">{tr(k::EVALUATION_MEAN)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></ScrollTable>
        {scales.into_iter().map(|i| view! { <BarChart caption=i.prompt.clone() rows=i.labels.into_iter().zip(i.counts).collect()/> }).collect_view()}
        {texts.into_iter().filter(|i| !i.texts.is_empty()).map(|i| view! {
            <h3 dir="auto">{i.prompt}</h3>
            <ul class="free-texts">{i.texts.into_iter().map(|text| view! { <li dir="auto">{text}</li> }).collect_view()}</ul>
        }).collect_view()}
    }
    .into_any()
}

#[component]
fn Knowledge(g: KnowledgeResults, by: RwSignal<Dimension>) -> impl IntoView {
    let lang = locale().0;
    let l = lang.get_untracked();
    let dimension = g.by;
    view! {
        <ScrollTable label=k::EVALUATION_BOTH><table>
            <thead><tr>
                <th scope="col">{tr(k::EVALUATION_PHASE_BEFORE)}</th><th scope="col">{tr(k::EVALUATION_PHASE_AFTER)}</th><th scope="col">{tr(k::EVALUATION_BOTH)}</th>
                <th scope="col">{tr(k::EVALUATION_MEAN_BEFORE)}</th><th scope="col">{tr(k::EVALUATION_MEAN_AFTER)}</th><th scope="col">{tr(k::EVALUATION_MEAN_GAIN)}</th>
            </tr></thead>
            <tbody><tr>
                <td>{g.before}</td><td>{g.after}</td><td>{g.both}</td>
                <td>{decimal(g.mean_before, l)}</td><td>{decimal(g.mean_after, l)}</td><td><strong>{decimal(g.mean_gain, l)}</strong></td>
            </tr></tbody>
        </table></ScrollTable>
        <div class="field">
            <label for="gain-by">{move || tf(lang.get(), k::EVALUATION_BY_GROUP, &[("dimension", &t(lang.get(), by.get().label_key()).to_lowercase())])}</label>
            <select id="gain-by" on:change=move |ev| by.set(Dimension::parse(&event_target_value(&ev)).unwrap_or(Dimension::Sex))>
                {BREAKDOWNS.into_iter().map(|d| view! { <option value=d.as_str() selected=d == dimension>{tr(d.label_key())}</option> }).collect_view()}
            </select>
        </div>
        <ScrollTable label=k::EVALUATION_MEAN_GAIN><table>
            <thead><tr><th scope="col">{tr(dimension.label_key())}</th><th scope="col">{tr(k::EVALUATION_BOTH)}</th><th scope="col">{tr(k::EVALUATION_MEAN_GAIN)}</th></tr></thead>
            <tbody>{g.groups.into_iter().map(|group| view! {
                <tr><th scope="row">{group_label(dimension, &group.key, l)}</th><td>{group.both}</td><td>{decimal(group.mean_gain, l)}</td></tr>
            }).collect_view()}</tbody>
        </table></ScrollTable>
        <ScrollTable label=k::EVALUATION_LEARNER><table>
            <thead><tr>
                <th scope="col">{tr(k::EVALUATION_LEARNER)}</th><th scope="col">{tr(k::EVALUATION_BEFORE)}</th>
                <th scope="col">{tr(k::EVALUATION_AFTER)}</th><th scope="col">{tr(k::EVALUATION_GAIN)}</th>
            </tr></thead>
            <tbody>{g.learners.into_iter().map(|p| view! {
                <tr><th scope="row" dir="auto">{p.name}</th><td>{percent(p.before)}</td><td>{percent(p.after)}</td>
                    <td>{p.gain.map_or_else(|| "—".to_string(), |v| v.to_string())}</td></tr>
            }).collect_view()}</tbody>
        </table></ScrollTable>
    }
}
