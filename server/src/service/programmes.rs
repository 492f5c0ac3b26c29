use std::collections::HashMap;

use shared::api::programmes::{CreateModuleRequest, CreateProgrammeRequest, PatchModuleRequest, PatchProgrammeRequest, PutPrerequisitesRequest};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};

use crate::clock::now;
use crate::db::{Db, is_unique_violation};
use crate::domain::prerequisites::{Graph, Group};
use crate::entities::{module, programme};
use crate::error::{ApiError, ApiResult};
use crate::store::{audit, programmes};

pub async fn create_programme(db: &Db, actor: i64, req: &CreateProgrammeRequest, default_issuer: &str) -> ApiResult<programme::Model> {
    let tx = db.begin_write().await?;
    if programmes::by_code(&tx, &req.code).await?.is_some() {
        return Err(ApiError::field("code", "code_taken"));
    }
    let saved = programmes::insert(&tx, req, default_issuer)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::field("code", "code_taken") } else { e.into() })?;
    audit::record(&tx, Some(actor), "programme.create", "programme", saved.id, None).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Programmes and modules carry the same titles and summaries, in three languages.
macro_rules! set_texts {
    ($active:ident, $req:ident) => {
        if let Some(title) = &$req.title {
            $active.title_fr = Set(title.fr.trim().to_string());
            $active.title_ar = Set(title.ar.clone());
            $active.title_en = Set(title.en.clone());
        }
        if let Some(summary) = &$req.summary {
            $active.summary_fr = Set(summary.fr.clone());
            $active.summary_ar = Set(summary.ar.clone());
            $active.summary_en = Set(summary.en.clone());
        }
    };
}

/// Attestations already issued keep the title and issuer they were signed
/// with; only later ones (and reissues) use the new wording.
pub async fn patch_programme(db: &Db, actor: i64, programme_id: i64, req: &PatchProgrammeRequest) -> ApiResult<programme::Model> {
    let tx = db.begin_write().await?;
    let current = programmes::by_id(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    let mut active = current.into_active_model();
    set_texts!(active, req);
    if let Some(issuer) = &req.issuer {
        active.issuer = Set(issuer.trim().to_string());
    }
    if let Some(bilingual) = req.bilingual_attestations {
        active.bilingual_attestations = Set(bilingual);
    }
    active.updated_at = Set(now());
    let saved = active.update(&tx).await?;
    audit::record(&tx, Some(actor), "programme.update", "programme", programme_id, serde_json::to_value(req).ok()).await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn create_module(db: &Db, actor: i64, programme_id: i64, req: &CreateModuleRequest) -> ApiResult<module::Model> {
    let tx = db.begin_write().await?;
    programmes::by_id(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    let family_id = match &req.family {
        Some(code) => Some(programmes::family_by_code(&tx, programme_id, code).await?.ok_or_else(|| ApiError::field("family", "unknown_family"))?.id),
        None => None,
    };
    if programmes::modules_of(&tx, programme_id).await?.iter().any(|m| m.code == req.code) {
        return Err(ApiError::field("code", "code_taken"));
    }
    let position = match req.position {
        Some(p) => p as i32,
        None => programmes::next_position(&tx, programme_id).await?,
    };
    let saved = programmes::insert_module(&tx, programme_id, req, family_id, position)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::field("code", "code_taken") } else { e.into() })?;
    audit::record(&tx, Some(actor), "module.create", "module", saved.id, None).await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn patch_module(db: &Db, actor: i64, module_id: i64, req: &PatchModuleRequest) -> ApiResult<module::Model> {
    let tx = db.begin_write().await?;
    let current = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    let mut active = current.clone().into_active_model();
    set_texts!(active, req);
    if let Some(code) = &req.family {
        let family = programmes::family_by_code(&tx, current.programme_id, code).await?.ok_or_else(|| ApiError::field("family", "unknown_family"))?;
        active.family_id = Set(Some(family.id));
    }
    if let Some(hours) = req.hours {
        active.hours = Set(hours as i32);
    }
    if let Some(pass_mark) = req.pass_mark {
        active.pass_mark = Set(pass_mark as i32);
    }
    if let Some(position) = req.position {
        active.position = Set(position as i32);
    }
    active.updated_at = Set(now());
    let saved = active.update(&tx).await?;
    audit::record(&tx, Some(actor), "module.update", "module", module_id, serde_json::to_value(req).ok()).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Replaces a module's prerequisites, refusing (and naming) a cycle or an
/// unknown module. The check and the write share one transaction, so two
/// administrators cannot each add half of a cycle.
pub async fn set_prerequisites(db: &Db, actor: i64, module_id: i64, req: &PutPrerequisitesRequest) -> ApiResult<()> {
    let tx = db.begin_write().await?;
    let target = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    let modules = programmes::modules_of(&tx, target.programme_id).await?;
    let ids: HashMap<&str, i64> = modules.iter().map(|m| (m.code.as_str(), m.id)).collect();
    let codes: HashMap<i64, String> = modules.iter().map(|m| (m.id, m.code.clone())).collect();
    let mut groups = Vec::with_capacity(req.groups.len());
    for group in &req.groups {
        let mut members = Vec::with_capacity(group.modules.len());
        for code in &group.modules {
            let id = ids.get(code.as_str()).ok_or_else(|| ApiError::field_with("groups", "unknown_module", &[("code", code.clone())]))?;
            members.push(*id);
        }
        groups.push(Group { members, min_required: group.min_required });
    }
    let mut existing = programmes::groups_of(&tx, target.programme_id).await?;
    existing.insert(module_id, groups.clone());
    let mut graph = Graph::new();
    for (id, module_groups) in &existing {
        let named: Vec<Group<String>> = module_groups
            .iter()
            .map(|g| Group { members: g.members.iter().filter_map(|m| codes.get(m).cloned()).collect(), min_required: g.min_required })
            .collect();
        if let Some(code) = codes.get(id) {
            graph.set_requirements(code.clone(), &named);
        }
    }
    if let Some(cycle) = graph.find_cycle(Some(&target.code)) {
        return Err(ApiError::Cycle(cycle));
    }
    programmes::replace_prerequisites(&tx, module_id, &groups).await?;
    audit::record(&tx, Some(actor), "module.prerequisites", "module", module_id, serde_json::to_value(req).ok()).await?;
    tx.commit().await?;
    Ok(())
}
