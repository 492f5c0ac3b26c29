mod accounts;
pub mod admin;
mod assessment_draft;
pub mod assessment_editor;
mod attestations;
mod audit;
pub mod catalogue;
pub mod cohorts;
pub mod content_editor;
mod curriculum;
mod dashboard;
pub mod evaluation;
mod evaluation_draft;
mod evaluation_editor;
pub mod evaluation_results;
mod home;
pub mod issuer;
mod join;
mod learner;
mod login;
mod module;
pub mod my_sessions;
mod partner;
pub mod prerequisites;
mod profile;
mod set_password;
mod trainer;
pub mod workshops;

pub use admin::{ProgrammePage, Programmes};
pub use assessment_editor::AssessmentEditorPage;
pub use attestations::Attestations;
pub use audit::Audit;
pub use catalogue::Catalogue;
pub use content_editor::ContentEditorPage;
pub use dashboard::Dashboard;
pub use evaluation::EvaluationPage;
pub use evaluation_editor::EvaluationEditorPage;
pub use home::Home;
pub use join::Join;
pub use learner::Learn;
pub use login::Login;
pub use module::ModulePage;
pub use my_sessions::{CheckInPage, MySessionsPage};
pub use partner::{Import, People};
pub use profile::{OwnProfile, PersonProfile};
pub use set_password::SetPassword;
pub use trainer::{CohortPage, Cohorts, Grading, SubmissionPage};
pub use workshops::AttendancePage;

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
