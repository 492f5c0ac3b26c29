//! Files people upload (module documents, assignment submissions): checked by
//! their content, not only their name, limited in size, and kept in file
//! storage under a generated key — never a name from the user.
use shared::i18n::k;
use shared::problem::ErrorCode;

use crate::entities::document;
use crate::error::{ApiError, ApiResult};
use crate::secrets::sha256_hex;
use crate::state::AppState;
use crate::storage::Storage;
use crate::store::content::{self, NewDocument};

pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file name's extension, lower-case ("" when it has none).
pub fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The content type of an accepted file, from its extension confirmed by its
/// first bytes.
pub fn sniff(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let extension = extension(name);
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let text = std::str::from_utf8(bytes).is_ok_and(|t| !t.contains('\0'));
    Some(match extension.as_str() {
        "pdf" if bytes.starts_with(b"%PDF-") => "application/pdf",
        "docx" if zip => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" if zip => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" if zip => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" if zip => "application/vnd.oasis.opendocument.text",
        "ods" if zip => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" if zip => "application/vnd.oasis.opendocument.presentation",
        "doc" if ole => "application/msword",
        "xls" if ole => "application/vnd.ms-excel",
        "ppt" if ole => "application/vnd.ms-powerpoint",
        "png" if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => "image/png",
        "jpg" | "jpeg" if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => "image/jpeg",
        "txt" | "md" | "csv" if text => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// A file name safe to show and to send back in `Content-Disposition`.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':')).take(150).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() { "document".into() } else { cleaned }
}

/// Checks a file and puts it in file storage; its record is the caller's to
/// write (and `discard` undoes the put when that fails).
pub async fn put(storage: &Storage, upload: Upload) -> ApiResult<NewDocument> {
    if upload.bytes.is_empty() {
        return Err(ApiError::field("file", "empty_file"));
    }
    if upload.bytes.len() > MAX_UPLOAD {
        return Err(ApiError::with_key(ErrorCode::PayloadTooLarge, k::VALIDATION_FILE_TOO_LARGE));
    }
    let content_type = sniff(&upload.file_name, &upload.bytes).ok_or_else(|| ApiError::field("file", "file_type"))?;
    let stored_name = uuid::Uuid::new_v4().simple().to_string();
    let size_bytes = i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX);
    let sha256 = sha256_hex(&upload.bytes);
    storage.put(&key_of(&stored_name), upload.bytes).await?;
    Ok(NewDocument {
        module_id: None,
        session_id: None,
        original_name: clean_name(&upload.file_name),
        stored_name,
        content_type: content_type.to_string(),
        size_bytes,
        sha256,
        uploaded_by: None,
    })
}

/// Removes a stored file whose record could not be written.
pub async fn discard(storage: &Storage, stored_name: &str) {
    if let Err(cleanup) = storage.delete(&key_of(stored_name)).await {
        tracing::warn!(error = format!("{cleanup:#}"), stored_name, "removing an upload whose record failed");
    }
}

/// What a stored file belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Module(i64),
    Session(i64),
    /// An assignment submission (its attempt refers to the file).
    Submission,
}

/// Checks and stores a file; the row and the file exist together or not at all.
pub async fn store(state: &AppState, owner: Owner, upload: Upload, uploaded_by: Option<i64>) -> ApiResult<document::Model> {
    let new = put(&state.storage, upload).await?;
    let stored_name = new.stored_name.clone();
    let (module_id, session_id) = match owner {
        Owner::Module(id) => (Some(id), None),
        Owner::Session(id) => (None, Some(id)),
        Owner::Submission => (None, None),
    };
    match content::insert_document(state.db.conn(), NewDocument { module_id, session_id, uploaded_by, ..new }).await {
        Ok(doc) => Ok(doc),
        Err(e) => {
            discard(&state.storage, &stored_name).await;
            Err(e.into())
        }
    }
}

/// The storage key of an uploaded file.
pub fn key_of(stored_name: &str) -> String {
    format!("uploads/{stored_name}")
}

/// A stored document's bytes, as a download.
pub async fn download(state: &AppState, doc: &document::Model) -> ApiResult<Download> {
    let bytes = download_from(&state.storage, doc).await?;
    Ok(Download { file_name: doc.original_name.clone(), content_type: doc.content_type.clone(), bytes })
}

pub async fn download_from(storage: &Storage, doc: &document::Model) -> ApiResult<bytes::Bytes> {
    storage.get(&key_of(&doc.stored_name)).await?.ok_or_else(ApiError::not_found)
}

/// A file on its way to the client.
pub struct Download {
    pub file_name: String,
    pub content_type: String,
    pub bytes: bytes::Bytes,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_accepted_by_content_and_name() {
        assert_eq!(sniff("rapport.pdf", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff("rapport.pdf", b"MZ\x90\x00"), None, "an executable renamed .pdf");
        assert_eq!(sniff("plan.docx", b"PK\x03\x04rest"), Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        assert_eq!(sniff("notes.txt", "texte accentué".as_bytes()), Some("text/plain; charset=utf-8"));
        assert_eq!(sniff("script.html", b"<script>"), None);
        assert_eq!(sniff("noextension", b"%PDF-"), None);
    }

    #[test]
    fn names_lose_paths_and_dangerous_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\x\\plan d'action.docx"), "plan d'action.docx");
        assert_eq!(clean_name("\"evil\".pdf"), "evil.pdf");
        assert_eq!(clean_name(".."), "document");
    }
}
