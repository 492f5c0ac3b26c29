use leptos::prelude::*;
use shared::enums::Role;

use crate::components::Loading;
use crate::session::session;

/// Sends each role to its first screen (the staff's are in the other bundle).
#[component]
pub fn Home() -> impl IntoView {
    let session = session();
    Effect::new(move |_| {
        if !session.loaded.get() {
            return;
        }
        let path = match session.account.get().map(|a| a.role) {
            None => "/login",
            Some(Role::Learner) => "/learn",
            Some(Role::Trainer) => "/cohorts",
            Some(Role::Partner) => "/people",
            Some(Role::Admin) => "/dashboard",
        };
        crate::layout::go(path);
    });
    view! { <Loading/> }
}
