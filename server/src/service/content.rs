//! Module content as learners read it: Markdown rendered to HTML that carries
//! no script, links and documents.
use sea_orm::ConnectionTrait;
use shared::api::common::in_lang;
use shared::api::content::{DocumentView, MarkdownPreview, ModuleContent, SectionInput, SectionSource, SectionView};
use shared::enums::AuditAction;
use shared::lang::Lang;
use shared::num::{u32_of, u64_of};

use crate::entities::{document, module, module_section};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, Reader};
use crate::service::map;
use crate::service::uploads::{self, Download, Upload};
use crate::state::AppState;
use crate::store::programmes::{self, localized, module_title};
use crate::store::{audit, content};

/// Markdown to HTML, then through a whitelist sanitiser: scripts, event
/// handlers, `javascript:` links and styles do not survive.
pub fn render_markdown(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default().link_rel(Some("noopener noreferrer nofollow")).clean(&html).to_string()
}

pub fn document_view(doc: &document::Model) -> DocumentView {
    DocumentView {
        id: doc.id,
        name: doc.original_name.clone(),
        content_type: doc.content_type.clone(),
        size_bytes: u64_of(doc.size_bytes),
        url: format!("/api/v1/documents/{}", doc.id),
    }
}

/// A section in `lang` (French where a translation is missing, and then
/// flagged); `authoring` adds what the authors wrote in every language.
pub fn section_view(section: &module_section::Model, documents: &[document::Model], lang: Lang, authoring: bool) -> SectionView {
    let (title, title_fallback) = in_lang(lang, &section.title, &section.title_ar, &section.title_en);
    let body = section.body_markdown.as_deref().map(|fr| in_lang(lang, fr, &section.body_markdown_ar, &section.body_markdown_en));
    let source = authoring.then(|| SectionSource {
        title: localized(&section.title, &section.title_ar, &section.title_en),
        markdown: section.body_markdown.as_ref().map(|fr| localized(fr, &section.body_markdown_ar, &section.body_markdown_en)),
    });
    SectionView {
        id: section.id,
        position: u32_of(section.position),
        kind: section.kind,
        title: title.to_string(),
        html: body.map(|(text, _)| render_markdown(text)),
        url: section.url.clone(),
        document: section.document_id.and_then(|id| documents.iter().find(|d| d.id == id)).map(document_view),
        untranslated: title_fallback || body.is_some_and(|(_, fallback)| fallback),
        source,
    }
}

/// A module's content: a learner opens it once enrolled and its
/// prerequisites met; staff read it as it is.
pub async fn read(state: &AppState, actor: &Actor, module_id: i64, lang: Lang) -> ApiResult<ModuleContent> {
    let db = state.db.conn();
    let (module, staff) = match policy::content_reader(actor) {
        Reader::Learner(id) => (map::learner_access(state, id, module_id).await?.module, false),
        Reader::Staff => (
            programmes::module_by_id(db, module_id).await?.filter(|m| policy::may_see_module(actor, m.status)).ok_or_else(ApiError::not_found)?,
            true,
        ),
    };
    module_content(db, &module, lang, staff).await
}

/// A module document, to staff who teach or author and to learners who may open its module.
pub async fn document(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Download> {
    let db = state.db.conn();
    let doc = content::document_by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    if let Some(session_id) = doc.session_id {
        // A signed sheet: the cohort's trainers and administrators.
        let session = crate::store::attendance::by_id(db, session_id).await?.ok_or_else(ApiError::not_found)?;
        policy::may_teach(db, actor, session.cohort_id).await?;
        return uploads::download(state, &doc).await;
    }
    let module_id = doc.module_id.ok_or_else(ApiError::not_found)?;
    if let Reader::Learner(learner) = policy::document_reader(actor)? {
        map::learner_access(state, learner, module_id).await?;
    }
    uploads::download(state, &doc).await
}

async fn check_document(db: &impl ConnectionTrait, module_id: i64, input: &SectionInput) -> ApiResult<Vec<document::Model>> {
    let documents = content::documents_of(db, module_id).await?;
    if let Some(id) = input.document_id
        && !documents.iter().any(|d| d.id == id)
    {
        return Err(ApiError::field("document_id", "unknown_document"));
    }
    Ok(documents)
}

/// Refuses unless `actor` authors the programme of the module; 404 when there is no such module.
pub async fn may_author_module(db: &impl ConnectionTrait, actor: &Actor, module_id: i64) -> ApiResult<module::Model> {
    let module = programmes::module_by_id(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(db, actor, module.programme_id).await?;
    Ok(module)
}

pub async fn create_section(state: &AppState, actor: &Actor, module_id: i64, input: &SectionInput, lang: Lang) -> ApiResult<SectionView> {
    let tx = state.db.begin_write().await?;
    let module = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, module.programme_id).await?;
    let documents = check_document(&tx, module_id, input).await?;
    let saved = content::insert_section(&tx, module_id, input).await?;
    audit::record(&tx, actor.id, AuditAction::SectionCreate, saved.id, None).await?;
    tx.commit().await?;
    Ok(section_view(&saved, &documents, lang, true))
}

pub async fn update_section(state: &AppState, actor: &Actor, id: i64, input: &SectionInput, lang: Lang) -> ApiResult<SectionView> {
    let tx = state.db.begin_write().await?;
    let current = content::section_by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    may_author_module(&tx, actor, current.module_id).await?;
    let documents = check_document(&tx, current.module_id, input).await?;
    let saved = content::update_section(&tx, current, input).await?;
    audit::record(&tx, actor.id, AuditAction::SectionUpdate, saved.id, None).await?;
    tx.commit().await?;
    Ok(section_view(&saved, &documents, lang, true))
}

pub async fn delete_section(state: &AppState, actor: &Actor, id: i64) -> ApiResult<()> {
    let tx = state.db.begin_write().await?;
    let current = content::section_by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    may_author_module(&tx, actor, current.module_id).await?;
    content::delete_section(&tx, id).await?;
    audit::record(&tx, actor.id, AuditAction::SectionDelete, id, None).await?;
    tx.commit().await?;
    Ok(())
}

pub fn preview(actor: &Actor, markdown: &str) -> ApiResult<MarkdownPreview> {
    policy::may_preview_content(actor)?;
    Ok(MarkdownPreview { html: render_markdown(markdown) })
}

/// Puts a module's sections in the order given: all of them, each once, in
/// one transaction (so two authors reordering never leave ties behind).
pub async fn reorder_sections(state: &AppState, actor: &Actor, module_id: i64, ids: &[i64], lang: Lang) -> ApiResult<ModuleContent> {
    let tx = state.db.begin_write().await?;
    let module = may_author_module(&tx, actor, module_id).await?;
    let current: std::collections::BTreeSet<i64> = content::sections(&tx, module_id).await?.iter().map(|s| s.id).collect();
    let given: std::collections::BTreeSet<i64> = ids.iter().copied().collect();
    if given.len() != ids.len() || given != current {
        return Err(ApiError::field("section_ids", "every_section_once"));
    }
    content::set_positions(&tx, ids).await?;
    audit::record(&tx, actor.id, AuditAction::SectionUpdate, module_id, Some(serde_json::json!({ "order": ids }))).await?;
    let view = module_content(&tx, &module, lang, true).await?;
    tx.commit().await?;
    Ok(view)
}

/// Adds a document to a module's files (PDF, office documents, images, text).
pub async fn upload_document(state: &AppState, actor: &Actor, module_id: i64, upload: Upload) -> ApiResult<DocumentView> {
    may_author_module(state.db.conn(), actor, module_id).await?;
    let saved = uploads::store(state, uploads::Owner::Module(module_id), upload, actor.id).await?;
    Ok(document_view(&saved))
}

pub async fn module_content(db: &impl ConnectionTrait, module: &module::Model, lang: Lang, authoring: bool) -> ApiResult<ModuleContent> {
    let sections = content::sections(db, module.id).await?;
    let documents = content::documents_of(db, module.id).await?;
    Ok(ModuleContent {
        module_id: module.id,
        code: module.code.clone(),
        title: module_title(module),
        summary: localized(&module.summary_fr, &module.summary_ar, &module.summary_en),
        hours: u32_of(module.hours),
        sections: sections.iter().map(|s| section_view(s, &documents, lang, authoring)).collect(),
        documents: documents.iter().map(document_view).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_structure_and_loses_scripts() {
        let html = render_markdown(
            "# Titre\n\n**gras** [lien](https://ads.ma) <script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>Titre</h1>"), "{html}");
        assert!(html.contains("<strong>gras</strong>"), "{html}");
        assert!(html.contains("href=\"https://ads.ma\""), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }
}
