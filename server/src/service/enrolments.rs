//! Enrolling people, one by one (here) or from a file (`service::import`);
//! both go through the same rules: who may be enrolled by whom
//! ([`admission`]), and whether the cohort takes them ([`check_places`]).
//!
//! A partner manager never learns whether an address belongs to someone of
//! another organisation: such a person is answered exactly like an address
//! nobody holds, and is asked by mail whether they want to join.
use chrono::Datelike;
use sea_orm::ConnectionTrait;
use shared::Lang;
use shared::api::accounts::CreateOrganisationRequest;
use shared::api::enrolments::{EnrolRequest, EnrolmentRequested, EnrolmentView, JoinAccepted, PersonInput};
use shared::api::{Page, PageQuery};
use shared::enums::{AuditAction, EnrolmentStatus, OrganisationKind};
use shared::i18n::k;
use shared::problem::ErrorCode;

use crate::clock::now;
use crate::domain::places;
use crate::entities::{account, cohort, enrolment, organisation};
use crate::error::{ApiError, ApiResult, Detail};
use crate::mail::compose::{self, Addressee};
use crate::policy::{self, Actor, Admission, Enroller, admission};
use crate::state::AppState;
use crate::store::accounts::{self, NewAccount, Profile};
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
        category: a.category,
        source: e.source,
        status: e.status,
        created_at: e.created_at,
        created,
    }
}

pub fn addressee(account: &account::Model) -> Addressee<'_> {
    Addressee { email: &account.email, name: &account.full_name, lang: account.language }
}

/// The mail a person receives when enrolled: an invitation to choose a
/// password if they have none yet, else a confirmation. Written in the
/// person's language; `institution` is the partner that enrolled them.
pub fn enrolment_mail(
    state: &AppState,
    account: &account::Model,
    institution: Option<&str>,
    cohort: &cohort::Model,
    enrolment_id: i64,
    invitation: Option<&str>,
) -> NewMail {
    let base = &state.settings.base_url;
    match invitation {
        Some(token) => compose::invitation(&addressee(account), institution, &cohort.name, &format!("{base}/set-password?token={token}"), account.id),
        None => compose::enrolment(&addressee(account), &cohort.name, &format!("{base}/"), enrolment_id),
    }
}

/// The name of the institution a partner manager enrols for; none for
/// administrators and learners.
pub async fn institution(db: &impl ConnectionTrait, enroller: Enroller) -> ApiResult<Option<String>> {
    Ok(match enroller {
        Enroller::Partner { organisation_id } => organisations::by_id(db, organisation_id).await?.map(|o| o.name),
        _ => None,
    })
}

/// The one rule of whether a cohort takes `wanted` more people: it has not
/// ended, and it has the places.
pub async fn check_places(db: &impl ConnectionTrait, cohort: &cohort::Model, wanted: u64) -> ApiResult<()> {
    if places::has_ended(now().date_naive(), cohort.ends_on) {
        return Err(ApiError::code(ErrorCode::CohortClosed));
    }
    if wanted == 0 {
        return Ok(());
    }
    let places = places::places_left(u64::try_from(cohort.capacity).unwrap_or(0), cohorts::enrolled_count(db, cohort.id).await?);
    if wanted > places {
        return Err(if wanted == 1 {
            ApiError::code(ErrorCode::CohortFull)
        } else {
            ApiError::Problem {
                code: ErrorCode::CohortFull,
                detail: Some(Detail::Key(k::UI_IMPORT_OVER_CAPACITY, vec![("places", places.to_string()), ("wanted", wanted.to_string())])),
            }
        });
    }
    Ok(())
}

/// The organisation a new person belongs to: a partner manager's own; for
/// an administrator, the named one (created when new).
pub async fn organisation_for(db: &impl ConnectionTrait, enroller: Enroller, named: Option<&str>) -> ApiResult<Option<i64>> {
    if let Enroller::Partner { organisation_id } = enroller {
        return Ok(Some(organisation_id));
    }
    let Some(name) = named.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    Ok(Some(match organisations::by_name(db, name).await? {
        Some(org) => org.id,
        None => {
            let req = CreateOrganisationRequest { name: name.to_string(), kind: OrganisationKind::Association, region: None, commune: None };
            organisations::insert(db, &req).await?.id
        }
    }))
}

/// Whether a partner manager's organisation column names their own
/// organisation (or is empty): by name, short name or acronym.
pub fn names_own_organisation(own: &organisation::Model, named: &str) -> bool {
    crate::domain::import::names_organisation(&own.name, named)
}

/// The name a person's account carries: first name, then last name.
pub fn full_name_of(person: &PersonInput) -> String {
    format!("{} {}", person.first_name.trim(), person.last_name.trim())
}

/// A learner's account for a person a partner or administrator described
/// (a form or a row of a file): the names in both scripts, the profile they
/// gave, their language (`otherwise` when not said).
pub fn new_account(person: &PersonInput, organisation_id: Option<i64>, otherwise: Lang) -> NewAccount {
    let full_name_ar =
        [&person.first_name_ar, &person.last_name_ar].into_iter().flatten().map(|n| n.trim()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join(" ");
    let text = shared::api::filled;
    NewAccount {
        email: accounts::normalise_email(&person.email),
        full_name: full_name_of(person),
        role: shared::enums::Role::Learner,
        organisation_id,
        category: Some(person.category),
        position: text(&person.position),
        phone: text(&person.phone),
        language: person.language.unwrap_or(otherwise),
        password_hash: None,
        profile: Profile {
            full_name_ar: Some(full_name_ar).filter(|n| !n.is_empty()),
            sex: person.sex,
            birth_year: person.birth_year,
            region: text(&person.region),
            commune: text(&person.commune),
            disability: person.disability,
        },
    }
}

/// The one check of a described person that needs today's date.
pub fn check_person(person: &PersonInput, field: &'static str) -> ApiResult<()> {
    check_birth_year(person.birth_year, field)
}

/// A year of birth, when given, is plausible this year.
pub fn check_birth_year(year: Option<i32>, field: &'static str) -> ApiResult<()> {
    match year.map(|year| shared::validation::birth_year(year, now().year())) {
        Some(Err(error)) => {
            let mut errors = validator::ValidationErrors::new();
            errors.add(field, error);
            Err(ApiError::Validation(errors))
        }
        _ => Ok(()),
    }
}

/// The mail that asks someone of another organisation whether they want to
/// join a cohort a partner manager proposed.
pub async fn ask_to_join(
    state: &AppState,
    db: &impl ConnectionTrait,
    enroller: Enroller,
    by: Option<i64>,
    account: &account::Model,
    cohort: &cohort::Model,
) -> ApiResult<NewMail> {
    let institution = institution(db, enroller).await?.unwrap_or_default();
    let (token, row) = tokens::join(account.id, cohort.id, by);
    tokens::insert_joins(db, vec![row]).await?;
    let link = format!("{}/join?token={token}", state.settings.base_url);
    Ok(compose::join_request(&addressee(account), &institution, &cohort.name, &link, account.id, cohort.id))
}

/// What enrolling one person answered.
pub enum Enrolled {
    /// The enrolment (new, brought back, or already there).
    Done(EnrolmentView),
    /// A partner manager's request by e-mail: the same answer whether the
    /// address was new (an account was opened and invited) or someone else's.
    Requested(EnrolmentRequested),
}

pub async fn enrol(state: &AppState, actor: &Actor, cohort_id: i64, req: &EnrolRequest, lang: Lang) -> ApiResult<Enrolled> {
    let enroller = policy::enroller(actor)?;
    let tx = state.db.begin_write().await?;
    let cohort = cohorts::by_id(&tx, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    enrolments::lock_cohort(&tx, cohort.id).await?;
    let mut invitation = None;
    let account = match (enroller, req.account_id, &req.person) {
        (Enroller::Themself { account_id }, id, person) => {
            if person.is_some() || id.is_some_and(|id| id != account_id) {
                return Err(ApiError::forbidden());
            }
            let account = accounts::by_id(&tx, account_id).await?.ok_or_else(ApiError::unauthenticated)?;
            if enrolments::find(&tx, cohort.id, account_id).await?.is_none() && !cohort.self_enrolment_open {
                return Err(ApiError::code(ErrorCode::CohortClosed));
            }
            account
        }
        (_, Some(id), _) => {
            let unknown = || ApiError::field("account_id", "unknown_account");
            let account = accounts::by_id(&tx, id).await?.ok_or_else(unknown)?;
            match admission(enroller, &account) {
                Admission::Enrol => account,
                Admission::NotALearner => return Err(ApiError::field("account_id", "not_a_learner")),
                Admission::AskToJoin | Admission::Hidden => return Err(unknown()),
            }
        }
        (_, None, Some(person)) => match accounts::by_email(&tx, &person.email).await? {
            Some(account) => match admission(enroller, &account) {
                Admission::Enrol => account,
                Admission::NotALearner => return Err(ApiError::field("person.email", "not_a_learner")),
                Admission::AskToJoin => {
                    check_places(&tx, &cohort, 0).await?;
                    let mail = ask_to_join(state, &tx, enroller, actor.id, &account, &cohort).await?;
                    outbox::enqueue(&tx, vec![mail]).await?;
                    tx.commit().await?;
                    state.mail_ready.notify_one();
                    return Ok(Enrolled::Requested(EnrolmentRequested { cohort_id: cohort.id, email: account.email }));
                }
                Admission::Hidden => {
                    return Ok(Enrolled::Requested(EnrolmentRequested { cohort_id: cohort.id, email: accounts::normalise_email(&person.email) }));
                }
            },
            None => {
                check_person(person, "person.birth_year")?;
                if !state.renderer.prints_whole(&full_name_of(person)) {
                    return Err(ApiError::field("person.last_name", "name_too_long_to_print"));
                }
                check_places(&tx, &cohort, 1).await?;
                let org = organisation_for(&tx, enroller, person.organisation.as_deref()).await?;
                let account = accounts::insert(&tx, new_account(person, org, lang)).await?;
                let (token, row) = tokens::invitation(account.id);
                tokens::insert_many(&tx, vec![row]).await?;
                invitation = Some(token);
                account
            }
        },
        (_, None, None) => return Err(ApiError::field("person", "account_or_person")),
    };
    let existing = enrolments::find(&tx, cohort.id, account.id).await?;
    let withdrawn = existing.as_ref().is_some_and(|e| e.status == EnrolmentStatus::Withdrawn);
    let org = match account.organisation_id {
        Some(id) => organisations::by_id(&tx, id).await?,
        None => None,
    };
    if let Some(existing) = existing.filter(|_| !withdrawn) {
        let answer = view(&existing, &account, org.as_ref(), false);
        return Ok(if enroller.answers_by_email_opaquely() && req.person.is_some() {
            Enrolled::Requested(EnrolmentRequested { cohort_id: cohort.id, email: account.email })
        } else {
            Enrolled::Done(answer)
        });
    }
    check_places(&tx, &cohort, 1).await?;
    // Someone withdrawn comes back to the same enrolment, with their progress.
    enrolments::insert_many(&tx, cohort.id, &[account.id], enroller.source(), actor.id).await?;
    let saved = enrolments::find(&tx, cohort.id, account.id).await?.ok_or_else(ApiError::not_found)?;
    let by = institution(&tx, enroller).await?;
    outbox::enqueue(&tx, vec![enrolment_mail(state, &account, by.as_deref(), &cohort, saved.id, invitation.as_deref())]).await?;
    let what = if withdrawn { AuditAction::EnrolmentReactivate } else { AuditAction::EnrolmentCreate };
    audit::record(&tx, actor.id, what, saved.id, Some(serde_json::json!({ "cohort": cohort.id, "account": account.id }))).await?;
    tx.commit().await?;
    state.mail_ready.notify_one();
    // A partner manager's request by e-mail gets the same answer whoever held the address.
    if enroller.answers_by_email_opaquely() && req.person.is_some() {
        return Ok(Enrolled::Requested(EnrolmentRequested { cohort_id: cohort.id, email: account.email }));
    }
    Ok(Enrolled::Done(view(&saved, &account, org.as_ref(), true)))
}

/// Takes someone out of a cohort: an administrator anyone, a partner manager
/// their own people. The enrolment stays, marked withdrawn, with the person's
/// completions and attestations; enrolling them again brings it back.
pub async fn withdraw(state: &AppState, actor: &Actor, cohort_id: i64, account_id: i64) -> ApiResult<EnrolmentView> {
    let tx = state.db.begin_write().await?;
    let account = accounts::by_id(&tx, account_id).await?;
    policy::may_withdraw(actor, account.as_ref())?;
    let account = account.ok_or_else(ApiError::not_found)?;
    let enrolment = enrolments::find(&tx, cohort_id, account_id).await?.ok_or_else(ApiError::not_found)?;
    if enrolment.status != EnrolmentStatus::Withdrawn {
        enrolments::set_status(&tx, enrolment.id, EnrolmentStatus::Withdrawn).await?;
        audit::record(
            &tx,
            actor.id,
            AuditAction::EnrolmentWithdraw,
            enrolment.id,
            Some(serde_json::json!({ "cohort": cohort_id, "account": account_id })),
        )
        .await?;
    }
    let saved = enrolments::find(&tx, cohort_id, account_id).await?.ok_or_else(ApiError::not_found)?;
    let org = match account.organisation_id {
        Some(id) => organisations::by_id(&tx, id).await?,
        None => None,
    };
    tx.commit().await?;
    Ok(view(&saved, &account, org.as_ref(), false))
}

/// The cohort's learners: all for administrators and its trainers, a partner
/// manager's own people only.
pub async fn list(state: &AppState, actor: &Actor, cohort_id: i64, page: PageQuery) -> ApiResult<Page<EnrolmentView>> {
    let db = state.db.conn();
    let cohort = cohorts::by_id(db, cohort_id).await?.ok_or_else(ApiError::not_found)?;
    let scope = policy::follow_scope(db, actor, cohort.id).await?;
    let (rows, total) = enrolments::list(db, cohort.id, scope, Some(page)).await?;
    let items = rows.iter().map(|(e, a, o)| view(e, a, o.as_ref(), false)).collect();
    Ok(Page::new(items, total, page))
}

/// The cohorts the signed-in learner is enrolled in.
pub async fn my_cohorts(state: &AppState, actor: &Actor) -> ApiResult<Vec<shared::api::cohorts::CohortView>> {
    let me = actor.account_id()?;
    let db = state.db.conn();
    let ids: Vec<i64> = enrolments::cohorts_of(db, me).await?.iter().map(|e| e.cohort_id).collect();
    let mine = cohorts::by_ids(db, &ids).await?;
    crate::service::cohorts::views(db, mine).await
}

/// Someone asked by a partner manager accepts to join the cohort, by the
/// link of their mail (no session needed: the link proves the address).
pub async fn accept_join(state: &AppState, token: &str) -> ApiResult<JoinAccepted> {
    let tx = state.db.begin_write().await?;
    let request = tokens::consume_join(&tx, token).await?.ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    let cohort = cohorts::by_id(&tx, request.cohort_id).await?.ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    let account = accounts::by_id(&tx, request.account_id).await?.filter(|a| a.active).ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    enrolments::lock_cohort(&tx, cohort.id).await?;
    let already = enrolments::find(&tx, cohort.id, account.id).await?.is_some_and(|e| e.status != EnrolmentStatus::Withdrawn);
    if !already {
        check_places(&tx, &cohort, 1).await?;
        enrolments::insert_many(&tx, cohort.id, &[account.id], shared::enums::EnrolmentSource::Partner, request.requested_by).await?;
        let saved = enrolments::find(&tx, cohort.id, account.id).await?.ok_or_else(ApiError::not_found)?;
        audit::record(
            &tx,
            Some(account.id),
            AuditAction::EnrolmentCreate,
            saved.id,
            Some(serde_json::json!({ "cohort": cohort.id, "account": account.id, "requested_by": request.requested_by })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(JoinAccepted { cohort_id: cohort.id, cohort_name: cohort.name, has_password: account.password_hash.is_some() })
}
