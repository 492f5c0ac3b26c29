//! Training evaluation: authoring (programme authors), answering (learners)
//! and results (administrators, the cohort's trainers; a partner manager a
//! knowledge test's for their own people).
use actix_web::{HttpResponse, delete, get, post, put, web};
use shared::api::evaluations::{
    EvaluationAnswered, EvaluationAnswers, EvaluationDefinition, EvaluationDetail, EvaluationForm, EvaluationResults, EvaluationSummary,
    NewEvaluation, OpenEvaluation, ResultsQuery,
};

use crate::error::ApiResult;
use crate::http::extract::{ReqLang, ValidJson, ValidQuery};
use crate::http::reports::file;
use crate::policy::Actor;
use crate::service::{evaluation_results, evaluations};
use crate::state::AppState;

/// A programme's evaluations, its own and its modules' (staff).
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), responses((status = 200, body = Vec<EvaluationSummary>), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/programmes/{id}/evaluations")]
pub async fn list(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<Vec<EvaluationSummary>>> {
    Ok(web::Json(evaluations::list(&state, &actor, *id).await?))
}

/// Adds a knowledge test or a questionnaire to a programme (no `module_id`)
/// or one of its modules; one of each kind per place (409).
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), request_body = NewEvaluation, responses((status = 201, body = EvaluationDetail), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/programmes/{id}/evaluations")]
pub async fn create(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, body: ValidJson<NewEvaluation>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(evaluations::create(&state, &actor, *id, &body.0).await?))
}

/// The questionnaire Cursus ships (relevance, trainer, materials,
/// organisation, intention to apply), to start from (staff).
#[utoipa::path(tag = "evaluations", responses((status = 200, body = EvaluationDefinition), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem)))]
#[get("/evaluation-templates/satisfaction")]
pub async fn template(actor: Actor) -> ApiResult<web::Json<EvaluationDefinition>> {
    Ok(web::Json(evaluations::default_satisfaction(&actor)?))
}

/// An evaluation as its authors edit it.
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), responses((status = 200, body = EvaluationDetail), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem)))]
#[get("/evaluations/{id}")]
pub async fn get(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<EvaluationDetail>> {
    Ok(web::Json(evaluations::get(&state, &actor, *id).await?))
}

/// Replaces an evaluation's definition. Once answered, only its wording,
/// translations and `required` may change (409 otherwise).
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), request_body = EvaluationDefinition, responses((status = 200, body = EvaluationDetail), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/evaluations/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<EvaluationDefinition>,
) -> ApiResult<web::Json<EvaluationDetail>> {
    Ok(web::Json(evaluations::replace(&state, &actor, *id, &body.0).await?))
}

/// Deletes an evaluation nobody has answered (409 otherwise).
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), responses((status = 204), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem)))]
#[delete("/evaluations/{id}")]
pub async fn remove(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    evaluations::delete(&state, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The evaluations waiting for the signed-in learner: a knowledge test
/// before the training starts, the test after and the questionnaire once
/// it is complete.
#[utoipa::path(tag = "evaluations", responses((status = 200, body = Vec<OpenEvaluation>), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem)))]
#[get("/me/evaluations")]
pub async fn open(state: web::Data<AppState>, actor: Actor, lang: ReqLang) -> ApiResult<web::Json<Vec<OpenEvaluation>>> {
    Ok(web::Json(evaluations::open_for(&state, &actor, lang.0).await?))
}

/// The form of the phase open to the learner, in their language (409 when
/// none is open).
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), responses((status = 200, body = EvaluationForm), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem)))]
#[get("/evaluations/{id}/form")]
pub async fn form(state: web::Data<AppState>, actor: Actor, lang: ReqLang, id: web::Path<i64>) -> ApiResult<web::Json<EvaluationForm>> {
    Ok(web::Json(evaluations::form(&state, &actor, *id, lang.0).await?))
}

/// Answers the open phase, once; releases the attestation that waited for it.
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path)), request_body = EvaluationAnswers, responses((status = 201, body = EvaluationAnswered), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[post("/evaluations/{id}/responses")]
pub async fn answer(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, body: ValidJson<EvaluationAnswers>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(evaluations::answer(&state, &actor, *id, &body.0).await?))
}

/// An evaluation's results in one cohort: a questionnaire's scores and
/// free-text answers (withheld below five answers when anonymous), a
/// knowledge test's scores, gain per learner and mean gain by `by`.
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path), ResultsQuery), responses((status = 200, body = EvaluationResults), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/evaluations/{id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    query: ValidQuery<ResultsQuery>,
) -> ApiResult<web::Json<EvaluationResults>> {
    Ok(web::Json(evaluation_results::results(&state, &actor, *id, &query.0, lang.0).await?))
}

/// The same results as an XLSX workbook.
#[utoipa::path(tag = "evaluations", params(("id" = i64, Path), ResultsQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/evaluations/{id}/results.xlsx")]
pub async fn results_xlsx(
    state: web::Data<AppState>,
    actor: Actor,
    lang: ReqLang,
    id: web::Path<i64>,
    query: ValidQuery<ResultsQuery>,
) -> ApiResult<HttpResponse> {
    Ok(file(evaluation_results::export(&state, &actor, *id, &query.0, lang.0).await?))
}
