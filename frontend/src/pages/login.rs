use leptos::prelude::*;
use shared::api::auth::{LoginRequest, PasswordResetRequest, SignedIn};
use shared::i18n::k;
use shared::problem::Problem;

use crate::i18n::tr;
use crate::session::session;

/// Where the screen that sent the person here asked to return (`?next=`):
/// a path of this site only, never another address.
fn after_sign_in() -> String {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let next = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("next="))
        .and_then(|v| js_sys::decode_uri_component(v).ok())
        .map(String::from)
        .unwrap_or_default();
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') { next } else { "/".to_string() }
}

#[component]
pub fn Login() -> impl IntoView {
    let session = session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);

    let submit = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move { crate::endpoints::login(&request).await }
    });
    crate::components::on_answer(submit, problem, move |view: SignedIn| {
        session.sign_in(view);
        crate::layout::go(&after_sign_in());
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest { email: email.get_untracked().trim().to_string(), password: password.get_untracked() };
        // The same rules as the server, before anything is sent.
        crate::components::dispatch_valid(submit, problem, request);
    };
    let field_error = move |field: &'static str| move || problem.get().and_then(|p| p.field_message(field).map(str::to_string));

    view! {
        <section class="card narrow">
            <h1>{tr(k::UI_LOGIN_TITLE)}</h1>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="email">{tr(k::UI_EMAIL)}</label>
                    <input id="email" type="email" autocomplete="username" required
                        prop:value=email on:input=move |ev| email.set(event_target_value(&ev))
                        aria-invalid=move || field_error("email")().is_some().to_string()
                        aria-describedby="email-error"/>
                    <p id="email-error" class="error" role="alert">{field_error("email")}</p>
                </div>
                <div class="field">
                    <label for="password">{tr(k::UI_PASSWORD)}</label>
                    <input id="password" type="password" autocomplete="current-password" required
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))
                        aria-describedby="password-error"/>
                    <p id="password-error" class="error" role="alert">{field_error("password")}</p>
                </div>
                <p class="error" role="alert">
                    {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| p.detail.unwrap_or(p.title))}
                </p>
                <button type="submit" class="primary" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { tr(k::UI_SIGNING_IN)() } else { tr(k::UI_SIGN_IN)() }}
                </button>
            </form>
            <details class="editor">
                <summary>{tr(k::UI_FORGOT_PASSWORD)}</summary>
                <ForgotPassword email=email.get_untracked()/>
            </details>
        </section>
    }
}

/// Asks for a link to choose a new password; the answer never says whether
/// the address has an account.
#[component]
fn ForgotPassword(email: String) -> impl IntoView {
    let email = RwSignal::new(email);
    let problem = RwSignal::new(None::<Problem>);
    let sent = RwSignal::new(false);
    let ask = Action::new_local(move |request: &PasswordResetRequest| {
        let request = request.clone();
        async move { crate::endpoints::request_password_reset(&request).await }
    });
    crate::components::on_answer(ask, problem, move |_| sent.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(false);
        crate::components::dispatch_valid(ask, problem, PasswordResetRequest { email: email.get_untracked().trim().to_string() });
    };
    view! {
        <form on:submit=on_submit novalidate>
            <crate::components::TextField id="reset-email" field="email" label=k::UI_EMAIL value=email problem=problem kind="email" required=true/>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <crate::components::ProblemNote problem=p/> })}
            <Show when=move || sent.get()><p class="ok" role="status">{tr(k::UI_RESET_SENT)}</p></Show>
            <button type="submit" disabled=move || ask.pending().get()>{tr(k::UI_SEND_LINK)}</button>
        </form>
    }
}
