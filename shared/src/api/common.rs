use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::lang::Lang;

/// A text in `lang`, and whether French stands in for a missing (or blank)
/// translation: learners read French rather than nothing, and authors are
/// shown where that happens.
pub fn in_lang<'a>(lang: Lang, fr: &'a str, ar: &'a Option<String>, en: &'a Option<String>) -> (&'a str, bool) {
    let other = match lang {
        Lang::Fr => return (fr, false),
        Lang::Ar => ar.as_deref(),
        Lang::En => en.as_deref(),
    };
    match other.filter(|s| !s.trim().is_empty()) {
        Some(text) => (text, false),
        None => (fr, true),
    }
}

/// A translation as stored: a blank one is no translation.
pub fn filled(text: &Option<String>) -> Option<String> {
    text.as_ref().map(|t| t.trim()).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Text in French (required) with optional Arabic and English versions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    /// Required where a title is given; a summary's may be empty in answers.
    #[validate(length(min = 1, max = 2000), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub fr: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "server", schema(max_length = 2000))]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn fr(text: impl Into<String>) -> LocalizedText {
        LocalizedText { fr: text.into(), ar: None, en: None }
    }

    /// The text in `lang`, falling back to French.
    pub fn get(&self, lang: Lang) -> &str {
        in_lang(lang, &self.fr, &self.ar, &self.en).0
    }
}

/// `?page=&per_page=` on every list. Pages count from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct PageQuery {
    #[serde(default = "default_page")]
    #[validate(range(min = 1, max = 1_000_000))]
    #[cfg_attr(feature = "server", param(minimum = 1, maximum = 1000000))]
    pub page: u64,
    #[serde(default = "default_per_page")]
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "server", param(minimum = 1, maximum = 200))]
    pub per_page: u64,
}

fn default_page() -> u64 {
    1
}

fn default_per_page() -> u64 {
    50
}

impl Default for PageQuery {
    fn default() -> Self {
        PageQuery { page: 1, per_page: 50 }
    }
}

impl PageQuery {
    pub fn offset(&self) -> u64 {
        (self.page.saturating_sub(1)).saturating_mul(self.per_page)
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, query: PageQuery) -> Page<T> {
        Page { items, total, page: query.page, per_page: query.per_page }
    }
}

/// A short reference to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: i64,
    pub full_name: String,
    pub email: String,
}

/// A reason, required for revocations and similar irreversible acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReasonRequest {
    #[validate(length(min = 1, max = 1000), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 1000, pattern = r"\S"))]
    pub reason: String,
}
