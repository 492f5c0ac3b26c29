//! Programmes and modules as administrators edit them, and as everyone
//! signed in reads them.
use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, IntoActiveModel};
use shared::api::programmes::{
    CreateModuleRequest, CreateProgrammeRequest, ModuleView, PatchModuleRequest, PatchProgrammeRequest, ProgrammeDetail, ProgrammeSummary,
    PutPrerequisitesRequest,
};
use shared::api::{Page, PageQuery};
use shared::enums::AuditAction;
use shared::num::i32_of;

use crate::clock::now;
use crate::db::is_unique_violation;
use crate::domain::prerequisites::{Graph, Group};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::accounts::person_ref;
use crate::state::AppState;
use crate::store::{assessments, audit, programmes};

pub async fn list(state: &AppState, page: PageQuery) -> ApiResult<Page<ProgrammeSummary>> {
    let (items, total) = programmes::list(state.db.conn(), page).await?;
    Ok(Page::new(items, total, page))
}

pub async fn detail(state: &AppState, actor: &Actor, id: i64) -> ApiResult<ProgrammeDetail> {
    let db = state.db.conn();
    let mut detail = programmes::detail(db, id).await?.ok_or_else(ApiError::not_found)?;
    detail.modules.retain(|m| policy::may_see_module(actor, m.status));
    if policy::may_see_authors(actor) {
        detail.authors = programmes::authors(db, id).await?.into_iter().map(|a| person_ref(&a)).collect();
    }
    Ok(detail)
}

pub async fn module_view(db: &impl ConnectionTrait, module_id: i64) -> ApiResult<ModuleView> {
    let module = programmes::module_by_id(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    let families = programmes::families_of(db, module.programme_id).await?;
    let groups = programmes::groups_of(db, module.programme_id).await?;
    let codes: HashMap<i64, String> = programmes::modules_of(db, module.programme_id).await?.into_iter().map(|m| (m.id, m.code)).collect();
    let mark = programmes::pass_marks(db, module.programme_id).await?.get(&module.id).copied();
    Ok(programmes::module_view(&module, &families, groups.get(&module.id).map(Vec::as_slice).unwrap_or(&[]), &codes, mark))
}

pub async fn module(state: &AppState, actor: &Actor, id: i64) -> ApiResult<ModuleView> {
    let view = module_view(state.db.conn(), id).await?;
    if !policy::may_see_module(actor, view.status) {
        return Err(ApiError::not_found());
    }
    Ok(view)
}

pub async fn create_programme(state: &AppState, actor: &Actor, req: &CreateProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    policy::may_edit_curriculum(actor)?;
    let tx = state.db.begin_write().await?;
    if programmes::by_code(&tx, &req.code).await?.is_some() {
        return Err(ApiError::field("code", "code_taken"));
    }
    let saved = programmes::insert(&tx, req, &state.settings.issuer.name)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::field("code", "code_taken") } else { e.into() })?;
    audit::record(&tx, actor.id, AuditAction::ProgrammeCreate, saved.id, None).await?;
    let detail = programmes::detail(&tx, saved.id).await?.ok_or_else(ApiError::not_found)?;
    tx.commit().await?;
    Ok(detail)
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
pub async fn patch_programme(state: &AppState, actor: &Actor, programme_id: i64, req: &PatchProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    policy::may_edit_curriculum(actor)?;
    let tx = state.db.begin_write().await?;
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
    active.update(&tx).await?;
    programmes::bump_version(&tx, programme_id).await?;
    audit::record(&tx, actor.id, AuditAction::ProgrammeUpdate, programme_id, serde_json::to_value(req).ok()).await?;
    let detail = programmes::detail(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    tx.commit().await?;
    Ok(detail)
}

pub async fn create_module(state: &AppState, actor: &Actor, programme_id: i64, req: &CreateModuleRequest) -> ApiResult<ModuleView> {
    let tx = state.db.begin_write().await?;
    programmes::by_id(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, programme_id).await?;
    let family_id = match &req.family {
        Some(code) => Some(programmes::family_by_code(&tx, programme_id, code).await?.ok_or_else(|| ApiError::field("family", "unknown_family"))?.id),
        None => None,
    };
    if programmes::modules_of(&tx, programme_id).await?.iter().any(|m| m.code == req.code) {
        return Err(ApiError::field("code", "code_taken"));
    }
    let position = match req.position {
        Some(p) => i32_of(p),
        None => programmes::next_position(&tx, programme_id).await?,
    };
    let saved = programmes::insert_module(&tx, programme_id, req, family_id, position)
        .await
        .map_err(|e| if is_unique_violation(&e) { ApiError::field("code", "code_taken") } else { e.into() })?;
    programmes::bump_version(&tx, programme_id).await?;
    audit::record(&tx, actor.id, AuditAction::ModuleCreate, saved.id, None).await?;
    let view = module_view(&tx, saved.id).await?;
    tx.commit().await?;
    Ok(view)
}

pub async fn patch_module(state: &AppState, actor: &Actor, module_id: i64, req: &PatchModuleRequest) -> ApiResult<ModuleView> {
    let tx = state.db.begin_write().await?;
    let current = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, current.programme_id).await?;
    let mut active = current.clone().into_active_model();
    set_texts!(active, req);
    if let Some(code) = &req.family {
        let family = programmes::family_by_code(&tx, current.programme_id, code).await?.ok_or_else(|| ApiError::field("family", "unknown_family"))?;
        active.family_id = Set(Some(family.id));
    }
    if let Some(hours) = req.hours {
        active.hours = Set(i32_of(hours));
    }
    if let Some(position) = req.position {
        active.position = Set(i32_of(position));
    }
    // The pass mark is the assessment's: a module without one has none to set.
    if let Some(mark) = req.pass_mark {
        if assessments::by_module(&tx, module_id).await?.is_none() {
            return Err(ApiError::field("pass_mark", "no_assessment"));
        }
        programmes::set_pass_mark(&tx, module_id, mark).await?;
    }
    active.updated_at = Set(now());
    active.update(&tx).await?;
    programmes::bump_version(&tx, current.programme_id).await?;
    audit::record(&tx, actor.id, AuditAction::ModuleUpdate, module_id, serde_json::to_value(req).ok()).await?;
    let view = module_view(&tx, module_id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces a module's prerequisites, refusing (and naming) a cycle or an
/// unknown module. The check and the write share one transaction, so two
/// administrators cannot each add half of a cycle.
pub async fn set_prerequisites(state: &AppState, actor: &Actor, module_id: i64, req: &PutPrerequisitesRequest) -> ApiResult<ModuleView> {
    let tx = state.db.begin_write().await?;
    let target = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, target.programme_id).await?;
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
    programmes::bump_version(&tx, target.programme_id).await?;
    audit::record(&tx, actor.id, AuditAction::ModulePrerequisites, module_id, serde_json::to_value(req).ok()).await?;
    let view = module_view(&tx, module_id).await?;
    tx.commit().await?;
    Ok(view)
}
