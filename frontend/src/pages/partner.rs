//! People (a partner manager's own, or everyone for administrators), enrolling
//! one person, and the bulk file: dry run shown as a table, then confirm.
use leptos::prelude::*;
use shared::Lang;
use shared::api::Page;
use shared::api::accounts::AccountSummary;
use shared::api::cohorts::CohortView;
use shared::api::enrolments::{EnrolAnswer, EnrolRequest, FileReading, ImportReport, PersonInput, RowOutcome};
use shared::enums::{Category, Role, Sex};
use shared::i18n::{k, t, tf, tn};
use shared::problem::Problem;
use validator::Validate as _;

use crate::components::{Guard, ProblemNote, ScrollTable, TextField, loaded};
use crate::i18n::{current, locale, tr};
use crate::session::session;

fn cohorts() -> LocalResource<Result<Page<CohortView>, Problem>> {
    LocalResource::new(crate::endpoints::cohorts)
}

#[component]
fn CohortSelect(chosen: RwSignal<Option<i64>>, id: &'static str) -> impl IntoView {
    let list = cohorts();
    view! {
        <div class="field">
            <label for=id>{tr(k::UI_COHORT)}</label>
            <select id=id on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                <option value="">"—"</option>
                {move || list.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|c| view! {
                    <option value=c.id>{format!("{} ({}, {}/{})", c.name, c.region, c.enrolled, c.capacity)}</option>
                }).collect_view())}
            </select>
        </div>
    }
}

#[component]
pub fn People() -> impl IntoView {
    view! { <Guard roles=&[Role::Partner, Role::Admin]><PeopleScreen/></Guard> }
}

#[component]
fn PeopleScreen() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let reload = Callback::new(move |_| version.update(|v| *v += 1));
    // Inside the guard, so the session is known.
    let is_admin = session().account.get_untracked().is_some_and(|a| a.role == Role::Admin);
    view! {
        <PeopleList version=version/>
        <EnrolOne/>
        {is_admin.then(|| view! { <super::accounts::NewAccount reload=reload/> })}
    }
}

#[component]
fn PeopleList(version: RwSignal<u32>) -> impl IntoView {
    let people = LocalResource::new(move || {
        version.track();
        crate::endpoints::accounts(None)
    });
    let is_admin = session().account.get_untracked().is_some_and(|a| a.role == Role::Admin);
    view! {
        <section class="card">
            <h1>{if is_admin { tr(k::UI_NAV_PEOPLE)() } else { tr(k::UI_NAV_MY_PEOPLE)() }}</h1>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(people.get(), |page: Page<AccountSummary>| view! {
                    <p class="muted">{tn(locale().0.get(), k::UI_PEOPLE_COUNT, page.total, &[])}</p>
                    <ScrollTable label=k::UI_NAV_PEOPLE><table class="stack">
                        <thead><tr>
                            <th scope="col">{tr(k::VERIFY_HOLDER)}</th>
                            <th scope="col">{tr(k::UI_EMAIL)}</th>
                            <th scope="col">{tr(k::UI_ROLE)}</th>
                            <th scope="col">{tr(k::UI_ORGANISATION)}</th>
                            <th scope="col">{tr(k::UI_STATUS)}</th>
                            {is_admin.then(|| view! { <th scope="col">{tr(k::UI_ACTIONS)}</th> })}
                        </tr></thead>
                        <tbody>{page.items.into_iter().map(|p| view! { <PersonRow person=p is_admin=is_admin/> }).collect_view()}</tbody>
                    </table></ScrollTable>
                })}
            </Transition>
        </section>
    }
}

/// One person; an administrator's corrections update the row in place.
#[component]
fn PersonRow(person: AccountSummary, is_admin: bool) -> impl IntoView {
    let current = RwSignal::new(person);
    let with = move |f: fn(&AccountSummary) -> Option<String>| move || current.with(f);
    view! {
        <tr>
            <td data-label=tr(k::VERIFY_HOLDER)>
                {move || current.with(|p| {
                    let name = p.full_name.clone();
                    // A partner manager corrects their learners; an administrator anyone.
                    if is_admin || p.role == Role::Learner {
                        view! { <crate::layout::Link href=format!("/people/{}", p.id)>{name}</crate::layout::Link> }.into_any()
                    } else {
                        name.into_any()
                    }
                })}
                <br/><span class="muted">{with(|p| p.position.clone())}</span>
            </td>
            <td data-label=tr(k::UI_EMAIL)><bdi dir="ltr">{with(|p| Some(p.email.clone()))}</bdi></td>
            <td data-label=tr(k::UI_ROLE)>{move || { let p = current.get(); view! { {tr(p.role.label_key())}{p.category.map(|c| view! { <br/><span class="muted">{tr(c.label_key())}</span> })} } }}</td>
            <td data-label=tr(k::UI_ORGANISATION)><bdi>{with(|p| p.organisation_name.clone())}</bdi></td>
            <td data-label=tr(k::UI_STATUS)>{move || { let p = current.get(); tr(if !p.active { k::UI_CLOSED } else if p.has_password { k::UI_ACTIVE } else { k::UI_INVITED }) }}</td>
            {is_admin.then(|| view! { <td data-label=tr(k::UI_ACTIONS)><super::accounts::AccountEditor account=current/></td> })}
        </tr>
    }
}

#[component]
fn EnrolOne() -> impl IntoView {
    let cohort = RwSignal::new(None::<i64>);
    let (email, first, last, position, phone) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let category = RwSignal::new(Category::PublicActor);
    let sex = RwSignal::new(Sex::NotStated);
    let birth_year = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let done = RwSignal::new(None::<EnrolAnswer>);
    let enrol = Action::new_local(move |(cohort, request): &(i64, EnrolRequest)| {
        let (cohort, request) = (*cohort, request.clone());
        async move { crate::endpoints::enrol(cohort, &request).await }
    });
    Effect::new(move |_| match enrol.value().get() {
        Some(Ok(view)) => {
            problem.set(None);
            done.set(Some(view));
        }
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let person = PersonInput {
            email: email.get_untracked().trim().to_string(),
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            category: category.get_untracked(),
            organisation: None,
            position: Some(position.get_untracked()),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            first_name_ar: None,
            last_name_ar: None,
            sex: sex.get_untracked(),
            // A year that is no number is sent as 0, which the range check names.
            birth_year: Some(birth_year.get_untracked().trim().to_string()).filter(|y| !y.is_empty()).map(|y| y.parse().unwrap_or(0)),
            region: None,
            commune: None,
            disability: Default::default(),
            language: Some(current()),
        };
        let request = EnrolRequest { account_id: None, person: Some(person) };
        let Some(cohort) = cohort.get_untracked() else {
            let mut p = Problem::new(shared::ErrorCode::Validation, current());
            p.errors.push(shared::FieldError {
                field: "cohort".into(),
                code: "required".into(),
                message: shared::i18n::t(current(), k::VALIDATION_REQUIRED).into(),
            });
            problem.set(Some(p));
            return;
        };
        if let Err(errors) = request.validate() {
            problem.set(Some(crate::components::invalid(&errors)));
            return;
        }
        enrol.dispatch((cohort, request));
    };
    view! {
        <section class="card">
            <h2>{tr(k::UI_ENROL_ONE)}</h2>
            <form on:submit=on_submit novalidate class="grid-form">
                <CohortSelect chosen=cohort id="enrol-cohort"/>
                <TextField id="person-email" field="person.email" label=k::UI_EMAIL value=email problem=problem kind="email" required=true/>
                <TextField id="person-first" field="person.first_name" label=k::UI_FIRST_NAME value=first problem=problem required=true/>
                <TextField id="person-last" field="person.last_name" label=k::UI_LAST_NAME value=last problem=problem required=true/>
                <div class="field">
                    <label for="person-category">{tr(k::UI_CATEGORY)}</label>
                    <select id="person-category" on:change=move |ev| if let Some(c) = Category::parse(&event_target_value(&ev)) { category.set(c) }>
                        {Category::ALL.iter().map(|c| view! { <option value=c.as_str() selected=*c == Category::PublicActor>{tr(c.label_key())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="person-sex">{tr(k::UI_SEX)}</label>
                    <select id="person-sex" on:change=move |ev| if let Some(s) = Sex::parse(&event_target_value(&ev)) { sex.set(s) }>
                        {Sex::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == Sex::NotStated>{tr(s.label_key())}</option> }).collect_view()}
                    </select>
                </div>
                <TextField id="person-birth-year" field="person.birth_year" label=k::UI_BIRTH_YEAR value=birth_year problem=problem/>
                <TextField id="person-position" field="person.position" label=k::UI_POSITION value=position problem=problem/>
                <TextField id="person-phone" field="person.phone" label=k::UI_PHONE value=phone problem=problem kind="tel"/>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                {move || done.get().map(|d| {
                    let text = match d {
                        EnrolAnswer::Enrolled(d) => tf(locale().0.get(), if d.created { k::UI_ENROLLED } else { k::UI_ALREADY_ENROLLED }, &[("name", &d.full_name)]),
                        EnrolAnswer::Requested(r) => tf(locale().0.get(), k::UI_ENROL_REQUESTED, &[("email", &r.email)]),
                    };
                    view! { <p class="ok" role="status">{text}</p> }
                })}
                <button type="submit" class="primary" disabled=move || enrol.pending().get()>{tr(k::UI_ENROL)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn Import() -> impl IntoView {
    view! { <Guard roles=&[Role::Partner, Role::Admin]><ImportFile/></Guard> }
}

#[component]
fn ImportFile() -> impl IntoView {
    let cohort = RwSignal::new(None::<i64>);
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let report = RwSignal::new(None::<ImportReport>);
    let problem = RwSignal::new(None::<Problem>);
    let run = Action::new_local(move |dry_run: &bool| {
        let dry_run = *dry_run;
        let file = file_input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0));
        let cohort = cohort.get_untracked();
        async move {
            let (Some(file), Some(cohort)) = (file, cohort) else {
                let mut p = Problem::new(shared::ErrorCode::Validation, current());
                p.detail = Some(shared::i18n::t(current(), k::UI_CHOOSE_COHORT_AND_FILE).into());
                return Err(p);
            };
            let kind = if file.name().to_lowercase().ends_with(".xlsx") {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                "text/csv"
            };
            crate::endpoints::import(cohort, &file, kind, dry_run).await
        }
    });
    Effect::new(move |_| match run.value().get() {
        Some(Ok(r)) => {
            problem.set(None);
            report.set(Some(r));
        }
        Some(Err(p)) => {
            report.set(None);
            problem.set(Some(p));
        }
        None => {}
    });
    let lang = locale().0;
    view! {
        <section class="card">
            <h1>{tr(k::UI_NAV_IMPORT)}</h1>
            <p>{tr(k::UI_IMPORT_HELP)}</p>
            <p><code>"email, first_name, last_name, category, organisation, position, phone"</code></p>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); run.dispatch(true); } novalidate>
                <CohortSelect chosen=cohort id="import-cohort"/>
                <div class="field">
                    <label for="import-file">{tr(k::UI_FILE)}</label>
                    <input id="import-file" type="file" accept=".csv,.xlsx,text/csv" node_ref=file_input on:change=move |_| report.set(None)/>
                </div>
                <button type="submit" disabled=move || run.pending().get()>{tr(k::UI_CHECK_FILE)}</button>
            </form>
            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            {move || report.get().map(|r| {
                let c = r.counts.clone();
                let summary = c.summary(lang.get());
                let clean = c.errors == 0;
                view! {
                    <h2>{if r.committed { tr(k::UI_IMPORT_DONE)() } else { tr(k::UI_IMPORT_PREVIEW)() }}</h2>
                    <p role="status">{summary}</p>
                    <p class="muted">{let reading = r.reading.clone(); move || reading_note(&reading, lang.get())}</p>
                    <ScrollTable label=k::UI_IMPORT_PREVIEW><table class="stack">
                        <thead><tr>
                            <th scope="col">{tr(k::UI_ROW)}</th><th scope="col">{tr(k::UI_EMAIL)}</th><th scope="col">{tr(k::VERIFY_HOLDER)}</th>
                            <th scope="col">{tr(k::UI_OUTCOME)}</th><th scope="col">{tr(k::UI_ERRORS)}</th>
                        </tr></thead>
                        <tbody>{r.rows.into_iter().map(|row| {
                            let outcome = match row.outcome {
                                RowOutcome::NewAccount => k::UI_OUTCOME_NEW,
                                RowOutcome::Enrol => k::UI_OUTCOME_ENROL,
                                RowOutcome::AlreadyEnrolled => k::UI_OUTCOME_ALREADY,
                                RowOutcome::Error => k::UI_OUTCOME_ERROR,
                            };
                            let class = if row.outcome == RowOutcome::Error { "row-error" } else { "" };
                            view! {
                                <tr class=class>
                                    <td data-label=tr(k::UI_ROW)>{row.row}</td><td data-label=tr(k::UI_EMAIL)><bdi dir="ltr">{row.email.clone()}</bdi></td>
                                    <td data-label=tr(k::VERIFY_HOLDER)><bdi>{row.full_name.clone()}</bdi></td><td data-label=tr(k::UI_OUTCOME)>{tr(outcome)}</td>
                                    <td data-label=tr(k::UI_ERRORS)>{row.errors.iter().map(|e| format!("{} : {}", e.column, e.message)).collect::<Vec<_>>().join(" · ")}</td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table></ScrollTable>
                    {(r.rows_omitted > 0).then(|| view! { <p class="muted">{tn(lang.get(), k::UI_IMPORT_ROWS_OMITTED, u64::try_from(r.rows_omitted).unwrap_or(u64::MAX), &[])}</p> })}
                    <Show when=move || clean && !r.committed>
                        <button class="primary" on:click=move |_| { run.dispatch(false); } disabled=move || run.pending().get()>{tr(k::UI_CONFIRM_IMPORT)}</button>
                    </Show>
                }
            })}
        </section>
    }
}

/// How the server read the file, so that a wrong guess (an encoding, a
/// separator) shows before anything is written.
fn reading_note(reading: &FileReading, lang: Lang) -> String {
    match (&reading.encoding, &reading.separator) {
        (Some(encoding), Some(separator)) => {
            let separator = if separator == "\t" { t(lang, k::UI_IMPORT_TAB).to_string() } else { format!("« {separator} »") };
            tf(lang, k::UI_IMPORT_READ_TEXT, &[("encoding", encoding), ("separator", &separator)])
        }
        _ => t(lang, k::UI_IMPORT_READ_SPREADSHEET).to_string(),
    }
}
