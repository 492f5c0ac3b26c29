use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::api::LocalizedText;
use crate::enums::SectionKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SectionView {
    pub id: i64,
    pub position: u32,
    pub kind: SectionKind,
    pub title: String,
    /// Markdown rendered to HTML that carries no script, in the reader's
    /// language (`Accept-Language`).
    pub html: Option<String>,
    pub url: Option<String>,
    pub document: Option<DocumentView>,
    /// French stands in for a missing translation of the title or text.
    #[serde(default)]
    pub untranslated: bool,
    /// What the authors wrote, in every language: for staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SectionSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SectionSource {
    pub title: LocalizedText,
    pub markdown: Option<LocalizedText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DocumentView {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ModuleContent {
    pub module_id: i64,
    pub code: String,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub hours: u32,
    pub sections: Vec<SectionView>,
    pub documents: Vec<DocumentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[validate(schema(function = "section_is_complete", skip_on_field_errors = false))]
pub struct SectionInput {
    pub kind: SectionKind,
    #[validate(length(min = 1, max = 200), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    /// Arabic and English versions; French (`title`, `markdown`) is required and the fallback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub title_en: Option<String>,
    #[serde(default)]
    #[validate(length(max = 100_000))]
    #[cfg_attr(feature = "server", schema(max_length = 100000))]
    pub markdown: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 100_000))]
    #[cfg_attr(feature = "server", schema(max_length = 100000))]
    pub markdown_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 100_000))]
    #[cfg_attr(feature = "server", schema(max_length = 100000))]
    pub markdown_en: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::web_url"))]
    #[cfg_attr(feature = "server", schema(pattern = r"^https?://"))]
    pub url: Option<String>,
    #[serde(default)]
    pub document_id: Option<i64>,
    #[serde(default)]
    pub position: Option<u32>,
}

fn section_is_complete(input: &SectionInput) -> Result<(), ValidationError> {
    match input.kind {
        SectionKind::Text if input.markdown.as_deref().is_none_or(|m| m.trim().is_empty()) => {
            Err(crate::validation::on_field("required", "markdown"))
        }
        SectionKind::Link if input.url.is_none() => Err(crate::validation::on_field("required", "url")),
        SectionKind::Document if input.document_id.is_none() => Err(crate::validation::on_field("required", "document_id")),
        _ => Ok(()),
    }
}

/// Markdown to preview as learners will read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MarkdownPreviewRequest {
    #[validate(length(max = 100_000))]
    #[cfg_attr(feature = "server", schema(max_length = 100000))]
    pub markdown: String,
}

/// The HTML learners get: rendered and sanitised by the server's own rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MarkdownPreview {
    pub html: String,
}

/// A module's sections in their new order: every section of the module, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SectionOrderRequest {
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "server", schema(max_items = 500))]
    pub section_ids: Vec<i64>,
}
