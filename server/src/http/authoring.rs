//! Authoring: a module's assessment as its authors define it, and who
//! authors a programme.
use actix_web::{get, put, web};
use shared::api::PersonRef;
use shared::api::assessments::{AssessmentAuthoring, AssessmentDefinition};
use shared::api::programmes::PutAuthorsRequest;

use crate::error::ApiResult;
use crate::http::extract::ValidJson;
use crate::policy::Actor;
use crate::service::authoring;
use crate::state::AppState;

/// A module's assessment with its correct answers, for its authors: the
/// current version, and how many attempts answered any version.
#[utoipa::path(tag = "content", params(("id" = i64, Path)), responses((status = 200, body = AssessmentAuthoring), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem, description = "No such module, or it has no assessment yet")))]
#[get("/modules/{id}/assessment-definition")]
pub async fn get_assessment(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> ApiResult<web::Json<AssessmentAuthoring>> {
    Ok(web::Json(authoring::assessment(&state, &actor, *id).await?))
}

/// Creates or replaces a module's assessment (quiz or assignment). Each
/// change is a new version: attempts keep the questions they answered and
/// grades stay as given. A published module's assessment must stay passable
/// (422 `module-incomplete`, each gap in `errors`); a draft's may be
/// unfinished. The kind cannot change once learners have answered (409).
#[utoipa::path(tag = "content", params(("id" = i64, Path)), request_body = AssessmentDefinition, responses((status = 200, body = AssessmentAuthoring), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 409, body = shared::Problem, description = "Kind changed after attempts"), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/modules/{id}/assessment-definition")]
pub async fn put_assessment(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<AssessmentDefinition>,
) -> ApiResult<web::Json<AssessmentAuthoring>> {
    Ok(web::Json(authoring::put_assessment(&state, &actor, *id, &body.0).await?))
}

/// Names the trainers who author a programme's modules (administrators).
#[utoipa::path(tag = "programmes", params(("id" = i64, Path)), request_body = PutAuthorsRequest, responses((status = 200, body = Vec<PersonRef>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 404, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/programmes/{id}/authors")]
pub async fn put_authors(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    body: ValidJson<PutAuthorsRequest>,
) -> ApiResult<web::Json<Vec<PersonRef>>> {
    Ok(web::Json(authoring::put_authors(&state, &actor, *id, &body.0).await?))
}
