use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use shared::api::audit::{AuditEntryView, AuditFilter};
use shared::api::reports::{IndicatorQuery, Indicators, Summary};
use shared::api::{Page, PageQuery};

use crate::error::ApiResult;
use crate::export::{Export, Format};
use crate::http::extract::{ReqLang, ValidQuery};
use crate::policy::Actor;
use crate::service::indicators as figures;
use crate::service::reports;
use crate::state::AppState;

/// The "En chiffres" figures: everything for administrators, a partner
/// manager's own organisation's people only.
#[utoipa::path(tag = "reports", responses((status = 200, body = Summary), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem)))]
#[get("/reports/summary")]
pub async fn summary(state: web::Data<AppState>, actor: Actor) -> ApiResult<web::Json<Summary>> {
    Ok(web::Json(reports::summary(&state, &actor).await?))
}

/// The audit log, newest first: who changed what (administrators).
#[utoipa::path(tag = "reports", params(PageQuery, AuditFilter), responses((status = 200, body = Page<AuditEntryView>), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    actor: Actor,
    page: ValidQuery<PageQuery>,
    filter: ValidQuery<AuditFilter>,
) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    Ok(web::Json(reports::audit(&state, &actor, &filter.0, page.0).await?))
}

/// The indicators for a period: totals and every breakdown (sex, age band,
/// category, region, organisation, cohort, programme). Administrators count
/// everyone, a partner manager their own people.
#[utoipa::path(tag = "reports", params(IndicatorQuery), responses((status = 200, body = Indicators), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/reports/indicators")]
pub async fn indicators(state: web::Data<AppState>, actor: Actor, query: ValidQuery<IndicatorQuery>) -> ApiResult<web::Json<Indicators>> {
    Ok(web::Json(figures::indicators(&state, &actor, &query.0).await?))
}

pub fn file(export: Export) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(export.content_type)
        .insert_header(ContentDisposition { disposition: DispositionType::Attachment, parameters: vec![DispositionParam::Filename(export.filename)] })
        .body(export.bytes)
}

/// The indicators as an XLSX workbook: a sheet per breakdown, the period and
/// filters at the top; counts of one to four written "<5" in a partner
/// manager's file, and in an administrator's with `masked=true`.
#[utoipa::path(tag = "reports", params(IndicatorQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/reports/indicators.xlsx")]
pub async fn indicators_xlsx(state: web::Data<AppState>, actor: Actor, lang: ReqLang, query: ValidQuery<IndicatorQuery>) -> ApiResult<HttpResponse> {
    Ok(file(figures::export(&state, &actor, &query.0, lang.0, Format::Xlsx).await?))
}

/// The indicators as CSV (UTF-8 with a BOM): one row per group, every breakdown.
#[utoipa::path(tag = "reports", params(IndicatorQuery), responses((status = 200, content_type = "text/csv"), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 403, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[get("/reports/indicators.csv")]
pub async fn indicators_csv(state: web::Data<AppState>, actor: Actor, lang: ReqLang, query: ValidQuery<IndicatorQuery>) -> ApiResult<HttpResponse> {
    Ok(file(figures::export(&state, &actor, &query.0, lang.0, Format::Csv).await?))
}
