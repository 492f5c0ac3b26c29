//! Answering a partner manager's proposal to join a cohort, from the link of
//! the mail (`/join?token=…`). Nothing happens until the person says yes.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::enrolments::{JoinAccepted, JoinRequest};
use shared::i18n::{k, tf};
use shared::problem::Problem;

use crate::components::ProblemNote;
use crate::i18n::{locale, tr};

#[component]
pub fn Join() -> impl IntoView {
    let token = move || use_query_map().get().get("token").unwrap_or_default();
    let problem = RwSignal::new(None::<Problem>);
    let accepted = RwSignal::new(None::<JoinAccepted>);
    let accept = Action::new_local(move |request: &JoinRequest| {
        let request = request.clone();
        async move { crate::endpoints::accept_join(&request).await }
    });
    crate::components::on_answer(accept, problem, move |answer: JoinAccepted| accepted.set(Some(answer)));
    let lang = locale().0;
    view! {
        <section class="card narrow">
            <h1>{tr(k::UI_JOIN_TITLE)}</h1>
            {move || match accepted.get() {
                Some(done) => view! {
                    <p class="ok" role="status">{tf(lang.get(), k::UI_JOIN_DONE, &[("cohort", &done.cohort_name)])}</p>
                    <p>{tr(if done.has_password { k::UI_JOIN_SIGN_IN } else { k::UI_JOIN_SET_PASSWORD })}</p>
                    <a class="button primary" href="/login">{tr(k::UI_SIGN_IN)}</a>
                }.into_any(),
                None => view! {
                    <p>{tr(k::UI_JOIN_INTRO)}</p>
                    {move || problem.get().map(|p| view! { <ProblemNote problem=p/> })}
                    <button type="button" class="primary" disabled=move || accept.pending().get()
                        on:click=move |_| { accept.dispatch(JoinRequest { token: token() }); }>{tr(k::UI_JOIN_ACCEPT)}</button>
                }.into_any(),
            }}
        </section>
    }
}
