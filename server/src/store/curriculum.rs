//! Writes a checked curriculum file to the database, idempotently: what is
//! missing is created, what differs is updated, and loading the same file twice
//! changes nothing. Content, assessments and evaluations are created with their module and
//! then belong to the administrators: a reload never overwrites them.
use std::collections::HashMap;

use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseTransaction, IntoActiveModel};
use shared::api::common::filled;
use shared::enums::{ModuleStatus, SectionKind};

use crate::clock::now;
use crate::db::Db;
use crate::domain::curriculum::{CurriculumFile, ModuleSpec};
use crate::domain::prerequisites::{Graph, Group};
use crate::entities::{module, module_family, module_section, programme};
use crate::store::content::{self, NewDocument};
use crate::store::evaluations::{self, NewEvaluation};
use crate::store::{assessment_definitions, programmes};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub programme: String,
    pub programme_created: bool,
    pub programme_updated: bool,
    pub modules_created: usize,
    pub modules_updated: usize,
    pub prerequisites_updated: usize,
    pub evaluations_created: usize,
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        self.programme_created
            || self.programme_updated
            || self.modules_created > 0
            || self.modules_updated > 0
            || self.prerequisites_updated > 0
            || self.evaluations_created > 0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Writes a checked file. `documents` are the files its sections name (by
/// path), already in file storage: their records are written here.
pub async fn sync(db: &Db, file: &CurriculumFile, documents: &HashMap<String, NewDocument>) -> Result<SyncReport, SyncError> {
    let tx = db.begin_write().await?;
    let report = sync_in(&tx, file, documents).await?;
    tx.commit().await?;
    Ok(report)
}

async fn sync_in(tx: &DatabaseTransaction, file: &CurriculumFile, documents: &HashMap<String, NewDocument>) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport { programme: file.code.clone(), ..Default::default() };
    let summary = file.summary.clone().unwrap_or_default();
    let programme = match programmes::by_code(tx, &file.code).await? {
        None => {
            report.programme_created = true;
            let at = now();
            programme::ActiveModel {
                code: Set(file.code.clone()),
                title_fr: Set(file.title.fr.clone()),
                title_ar: Set(file.title.ar.clone()),
                title_en: Set(file.title.en.clone()),
                summary_fr: Set(summary.fr.clone()),
                summary_ar: Set(summary.ar.clone()),
                summary_en: Set(summary.en.clone()),
                issuer: Set(file.issuer.clone()),
                bilingual_attestations: Set(file.bilingual_attestations),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(tx)
            .await?
        }
        Some(existing) => {
            let wanted =
                (&file.title.fr, &file.title.ar, &file.title.en, &summary.fr, &summary.ar, &summary.en, &file.issuer, file.bilingual_attestations);
            let have = (
                &existing.title_fr,
                &existing.title_ar,
                &existing.title_en,
                &existing.summary_fr,
                &existing.summary_ar,
                &existing.summary_en,
                &existing.issuer,
                existing.bilingual_attestations,
            );
            if wanted != have {
                report.programme_updated = true;
                let mut active = existing.clone().into_active_model();
                active.title_fr = Set(file.title.fr.clone());
                active.title_ar = Set(file.title.ar.clone());
                active.title_en = Set(file.title.en.clone());
                active.summary_fr = Set(summary.fr.clone());
                active.summary_ar = Set(summary.ar.clone());
                active.summary_en = Set(summary.en.clone());
                active.issuer = Set(file.issuer.clone());
                active.bilingual_attestations = Set(file.bilingual_attestations);
                active.updated_at = Set(now());
                active.update(tx).await?
            } else {
                existing
            }
        }
    };

    let mut family_ids: HashMap<String, i64> = HashMap::new();
    for family in &file.families {
        let saved = match programmes::family_by_code(tx, programme.id, &family.code).await? {
            Some(existing)
                if (&existing.title_fr, &existing.title_ar, &existing.title_en) == (&family.title.fr, &family.title.ar, &family.title.en) =>
            {
                existing
            }
            Some(existing) => {
                let mut active = existing.into_active_model();
                active.title_fr = Set(family.title.fr.clone());
                active.title_ar = Set(family.title.ar.clone());
                active.title_en = Set(family.title.en.clone());
                active.update(tx).await?
            }
            None => {
                module_family::ActiveModel {
                    programme_id: Set(programme.id),
                    code: Set(family.code.clone()),
                    title_fr: Set(family.title.fr.clone()),
                    title_ar: Set(family.title.ar.clone()),
                    title_en: Set(family.title.en.clone()),
                    ..Default::default()
                }
                .insert(tx)
                .await?
            }
        };
        family_ids.insert(family.code.clone(), saved.id);
    }

    let existing: HashMap<String, module::Model> = programmes::modules_of(tx, programme.id).await?.into_iter().map(|m| (m.code.clone(), m)).collect();
    let mut ids: HashMap<String, i64> = existing.iter().map(|(code, m)| (code.clone(), m.id)).collect();
    for (index, spec) in file.modules.iter().enumerate() {
        let position = ordinal(index);
        let family_id = spec.family.as_ref().and_then(|f| family_ids.get(f).copied());
        match existing.get(&spec.code) {
            Some(current) => {
                if update_module(tx, current, spec, family_id, position).await? {
                    report.modules_updated += 1;
                }
            }
            None => {
                let saved = insert_module(tx, programme.id, spec, family_id, position).await?;
                ids.insert(spec.code.clone(), saved.id);
                insert_content(tx, saved.id, spec, documents).await?;
                report.modules_created += 1;
            }
        }
    }

    // Prerequisites: the file's groups replace a module's groups when they differ.
    let mut current = programmes::groups_of(tx, programme.id).await?;
    for spec in &file.modules {
        let Some(&module_id) = ids.get(&spec.code) else { continue };
        let wanted: Vec<Group<i64>> = spec
            .groups()
            .into_iter()
            .map(|g| {
                let mut members: Vec<i64> = g.members.iter().filter_map(|c| ids.get(c).copied()).collect();
                members.sort_unstable();
                members.dedup();
                Group { members, min_required: g.min_required }
            })
            .collect();
        let have = current.get(&module_id).cloned().unwrap_or_default();
        if have != wanted {
            programmes::replace_prerequisites(tx, module_id, &wanted).await?;
            current.insert(module_id, wanted);
            report.prerequisites_updated += 1;
        }
    }
    // Modules added by administrators stay; the whole programme must still be acyclic.
    let codes: HashMap<i64, String> = ids.iter().map(|(c, id)| (*id, c.clone())).collect();
    let mut graph = Graph::new();
    for (module_id, groups) in &current {
        let named: Vec<Group<String>> = groups
            .iter()
            .map(|g| Group { members: g.members.iter().filter_map(|m| codes.get(m).cloned()).collect(), min_required: g.min_required })
            .collect();
        if let Some(code) = codes.get(module_id) {
            graph.set_requirements(code.clone(), &named);
        }
    }
    if let Some(cycle) = graph.find_cycle(None) {
        return Err(SyncError::Invalid(format!("prerequisite cycle: {}", cycle.join(" → "))));
    }
    // Evaluations, like content, are created where missing and then belong
    // to the programme's authors.
    let places = std::iter::once((None, &file.evaluations)).chain(file.modules.iter().map(|m| (ids.get(&m.code).copied(), &m.evaluations)));
    for (module_id, wanted) in places {
        for definition in wanted {
            if evaluations::at(tx, programme.id, module_id, definition.kind).await?.is_some() {
                continue;
            }
            let json = serde_json::to_string(definition).map_err(|e| SyncError::Invalid(e.to_string()))?;
            let new = NewEvaluation {
                programme_id: programme.id,
                module_id,
                kind: definition.kind,
                required: definition.required,
                anonymous: definition.anonymous,
                definition: json,
            };
            evaluations::insert(tx, new).await?;
            report.evaluations_created += 1;
        }
    }
    if report.changed() {
        programmes::bump_version(tx, programme.id).await?;
    }
    Ok(report)
}

async fn insert_module(
    tx: &DatabaseTransaction,
    programme_id: i64,
    spec: &ModuleSpec,
    family_id: Option<i64>,
    position: i32,
) -> Result<module::Model, DbErr> {
    let summary = spec.summary.clone().unwrap_or_default();
    let at = now();
    module::ActiveModel {
        programme_id: Set(programme_id),
        code: Set(spec.code.clone()),
        family_id: Set(family_id),
        title_fr: Set(spec.title.fr.clone()),
        title_ar: Set(spec.title.ar.clone()),
        title_en: Set(spec.title.en.clone()),
        summary_fr: Set(summary.fr),
        summary_ar: Set(summary.ar),
        summary_en: Set(summary.en),
        hours: Set(to_i32(spec.hours)),
        position: Set(position),
        status: Set(spec.status.unwrap_or(ModuleStatus::Published)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(tx)
    .await
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The 1-based position of the `index`th item.
fn ordinal(index: usize) -> i32 {
    i32::try_from(index).map_or(i32::MAX, |i| i.saturating_add(1))
}

/// Updates a module to match the file; true when something changed. The
/// file's pass mark is its assessment's (the one place the mark lives).
async fn update_module(
    tx: &DatabaseTransaction,
    current: &module::Model,
    spec: &ModuleSpec,
    family_id: Option<i64>,
    position: i32,
) -> Result<bool, DbErr> {
    let mark_changed = programmes::set_pass_mark(tx, current.id, spec.pass_mark).await?;
    let summary = spec.summary.clone().unwrap_or_default();
    let wanted = (&spec.title.fr, &spec.title.ar, &spec.title.en, &summary.fr, &summary.ar, &summary.en, to_i32(spec.hours), family_id, position);
    let have = (
        &current.title_fr,
        &current.title_ar,
        &current.title_en,
        &current.summary_fr,
        &current.summary_ar,
        &current.summary_en,
        current.hours,
        current.family_id,
        current.position,
    );
    let status = spec.status.unwrap_or(current.status);
    if wanted == have && status == current.status {
        return Ok(mark_changed);
    }
    let mut active = current.clone().into_active_model();
    active.status = Set(status);
    active.title_fr = Set(spec.title.fr.clone());
    active.title_ar = Set(spec.title.ar.clone());
    active.title_en = Set(spec.title.en.clone());
    active.summary_fr = Set(summary.fr);
    active.summary_ar = Set(summary.ar);
    active.summary_en = Set(summary.en);
    active.hours = Set(to_i32(spec.hours));
    active.family_id = Set(family_id);
    active.position = Set(position);
    active.updated_at = Set(now());
    active.update(tx).await?;
    Ok(true)
}

async fn insert_content(
    tx: &DatabaseTransaction,
    module_id: i64,
    spec: &ModuleSpec,
    documents: &HashMap<String, NewDocument>,
) -> Result<(), SyncError> {
    for (position, section) in spec.sections.iter().enumerate() {
        let document_id = match &section.document {
            Some(path) => {
                let new =
                    documents.get(path).cloned().ok_or_else(|| SyncError::Invalid(format!("module `{}`: document `{path}` not read", spec.code)))?;
                Some(content::insert_document(tx, NewDocument { module_id: Some(module_id), ..new }).await?.id)
            }
            None => None,
        };
        let kind = match (&section.body, &section.url, document_id) {
            (_, _, Some(_)) => SectionKind::Document,
            (None, Some(_), None) => SectionKind::Link,
            _ => SectionKind::Text,
        };
        module_section::ActiveModel {
            module_id: Set(module_id),
            position: Set(ordinal(position)),
            kind: Set(kind),
            title: Set(section.title.clone()),
            title_ar: Set(filled(&section.title_ar)),
            title_en: Set(filled(&section.title_en)),
            body_markdown: Set(section.body.as_ref().map(|b| b.trim().to_string())),
            body_markdown_ar: Set(filled(&section.body_ar)),
            body_markdown_en: Set(filled(&section.body_en)),
            url: Set(section.url.clone()),
            document_id: Set(document_id),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    if let Some(spec_assessment) = &spec.assessment {
        assessment_definitions::insert(tx, module_id, &spec_assessment.definition(spec.pass_mark)).await?;
    }
    Ok(())
}
