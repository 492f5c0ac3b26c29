//! Serves the browser app built into `frontend/dist`: hashed files cached for a
//! year, brotli versions sent when the browser takes them, and `index.html` for
//! every other path so the app's own routes work on reload.
use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::state::AppState;

pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return ApiError::not_found().render(crate::http::extract::lang_of(&req));
    }
    let root = &state.settings.web_dir;
    let relative = req.path().trim_start_matches('/');
    let Some(file) = safe_join(root, relative) else {
        return ApiError::not_found().render(crate::http::extract::lang_of(&req));
    };
    if file.is_file() {
        return send(&req, &file, cache_for(relative));
    }
    // An unknown file (it has an extension) is a 404; anything else is a route
    // of the app, answered by the app.
    if Path::new(relative).extension().is_some() {
        return ApiError::not_found().render(crate::http::extract::lang_of(&req));
    }
    // Staff screens live in their own bundle, so learners on phones never load
    // them; the entry screens (sign in...) in the smallest, loaded first; the
    // learner's attestations, profile and the like apart from the map and modules.
    let page = if shared::is_staff_screen(req.path()) {
        "staff.html"
    } else if shared::is_entry_screen(req.path()) {
        "entry.html"
    } else if shared::is_account_screen(req.path()) {
        "account.html"
    } else {
        "index.html"
    };
    let index = root.join(page);
    if index.is_file() {
        return send(&req, &index, "no-cache");
    }
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain; charset=utf-8")
        .body("Cursus: the browser app is not built. Run `./cursus.sh run` (see README.md).\n")
}

fn cache_for(relative: &str) -> &'static str {
    // wasm-bindgen output and hashed assets never change under the same name.
    if relative.starts_with("pkg/") || relative.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" }
}

fn safe_join(root: &Path, relative: &str) -> Option<PathBuf> {
    let relative = Path::new(relative);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    if relative.to_string_lossy().split('/').any(|segment| segment.starts_with('.')) {
        return None;
    }
    Some(root.join(relative))
}

fn send(req: &HttpRequest, file: &Path, cache: &'static str) -> HttpResponse {
    let accepts_br =
        req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("br")));
    let mime = mime_guess(file);
    let brotli = PathBuf::from(format!("{}.br", file.display()));
    let opened = if accepts_br && brotli.is_file() {
        NamedFile::open(&brotli).map(|f| f.set_content_type(mime.clone()).set_content_encoding(ContentEncoding::Brotli))
    } else {
        NamedFile::open(file).map(|f| f.set_content_type(mime.clone()))
    };
    match opened {
        Ok(named) => {
            let mut response = named.disable_content_disposition().use_etag(true).use_last_modified(true).into_response(req);
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            response
        }
        Err(_) => ApiError::not_found().render(crate::http::extract::lang_of(req)),
    }
}

fn mime_guess(file: &Path) -> mime::Mime {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => mime::TEXT_HTML_UTF_8,
        Some("js") => mime::APPLICATION_JAVASCRIPT_UTF_8,
        Some("css") => mime::TEXT_CSS_UTF_8,
        Some("wasm") => "application/wasm".parse().unwrap_or(mime::APPLICATION_OCTET_STREAM),
        Some("svg") => mime::IMAGE_SVG,
        Some("png") => mime::IMAGE_PNG,
        Some("json") => mime::APPLICATION_JSON,
        Some("webmanifest") => "application/manifest+json".parse().unwrap_or(mime::APPLICATION_JSON),
        Some("woff2") => "font/woff2".parse().unwrap_or(mime::APPLICATION_OCTET_STREAM),
        _ => mime::APPLICATION_OCTET_STREAM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_app_folder_are_refused() {
        let root = Path::new("/srv/app");
        assert_eq!(safe_join(root, "pkg/app.js"), Some(PathBuf::from("/srv/app/pkg/app.js")));
        assert_eq!(safe_join(root, "../etc/passwd"), None);
        assert_eq!(safe_join(root, "pkg/../../x"), None);
        assert_eq!(safe_join(root, ".env"), None);
        assert_eq!(safe_join(root, "/etc/passwd"), None);
    }
}
