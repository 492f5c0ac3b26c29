use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::i18n::{k, t};

use crate::i18n::{locale, tr};
use crate::session::session;

#[component]
pub fn Home() -> impl IntoView {
    let session = session();
    let lang = locale().0;
    view! {
        <Show when=move || session.loaded.get() fallback=|| view! { <p class="loading" role="status">{tr(k::UI_LOADING)}</p> }>
            {move || match session.account.get() {
                None => view! { <Redirect path="/login"/> }.into_any(),
                Some(account) => view! {
                    <section class="card">
                        <h1>{move || format!("{} {}", t(lang.get(), k::UI_WELCOME), account.full_name)}</h1>
                        <p>{move || t(lang.get(), account.role.label_key())}</p>
                    </section>
                }.into_any(),
            }}
        </Show>
    }
}
