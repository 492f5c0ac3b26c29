mod home;
mod login;

pub use home::Home;
pub use login::Login;

use leptos::prelude::*;
use shared::i18n::k;

use crate::i18n::tr;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{tr(k::PROBLEM_NOT_FOUND)}</h1>
            <p><a href="/">{tr(k::UI_BACK_HOME)}</a></p>
        </section>
    }
}
