//! Curriculum files both ways: loading one (the shipped programmes, or a
//! programme another team handed over) and exporting a programme in the
//! same format, documents alongside, so that loading the export elsewhere
//! and exporting again gives the same file.
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use shared::api::evaluations::EvaluationDefinition;
use shared::enums::{ModuleStatus, SectionKind};

use crate::db::Db;
use crate::domain::curriculum::{self, AssessmentSpec, CurriculumFile, FamilySpec, GroupSpec, ModuleSpec, SectionSpec};
use crate::service::uploads::{self, Upload};
use crate::storage::Storage;
use crate::store::content::{self, NewDocument};
use crate::store::curriculum::{SyncError, SyncReport, sync};
use crate::store::programmes::{self, localized, module_title};
use crate::store::{assessment_definitions, assessments, evaluations};

/// The `*.toml` files of a folder, in name order.
pub fn files_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the curricula folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads one file; the error names the file and every problem in it.
pub async fn load_file(db: &Db, storage: &Storage, path: &Path, only_if_missing: bool) -> anyhow::Result<Option<SyncReport>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file = curriculum::parse(&text).map_err(|problems| anyhow::anyhow!("{}: {}", path.display(), problems.join("; ")))?;
    if only_if_missing && programmes::by_code(db.conn(), &file.code).await?.is_some() {
        return Ok(None);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let documents = store_documents(db, storage, dir, &file).await.with_context(|| path.display().to_string())?;
    let result = sync(db, &file, &documents).await;
    if result.is_err() {
        for new in documents.values() {
            uploads::discard(storage, &new.stored_name).await;
        }
    }
    match result {
        Ok(report) => Ok(Some(report)),
        Err(SyncError::Invalid(problem)) => Err(anyhow::anyhow!("{}: {problem}", path.display())),
        Err(SyncError::Db(e)) => Err(anyhow::Error::new(e).context(format!("loading {}", path.display()))),
    }
}

/// Loads the shipped programmes that the database does not have yet (first run).
pub async fn load_missing(db: &Db, storage: &Storage, dir: &Path) -> anyhow::Result<Vec<SyncReport>> {
    let mut reports = Vec::new();
    for path in files_in(dir)? {
        if let Some(report) = load_file(db, storage, &path, true).await? {
            reports.push(report);
        }
    }
    Ok(reports)
}

/// The documents named by the modules the database does not have yet (a
/// reload leaves existing modules' content alone), checked like an upload
/// and put in file storage.
async fn store_documents(db: &Db, storage: &Storage, dir: &Path, file: &CurriculumFile) -> anyhow::Result<HashMap<String, NewDocument>> {
    let existing: HashSet<String> = match programmes::by_code(db.conn(), &file.code).await? {
        Some(p) => programmes::modules_of(db.conn(), p.id).await?.into_iter().map(|m| m.code).collect(),
        None => HashSet::new(),
    };
    let mut stored = HashMap::new();
    let wanted = file.modules.iter().filter(|m| !existing.contains(&m.code)).flat_map(|m| m.sections.iter()).filter_map(|s| s.document.as_ref());
    for relative in wanted {
        if stored.contains_key(relative) {
            continue;
        }
        let bytes = std::fs::read(dir.join(relative)).with_context(|| format!("cannot read the document {relative}"))?;
        let file_name = Path::new(relative).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let new = uploads::put(storage, Upload { file_name, bytes }).await.map_err(|e| anyhow::anyhow!("the document {relative} is refused: {e}"))?;
        stored.insert(relative.clone(), new);
    }
    Ok(stored)
}

/// A programme as a curriculum file, and its documents (path in the file →
/// stored file name and bytes).
pub struct Export {
    pub file: CurriculumFile,
    pub documents: Vec<(String, bytes::Bytes)>,
}

pub async fn export(db: &Db, storage: &Storage, code: &str) -> anyhow::Result<Export> {
    let conn = db.conn();
    let programme = programmes::by_code(conn, code).await?.with_context(|| format!("no programme has the code {code}"))?;
    let families = programmes::families_of(conn, programme.id).await?;
    let modules = programmes::modules_of(conn, programme.id).await?;
    let groups = programmes::groups_of(conn, programme.id).await?;
    let codes: HashMap<i64, String> = modules.iter().map(|m| (m.id, m.code.clone())).collect();
    let mut documents = Vec::new();
    let mut specs = Vec::with_capacity(modules.len());
    let mut evaluations_at: HashMap<Option<i64>, Vec<EvaluationDefinition>> = HashMap::new();
    for e in evaluations::of_programmes(conn, &[programme.id]).await? {
        evaluations_at.entry(e.module_id).or_default().push(serde_json::from_str(&e.definition).with_context(|| format!("evaluation {}", e.id))?);
    }
    for module in &modules {
        let mut groups: Vec<GroupSpec> = groups
            .get(&module.id)
            .into_iter()
            .flatten()
            .map(|g| GroupSpec { modules: g.members.iter().filter_map(|id| codes.get(id).cloned()).collect(), min_required: g.min_required })
            .collect();
        let requires = if groups.first().is_some_and(|g| g.min_required.is_none()) { groups.remove(0).modules } else { Vec::new() };
        let files = content::documents_of(conn, module.id).await?;
        let mut sections = Vec::new();
        for section in content::sections(conn, module.id).await? {
            let document = match (section.kind, section.document_id.and_then(|id| files.iter().find(|d| d.id == id))) {
                (SectionKind::Document, Some(doc)) => {
                    let mut path = format!("documents/{}/{}", module.code, doc.original_name);
                    if documents.iter().any(|(p, _)| *p == path) {
                        path = format!("documents/{}/{}-{}", module.code, documents.len() + 1, doc.original_name);
                    }
                    let bytes = uploads::download_from(storage, doc).await?;
                    documents.push((path.clone(), bytes));
                    Some(path)
                }
                _ => None,
            };
            sections.push(SectionSpec {
                title: section.title,
                title_ar: section.title_ar,
                title_en: section.title_en,
                body: section.body_markdown,
                body_ar: section.body_markdown_ar,
                body_en: section.body_markdown_en,
                url: section.url,
                document,
            });
        }
        let (assessment, pass_mark) = match assessments::by_module(conn, module.id).await? {
            Some(a) => {
                let (spec, mark) = AssessmentSpec::of(assessment_definitions::read(conn, &a).await?);
                (Some(spec), mark)
            }
            None => (None, curriculum::default_pass_mark()),
        };
        let summary = localized(&module.summary_fr, &module.summary_ar, &module.summary_en);
        specs.push(ModuleSpec {
            code: module.code.clone(),
            family: module.family_id.and_then(|id| families.iter().find(|f| f.id == id)).map(|f| f.code.clone()),
            title: module_title(module),
            summary: (!summary.fr.is_empty() || summary.ar.is_some() || summary.en.is_some()).then_some(summary),
            hours: shared::num::u32_of(module.hours),
            status: (module.status != ModuleStatus::Published).then_some(module.status),
            pass_mark,
            requires,
            prerequisites: groups,
            sections,
            assessment,
            evaluations: evaluations_at.remove(&Some(module.id)).unwrap_or_default(),
        });
    }
    let summary = localized(&programme.summary_fr, &programme.summary_ar, &programme.summary_en);
    let file = CurriculumFile {
        code: programme.code.clone(),
        title: localized(&programme.title_fr, &programme.title_ar, &programme.title_en),
        summary: (!summary.fr.is_empty() || summary.ar.is_some() || summary.en.is_some()).then_some(summary),
        issuer: programme.issuer.clone(),
        bilingual_attestations: programme.bilingual_attestations,
        families: families.iter().map(|f| FamilySpec { code: f.code.clone(), title: localized(&f.title_fr, &f.title_ar, &f.title_en) }).collect(),
        modules: specs,
        evaluations: evaluations_at.remove(&None).unwrap_or_default(),
    };
    Ok(Export { file, documents })
}

/// Writes an export's documents under `dir` (the folder of the curriculum file).
pub fn write_documents(dir: &Path, documents: &[(String, bytes::Bytes)]) -> anyhow::Result<()> {
    for (relative, bytes) in documents {
        let path = dir.join(relative);
        if Path::new(relative).components().any(|c| !matches!(c, Component::Normal(_))) {
            anyhow::bail!("refusing to write {relative} outside {}", dir.display());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| parent.display().to_string())?;
        }
        std::fs::write(&path, bytes).with_context(|| path.display().to_string())?;
    }
    Ok(())
}
