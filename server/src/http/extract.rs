//! Request extractors: the caller's language, the signed-in account (with the
//! CSRF check), and JSON bodies and query strings that are parsed, then
//! validated with the rules of the `shared` crate.
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, web};
use serde::de::DeserializeOwned;
use shared::Lang;
use shared::problem::ErrorCode;
use validator::Validate;

use crate::entities::{account, session};
use crate::error::ApiError;
use crate::policy::Actor;
use crate::secrets::{constant_time_eq, token_hash};
use crate::state::AppState;
use crate::store;

pub const SESSION_COOKIE: &str = "cursus_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The largest JSON body accepted; uploads have their own limits.
const JSON_LIMIT: usize = 256 * 1024;

/// The language of the request (`Accept-Language`; French when absent).
#[derive(Debug, Clone, Copy)]
pub struct ReqLang(pub Lang);

pub fn lang_of(req: &HttpRequest) -> Lang {
    req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language).unwrap_or_default()
}

impl FromRequest for ReqLang {
    type Error = ApiError;
    type Future = std::future::Ready<Result<ReqLang, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(ReqLang(lang_of(req))))
    }
}

pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("application state missing")))
}

/// The signed-in account. State-changing requests must also echo the session's
/// CSRF token in `X-CSRF-Token`: a cross-site form or script cannot read it.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub account: account::Model,
    pub session: session::Model,
}

impl Authenticated {
    pub fn id(&self) -> i64 {
        self.account.id
    }

    pub fn actor(&self) -> Actor {
        Actor::of(&self.account)
    }
}

/// Who is acting, for handlers that only need to hand it to a use case (the
/// policy decides what it may do). Signed in, with the CSRF check.
impl FromRequest for Actor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Actor, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let inner = Authenticated::from_request(req, payload);
        Box::pin(async move { Ok(inner.await?.actor()) })
    }
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Authenticated, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state(&req)?;
            let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()).ok_or_else(ApiError::unauthenticated)?;
            let (session, account) =
                store::sessions::find_active(state.db.conn(), &token_hash(&token)).await?.ok_or_else(ApiError::unauthenticated)?;
            if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
                let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                if !constant_time_eq(sent, &session.csrf_token) {
                    return Err(ApiError::code(ErrorCode::CsrfRejected));
                }
            }
            store::sessions::touch(state.db.conn(), &session.token_hash, session.last_seen_at).await?;
            Ok(Authenticated { account, session })
        })
    }
}

/// The hash of the session cookie's token, not yet checked: for the hot
/// read-only routes whose use case checks the session in the same query as
/// the data it reads (`store::learners::by_session`).
#[derive(Debug, Clone)]
pub struct SessionToken(pub String);

impl FromRequest for SessionToken {
    type Error = ApiError;
    type Future = std::future::Ready<Result<SessionToken, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(SESSION_COOKIE).map(|c| token_hash(c.value())).ok_or_else(ApiError::unauthenticated);
        std::future::ready(token.map(SessionToken))
    }
}

/// The signed-in account if there is one (public pages that say more to staff).
pub struct MaybeAuthenticated(pub Option<Authenticated>);

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<MaybeAuthenticated, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let inner = Authenticated::from_request(req, payload);
        Box::pin(async move {
            match inner.await {
                Ok(auth) => Ok(MaybeAuthenticated(Some(auth))),
                Err(ApiError::Problem { code: ErrorCode::Unauthenticated, .. }) => Ok(MaybeAuthenticated(None)),
                Err(other) => Err(other),
            }
        })
    }
}

/// A JSON body, deserialised and then validated. Type errors are reported per
/// field, like validation errors, so a form can show them in place.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<ValidJson<T>, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req.content_type().to_string();
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if content_type != "application/json" {
                return Err(ApiError::with_text(ErrorCode::UnsupportedMediaType, "application/json"));
            }
            let bytes = body.await.map_err(|_| ApiError::code(ErrorCode::MalformedRequest))?;
            if bytes.len() > JSON_LIMIT {
                return Err(ApiError::code(ErrorCode::PayloadTooLarge));
            }
            let value = parse_json::<T>(&bytes)?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// Every request body of the API is a JSON object: serde would also build a
/// struct from an array (`[null, null]`), which no client means to send.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(ApiError::with_key(ErrorCode::MalformedRequest, shared::i18n::k::VALIDATION_JSON_OBJECT));
    }
    if has_nul_escape(bytes) {
        return Err(ApiError::with_key(ErrorCode::MalformedRequest, shared::i18n::k::VALIDATION_NUL_CHARACTER));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::with_text(ErrorCode::MalformedRequest, inner.to_string());
        }
        let message = inner.to_string();
        let (field, code) = match message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            Some(name) if path == "." => (name.to_string(), "required"),
            Some(name) => (format!("{path}.{name}"), "required"),
            None => (path, "invalid"),
        };
        let field: String = field.chars().take(120).collect();
        ApiError::BadFields(vec![(field, code)])
    })
}

/// Whether a JSON text carries the character U+0000 (written `\u0000`, as
/// JSON must): no person types it, and PostgreSQL refuses it in text, so it
/// is refused here for every field rather than failing deep in a query.
fn has_nul_escape(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes.get(i + 1) == Some(&b'u') && bytes.get(i + 2..i + 6) == Some(b"0000".as_slice()) {
                return true;
            }
            // Skip the escaped character, so `\\u0000` (a backslash, then text) is not mistaken.
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// A query string, deserialised then validated.
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<ValidQuery<T>, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if req.query_string().contains("%00") {
            return std::future::ready(Err(ApiError::with_key(ErrorCode::MalformedRequest, shared::i18n::k::VALIDATION_NUL_CHARACTER)));
        }
        let result = serde_urlencoded::from_str::<T>(req.query_string())
            .map_err(|e| ApiError::with_text(ErrorCode::Validation, e.to_string()))
            .and_then(|value| {
                value.validate()?;
                Ok(ValidQuery(value))
            });
        std::future::ready(result)
    }
}

/// The client's address as seen by this process. Behind a reverse proxy, the
/// proxy's address: configure the proxy to rate-limit too.
pub fn client_ip(req: &HttpRequest) -> std::net::IpAddr {
    req.peer_addr().map(|a| a.ip()).unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
}

#[cfg(test)]
mod tests {
    use super::has_nul_escape;

    #[test]
    fn a_nul_character_is_found_and_escaped_backslashes_are_not_one() {
        assert!(has_nul_escape(br#"{"title":"a\u0000b"}"#));
        assert!(!has_nul_escape(br#"{"title":"a\\u0000b"}"#), "an escaped backslash followed by text");
        assert!(!has_nul_escape(br#"{"title":"\u00e9t\u00e9"}"#));
        assert!(has_nul_escape(br#"{"a":"\\","b":"\u0000"}"#));
    }
}
