//! Administrators write curricula in the browser too: a new programme, its
//! modules, and corrections to a programme's titles and issuer.
use leptos::prelude::*;
use shared::api::LocalizedText;
use shared::api::programmes::{CreateModuleRequest, CreateProgrammeRequest, ModuleView, PatchProgrammeRequest, ProgrammeDetail, PutAuthorsRequest};
use shared::i18n::{k, tf};
use shared::problem::Problem;

use crate::components::{ProblemNote, TextField, dispatch_valid, on_answer};
use crate::i18n::{locale, tr};

fn optional(s: RwSignal<String>) -> Option<String> {
    Some(s.get_untracked().trim().to_string()).filter(|t| !t.is_empty())
}

/// The three titles of a programme or module, French required.
#[component]
fn Titles(
    prefix: &'static str,
    fr: RwSignal<String>,
    ar: RwSignal<String>,
    en: RwSignal<String>,
    problem: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let error = crate::components::field_message(problem, "title.fr");
    let (fr_id, ar_id, en_id) = (format!("{prefix}-title-fr"), format!("{prefix}-title-ar"), format!("{prefix}-title-en"));
    view! {
        <div class="field">
            <label for=fr_id.clone()>{tr(k::UI_TITLE_FR)}</label>
            <input id=fr_id.clone() type="text" required=true prop:value=fr on:input=move |ev| fr.set(event_target_value(&ev))
                aria-invalid=move || error().is_some().to_string() aria-describedby=format!("{fr_id}-error")/>
            <p id=format!("{fr_id}-error") class="error">{error}</p>
        </div>
        <div class="field">
            <label for=ar_id.clone()>{tr(k::UI_TITLE_AR)}</label>
            <input id=ar_id type="text" dir="rtl" lang="ar" prop:value=ar on:input=move |ev| ar.set(event_target_value(&ev))/>
        </div>
        <div class="field">
            <label for=en_id.clone()>{tr(k::UI_TITLE_EN)}</label>
            <input id=en_id type="text" lang="en" prop:value=en on:input=move |ev| en.set(event_target_value(&ev))/>
        </div>
    }
}

fn titles(fr: RwSignal<String>, ar: RwSignal<String>, en: RwSignal<String>) -> LocalizedText {
    LocalizedText { fr: fr.get_untracked(), ar: optional(ar), en: optional(en) }
}

/// Opening a new programme; its page follows.
#[component]
pub fn NewProgramme() -> impl IntoView {
    let (code, fr, ar, en) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let problem = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |request: &CreateProgrammeRequest| {
        let request = request.clone();
        async move { crate::endpoints::create_programme(&request).await }
    });
    let navigate = leptos_router::hooks::use_navigate();
    on_answer(create, problem, move |p: ProgrammeDetail| navigate(&format!("/programmes/{}", p.id), Default::default()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateProgrammeRequest {
            code: code.get_untracked().trim().to_uppercase(),
            title: titles(fr, ar, en),
            summary: None,
            issuer: None,
            bilingual_attestations: false,
        };
        dispatch_valid(create, problem, request);
    };
    view! {
        <section class="card">
            <h2>{tr(k::UI_NEW_PROGRAMME)}</h2>
            <form on:submit=on_submit novalidate class="grid-form">
                <TextField id="programme-code" field="code" label=k::VERIFY_CODE value=code problem=problem required=true/>
                <Titles prefix="programme" fr=fr ar=ar en=en problem=problem/>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" class="primary" disabled=move || create.pending().get()>{tr(k::UI_CREATE)}</button>
            </form>
        </section>
    }
}

/// Corrections to a programme: titles, the issuing body, bilingual attestations.
#[component]
pub fn ProgrammeEditor(programme: ProgrammeDetail, reload: Callback<()>) -> impl IntoView {
    let id = programme.id;
    let fr = RwSignal::new(programme.title.fr.clone());
    let ar = RwSignal::new(programme.title.ar.clone().unwrap_or_default());
    let en = RwSignal::new(programme.title.en.clone().unwrap_or_default());
    let issuer = RwSignal::new(programme.issuer.clone());
    let bilingual = RwSignal::new(programme.bilingual_attestations);
    let problem = RwSignal::new(None::<Problem>);
    let update = Action::new_local(move |request: &PatchProgrammeRequest| {
        let request = request.clone();
        async move { crate::endpoints::patch_programme(id, &request).await }
    });
    on_answer(update, problem, move |_| reload.run(()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PatchProgrammeRequest {
            title: Some(titles(fr, ar, en)),
            summary: None,
            issuer: Some(issuer.get_untracked()),
            bilingual_attestations: Some(bilingual.get_untracked()),
        };
        dispatch_valid(update, problem, request);
    };
    view! {
        <details class="card editor">
            <summary>{tr(k::UI_EDIT_PROGRAMME)}</summary>
            <form on:submit=on_submit novalidate class="grid-form">
                <Titles prefix="edit-programme" fr=fr ar=ar en=en problem=problem/>
                <TextField id="programme-issuer" field="issuer" label=k::UI_ISSUER value=issuer problem=problem required=true/>
                <div class="choice">
                    <input type="checkbox" id="programme-bilingual" prop:checked=bilingual on:change=move |ev| bilingual.set(event_target_checked(&ev))/>
                    <label for="programme-bilingual">{tr(k::UI_BILINGUAL_ATTESTATIONS)}</label>
                </div>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" class="primary" disabled=move || update.pending().get()>{tr(k::UI_SAVE)}</button>
            </form>
        </details>
    }
}

/// Adding a module at the end of a programme.
#[component]
pub fn NewModule(programme: i64, reload: Callback<()>) -> impl IntoView {
    let (code, fr, ar, en) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let hours = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let created = RwSignal::new(None::<String>);
    let create = Action::new_local(move |request: &CreateModuleRequest| {
        let request = request.clone();
        async move { crate::endpoints::create_module(programme, &request).await }
    });
    on_answer(create, problem, move |m: ModuleView| {
        created.set(Some(m.code));
        for s in [code, fr, ar, en, hours] {
            s.set(String::new());
        }
        reload.run(());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        let request = CreateModuleRequest {
            code: code.get_untracked().trim().to_uppercase(),
            title: titles(fr, ar, en),
            summary: None,
            family: None,
            hours: hours.get_untracked().trim().parse().unwrap_or(0),
            position: None,
        };
        dispatch_valid(create, problem, request);
    };
    let lang = locale().0;
    view! {
        <section class="card">
            <h2>{tr(k::UI_NEW_MODULE)}</h2>
            <form on:submit=on_submit novalidate class="grid-form">
                <TextField id="module-code" field="code" label=k::VERIFY_CODE value=code problem=problem required=true/>
                <Titles prefix="module" fr=fr ar=ar en=en problem=problem/>
                <TextField id="module-hours" field="hours" label=k::UI_HOURS_LABEL value=hours problem=problem kind="number" required=true/>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                {move || created.get().map(|c| view! { <p class="ok" role="status">{move || tf(lang.get(), k::UI_MODULE_ADDED, &[("code", &c)])}</p> })}
                <button type="submit" class="primary" disabled=move || create.pending().get()>{tr(k::UI_CREATE)}</button>
            </form>
        </section>
    }
}

/// The trainers who author a programme beside the administrators: they
/// write its modules, content, assessments and prerequisites.
#[component]
pub fn Authors(programme: ProgrammeDetail) -> impl IntoView {
    let id = programme.id;
    let chosen = RwSignal::new(programme.authors.iter().map(|a| a.id).collect::<std::collections::BTreeSet<i64>>());
    let trainers = LocalResource::new(|| crate::endpoints::accounts(Some(shared::enums::Role::Trainer)));
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |request: &PutAuthorsRequest| {
        let request = request.clone();
        async move { crate::endpoints::put_authors(id, &request).await }
    });
    on_answer(save, problem, move |_| saved.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        dispatch_valid(save, problem, PutAuthorsRequest { account_ids: chosen.get_untracked().into_iter().collect() });
    };
    view! {
        <details class="card editor">
            <summary>{tr(k::AUTHOR_AUTHORS)}</summary>
            <p>{tr(k::AUTHOR_AUTHORS_HELP)}</p>
            <form on:submit=on_submit novalidate>
                <fieldset class="pick-list">
                    <legend class="visually-hidden">{tr(k::AUTHOR_AUTHORS)}</legend>
                    {move || trainers.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|a| {
                        let account = a.id;
                        let box_id = format!("author-{account}");
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=box_id.clone() prop:checked=move || chosen.with(|c| c.contains(&account))
                                    on:change=move |ev| { let on = event_target_checked(&ev); chosen.update(|c| { if on { c.insert(account); } else { c.remove(&account); } }); }/>
                                <label for=box_id>{a.full_name.clone()}</label>
                            </div>
                        }
                    }).collect_view())}
                </fieldset>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                <Show when=move || saved.get()><p class="ok" role="status">{tr(k::UI_SAVED)}</p></Show>
                <button type="submit" class="primary" disabled=move || save.pending().get()>{tr(k::UI_SAVE)}</button>
            </form>
        </details>
    }
}
