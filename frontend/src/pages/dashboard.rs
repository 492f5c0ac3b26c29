//! "En chiffres": the programme's indicators for a period — who was
//! enrolled, trained and certified, what they completed — broken down as a
//! donor asks (sex, age band, category, region…), on screen and as files.
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::api::reports::{Figures, IndicatorQuery, Indicators, group_label};
use shared::enums::{Category, Dimension, Role, Sex};
use shared::i18n::{Key, k, t, tf};

use crate::components::{BarChart, Guard, ScrollTable, loaded};
use crate::i18n::{locale, tr};
use crate::session::session;

#[component]
pub fn Dashboard() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin, Role::Partner]><IndicatorsScreen/></Guard> }
}

type FigureOf = fn(&Figures) -> u64;

/// The figures in the order of the tables and files, with their labels.
const FIGURES: [(Key, FigureOf); 8] = [
    (k::INDICATORS_ENROLLED, |f| f.enrolled),
    (k::INDICATORS_TRAINED, |f| f.trained),
    (k::INDICATORS_CERTIFIED, |f| f.certified),
    (k::INDICATORS_ATTENDEES, |f| f.attendees),
    (k::INDICATORS_COMPLETIONS, |f| f.completions),
    (k::INDICATORS_ATTESTATIONS, |f| f.attestations),
    (k::INDICATORS_HOURS, |f| f.hours),
    (k::INDICATORS_ATTENDED_HOURS, |f| f.attended_hours),
];

fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    NaiveDate::from_ymd_opt(i32::try_from(y).unwrap_or(2026), m, d).unwrap_or_default()
}

fn quarter(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = (day.month0() / 3) * 3 + 1;
    let from = NaiveDate::from_ymd_opt(day.year(), first, 1).unwrap_or(day);
    let next = if first == 10 { NaiveDate::from_ymd_opt(day.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(day.year(), first + 3, 1) };
    (from, next.and_then(|n| n.pred_opt()).unwrap_or(day))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

#[component]
fn IndicatorsScreen() -> impl IntoView {
    let lang = locale().0;
    let is_admin = session().account.get_untracked().is_some_and(|a| a.role == Role::Admin);
    let (from, to) = quarter(today());
    let (from_text, to_text) = (RwSignal::new(from.to_string()), RwSignal::new(to.to_string()));
    let programme = RwSignal::new(None::<i64>);
    let region = RwSignal::new(String::new());
    let sex = RwSignal::new(None::<Sex>);
    let category = RwSignal::new(None::<Category>);
    let masked = RwSignal::new(false);
    let query = move || IndicatorQuery {
        from: NaiveDate::parse_from_str(&from_text.get(), "%Y-%m-%d").ok(),
        to: NaiveDate::parse_from_str(&to_text.get(), "%Y-%m-%d").ok(),
        programme_id: programme.get(),
        region: Some(region.get().trim().to_string()).filter(|r| !r.is_empty()),
        sex: sex.get(),
        category: category.get(),
        ..IndicatorQuery::default()
    };
    // The figures follow the filters as they change: no "apply" to forget.
    let figures = LocalResource::new(move || crate::endpoints::indicators(query()));
    let programmes = LocalResource::new(crate::endpoints::programmes);
    let dimension = RwSignal::new(Dimension::Sex);
    let charted = RwSignal::new(1_usize);
    let set_period = move |period: Option<(NaiveDate, NaiveDate)>| {
        from_text.set(period.map(|p| p.0.to_string()).unwrap_or_default());
        to_text.set(period.map(|p| p.1.to_string()).unwrap_or_default());
    };
    let this_year = move || {
        let y = today().year();
        NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31))
    };
    let file = move |extension: &'static str| {
        let mut q = query();
        q.masked = Some(masked.get()).filter(|m| *m);
        crate::endpoints::indicators_file(&q, extension)
    };
    view! {
        <section class="card indicators">
            <h1>{tr(k::UI_FIGURES)}</h1>
            <form class="filters" aria-label=tr(k::INDICATORS_FILTERS) on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="indicators-from">{tr(k::INDICATORS_FROM)}</label>
                    <input id="indicators-from" type="date" prop:value=from_text on:change=move |ev| from_text.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="indicators-to">{tr(k::INDICATORS_TO)}</label>
                    <input id="indicators-to" type="date" prop:value=to_text on:change=move |ev| to_text.set(event_target_value(&ev))/>
                </div>
                <div class="actions period">
                    <button type="button" on:click=move |_| set_period(Some(quarter(today())))>{tr(k::INDICATORS_THIS_QUARTER)}</button>
                    <button type="button" on:click=move |_| set_period(this_year())>{tr(k::INDICATORS_THIS_YEAR)}</button>
                    <button type="button" on:click=move |_| set_period(None)>{tr(k::INDICATORS_WHOLE)}</button>
                </div>
                <div class="field">
                    <label for="indicators-programme">{tr(k::DIMENSION_PROGRAMME)}</label>
                    <select id="indicators-programme" on:change=move |ev| programme.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr(k::INDICATORS_ANY)}</option>
                        {move || programmes.get().and_then(Result::ok).map(|page| page.items.into_iter().map(|p| view! {
                            <option value=p.id>{p.title.get(lang.get()).to_string()}</option>
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="indicators-region">{tr(k::DIMENSION_REGION)}</label>
                    <input id="indicators-region" type="text" prop:value=region on:change=move |ev| region.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="indicators-sex">{tr(k::DIMENSION_SEX)}</label>
                    <select id="indicators-sex" on:change=move |ev| sex.set(Sex::parse(&event_target_value(&ev)))>
                        <option value="">{tr(k::INDICATORS_ANY)}</option>
                        {Sex::ALL.iter().map(|s| view! { <option value=s.as_str()>{tr(s.label_key())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="indicators-category">{tr(k::DIMENSION_CATEGORY)}</label>
                    <select id="indicators-category" on:change=move |ev| category.set(Category::parse(&event_target_value(&ev)))>
                        <option value="">{tr(k::INDICATORS_ANY)}</option>
                        {Category::ALL.iter().map(|c| view! { <option value=c.as_str()>{tr(c.label_key())}</option> }).collect_view()}
                    </select>
                </div>
            </form>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(figures.get(), move |all: Indicators| view! {
                    <dl class="figures">
                        {FIGURES.iter().take(6).map(|(key, get)| view! { <div><dt>{tr(*key)}</dt><dd>{get(&all.total)}</dd></div> }).collect_view()}
                    </dl>
                    <Breakdowns all=all dimension=dimension charted=charted/>
                })}
            </Transition>
            <div class="downloads">
                {is_admin.then(|| view! {
                    <label class="check"><input type="checkbox" prop:checked=masked on:change=move |ev| masked.set(event_target_checked(&ev))/>{tr(k::INDICATORS_MASK)}</label>
                })}
                {(!is_admin).then(|| view! { <p class="muted">{tr(k::INDICATORS_PARTNER_MASKED)}</p> })}
                <a class="button" href=move || file("xlsx") download="">{tr(k::INDICATORS_DOWNLOAD_XLSX)}</a>
                <a class="button" href=move || file("csv") download="">{tr(k::INDICATORS_DOWNLOAD_CSV)}</a>
            </div>
            <p class="muted">{tr(k::INDICATORS_AGE_NOTE)}" "{tr(k::INDICATORS_REGION_NOTE)}</p>
        </section>
    }
}

/// One breakdown at a time: every figure as a table, one of them as a chart.
#[component]
fn Breakdowns(all: Indicators, dimension: RwSignal<Dimension>, charted: RwSignal<usize>) -> impl IntoView {
    let lang = locale().0;
    let all = StoredValue::new(all);
    let groups = move || {
        let d = dimension.get();
        all.with_value(|a| a.breakdowns.iter().find(|b| b.dimension == d).map(|b| b.groups.clone()).unwrap_or_default())
    };
    view! {
        <div class="breakdown-choice">
            <div class="field">
                <label for="indicators-dimension">{tr(k::INDICATORS_BREAKDOWN)}</label>
                <select id="indicators-dimension" on:change=move |ev| if let Some(d) = Dimension::parse(&event_target_value(&ev)) { dimension.set(d) }>
                    {Dimension::ALL.iter().map(|d| view! { <option value=d.as_str() selected=move || dimension.get() == *d>{tr(d.label_key())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="indicators-figure">{tr(k::INDICATORS_FIGURE)}</label>
                <select id="indicators-figure" on:change=move |ev| { if let Ok(i) = event_target_value(&ev).parse() { charted.set(i) } }>
                    {FIGURES.iter().enumerate().map(|(i, (key, _))| view! { <option value=i selected=move || charted.get() == i>{tr(*key)}</option> }).collect_view()}
                </select>
            </div>
        </div>
        {move || {
            let (d, l, i) = (dimension.get(), lang.get(), charted.get().min(FIGURES.len() - 1));
            let (key, get) = FIGURES[i];
            let rows: Vec<(String, u64)> = groups().iter().map(|g| (group_label(d, &g.key, l), get(&g.figures))).collect();
            // "Personnes formées par tranche d'âge": the dimension mid-sentence, in lower case.
            let dimension_name = lower_first(t(l, d.label_key()));
            let caption = tf(l, k::INDICATORS_TABLE_CAPTION, &[("figure", t(l, key)), ("dimension", &dimension_name)]);
            view! { <BarChart caption=caption rows=rows/> }
        }}
        <ScrollTable label=k::INDICATORS_TITLE><table>
            <thead><tr>
                <th scope="col">{move || tr(dimension.get().label_key())()}</th>
                {FIGURES.iter().map(|(key, _)| view! { <th scope="col">{tr(*key)}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {move || {
                    let (d, l) = (dimension.get(), lang.get());
                    groups().into_iter().map(|g| view! {
                        <tr>
                            <th scope="row">{group_label(d, &g.key, l)}</th>
                            {FIGURES.iter().map(|(_, get)| view! { <td class="number">{get(&g.figures)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()
                }}
                <tr class="total">
                    <th scope="row">{tr(k::INDICATORS_TOTAL)}</th>
                    {FIGURES.iter().map(|(_, get)| view! { <td class="number">{all.with_value(|a| get(&a.total))}</td> }).collect_view()}
                </tr>
            </tbody>
        </table></ScrollTable>
    }
}
