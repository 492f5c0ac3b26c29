//! The domain's closed vocabularies, shared by both sides and stored as text
//! (each column restricted to its values by a CHECK constraint).
use serde::{Deserialize, Serialize};

use crate::i18n::{Key, k};

/// Declares a closed vocabulary: an enum sent, received and stored as a
/// snake_case string. On the server (feature `server`) it is also a sea-orm
/// active enum, so an entity's column holds the enum itself and a value the
/// database should never hold is a decoding error, never a silent default;
/// and an OpenAPI schema listing exactly the strings sent.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:tt, $label:expr;)+ }) => {
        vocabulary!(@define $(#[$meta])* $name { $($variant => $text;)+ });

        impl $name {
            pub fn label_key(self) -> Key {
                match self { $($name::$variant => $label,)+ }
            }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:tt;)+ }) => {
        vocabulary!(@define $(#[$meta])* $name { $($variant => $text;)+ });
    };
    (@define $(#[$meta:meta])* $name:ident { $($variant:ident => $text:tt;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "server", derive(utoipa::ToSchema, sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "server", sea_orm(value_type = "String"))]
        pub enum $name {
            $(
                #[serde(rename = $text)]
                #[cfg_attr(feature = "server", schema(rename = $text))]
                $variant,
            )+
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(text: &str) -> Result<$name, UnknownValue> {
                $name::parse(text).ok_or_else(|| UnknownValue { vocabulary: stringify!($name), value: text.chars().take(40).collect() })
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        // A vocabulary may be part of a composite primary key; like a
        // string, it is never an auto-incremented one.
        #[cfg(feature = "server")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A stored value outside its vocabulary: the database holds something it
/// should never hold (its CHECK constraint would refuse it), reported as an
/// error rather than read as a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a {} value", self.value, self.vocabulary)
    }
}

impl std::error::Error for UnknownValue {}

vocabulary! {
    /// What an account may do.
    Role {
        Learner => "learner", k::ROLE_LEARNER;
        Trainer => "trainer", k::ROLE_TRAINER;
        Partner => "partner", k::ROLE_PARTNER;
        Admin => "admin", k::ROLE_ADMIN;
    }
}

impl Role {
    /// Staff see cohorts and learners beyond their own record.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Learner)
    }
}

vocabulary! {
    /// The learner categories of the programme's "En chiffres" figures.
    Category {
        Association => "association", k::CATEGORY_ASSOCIATION;
        PublicActor => "public_actor", k::CATEGORY_PUBLIC_ACTOR;
        LocalMedia => "local_media", k::CATEGORY_LOCAL_MEDIA;
        Student => "student", k::CATEGORY_STUDENT;
        Researcher => "researcher", k::CATEGORY_RESEARCHER;
    }
}

vocabulary! {
    /// As a person states it on their profile; "not stated" is an answer.
    Sex {
        Female => "female", k::SEX_FEMALE;
        Male => "male", k::SEX_MALE;
        NotStated => "not_stated", k::SEX_NOT_STATED;
    }
}

vocabulary! {
    /// A learner at one in-person session, as the trainer (or a QR check-in) records it.
    AttendanceStatus {
        Present => "present", k::ATTENDANCE_STATUS_PRESENT;
        Late => "late", k::ATTENDANCE_STATUS_LATE;
        Excused => "excused", k::ATTENDANCE_STATUS_EXCUSED;
        Absent => "absent", k::ATTENDANCE_STATUS_ABSENT;
    }
}

impl AttendanceStatus {
    /// Present and late learners attended: the session counts toward their
    /// share and its whole duration toward their hours.
    pub fn attended(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }

    /// An excused absence neither counts for nor against the learner: the
    /// session leaves their share's denominator.
    pub fn counts(self) -> bool {
        self != AttendanceStatus::Excused
    }
}

vocabulary! {
    /// What a cohort's minimum attendance is a share of.
    AttendanceBasis {
        Sessions => "sessions", k::ATTENDANCE_BASIS_SESSIONS;
        Hours => "hours", k::ATTENDANCE_BASIS_HOURS;
    }
}

#[allow(clippy::derivable_impls)]
impl Default for AttendanceBasis {
    fn default() -> AttendanceBasis {
        AttendanceBasis::Sessions
    }
}

// `vocabulary!` takes no attribute on a variant, so `#[default]` cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for Sex {
    fn default() -> Sex {
        Sex::NotStated
    }
}

vocabulary! {
    /// Whether a person declares a disability; never asked, never inferred.
    Disability {
        Yes => "yes", k::DISABILITY_YES;
        No => "no", k::DISABILITY_NO;
        NotStated => "not_stated", k::DISABILITY_NOT_STATED;
    }
}

// `vocabulary!` takes no attribute on a variant, so `#[default]` cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for Disability {
    fn default() -> Disability {
        Disability::NotStated
    }
}

vocabulary! {
    /// What the programme's indicators are broken down by.
    Dimension {
        Sex => "sex", k::DIMENSION_SEX;
        AgeBand => "age_band", k::DIMENSION_AGE_BAND;
        Category => "category", k::DIMENSION_CATEGORY;
        Region => "region", k::DIMENSION_REGION;
        Organisation => "organisation", k::DIMENSION_ORGANISATION;
        Cohort => "cohort", k::DIMENSION_COHORT;
        Programme => "programme", k::DIMENSION_PROGRAMME;
    }
}

vocabulary! {
    OrganisationKind {
        Association => "association", k::ORGKIND_ASSOCIATION;
        PartnerInstitution => "partner_institution", k::ORGKIND_PARTNER_INSTITUTION;
        Media => "media", k::ORGKIND_MEDIA;
        University => "university", k::ORGKIND_UNIVERSITY;
        PublicBody => "public_body", k::ORGKIND_PUBLIC_BODY;
    }
}

vocabulary! {
    /// Where a module is in its life: learners see only published modules
    /// (and archived ones they had started); a draft is its authors' alone.
    ModuleStatus {
        Draft => "draft", k::MODULE_STATUS_DRAFT;
        Published => "published", k::MODULE_STATUS_PUBLISHED;
        Archived => "archived", k::MODULE_STATUS_ARCHIVED;
    }
}

vocabulary! {
    /// Where a learner stands on one module.
    ModuleState {
        Locked => "locked", k::STATE_LOCKED;
        Available => "available", k::STATE_AVAILABLE;
        InProgress => "in_progress", k::STATE_IN_PROGRESS;
        Completed => "completed", k::STATE_COMPLETED;
    }
}

vocabulary! {
    /// Whether a learner can join a cohort of the catalogue, and if not why.
    Availability {
        Open => "open", k::AVAILABILITY_OPEN;
        Full => "full", k::AVAILABILITY_FULL;
        Ended => "ended", k::AVAILABILITY_ENDED;
        Enrolled => "enrolled", k::AVAILABILITY_ENROLLED;
    }
}

vocabulary! {
    EnrolmentSource {
        SelfService => "self", k::SOURCE_SELF;
        Partner => "partner", k::SOURCE_PARTNER;
        Admin => "admin", k::SOURCE_ADMIN;
    }
}

vocabulary! {
    EnrolmentStatus {
        Active => "active", k::ENROLMENT_ACTIVE;
        Withdrawn => "withdrawn", k::ENROLMENT_WITHDRAWN;
        Completed => "completed", k::ENROLMENT_COMPLETED;
    }
}

vocabulary! {
    AssessmentKind {
        Quiz => "quiz", k::ASSESSMENT_QUIZ;
        Assignment => "assignment", k::ASSESSMENT_ASSIGNMENT;
    }
}

vocabulary! {
    QuestionKind {
        Single => "single", k::QUESTION_SINGLE;
        Multiple => "multiple", k::QUESTION_MULTIPLE;
    }
}

vocabulary! {
    /// What an evaluation measures: what learners thought of the training,
    /// or what they knew before it and after.
    EvaluationKind {
        Satisfaction => "satisfaction", k::EVALUATION_KIND_SATISFACTION;
        Knowledge => "knowledge", k::EVALUATION_KIND_KNOWLEDGE;
    }
}

vocabulary! {
    /// When an evaluation is answered: a knowledge test before the training
    /// and after it; a questionnaire after it.
    EvaluationPhase {
        Before => "before", k::EVALUATION_PHASE_BEFORE;
        After => "after", k::EVALUATION_PHASE_AFTER;
    }
}

vocabulary! {
    /// A questionnaire item: a 1–5 agreement scale, one choice among labels,
    /// or free text.
    ItemKind {
        Likert => "likert", k::EVALUATION_ITEM_LIKERT;
        Choice => "choice", k::EVALUATION_ITEM_CHOICE;
        Text => "text", k::EVALUATION_ITEM_TEXT;
    }
}

vocabulary! {
    AttemptStatus {
        Submitted => "submitted", k::ATTEMPT_SUBMITTED;
        Graded => "graded", k::ATTEMPT_GRADED;
    }
}

vocabulary! {
    AttestationStatus {
        Valid => "valid", k::ATTESTATION_VALID;
        Revoked => "revoked", k::ATTESTATION_REVOKED;
        Superseded => "superseded", k::ATTESTATION_SUPERSEDED;
    }
}

vocabulary! {
    AttestationKind {
        Module => "module", k::ATTESTATION_KIND_MODULE;
        Programme => "programme", k::ATTESTATION_KIND_PROGRAMME;
    }
}

vocabulary! {
    SectionKind {
        Text => "text", k::SECTION_TEXT;
        Link => "link", k::SECTION_LINK;
        Document => "document", k::SECTION_DOCUMENT;
    }
}

vocabulary! {
    /// Where a queued mail stands.
    OutboxStatus {
        Pending => "pending";
        Sent => "sent";
        Failed => "failed";
    }
}

vocabulary! {
    /// What a single-use link lets its holder do.
    TokenPurpose {
        Invitation => "invitation";
        Reset => "reset";
    }
}

vocabulary! {
    /// What the public verification of a code found.
    VerificationStatus {
        Valid => "valid", k::ATTESTATION_VALID;
        Revoked => "revoked", k::ATTESTATION_REVOKED;
        Superseded => "superseded", k::ATTESTATION_SUPERSEDED;
        Unknown => "unknown", k::VERIFY_STATUS_UNKNOWN;
    }
}

impl From<AttestationStatus> for VerificationStatus {
    fn from(status: AttestationStatus) -> VerificationStatus {
        match status {
            AttestationStatus::Valid => VerificationStatus::Valid,
            AttestationStatus::Revoked => VerificationStatus::Revoked,
            AttestationStatus::Superseded => VerificationStatus::Superseded,
        }
    }
}

vocabulary! {
    /// What an entry of the audit log records.
    AuditAction {
        AccountCreate => "account.create", k::AUDIT_ACCOUNT_CREATE;
        AccountInvitation => "account.invitation", k::AUDIT_ACCOUNT_INVITATION;
        AccountPassword => "account.password", k::AUDIT_ACCOUNT_PASSWORD;
        AccountProfile => "account.profile", k::AUDIT_ACCOUNT_PROFILE;
        AccountResetRequested => "account.reset_requested", k::AUDIT_ACCOUNT_RESET_REQUESTED;
        AccountUpdate => "account.update", k::AUDIT_ACCOUNT_UPDATE;
        AttendanceCheckIn => "attendance.check_in", k::AUDIT_ATTENDANCE_CHECK_IN;
        AttendanceRecord => "attendance.record", k::AUDIT_ATTENDANCE_RECORD;
        AttestationReissue => "attestation.reissue", k::AUDIT_ATTESTATION_REISSUE;
        AttestationRestore => "attestation.restore", k::AUDIT_ATTESTATION_RESTORE;
        AttestationRevoke => "attestation.revoke", k::AUDIT_ATTESTATION_REVOKE;
        CohortCreate => "cohort.create", k::AUDIT_COHORT_CREATE;
        CohortUpdate => "cohort.update", k::AUDIT_COHORT_UPDATE;
        EnrolmentCreate => "enrolment.create", k::AUDIT_ENROLMENT_CREATE;
        EnrolmentReactivate => "enrolment.reactivate", k::AUDIT_ENROLMENT_REACTIVATE;
        EnrolmentWithdraw => "enrolment.withdraw", k::AUDIT_ENROLMENT_WITHDRAW;
        EnrolmentImport => "enrolment.import", k::AUDIT_ENROLMENT_IMPORT;
        EvaluationCreate => "evaluation.create", k::AUDIT_EVALUATION_CREATE;
        EvaluationDelete => "evaluation.delete", k::AUDIT_EVALUATION_DELETE;
        EvaluationUpdate => "evaluation.update", k::AUDIT_EVALUATION_UPDATE;
        ModuleArchive => "module.archive", k::AUDIT_MODULE_ARCHIVE;
        ModuleAssessment => "module.assessment", k::AUDIT_MODULE_ASSESSMENT;
        ModuleCreate => "module.create", k::AUDIT_MODULE_CREATE;
        ModulePublish => "module.publish", k::AUDIT_MODULE_PUBLISH;
        ModulePrerequisites => "module.prerequisites", k::AUDIT_MODULE_PREREQUISITES;
        ModuleUpdate => "module.update", k::AUDIT_MODULE_UPDATE;
        OrganisationCreate => "organisation.create", k::AUDIT_ORGANISATION_CREATE;
        OrganisationLogo => "organisation.logo", k::AUDIT_ORGANISATION_LOGO;
        ProgrammeAuthors => "programme.authors", k::AUDIT_PROGRAMME_AUTHORS;
        ProgrammeCreate => "programme.create", k::AUDIT_PROGRAMME_CREATE;
        ProgrammeIssuer => "programme.issuer", k::AUDIT_PROGRAMME_ISSUER;
        ProgrammeUpdate => "programme.update", k::AUDIT_PROGRAMME_UPDATE;
        SectionCreate => "section.create", k::AUDIT_SECTION_CREATE;
        SectionDelete => "section.delete", k::AUDIT_SECTION_DELETE;
        SectionUpdate => "section.update", k::AUDIT_SECTION_UPDATE;
        SessionCreate => "session.create", k::AUDIT_SESSION_CREATE;
        SessionDelete => "session.delete", k::AUDIT_SESSION_DELETE;
        SessionUpdate => "session.update", k::AUDIT_SESSION_UPDATE;
        SubmissionGrade => "submission.grade", k::AUDIT_SUBMISSION_GRADE;
    }
}

impl AuditAction {
    /// The kind of record the entry is about.
    pub fn subject(self) -> AuditSubject {
        use AuditAction as A;
        match self {
            A::AccountCreate | A::AccountInvitation | A::AccountPassword | A::AccountProfile | A::AccountResetRequested | A::AccountUpdate => {
                AuditSubject::Account
            }
            A::AttendanceCheckIn | A::AttendanceRecord | A::SessionCreate | A::SessionDelete | A::SessionUpdate => AuditSubject::CohortSession,
            A::AttestationReissue | A::AttestationRestore | A::AttestationRevoke => AuditSubject::Attestation,
            A::CohortCreate | A::CohortUpdate | A::EnrolmentImport => AuditSubject::Cohort,
            A::EnrolmentCreate | A::EnrolmentReactivate | A::EnrolmentWithdraw => AuditSubject::Enrolment,
            A::ModuleArchive | A::ModuleAssessment | A::ModuleCreate | A::ModulePublish | A::ModulePrerequisites | A::ModuleUpdate => {
                AuditSubject::Module
            }
            A::EvaluationCreate | A::EvaluationDelete | A::EvaluationUpdate => AuditSubject::Evaluation,
            A::OrganisationCreate | A::OrganisationLogo => AuditSubject::Organisation,
            A::ProgrammeAuthors | A::ProgrammeCreate | A::ProgrammeIssuer | A::ProgrammeUpdate => AuditSubject::Programme,
            A::SectionCreate | A::SectionDelete | A::SectionUpdate => AuditSubject::ModuleSection,
            A::SubmissionGrade => AuditSubject::Attempt,
        }
    }
}

vocabulary! {
    /// The kind of record an audit entry is about.
    AuditSubject {
        Account => "account", k::AUDIT_ENTITY_ACCOUNT;
        Attempt => "attempt", k::AUDIT_ENTITY_ATTEMPT;
        Attestation => "attestation", k::AUDIT_ENTITY_ATTESTATION;
        Cohort => "cohort", k::AUDIT_ENTITY_COHORT;
        CohortSession => "cohort_session", k::AUDIT_ENTITY_COHORT_SESSION;
        Enrolment => "enrolment", k::AUDIT_ENTITY_ENROLMENT;
        Evaluation => "evaluation", k::AUDIT_ENTITY_EVALUATION;
        Module => "module", k::AUDIT_ENTITY_MODULE;
        ModuleSection => "module_section", k::AUDIT_ENTITY_MODULE_SECTION;
        Organisation => "organisation", k::AUDIT_ENTITY_ORGANISATION;
        Programme => "programme", k::AUDIT_ENTITY_PROGRAMME;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
            assert_eq!(serde_json::to_string(role).expect("json"), format!("\"{role}\""));
        }
        assert_eq!(EnrolmentSource::parse("self"), Some(EnrolmentSource::SelfService));
        assert_eq!(Category::parse("journalist"), None);
    }
}
