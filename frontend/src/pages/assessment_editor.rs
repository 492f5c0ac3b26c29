//! The assessment builder: a quiz (questions, choices, the correct ones,
//! feedback per choice) or an assignment (instructions, rubric criteria and
//! levels), checked by the same rules as the server before it is sent, with
//! a preview of what the learner sees. Rows move by buttons, so a keyboard
//! reorders them as well as a mouse.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::assessments::{AssessmentAuthoring, AssessmentDefinition};
use shared::api::common::in_lang;
use shared::enums::{AssessmentKind, Role};
use shared::i18n::{Key, k, t, tf, tn};
use shared::problem::{ErrorCode, Problem};
use wasm_bindgen::JsCast as _;

use crate::components::{Guard, ProblemNote, dispatch_valid, field_message, loaded, on_answer};
use crate::i18n::{locale, tr};
use crate::pages::assessment_draft::{self, ChoiceDraft, CriterionDraft, Draft, LevelDraft, QuestionDraft};
use crate::translations::{ShownInFrench, TriField, WritingLanguage, label};

/// Moves the item at `index` by `step` (-1 up, +1 down) when it can move.
fn shift<T: Send + Sync + 'static>(list: RwSignal<Vec<T>>, index: usize, step: isize) {
    list.update(|items| {
        if let Some(to) = index.checked_add_signed(step).filter(|to| *to < items.len()) {
            items.swap(index, to);
        }
    });
}

pub(crate) fn say(key: Key, n: usize) -> String {
    // Tracked: the rows that name themselves follow a change of language.
    tf(locale().0.get(), key, &[("n", &n.to_string())])
}

/// Up, down and remove buttons for the `index`th row of `list`, named for
/// screen readers after the row (`Question 2`).
pub(crate) fn row_tools<T: Send + Sync + 'static>(list: RwSignal<Vec<T>>, index: usize, name: String, key: u64) -> impl IntoView {
    let lang = locale().0;
    let (up, down, remove) = (name.clone(), name.clone(), name);
    // The list is drawn again after a move: the focus goes back to the same
    // button of the row that moved, so a keyboard can keep moving it.
    let moved = move |step: isize, id: String| {
        shift(list, index, step);
        request_animation_frame(move || {
            if let Some(button) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = button.focus();
            }
        });
    };
    view! {
        <span class="row-tools">
            <button type="button" class="secondary" id=format!("up-{key}") aria-label=move || format!("{} — {up}", t(lang.get(), k::AUTHOR_MOVE_UP))
                on:click=move |_| moved(-1, format!("up-{key}"))>"↑"</button>
            <button type="button" class="secondary" id=format!("down-{key}") aria-label=move || format!("{} — {down}", t(lang.get(), k::AUTHOR_MOVE_DOWN))
                on:click=move |_| moved(1, format!("down-{key}"))>"↓"</button>
            <button type="button" class="secondary" aria-label=move || format!("{} — {remove}", t(lang.get(), k::AUTHOR_REMOVE))
                on:click=move |_| list.update(|items| { if index < items.len() { items.remove(index); } })>{tr(k::AUTHOR_REMOVE)}</button>
        </span>
    }
}

#[component]
fn Choices(question: QuestionDraft, number: usize, editing: RwSignal<shared::Lang>) -> impl IntoView {
    let choices = question.choices;
    view! {
        <ol class="choices-editor">
            {move || choices.get().into_iter().enumerate().map(|(i, c)| {
                let id = format!("c{}", c.key);
                let name = format!("{} · {}", say(k::AUTHOR_QUESTION_N, number), say(k::AUTHOR_CHOICE_N, i + 1));
                view! {
                    <li class="choice-row">
                        <TriField id=format!("{id}-label") label=Signal::derive(move || say(k::AUTHOR_CHOICE_N, i + 1)) text=c.label editing=editing/>
                        <div class="choice">
                            <input type="checkbox" id=format!("{id}-correct") prop:checked=c.correct on:change=move |ev| c.correct.set(event_target_checked(&ev))/>
                            <label for=format!("{id}-correct")>{tr(k::AUTHOR_CORRECT)}</label>
                        </div>
                        <TriField id=format!("{id}-feedback") label=label(k::AUTHOR_FEEDBACK) text=c.feedback editing=editing/>
                        {row_tools(choices, i, name, c.key)}
                    </li>
                }
            }).collect_view()}
        </ol>
        <button type="button" class="secondary" on:click=move |_| choices.update(|c| c.push(ChoiceDraft::empty()))>{tr(k::AUTHOR_ADD_CHOICE)}</button>
    }
}

/// A quiz's questions, or a knowledge test's (`field` names them in the
/// server's messages: `questions`, `questions_after`).
#[component]
pub fn Questions(
    questions: RwSignal<Vec<QuestionDraft>>,
    editing: RwSignal<shared::Lang>,
    problem: RwSignal<Option<Problem>>,
    field: &'static str,
) -> impl IntoView {
    view! {
        {move || questions.get().into_iter().enumerate().map(|(i, q)| {
            let id = format!("q{}", q.key);
            let (field, nested) = (format!("{field}[{i}]"), format!("{field}[{i}]."));
            let error = move || problem.get().and_then(|p| {
                let mine: Vec<String> = p.errors.iter().filter(|e| e.field == field || e.field.starts_with(&nested)).map(|e| e.message.clone()).collect();
                (!mine.is_empty()).then(|| mine.join(" "))
            });
            view! {
                <fieldset class="card question-editor">
                    <legend>{say(k::AUTHOR_QUESTION_N, i + 1)}</legend>
                    {row_tools(questions, i, say(k::AUTHOR_QUESTION_N, i + 1), q.key)}
                    <TriField id=format!("{id}-prompt") label=label(k::AUTHOR_PROMPT) text=q.prompt editing=editing rows=2/>
                    <div class="field short">
                        <label for=format!("{id}-points")>{tr(k::AUTHOR_POINTS)}</label>
                        <input id=format!("{id}-points") type="number" min="1" max="100" prop:value=q.points on:input=move |ev| q.points.set(event_target_value(&ev))/>
                    </div>
                    <div class="choice">
                        <input type="checkbox" id=format!("{id}-multiple") prop:checked=q.multiple on:change=move |ev| q.multiple.set(event_target_checked(&ev))/>
                        <label for=format!("{id}-multiple")>{tr(k::AUTHOR_MULTIPLE)}</label>
                    </div>
                    <Choices question=q number=i + 1 editing=editing/>
                    <p class="error" role="status">{error}</p>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" on:click=move |_| questions.update(|q| q.push(QuestionDraft::empty()))>{tr(k::AUTHOR_ADD_QUESTION)}</button>
    }
}

#[component]
fn Rubric(draft: Draft) -> impl IntoView {
    let rubric = draft.rubric;
    view! {
        {move || rubric.get().into_iter().enumerate().map(|(i, c)| {
            let id = format!("r{}", c.key);
            let levels = c.levels;
            view! {
                <fieldset class="card question-editor">
                    <legend>{say(k::AUTHOR_CRITERION_N, i + 1)}</legend>
                    {row_tools(rubric, i, say(k::AUTHOR_CRITERION_N, i + 1), c.key)}
                    <TriField id=format!("{id}-title") label=label(k::AUTHOR_TITLE) text=c.title editing=draft.editing/>
                    <TriField id=format!("{id}-description") label=label(k::AUTHOR_DESCRIPTION) text=c.description editing=draft.editing/>
                    <ol class="choices-editor">
                        {move || levels.get().into_iter().enumerate().map(|(j, l)| {
                            let lid = format!("l{}", l.key);
                            let name = format!("{} · {}", say(k::AUTHOR_CRITERION_N, i + 1), say(k::AUTHOR_LEVEL_N, j + 1));
                            view! {
                                <li class="choice-row">
                                    <TriField id=format!("{lid}-title") label=Signal::derive(move || say(k::AUTHOR_LEVEL_N, j + 1)) text=l.title editing=draft.editing/>
                                    <div class="field short">
                                        <label for=format!("{lid}-points")>{tr(k::AUTHOR_POINTS)}</label>
                                        <input id=format!("{lid}-points") type="number" min="0" prop:value=l.points on:input=move |ev| l.points.set(event_target_value(&ev))/>
                                    </div>
                                    {row_tools(levels, j, name, l.key)}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <button type="button" class="secondary"
                        on:click=move |_| levels.update(|l| l.push(LevelDraft::empty(0)))>{tr(k::AUTHOR_ADD_LEVEL)}</button>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" on:click=move |_| rubric.update(|r| r.push(CriterionDraft::empty()))>{tr(k::AUTHOR_ADD_CRITERION)}</button>
    }
}

/// The assessment as a learner reading the language being written will see
/// it: no correct answers, nothing to send, and French where a translation
/// is missing, marked.
#[component]
fn Preview(draft: Draft) -> impl IntoView {
    view! {
        <section class="card preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{tr(k::AUTHOR_PREVIEW)}</h2>
            {move || {
                let d = draft.definition();
                let lang = draft.editing.get();
                let shown = move |fr: &str, ar: &Option<String>, en: &Option<String>| {
                    let (text, untranslated) = in_lang(lang, fr, ar, en);
                    view! { <span dir="auto">{text.to_string()}</span>" "<ShownInFrench untranslated=untranslated/> }
                };
                view! {
                    <div lang=lang.code() dir=lang.dir()>
                    <h3>{shown(&d.title, &d.title_ar, &d.title_en)}</h3>
                    {d.instructions.as_deref().map(|i| view! { <p>{shown(i, &d.instructions_ar, &d.instructions_en)}</p> })}
                    <ol>{d.questions.iter().enumerate().map(|(i, q)| {
                        let kind = if q.is_multiple() { "checkbox" } else { "radio" };
                        view! {
                            <li><fieldset><legend>{shown(&q.prompt, &q.prompt_ar, &q.prompt_en)}</legend>
                                {q.choices.iter().enumerate().map(|(j, c)| {
                                    let id = format!("preview-{i}-{j}");
                                    view! { <div class="choice"><input type=kind id=id.clone() name=format!("preview-{i}") disabled=true/><label for=id>{shown(&c.label, &c.label_ar, &c.label_en)}</label></div> }
                                }).collect_view()}
                            </fieldset></li>
                        }
                    }).collect_view()}</ol>
                    <ul>{d.rubric.iter().map(|c| view! {
                        <li><strong>{shown(&c.title, &c.title_ar, &c.title_en)}</strong>" — "
                            {c.levels.iter().map(|l| view! { {shown(&l.title, &l.title_ar, &l.title_en)}" ("{l.points}") " }).collect_view()}</li>
                    }).collect_view()}</ul>
                    </div>
                }
            }}
        </section>
    }
}

#[component]
fn Editor(module: i64, current: Option<AssessmentAuthoring>) -> impl IntoView {
    let lang = locale().0;
    let draft = current.as_ref().map_or_else(assessment_draft::blank, |c| Draft::of(&c.definition));
    let version = RwSignal::new(current.as_ref().map(|c| (c.version, c.attempts)));
    let saved = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |definition: &AssessmentDefinition| {
        let definition = definition.clone();
        async move { crate::endpoints::put_assessment_definition(module, &definition).await }
    });
    on_answer(save, problem, move |answer: AssessmentAuthoring| {
        version.set(Some((answer.version, answer.attempts)));
        saved.set(true);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        dispatch_valid(save, problem, draft.definition());
    };
    let title_error = field_message(problem, "title");
    let mark_error = field_message(problem, "pass_mark");
    let attempts_error = field_message(problem, "max_attempts");
    let is_quiz = move || draft.kind.get() == AssessmentKind::Quiz;
    view! {
        <p class="muted" role="status">{move || match version.get() {
            Some((v, n)) => tn(lang.get(), k::AUTHOR_VERSION, n, &[("version", &v.to_string())]),
            None => t(lang.get(), k::AUTHOR_NEW).to_string(),
        }}</p>
        <form class="assessment-editor" novalidate on:submit=on_submit>
            <div class="field">
                <label for="assessment-kind">{tr(k::AUTHOR_KIND)}</label>
                <select id="assessment-kind" on:change=move |ev| {
                    draft.kind.set(if event_target_value(&ev) == "assignment" { AssessmentKind::Assignment } else { AssessmentKind::Quiz });
                    if draft.kind.get_untracked() == AssessmentKind::Assignment && draft.rubric.get_untracked().is_empty() {
                        draft.rubric.set(vec![CriterionDraft::empty()]);
                    }
                }>
                    {[AssessmentKind::Quiz, AssessmentKind::Assignment].into_iter().map(|kind| view! {
                        <option value=kind.as_str() selected=move || draft.kind.get() == kind>{tr(kind.label_key())}</option>
                    }).collect_view()}
                </select>
            </div>
            <WritingLanguage id="assessment-writing".to_string() editing=draft.editing texts=Signal::derive(move || draft.texts())/>
            <TriField id="assessment-title".to_string() label=label(k::AUTHOR_TITLE) text=draft.title editing=draft.editing error=Signal::derive(title_error)/>
            <TriField id="assessment-instructions".to_string() label=label(k::AUTHOR_INSTRUCTIONS) text=draft.instructions editing=draft.editing rows=3/>
            <div class="field short">
                <label for="assessment-pass-mark">{tr(k::AUTHOR_PASS_MARK)}</label>
                <input id="assessment-pass-mark" type="number" min="1" max="100" prop:value=draft.pass_mark on:input=move |ev| draft.pass_mark.set(event_target_value(&ev))
                    aria-invalid=move || mark_error().is_some().to_string() aria-describedby="assessment-pass-mark-error"/>
                <p id="assessment-pass-mark-error" class="error">{mark_error}</p>
            </div>
            <div class="field">
                <label for="assessment-attempts">{tr(k::AUTHOR_MAX_ATTEMPTS)}</label>
                <input id="assessment-attempts" type="number" min="1" max="100" prop:value=draft.max_attempts on:input=move |ev| draft.max_attempts.set(event_target_value(&ev))
                    aria-describedby="assessment-attempts-error"/>
                <p id="assessment-attempts-error" class="error">{attempts_error}</p>
            </div>
            <Show when=is_quiz fallback=move || view! {
                <div class="choice">
                    <input type="checkbox" id="assessment-file" prop:checked=draft.accepts_file on:change=move |ev| draft.accepts_file.set(event_target_checked(&ev))/>
                    <label for="assessment-file">{tr(k::AUTHOR_ACCEPTS_FILE)}</label>
                </div>
                <Show when=move || draft.accepts_file.get()>
                    <fieldset class="pick-list file-types">
                        <legend>{tr(k::AUTHOR_ACCEPTED_TYPES)}</legend>
                        {shared::validation::DOCUMENT_TYPES.into_iter().map(|ext| {
                            let id = format!("type-{ext}");
                            view! {
                                <div class="choice">
                                    <input type="checkbox" id=id.clone() prop:checked=move || draft.accepted_types.with(|t| t.contains(ext))
                                        on:change=move |ev| { let on = event_target_checked(&ev); draft.accepted_types.update(|t| { if on { t.insert(ext.to_string()); } else { t.remove(ext); } }); }/>
                                    <label for=id>{ext.to_uppercase()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                </Show>
                <Rubric draft=draft/>
            }>
                <div class="choice">
                    <input type="checkbox" id="assessment-shuffle" prop:checked=draft.shuffle on:change=move |ev| draft.shuffle.set(event_target_checked(&ev))/>
                    <label for="assessment-shuffle">{tr(k::AUTHOR_SHUFFLE)}</label>
                </div>
                <Questions questions=draft.questions editing=draft.editing problem=problem field="questions"/>
            </Show>
            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
            <Show when=move || saved.get()>
                <p class="ok" role="status">{move || tf(lang.get(), k::AUTHOR_SAVED, &[("version", &version.get().map(|v| v.0).unwrap_or(0).to_string())])}</p>
            </Show>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{tr(k::UI_SAVE)}</button>
        </form>
        <Preview draft=draft/>
    }
}

#[component]
fn AssessmentEditor() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let lang = locale().0;
    let loaded_pair = LocalResource::new(move || async move {
        let module = crate::endpoints::module(id).await?;
        match crate::endpoints::assessment_definition(id).await {
            Ok(current) => Ok((module, Some(current))),
            Err(p) if p.code == ErrorCode::NotFound => Ok((module, None)),
            Err(p) => Err(p),
        }
    });
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(loaded_pair.get(), move |(module, current)| view! {
                <section class="card">
                    <p><a class="back" href=format!("/programmes/{}", module.programme_id)>{let title = module.title.clone(); move || title.get(lang.get()).to_string()}</a></p>
                    <h1>{let code = module.code.clone(); move || tf(lang.get(), k::AUTHOR_PAGE_TITLE, &[("code", &code)])}</h1>
                    <p>{tr(k::AUTHOR_INTRO)}</p>
                    <Editor module=id current=current/>
                </section>
            })}
        </Transition>
    }
}

/// Administrators and the trainers named authors (the API decides which).
#[component]
pub fn AssessmentEditorPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Admin, Role::Trainer]><AssessmentEditor/></Guard> }
}
