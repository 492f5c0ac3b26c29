//! Who is signed in. Loaded once from `/api/v1/me` at start; login and logout
//! update it.
use leptos::prelude::*;
use shared::api::auth::{AccountView, SignedIn};

#[derive(Clone, Copy)]
pub struct Session {
    pub account: RwSignal<Option<AccountView>>,
    /// False until `/me` has answered, so protected screens do not flash the login page.
    pub loaded: RwSignal<bool>,
}

pub fn provide_session() -> Session {
    let session = Session { account: RwSignal::new(None), loaded: RwSignal::new(false) };
    provide_context(session);
    leptos::task::spawn_local(async move {
        match crate::endpoints::me().await {
            Ok(view) => session.sign_in(view),
            Err(_) => session.account.set(None),
        }
        session.loaded.set(true);
    });
    session
}

pub fn session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session { account: RwSignal::new(None), loaded: RwSignal::new(true) })
}

impl Session {
    pub fn sign_in(&self, view: SignedIn) {
        crate::api::set_csrf(Some(view.csrf_token));
        self.account.set(Some(view.account));
    }

    pub fn sign_out(&self) {
        crate::api::set_csrf(None);
        self.account.set(None);
    }
}
