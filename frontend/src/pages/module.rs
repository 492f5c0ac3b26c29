//! A module: its content, its assessment (a quiz or an assignment), and the
//! learner's attempts with their grades and feedback.
use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::assessments::{AssessmentView, AttemptRequest, AttemptView, QuizAnswer};
use shared::api::content::ModuleContent;
use shared::enums::{AssessmentKind, QuestionKind, Role};
use shared::i18n::{k, tf, tn};
use shared::problem::{ErrorCode, Problem};
use wasm_bindgen::JsCast as _;

use crate::components::{Guard, ProblemNote, file_size, loaded};
use crate::i18n::{locale, request_lang, tr};
use crate::translations::ShownInFrench;

#[component]
pub fn ModulePage() -> impl IntoView {
    view! { <Guard roles=&[Role::Learner, Role::Trainer, Role::Admin]><Module/></Guard> }
}

#[component]
fn Module() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse().ok()).unwrap_or(0);
    let lang = locale().0;
    let content = LocalResource::new(move || {
        request_lang();
        crate::endpoints::module_content(id)
    });
    let is_learner = crate::session::session().account.get_untracked().is_some_and(|a| a.role == Role::Learner);
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(content.get(), |c: ModuleContent| view! {
                <article class="card">
                    <p class="code">{c.code.clone()}" · "{tn(lang.get(), k::UI_HOURS, u64::from(c.hours), &[])}</p>
                    <h1>{c.title.get(lang.get()).to_string()}</h1>
                    <p dir="auto">{c.summary.get(lang.get()).to_string()}</p>
                    {c.sections.iter().map(|s| view! {
                        <section class="section">
                            <h2 dir="auto">{s.title.clone()}</h2>
                            // Authors see where learners get the French for want of a translation.
                            {s.source.is_some().then(|| view! { <ShownInFrench untranslated=s.untranslated/> })}
                            {s.html.clone().map(|html| view! { <div class="prose" dir="auto" inner_html=html></div> })}
                            {s.url.clone().map(|url| match shared::video::provider(&url) {
                                // A video is a card with a link: nothing of the video site loads before the learner asks.
                                Some(provider) => view! {
                                    <p class="video-card"><a href=url rel="noopener noreferrer" target="_blank">"▶ "{move || tf(lang.get(), k::CONTENT_VIDEO_CARD, &[("provider", provider)])}</a></p>
                                }.into_any(),
                                None => { let text = url.clone(); view! { <p><a href=url rel="noopener noreferrer" target="_blank">{text}</a></p> }.into_any() }
                            })}
                            {s.document.clone().map(|d| view! { <p><a href=d.url rel="external" download="">{d.name}</a>" ("{file_size(d.size_bytes, lang.get_untracked())}")"</p> })}
                        </section>
                    }).collect_view()}
                    <Show when={let any = !c.documents.is_empty(); move || any}>
                        <h2>{tr(k::UI_DOCUMENTS)}</h2>
                        <ul>{c.documents.iter().map(|d| view! { <li><a href=d.url.clone() rel="external" download="">{d.name.clone()}</a>" ("{file_size(d.size_bytes, lang.get_untracked())}")"</li> }).collect_view()}</ul>
                    </Show>
                </article>
            })}
        </Transition>
        <Show when=move || is_learner><Assessment module=id/></Show>
    }
}

#[component]
fn Assessment(module: i64) -> impl IntoView {
    let assessment = LocalResource::new(move || {
        request_lang();
        crate::endpoints::assessment(module)
    });
    view! {
        <Transition fallback=|| ()>
            {move || loaded(assessment.get(), move |a: AssessmentView| view! { <AssessmentBody a=a reload=Callback::new(move |_| assessment.refetch())/> })}
        </Transition>
    }
}

#[component]
fn AssessmentBody(a: AssessmentView, reload: Callback<()>) -> impl IntoView {
    let lang = locale().0;
    let problem = RwSignal::new(None::<Problem>);
    let result = RwSignal::new(None::<AttemptView>);
    let answers = RwSignal::new(BTreeMap::<i64, BTreeSet<i64>>::new());
    let text = RwSignal::new(String::new());
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let id = a.id;
    let kind = a.kind;
    let outbox = crate::outbox::outbox();
    let title = StoredValue::new(a.title.clone());
    let submit = Action::new_local(move |_: &()| {
        let request = AttemptRequest {
            answers: answers
                .get_untracked()
                .into_iter()
                .map(|(question_id, set)| QuizAnswer { question_id, choice_ids: set.into_iter().collect() })
                .collect(),
            text: Some(text.get_untracked()).filter(|t| !t.trim().is_empty()),
        };
        let file = file_input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
        async move {
            match (kind, file) {
                (AssessmentKind::Assignment, Some(file)) => outbox.submit_file(id, title.get_value(), request.text, file).await,
                _ => outbox.submit(id, title.get_value(), request).await,
            }
        }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(view)) => {
            problem.set(None);
            result.set(Some(view));
            answers.set(BTreeMap::new());
            text.set(String::new());
            reload.run(());
        }
        // Kept on the device: the form gives way to "waiting to send".
        Some(Err(p)) if crate::api::is_offline(&p) && outbox.waits_for(id) => problem.set(None),
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    // What waited on the device has been answered (the banner says how):
    // the assessment is read again to show the attempt or the refusal's cause.
    Effect::new(move |_| {
        if outbox.settled.with(|all| all.contains(&id)) {
            outbox.settled.update(|all| all.retain(|a| *a != id));
            reload.run(());
        }
    });
    let blocked = a.blocked_by.map(|code| match (code, a.completed) {
        (_, true) => k::UI_ALREADY_COMPLETED,
        (ErrorCode::AttemptsExhausted, _) => k::PROBLEM_ATTEMPTS_EXHAUSTED,
        _ => k::UI_AWAITING_GRADE,
    });
    let attempts_note = a
        .max_attempts
        .map(|max| tf(lang.get_untracked(), k::UI_ATTEMPTS_USED, &[("used", &a.attempts.len().to_string()), ("max", &max.to_string())]));
    let questions = a.questions.clone();
    let rubric = a.rubric.clone();
    // The browser's file picker offers only what the authors accept, and the label says it.
    let accept = StoredValue::new(a.accepted_types.iter().map(|t| format!(".{t}")).collect::<Vec<_>>().join(","));
    let accepted_note = StoredValue::new(
        (!a.accepted_types.is_empty()).then(|| format!(" ({})", a.accepted_types.iter().map(|t| t.to_uppercase()).collect::<Vec<_>>().join(", "))),
    );
    let completed = a.completed;
    let next = a.next_module.clone();
    view! {
        <section class="card" aria-labelledby="assessment-title">
            <h2 id="assessment-title" dir="auto">{a.title.clone()}</h2>
            <p class="muted">{tr(a.kind.label_key())}" · "{tf(lang.get_untracked(), k::UI_PASS_MARK, &[("mark", &a.pass_mark.to_string())])}{attempts_note.map(|n| format!(" · {n}"))}</p>
            {a.instructions.clone().map(|i| view! { <p dir="auto">{i}</p> })}
            {move || result.get().map(|r| view! { <AttemptResult r=r/> })}
            <Show when=move || completed>
                <div class="result ok" role="status">
                    <p><strong>{tr(k::LEARNING_PASSED)}</strong></p>
                    <p><a href="/attestations">{tr(k::LEARNING_ATTESTATION_READY)}</a></p>
                    {next.clone().map(|m| view! {
                        // A page load, not a route change: this page reads its id once.
                        <p><a href=format!("/modules/{}", m.id) rel="external">{move || tf(lang.get(), k::LEARNING_NEXT_MODULE, &[("title", m.title.get(lang.get()))])}</a></p>
                    })}
                </div>
            </Show>
            {match (completed, blocked) {
                (true, _) => ().into_any(),
                (false, Some(key)) => view! { <p class="notice" role="status">{tr(key)}</p> }.into_any(),
                (false, None) => view! {
                    <Show when=move || outbox.waits_for(id)>
                        <p class="notice waiting" role="status">{tr(k::LEARNING_WAITING_TO_SEND)}</p>
                    </Show>
                    <form hidden=move || outbox.waits_for(id) on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); submit.dispatch(()); } novalidate>
                        {questions.iter().map(|q| {
                            let qid = q.id;
                            let multiple = q.kind == QuestionKind::Multiple;
                            view! {
                                <fieldset class="question">
                                    <legend dir="auto">{q.prompt.clone()}{multiple.then(|| view! { <span class="muted">" ("{tr(k::UI_SEVERAL_ANSWERS)}")"</span> })}</legend>
                                    {q.choices.iter().map(|c| {
                                        let cid = c.id;
                                        let input_id = format!("c{cid}");
                                        let toggle = move |ev: leptos::ev::Event| {
                                            let checked = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked());
                                            answers.update(|all| {
                                                let set = all.entry(qid).or_default();
                                                if !multiple { set.clear(); }
                                                if checked { set.insert(cid); } else { set.remove(&cid); }
                                            });
                                        };
                                        view! {
                                            <div class="choice">
                                                <input type=if multiple { "checkbox" } else { "radio" } id=input_id.clone() name=format!("q{qid}") value=cid on:change=toggle
                                                    prop:checked=move || answers.with(|all| all.get(&qid).is_some_and(|set| set.contains(&cid)))/>
                                                <label for=input_id dir="auto">{c.label.clone()}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }
                        }).collect_view()}
                        <Show when=move || kind == AssessmentKind::Assignment>
                            <details open class="rubric"><summary>{tr(k::UI_RUBRIC)}</summary>
                                <ul>{rubric.iter().map(|c| view! { <li dir="auto">{c.title.clone()}" — "{c.levels.iter().map(|l| format!("{} ({})", l.title, l.points)).collect::<Vec<_>>().join(" / ")}</li> }).collect_view()}</ul>
                            </details>
                            <div class="field">
                                <label for="answer-text">{tr(k::UI_YOUR_ANSWER)}</label>
                                <textarea id="answer-text" rows="8" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            </div>
                            <Show when=move || a.accepts_file>
                                <div class="field">
                                    <label for="answer-file">{tr(k::UI_ATTACH_FILE)}{accepted_note.get_value()}</label>
                                    <input id="answer-file" type="file" node_ref=file_input accept=accept.get_value()/>
                                </div>
                            </Show>
                        </Show>
                        {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                        <button type="submit" class="primary" disabled=move || submit.pending().get()>{tr(k::UI_SUBMIT)}</button>
                    </form>
                }.into_any(),
            }}
            <Show when={let any = !a.attempts.is_empty(); move || any}>
                <h3>{tr(k::UI_MY_ATTEMPTS)}</h3>
                <ol class="attempts">{a.attempts.iter().rev().map(|r| view! { <li><AttemptResult r=r.clone()/></li> }).collect_view()}</ol>
            </Show>
        </section>
    }
}

#[component]
fn AttemptResult(r: AttemptView) -> impl IntoView {
    let lang = locale().0;
    let status = match (r.passed, r.score) {
        (Some(true), Some(s)) => tf(lang.get_untracked(), k::UI_PASSED_WITH, &[("score", &s.to_string())]),
        (Some(false), Some(s)) => tf(lang.get_untracked(), k::UI_FAILED_WITH, &[("score", &s.to_string())]),
        _ => shared::i18n::t(lang.get_untracked(), k::UI_AWAITING_GRADE).to_string(),
    };
    let class = match r.passed {
        Some(true) => "result ok",
        Some(false) => "result ko",
        None => "result",
    };
    view! {
        <div class=class role="status">
            <p><strong>{format!("#{} — ", r.number)}{status}</strong></p>
            <Show when={let any = !r.questions.is_empty(); move || any}>
                <ul class="question-results">{r.questions.iter().enumerate().map(|(i, q)| {
                    let n = (i + 1).to_string();
                    let line = tf(lang.get_untracked(), if q.correct { k::LEARNING_QUESTION_RIGHT } else { k::LEARNING_QUESTION_WRONG }, &[("n", &n)]);
                    view! {
                        <li class=if q.correct { "right" } else { "wrong" }>{line}
                            {q.feedback.iter().map(|f| view! { <br/><span class="feedback" dir="auto">{f.clone()}</span> }).collect_view()}</li>
                    }
                }).collect_view()}</ul>
            </Show>
            {r.grade.clone().and_then(|g| g.feedback).map(|f| view! { <blockquote>{f}</blockquote> })}
            {r.file_name.clone().zip(r.file_url.clone()).map(|(name, url)| view! { <p><a href=url rel="external">{name}</a></p> })}
        </div>
    }
}
