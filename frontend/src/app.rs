use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use shared::i18n::k;
use shared::Lang;

use crate::i18n::{locale, provide_locale, tr};
use crate::pages;
use crate::session::{provide_session, session};

#[component]
pub fn App() -> impl IntoView {
    provide_locale();
    provide_session();
    view! {
        <Router>
            <a class="skip" href="#main">{tr(k::UI_SKIP_TO_CONTENT)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::Home/>
                    <Route path=path!("/login") view=pages::Login/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = session();
    let navigate = use_navigate();
    let sign_out = Action::new_local(move |_: &()| async move {
        let _ = crate::api::post::<_, ()>("/api/v1/auth/logout", &serde_json::json!({})).await;
    });
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            session.sign_out();
            navigate("/login", Default::default());
        }
    });
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">"Cursus"</A>
            <nav aria-label=tr(k::UI_NAV_LABEL)>
                <Show when=move || session.account.get().is_some()>
                    <span class="who">{move || session.account.get().map(|a| a.full_name).unwrap_or_default()}</span>
                    <button class="link" on:click=move |_| { sign_out.dispatch(()); }>{tr(k::UI_SIGN_OUT)}</button>
                </Show>
            </nav>
            <LanguageSwitch/>
        </header>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = locale().0;
    let session = session();
    let choose = move |ev: leptos::ev::Event| {
        if let Some(chosen) = Lang::from_code(&event_target_value(&ev)) {
            lang.set(chosen);
            // Signed-in people also get their e-mails in this language.
            if session.account.get_untracked().is_some() {
                leptos::task::spawn_local(async move {
                    let _ = crate::api::send::<_, ()>("PUT", "/api/v1/me/language", &serde_json::json!({ "language": chosen })).await;
                });
            }
        }
    };
    view! {
        <label class="lang">
            <span class="visually-hidden">{tr(k::UI_LANGUAGE)}</span>
            <select on:change=choose prop:value=move || lang.get().code()>
                <option value="fr" lang="fr">"Français"</option>
                <option value="ar" lang="ar">"العربية"</option>
                <option value="en" lang="en">"English"</option>
            </select>
        </label>
    }
}
