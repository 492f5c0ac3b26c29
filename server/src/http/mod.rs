//! The HTTP surface: the JSON API under `/api/v1`, its OpenAPI description,
//! health checks, and the browser app's files.
pub mod accounts;
pub mod attendance;
pub mod attestations;
pub mod auth;
pub mod authoring;
pub mod badges;
pub mod cohorts;
pub mod content;
pub mod enrolments;
pub mod evaluations;
pub mod extract;
pub mod grading;
pub mod health;
pub mod issuers;
pub mod learning;
pub mod openapi;
pub mod params;
pub mod problems;
pub mod profiles;
pub mod programmes;
pub mod reports;
pub mod upload;
pub mod verify;
pub mod web_app;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, web};
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi as _;
use utoipa_actix_web::{AppExt, scope};

use crate::state::AppState;

async fn openapi_json(doc: web::Data<utoipa::openapi::OpenApi>) -> HttpResponse {
    HttpResponse::Ok().json(doc.get_ref())
}

/// Builds the whole application; called once per worker thread.
pub fn app(
    state: web::Data<AppState>,
) -> App<impl ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error, InitError = ()>> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .app_data(state)
        .service(health::healthz)
        .service(health::readyz)
        .service(
            scope("/api/v1")
                .default_service(web::to(problems::not_found))
                .service(auth::login)
                .service(auth::logout)
                .service(auth::request_password_reset)
                .service(auth::me)
                .service(auth::set_language)
                .service(accounts::list)
                .service(accounts::create)
                .service(accounts::update)
                .service(accounts::list_organisations)
                .service(accounts::create_organisation)
                .service(profiles::own)
                .service(profiles::correct_own)
                .service(profiles::get)
                .service(profiles::correct)
                .service(profiles::resend_invitation)
                .service(programmes::list)
                .service(programmes::get)
                .service(programmes::create)
                .service(programmes::patch)
                .service(programmes::create_module)
                .service(programmes::get_module)
                .service(programmes::patch_module)
                .service(programmes::put_prerequisites)
                .service(programmes::publish_module)
                .service(programmes::archive_module)
                .service(issuers::get)
                .service(issuers::save)
                .service(issuers::preview)
                .service(issuers::upload_image)
                .service(issuers::image)
                .service(issuers::set_partner_logo)
                .service(issuers::remove_partner_logo)
                .service(issuers::partner_logo)
                .service(authoring::get_assessment)
                .service(authoring::put_assessment)
                .service(authoring::put_authors)
                .service(cohorts::list)
                .service(cohorts::catalogue)
                .service(cohorts::get)
                .service(cohorts::create)
                .service(cohorts::update)
                .service(auth::set_password)
                .service(enrolments::enrol)
                .service(enrolments::withdraw)
                .service(enrolments::list)
                .service(enrolments::import)
                .service(enrolments::my_cohorts)
                .service(enrolments::join)
                .service(learning::my_progress)
                .service(content::module_content)
                .service(learning::module_assessment)
                .service(learning::submit)
                .service(content::document)
                .service(learning::cohort_progress)
                .service(learning::cohort_progress_csv)
                .service(content::create_section)
                .service(content::update_section)
                .service(content::delete_section)
                .service(content::upload_document)
                .service(content::reorder_sections)
                .service(content::preview)
                .service(grading::queue)
                .service(grading::get)
                .service(grading::file)
                .service(grading::grade)
                .service(attendance::list)
                .service(attendance::create)
                .service(attendance::sheet)
                .service(attendance::record)
                .service(attendance::update)
                .service(attendance::delete)
                .service(attendance::check_in_code)
                .service(attendance::check_in)
                .service(attendance::my_sessions)
                .service(attendance::new_feed)
                .service(attendance::feed)
                .service(attendance::sign_in_sheet)
                .service(attendance::attach_scan)
                .service(attestations::list)
                .service(attestations::get)
                .service(attestations::pdf)
                .service(attestations::revoke)
                .service(attestations::restore)
                .service(attestations::reissue)
                .service(attestations::issue)
                .service(attestations::zip_archive)
                .service(badges::credential)
                .service(badges::baked)
                .service(badges::issuer)
                .service(badges::status_list)
                .service(badges::image)
                .service(reports::summary)
                .service(reports::indicators)
                .service(reports::indicators_xlsx)
                .service(reports::indicators_csv)
                .service(reports::audit)
                .service(evaluations::list)
                .service(evaluations::create)
                .service(evaluations::template)
                .service(evaluations::open)
                .service(evaluations::get)
                .service(evaluations::replace)
                .service(evaluations::remove)
                .service(evaluations::form)
                .service(evaluations::answer)
                .service(evaluations::results)
                .service(evaluations::results_xlsx)
                .service(verify::verify_json)
                .service(verify::verify_pdf_json),
        )
        .split_for_parts();
    app.app_data(web::Data::new(openapi::finish(api)))
        .app_data(web::PathConfig::default().error_handler(|_, _| crate::error::ApiError::not_found().into()))
        .route("/api/openapi.json", web::get().to(openapi_json))
        .route("/.well-known/cursus-issuer.json", web::get().to(verify::issuer_key))
        .route("/.well-known/jwks.json", web::get().to(badges::key_set))
        .route("/verify", web::get().to(verify::form_page))
        .route("/verify", web::post().to(verify::code_form))
        .route("/verify/pdf", web::post().to(verify::pdf_page))
        .route("/verify/{code}", web::get().to(verify::code_page))
        .route("/V/{seal}", web::get().to(verify::scanned_page))
        .service(web::scope("/api").default_service(web::to(problems::not_found)))
        .default_service(web::to(web_app::serve))
        .wrap(from_fn(problems::same_origin))
        .wrap(from_fn(problems::localize))
        .wrap(Compress::default())
        .wrap(TracingLogger::default())
}
