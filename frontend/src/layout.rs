//! The frame of both bundles: skip link, header with the role's navigation
//! and the language switch, the routes, the footer.
use leptos::prelude::*;
use leptos_router::components::{A, Router};
use leptos_router::hooks::use_navigate;
use shared::Lang;
use shared::enums::Role;
use shared::i18n::{Key, k, tf};

use crate::i18n::{locale, provide_locale, tr};
use crate::session::{provide_session, session};
use crate::{Bundle, bundle_of};

/// The app: `children` are the bundle's `<Routes>`.
#[component]
pub fn Shell(bundle: Bundle, children: Children) -> impl IntoView {
    provide_context(bundle);
    provide_locale();
    provide_session();
    let saved_at = RwSignal::new(None::<f64>);
    crate::api::watch_saved_copies(saved_at);
    view! {
        <Router>
            <a class="skip" href="#main">{tr(k::UI_SKIP_TO_CONTENT)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                <SavedCopy at=saved_at/>
                {children()}
            </main>
            <footer class="footer">
                <a href="/verify" rel="external">{tr(k::VERIFY_TITLE)}</a>
            </footer>
        </Router>
    }
}

/// Without a connection the service worker answers from the copy kept on the
/// device: say so, and how old it is.
#[component]
fn SavedCopy(at: RwSignal<Option<f64>>) -> impl IntoView {
    let lang = locale().0;
    move || {
        at.get().map(|at| {
            view! { <p class="notice offline" role="status">{tf(lang.get(), k::UI_SAVED_COPY, &[("age", &crate::i18n::ago(lang.get(), at))])}</p> }
        })
    }
}

fn current_bundle() -> Bundle {
    use_context::<Bundle>().unwrap_or(Bundle::Public)
}

/// Goes to `path`: within the bundle, or by loading the other one.
pub fn go(path: &str) {
    if bundle_of(path) == current_bundle() {
        use_navigate()(path, Default::default());
    } else if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}

/// A link that stays in the app when it can.
#[component]
pub fn Link(href: String, children: Children) -> impl IntoView {
    if bundle_of(&href) == current_bundle() {
        view! { <A href=href>{children()}</A> }.into_any()
    } else {
        view! { <a href=href rel="external">{children()}</a> }.into_any()
    }
}

/// The navigation of each role.
pub fn menu(role: Role) -> &'static [(&'static str, Key)] {
    match role {
        Role::Learner => &[
            ("/learn", k::UI_NAV_LEARN),
            ("/my-sessions", k::ATTENDANCE_CALENDAR),
            ("/catalogue", k::UI_NAV_CATALOGUE),
            ("/attestations", k::UI_NAV_MY_ATTESTATIONS),
        ],
        Role::Trainer => &[
            ("/cohorts", k::UI_NAV_MY_COHORTS),
            ("/grading", k::UI_NAV_GRADING),
            ("/my-sessions", k::ATTENDANCE_CALENDAR),
            ("/programmes", k::UI_NAV_PROGRAMMES),
            ("/attestations", k::UI_NAV_ATTESTATIONS),
        ],
        Role::Partner => &[
            ("/people", k::UI_NAV_MY_PEOPLE),
            ("/import", k::UI_NAV_IMPORT),
            ("/cohorts", k::UI_NAV_COHORTS),
            ("/dashboard", k::UI_NAV_DASHBOARD),
            ("/attestations", k::UI_NAV_ATTESTATIONS),
        ],
        Role::Admin => &[
            ("/dashboard", k::UI_NAV_DASHBOARD),
            ("/programmes", k::UI_NAV_PROGRAMMES),
            ("/cohorts", k::UI_NAV_COHORTS),
            ("/people", k::UI_NAV_PEOPLE),
            ("/import", k::UI_NAV_IMPORT),
            ("/attestations", k::UI_NAV_ATTESTATIONS),
            ("/audit", k::UI_NAV_AUDIT),
        ],
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = session();
    let bundle = current_bundle();
    let sign_out = Action::new_local(move |_: &()| async move {
        let _ = crate::endpoints::logout().await;
    });
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            if bundle == Bundle::Entry {
                session.sign_out();
                use_navigate()("/login", Default::default());
            } else if let Some(window) = web_sys::window() {
                // The page is replaced: forgetting the session here too would
                // make a screen's guard start a second navigation that aborts this one.
                let _ = window.location().assign("/login");
            }
        }
    });
    view! {
        <header class="topbar">
            <span class="brand"><Link href="/".to_string()>"Cursus"</Link></span>
            <nav aria-label=tr(k::UI_NAV_LABEL)>
                {move || session.account.get().map(|a| {
                    let links = menu(a.role).iter().map(|(href, label)| view! { <Link href=href.to_string()>{tr(*label)}</Link> }).collect_view();
                    view! {
                        {links}
                        <span class="who" title=tr(k::UI_NAV_PROFILE)><Link href="/profile".to_string()>{a.full_name.clone()}</Link></span>
                        <button class="link" on:click=move |_| { sign_out.dispatch(()); }>{tr(k::UI_SIGN_OUT)}</button>
                    }
                })}
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
            crate::i18n::switch_to(chosen);
            // Signed-in people also get their e-mails and attestations in this language.
            if session.account.get_untracked().is_some() {
                leptos::task::spawn_local(async move {
                    let _ = crate::endpoints::set_language(&shared::api::auth::LanguageRequest { language: chosen }).await;
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
