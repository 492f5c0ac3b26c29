//! Enrolling one person: an administrator anyone, a partner manager the people
//! of their organisation (a new e-mail gets an account and an invitation), a
//! learner themself where the cohort is open. Capacity and dates are enforced;
//! enrolling twice changes nothing.
use sea_orm::ConnectionTrait;
use shared::api::accounts::CreateOrganisationRequest;
use shared::api::enrolments::{EnrolRequest, EnrolmentView, PersonInput};
use shared::enums::{Category, EnrolmentSource, EnrolmentStatus, OrganisationKind, Role};
use shared::problem::ErrorCode;
use shared::Lang;

use crate::clock::now;
use crate::entities::{account, cohort, enrolment, organisation};
use crate::error::{ApiError, ApiResult};
use crate::mail::compose::{self, Addressee};
use crate::service::actor::Actor;
use crate::state::AppState;
use crate::store::accounts::{self, NewAccount};
use crate::store::outbox::NewMail;
use crate::store::{audit, cohorts, enrolments, organisations, outbox, tokens};

pub fn view(e: &enrolment::Model, a: &account::Model, org: Option<&organisation::Model>, created: bool) -> EnrolmentView {
    EnrolmentView {
        id: e.id,
        cohort_id: e.cohort_id,
        account_id: a.id,
        full_name: a.full_name.clone(),
        email: a.email.clone(),
        organisation_name: org.map(|o| o.name.clone()),
        category: a.category.as_deref().and_then(Category::parse),
        source: EnrolmentSource::parse(&e.source).unwrap_or(EnrolmentSource::Admin),
        status: EnrolmentStatus::parse(&e.status).unwrap_or(EnrolmentStatus::Active),
        created_at: e.created_at,
        created,
    }
}

pub fn source_of(actor: &Actor) -> EnrolmentSource {
    match actor.role {
        Role::Learner => EnrolmentSource::SelfService,
        Role::Partner => EnrolmentSource::Partner,
        _ => EnrolmentSource::Admin,
    }
}

pub fn addressee(account: &account::Model) -> Addressee<'_> {
    Addressee { email: &account.email, name: &account.full_name, lang: Lang::from_code(&account.language).unwrap_or_default() }
}

/// The mail a person receives when enrolled: an invitation to choose a
/// password if they have none yet, else a confirmation.
pub fn enrolment_mail(state: &AppState, account: &account::Model, cohort: &cohort::Model, enrolment_id: i64, invitation: Option<&str>) -> NewMail {
    let base = &state.settings.base_url;
    match invitation {
        Some(token) => compose::invitation(&addressee(account), &cohort.name, &format!("{base}/set-password?token={token}"), account.id),
        None => compose::enrolment(&addressee(account), &cohort.name, &format!("{base}/"), enrolment_id),
    }
}

/// Refuses enrolment into a cohort that has ended.
pub fn check_open_dates(cohort: &cohort::Model) -> ApiResult<()> {
    if now().date_naive() > cohort.ends_on {
        return Err(ApiError::code(ErrorCode::CohortClosed));
    }
    Ok(())
}

/// The organisation a staff member's new person belongs to: a partner's own;
/// for an administrator, the named one (created when new).
pub async fn organisation_for(db: &impl ConnectionTrait, actor: &Actor, named: Option<&str>) -> ApiResult<Option<i64>> {
    let named = named.map(str::trim).filter(|n| !n.is_empty());
    match actor.role {
        Role::Partner => {
            let own = actor.organisation_id.ok_or_else(ApiError::forbidden)?;
            if let Some(name) = named {
                let org = organisations::by_id(db, own).await?.ok_or_else(ApiError::forbidden)?;
                if crate::domain::import::fold(&org.name) != crate::domain::import::fold(name) {
                    return Err(ApiError::field("person.organisation", "other_organisation"));
                }
            }
            Ok(Some(own))
        }
        _ => match named {
            None => Ok(None),
            Some(name) => match organisations::by_name(db, name).await? {
                Some(org) => Ok(Some(org.id)),
                None => {
                    let req = CreateOrganisationRequest { name: name.to_string(), kind: OrganisationKind::Association, region: None, commune: None };
                    Ok(Some(organisations::insert(db, &req).await?.id))
                }
            },
        },
    }
}

/// Whether `actor` may enrol this existing account.
pub fn check_may_enrol(actor: &Actor, account: &account::Model) -> ApiResult<()> {
    if account.role != Role::Learner.as_str() {
        return Err(ApiError::field("account_id", "not_a_learner"));
    }
    if actor.role == Role::Partner && account.organisation_id != actor.organisation_id {
        return Err(ApiError::field("person.email", "other_organisation"));
    }
    Ok(())
}

pub fn new_account(person: &PersonInput, organisation_id: Option<i64>, language: Lang) -> NewAccount {
    NewAccount {
        email: accounts::normalise_email(&person.email),
        full_name: format!("{} {}", person.first_name.trim(), person.last_name.trim()),
        role: Role::Learner,
        organisation_id,
        category: Some(person.category),
        position: person.position.clone().filter(|p| !p.trim().is_empty()),
        phone: person.phone.clone().filter(|p| !p.trim().is_empty()),
        language,
        password_hash: None,
    }
}

pub async fn enrol(state: &AppState, actor: &Actor, cohort_id: i64, req: &EnrolRequest, lang: Lang) -> ApiResult<EnrolmentView> {
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    enrolments::lock_cohort(&tx, cohort.id).await?;
    let mut invitation = None;
    let account = match actor.role {
        Role::Trainer => return Err(ApiError::forbidden()),
        Role::Learner => {
            let me = actor.id.ok_or_else(ApiError::forbidden)?;
            if req.person.is_some() || req.account_id.is_some_and(|id| id != me) {
                return Err(ApiError::forbidden());
            }
            let account = accounts::by_id(&tx, me).await?.ok_or_else(ApiError::unauthenticated)?;
            if enrolments::find(&tx, cohort.id, me).await?.is_none() && !cohort.self_enrolment_open {
                return Err(ApiError::code(ErrorCode::CohortClosed));
            }
            account
        }
        Role::Partner | Role::Admin => match (req.account_id, &req.person) {
            (Some(id), _) => {
                let account = accounts::by_id(&tx, id).await?.ok_or_else(|| ApiError::field("account_id", "unknown_account"))?;
                check_may_enrol(actor, &account)?;
                account
            }
            (None, Some(person)) => match accounts::by_email(&tx, &person.email).await? {
                Some(account) => {
                    check_may_enrol(actor, &account)?;
                    account
                }
                None => {
                    let org = organisation_for(&tx, actor, person.organisation.as_deref()).await?;
                    let account = accounts::insert(&tx, new_account(person, org, lang)).await?;
                    let (token, row) = tokens::invitation(account.id);
                    tokens::insert_many(&tx, vec![row]).await?;
                    invitation = Some(token);
                    account
                }
            },
            (None, None) => return Err(ApiError::field("person", "account_or_person")),
        },
    };
    let existing = enrolments::find(&tx, cohort.id, account.id).await?;
    let withdrawn = existing.as_ref().is_some_and(|e| e.status == EnrolmentStatus::Withdrawn.as_str());
    if let Some(existing) = existing.filter(|_| !withdrawn) {
        let org = match account.organisation_id {
            Some(id) => organisations::by_id(&tx, id).await?,
            None => None,
        };
        return Ok(view(&existing, &account, org.as_ref(), false));
    }
    check_open_dates(&cohort)?;
    if cohorts::enrolled_count(&tx, cohort.id).await? >= cohort.capacity.max(0) as u64 {
        return Err(ApiError::code(ErrorCode::CohortFull));
    }
    // Someone withdrawn comes back to the same enrolment, with their progress.
    enrolments::insert_many(&tx, cohort.id, &[account.id], source_of(actor), actor.id).await?;
    let saved = enrolments::find(&tx, cohort.id, account.id).await?.ok_or_else(ApiError::not_found)?;
    outbox::enqueue(&tx, vec![enrolment_mail(state, &account, &cohort, saved.id, invitation.as_deref())]).await?;
    let what = if withdrawn { "enrolment.reactivate" } else { "enrolment.create" };
    audit::record(&tx, actor.id, what, "enrolment", saved.id, Some(serde_json::json!({ "cohort": cohort.id, "account": account.id }))).await?;
    let org = match account.organisation_id {
        Some(id) => organisations::by_id(&tx, id).await?,
        None => None,
    };
    tx.commit().await?;
    state.mail_ready.notify_one();
    Ok(view(&saved, &account, org.as_ref(), true))
}

/// Takes someone out of a cohort: an administrator anyone, a partner manager
/// their own people. The enrolment stays, marked withdrawn, with the person's
/// completions and attestations; enrolling them again brings it back.
pub async fn withdraw(state: &AppState, actor: &Actor, cohort_id: i64, account_id: i64) -> ApiResult<EnrolmentView> {
    if !matches!(actor.role, Role::Admin | Role::Partner) {
        return Err(ApiError::forbidden());
    }
    let tx = state.db.begin_write().await?;
    let account = accounts::by_id(&tx, account_id).await?.ok_or_else(ApiError::not_found)?;
    if actor.role == Role::Partner && account.organisation_id != actor.organisation_id {
        return Err(ApiError::forbidden());
    }
    let enrolment = enrolments::find(&tx, cohort_id, account_id).await?.ok_or_else(ApiError::not_found)?;
    if enrolment.status != EnrolmentStatus::Withdrawn.as_str() {
        enrolments::set_status(&tx, enrolment.id, EnrolmentStatus::Withdrawn).await?;
        audit::record(&tx, actor.id, "enrolment.withdraw", "enrolment", enrolment.id, Some(serde_json::json!({ "cohort": cohort_id, "account": account_id }))).await?;
    }
    let saved = enrolments::find(&tx, cohort_id, account_id).await?.ok_or_else(ApiError::not_found)?;
    let org = match account.organisation_id {
        Some(id) => organisations::by_id(&tx, id).await?,
        None => None,
    };
    tx.commit().await?;
    Ok(view(&saved, &account, org.as_ref(), false))
}
