//! Training evaluation for authors: a programme's tests and questionnaires
//! (on its page), and the editor of one — a questionnaire's items (1–5
//! scale, choice, free text) or a knowledge test's questions, with a
//! parallel set for after the training, in French, Arabic and English.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::evaluations::{EvaluationDefinition, EvaluationDetail, EvaluationSummary, NewEvaluation};
use shared::api::programmes::ProgrammeDetail;
use shared::enums::{EvaluationKind, ItemKind, Role};
use shared::i18n::{k, t, tf};
use shared::problem::Problem;

use crate::components::{Guard, ProblemNote, ScrollTable, dispatch_valid, field_message, loaded, on_answer};
use crate::i18n::{locale, tr};
use crate::pages::assessment_editor::{Questions, row_tools, say};
use crate::pages::evaluation_draft::{EvaluationDraft, ItemDraft, LabelDraft};
use crate::translations::{TriField, WritingLanguage, label};

/// Where an evaluation is: the whole programme, or one module (by code).
fn place(programme: &ProgrammeDetail, module: Option<i64>) -> String {
    match module.and_then(|id| programme.modules.iter().find(|m| m.id == id)) {
        Some(m) => m.code.clone(),
        None => t(locale().0.get_untracked(), k::EVALUATION_PROGRAMME_SCOPE).to_string(),
    }
}

/// A programme's evaluations; its authors add one (the shipped questionnaire,
/// or a new knowledge test) to the programme or a module.
#[component]
pub fn ProgrammeEvaluations(programme: ProgrammeDetail, author: bool) -> impl IntoView {
    let id = programme.id;
    let list = LocalResource::new(move || crate::endpoints::programme_evaluations(id));
    let lang = locale().0;
    let module = RwSignal::new(None::<i64>);
    let problem = RwSignal::new(None::<Problem>);
    let writing = RwSignal::new(false);
    let programme = StoredValue::new(programme);
    // The shipped questionnaire goes in as it is, then opens in the editor.
    let from_template = Action::new_local(move |module_id: &Option<i64>| {
        let module_id = *module_id;
        async move {
            let definition = crate::endpoints::satisfaction_template().await?;
            crate::endpoints::create_evaluation(id, &NewEvaluation { module_id, definition }).await
        }
    });
    on_answer(from_template, problem, |created: EvaluationDetail| crate::layout::go(&format!("/authoring/evaluations/{}", created.summary.id)));
    view! {
        <section class="card" aria-labelledby="evaluations-title">
            <h2 id="evaluations-title">{tr(k::EVALUATION_EDIT)}</h2>
            {move || loaded(list.get(), move |rows: Vec<EvaluationSummary>| if rows.is_empty() {
                view! { <p class="muted">{tr(k::EVALUATION_NONE)}</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label=k::EVALUATION_ANSWERS><table>
                        <thead><tr>
                            <th scope="col">{tr(k::AUTHOR_TITLE)}</th><th scope="col">{tr(k::EVALUATION_PLACE)}</th>
                            <th scope="col">{tr(k::AUTHOR_KIND)}</th><th scope="col">{tr(k::EVALUATION_ANSWERS)}</th>
                        </tr></thead>
                        <tbody>{rows.into_iter().map(|e| {
                            let notes: Vec<&str> = [e.required.then(|| t(lang.get_untracked(), k::EVALUATION_REQUIRED)), e.anonymous.then(|| t(lang.get_untracked(), k::EVALUATION_ANONYMOUS))].into_iter().flatten().collect();
                            view! {
                                <tr>
                                    <td dir="auto">{if author { view! { <a href=format!("/authoring/evaluations/{}", e.id)>{e.title.clone()}</a> }.into_any() } else { e.title.clone().into_any() }}
                                        {(!notes.is_empty()).then(|| view! { <br/><span class="muted">{notes.join(" · ")}</span> })}</td>
                                    <td>{programme.with_value(|p| place(p, e.module_id))}</td>
                                    <td>{tr(e.kind.label_key())}</td>
                                    <td>{e.responses}</td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table></ScrollTable>
                }.into_any()
            })}
            <Show when=move || author>
                <div class="field">
                    <label for="evaluation-place">{tr(k::EVALUATION_PLACE)}</label>
                    <select id="evaluation-place" on:change=move |ev| module.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr(k::EVALUATION_PROGRAMME_SCOPE)}</option>
                        {programme.with_value(|p| p.modules.iter().map(|m| view! { <option value=m.id>{format!("{} — {}", m.code, m.title.get(lang.get_untracked()))}</option> }).collect_view())}
                    </select>
                </div>
                <p class="actions">
                    <button type="button" disabled=move || from_template.pending().get() on:click=move |_| { problem.set(None); from_template.dispatch(module.get_untracked()); }>{tr(k::EVALUATION_ADD_SATISFACTION)}</button>
                    " "<button type="button" aria-expanded=move || writing.get().to_string() on:click=move |_| writing.set(true)>{tr(k::EVALUATION_ADD_KNOWLEDGE)}</button>
                </p>
                {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                {move || writing.get().then(|| view! { <Editor draft=EvaluationDraft::knowledge() target=Target::New { programme: id, module: module.get_untracked() }/> })}
            </Show>
        </section>
    }
}

#[derive(Clone, Copy)]
enum Target {
    New { programme: i64, module: Option<i64> },
    Existing(i64),
}

#[component]
fn Items(draft: EvaluationDraft, problem: RwSignal<Option<Problem>>) -> impl IntoView {
    let items = draft.items;
    view! {
        {move || items.get().into_iter().enumerate().map(|(i, item)| {
            let id = format!("i{}", item.key);
            let (field, nested) = (format!("items[{i}]"), format!("items[{i}]."));
            let error = move || problem.get().and_then(|p| {
                let mine: Vec<String> = p.errors.iter().filter(|e| e.field == field || e.field.starts_with(&nested)).map(|e| e.message.clone()).collect();
                (!mine.is_empty()).then(|| mine.join(" "))
            });
            let choices = item.choices;
            view! {
                <fieldset class="card question-editor">
                    <legend>{say(k::EVALUATION_ITEM_N, i + 1)}</legend>
                    {row_tools(items, i, say(k::EVALUATION_ITEM_N, i + 1), item.key)}
                    <div class="field">
                        <label for=format!("{id}-kind")>{tr(k::AUTHOR_KIND)}</label>
                        <select id=format!("{id}-kind") on:change=move |ev| {
                            let kind = ItemKind::parse(&event_target_value(&ev)).unwrap_or(ItemKind::Likert);
                            item.kind.set(kind);
                            if kind == ItemKind::Choice && choices.get_untracked().is_empty() {
                                choices.set(vec![LabelDraft::empty(), LabelDraft::empty()]);
                            }
                        }>
                            {ItemKind::ALL.iter().map(|kind| { let kind = *kind; view! {
                                <option value=kind.as_str() selected=move || item.kind.get() == kind>{tr(kind.label_key())}</option>
                            } }).collect_view()}
                        </select>
                    </div>
                    <TriField id=format!("{id}-prompt") label=label(k::EVALUATION_PROMPT) text=item.prompt editing=draft.editing rows=2/>
                    <div class="choice">
                        <input type="checkbox" id=format!("{id}-optional") prop:checked=item.optional on:change=move |ev| item.optional.set(event_target_checked(&ev))/>
                        <label for=format!("{id}-optional")>{tr(k::EVALUATION_ITEM_OPTIONAL)}</label>
                    </div>
                    <Show when=move || item.kind.get() == ItemKind::Choice>
                        <ol class="choices-editor">
                            {move || choices.get().into_iter().enumerate().map(|(j, c)| view! {
                                <li class="choice-row">
                                    <TriField id=format!("l{}", c.key) label=Signal::derive(move || say(k::AUTHOR_CHOICE_N, j + 1)) text=c.label editing=draft.editing/>
                                    {row_tools(choices, j, format!("{} · {}", say(k::EVALUATION_ITEM_N, i + 1), say(k::AUTHOR_CHOICE_N, j + 1)), c.key)}
                                </li>
                            }).collect_view()}
                        </ol>
                        <button type="button" class="secondary" on:click=move |_| choices.update(|c| c.push(LabelDraft::empty()))>{tr(k::EVALUATION_ADD_CHOICE)}</button>
                    </Show>
                    <p class="error" role="status">{error}</p>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" on:click=move |_| items.update(|list| list.push(ItemDraft::empty()))>{tr(k::EVALUATION_ADD_ITEM)}</button>
    }
}

#[component]
fn Editor(draft: EvaluationDraft, target: Target) -> impl IntoView {
    let lang = locale().0;
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |definition: &EvaluationDefinition| {
        let definition = definition.clone();
        async move {
            match target {
                Target::Existing(id) => crate::endpoints::put_evaluation(id, &definition).await,
                Target::New { programme, module } => {
                    crate::endpoints::create_evaluation(programme, &NewEvaluation { module_id: module, definition }).await
                }
            }
        }
    });
    on_answer(save, problem, move |done: EvaluationDetail| match target {
        Target::Existing(_) => saved.set(true),
        Target::New { .. } => crate::layout::go(&format!("/authoring/evaluations/{}", done.summary.id)),
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        dispatch_valid(save, problem, draft.definition());
    };
    let title_error = field_message(problem, "title");
    let anonymous_error = field_message(problem, "anonymous");
    let knowledge = draft.kind == EvaluationKind::Knowledge;
    view! {
        <form class="assessment-editor" novalidate on:submit=on_submit>
            <p class="muted">{tr(draft.kind.label_key())}</p>
            <WritingLanguage id="evaluation-writing".to_string() editing=draft.editing texts=Signal::derive(move || draft.texts())/>
            <TriField id="evaluation-title".to_string() label=label(k::AUTHOR_TITLE) text=draft.title editing=draft.editing error=Signal::derive(title_error)/>
            <div class="choice">
                <input type="checkbox" id="evaluation-required" prop:checked=draft.required on:change=move |ev| draft.required.set(event_target_checked(&ev))/>
                <label for="evaluation-required">{tr(k::EVALUATION_REQUIRED)}</label>
            </div>
            {(!knowledge).then(|| view! {
                <div class="choice">
                    <input type="checkbox" id="evaluation-anonymous" prop:checked=draft.anonymous on:change=move |ev| draft.anonymous.set(event_target_checked(&ev))
                        aria-describedby="evaluation-anonymous-error"/>
                    <label for="evaluation-anonymous">{tr(k::EVALUATION_ANONYMOUS)}</label>
                </div>
                <p id="evaluation-anonymous-error" class="error">{anonymous_error}</p>
                <Items draft=draft problem=problem/>
            })}
            {knowledge.then(|| view! {
                <h3>{tr(k::EVALUATION_QUESTIONS)}</h3>
                <Questions questions=draft.questions editing=draft.editing problem=problem field="questions"/>
                <h3>{tr(k::EVALUATION_QUESTIONS_AFTER)}</h3>
                <p class="hint">{tr(k::EVALUATION_QUESTIONS_AFTER_NOTE)}</p>
                <Questions questions=draft.questions_after editing=draft.editing problem=problem field="questions_after"/>
            })}
            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            <Show when=move || saved.get()><p class="ok" role="status">{move || t(lang.get(), k::EVALUATION_SAVED).to_string()}</p></Show>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{tr(k::EVALUATION_SAVE)}</button>
        </form>
    }
}

#[component]
fn EvaluationEditor() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let lang = locale().0;
    let detail = LocalResource::new(move || crate::endpoints::evaluation(id));
    let problem = RwSignal::new(None::<Problem>);
    let remove = Action::new_local(move |_: &()| crate::endpoints::delete_evaluation(id));
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(detail.get(), move |d: EvaluationDetail| {
                let programme = d.summary.programme_id;
                on_answer(remove, problem, move |()| crate::layout::go(&format!("/programmes/{programme}")));
                view! {
                    <section class="card">
                        <p><a class="back" href=format!("/programmes/{programme}")>{tr(k::UI_NAV_PROGRAMMES)}</a></p>
                        <h1 dir="auto">{d.summary.title.clone()}</h1>
                        <p class="muted" role="status">{move || tf(lang.get(), k::EVALUATION_RESPONSES, &[("n", &d.summary.responses.to_string())])}</p>
                        <Editor draft=EvaluationDraft::of(&d.definition) target=Target::Existing(id)/>
                        {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                        <p><button type="button" class="secondary" disabled=move || remove.pending().get() on:click=move |_| { remove.dispatch(()); }>{tr(k::EVALUATION_DELETE)}</button></p>
                    </section>
                }
            })}
        </Transition>
    }
}

/// Administrators and the trainers named authors (the API decides which).
#[component]
pub fn EvaluationEditorPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin, Role::Trainer]><EvaluationEditor/></Guard> }
}
