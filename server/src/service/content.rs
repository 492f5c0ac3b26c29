//! Module content as learners read it: Markdown rendered to HTML that carries
//! no script, links and documents.
use sea_orm::ConnectionTrait;
use shared::api::content::{DocumentView, ModuleContent, SectionView};
use shared::enums::SectionKind;

use crate::entities::{document, module, module_section};
use crate::error::ApiResult;
use crate::store::content;
use crate::store::programmes::{localized, module_title};

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
        size_bytes: doc.size_bytes.max(0) as u64,
        url: format!("/api/v1/documents/{}", doc.id),
    }
}

pub fn section_view(section: &module_section::Model, documents: &[document::Model]) -> SectionView {
    SectionView {
        id: section.id,
        position: section.position.max(0) as u32,
        kind: SectionKind::parse(&section.kind).unwrap_or(SectionKind::Text),
        title: section.title.clone(),
        html: section.body_markdown.as_deref().map(render_markdown),
        markdown: section.body_markdown.clone(),
        url: section.url.clone(),
        document: section.document_id.and_then(|id| documents.iter().find(|d| d.id == id)).map(document_view),
    }
}

pub async fn module_content(db: &impl ConnectionTrait, module: &module::Model) -> ApiResult<ModuleContent> {
    let sections = content::sections(db, module.id).await?;
    let documents = content::documents_of(db, module.id).await?;
    Ok(ModuleContent {
        module_id: module.id,
        code: module.code.clone(),
        title: module_title(module),
        summary: localized(&module.summary_fr, &module.summary_ar, &module.summary_en),
        hours: module.hours.max(0) as u32,
        sections: sections.iter().map(|s| section_view(s, &documents)).collect(),
        documents: documents.iter().map(document_view).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_structure_and_loses_scripts() {
        let html = render_markdown("# Titre\n\n**gras** [lien](https://ads.ma) <script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)>");
        assert!(html.contains("<h1>Titre</h1>"), "{html}");
        assert!(html.contains("<strong>gras</strong>"), "{html}");
        assert!(html.contains("href=\"https://ads.ma\""), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }
}
