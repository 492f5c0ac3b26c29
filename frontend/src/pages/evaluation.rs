//! The learner's side of training evaluation: what is waiting to be
//! answered (on the programme map) and the form itself.
use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::assessments::QuizAnswer;
use shared::api::evaluations::{EvaluationAnswered, EvaluationAnswers, EvaluationForm, ItemAnswer, ItemView, OpenEvaluation};
use shared::enums::{EvaluationPhase, ItemKind, QuestionKind, Role};
use shared::i18n::{k, t, tf};
use shared::problem::Problem;
use wasm_bindgen::JsCast as _;

use crate::components::{Guard, ProblemNote, loaded, on_answer};
use crate::i18n::{locale, request_lang, tr};

/// The tests and questionnaires waiting for the learner, asked for by the
/// map at once, beside its other data (not after the session check: on 3G
/// that is a round trip the map would wait for).
pub fn open_evaluations() -> LocalResource<Result<Vec<OpenEvaluation>, Problem>> {
    LocalResource::new(move || {
        request_lang();
        crate::endpoints::open_evaluations()
    })
}

/// The tests and questionnaires waiting for the learner, above the map.
#[component]
pub fn OpenEvaluations(open: LocalResource<Result<Vec<OpenEvaluation>, Problem>>) -> impl IntoView {
    let lang = locale().0;
    move || {
        open.get().and_then(|o| o.ok()).filter(|list| !list.is_empty()).map(|list: Vec<OpenEvaluation>| {
            view! {
                <section class="notice evaluations" aria-labelledby="open-evaluations">
                    <h2 id="open-evaluations">{tr(k::EVALUATION_OPEN_TITLE)}</h2>
                    <ul>{list.into_iter().map(|e| {
                        let key = if e.phase == EvaluationPhase::Before { k::EVALUATION_OPEN_BEFORE } else { k::EVALUATION_OPEN_AFTER };
                        let place = e.module_title.clone().unwrap_or(e.programme_title.clone());
                        let title = format!("{} — {place}", e.title);
                        view! {
                            <li>
                                // A page load: the form page reads its id once.
                                <a href=format!("/evaluations/{}", e.id) rel="external" dir="auto">{move || tf(lang.get(), key, &[("title", &title)])}</a>
                                {e.required.then(|| view! { <br/><span class="muted">{tr(k::EVALUATION_HOLDS_ATTESTATION)}</span> })}
                            </li>
                        }
                    }).collect_view()}</ul>
                </section>
            }
        })
    }
}

#[component]
pub fn EvaluationPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner]><Evaluation/></Guard> }
}

#[component]
fn Evaluation() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse().ok()).unwrap_or(0);
    let form = LocalResource::new(move || {
        request_lang();
        crate::endpoints::evaluation_form(id)
    });
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(form.get(), |f: EvaluationForm| view! { <Form f=f/> })}
        </Transition>
    }
}

/// What the learner has chosen so far: a scale point or a choice per item,
/// a text per item, the choices per question.
#[derive(Clone, Default)]
struct Draft {
    values: BTreeMap<u32, u32>,
    texts: BTreeMap<u32, String>,
    choices: BTreeMap<i64, BTreeSet<i64>>,
}

impl Draft {
    fn answers(&self, phase: EvaluationPhase) -> EvaluationAnswers {
        let mut indexes: BTreeSet<u32> = self.values.keys().copied().collect();
        indexes.extend(self.texts.iter().filter(|(_, t)| !t.trim().is_empty()).map(|(i, _)| *i));
        EvaluationAnswers {
            phase,
            items: indexes
                .into_iter()
                .map(|item| ItemAnswer {
                    item,
                    value: self.values.get(&item).copied(),
                    text: self.texts.get(&item).filter(|t| !t.trim().is_empty()).cloned(),
                })
                .collect(),
            questions: self.choices.iter().map(|(q, set)| QuizAnswer { question_id: *q, choice_ids: set.iter().copied().collect() }).collect(),
        }
    }
}

#[component]
fn Form(f: EvaluationForm) -> impl IntoView {
    let lang = locale().0;
    let draft = RwSignal::new(Draft::default());
    let problem = RwSignal::new(None::<Problem>);
    let answered = RwSignal::new(None::<EvaluationAnswered>);
    let (id, phase) = (f.id, f.phase);
    let send = Action::new_local(move |answers: &EvaluationAnswers| {
        let answers = answers.clone();
        async move { crate::endpoints::answer_evaluation(id, &answers).await }
    });
    on_answer(send, problem, move |done| answered.set(Some(done)));
    let items = f.items.clone();
    let questions = f.questions.clone();
    view! {
        <section class="card evaluation" aria-labelledby="evaluation-title">
            <p class="muted">{tr(f.kind.label_key())}" · "{tr(f.phase.label_key())}</p>
            <h1 id="evaluation-title" dir="auto">{f.title.clone()}</h1>
            {f.anonymous.then(|| view! { <p class="notice">{tr(k::EVALUATION_ANONYMOUS_NOTE)}</p> })}
            {f.required.then(|| view! { <p class="muted">{tr(k::EVALUATION_HOLDS_ATTESTATION)}</p> })}
            {f.untranslated.then(|| view! { <crate::translations::ShownInFrench untranslated=true/> })}
            {move || match answered.get() {
                Some(done) => view! {
                    <div class="result ok" role="status">
                        <p><strong>{tr(k::EVALUATION_SENT)}</strong></p>
                        {done.score.map(|s| view! { <p>{tf(lang.get_untracked(), k::EVALUATION_SCORE, &[("score", &s.to_string())])}</p> })}
                        <p><a href="/learn">{tr(k::UI_NAV_LEARN)}</a></p>
                    </div>
                }.into_any(),
                None => {
                    let items = items.clone();
                    let questions = questions.clone();
                    view! {
                        <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send.dispatch(draft.get_untracked().answers(phase)); } novalidate>
                            {items.into_iter().map(|item| view! { <Item item=item draft=draft/> }).collect_view()}
                            {questions.into_iter().map(|q| {
                                let qid = q.id;
                                let multiple = q.kind == QuestionKind::Multiple;
                                view! {
                                    <fieldset class="question">
                                        <legend dir="auto">{q.prompt.clone()}{multiple.then(|| view! { <span class="muted">" ("{tr(k::UI_SEVERAL_ANSWERS)}")"</span> })}</legend>
                                        {q.choices.into_iter().map(|c| {
                                            let cid = c.id;
                                            let input_id = format!("q{qid}c{cid}");
                                            let toggle = move |ev: leptos::ev::Event| {
                                                let checked = checked(&ev);
                                                draft.update(|d| {
                                                    let set = d.choices.entry(qid).or_default();
                                                    if !multiple { set.clear(); }
                                                    if checked { set.insert(cid); } else { set.remove(&cid); }
                                                });
                                            };
                                            view! {
                                                <div class="choice">
                                                    <input type=if multiple { "checkbox" } else { "radio" } id=input_id.clone() name=format!("q{qid}") on:change=toggle/>
                                                    <label for=input_id dir="auto">{c.label}</label>
                                                </div>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                }
                            }).collect_view()}
                            {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                            <button type="submit" class="primary" disabled=move || send.pending().get()>{tr(k::EVALUATION_SUBMIT)}</button>
                        </form>
                    }.into_any()
                }
            }}
        </section>
    }
}

fn checked(ev: &leptos::ev::Event) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// One questionnaire item: five points of agreement, its choices, or a text box.
#[component]
fn Item(item: ItemView, draft: RwSignal<Draft>) -> impl IntoView {
    let lang = locale().0;
    let index = item.index;
    let name = format!("item{index}");
    let optional = item.optional.then(|| view! { <span class="muted">" "{tr(k::EVALUATION_OPTIONAL)}</span> });
    let pick = move |value: u32| {
        draft.update(|d| {
            d.values.insert(index, value);
        });
    };
    match item.kind {
        ItemKind::Text => {
            let id = format!("item{index}-text");
            view! {
                <div class="field">
                    <label for=id.clone() dir="auto">{item.prompt}{optional}</label>
                    <textarea id=id rows="4" dir="auto" on:input=move |ev| { let text = event_target_value(&ev); draft.update(|d| { d.texts.insert(index, text); }); }></textarea>
                </div>
            }
            .into_any()
        }
        ItemKind::Likert => view! {
            <fieldset class="question likert">
                <legend dir="auto">{item.prompt}{optional}</legend>
                <div class="scale">
                    {(1..=5u32).map(|point| {
                        let id = format!("{name}-{point}");
                        // The ends of the scale say what they mean; screen readers hear it on every point.
                        let meaning = match point {
                            1 => format!("1 — {}", t(lang.get_untracked(), k::EVALUATION_SCALE_1)),
                            5 => format!("5 — {}", t(lang.get_untracked(), k::EVALUATION_SCALE_5)),
                            n => n.to_string(),
                        };
                        view! {
                            <div class="point">
                                <input type="radio" id=id.clone() name=name.clone() on:change=move |_| pick(point)/>
                                <label for=id>{meaning}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        ItemKind::Choice => view! {
            <fieldset class="question">
                <legend dir="auto">{item.prompt}{optional}</legend>
                {item.choices.into_iter().enumerate().map(|(position, label)| {
                    let value = u32::try_from(position).unwrap_or(u32::MAX);
                    let id = format!("{name}-{position}");
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name=name.clone() on:change=move |_| pick(value)/>
                            <label for=id dir="auto">{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
    }
}
