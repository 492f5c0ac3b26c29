//! A module's life as its authors run it: published once a learner could
//! complete it, archived when it is withdrawn. The rules are in
//! `domain::publication`, shared with the curriculum file's check.
use sea_orm::ConnectionTrait;
use shared::api::programmes::ModuleView;
use shared::enums::{AuditAction, ModuleStatus};
use shared::problem::ErrorCode;

use crate::domain::publication::{self, AssessmentShape, Gap};
use crate::entities::module;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::programmes::module_view;
use crate::state::AppState;
use crate::store::evaluations::{self, Waiting};
use crate::store::{assessment_definitions, assessments, audit, completions, programmes};

/// What stops `module` from being published, as found in the database.
async fn gaps(db: &impl ConnectionTrait, module: &module::Model) -> ApiResult<Vec<Gap>> {
    let shape = match assessments::by_module(db, module.id).await? {
        Some(a) => Some(AssessmentShape::of(&assessment_definitions::read(db, &a).await?)),
        None => None,
    };
    let modules = programmes::modules_of(db, module.programme_id).await?;
    let groups = programmes::groups_of(db, module.programme_id).await?;
    let mut unpublished: Vec<String> = groups
        .get(&module.id)
        .into_iter()
        .flatten()
        .flat_map(|g| g.members.iter())
        .filter_map(|id| modules.iter().find(|m| m.id == *id))
        .filter(|m| m.status != ModuleStatus::Published)
        .map(|m| m.code.clone())
        .collect();
    unpublished.sort();
    unpublished.dedup();
    Ok(publication::gaps(shape.as_ref(), &unpublished))
}

pub async fn publish_module(state: &AppState, actor: &Actor, module_id: i64) -> ApiResult<ModuleView> {
    let tx = state.db.begin_write().await?;
    let module = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, module.programme_id).await?;
    if module.status == ModuleStatus::Published {
        return Err(ApiError::with_key(ErrorCode::Conflict, shared::i18n::k::VALIDATION_ALREADY_PUBLISHED));
    }
    let gaps = gaps(&tx, &module).await?;
    if !gaps.is_empty() {
        return Err(ApiError::Incomplete(gaps));
    }
    programmes::set_status(&tx, module_id, ModuleStatus::Published).await?;
    programmes::bump_version(&tx, module.programme_id).await?;
    audit::record(&tx, actor.id, AuditAction::ModulePublish, module_id, None).await?;
    let view = module_view(&tx, module_id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Nobody is held to an archived module: whoever has now completed every
/// module still published completes the programme, in the same transaction.
pub async fn archive_module(state: &AppState, actor: &Actor, module_id: i64) -> ApiResult<ModuleView> {
    let tx = state.db.begin_write().await?;
    let module = programmes::module_by_id(&tx, module_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, module.programme_id).await?;
    match module.status {
        ModuleStatus::Archived => return Err(ApiError::with_key(ErrorCode::Conflict, shared::i18n::k::VALIDATION_ALREADY_ARCHIVED)),
        ModuleStatus::Draft => return Err(ApiError::with_key(ErrorCode::Conflict, shared::i18n::k::VALIDATION_DRAFT_CANNOT_BE_ARCHIVED)),
        ModuleStatus::Published => {}
    }
    programmes::set_status(&tx, module_id, ModuleStatus::Archived).await?;
    let remaining = programmes::published_module_ids(&tx, module.programme_id).await?;
    let now_complete = completions::completing_programme(&tx, module.programme_id, &remaining).await?;
    completions::record_programme_completions(&tx, module.programme_id, &now_complete).await?;
    evaluations::hold(&tx, Waiting::Programme(module.programme_id), None).await?;
    programmes::bump_version(&tx, module.programme_id).await?;
    audit::record(&tx, actor.id, AuditAction::ModuleArchive, module_id, None).await?;
    let view = module_view(&tx, module_id).await?;
    tx.commit().await?;
    Ok(view)
}
