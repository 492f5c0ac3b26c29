//! The one typed client of the JSON API. It sends the session's CSRF token on
//! every state-changing request and the interface language on every request,
//! and turns every failure into a `Problem` the screens can show.
use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::Lang;
use shared::problem::{ErrorCode, Problem};

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
    static LANG: RefCell<Lang> = const { RefCell::new(Lang::Fr) };
    static SAVED_AT: RefCell<Option<leptos::prelude::RwSignal<Option<f64>>>> = const { RefCell::new(None) };
}

/// Where to say that what is shown comes from the copy kept on the device
/// (the service worker's `X-Cursus-Saved-At`, in ms since 1970): the oldest
/// such copy since the network last answered, or `None` once it does.
pub fn watch_saved_copies(signal: leptos::prelude::RwSignal<Option<f64>>) {
    SAVED_AT.with(|s| *s.borrow_mut() = Some(signal));
}

fn note_copy(response: &Response) {
    use leptos::prelude::{Set as _, Update as _};
    let Some(signal) = SAVED_AT.with(|s| *s.borrow()) else { return };
    match response.headers().get("x-cursus-saved-at").and_then(|v| v.parse::<f64>().ok()) {
        Some(at) => signal.update(|oldest| *oldest = Some(oldest.map_or(at, |o| o.min(at)))),
        None => signal.set(None),
    }
}

pub fn set_csrf(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

pub fn set_lang(lang: Lang) {
    LANG.with(|l| *l.borrow_mut() = lang);
}

fn lang() -> Lang {
    LANG.with(|l| *l.borrow())
}

fn decorate(builder: RequestBuilder, unsafe_method: bool) -> RequestBuilder {
    let builder = builder.header("Accept-Language", lang().code()).header("Accept", "application/json");
    match CSRF.with(|c| c.borrow().clone()) {
        Some(token) if unsafe_method => builder.header("X-CSRF-Token", &token),
        _ => builder,
    }
}

/// A network failure becomes a problem too, so screens have one error type;
/// its status 0 (no server answered) tells it from the server's own 503.
fn offline(lang: Lang) -> Problem {
    let mut problem = Problem::new(ErrorCode::Unavailable, lang);
    problem.status = 0;
    problem.title = shared::i18n::t(lang, shared::i18n::k::UI_OFFLINE).to_string();
    problem
}

/// True when no server answered: the connection is down.
pub fn is_offline(problem: &Problem) -> bool {
    problem.status == 0
}

async fn read<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, Problem> {
    let response = response.map_err(|_| offline(lang()))?;
    note_copy(&response);
    if response.ok() {
        // 204 has no body; callers expecting `()` deserialise `null`.
        if response.status() == 204 {
            return serde_json::from_str("null").map_err(|_| offline(lang()));
        }
        return response.json::<T>().await.map_err(|_| Problem::new(ErrorCode::Internal, lang()));
    }
    Err(response.json::<Problem>().await.unwrap_or_else(|_| Problem::new(ErrorCode::Internal, lang())))
}

/// `path` is owned so a resource's fetcher can build it and return the future.
pub async fn get<T: DeserializeOwned>(path: impl Into<String>) -> Result<T, Problem> {
    let path = path.into();
    read(decorate(Request::get(&path), false).send().await).await
}

pub async fn send<B: Serialize, T: DeserializeOwned>(method: &str, path: &str, body: &B) -> Result<T, Problem> {
    let builder = match method {
        "PUT" => Request::put(path),
        "PATCH" => Request::patch(path),
        "DELETE" => Request::delete(path),
        _ => Request::post(path),
    };
    let request = decorate(builder, true).json(body).map_err(|_| Problem::new(ErrorCode::MalformedRequest, lang()))?;
    read(request.send().await).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Problem> {
    send("POST", path, body).await
}

/// Posts under an `Idempotency-Key`: sent again with the same key, the
/// server answers what it recorded the first time and records nothing more.
pub async fn post_once<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, key: &str) -> Result<T, Problem> {
    let request = decorate(Request::post(path), true)
        .header("Idempotency-Key", key)
        .json(body)
        .map_err(|_| Problem::new(ErrorCode::MalformedRequest, lang()))?;
    read(request.send().await).await
}

/// Sends a file as the raw body (bulk enrolment files).
pub async fn upload<T: DeserializeOwned>(path: &str, file: &web_sys::File, content_type: &str) -> Result<T, Problem> {
    let request = decorate(Request::post(path), true)
        .header("Content-Type", content_type)
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| Problem::new(ErrorCode::MalformedRequest, lang()))?;
    read(request.send().await).await
}

/// Sends a multipart form (assignment files); the browser sets the boundary.
pub async fn post_form<T: DeserializeOwned>(path: &str, form: &web_sys::FormData) -> Result<T, Problem> {
    send_form("POST", path, form).await
}

/// Sends a multipart form under an `Idempotency-Key` (an assignment a
/// device may send again).
pub async fn post_form_once<T: DeserializeOwned>(path: &str, form: &web_sys::FormData, key: &str) -> Result<T, Problem> {
    send_form_keyed("POST", path, form, Some(key)).await
}

pub async fn send_form<T: DeserializeOwned>(method: &str, path: &str, form: &web_sys::FormData) -> Result<T, Problem> {
    send_form_keyed(method, path, form, None).await
}

async fn send_form_keyed<T: DeserializeOwned>(method: &str, path: &str, form: &web_sys::FormData, key: Option<&str>) -> Result<T, Problem> {
    let builder = decorate(if method == "PUT" { Request::put(path) } else { Request::post(path) }, true);
    let builder = match key {
        Some(key) => builder.header("Idempotency-Key", key),
        None => builder,
    };
    let request = builder.body(wasm_bindgen::JsValue::from(form.clone())).map_err(|_| Problem::new(ErrorCode::MalformedRequest, lang()))?;
    read(request.send().await).await
}

/// Posts JSON and keeps the answer (a PDF preview) as an object URL the
/// page can open; the caller revokes it when it is replaced.
pub async fn post_for_object_url<B: Serialize>(path: &str, body: &B, content_type: &str) -> Result<String, Problem> {
    let request = decorate(Request::post(path), true).json(body).map_err(|_| Problem::new(ErrorCode::MalformedRequest, lang()))?;
    let response = request.send().await.map_err(|_| offline(lang()))?;
    if !response.ok() {
        return Err(response.json::<Problem>().await.unwrap_or_else(|_| Problem::new(ErrorCode::Internal, lang())));
    }
    let bytes = response.binary().await.map_err(|_| offline(lang()))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .map_err(|_| Problem::new(ErrorCode::Internal, lang()))
}
