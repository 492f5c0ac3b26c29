//! Who may do what: the one place that answers it.
//!
//! Every use case starts from an [`Actor`] and asks a named decision here
//! (`may_edit_content`, `may_teach`, `people_scope`...). A decision either
//! allows, refuses (403), or — where even a refusal would tell a partner that
//! somebody exists in another organisation — answers exactly as if the
//! record did not exist (404). Scopes ([`CohortScope`], [`PeopleScope`],
//! [`AttestationScope`]) are applied by the store as query filters, never as
//! lists of ids loaded into memory.
mod scope;

use sea_orm::ConnectionTrait;
use shared::enums::{EnrolmentSource, EvaluationKind, ModuleStatus, Role};

use crate::entities::{account, attestation, cohort};
use crate::error::{ApiError, ApiResult};
use crate::store;

pub use scope::{AttestationScope, CohortScope, PeopleScope};

/// Who is acting: a signed-in account, or the command line (an administrator
/// without an account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<i64>,
    pub role: Role,
    pub organisation_id: Option<i64>,
}

impl Actor {
    /// The command line and the server's own workers.
    pub fn system() -> Actor {
        Actor { id: None, role: Role::Admin, organisation_id: None }
    }

    pub fn of(account: &account::Model) -> Actor {
        Actor { id: Some(account.id), role: account.role, organisation_id: account.organisation_id }
    }

    /// The account acting; the command line has none.
    pub fn account_id(&self) -> ApiResult<i64> {
        self.id.ok_or_else(ApiError::forbidden)
    }

    fn is(&self, role: Role) -> bool {
        self.role == role
    }

    /// A partner manager's organisation (a partner always has one: the schema says so).
    fn partner_organisation(&self) -> ApiResult<i64> {
        self.organisation_id.ok_or_else(ApiError::forbidden)
    }
}

fn allow_if(allowed: bool) -> ApiResult<()> {
    if allowed { Ok(()) } else { Err(ApiError::forbidden()) }
}

// ---- administration -------------------------------------------------------

/// Accounts of any role, organisations.
pub fn may_manage_accounts(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin))
}

/// Programmes themselves: creating one, its titles, naming its authors.
pub fn may_edit_curriculum(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin))
}

/// An organisation's own records (its logo): administrators, and its own
/// managers; another partner is not told it exists.
pub fn may_see_organisation(actor: &Actor, organisation_id: i64) -> ApiResult<()> {
    match people_scope(actor)? {
        PeopleScope::All => Ok(()),
        PeopleScope::Organisation(own) if own == organisation_id => Ok(()),
        PeopleScope::Organisation(_) => Err(ApiError::not_found()),
    }
}

/// Who issues a programme's attestations, who signs them, with which
/// signature and stamp: facts printed and signed, set by administrators.
pub fn may_set_issuer(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin))
}

/// A programme's modules — their content, assessments, prerequisites, life —
/// are shared by every cohort of the programme: administrators change them,
/// and the trainers an administrator named authors of that programme. A
/// trainer who is not an author teaches a cohort, not the curriculum.
pub async fn may_author(db: &impl ConnectionTrait, actor: &Actor, programme_id: i64) -> ApiResult<()> {
    if actor.is(Role::Admin) {
        return Ok(());
    }
    match actor.id {
        Some(id) if actor.is(Role::Trainer) => allow_if(store::programmes::is_author(db, programme_id, id).await?),
        _ => Err(ApiError::forbidden()),
    }
}

/// Rendering Markdown as learners will see it, for whoever writes content.
pub fn may_preview_content(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin) || actor.is(Role::Trainer))
}

/// Staff see who authors a programme.
pub fn may_see_authors(actor: &Actor) -> bool {
    actor.is(Role::Admin) || actor.is(Role::Trainer)
}

/// Who an administrator may name author of a programme.
pub fn may_be_author(account: &account::Model) -> bool {
    account.role == Role::Trainer && account.active
}

/// A draft module is for those who author and teach; everyone else sees a
/// module once it is published (what a learner sees of it is decided by
/// `domain::publication`, from their own record).
pub fn may_see_module(actor: &Actor, status: ModuleStatus) -> bool {
    status != ModuleStatus::Draft || actor.is(Role::Admin) || actor.is(Role::Trainer)
}

/// Opening and changing cohorts, assigning trainers.
pub fn may_manage_cohorts(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin))
}

/// Issuing by hand, revoking, reissuing.
pub fn may_administer_attestations(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin))
}

/// The internal reason of a revocation is the administrators' record; the
/// holder and other staff read only the public note.
pub fn reads_revocation_reason(actor: &Actor) -> bool {
    actor.is(Role::Admin)
}

pub fn may_read_audit(actor: &Actor) -> ApiResult<()> {
    allow_if(actor.is(Role::Admin))
}

/// A partner manager acts for exactly one organisation (the schema says so too).
pub fn needs_organisation(role: Role) -> bool {
    role == Role::Partner
}

/// The kind of an organisation created for a new account of `role`: a
/// partner manager's is a partner institution.
pub fn organisation_kind_for(role: Role) -> shared::enums::OrganisationKind {
    if role == Role::Partner { shared::enums::OrganisationKind::PartnerInstitution } else { shared::enums::OrganisationKind::Association }
}

/// Whether `account` may be named a cohort's trainer: trainers, and
/// administrators who teach.
pub fn can_teach(account: &account::Model) -> bool {
    account.active && matches!(account.role, Role::Trainer | Role::Admin)
}

// ---- people ---------------------------------------------------------------

/// Whose people the actor may list, correct and follow: everyone for an
/// administrator, their organisation's for a partner manager.
pub fn people_scope(actor: &Actor) -> ApiResult<PeopleScope> {
    match actor.role {
        Role::Admin => Ok(PeopleScope::All),
        Role::Partner => Ok(PeopleScope::Organisation(actor.partner_organisation()?)),
        Role::Trainer | Role::Learner => Err(ApiError::forbidden()),
    }
}

/// Whether the actor may see this person at all. A person out of scope is
/// answered as missing, so that nobody learns who exists elsewhere.
pub fn may_see_person(actor: &Actor, person: &account::Model) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Partner => actor.organisation_id.is_some() && person.organisation_id == actor.organisation_id,
        Role::Trainer | Role::Learner => actor.id == Some(person.id),
    }
}

/// Who may read and correct a person's profile (names, sex, year of birth,
/// disability, where they live) and send their invitation again: the
/// person, administrators, and a partner manager for their organisation's
/// learners. Anyone else is answered as if the person did not exist.
pub fn may_correct_person(actor: &Actor, person: &account::Model) -> ApiResult<()> {
    let allowed = match actor.role {
        Role::Admin => true,
        Role::Partner => person.role == Role::Learner && actor.organisation_id.is_some() && person.organisation_id == actor.organisation_id,
        Role::Trainer | Role::Learner => false,
    };
    if allowed || actor.id == Some(person.id) { Ok(()) } else { Err(ApiError::not_found()) }
}

/// The figures of "En chiffres": everyone's for administrators, a partner
/// manager's own people's.
pub fn reports_scope(actor: &Actor) -> ApiResult<PeopleScope> {
    people_scope(actor)
}

/// Whether an export of the figures masks small cells ("<5"): always when
/// a partner manager's file leaves for a donor; when an administrator asks.
pub fn exports_masked(actor: &Actor, asked: bool) -> bool {
    asked || !actor.is(Role::Admin)
}

// ---- training evaluation --------------------------------------------------

/// Staff see which evaluations a programme has (authors edit them through
/// [`may_author`]); learners see only those open to them.
pub fn may_list_evaluations(actor: &Actor) -> ApiResult<()> {
    allow_if(!actor.is(Role::Learner))
}

/// Whose answers to an evaluation in a cohort the actor may read: a
/// knowledge test's like the cohort's progress ([`follow_scope`]: a partner
/// manager their own people's); a questionnaire's only administrators and
/// the cohort's trainers, since its answers (anonymous ones have no
/// account) cannot be narrowed to an organisation's people.
pub async fn evaluation_results_scope(db: &impl ConnectionTrait, actor: &Actor, cohort_id: i64, kind: EvaluationKind) -> ApiResult<PeopleScope> {
    match kind {
        EvaluationKind::Knowledge => follow_scope(db, actor, cohort_id).await,
        EvaluationKind::Satisfaction => {
            may_teach(db, actor, cohort_id).await?;
            Ok(PeopleScope::All)
        }
    }
}

// ---- cohorts --------------------------------------------------------------

/// Which cohorts the actor may list and open: administrators and partner
/// managers (who enrol into them) all, trainers those they teach, learners
/// theirs and those open to self-enrolment.
pub fn cohort_scope(actor: &Actor) -> CohortScope {
    match (actor.role, actor.id) {
        (Role::Admin | Role::Partner, _) => CohortScope::All,
        (Role::Trainer, Some(id)) => CohortScope::TaughtBy(id),
        (Role::Learner, Some(id)) => CohortScope::LearnerOf(id),
        (_, None) => CohortScope::All,
    }
}

pub async fn may_open_cohort(db: &impl ConnectionTrait, actor: &Actor, cohort_id: i64) -> ApiResult<()> {
    allow_if(store::cohorts::is_in_scope(db, cohort_scope(actor), cohort_id).await?)
}

/// Grading, attendance and sessions of a cohort: administrators and the
/// cohort's own trainers.
pub async fn may_teach(db: &impl ConnectionTrait, actor: &Actor, cohort_id: i64) -> ApiResult<()> {
    allow_if(teaches(db, actor, cohort_id).await?)
}

async fn teaches(db: &impl ConnectionTrait, actor: &Actor, cohort_id: i64) -> ApiResult<bool> {
    Ok(match (actor.role, actor.id) {
        (Role::Admin, _) => true,
        (Role::Trainer, Some(id)) => store::cohorts::is_trainer(db, cohort_id, id).await?,
        _ => false,
    })
}

/// Whose progress in a cohort the actor may follow: all its learners for an
/// administrator or one of its trainers, a partner manager's own people.
pub async fn follow_scope(db: &impl ConnectionTrait, actor: &Actor, cohort_id: i64) -> ApiResult<PeopleScope> {
    match actor.role {
        Role::Admin => Ok(PeopleScope::All),
        Role::Partner => Ok(PeopleScope::Organisation(actor.partner_organisation()?)),
        Role::Trainer if teaches(db, actor, cohort_id).await? => Ok(PeopleScope::All),
        Role::Trainer | Role::Learner => Err(ApiError::forbidden()),
    }
}

/// The cohorts whose submissions wait for the actor's grade.
pub fn grading_scope(actor: &Actor) -> ApiResult<CohortScope> {
    match (actor.role, actor.id) {
        (Role::Admin, _) => Ok(CohortScope::All),
        (Role::Trainer, Some(id)) => Ok(CohortScope::TaughtBy(id)),
        _ => Err(ApiError::forbidden()),
    }
}

// ---- enrolment ------------------------------------------------------------

/// Who is enrolling whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enroller {
    /// An administrator: anyone, by account or e-mail.
    Administration,
    /// A partner manager: people of their organisation; new e-mails join it.
    Partner { organisation_id: i64 },
    /// A learner enrolling themself in a cohort open to self-enrolment.
    Themself { account_id: i64 },
}

pub fn enroller(actor: &Actor) -> ApiResult<Enroller> {
    match (actor.role, actor.id) {
        (Role::Admin, _) => Ok(Enroller::Administration),
        (Role::Partner, _) => Ok(Enroller::Partner { organisation_id: actor.partner_organisation()? }),
        (Role::Learner, Some(id)) => Ok(Enroller::Themself { account_id: id }),
        _ => Err(ApiError::forbidden()),
    }
}

/// Bulk enrolment from a file: administrators and partner managers.
pub fn bulk_enroller(actor: &Actor) -> ApiResult<Enroller> {
    match enroller(actor)? {
        Enroller::Themself { .. } => Err(ApiError::forbidden()),
        other => Ok(other),
    }
}

impl Enroller {
    pub fn source(self) -> EnrolmentSource {
        match self {
            Enroller::Administration => EnrolmentSource::Admin,
            Enroller::Partner { .. } => EnrolmentSource::Partner,
            Enroller::Themself { .. } => EnrolmentSource::SelfService,
        }
    }

    /// Whether this existing account is one the enroller may enrol. For a
    /// partner, someone of another organisation is treated exactly like an
    /// address nobody holds (see `service::enrolments`).
    pub fn reaches(self, account: &account::Model) -> bool {
        match self {
            Enroller::Administration => true,
            Enroller::Partner { organisation_id } => account.organisation_id == Some(organisation_id),
            Enroller::Themself { account_id } => account.id == account_id,
        }
    }
}

impl Enroller {
    /// Whether an enrolment by e-mail is answered the same whoever holds the
    /// address (a partner manager must not learn who exists elsewhere).
    pub fn answers_by_email_opaquely(self) -> bool {
        matches!(self, Enroller::Partner { .. })
    }
}

/// Only learners are enrolled in cohorts.
pub fn may_be_enrolled(account: &account::Model) -> bool {
    account.role == Role::Learner
}

/// What an enroller may do with an existing account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Enrol them.
    Enrol,
    /// Not one of the enroller's people: answered like an unknown address,
    /// and asked by mail whether they want to join.
    AskToJoin,
    /// Nobody the enroller may enrol and nobody to ask (staff accounts,
    /// for a partner manager): answered like an unknown address, nothing sent.
    Hidden,
    /// Refused, for an administrator who may know why: not a learner.
    NotALearner,
}

/// The one rule of who may be enrolled by whom, for single enrolments and files.
pub fn admission(enroller: Enroller, account: &account::Model) -> Admission {
    match enroller {
        Enroller::Administration | Enroller::Themself { .. } if !may_be_enrolled(account) => Admission::NotALearner,
        Enroller::Partner { .. } if !may_be_enrolled(account) => Admission::Hidden,
        _ if enroller.reaches(account) => Admission::Enrol,
        Enroller::Partner { .. } if account.active => Admission::AskToJoin,
        _ => Admission::Hidden,
    }
}

/// Withdrawing someone (`None`: nobody has that id): administrators anyone,
/// partner managers their own people — another organisation's person is
/// answered exactly as one who does not exist.
pub fn may_withdraw(actor: &Actor, person: Option<&account::Model>) -> ApiResult<()> {
    match (actor.role, person) {
        (Role::Admin, _) => Ok(()),
        (Role::Partner, Some(person)) if may_see_person(actor, person) => Ok(()),
        (Role::Partner, _) => Err(ApiError::not_found()),
        (Role::Trainer | Role::Learner, _) => Err(ApiError::forbidden()),
    }
}

// ---- learning -------------------------------------------------------------

/// The learner-only routes (my progress, taking an assessment).
pub fn learner(actor: &Actor) -> ApiResult<i64> {
    match (actor.role, actor.id) {
        (Role::Learner, Some(id)) => Ok(id),
        _ => Err(ApiError::forbidden()),
    }
}

/// A learner checks in at a session of a cohort they are enrolled in (and not withdrawn from).
pub async fn may_check_in(db: &impl ConnectionTrait, learner: i64, cohort_id: i64) -> ApiResult<()> {
    match store::enrolments::find(db, cohort_id, learner).await? {
        Some(e) if e.status != shared::enums::EnrolmentStatus::Withdrawn => Ok(()),
        _ => Err(ApiError::code(shared::problem::ErrorCode::NotEnrolled)),
    }
}

/// How the actor reads a module's content: a learner through their
/// enrolment and the prerequisites; staff as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Learner(i64),
    Staff,
}

pub fn content_reader(actor: &Actor) -> Reader {
    match (actor.role, actor.id) {
        (Role::Learner, Some(id)) => Reader::Learner(id),
        _ => Reader::Staff,
    }
}

/// Module documents: staff who teach or author, and learners who may open
/// the module. Partner managers follow people, not content files.
pub fn document_reader(actor: &Actor) -> ApiResult<Reader> {
    match (actor.role, actor.id) {
        (Role::Learner, Some(id)) => Ok(Reader::Learner(id)),
        (Role::Admin | Role::Trainer, _) => Ok(Reader::Staff),
        _ => Err(ApiError::forbidden()),
    }
}

/// A submission (and its file): its author, and whoever may grade its cohort.
pub async fn may_see_submission(db: &impl ConnectionTrait, actor: &Actor, author_id: i64, cohort_id: i64) -> ApiResult<()> {
    if actor.id == Some(author_id) {
        return Ok(());
    }
    may_teach(db, actor, cohort_id).await
}

// ---- attestations ---------------------------------------------------------

/// Which attestations the actor sees: a learner theirs; a trainer those of
/// the cohorts they teach; a partner manager their people's; administrators all.
pub fn attestation_scope(actor: &Actor) -> ApiResult<AttestationScope> {
    match (actor.role, actor.id) {
        (Role::Admin, _) => Ok(AttestationScope::All),
        (Role::Learner, Some(id)) => Ok(AttestationScope::Holder(id)),
        (Role::Trainer, Some(id)) => Ok(AttestationScope::TaughtBy(id)),
        (Role::Partner, _) => Ok(AttestationScope::Organisation(actor.partner_organisation()?)),
        _ => Err(ApiError::forbidden()),
    }
}

/// One attestation: in scope, or answered as missing when the actor is a
/// partner (a refusal would confirm that it exists).
pub async fn may_see_attestation(db: &impl ConnectionTrait, actor: &Actor, a: &attestation::Model) -> ApiResult<()> {
    let scope = attestation_scope(actor)?;
    if store::attestations::in_scope(db, &scope, a.id).await? {
        return Ok(());
    }
    Err(if actor.is(Role::Partner) { ApiError::not_found() } else { ApiError::forbidden() })
}

/// The cohort-wide archive of attestations, narrowed like the progress table.
pub async fn archive_scope(db: &impl ConnectionTrait, actor: &Actor, cohort: &cohort::Model) -> ApiResult<AttestationScope> {
    Ok(match follow_scope(db, actor, cohort.id).await? {
        PeopleScope::All => AttestationScope::All,
        PeopleScope::Organisation(org) => AttestationScope::Organisation(org),
    })
}

#[cfg(test)]
mod tests;
