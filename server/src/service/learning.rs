//! The progress tables of a cohort that staff follow (the learner's own map
//! is `service::map`).
use std::collections::HashSet;

use sea_orm::ConnectionTrait;
use shared::Lang;
use shared::api::PageQuery;
use shared::api::progress::{CohortProgress, LearnerProgressRow};
use shared::enums::{AttemptStatus, ModuleState};
use shared::i18n::t;
use shared::num::{count, u32_of};

use crate::domain::progress::{ModuleFacts, state};
use crate::domain::workshops;
use crate::entities::{attempt, cohort};
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor, PeopleScope};
use crate::service::map::module_ref;
use crate::state::AppState;
use crate::store::{assessments, attendance, cohorts, completions, enrolments, programmes};

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
    // Drafts and archived modules are not part of the table.
    let modules = programmes::published_modules_of(db, cohort.programme_id).await?;
    let module_ids: Vec<i64> = modules.iter().map(|m| m.id).collect();
    let groups = programmes::groups_of(db, cohort.programme_id).await?;
    let (learners, total) = enrolments::list(db, cohort.id, scope, page).await?;
    let account_ids: Vec<i64> = learners.iter().map(|(_, a, _)| a.id).collect();
    let done = completions::among(db, &account_ids, &module_ids).await?;
    let assessments = assessments::by_modules(db, &module_ids).await?;
    let assessment_ids: Vec<i64> = assessments.values().map(|a| a.id).collect();
    let attempts = assessments::attempts_among(db, &assessment_ids, &account_ids).await?;
    let sessions: Vec<(i64, u32)> = attendance::of_cohort(db, cohort.id).await?.iter().map(|s| (s.id, u32_of(s.duration_minutes))).collect();
    let ids: Vec<i64> = sessions.iter().map(|(id, _)| *id).collect();
    let presence = attendance::statuses_by_learner(db, &ids).await?;
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
                attendance_percent: (!sessions.is_empty())
                    .then(|| workshops::percent(&workshops::seats_of(&sessions, presence.get(&account.id)), cohort.attendance_basis)),
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
