//! A person's profile: they see and correct their own; administrators and a
//! partner manager (for their organisation's learners) correct it for them,
//! and send an invitation again to someone who never chose a password.
use sea_orm::ConnectionTrait;
use shared::api::accounts::{ProfileInput, ProfileView};
use shared::enums::{AuditAction, TokenPurpose};
use shared::i18n::k;
use shared::problem::ErrorCode;

use crate::clock::now;
use crate::entities::account;
use crate::error::{ApiError, ApiResult};
use crate::mail::compose;
use crate::policy::{self, Actor};
use crate::service::enrolments::{addressee, check_birth_year, institution};
use crate::state::AppState;
use crate::store::accounts::{self, Profile, ProfileChanges};
use crate::store::{audit, cohorts, enrolments, organisations, outbox, tokens};

/// Minutes between two invitations sent again to the same person: a double
/// click (or two people of the partner at once) sends one.
const RESEND_INTERVAL_MINUTES: i64 = 2;

async fn view(db: &impl ConnectionTrait, a: account::Model) -> ApiResult<ProfileView> {
    let org = match a.organisation_id {
        Some(id) => organisations::by_id(db, id).await?,
        None => None,
    };
    Ok(ProfileView {
        id: a.id,
        has_password: a.password_hash.is_some(),
        organisation_region: org.as_ref().and_then(|o| o.region.clone()),
        organisation_commune: org.as_ref().and_then(|o| o.commune.clone()),
        organisation_name: org.map(|o| o.name),
        email: a.email,
        full_name: a.full_name,
        full_name_ar: a.full_name_ar,
        sex: a.sex,
        birth_year: a.birth_year,
        region: a.region,
        commune: a.commune,
        disability: a.disability,
        language: a.language,
        category: a.category,
        position: a.position,
        phone: a.phone,
    })
}

/// The person `id` (the actor themself when `None`), if the actor may see their profile.
async fn person(db: &impl ConnectionTrait, actor: &Actor, id: Option<i64>) -> ApiResult<account::Model> {
    let id = match id {
        Some(id) => id,
        None => actor.account_id()?,
    };
    let person = accounts::by_id(db, id).await?.ok_or_else(ApiError::not_found)?;
    policy::may_correct_person(actor, &person)?;
    Ok(person)
}

pub async fn get(state: &AppState, actor: &Actor, id: Option<i64>) -> ApiResult<ProfileView> {
    let db = state.db.conn();
    view(db, person(db, actor, id).await?).await
}

/// Replaces a profile with what its form sends; the change is audited with
/// who made it (a partner correcting a misspelt name before an attestation).
pub async fn correct(state: &AppState, actor: &Actor, id: Option<i64>, req: &ProfileInput) -> ApiResult<ProfileView> {
    check_birth_year(req.birth_year, "birth_year")?;
    let tx = state.db.begin_write().await?;
    let current = person(&tx, actor, id).await?;
    if !state.renderer.prints_whole(&req.full_name) {
        return Err(ApiError::field("full_name", "name_too_long_to_print"));
    }
    let text = shared::api::filled;
    let changes = ProfileChanges {
        full_name: req.full_name.trim().to_string(),
        profile: Profile {
            full_name_ar: text(&req.full_name_ar),
            sex: req.sex,
            birth_year: req.birth_year,
            region: text(&req.region),
            commune: text(&req.commune),
            disability: req.disability,
        },
        language: req.language,
        category: req.category,
        position: text(&req.position),
        phone: text(&req.phone),
    };
    let id = current.id;
    let saved = accounts::update_profile(&tx, current, changes).await?;
    // The names are the audit's business (attestations print them); the
    // sensitive fields are not copied into the log.
    let detail = serde_json::json!({ "full_name": saved.full_name, "full_name_ar": saved.full_name_ar });
    audit::record(&tx, actor.id, AuditAction::AccountProfile, id, Some(detail)).await?;
    let answer = view(&tx, saved).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Sends a person who never chose a password a new invitation, in their
/// language, naming the partner that sends it; earlier links stop working.
pub async fn resend_invitation(state: &AppState, actor: &Actor, id: i64) -> ApiResult<()> {
    let tx = state.db.begin_write().await?;
    let person = person(&tx, actor, Some(id)).await?;
    if person.password_hash.is_some() {
        return Err(ApiError::with_key(ErrorCode::Conflict, k::VALIDATION_ALREADY_ACTIVE));
    }
    let since = now() - chrono::TimeDelta::minutes(RESEND_INTERVAL_MINUTES);
    if audit::done_since(&tx, AuditAction::AccountInvitation, person.id, since).await? {
        return Err(ApiError::with_key(ErrorCode::RateLimited, k::VALIDATION_INVITATION_TOO_SOON));
    }
    tokens::retire(&tx, person.id, TokenPurpose::Invitation).await?;
    let (token, row) = tokens::invitation(person.id);
    tokens::insert_many(&tx, vec![row]).await?;
    let link = format!("{}/set-password?token={token}", state.settings.base_url);
    // Named as when the partner enrolled them; an administrator's invitation names nobody.
    let institution = match policy::enroller(actor) {
        Ok(enroller) => institution(&tx, enroller).await?,
        Err(_) => None,
    };
    let latest = enrolments::cohorts_of(&tx, person.id).await?.into_iter().max_by_key(|e| e.created_at);
    let cohort = match latest {
        Some(e) => cohorts::by_id(&tx, e.cohort_id).await?,
        None => None,
    };
    let mail = match cohort {
        Some(cohort) => compose::invitation(&addressee(&person), institution.as_deref(), &cohort.name, &link, person.id),
        None => compose::account_invitation(&addressee(&person), person.role.label_key(), &link, person.id),
    };
    outbox::enqueue(&tx, vec![mail]).await?;
    audit::record(&tx, actor.id, AuditAction::AccountInvitation, person.id, None).await?;
    tx.commit().await?;
    state.mail_ready.notify_one();
    Ok(())
}
