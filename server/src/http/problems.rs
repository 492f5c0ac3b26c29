//! Makes every error an `application/problem+json` in the request's language:
//! errors raised by handlers are re-rendered with the `Accept-Language` they
//! could not see, and what actix itself answers (unknown route, unparsable
//! path) becomes a problem too.
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse};
use shared::problem::ErrorCode;

use crate::error::ApiError;
use crate::http::extract::lang_of;

pub async fn localize(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, Error> {
    let lang = lang_of(req.request());
    let is_api = req.path().starts_with("/api/");
    match next.call(req).await {
        Ok(res) => {
            if let Some(api) = res.response().error().and_then(|e| e.as_error::<ApiError>()) {
                let rendered = api.render(lang);
                return Ok(res.into_response(rendered));
            }
            let status = res.status();
            let is_problem = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
            if is_api && (status.is_client_error() || status.is_server_error()) && !is_problem {
                let code = match status.as_u16() {
                    404 | 405 => ErrorCode::NotFound,
                    413 => ErrorCode::PayloadTooLarge,
                    415 => ErrorCode::UnsupportedMediaType,
                    400..=499 => ErrorCode::MalformedRequest,
                    _ => ErrorCode::Internal,
                };
                return Ok(res.into_response(ApiError::code(code).render(lang)));
            }
            Ok(res.map_into_boxed_body())
        }
        // Cloning the request before routing is forbidden by actix, so errors
        // raised by middleware keep their French rendering.
        Err(err) => Err(err),
    }
}

/// Refuses state-changing requests sent by another site: a browser always says
/// where a cross-site request comes from (`Origin`, `Sec-Fetch-Site`). The CSRF
/// token of the session is the second lock (see `extract::Authenticated`).
pub async fn same_origin(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, Error> {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) && is_cross_site(req.request()) {
        let lang = lang_of(req.request());
        let response = ApiError::code(ErrorCode::CsrfRejected).render(lang);
        return Ok(req.into_response(response));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

fn is_cross_site(req: &HttpRequest) -> bool {
    let headers = req.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

/// What answers a path no route matched.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ApiError::not_found().render(lang_of(&req))
}
