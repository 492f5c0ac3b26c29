//! The entry bundle: signing in, choosing a password, accepting an
//! invitation. It is what a phone loads first, so it carries nothing else;
//! the learner or staff bundle loads once the person is signed in.
use cursus_web::layout::Shell;
use cursus_web::{Bundle, pages};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

fn main() {
    cursus_web::start(|| {
        view! {
            <Shell bundle=Bundle::Entry>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("/login") view=pages::Login/>
                <Route path=path!("/set-password") view=pages::SetPassword/>
                <Route path=path!("/join") view=pages::Join/>
                </Routes>
            </Shell>
        }
    });
}
