//! Public verification, without an account: a page (French, Arabic, English;
//! no script needed) and its JSON twin, a PDF upload that says whether a file
//! is byte for byte the one issued, and the issuer's public key. Look-ups are
//! rate-limited per address, against enumeration of codes.
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use shared::Lang;
use shared::api::attestations::{PdfCheck, VerifyView};
use shared::enums::VerificationStatus;
use shared::i18n::{Key, k, t, tf, tn};

use crate::attestation::pdf::{arabic_date, french_date};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{client_ip, lang_of};
use crate::http::upload::{is_multipart, read_body, read_form};
use crate::mail::compose::escape;
use crate::service::verification::{self, SealCheck};
use crate::state::AppState;

const PDF_LIMIT: usize = 5 * 1024 * 1024;

/// Checks a code: `valid`, `revoked`, `superseded` or `unknown`, with the claim.
#[utoipa::path(tag = "verification", params(("code" = String, Path)), responses((status = 200, body = VerifyView), (status = 429, body = shared::Problem)))]
#[get("/verify/{code}")]
pub async fn verify_json(state: web::Data<AppState>, req: HttpRequest, code: web::Path<String>) -> ApiResult<web::Json<VerifyView>> {
    Ok(web::Json(verification::verify(&state, &client_ip(&req).to_string(), &code).await?))
}

/// Whether a PDF (raw body, or the `file` field of a form) is one that was issued.
#[utoipa::path(tag = "verification", request_body(content = Vec<u8>, content_type = "application/pdf"), responses((status = 200, body = PdfCheck), (status = 400, body = shared::Problem), (status = 413, body = shared::Problem), (status = 429, body = shared::Problem)))]
#[post("/verify/pdf")]
pub async fn verify_pdf_json(state: web::Data<AppState>, req: HttpRequest, payload: web::Payload) -> ApiResult<web::Json<PdfCheck>> {
    let bytes = uploaded(&req, payload).await?;
    Ok(web::Json(verification::check_pdf(&state, &client_ip(&req).to_string(), &bytes).await?))
}

async fn uploaded(req: &HttpRequest, payload: web::Payload) -> ApiResult<Vec<u8>> {
    if is_multipart(req) {
        Ok(read_form(req, payload, PDF_LIMIT).await?.file.map(|f| f.bytes).unwrap_or_default())
    } else {
        read_body(req, payload, PDF_LIMIT).await
    }
}

/// The issuer's Ed25519 public keys (the current one and every earlier one),
/// to check the signature of any claim.
pub async fn issuer_key(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let keys = crate::service::keys::published(&state).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "public, max-age=300")).json(keys))
}

#[derive(Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
}

fn page_lang(req: &HttpRequest, query: &PageQuery) -> Lang {
    query.lang.as_deref().and_then(Lang::from_code).unwrap_or_else(|| lang_of(req))
}

fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::Fr => french_date(d),
        Lang::Ar => arabic_date(d),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

fn page(lang: Lang, path: &str, body: &str) -> String {
    let tr = |key: Key| escape(t(lang, key));
    let switch: Vec<String> = Lang::ALL
        .iter()
        .map(|l| {
            let name = match l {
                Lang::Fr => "Français",
                Lang::Ar => "العربية",
                Lang::En => "English",
            };
            if *l == lang {
                format!("<strong lang=\"{}\">{name}</strong>", l.code())
            } else {
                format!("<a href=\"{path}?lang={}\" lang=\"{}\" hreflang=\"{}\">{name}</a>", l.code(), l.code(), l.code())
            }
        })
        .collect();
    format!(
        r#"<!doctype html><html lang="{code}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} — Cursus</title><meta name="robots" content="noindex"><style>
body{{margin:0;font-family:system-ui,"Noto Sans","Noto Sans Arabic",sans-serif;background:#f4f6f5;color:#1b1f23;line-height:1.5}}
header{{background:#0b5a4a;color:#fff;padding:.7rem 1rem;display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem}}header a{{color:#fff}}
main{{max-width:42rem;margin:0 auto;padding:1rem}}section{{background:#fff;border:1px solid #d0d7d4;border-radius:8px;padding:1rem 1.25rem;margin-block:1rem}}
h1{{font-size:1.4rem;margin:.2rem 0 1rem}}h2{{font-size:1.15rem;margin:0 0 .75rem}}label{{font-weight:600;display:block;margin-block:.5rem .25rem}}
input{{font:inherit;padding:.5rem;border:1px solid #6b747c;border-radius:8px;width:100%;box-sizing:border-box}}button{{font:inherit;margin-top:.75rem;padding:.55rem 1rem;border-radius:8px;border:1px solid #0b5a4a;background:#0b5a4a;color:#fff;cursor:pointer}}
:focus-visible{{outline:3px solid #ffbf47;outline-offset:2px}}dl{{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}}dt{{font-weight:600}}dd{{margin:0}}
.status{{font-weight:700;padding:.6rem .8rem;border-radius:8px;margin-bottom:1rem}}.valid{{background:#e3f4e8;color:#14532d}}.revoked,.unknown,.forged{{background:#fde8e8;color:#7f1d1d}}.superseded{{background:#fff4d6;color:#6b3e00}}
small{{color:#545d66}}</style></head><body><header><span>Cursus — {title}</span><nav aria-label="{language}">{switch}</nav></header><main>{body}</main></body></html>"#,
        code = lang.code(),
        dir = lang.dir(),
        title = tr(k::VERIFY_TITLE),
        language = tr(k::UI_LANGUAGE),
        switch = switch.join(" · "),
    )
}

fn forms(lang: Lang, code: &str) -> String {
    let tr = |key: Key| escape(t(lang, key));
    format!(
        r#"<section><h2>{check_code}</h2><form method="post" action="/verify?lang={l}"><label for="code">{code_label}</label><input id="code" name="code" value="{code}" autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX" required><button type="submit">{check}</button></form></section>
<section><h2>{check_file}</h2><form method="post" action="/verify/pdf?lang={l}" enctype="multipart/form-data"><label for="file">{upload_label}</label><input id="file" name="file" type="file" accept="application/pdf" required><button type="submit">{upload_check}</button></form></section>"#,
        l = lang.code(),
        check_code = tr(k::VERIFY_CHECK_CODE),
        code_label = tr(k::VERIFY_CODE_LABEL),
        code = escape(code),
        check = tr(k::VERIFY_CHECK),
        check_file = tr(k::VERIFY_CHECK_FILE),
        upload_label = tr(k::VERIFY_UPLOAD_LABEL),
        upload_check = tr(k::VERIFY_UPLOAD_CHECK),
    )
}

fn claim_html(lang: Lang, v: &VerifyView) -> String {
    let tr = |key: Key| escape(t(lang, key));
    let headline = match v.status {
        VerificationStatus::Valid => tr(k::VERIFY_STATUS_VALID),
        VerificationStatus::Revoked => tr(k::VERIFY_STATUS_REVOKED),
        VerificationStatus::Superseded => tr(k::VERIFY_STATUS_SUPERSEDED),
        VerificationStatus::Unknown => tr(k::VERIFY_STATUS_UNKNOWN),
    };
    let class = v.status.as_str();
    let mut html = format!(r#"<section aria-live="polite"><p class="status {class}" role="status">{headline}</p>"#);
    if v.status != VerificationStatus::Unknown {
        // Names, titles and codes keep their own direction inside an Arabic page.
        let row = |label: Key, value: Option<String>| {
            value.map(|v| format!("<dt>{}</dt><dd dir=\"auto\">{}</dd>", tr(label), escape(&v))).unwrap_or_default()
        };
        let kind = v.kind.map(|k| t(lang, k.label_key()).to_string());
        html.push_str("<dl>");
        html.push_str(&row(k::VERIFY_KIND, kind));
        html.push_str(&row(k::VERIFY_HOLDER, v.holder.clone()));
        html.push_str(&row(k::VERIFY_WHAT, v.title.clone()));
        html.push_str(&row(k::VERIFY_PROGRAMME, v.programme.clone()));
        html.push_str(&row(k::VERIFY_COHORT, v.cohort.as_ref().map(|c| format!("{c} — {}", v.region.clone().unwrap_or_default()))));
        html.push_str(&row(k::VERIFY_HOURS, v.hours.filter(|h| *h > 0).map(|h| tn(lang, k::VERIFY_HOURS_VALUE, u64::from(h), &[]))));
        html.push_str(&row(k::VERIFY_ISSUED_ON, v.issued_on.map(|d| date(lang, d))));
        html.push_str(&row(k::VERIFY_ISSUER, v.issuer.clone()));
        html.push_str(&row(k::VERIFY_CODE, v.code.clone()));
        html.push_str("</dl>");
        if let (Some(on), VerificationStatus::Revoked) = (v.revoked_on, v.status) {
            let on = date(lang, on);
            let text = match &v.revocation_note {
                Some(note) => tf(lang, k::VERIFY_REVOKED_ON_NOTE, &[("date", &on), ("note", note)]),
                None => tf(lang, k::VERIFY_REVOKED_ON_PLAIN, &[("date", &on)]),
            };
            html.push_str(&format!("<p><strong>{}</strong></p>", escape(&text)));
        }
        if let Some(new) = &v.superseded_by {
            html.push_str(&format!(
                "<p><a href=\"/verify/{c}?lang={l}\">{}</a></p>",
                escape(&tf(lang, k::VERIFY_SEE_NEW, &[("code", new)])),
                c = escape(new),
                l = lang.code()
            ));
        }
        // The address reads left to right in every language.
        let path = r#"<bdi dir="ltr"><code>/.well-known/cursus-issuer.json</code></bdi>"#;
        html.push_str(&format!("<p><small>{}</small></p>", escape(&tf(lang, k::VERIFY_SIGNATURE_NOTE, &[("path", "\u{1}")])).replace('\u{1}', path)));
    }
    html.push_str("</section>");
    html
}

fn html(status: actix_web::http::StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status).content_type("text/html; charset=utf-8").insert_header((header::CACHE_CONTROL, "no-store")).body(body)
}

fn too_many(lang: Lang, retry_after: u64) -> HttpResponse {
    let body =
        page(lang, "/verify", &format!("<section><p class=\"status unknown\" role=\"alert\">{}</p></section>", escape(t(lang, k::VERIFY_TOO_MANY))));
    let mut response = html(actix_web::http::StatusCode::TOO_MANY_REQUESTS, body);
    if let Ok(value) = header::HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub async fn form_page(req: HttpRequest, query: web::Query<PageQuery>) -> HttpResponse {
    let lang = page_lang(&req, &query);
    let intro = format!("<h1>{}</h1><p>{}</p>", escape(t(lang, k::VERIFY_TITLE)), escape(t(lang, k::VERIFY_INTRO)));
    html(actix_web::http::StatusCode::OK, page(lang, "/verify", &format!("{intro}{}", forms(lang, ""))))
}

pub async fn code_page(state: web::Data<AppState>, req: HttpRequest, code: web::Path<String>, query: web::Query<PageQuery>) -> HttpResponse {
    let lang = page_lang(&req, &query);
    let view = match verification::verify(&state, &client_ip(&req).to_string(), &code).await {
        Ok(view) => view,
        Err(ApiError::RateLimited { retry_after }) => return too_many(lang, retry_after),
        Err(e) => return e.render(lang),
    };
    let path = format!("/verify/{}", escape(&code));
    let body = format!("<h1>{}</h1>{}{}", escape(t(lang, k::VERIFY_TITLE)), claim_html(lang, &view), forms(lang, view.code.as_deref().unwrap_or("")));
    html(actix_web::http::StatusCode::OK, page(lang, &path, &body))
}

/// The address a printed QR code opens: the code's page, with what the
/// seal in the QR code says and whether its signature holds.
pub async fn scanned_page(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>, query: web::Query<PageQuery>) -> HttpResponse {
    let lang = page_lang(&req, &query);
    let seal = path.into_inner();
    let (view, check) = match verification::verify_scanned(&state, &client_ip(&req).to_string(), &seal).await {
        Ok(answer) => answer,
        Err(ApiError::RateLimited { retry_after }) => return too_many(lang, retry_after),
        Err(e) => return e.render(lang),
    };
    // A seal that does not open names no code: "no attestation bears this
    // code" would only confuse beside "not the issuer's signature".
    let record_html = if matches!(check, SealCheck::NotGenuine) && view.code.is_none() { String::new() } else { claim_html(lang, &view) };
    let seal_html = match check {
        SealCheck::Genuine(s) => {
            let hours = s.hours.to_string();
            let text = tf(
                lang,
                k::VERIFY_SEAL_GENUINE,
                &[("holder", &s.holder), ("what", &s.what), ("hours", &hours), ("date", &date(lang, s.issued_on)), ("key", &s.kid)],
            );
            format!(
                "<section><p class=\"status valid\">{}</p><p><small>{}</small></p></section>",
                escape(&text),
                escape(t(lang, k::VERIFY_SEAL_OFFLINE))
            )
        }
        SealCheck::NotGenuine => {
            format!("<section><p class=\"status forged\" role=\"alert\">{}</p></section>", escape(t(lang, k::VERIFY_SEAL_NOT_GENUINE)))
        }
    };
    let path = format!("/V/{}", escape(&seal));
    let body = format!("<h1>{}</h1>{record_html}{seal_html}{}", escape(t(lang, k::VERIFY_TITLE)), forms(lang, view.code.as_deref().unwrap_or("")));
    html(actix_web::http::StatusCode::OK, page(lang, &path, &body))
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// The form posts a typed code; the answer is the code's own page.
pub async fn code_form(req: HttpRequest, query: web::Query<PageQuery>, form: web::Form<CodeForm>) -> HttpResponse {
    let lang = page_lang(&req, &query);
    let code = crate::attestation::code::normalise(&form.code)
        .unwrap_or_else(|| form.code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect());
    HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/verify/{code}?lang={}", lang.code()))).finish()
}

pub async fn pdf_page(state: web::Data<AppState>, req: HttpRequest, query: web::Query<PageQuery>, payload: web::Payload) -> HttpResponse {
    let lang = page_lang(&req, &query);
    let check = match uploaded(&req, payload).await {
        Ok(bytes) => verification::check_pdf(&state, &client_ip(&req).to_string(), &bytes).await,
        Err(e) => Err(e),
    };
    let check = match check {
        Ok(check) => check,
        Err(ApiError::RateLimited { retry_after }) => return too_many(lang, retry_after),
        Err(e) => return e.render(lang),
    };
    let verdict = if check.genuine {
        format!("<section><p class=\"status valid\" role=\"status\">{}</p></section>", escape(t(lang, k::VERIFY_PDF_GENUINE)))
    } else {
        format!("<section><p class=\"status forged\" role=\"alert\">{}</p></section>", escape(t(lang, k::VERIFY_PDF_NOT_GENUINE)))
    };
    let claim = check.attestation.as_ref().map(|v| claim_html(lang, v)).unwrap_or_default();
    let body = format!("<h1>{}</h1>{verdict}{claim}{}", escape(t(lang, k::VERIFY_TITLE)), forms(lang, ""));
    html(actix_web::http::StatusCode::OK, page(lang, "/verify", &body))
}
