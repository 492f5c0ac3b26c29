//! Authors at work: a module's assessment as they define it, and who
//! authors a programme.
//!
//! An assessment changes by versions: attempts keep the questions they
//! answered and grades the rubric they were given against. A published
//! module's assessment can only be replaced by one a learner can pass (the
//! rules of `domain::publication`, as when publishing).
use shared::api::PersonRef;
use shared::api::assessments::{AssessmentAuthoring, AssessmentDefinition};
use shared::api::programmes::PutAuthorsRequest;
use shared::enums::{AuditAction, ModuleStatus};
use shared::i18n::k;
use shared::num::u32_of;
use shared::problem::ErrorCode;

use crate::domain::publication::{self, AssessmentShape};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::service::accounts::person_ref;
use crate::service::content::may_author_module;
use crate::state::AppState;
use crate::store::{accounts, assessment_definitions, assessments, audit, programmes};

pub async fn assessment(state: &AppState, actor: &Actor, module_id: i64) -> ApiResult<AssessmentAuthoring> {
    let db = state.db.conn();
    may_author_module(db, actor, module_id).await?;
    let current = assessments::by_module(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(AssessmentAuthoring {
        module_id,
        version: u32_of(current.version),
        attempts: assessments::attempt_count(db, current.id).await?,
        definition: assessment_definitions::read(db, &current).await?,
    })
}

/// Creates or replaces a module's assessment. The same definition twice
/// changes nothing (no new version).
pub async fn put_assessment(state: &AppState, actor: &Actor, module_id: i64, definition: &AssessmentDefinition) -> ApiResult<AssessmentAuthoring> {
    let tx = state.db.begin_write().await?;
    let module = may_author_module(&tx, actor, module_id).await?;
    if module.status != ModuleStatus::Draft {
        let gaps = publication::assessment_gaps(&AssessmentShape::of(definition));
        if !gaps.is_empty() {
            return Err(ApiError::Incomplete(gaps));
        }
    }
    let saved = match assessments::by_module(&tx, module_id).await? {
        None => assessment_definitions::insert(&tx, module_id, definition).await?,
        Some(current) if assessment_definitions::read(&tx, &current).await? == *definition => {
            drop(tx);
            return assessment(state, actor, module_id).await;
        }
        Some(current) => {
            if current.kind != definition.kind && assessments::attempt_count(&tx, current.id).await? > 0 {
                return Err(ApiError::with_key(ErrorCode::Conflict, k::UI_ASSESSMENT_KIND_LOCKED));
            }
            assessment_definitions::replace(&tx, &current, definition).await?
        }
    };
    audit::record(&tx, actor.id, AuditAction::ModuleAssessment, module_id, Some(serde_json::json!({ "version": saved.version }))).await?;
    programmes::bump_version(&tx, module.programme_id).await?;
    let attempts = assessments::attempt_count(&tx, saved.id).await?;
    let definition = assessment_definitions::read(&tx, &saved).await?;
    tx.commit().await?;
    Ok(AssessmentAuthoring { module_id, version: u32_of(saved.version), attempts, definition })
}

/// Replaces the authors of a programme: active trainers only.
pub async fn put_authors(state: &AppState, actor: &Actor, programme_id: i64, req: &PutAuthorsRequest) -> ApiResult<Vec<PersonRef>> {
    policy::may_edit_curriculum(actor)?;
    let tx = state.db.begin_write().await?;
    programmes::by_id(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    let mut ids = req.account_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    for (index, id) in ids.iter().enumerate() {
        let eligible = accounts::by_id(&tx, *id).await?.is_some_and(|a| policy::may_be_author(&a));
        if !eligible {
            return Err(ApiError::field_with("account_ids", "author_must_be_trainer", &[("index", index.to_string())]));
        }
    }
    programmes::replace_authors(&tx, programme_id, &ids).await?;
    audit::record(&tx, actor.id, AuditAction::ProgrammeAuthors, programme_id, Some(serde_json::json!({ "account_ids": ids }))).await?;
    let authors = programmes::authors(&tx, programme_id).await?.iter().map(person_ref).collect();
    tx.commit().await?;
    Ok(authors)
}
