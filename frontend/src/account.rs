//! The learner's account bundle: attestations, evaluations, profile,
//! workshops and the cohort catalogue — screens opened now and then, kept out
//! of what a phone loads to reach its map and modules.
use cursus_web::layout::Shell;
use cursus_web::outbox::WithOutbox;
use cursus_web::{Bundle, pages};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

fn main() {
    cursus_web::start(|| {
        view! {
            <Shell bundle=Bundle::Account>
                <WithOutbox>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("/catalogue") view=pages::Catalogue/>
                <Route path=path!("/evaluations/:id") view=pages::EvaluationPage/>
                <Route path=path!("/attestations") view=pages::Attestations/>
                <Route path=path!("/profile") view=pages::OwnProfile/>
                <Route path=path!("/my-sessions") view=pages::MySessionsPage/>
                <Route path=path!("/check-in/:session/:code") view=pages::CheckInPage/>
                </Routes>
                </WithOutbox>
            </Shell>
        }
    });
}
