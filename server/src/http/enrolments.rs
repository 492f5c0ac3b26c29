use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use shared::api::enrolments::{EnrolRequest, EnrolmentRequested, EnrolmentView, ImportQuery, ImportReport, JoinAccepted, JoinRequest};
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::http::extract::{ReqLang, ValidJson, ValidQuery};
use crate::http::upload::{is_multipart, read_body, read_form};
use crate::policy::Actor;
use crate::service::enrolments::{self, Enrolled};
use crate::service::import as bulk;
use crate::state::AppState;

/// Enrols one person: an administrator anyone, a learner themself if the
/// cohort is open (201; 200 when already enrolled). A partner manager's
/// request by e-mail is answered 202 whoever holds the address: a new person
/// is invited, one of theirs enrolled, anyone else asked by mail.
#[utoipa::path(tag = "enrolments", params(("id" = i64, Path)), request_body = EnrolRequest, responses((status = 201, body = EnrolmentView), (status = 200, body = EnrolmentView, description = "Already enrolled"), (status = 202, body = EnrolmentRequested, description = "A partner manager's request by e-mail"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Cohort full or closed"), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/cohorts/{id}/enrolments")]
pub async fn enrol(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    body: ValidJson<EnrolRequest>,
) -> ApiResult<HttpResponse> {
    Ok(match enrolments::enrol(&state, &actor, *id, &body.0, lang.0).await? {
        Enrolled::Done(view) if view.created => HttpResponse::Created().json(view),
        Enrolled::Done(view) => HttpResponse::Ok().json(view),
        Enrolled::Requested(request) => HttpResponse::Accepted().json(request),
    })
}

/// Withdraws someone from a cohort (administrators; partner managers for their
/// own people). Their record, completions and attestations stay; enrolling
/// them again brings the enrolment back. Withdrawing twice changes nothing.
#[utoipa::path(tag = "enrolments", params(("id" = i64, Path), ("account_id" = i64, Path)), responses((status = 200, body = EnrolmentView), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem, description = "Not enrolled in that cohort")))]
#[delete("/cohorts/{id}/enrolments/{account_id}")]
pub async fn withdraw(state: web::Data<AppState>, actor: Actor, path: web::Path<(i64, i64)>) -> ApiResult<web::Json<EnrolmentView>> {
    let (cohort_id, account_id) = path.into_inner();
    Ok(web::Json(enrolments::withdraw(&state, &actor, cohort_id, account_id).await?))
}

/// The cohort's learners: all for administrators and its trainers, a partner
/// manager's own people only.
#[utoipa::path(tag = "enrolments", params(("id" = i64, Path), PageQuery), responses((status = 200, body = Page<EnrolmentView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/cohorts/{id}/enrolments")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<EnrolmentView>>> {
    Ok(web::Json(enrolments::list(&state, &actor, *id, page.0).await?))
}

/// Bulk enrolment from a CSV (UTF-8, `,` or `;`) or XLSX file, sent as the raw
/// body or as the `file` field of a form. `?dry_run=true` reports per row what
/// would happen; a real run is all-or-nothing.
#[utoipa::path(
    tag = "enrolments",
    params(("id" = i64, Path), ImportQuery),
    request_body(content = Vec<u8>, content_type = "text/csv", description = "CSV or XLSX; columns email, first_name, last_name, category, organisation, position, phone"),
    responses((status = 200, body = ImportReport), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 413, body = shared::Problem), (status = 422, body = shared::Problem, description = "Rows with errors; nothing written"))
)]
#[post("/cohorts/{id}/enrolments/import")]
pub async fn import(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    req: HttpRequest,
    id: web::Path<i64>,
    query: ValidQuery<ImportQuery>,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportReport>> {
    let limit = crate::domain::import::MAX_BYTES + 64 * 1024;
    let bytes = if is_multipart(&req) {
        read_form(&req, payload, limit).await?.file.map(|f| f.bytes).unwrap_or_default()
    } else {
        read_body(&req, payload, limit).await?
    };
    Ok(web::Json(bulk::run(&state, &actor, *id, &bytes, query.0.dry_run, lang.0, &bulk::Silent).await?))
}

/// The cohorts the signed-in learner is enrolled in.
#[utoipa::path(tag = "enrolments", responses((status = 200, body = Vec<shared::api::cohorts::CohortView>), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem)))]
#[get("/me/cohorts")]
pub async fn my_cohorts(state: web::Data<AppState>, actor: Actor) -> ApiResult<web::Json<Vec<shared::api::cohorts::CohortView>>> {
    Ok(web::Json(enrolments::my_cohorts(&state, &actor).await?))
}

/// Accepts a partner manager's proposal to join a cohort, by the link of the
/// mail (no session needed: the link proves the address).
#[utoipa::path(tag = "enrolments", request_body = JoinRequest, responses((status = 200, body = JoinAccepted), (status = 400, body = shared::Problem), (status = 409, body = shared::Problem, description = "Cohort full or closed"), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem, description = "Invalid, used or expired link")))]
#[post("/enrolments/join")]
pub async fn join(state: web::Data<AppState>, body: ValidJson<JoinRequest>) -> ApiResult<web::Json<JoinAccepted>> {
    Ok(web::Json(enrolments::accept_join(&state, &body.0.token).await?))
}
