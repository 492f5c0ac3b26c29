//! The learner bundle: the programme map, modules and their assessments —
//! what a signed-in phone loads first and reads offline (the learner's other
//! screens are in `account.rs`).
use cursus_web::layout::Shell;
use cursus_web::outbox::WithOutbox;
use cursus_web::{Bundle, pages};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

fn main() {
    cursus_web::start(|| {
        view! {
            <Shell bundle=Bundle::Public>
                <WithOutbox>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("/") view=pages::Home/>
                <Route path=path!("/learn") view=pages::Learn/>
                <Route path=path!("/modules/:id") view=pages::ModulePage/>
                </Routes>
                </WithOutbox>
            </Shell>
        }
    });
}
