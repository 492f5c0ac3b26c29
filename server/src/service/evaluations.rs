//! Training evaluation, as authors write it and learners answer it.
//!
//! Answering records a receipt (who answered which phase) and a response
//! (what was answered: with the account unless the questionnaire is
//! anonymous) in one transaction, then releases the learner's completions
//! that waited for it. No answer is audited: the audit log would tie an
//! anonymous answer to its author by its time.
use std::collections::{HashMap, HashSet};

use shared::Lang;
use shared::api::evaluations::{
    EvaluationAnswered, EvaluationAnswers, EvaluationDefinition, EvaluationDetail, EvaluationForm, EvaluationSummary, NewEvaluation, OpenEvaluation,
};
use shared::api::in_lang;
use shared::enums::{AuditAction, EvaluationPhase};
use shared::i18n::k;
use shared::num::u32_of;
use shared::problem::ErrorCode;

use crate::clock::now;
use crate::db::is_unique_violation;
use crate::domain::evaluation::{self, Answers};
use crate::entities::evaluation as row;
use crate::error::{ApiError, ApiResult};
use crate::policy::{self, Actor};
use crate::state::AppState;
use crate::store::evaluations::{self, NewResponse, Waiting};
use crate::store::{audit, learners, programmes};

fn definition_of(e: &row::Model) -> ApiResult<EvaluationDefinition> {
    serde_json::from_str(&e.definition).map_err(|err| ApiError::Unexpected(anyhow::anyhow!("evaluation {}: {err}", e.id)))
}

fn summary(e: &row::Model, definition: &EvaluationDefinition, responses: u64) -> EvaluationSummary {
    EvaluationSummary {
        id: e.id,
        programme_id: e.programme_id,
        module_id: e.module_id,
        kind: e.kind,
        title: definition.title.clone(),
        required: e.required,
        anonymous: e.anonymous,
        version: u32_of(e.version),
        responses,
    }
}

fn checked(definition: &EvaluationDefinition) -> ApiResult<()> {
    let problems = evaluation::check(definition);
    if problems.is_empty() { Ok(()) } else { Err(ApiError::BadFields(problems)) }
}

fn waiting(e: &row::Model) -> Waiting {
    e.module_id.map_or(Waiting::Programme(e.programme_id), Waiting::Module)
}

async fn detail(db: &impl sea_orm::ConnectionTrait, e: &row::Model) -> ApiResult<EvaluationDetail> {
    let definition = definition_of(e)?;
    let responses = evaluations::response_counts(db, &[e.id]).await?.get(&e.id).copied().unwrap_or(0);
    Ok(EvaluationDetail { summary: summary(e, &definition, responses), definition })
}

/// The questionnaire Cursus ships, to start from.
pub fn default_satisfaction(actor: &Actor) -> ApiResult<EvaluationDefinition> {
    policy::may_list_evaluations(actor)?;
    Ok(evaluation::default_satisfaction())
}

pub async fn list(state: &AppState, actor: &Actor, programme_id: i64) -> ApiResult<Vec<EvaluationSummary>> {
    policy::may_list_evaluations(actor)?;
    let db = state.db.conn();
    programmes::by_id(db, programme_id).await?.ok_or_else(ApiError::not_found)?;
    let rows = evaluations::of_programmes(db, &[programme_id]).await?;
    let counts = evaluations::response_counts(db, &rows.iter().map(|e| e.id).collect::<Vec<_>>()).await?;
    rows.iter().map(|e| Ok(summary(e, &definition_of(e)?, counts.get(&e.id).copied().unwrap_or(0)))).collect()
}

pub async fn get(state: &AppState, actor: &Actor, id: i64) -> ApiResult<EvaluationDetail> {
    let db = state.db.conn();
    let e = evaluations::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(db, actor, e.programme_id).await?;
    detail(db, &e).await
}

/// Adds an evaluation to a programme or one of its modules; one of each
/// kind per place.
pub async fn create(state: &AppState, actor: &Actor, programme_id: i64, new: &NewEvaluation) -> ApiResult<EvaluationDetail> {
    checked(&new.definition)?;
    let tx = state.db.begin_write().await?;
    programmes::by_id(&tx, programme_id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, programme_id).await?;
    if let Some(module_id) = new.module_id {
        let module = programmes::module_by_id(&tx, module_id).await?;
        if module.is_none_or(|m| m.programme_id != programme_id) {
            return Err(ApiError::field("module_id", "unknown_module"));
        }
    }
    let d = &new.definition;
    if evaluations::at(&tx, programme_id, new.module_id, d.kind).await?.is_some() {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_ALREADY_EVALUATED));
    }
    let created = evaluations::insert(
        &tx,
        evaluations::NewEvaluation {
            programme_id,
            module_id: new.module_id,
            kind: d.kind,
            required: d.required,
            anonymous: d.anonymous,
            definition: serde_json::to_string(d).map_err(anyhow::Error::from)?,
        },
    )
    .await
    .map_err(|e| if is_unique_violation(&e) { ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_ALREADY_EVALUATED) } else { e.into() })?;
    if created.required {
        evaluations::hold(&tx, waiting(&created), None).await?;
    }
    audit::record(&tx, actor.id, AuditAction::EvaluationCreate, created.id, Some(serde_json::json!({ "programme_id": programme_id }))).await?;
    let out = detail(&tx, &created).await?;
    tx.commit().await?;
    Ok(out)
}

/// Replaces a definition. Once answered, its structure stays (answers point
/// at its items); wording, translations and whether it is required may
/// change. Requiring it holds the attestations still owed; no longer
/// requiring it releases those it held.
pub async fn replace(state: &AppState, actor: &Actor, id: i64, definition: &EvaluationDefinition) -> ApiResult<EvaluationDetail> {
    checked(definition)?;
    let tx = state.db.begin_write().await?;
    let current = evaluations::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, current.programme_id).await?;
    let old = definition_of(&current)?;
    if old == *definition {
        let out = detail(&tx, &current).await?;
        return Ok(out);
    }
    let answered = evaluations::response_counts(&tx, &[id]).await?.get(&id).copied().unwrap_or(0) > 0;
    if definition.kind != current.kind || (answered && !evaluation::keeps_structure(&old, definition)) {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_EVALUATION_ANSWERED));
    }
    let place = waiting(&current);
    let saved =
        evaluations::update(&tx, current, definition.required, definition.anonymous, serde_json::to_string(definition).map_err(anyhow::Error::from)?)
            .await?;
    if saved.required {
        evaluations::hold(&tx, place, None).await?;
    } else {
        evaluations::release(&tx, place, None).await?;
    }
    audit::record(&tx, actor.id, AuditAction::EvaluationUpdate, id, Some(serde_json::json!({ "version": saved.version }))).await?;
    let out = detail(&tx, &saved).await?;
    tx.commit().await?;
    Ok(out)
}

/// Deletes an evaluation nobody answered; what it held is released.
pub async fn delete(state: &AppState, actor: &Actor, id: i64) -> ApiResult<()> {
    let tx = state.db.begin_write().await?;
    let current = evaluations::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_author(&tx, actor, current.programme_id).await?;
    if evaluations::response_counts(&tx, &[id]).await?.get(&id).copied().unwrap_or(0) > 0 {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_EVALUATION_ANSWERED));
    }
    evaluations::delete(&tx, id).await?;
    evaluations::release(&tx, waiting(&current), None).await?;
    audit::record(&tx, actor.id, AuditAction::EvaluationDelete, id, Some(serde_json::json!({ "programme_id": current.programme_id }))).await?;
    tx.commit().await?;
    Ok(())
}

/// An evaluation open to a learner: the phase, and the cohort it counts in.
struct Open {
    evaluation: row::Model,
    phase: EvaluationPhase,
    cohort_id: i64,
}

/// The evaluations open to a learner now, from their own record.
async fn open_to(db: &impl sea_orm::ConnectionTrait, account_id: i64) -> ApiResult<Vec<Open>> {
    let record = learners::state(db, account_id).await?;
    let programme_ids: Vec<i64> = {
        let mut ids: Vec<i64> = record.enrolled.iter().map(|e| e.programme_id).collect();
        ids.dedup();
        ids
    };
    let all = evaluations::of_programmes(db, &programme_ids).await?;
    let mut answered: HashMap<i64, HashSet<EvaluationPhase>> = HashMap::new();
    for (id, phase) in evaluations::answered_by(db, account_id, &all.iter().map(|e| e.id).collect::<Vec<_>>()).await? {
        answered.entry(id).or_default().insert(phase);
    }
    let mut open = Vec::new();
    for e in all {
        let Some(enrolled) = record.cohort_in(e.programme_id) else { continue };
        let done = match e.module_id {
            Some(module) => record.completed.contains_key(&module),
            None => record.programmes_completed.contains(&e.programme_id),
        };
        // A programme is under way once any of its modules is complete.
        let started = done
            || match e.module_id {
                Some(_) => false,
                None => programmes::published_module_ids(db, e.programme_id).await?.iter().any(|m| record.completed.contains_key(m)),
            };
        let phases = answered.remove(&e.id).unwrap_or_default();
        if let Some(phase) = evaluation::open_phase(e.kind, started, done, &phases) {
            open.push(Open { evaluation: e, phase, cohort_id: enrolled.cohort_id });
        }
    }
    Ok(open)
}

pub async fn open_for(state: &AppState, actor: &Actor, lang: Lang) -> ApiResult<Vec<OpenEvaluation>> {
    let account_id = policy::learner(actor)?;
    let db = state.db.conn();
    let mut out = Vec::new();
    for o in open_to(db, account_id).await? {
        let e = &o.evaluation;
        let d = definition_of(e)?;
        let Some(programme) = programmes::by_id(db, e.programme_id).await? else { continue };
        let module = match e.module_id {
            Some(id) => programmes::module_by_id(db, id).await?,
            None => None,
        };
        out.push(OpenEvaluation {
            id: e.id,
            kind: e.kind,
            phase: o.phase,
            title: in_lang(lang, &d.title, &d.title_ar, &d.title_en).0.to_string(),
            programme_id: programme.id,
            programme_title: in_lang(lang, &programme.title_fr, &programme.title_ar, &programme.title_en).0.to_string(),
            module_id: e.module_id,
            module_title: module.map(|m| in_lang(lang, &m.title_fr, &m.title_ar, &m.title_en).0.to_string()),
            required: e.required,
            anonymous: e.anonymous,
        });
    }
    Ok(out)
}

async fn open_one(db: &impl sea_orm::ConnectionTrait, account_id: i64, id: i64) -> ApiResult<Open> {
    open_to(db, account_id)
        .await?
        .into_iter()
        .find(|o| o.evaluation.id == id)
        .ok_or_else(|| ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_NOT_OPEN))
}

pub async fn form(state: &AppState, actor: &Actor, id: i64, lang: Lang) -> ApiResult<EvaluationForm> {
    let account_id = policy::learner(actor)?;
    let db = state.db.conn();
    evaluations::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    let open = open_one(db, account_id, id).await?;
    let e = &open.evaluation;
    let d = definition_of(e)?;
    let (items, questions, untranslated) = evaluation::form(&d, open.phase, lang);
    let (title, title_missing) = in_lang(lang, &d.title, &d.title_ar, &d.title_en);
    Ok(EvaluationForm {
        id,
        kind: e.kind,
        phase: open.phase,
        title: title.to_string(),
        required: e.required,
        anonymous: e.anonymous,
        items,
        questions,
        untranslated: untranslated || title_missing,
    })
}

/// Records a learner's answers to the phase open to them, once.
pub async fn answer(state: &AppState, actor: &Actor, id: i64, answers: &EvaluationAnswers) -> ApiResult<EvaluationAnswered> {
    let account_id = policy::learner(actor)?;
    let tx = state.db.begin_write().await?;
    evaluations::by_id(&tx, id).await?.ok_or_else(ApiError::not_found)?;
    let answered = evaluations::answered_by(&tx, account_id, &[id]).await?;
    if answered.iter().any(|(_, phase)| *phase == answers.phase) {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_ALREADY_ANSWERED));
    }
    let open = open_one(&tx, account_id, id).await?;
    if open.phase != answers.phase {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_NOT_OPEN));
    }
    let e = &open.evaluation;
    let d = definition_of(e)?;
    let scored = evaluation::score(&d, answers.phase, &answers.items, &answers.questions).map_err(ApiError::BadFields)?;
    if !evaluations::insert_receipt(&tx, id, account_id, answers.phase, open.cohort_id).await? {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_ALREADY_ANSWERED));
    }
    let stored: &Answers = &scored.answers;
    evaluations::insert_response(
        &tx,
        NewResponse {
            evaluation_id: id,
            cohort_id: open.cohort_id,
            account_id: (!e.anonymous).then_some(account_id),
            phase: answers.phase,
            version: e.version,
            answers: serde_json::to_string(stored).map_err(anyhow::Error::from)?,
            score_percent: scored.score.map(|s| i32::try_from(s).unwrap_or(100)),
            submitted_on: now().date_naive(),
        },
    )
    .await?;
    if answers.phase == EvaluationPhase::After {
        evaluations::release(&tx, waiting(e), Some(account_id)).await?;
    }
    tx.commit().await?;
    Ok(EvaluationAnswered { score: scored.score })
}
