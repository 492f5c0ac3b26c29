use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use shared::api::auth::{LanguageRequest, LoginRequest, PasswordResetAccepted, PasswordResetRequest, SetPasswordRequest, SignedIn};

use crate::error::ApiResult;
use crate::http::extract::{Authenticated, SESSION_COOKIE, ValidJson, client_ip};
use crate::service::auth;
use crate::state::AppState;

fn session_cookie(state: &AppState, token: String, max_age: CookieDuration) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies())
        .max_age(max_age)
        .finish()
}

/// Signs in: sets the session cookie and returns the account with the CSRF token.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = SignedIn),
        (status = 400, body = shared::Problem),
        (status = 401, body = shared::Problem, description = "Wrong e-mail or password"),
        (status = 415, body = shared::Problem),
        (status = 422, body = shared::Problem),
        (status = 429, body = shared::Problem, description = "Too many failures; see Retry-After"),
    )
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, req: HttpRequest, body: ValidJson<LoginRequest>) -> ApiResult<HttpResponse> {
    let ip = client_ip(&req).to_string();
    let previous = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    let outcome = auth::login(&state, &body.0.email, &body.0.password, &ip, previous.as_deref()).await?;
    let max_age = CookieDuration::hours(state.settings.session_ttl_hours);
    Ok(HttpResponse::Ok().cookie(session_cookie(&state, outcome.token, max_age)).json(outcome.session))
}

/// Signs out: the session ends on the server, not only in the browser.
#[utoipa::path(tag = "auth", responses((status = 204), (status = 401, body = shared::Problem)))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, auth: Authenticated) -> ApiResult<HttpResponse> {
    auth::logout(&state, &auth.session).await?;
    Ok(HttpResponse::NoContent().cookie(session_cookie(&state, String::new(), CookieDuration::ZERO)).finish())
}

/// The signed-in account.
#[utoipa::path(tag = "auth", responses((status = 200, body = SignedIn), (status = 401, body = shared::Problem)))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, auth: Authenticated) -> ApiResult<web::Json<SignedIn>> {
    Ok(web::Json(auth::me(&state, &auth.account, &auth.session).await?))
}

/// Keeps the interface language of the account (used for its e-mails too).
#[utoipa::path(tag = "auth", request_body = LanguageRequest, responses((status = 204), (status = 400, body = shared::Problem), (status = 401, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem)))]
#[put("/me/language")]
pub async fn set_language(state: web::Data<AppState>, auth: Authenticated, body: ValidJson<LanguageRequest>) -> ApiResult<HttpResponse> {
    auth::set_language(&state, auth.id(), body.0.language).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a link to choose a new password, sent by mail to an open account
/// with this address. The answer is the same for any well-formed address.
#[utoipa::path(tag = "auth", request_body = PasswordResetRequest, responses((status = 202, body = PasswordResetAccepted), (status = 400, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem, description = "Not an e-mail address")))]
#[post("/auth/password-reset")]
pub async fn request_password_reset(state: web::Data<AppState>, body: ValidJson<PasswordResetRequest>) -> ApiResult<HttpResponse> {
    auth::request_reset(&state, &body.0.email).await?;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {}))
}

/// Chooses a password from an invitation link (single use, expiring), and
/// signs in. Every other session of the account ends.
#[utoipa::path(tag = "auth", request_body = SetPasswordRequest, responses((status = 200, body = SignedIn), (status = 400, body = shared::Problem), (status = 415, body = shared::Problem), (status = 422, body = shared::Problem, description = "Invalid or expired link, or a weak password")))]
#[post("/auth/password")]
pub async fn set_password(state: web::Data<AppState>, body: ValidJson<SetPasswordRequest>) -> ApiResult<HttpResponse> {
    let outcome = auth::set_password(&state, &body.0.token, &body.0.password).await?;
    let max_age = CookieDuration::hours(state.settings.session_ttl_hours);
    Ok(HttpResponse::Ok().cookie(session_cookie(&state, outcome.token, max_age)).json(outcome.session))
}
