//! Every API operation the app uses, typed: its path, its method, what it
//! takes and what it answers live here once, so screens never spell a URL.
use shared::api::accounts::{AccountSummary, CreateAccountRequest, OrganisationView, ProfileInput, ProfileView, UpdateAccountRequest};
use shared::api::assessments::{
    AssessmentAuthoring, AssessmentDefinition, AssessmentView, AttemptRequest, AttemptView, GradeRequest, SubmissionView,
};
use shared::api::attendance::{
    AttendanceRequest, AttendanceSheet, CalendarEntry, CalendarFeed, CheckInCode, CheckInReceipt, CheckInRequest, SessionInput, SessionView,
};
use shared::api::attestations::{AttestationView, RevokeRequest};
use shared::api::audit::AuditEntryView;
use shared::api::auth::{LanguageRequest, LoginRequest, PasswordResetAccepted, PasswordResetRequest, SetPasswordRequest, SignedIn};
use shared::api::cohorts::{CatalogueEntry, CohortView, CreateCohortRequest, UpdateCohortRequest};
use shared::api::content::{DocumentView, MarkdownPreview, MarkdownPreviewRequest, ModuleContent, SectionInput, SectionOrderRequest, SectionView};
use shared::api::enrolments::{EnrolAnswer, EnrolRequest, EnrolmentView, ImportReport, JoinAccepted, JoinRequest};
use shared::api::evaluations::{
    EvaluationAnswered, EvaluationAnswers, EvaluationDefinition, EvaluationDetail, EvaluationForm, EvaluationResults, EvaluationSummary,
    NewEvaluation, OpenEvaluation,
};
use shared::api::issuers::{IssuerIdentityInput, IssuerIdentityView, IssuerImage};
use shared::api::programmes::{
    CreateModuleRequest, CreateProgrammeRequest, ModuleView, PatchModuleRequest, PatchProgrammeRequest, ProgrammeDetail, ProgrammeSummary,
    PutAuthorsRequest, PutPrerequisitesRequest,
};
use shared::api::progress::{CohortProgress, ProgressView};
use shared::api::reports::{IndicatorQuery, Indicators};
use shared::api::{Page, PersonRef, ReasonRequest};
use shared::enums::{Dimension, Role};
use shared::problem::Problem;

use crate::api::{get, post, send, send_form};

type Answer<T> = Result<T, Problem>;

// ---- sessions ----

pub async fn me() -> Answer<SignedIn> {
    get("/api/v1/me").await
}

pub async fn login(request: &LoginRequest) -> Answer<SignedIn> {
    post("/api/v1/auth/login", request).await
}

pub async fn logout() -> Answer<()> {
    post("/api/v1/auth/logout", &serde_json::json!({})).await
}

pub async fn request_password_reset(request: &PasswordResetRequest) -> Answer<PasswordResetAccepted> {
    post("/api/v1/auth/password-reset", request).await
}

pub async fn set_password(request: &SetPasswordRequest) -> Answer<SignedIn> {
    post("/api/v1/auth/password", request).await
}

pub async fn set_language(request: &LanguageRequest) -> Answer<()> {
    send("PUT", "/api/v1/me/language", request).await
}

// ---- people ----

/// Accounts in the caller's scope; `role` narrows them (the trainers a cohort may have).
pub async fn accounts(role: Option<Role>) -> Answer<Page<AccountSummary>> {
    match role {
        Some(role) => get(format!("/api/v1/accounts?role={role}&per_page=200")).await,
        None => get("/api/v1/accounts?per_page=200").await,
    }
}

pub async fn create_account(request: &CreateAccountRequest) -> Answer<AccountSummary> {
    post("/api/v1/accounts", request).await
}

pub async fn update_account(id: i64, request: &UpdateAccountRequest) -> Answer<AccountSummary> {
    send("PATCH", &format!("/api/v1/accounts/{id}"), request).await
}

/// A person's profile; `None` is the signed-in person's own.
pub async fn profile(id: Option<i64>) -> Answer<ProfileView> {
    match id {
        Some(id) => get(format!("/api/v1/accounts/{id}/profile")).await,
        None => get("/api/v1/me/profile").await,
    }
}

pub async fn save_profile(id: Option<i64>, request: &ProfileInput) -> Answer<ProfileView> {
    match id {
        Some(id) => send("PUT", &format!("/api/v1/accounts/{id}/profile"), request).await,
        None => send("PUT", "/api/v1/me/profile", request).await,
    }
}

pub async fn resend_invitation(id: i64) -> Answer<()> {
    post(&format!("/api/v1/accounts/{id}/invitation"), &serde_json::json!({})).await
}

pub async fn organisations() -> Answer<Page<OrganisationView>> {
    get("/api/v1/organisations?per_page=200").await
}

// ---- programmes ----

pub async fn programmes() -> Answer<Page<ProgrammeSummary>> {
    get("/api/v1/programmes").await
}

/// The cohorts the signed-in learner can join, and why not the others.
pub async fn catalogue() -> Answer<Vec<CatalogueEntry>> {
    get("/api/v1/catalogue").await
}

pub async fn programme(id: i64) -> Answer<ProgrammeDetail> {
    get(format!("/api/v1/programmes/{id}")).await
}

pub async fn create_programme(request: &CreateProgrammeRequest) -> Answer<ProgrammeDetail> {
    post("/api/v1/programmes", request).await
}

pub async fn patch_programme(id: i64, request: &PatchProgrammeRequest) -> Answer<ProgrammeDetail> {
    send("PATCH", &format!("/api/v1/programmes/{id}"), request).await
}

pub async fn issuer_identity(programme: i64) -> Answer<IssuerIdentityView> {
    get(format!("/api/v1/programmes/{programme}/issuer")).await
}

pub async fn save_issuer_identity(programme: i64, input: &IssuerIdentityInput) -> Answer<IssuerIdentityView> {
    send("PUT", &format!("/api/v1/programmes/{programme}/issuer"), input).await
}

/// A sample attestation with the identity as typed, as an object URL.
pub async fn preview_issuer_identity(programme: i64, input: &IssuerIdentityInput) -> Answer<String> {
    crate::api::post_for_object_url(&format!("/api/v1/programmes/{programme}/issuer/preview"), input, "application/pdf").await
}

pub async fn upload_issuer_image(programme: i64, form: &web_sys::FormData) -> Answer<IssuerImage> {
    crate::api::post_form(&format!("/api/v1/programmes/{programme}/issuer/images"), form).await
}

pub async fn set_partner_logo(organisation: i64, form: &web_sys::FormData) -> Answer<OrganisationView> {
    send_form("PUT", &format!("/api/v1/organisations/{organisation}/logo"), form).await
}

pub async fn remove_partner_logo(organisation: i64) -> Answer<OrganisationView> {
    send("DELETE", &format!("/api/v1/organisations/{organisation}/logo"), &()).await
}

pub async fn create_module(programme: i64, request: &CreateModuleRequest) -> Answer<ModuleView> {
    post(&format!("/api/v1/programmes/{programme}/modules"), request).await
}

/// Names the trainers who author a programme (replaces the list).
pub async fn put_authors(programme: i64, request: &PutAuthorsRequest) -> Answer<Vec<PersonRef>> {
    send("PUT", &format!("/api/v1/programmes/{programme}/authors"), request).await
}

pub async fn put_prerequisites(module: i64, request: &PutPrerequisitesRequest) -> Answer<ModuleView> {
    send("PUT", &format!("/api/v1/modules/{module}/prerequisites"), request).await
}

/// Puts a draft in front of learners (refused, each gap named, while incomplete).
pub async fn module(module: i64) -> Answer<ModuleView> {
    get(format!("/api/v1/modules/{module}")).await
}

/// A module's assessment with its answers, for its authors (404: none yet).
pub async fn assessment_definition(module: i64) -> Answer<AssessmentAuthoring> {
    get(format!("/api/v1/modules/{module}/assessment-definition")).await
}

pub async fn put_assessment_definition(module: i64, definition: &AssessmentDefinition) -> Answer<AssessmentAuthoring> {
    send("PUT", &format!("/api/v1/modules/{module}/assessment-definition"), definition).await
}

pub async fn publish_module(module: i64) -> Answer<ModuleView> {
    send("POST", &format!("/api/v1/modules/{module}/publish"), &()).await
}

/// Withdraws a module from new learners; those who began it keep it.
pub async fn archive_module(module: i64) -> Answer<ModuleView> {
    send("POST", &format!("/api/v1/modules/{module}/archive"), &()).await
}

// ---- cohorts and enrolment ----

pub async fn cohorts() -> Answer<Page<CohortView>> {
    get("/api/v1/cohorts?per_page=200").await
}

pub async fn cohort(id: i64) -> Answer<CohortView> {
    get(format!("/api/v1/cohorts/{id}")).await
}

pub async fn create_cohort(request: &CreateCohortRequest) -> Answer<CohortView> {
    post("/api/v1/cohorts", request).await
}

pub async fn update_cohort(id: i64, request: &UpdateCohortRequest) -> Answer<CohortView> {
    send("PATCH", &format!("/api/v1/cohorts/{id}"), request).await
}

pub async fn my_cohorts() -> Answer<Vec<CohortView>> {
    get("/api/v1/me/cohorts").await
}

/// A learner joins a cohort themself. The answer is not read: deserialising
/// the untagged `EnrolAnswer` would bring serde's buffering into the
/// learner's bundle, which must stay small.
pub async fn join_cohort(cohort: i64) -> Answer<()> {
    let _: serde::de::IgnoredAny = post(&format!("/api/v1/cohorts/{cohort}/enrolments"), &EnrolRequest { account_id: None, person: None }).await?;
    Ok(())
}

pub async fn enrol(cohort: i64, request: &EnrolRequest) -> Answer<EnrolAnswer> {
    post(&format!("/api/v1/cohorts/{cohort}/enrolments"), request).await
}

pub async fn withdraw(cohort: i64, account: i64) -> Answer<EnrolmentView> {
    send("DELETE", &format!("/api/v1/cohorts/{cohort}/enrolments/{account}"), &()).await
}

/// A CSV or XLSX file of people, checked (`dry_run`) or imported.
pub async fn import(cohort: i64, file: &web_sys::File, content_type: &str, dry_run: bool) -> Answer<ImportReport> {
    let query = if dry_run { "?dry_run=true" } else { "" };
    crate::api::upload(&format!("/api/v1/cohorts/{cohort}/enrolments/import{query}"), file, content_type).await
}

pub async fn accept_join(request: &JoinRequest) -> Answer<JoinAccepted> {
    post("/api/v1/enrolments/join", request).await
}

pub async fn cohort_progress(cohort: i64) -> Answer<CohortProgress> {
    get(format!("/api/v1/cohorts/{cohort}/progress?per_page=200")).await
}

// ---- learning ----

/// The learner's map of a cohort (their first when `None`).
pub async fn my_progress(cohort: Option<i64>) -> Answer<ProgressView> {
    match cohort {
        Some(id) => get(format!("/api/v1/me/progress?cohort={id}")).await,
        None => get("/api/v1/me/progress").await,
    }
}

pub async fn module_content(module: i64) -> Answer<ModuleContent> {
    get(format!("/api/v1/modules/{module}/content")).await
}

// ---- authoring content ----

pub async fn patch_module(module: i64, request: &PatchModuleRequest) -> Answer<ModuleView> {
    send("PATCH", &format!("/api/v1/modules/{module}"), request).await
}

pub async fn create_section(module: i64, input: &SectionInput) -> Answer<SectionView> {
    post(&format!("/api/v1/modules/{module}/sections"), input).await
}

pub async fn update_section(section: i64, input: &SectionInput) -> Answer<SectionView> {
    send("PUT", &format!("/api/v1/sections/{section}"), input).await
}

pub async fn delete_section(section: i64) -> Answer<()> {
    send("DELETE", &format!("/api/v1/sections/{section}"), &()).await
}

pub async fn reorder_sections(module: i64, request: &SectionOrderRequest) -> Answer<ModuleContent> {
    send("PUT", &format!("/api/v1/modules/{module}/section-order"), request).await
}

pub async fn upload_document(module: i64, form: &web_sys::FormData) -> Answer<DocumentView> {
    crate::api::post_form(&format!("/api/v1/modules/{module}/documents"), form).await
}

pub async fn preview_markdown(request: &MarkdownPreviewRequest) -> Answer<MarkdownPreview> {
    post("/api/v1/markdown/preview", request).await
}

pub async fn assessment(module: i64) -> Answer<AssessmentView> {
    get(format!("/api/v1/modules/{module}/assessment")).await
}

/// A quiz or a written answer, under the key the device chose for it: a phone
/// may send it again after a lost answer (`outbox`).
pub async fn submit_once(assessment: i64, request: &AttemptRequest, key: &str) -> Answer<AttemptView> {
    crate::api::post_once(&format!("/api/v1/assessments/{assessment}/attempts"), request, key).await
}

/// An assignment with a file (and its text), under a key the device chose:
/// sent again, it is recorded once.
pub async fn submit_file_once(assessment: i64, text: Option<&str>, file: &web_sys::Blob, name: &str, key: &str) -> Answer<AttemptView> {
    let form = web_sys::FormData::new().map_err(|_| Problem::new(shared::problem::ErrorCode::MalformedRequest, crate::i18n::current()))?;
    let _ = form.append_with_blob_and_filename("file", file, name);
    let _ = form.append_with_str("text", text.unwrap_or_default());
    crate::api::post_form_once(&format!("/api/v1/assessments/{assessment}/attempts"), &form, key).await
}

// ---- teaching ----

pub async fn grading_queue() -> Answer<Page<SubmissionView>> {
    get("/api/v1/grading/queue?per_page=100").await
}

pub async fn submission(id: i64) -> Answer<SubmissionView> {
    get(format!("/api/v1/submissions/{id}")).await
}

pub async fn grade(submission: i64, request: &GradeRequest) -> Answer<SubmissionView> {
    post(&format!("/api/v1/submissions/{submission}/grade"), request).await
}

pub async fn sessions(cohort: i64) -> Answer<Vec<SessionView>> {
    get(format!("/api/v1/cohorts/{cohort}/sessions")).await
}

pub async fn create_session(cohort: i64, input: &SessionInput) -> Answer<SessionView> {
    post(&format!("/api/v1/cohorts/{cohort}/sessions"), input).await
}

pub async fn attendance(session: i64) -> Answer<AttendanceSheet> {
    get(format!("/api/v1/sessions/{session}/attendance")).await
}

pub async fn record_attendance(session: i64, request: &AttendanceRequest) -> Answer<AttendanceSheet> {
    send("PUT", &format!("/api/v1/sessions/{session}/attendance"), request).await
}

pub async fn update_session(session: i64, input: &SessionInput) -> Answer<SessionView> {
    send("PUT", &format!("/api/v1/sessions/{session}"), input).await
}

pub async fn delete_session(session: i64) -> Answer<()> {
    send("DELETE", &format!("/api/v1/sessions/{session}"), &serde_json::json!({})).await
}

/// A photo of the signed sign-in sheet (multipart, field `file`).
pub async fn attach_scan(session: i64, form: &web_sys::FormData) -> Answer<AttendanceSheet> {
    crate::api::post_form(&format!("/api/v1/sessions/{session}/scans"), form).await
}

pub async fn check_in_code(session: i64) -> Answer<CheckInCode> {
    get(format!("/api/v1/sessions/{session}/check-in-code")).await
}

pub async fn check_in(session: i64, request: &CheckInRequest) -> Answer<CheckInReceipt> {
    post(&format!("/api/v1/sessions/{session}/check-in"), request).await
}

pub async fn my_sessions() -> Answer<Vec<CalendarEntry>> {
    get("/api/v1/me/sessions").await
}

pub async fn new_calendar_feed() -> Answer<CalendarFeed> {
    post("/api/v1/me/calendar-feed", &serde_json::json!({})).await
}

/// The sign-in sheet, printed in the local time of this device.
pub fn sign_in_sheet_url(session: i64) -> String {
    // JavaScript counts the offset the other way (UTC+1 is -60), in whole minutes.
    let offset = -shared::num::from_js_number(js_sys::Date::new_0().get_timezone_offset());
    format!("/api/v1/sessions/{session}/sign-in-sheet.pdf?utc_offset_minutes={offset}")
}

// ---- attestations and figures ----

pub async fn attestations() -> Answer<Page<AttestationView>> {
    get("/api/v1/attestations?per_page=200").await
}

pub async fn revoke(attestation: i64, request: &RevokeRequest) -> Answer<AttestationView> {
    post(&format!("/api/v1/attestations/{attestation}/revoke"), request).await
}

pub async fn restore_attestation(attestation: i64, request: &ReasonRequest) -> Answer<AttestationView> {
    post(&format!("/api/v1/attestations/{attestation}/restore"), request).await
}

pub async fn reissue(attestation: i64, request: &ReasonRequest) -> Answer<AttestationView> {
    post(&format!("/api/v1/attestations/{attestation}/reissue"), request).await
}

/// The query string of an indicators request.
fn indicator_query(q: &IndicatorQuery) -> String {
    let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
    let mut parts = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{name}={}", encode(&value)));
        }
    };
    add("from", q.from.map(|d| d.to_string()));
    add("to", q.to.map(|d| d.to_string()));
    add("programme_id", q.programme_id.map(|v| v.to_string()));
    add("cohort_id", q.cohort_id.map(|v| v.to_string()));
    add("organisation_id", q.organisation_id.map(|v| v.to_string()));
    add("region", q.region.clone());
    add("category", q.category.map(|c| c.as_str().to_string()));
    add("sex", q.sex.map(|s| s.as_str().to_string()));
    add("age_bands", q.age_bands.clone());
    add("masked", q.masked.map(|m| m.to_string()));
    parts.join("&")
}

pub async fn indicators(query: IndicatorQuery) -> Answer<Indicators> {
    get(format!("/api/v1/reports/indicators?{}", indicator_query(&query))).await
}

/// Where the indicators are downloaded as a file (`xlsx` or `csv`).
pub fn indicators_file(query: &IndicatorQuery, extension: &str) -> String {
    format!("/api/v1/reports/indicators.{extension}?{}", indicator_query(query))
}

pub async fn audit(page: u64, per_page: u64) -> Answer<Page<AuditEntryView>> {
    get(format!("/api/v1/audit?page={page}&per_page={per_page}")).await
}

// ---- training evaluation ----

pub async fn programme_evaluations(programme: i64) -> Answer<Vec<EvaluationSummary>> {
    get(format!("/api/v1/programmes/{programme}/evaluations")).await
}

pub async fn create_evaluation(programme: i64, request: &NewEvaluation) -> Answer<EvaluationDetail> {
    post(&format!("/api/v1/programmes/{programme}/evaluations"), request).await
}

pub async fn satisfaction_template() -> Answer<EvaluationDefinition> {
    get("/api/v1/evaluation-templates/satisfaction").await
}

pub async fn evaluation(id: i64) -> Answer<EvaluationDetail> {
    get(format!("/api/v1/evaluations/{id}")).await
}

pub async fn put_evaluation(id: i64, definition: &EvaluationDefinition) -> Answer<EvaluationDetail> {
    send("PUT", &format!("/api/v1/evaluations/{id}"), definition).await
}

pub async fn delete_evaluation(id: i64) -> Answer<()> {
    send("DELETE", &format!("/api/v1/evaluations/{id}"), &()).await
}

pub async fn open_evaluations() -> Answer<Vec<OpenEvaluation>> {
    get("/api/v1/me/evaluations").await
}

pub async fn evaluation_form(id: i64) -> Answer<EvaluationForm> {
    get(format!("/api/v1/evaluations/{id}/form")).await
}

pub async fn answer_evaluation(id: i64, answers: &EvaluationAnswers) -> Answer<EvaluationAnswered> {
    post(&format!("/api/v1/evaluations/{id}/responses"), answers).await
}

fn results_query(cohort: i64, by: Dimension) -> String {
    format!("cohort_id={cohort}&by={}", by.as_str())
}

pub async fn evaluation_results(id: i64, cohort: i64, by: Dimension) -> Answer<EvaluationResults> {
    get(format!("/api/v1/evaluations/{id}/results?{}", results_query(cohort, by))).await
}

/// Where an evaluation's results in a cohort are downloaded as XLSX.
pub fn evaluation_results_file(id: i64, cohort: i64, by: Dimension) -> String {
    format!("/api/v1/evaluations/{id}/results.xlsx?{}", results_query(cohort, by))
}
