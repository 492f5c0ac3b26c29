use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::auth::{SetPasswordRequest, SignedIn};
use shared::i18n::k;
use shared::problem::Problem;

use crate::components::{ProblemNote, TextField};
use crate::i18n::tr;
use crate::session::session;

/// Choosing a password from an invitation link (`/set-password?token=…`).
#[component]
pub fn SetPassword() -> impl IntoView {
    let session = session();
    let token = move || use_query_map().get().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let submit = Action::new_local(move |request: &SetPasswordRequest| {
        let request = request.clone();
        async move { crate::endpoints::set_password(&request).await }
    });
    crate::components::on_answer(submit, problem, move |view: SignedIn| {
        session.sign_in(view);
        crate::layout::go("/");
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = SetPasswordRequest { token: token(), password: password.get_untracked() };
        crate::components::dispatch_valid(submit, problem, request);
    };
    view! {
        <section class="card narrow">
            <h1>{tr(k::UI_SET_PASSWORD_TITLE)}</h1>
            <p>{tr(k::UI_SET_PASSWORD_INTRO)}</p>
            <form on:submit=on_submit novalidate>
                <TextField id="password" label=k::UI_NEW_PASSWORD value=password problem=problem kind="password" required=true/>
                {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemNote problem=p/> })}
                <button type="submit" class="primary" disabled=move || submit.pending().get()>{tr(k::UI_SAVE)}</button>
            </form>
        </section>
    }
}
