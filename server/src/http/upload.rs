//! Reading request bodies that carry files: a raw body or a
//! multipart/form-data form, each with a size limit enforced while reading.
use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, web};
use futures_util::StreamExt as _;
use shared::i18n::k;
use shared::problem::ErrorCode;

use crate::error::{ApiError, ApiResult};
use crate::service::uploads::{Download, Upload};

fn too_large() -> ApiError {
    ApiError::with_key(ErrorCode::PayloadTooLarge, k::VALIDATION_FILE_TOO_LARGE)
}

pub async fn read_body(req: &HttpRequest, mut payload: web::Payload, limit: usize) -> ApiResult<Vec<u8>> {
    // Sized once from the announced length (a large file would otherwise be
    // copied as the buffer doubles, and held at up to twice its size).
    let announced =
        req.headers().get(actix_web::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    if announced > limit {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(announced);
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::code(ErrorCode::MalformedRequest))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A multipart form: its file (the first part with a file name) and text fields.
#[derive(Default)]
pub struct Form {
    pub file: Option<Upload>,
    pub fields: HashMap<String, String>,
}

pub fn is_multipart(req: &HttpRequest) -> bool {
    req.content_type() == "multipart/form-data"
}

pub async fn read_form(req: &HttpRequest, payload: web::Payload, limit: usize) -> ApiResult<Form> {
    let mut multipart = Multipart::new(req.headers(), payload.into_inner());
    let mut form = Form::default();
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| ApiError::code(ErrorCode::MalformedRequest))?;
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_string);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| ApiError::code(ErrorCode::MalformedRequest))?;
            total += chunk.len();
            if total > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            Some(file_name) if form.file.is_none() => form.file = Some(Upload { file_name, bytes }),
            Some(_) => {}
            None => {
                let text = String::from_utf8(bytes).map_err(|_| ApiError::code(ErrorCode::MalformedRequest))?;
                // As in JSON bodies: U+0000 is refused at the door (PostgreSQL refuses it in text).
                if text.contains('\0') {
                    return Err(ApiError::with_key(ErrorCode::MalformedRequest, shared::i18n::k::VALIDATION_NUL_CHARACTER));
                }
                form.fields.insert(name, text);
            }
        }
    }
    Ok(form)
}

/// The one file of a form whose only field is `file` (a module document, a
/// photo of a signed sheet, a signature): multipart required, `limit` applied.
pub async fn single_file(req: &HttpRequest, payload: web::Payload, limit: usize) -> ApiResult<Upload> {
    if !is_multipart(req) {
        return Err(ApiError::with_text(ErrorCode::UnsupportedMediaType, "multipart/form-data"));
    }
    let form = read_form(req, payload, limit + 64 * 1024).await?;
    form.file.ok_or_else(|| ApiError::field("file", "required"))
}

/// A stored file as an attachment download.
pub fn download(file: Download) -> HttpResponse {
    let disposition = ContentDisposition { disposition: DispositionType::Attachment, parameters: vec![DispositionParam::Filename(file.file_name)] };
    HttpResponse::Ok().content_type(file.content_type).insert_header(disposition).body(file.bytes)
}
