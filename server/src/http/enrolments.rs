use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use shared::api::enrolments::{EnrolRequest, EnrolmentView, ImportQuery, ImportReport};
use shared::api::{Page, PageQuery};
use shared::enums::Role;

use crate::error::{ApiError, ApiResult};
use crate::http::cohorts::scope_of;
use crate::http::extract::{Authenticated, ReqLang, ValidJson, ValidQuery};
use crate::http::upload::{is_multipart, read_body, read_form};
use crate::service::actor::Actor;
use crate::service::enrolments;
use crate::service::import as bulk;
use crate::state::AppState;
use crate::store;
use crate::store::cohorts;

/// Enrols one person: an administrator anyone, a partner manager their own
/// people (a new e-mail is invited), a learner themself if the cohort is open.
/// Enrolling someone twice changes nothing (200 instead of 201).
#[utoipa::path(tag = "enrolments", params(("id" = i64, Path)), request_body = EnrolRequest, responses((status = 201, body = EnrolmentView), (status = 200, body = EnrolmentView, description = "Already enrolled"), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem, description = "Cohort full or closed"), (status = 422, body = shared::Problem)))]
#[post("/cohorts/{id}/enrolments")]
pub async fn enrol(state: web::Data<AppState>, auth: Authenticated, lang: ReqLang, id: web::Path<i64>, body: ValidJson<EnrolRequest>) -> ApiResult<HttpResponse> {
    let view = enrolments::enrol(&state, &Actor::from(&auth), *id, &body.0, lang.0).await?;
    Ok(if view.created { HttpResponse::Created().json(view) } else { HttpResponse::Ok().json(view) })
}

/// Withdraws someone from a cohort (administrators; partner managers for their
/// own people). Their record, completions and attestations stay; enrolling
/// them again brings the enrolment back. Withdrawing twice changes nothing.
#[utoipa::path(tag = "enrolments", params(("id" = i64, Path), ("account_id" = i64, Path)), responses((status = 200, body = EnrolmentView), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem, description = "Not enrolled in that cohort")))]
#[delete("/cohorts/{id}/enrolments/{account_id}")]
pub async fn withdraw(state: web::Data<AppState>, auth: Authenticated, path: web::Path<(i64, i64)>) -> ApiResult<web::Json<EnrolmentView>> {
    let (cohort_id, account_id) = path.into_inner();
    Ok(web::Json(enrolments::withdraw(&state, &Actor::from(&auth), cohort_id, account_id).await?))
}

/// The cohort's learners: all for administrators and its trainers, a partner
/// manager's own people only.
#[utoipa::path(tag = "enrolments", params(("id" = i64, Path), PageQuery), responses((status = 200, body = Page<EnrolmentView>), (status = 403, body = shared::Problem)))]
#[get("/cohorts/{id}/enrolments")]
pub async fn list(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<Page<EnrolmentView>>> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    let organisation = staff_scope(&state, &auth, cohort.id).await?;
    let (rows, total) = store::enrolments::list(db, cohort.id, organisation, Some(page.0)).await?;
    let items = rows.iter().map(|(e, a, o)| enrolments::view(e, a, o.as_ref(), false)).collect();
    Ok(web::Json(Page::new(items, total, page.0)))
}

/// Who may see a cohort's people, and which of them: `Some(org)` for a partner.
pub async fn staff_scope(state: &AppState, auth: &Authenticated, cohort_id: i64) -> ApiResult<Option<i64>> {
    match auth.role() {
        Role::Admin => Ok(None),
        Role::Partner => Ok(Some(auth.account.organisation_id.ok_or_else(ApiError::forbidden)?)),
        Role::Trainer if cohorts::is_in_scope(state.db.conn(), scope_of(auth), cohort_id).await? => Ok(None),
        _ => Err(ApiError::forbidden()),
    }
}

/// Bulk enrolment from a CSV (UTF-8, `,` or `;`) or XLSX file, sent as the raw
/// body or as the `file` field of a form. `?dry_run=true` reports per row what
/// would happen; a real run is all-or-nothing.
#[utoipa::path(
    tag = "enrolments",
    params(("id" = i64, Path), ImportQuery),
    request_body(content = Vec<u8>, content_type = "text/csv", description = "CSV or XLSX; columns email, first_name, last_name, category, organisation, position, phone"),
    responses((status = 200, body = ImportReport), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem), (status = 413, body = shared::Problem), (status = 422, body = shared::Problem, description = "Rows with errors; nothing written"))
)]
#[post("/cohorts/{id}/enrolments/import")]
pub async fn import(
    state: web::Data<AppState>,
    auth: Authenticated,
    lang: ReqLang,
    req: HttpRequest,
    id: web::Path<i64>,
    query: ValidQuery<ImportQuery>,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportReport>> {
    auth.require(&[Role::Admin, Role::Partner])?;
    let limit = crate::domain::import::MAX_BYTES + 64 * 1024;
    let bytes = if is_multipart(&req) {
        read_form(&req, payload, limit).await?.file.map(|f| f.bytes).unwrap_or_default()
    } else {
        read_body(payload, limit).await?
    };
    let report = bulk::run(&state, &Actor::from(&auth), *id, &bytes, query.0.dry_run, lang.0, &bulk::Silent).await?;
    Ok(web::Json(report))
}

/// The cohorts the signed-in learner is enrolled in.
#[utoipa::path(tag = "enrolments", responses((status = 200, body = Vec<shared::api::cohorts::CohortView>), (status = 401, body = shared::Problem)))]
#[get("/me/cohorts")]
pub async fn my_cohorts(state: web::Data<AppState>, auth: Authenticated) -> ApiResult<web::Json<Vec<shared::api::cohorts::CohortView>>> {
    let db = state.db.conn();
    let mut views = Vec::new();
    for enrolment in store::enrolments::cohorts_of(db, auth.id()).await? {
        if let Some(c) = cohorts::by_id(db, enrolment.cohort_id).await? {
            views.push(cohorts::view(db, c).await?);
        }
    }
    Ok(web::Json(views))
}
