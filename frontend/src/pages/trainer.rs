//! Cohorts (their progress tables), the grading queue and the grading of
//! one submission. Sessions and attendance are in `workshops`.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::Page;
use shared::api::assessments::{GradeRequest, RubricChoice, SubmissionView};
use shared::api::cohorts::CohortView;
use shared::api::progress::CohortProgress;
use shared::enums::Role;
use shared::i18n::{k, tf};
use shared::problem::Problem;

use crate::components::{Guard, ProblemNote, ScrollTable, StateBadge, loaded};
use crate::i18n::{locale, tr};
use crate::session::session;

fn param_id() -> i64 {
    use_params_map().get_untracked().get("id").and_then(|id| id.parse().ok()).unwrap_or(0)
}

#[component]
pub fn Cohorts() -> impl IntoView {
    view! { <Guard roles=&[Role::Trainer, Role::Partner, Role::Admin]><CohortList/></Guard> }
}

#[component]
fn CohortList() -> impl IntoView {
    let list = LocalResource::new(crate::endpoints::cohorts);
    let role = session().account.get_untracked().map(|a| a.role);
    let is_admin = role == Some(Role::Admin);
    // The heading says what the menu said: a trainer's own cohorts, or all of them.
    let heading = if role == Some(Role::Trainer) { k::UI_NAV_MY_COHORTS } else { k::UI_NAV_COHORTS };
    view! {
        <section class="card">
            <h1>{tr(heading)}</h1>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(list.get(), |page: Page<CohortView>| view! {
                    <ul class="cards">{page.items.into_iter().map(|c| view! {
                        <li class="card-item">
                            <A href=format!("/cohorts/{}", c.id)>{c.name.clone()}</A>
                            <p class="muted">{c.programme_code.clone()}" · "{c.region.clone()}" · "{c.starts_on.to_string()}" → "{c.ends_on.to_string()}</p>
                            <p class="muted">{format!("{} / {}", c.enrolled, c.capacity)}</p>
                        </li>
                    }).collect_view()}</ul>
                })}
            </Transition>
        </section>
        <Show when=move || is_admin><crate::pages::cohorts::NewCohort reload=Callback::new(move |_| list.refetch())/></Show>
    }
}

#[component]
pub fn CohortPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Trainer, Role::Partner, Role::Admin]><Cohort/></Guard> }
}

#[component]
fn Cohort() -> impl IntoView {
    let id = param_id();
    let lang = locale().0;
    let table = LocalResource::new(move || crate::endpoints::cohort_progress(id));
    let staff = session().account.get_untracked().is_some_and(|a| a.role != Role::Partner);
    let is_admin = session().account.get_untracked().is_some_and(|a| a.role == Role::Admin);
    let can_withdraw = session().account.get_untracked().is_some_and(|a| matches!(a.role, Role::Admin | Role::Partner));
    let about = LocalResource::new(move || crate::endpoints::cohort(id));
    let reload = Callback::new(move |_| {
        table.refetch();
        about.refetch();
    });
    view! {
        <section class="card">
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(about.get(), |c: CohortView| view! {
                    <h1>{c.name.clone()}</h1>
                    <p class="muted">{c.programme_code.clone()}" · "{c.region.clone()}" · "{c.starts_on.to_string()}" → "{c.ends_on.to_string()}" · "{format!("{} / {}", c.enrolled, c.capacity)}</p>
                })}
            </Transition>
            <h2>{tr(k::UI_PROGRESS_TABLE)}</h2>
            <p><a href=format!("/api/v1/cohorts/{id}/progress.csv") rel="external" download="">{tr(k::UI_EXPORT_CSV)}</a>
               " · "<a href=format!("/api/v1/cohorts/{id}/attestations.zip") rel="external" download="">{tr(k::UI_EXPORT_ZIP)}</a></p>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(table.get(), move |t: CohortProgress| view! {
                    <ScrollTable label=k::UI_PROGRESS_TABLE><table class="progress">
                        <caption class="visually-hidden">{tr(k::UI_PROGRESS_TABLE)}</caption>
                        <thead><tr>
                            <th scope="col">{tr(k::VERIFY_HOLDER)}</th>
                            {t.modules.iter().map(|m| view! { <th scope="col" title=m.title.get(lang.get()).to_string()>{m.code.clone()}</th> }).collect_view()}
                            <th scope="col">{tr(k::UI_ATTENDANCE)}</th>
                        </tr></thead>
                        <tbody>{t.learners.into_iter().map(|l| view! {
                            <tr>
                                <th scope="row"><bdi>{l.full_name.clone()}</bdi><br/><bdi class="muted">{l.organisation_name.clone()}</bdi>
                                    // Beside the name: the module columns may scroll out of sight on a phone.
                                    {can_withdraw.then(|| view! { <div><crate::pages::cohorts::WithdrawButton cohort=id account=l.account_id name=l.full_name.clone() on_done=reload/></div> })}
                                </th>
                                {l.states.into_iter().map(|s| view! { <td><StateBadge state=s/></td> }).collect_view()}
                                <td>{l.attendance_percent.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table></ScrollTable>
                })}
            </Transition>
        </section>
        <Show when=move || staff>{move || about.get().and_then(|c| c.ok()).map(|c| view! { <crate::pages::workshops::Sessions cohort=id programme=c.programme_id/> })}</Show>
        {move || about.get().and_then(|c| c.ok()).map(|c| view! { <crate::pages::evaluation_results::CohortEvaluations cohort=c/> })}
        <Show when=move || is_admin><crate::pages::cohorts::CohortEditor cohort=id on_saved=Callback::new(move |_| about.refetch())/></Show>
    }
}

#[component]
pub fn Grading() -> impl IntoView {
    view! { <Guard roles=&[Role::Trainer, Role::Admin]><Queue/></Guard> }
}

#[component]
fn Queue() -> impl IntoView {
    let queue = LocalResource::new(crate::endpoints::grading_queue);
    view! {
        <section class="card">
            <h1>{tr(k::UI_NAV_GRADING)}</h1>
            <Transition fallback=|| view! { <crate::components::Loading/> }>
                {move || loaded(queue.get(), |page: Page<SubmissionView>| {
                    if page.items.is_empty() {
                        return view! { <p class="muted">{tr(k::UI_QUEUE_EMPTY)}</p> }.into_any();
                    }
                    view! {
                        <ol class="cards">{page.items.into_iter().map(|s| view! {
                            <li class="card-item">
                                <A href=format!("/submissions/{}", s.id)>{s.learner.full_name.clone()}" — "{s.module_code.clone()}</A>
                                <p class="muted">{s.cohort_name.clone()}" · "{crate::components::when(s.submitted_at)}</p>
                            </li>
                        }).collect_view()}</ol>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Trainer, Role::Admin]><Submission/></Guard> }
}

#[component]
fn Submission() -> impl IntoView {
    let id = param_id();
    let submission = LocalResource::new(move || crate::endpoints::submission(id));
    view! {
        <Transition fallback=|| view! { <crate::components::Loading/> }>
            {move || loaded(submission.get(), |s: SubmissionView| view! { <GradeForm s=s/> })}
        </Transition>
    }
}

#[component]
fn GradeForm(s: SubmissionView) -> impl IntoView {
    let lang = locale().0;
    let levels = RwSignal::new(Vec::<RubricChoice>::new());
    let feedback = RwSignal::new(String::new());
    let resubmit = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let id = s.id;
    let grade = Action::new_local(move |request: &GradeRequest| {
        let request = request.clone();
        async move { crate::endpoints::grade(id, &request).await }
    });
    Effect::new(move |_| match grade.value().get() {
        Some(Ok(_)) => crate::layout::go("/grading"),
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        grade.dispatch(GradeRequest {
            levels: levels.get_untracked(),
            feedback: Some(feedback.get_untracked()),
            allow_resubmission: resubmit.get_untracked(),
        });
    };
    let already = s.grade.clone();
    view! {
        <article class="card">
            <h1>{s.learner.full_name.clone()}" — "{s.module_code.clone()}" · "{s.module_title.clone()}</h1>
            <p class="muted">{s.cohort_name.clone()}" · "{tf(lang.get_untracked(), k::UI_PASS_MARK, &[("mark", &s.pass_mark.to_string())])}</p>
            {s.text.clone().map(|t| view! { <blockquote class="answer">{t}</blockquote> })}
            {s.file_name.clone().zip(s.file_url.clone()).map(|(name, url)| view! { <p><a href=url rel="external" download="">{name}</a></p> })}
            {match already {
                Some(g) => view! { <p class="notice">{tf(lang.get_untracked(), k::UI_GRADED_AT, &[("score", &g.score.to_string())])}</p> }.into_any(),
                None => view! {
                    <form on:submit=on_submit novalidate>
                        {s.rubric.iter().map(|c| {
                            let cid = c.id;
                            view! {
                                <fieldset class="question">
                                    <legend>{c.title.clone()}</legend>
                                    {c.levels.iter().map(|l| {
                                        let lid = l.id;
                                        let input_id = format!("l{lid}");
                                        view! {
                                            <div class="choice">
                                                <input type="radio" id=input_id.clone() name=format!("c{cid}") on:change=move |_| levels.update(|all| {
                                                    all.retain(|x| x.criterion_id != cid);
                                                    all.push(RubricChoice { criterion_id: cid, level_id: lid });
                                                })/>
                                                <label for=input_id>{format!("{} ({})", l.title, l.points)}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }
                        }).collect_view()}
                        <div class="field">
                            <label for="feedback">{tr(k::UI_FEEDBACK)}</label>
                            <textarea id="feedback" rows="5" prop:value=feedback on:input=move |ev| feedback.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="choice">
                            <input type="checkbox" id="resubmit" on:change=move |ev| resubmit.set(event_target_checked(&ev))/>
                            <label for="resubmit">{tr(k::UI_ALLOW_RESUBMISSION)}</label>
                        </div>
                        {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                        <button type="submit" class="primary" disabled=move || grade.pending().get()>{tr(k::UI_GRADE)}</button>
                    </form>
                }.into_any(),
            }}
        </article>
    }
}
