//! What a learner may open, and where they stand: the programme map.
use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;
use shared::Lang;
use shared::api::PageQuery;
use shared::api::progress::{CohortProgress, LearnerProgressRow, MissingPrerequisite, ModuleProgress, ModuleRef, ProgressView};
use shared::enums::{AttemptStatus, ModuleState};
use shared::i18n::t;
use shared::num::{count, u32_of};
use shared::problem::ErrorCode;

use crate::domain::progress::{Missing, ModuleFacts, state};
use crate::entities::{assessment, attempt, cohort, module};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, PeopleScope};
use crate::state::AppState;
use crate::store::programmes::{localized, module_title};
use crate::store::{assessments, attendance, cohorts, completions, enrolments, programmes};

pub fn module_ref(m: &module::Model) -> ModuleRef {
    ModuleRef { id: m.id, code: m.code.clone(), title: module_title(m) }
}

/// A learner's standing on every module of a programme.
struct Standing {
    modules: Vec<module::Model>,
    assessments: HashMap<i64, assessment::Model>,
    completed: HashMap<i64, chrono::DateTime<chrono::Utc>>,
    attempts: Vec<attempt::Model>,
    facts: HashMap<i64, ModuleFacts>,
}

async fn standing(db: &impl ConnectionTrait, account_id: i64, programme_id: i64) -> ApiResult<Standing> {
    let modules = programmes::modules_of(db, programme_id).await?;
    let ids: Vec<i64> = modules.iter().map(|m| m.id).collect();
    let mut groups = programmes::groups_of(db, programme_id).await?;
    let assessments = assessments::by_modules(db, &ids).await?;
    let completed = completions::of_account(db, account_id, &ids).await?;
    let assessment_ids: Vec<i64> = assessments.values().map(|a| a.id).collect();
    let attempts = assessments::attempts_among(db, &assessment_ids, &[account_id]).await?;
    let facts = modules
        .iter()
        .map(|m| {
            let mine: Vec<&attempt::Model> =
                assessments.get(&m.id).map(|a| attempts.iter().filter(|t| t.assessment_id == a.id).collect()).unwrap_or_default();
            let facts = ModuleFacts {
                groups: groups.remove(&m.id).unwrap_or_default(),
                completed: completed.contains_key(&m.id),
                attempts: count(mine.len()),
                awaiting_grade: mine.iter().any(|t| t.status == AttemptStatus::Submitted),
            };
            (m.id, facts)
        })
        .collect();
    Ok(Standing { modules, assessments, completed, attempts, facts })
}

fn missing_view(missing: &[Missing], modules: &[module::Model]) -> Vec<MissingPrerequisite> {
    missing
        .iter()
        .map(|m| MissingPrerequisite {
            needed: m.needed,
            missing: m.missing.iter().filter_map(|id| modules.iter().find(|x| x.id == *id)).map(module_ref).collect(),
        })
        .collect()
}

/// The learner's cohort for a programme: their first active enrolment in one of its cohorts.
pub async fn cohort_for(db: &impl ConnectionTrait, account_id: i64, programme_id: i64) -> ApiResult<cohort::Model> {
    for enrolment in enrolments::cohorts_of(db, account_id).await? {
        if let Some(c) = cohorts::by_id(db, enrolment.cohort_id).await?
            && c.programme_id == programme_id
        {
            return Ok(c);
        }
    }
    Err(ApiError::code(ErrorCode::NotEnrolled))
}

pub struct Access {
    pub cohort: cohort::Model,
    pub module: module::Model,
    pub state: ModuleState,
}

/// Opens a module for a learner: enrolled in a cohort of its programme, and the
/// module not locked (else a problem naming the missing prerequisites).
pub async fn learner_access(db: &impl ConnectionTrait, account_id: i64, module_id: i64) -> ApiResult<Access> {
    let module = programmes::module_by_id(db, module_id).await?.ok_or_else(ApiError::not_found)?;
    let cohort = cohort_for(db, account_id, module.programme_id).await?;
    let standing = standing(db, account_id, module.programme_id).await?;
    let done: HashSet<i64> = standing.completed.keys().copied().collect();
    let facts = standing.facts.get(&module.id).cloned().unwrap_or_default();
    let (state, missing) = state(&facts, &done);
    if state == ModuleState::Locked {
        let codes: Vec<String> = missing
            .iter()
            .flat_map(|m| m.missing.iter())
            .filter_map(|id| standing.modules.iter().find(|x| x.id == *id))
            .map(|m| m.code.clone())
            .collect();
        return Err(ApiError::with_text(ErrorCode::ModuleLocked, codes.join(", ")));
    }
    Ok(Access { cohort, module, state })
}

/// The signed-in learner's map of one of their cohorts (their first when none is named).
pub async fn my_progress(state: &AppState, actor: &Actor, cohort: Option<i64>) -> ApiResult<ProgressView> {
    let me = policy::learner(actor)?;
    let db = state.db.conn();
    let enrolled = enrolments::cohorts_of(db, me).await?;
    let cohort_id = match cohort {
        Some(id) if enrolled.iter().any(|e| e.cohort_id == id) => id,
        Some(_) => return Err(ApiError::code(ErrorCode::NotEnrolled)),
        None => enrolled.first().map(|e| e.cohort_id).ok_or_else(|| ApiError::code(ErrorCode::NotEnrolled))?,
    };
    let cohort = cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    progress(db, me, &cohort).await
}

pub async fn progress(db: &impl ConnectionTrait, account_id: i64, cohort: &cohort::Model) -> ApiResult<ProgressView> {
    let programme = programmes::by_id(db, cohort.programme_id).await?.ok_or_else(ApiError::not_found)?;
    let families = programmes::families_of(db, programme.id).await?;
    let standing = standing(db, account_id, programme.id).await?;
    let done: HashSet<i64> = standing.completed.keys().copied().collect();
    let mut modules = Vec::with_capacity(standing.modules.len());
    for m in &standing.modules {
        let facts = standing.facts.get(&m.id).cloned().unwrap_or_default();
        let (state, missing) = state(&facts, &done);
        let assessment = standing.assessments.get(&m.id);
        let mine: Vec<&attempt::Model> =
            assessment.map(|a| standing.attempts.iter().filter(|t| t.assessment_id == a.id).collect()).unwrap_or_default();
        modules.push(ModuleProgress {
            module: module_ref(m),
            family: m.family_id.and_then(|id| families.iter().find(|f| f.id == id)).map(|f| f.code.clone()),
            hours: u32_of(m.hours),
            state,
            missing: missing_view(&missing, &standing.modules),
            attempts_used: count(mine.len()),
            max_attempts: assessment.and_then(|a| a.max_attempts).map(u32_of),
            best_score: mine.iter().filter_map(|t| t.score_percent).max().map(u32_of),
            pass_mark: assessment.map(|a| u32_of(a.pass_mark)),
            awaiting_grade: facts.awaiting_grade,
            completed_at: standing.completed.get(&m.id).copied(),
        });
    }
    let completed = count(modules.iter().filter(|m| m.state == ModuleState::Completed).count());
    Ok(ProgressView {
        cohort_id: cohort.id,
        cohort_name: cohort.name.clone(),
        programme_id: programme.id,
        programme_title: localized(&programme.title_fr, &programme.title_ar, &programme.title_en),
        programme_completed: completions::programme_completed(db, account_id, programme.id).await?,
        completed,
        modules,
    })
}

/// A cohort's progress table, for those who follow it: all its learners for
/// administrators and its trainers, a partner manager's own people.
pub async fn cohort_progress(state: &AppState, actor: &Actor, cohort_id: i64, page: Option<PageQuery>) -> ApiResult<CohortProgress> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let scope = policy::follow_scope(db, actor, cohort.id).await?;
    progress_table(db, &cohort, scope, page).await
}

/// The same table as a CSV file, its states in the reader's language.
pub async fn cohort_progress_csv(state: &AppState, actor: &Actor, cohort_id: i64, lang: Lang) -> ApiResult<Vec<u8>> {
    let table = cohort_progress(state, actor, cohort_id, None).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["full_name".to_string(), "email".into(), "organisation".into(), "completed".into(), "attendance_percent".into()];
    header.extend(table.modules.iter().map(|m| m.code.clone()));
    let to_err = |e: csv::Error| ApiError::Unexpected(e.into());
    writer.write_record(&header).map_err(to_err)?;
    for row in &table.learners {
        let mut record = vec![
            row.full_name.clone(),
            row.email.clone(),
            row.organisation_name.clone().unwrap_or_default(),
            row.completed.to_string(),
            row.attendance_percent.map(|p| p.to_string()).unwrap_or_default(),
        ];
        record.extend(row.states.iter().map(|s| t(lang, s.label_key()).to_string()));
        writer.write_record(&record).map_err(to_err)?;
    }
    // The byte-order mark makes spreadsheet programs read UTF-8.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(writer.into_inner().map_err(|e| ApiError::Unexpected(anyhow::anyhow!("csv: {e}")))?);
    Ok(bytes)
}

async fn progress_table(db: &impl ConnectionTrait, cohort: &cohort::Model, scope: PeopleScope, page: Option<PageQuery>) -> ApiResult<CohortProgress> {
    let modules = programmes::modules_of(db, cohort.programme_id).await?;
    let module_ids: Vec<i64> = modules.iter().map(|m| m.id).collect();
    let groups = programmes::groups_of(db, cohort.programme_id).await?;
    let (learners, total) = enrolments::list(db, cohort.id, scope, page).await?;
    let account_ids: Vec<i64> = learners.iter().map(|(_, a, _)| a.id).collect();
    let done = completions::among(db, &account_ids, &module_ids).await?;
    let assessments = assessments::by_modules(db, &module_ids).await?;
    let assessment_ids: Vec<i64> = assessments.values().map(|a| a.id).collect();
    let attempts = assessments::attempts_among(db, &assessment_ids, &account_ids).await?;
    let presence = attendance::percent_by_learner(db, cohort.id).await?;
    let has_sessions = !attendance::of_cohort(db, cohort.id).await?.is_empty();
    let rows = learners
        .into_iter()
        .map(|(_, account, org)| {
            let completed: HashSet<i64> = done.iter().filter(|c| c.account_id == account.id).map(|c| c.module_id).collect();
            let states: Vec<ModuleState> = modules
                .iter()
                .map(|m| {
                    let mine: Vec<&attempt::Model> = assessments
                        .get(&m.id)
                        .map(|a| attempts.iter().filter(|t| t.assessment_id == a.id && t.account_id == account.id).collect())
                        .unwrap_or_default();
                    let facts = ModuleFacts {
                        groups: groups.get(&m.id).cloned().unwrap_or_default(),
                        completed: completed.contains(&m.id),
                        attempts: count(mine.len()),
                        awaiting_grade: mine.iter().any(|t| t.status == AttemptStatus::Submitted),
                    };
                    state(&facts, &completed).0
                })
                .collect();
            LearnerProgressRow {
                account_id: account.id,
                full_name: account.full_name,
                email: account.email,
                organisation_name: org.map(|o| o.name),
                completed: count(completed.len()),
                states,
                attendance_percent: has_sessions.then(|| presence.get(&account.id).copied().unwrap_or(0)),
            }
        })
        .collect();
    let page = page.unwrap_or(PageQuery { page: 1, per_page: total.max(1) });
    Ok(CohortProgress {
        cohort_id: cohort.id,
        modules: modules.iter().map(module_ref).collect(),
        learners: rows,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}
