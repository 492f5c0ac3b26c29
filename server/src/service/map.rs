//! A learner's map of a programme, and what they may open: computed from
//! their own record (one round trip, `store::learners`) and the programme's
//! structure (cached by version, `cache::Structures`), so that a map costs
//! the same on the first day of a programme and after years of history.
use std::collections::HashSet;
use std::sync::Arc;

use actix_web::web::Bytes;

use shared::api::progress::{MissingPrerequisite, ModuleProgress, ModuleRef, ProgressView};
use shared::enums::{AttemptStatus, ModuleState};
use shared::num::{count, u32_of};
use shared::problem::ErrorCode;

use crate::domain::progress::{self, Missing, ModuleFacts};
use crate::domain::publication;
use crate::entities::module;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::state::AppState;
use crate::store::learners::{self, Enrolled, LearnerState};
use crate::store::programmes::{self, Structure, localized, module_title};
use crate::store::sessions;

pub fn module_ref(m: &module::Model) -> ModuleRef {
    ModuleRef { id: m.id, code: m.code.clone(), title: module_title(m) }
}

/// What is known of one module for this learner.
fn facts(structure: &Structure, learner: &LearnerState, module: &module::Model) -> ModuleFacts {
    let assessment = structure.assessments.get(&module.id);
    let mine = learner.attempts.iter().filter(|t| assessment.is_some_and(|a| a.id == t.assessment_id));
    let (attempts, awaiting_grade) = mine.fold((0, false), |(n, waiting), t| (n + 1, waiting || t.status == AttemptStatus::Submitted));
    ModuleFacts {
        groups: publication::learner_groups(structure.groups.get(&module.id).map(Vec::as_slice).unwrap_or(&[]), &structure.published),
        completed: learner.completed.contains_key(&module.id),
        attempts,
        awaiting_grade,
    }
}

/// Whether the learner sees the module at all (drafts never; archived ones
/// only if they had begun it).
fn visible(structure: &Structure, learner: &LearnerState, module: &module::Model) -> bool {
    let begun = || {
        learner.completed.contains_key(&module.id)
            || structure.assessments.get(&module.id).is_some_and(|a| learner.attempts.iter().any(|t| t.assessment_id == a.id))
    };
    publication::visible_to_learner(module.status, module.status == shared::enums::ModuleStatus::Archived && begun())
}

fn done_in(structure: &Structure, learner: &LearnerState) -> HashSet<i64> {
    structure.modules.iter().map(|m| m.id).filter(|id| learner.completed.contains_key(id)).collect()
}

fn missing_view(missing: &[Missing], structure: &Structure) -> Vec<MissingPrerequisite> {
    missing
        .iter()
        .map(|m| MissingPrerequisite { needed: m.needed, missing: m.missing.iter().filter_map(|id| structure.module(*id)).map(module_ref).collect() })
        .collect()
}

async fn structure_of(state: &AppState, enrolled: &Enrolled) -> ApiResult<Arc<Structure>> {
    state.structures.get(state.db.conn(), enrolled.programme_id, enrolled.programme_version).await?.ok_or_else(ApiError::not_found)
}

/// The signed-in learner's map of one of their cohorts (their first when
/// none is named), as JSON. This is the page every learner opens first, and
/// often: the session, the cohorts and the record's version are read in one
/// round trip, and a map this process computed since the record last changed
/// is sent again as it was; otherwise the record is read (a second round
/// trip) and the map computed and kept.
pub async fn my_progress(state: &AppState, session: &str, cohort: Option<i64>) -> ApiResult<Bytes> {
    let db = state.db.conn();
    let (holder, enrolled, record_version) = learners::by_session(db, session).await?.ok_or_else(ApiError::unauthenticated)?;
    policy::learner(&Actor { id: Some(holder.account_id), role: holder.role, organisation_id: holder.organisation_id })?;
    sessions::touch(db, session, holder.last_seen_at).await?;
    let enrolled = match cohort {
        Some(id) => enrolled.into_iter().find(|e| e.cohort_id == id),
        None => enrolled.into_iter().next(),
    }
    .ok_or_else(|| ApiError::code(ErrorCode::NotEnrolled))?;
    if let Some(json) = state.maps.get(holder.account_id, &enrolled, record_version) {
        return Ok(json);
    }
    let structure = structure_of(state, &enrolled).await?;
    let learner = learners::state(db, holder.account_id).await?;
    let json = Bytes::from(serde_json::to_vec(&map(&structure, &learner, &enrolled)).map_err(anyhow::Error::from)?);
    state.maps.keep(holder.account_id, &enrolled, record_version, json.clone());
    Ok(json)
}

fn map(structure: &Structure, learner: &LearnerState, enrolled: &Enrolled) -> ProgressView {
    let done = done_in(structure, learner);
    let modules: Vec<ModuleProgress> = structure
        .modules
        .iter()
        .filter(|m| visible(structure, learner, m))
        .map(|m| {
            let facts = facts(structure, learner, m);
            let (state, missing) = progress::state(&facts, &done);
            let assessment = structure.assessments.get(&m.id);
            let scores = learner.attempts.iter().filter(|t| assessment.is_some_and(|a| a.id == t.assessment_id)).filter_map(|t| t.score);
            ModuleProgress {
                module: module_ref(m),
                family: m.family_id.and_then(|id| structure.families.iter().find(|f| f.id == id)).map(|f| f.code.clone()),
                hours: u32_of(m.hours),
                state,
                missing: missing_view(&missing, structure),
                attempts_used: facts.attempts,
                max_attempts: assessment.and_then(|a| a.max_attempts).map(u32_of),
                best_score: scores.max().map(u32_of),
                pass_mark: assessment.map(|a| u32_of(a.pass_mark)),
                awaiting_grade: facts.awaiting_grade,
                completed_at: learner.completed.get(&m.id).copied(),
            }
        })
        .collect();
    let programme = &structure.programme;
    ProgressView {
        cohort_id: enrolled.cohort_id,
        cohort_name: enrolled.cohort_name.clone(),
        programme_id: programme.id,
        programme_title: localized(&programme.title_fr, &programme.title_ar, &programme.title_en),
        families: structure
            .families
            .iter()
            .map(|f| shared::api::programmes::FamilyView { code: f.code.clone(), title: localized(&f.title_fr, &f.title_ar, &f.title_en) })
            .collect(),
        programme_completed: learner.programmes_completed.contains(&programme.id),
        completed: count(modules.iter().filter(|m| m.state == ModuleState::Completed).count()),
        modules,
    }
}

/// The module a learner should open after `module_id`: the first of its
/// programme that is open to them and not done.
pub async fn next_module(state: &AppState, account_id: i64, module_id: i64) -> ApiResult<Option<ModuleRef>> {
    let learner = learners::state(state.db.conn(), account_id).await?;
    for enrolled in &learner.enrolled {
        let structure = structure_of(state, enrolled).await?;
        if structure.module(module_id).is_none() {
            continue;
        }
        let view = map(&structure, &learner, enrolled);
        let next = view.modules.into_iter().find(|m| m.module.id != module_id && matches!(m.state, ModuleState::Available | ModuleState::InProgress));
        return Ok(next.map(|m| m.module));
    }
    Ok(None)
}

/// A module a learner may open, in the cohort they follow it in.
pub struct Access {
    pub cohort_id: i64,
    pub module: module::Model,
    pub state: ModuleState,
    pub structure: Arc<Structure>,
}

/// Opens a module for a learner: enrolled in a cohort of its programme, and the
/// module not locked (else a problem naming the missing prerequisites).
pub async fn learner_access(state: &AppState, account_id: i64, module_id: i64) -> ApiResult<Access> {
    let learner = learners::state(state.db.conn(), account_id).await?;
    let mut seen = HashSet::new();
    for enrolled in &learner.enrolled {
        if !seen.insert(enrolled.programme_id) {
            continue;
        }
        let structure = structure_of(state, enrolled).await?;
        let Some(module) = structure.module(module_id).filter(|m| visible(&structure, &learner, m)).cloned() else { continue };
        let (module_state, missing) = progress::state(&facts(&structure, &learner, &module), &done_in(&structure, &learner));
        if module_state == ModuleState::Locked {
            let codes: Vec<String> =
                missing.iter().flat_map(|m| m.missing.iter()).filter_map(|id| structure.module(*id)).map(|m| m.code.clone()).collect();
            return Err(ApiError::with_text(ErrorCode::ModuleLocked, codes.join(", ")));
        }
        return Ok(Access { cohort_id: enrolled.cohort_id, module, state: module_state, structure });
    }
    // Not in any programme they follow: tell a missing module from another programme's.
    match programmes::module_by_id(state.db.conn(), module_id).await? {
        Some(m) if m.status == shared::enums::ModuleStatus::Published => Err(ApiError::code(ErrorCode::NotEnrolled)),
        _ => Err(ApiError::not_found()),
    }
}
