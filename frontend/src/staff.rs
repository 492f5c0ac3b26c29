//! The staff bundle: cohorts and their progress, grading, attendance, people
//! and bulk enrolment, programmes and prerequisites, the impact dashboard.
use cursus_web::layout::Shell;
use cursus_web::{Bundle, pages};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

fn main() {
    cursus_web::start(|| {
        view! {
            <Shell bundle=Bundle::Staff>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("/cohorts") view=pages::Cohorts/>
                <Route path=path!("/cohorts/:id") view=pages::CohortPage/>
                <Route path=path!("/grading") view=pages::Grading/>
                <Route path=path!("/submissions/:id") view=pages::SubmissionPage/>
                <Route path=path!("/sessions/:id") view=pages::AttendancePage/>
                <Route path=path!("/people") view=pages::People/>
                <Route path=path!("/people/:id") view=pages::PersonProfile/>
                <Route path=path!("/import") view=pages::Import/>
                <Route path=path!("/programmes") view=pages::Programmes/>
                <Route path=path!("/programmes/:id") view=pages::ProgrammePage/>
                <Route path=path!("/programmes/:id/issuer") view=pages::issuer::IssuerPage/>
                <Route path=path!("/authoring/modules/:id") view=pages::AssessmentEditorPage/>
                <Route path=path!("/authoring/modules/:id/content") view=pages::ContentEditorPage/>
                <Route path=path!("/authoring/evaluations/:id") view=pages::EvaluationEditorPage/>
                <Route path=path!("/dashboard") view=pages::Dashboard/>
                <Route path=path!("/audit") view=pages::Audit/>
                </Routes>
            </Shell>
        }
    });
}
