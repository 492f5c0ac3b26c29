//! The learner bundle: the programme map, modules and their assessments,
//! the cohort catalogue, attestations.
use cursus_web::layout::Shell;
use cursus_web::outbox::WithOutbox;
use cursus_web::{Bundle, pages};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Shell bundle=Bundle::Public>
                <WithOutbox>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("/") view=pages::Home/>
                <Route path=path!("/learn") view=pages::Learn/>
                <Route path=path!("/catalogue") view=pages::Catalogue/>
                <Route path=path!("/modules/:id") view=pages::ModulePage/>
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
