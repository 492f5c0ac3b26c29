//! The learner's side: the programme map, module content, assessments; and
//! the cohort progress tables of staff.
use actix_files::NamedFile;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, get, post, web};
use shared::api::PageQuery;
use shared::api::assessments::{AssessmentView, AttemptRequest, AttemptView};
use shared::api::content::ModuleContent;
use shared::api::progress::{CohortProgress, ProgressView};
use shared::enums::{ModuleState, Role};
use shared::i18n::t;
use shared::problem::ErrorCode;

use crate::error::{ApiError, ApiResult};
use crate::http::enrolments::staff_scope;
use crate::http::extract::{Authenticated, ReqLang, ValidQuery, parse_json};
use crate::http::upload::{is_multipart, read_form};
use crate::service::{assessments, content, learning, uploads};
use crate::state::AppState;
use crate::store;
use crate::store::cohorts;

#[derive(Debug, Clone, Copy, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
pub struct CohortParam {
    /// The cohort; the learner's first one when absent.
    pub cohort: Option<i64>,
}

/// Every module of the cohort's programme: locked (and by what), available,
/// in progress or completed.
#[utoipa::path(tag = "learning", params(CohortParam), responses((status = 200, body = ProgressView), (status = 403, body = shared::Problem, description = "Not enrolled in that cohort")))]
#[get("/me/progress")]
pub async fn my_progress(state: web::Data<AppState>, auth: Authenticated, query: ValidQuery<CohortParam>) -> ApiResult<web::Json<ProgressView>> {
    let db = state.db.conn();
    let enrolled = store::enrolments::cohorts_of(db, auth.id()).await?;
    let cohort_id = match query.0.cohort {
        Some(id) if enrolled.iter().any(|e| e.cohort_id == id) => id,
        Some(_) => return Err(ApiError::code(ErrorCode::NotEnrolled)),
        None => enrolled.first().map(|e| e.cohort_id).ok_or_else(|| ApiError::code(ErrorCode::NotEnrolled))?,
    };
    let cohort = cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(web::Json(learning::progress(db, auth.id(), &cohort).await?))
}

/// A module's content. Learners open it once its prerequisites are met.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, body = ModuleContent), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem, description = "Module locked")))]
#[get("/modules/{id}/content")]
pub async fn module_content(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<ModuleContent>> {
    let db = state.db.conn();
    let module = if auth.is(Role::Learner) {
        learning::learner_access(db, auth.id(), *id).await?.module
    } else {
        store::programmes::module_by_id(db, *id).await?.ok_or_else(ApiError::not_found)?
    };
    Ok(web::Json(content::module_content(db, &module).await?))
}

/// The module's assessment as the learner sees it: never the correct answers.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, body = AssessmentView), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem, description = "Module locked")))]
#[get("/modules/{id}/assessment")]
pub async fn module_assessment(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>) -> ApiResult<web::Json<AssessmentView>> {
    auth.require(&[Role::Learner])?;
    Ok(web::Json(assessments::view(&state, auth.id(), *id).await?))
}

/// Submits a quiz (`answers`) or an assignment (`text`, or a form with a
/// `file` and an optional `text`). A quiz is graded at once; a passing grade
/// completes the module.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), request_body = AttemptRequest, responses((status = 201, body = AttemptView), (status = 403, body = shared::Problem), (status = 409, body = shared::Problem, description = "Locked, attempts exhausted, awaiting a grade or already completed"), (status = 422, body = shared::Problem)))]
#[post("/assessments/{id}/attempts")]
pub async fn submit(state: web::Data<AppState>, auth: Authenticated, req: HttpRequest, id: web::Path<i64>, payload: web::Payload) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Learner])?;
    let (request, file) = if is_multipart(&req) {
        let mut form = read_form(&req, payload, uploads::MAX_UPLOAD + 256 * 1024).await?;
        (AttemptRequest { answers: Vec::new(), text: form.fields.remove("text") }, form.file)
    } else {
        let body = crate::http::upload::read_body(payload, 1024 * 1024).await?;
        if req.content_type() != "application/json" {
            return Err(ApiError::with_text(ErrorCode::UnsupportedMediaType, "application/json"));
        }
        (parse_json::<AttemptRequest>(&body)?, None)
    };
    validator::Validate::validate(&request)?;
    let view = assessments::submit(&state, auth.id(), *id, &request, file).await?;
    Ok(HttpResponse::Created().json(view))
}

pub fn send_file(req: &HttpRequest, path: std::path::PathBuf, doc: &crate::entities::document::Model) -> ApiResult<HttpResponse> {
    let file = NamedFile::open(path).map_err(|_| ApiError::not_found())?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(doc.original_name.clone())],
    };
    let mime = doc.content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    Ok(file.set_content_type(mime).set_content_disposition(disposition).into_response(req))
}

/// A module document: staff, and learners who may open its module.
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, content_type = "application/octet-stream"), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/documents/{id}")]
pub async fn document(state: web::Data<AppState>, auth: Authenticated, req: HttpRequest, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let db = state.db.conn();
    let doc = store::content::document_by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    let module_id = doc.module_id.ok_or_else(ApiError::not_found)?;
    match auth.role() {
        Role::Admin | Role::Trainer => {}
        Role::Learner => {
            learning::learner_access(db, auth.id(), module_id).await?;
        }
        Role::Partner => return Err(ApiError::forbidden()),
    }
    send_file(&req, uploads::path_of(&state, &doc), &doc)
}

/// A cohort's progress table: every learner × every module.
#[utoipa::path(tag = "learning", params(("id" = i64, Path), PageQuery), responses((status = 200, body = CohortProgress), (status = 403, body = shared::Problem)))]
#[get("/cohorts/{id}/progress")]
pub async fn cohort_progress(state: web::Data<AppState>, auth: Authenticated, id: web::Path<i64>, page: ValidQuery<PageQuery>) -> ApiResult<web::Json<CohortProgress>> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    let organisation = staff_scope(&state, &auth, cohort.id).await?;
    Ok(web::Json(learning::cohort_progress(db, &cohort, organisation, Some(page.0)).await?))
}

/// The same table as a CSV file (a partner's export of their people).
#[utoipa::path(tag = "learning", params(("id" = i64, Path)), responses((status = 200, content_type = "text/csv"), (status = 403, body = shared::Problem)))]
#[get("/cohorts/{id}/progress.csv")]
pub async fn cohort_progress_csv(state: web::Data<AppState>, auth: Authenticated, lang: ReqLang, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, *id).await?.ok_or_else(ApiError::not_found)?;
    let organisation = staff_scope(&state, &auth, cohort.id).await?;
    let table = learning::cohort_progress(db, &cohort, organisation, None).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["full_name".to_string(), "email".into(), "organisation".into(), "completed".into(), "attendance_percent".into()];
    header.extend(table.modules.iter().map(|m| m.code.clone()));
    let to_err = |e: csv::Error| ApiError::Unexpected(e.into());
    writer.write_record(&header).map_err(to_err)?;
    for row in &table.learners {
        let mut record = vec![
            row.full_name.clone(),
            row.email.clone(),
            row.organisation_name.clone().unwrap_or_default(),
            row.completed.to_string(),
            row.attendance_percent.map(|p| p.to_string()).unwrap_or_default(),
        ];
        record.extend(row.states.iter().map(|s: &ModuleState| t(lang.0, s.label_key()).to_string()));
        writer.write_record(&record).map_err(to_err)?;
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec(); // so spreadsheet programs read UTF-8
    bytes.extend(writer.into_inner().map_err(|e| ApiError::Unexpected(anyhow::anyhow!("csv: {e}")))?);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"progress-cohort-{}.csv\"", cohort.id)))
        .body(bytes))
}
