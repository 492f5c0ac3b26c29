use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::enums::{Category, Disability, EnrolmentSource, EnrolmentStatus, Sex};
use crate::lang::Lang;
use crate::problem::RowError;

/// Enrolling one person. A learner enrolling themself sends `{}`. Staff name
/// an existing account (`account_id`) or describe a person by e-mail; a new
/// e-mail gets an account and an invitation to choose a password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EnrolRequest {
    #[serde(default)]
    pub account_id: Option<i64>,
    #[serde(default)]
    #[validate(nested)]
    pub person: Option<PersonInput>,
}

/// A person as partners describe them, in a form or a row of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PersonInput {
    #[validate(custom(function = "crate::validation::email"))]
    #[cfg_attr(feature = "server", schema(min_length = 3, max_length = 254, pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"))]
    pub email: String,
    #[validate(length(min = 1, max = 100), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub first_name: String,
    #[validate(length(min = 1, max = 100), custom(function = "crate::validation::not_blank"))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub last_name: String,
    pub category: Category,
    /// The organisation's name; a partner manager may leave it empty (theirs).
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub organisation: Option<String>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "server", schema(max_length = 200))]
    pub position: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::phone"))]
    #[cfg_attr(feature = "server", schema(pattern = r"^\s*\+?[0-9 .()/-]*$"))]
    pub phone: Option<String>,
    /// The names in Arabic script, printed on bilingual attestations.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    pub first_name_ar: Option<String>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    pub last_name_ar: Option<String>,
    #[serde(default)]
    pub sex: Sex,
    /// Between 100 and 10 years before this year.
    #[serde(default)]
    #[validate(range(min = 1900, max = 2100))]
    #[cfg_attr(feature = "server", schema(minimum = 1900, maximum = 2100))]
    pub birth_year: Option<i32>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    pub region: Option<String>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "server", schema(max_length = 100))]
    pub commune: Option<String>,
    #[serde(default)]
    pub disability: Disability,
    /// The language of the invitation and of the person's pages; when
    /// absent, that of the request.
    #[serde(default)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EnrolmentView {
    pub id: i64,
    pub cohort_id: i64,
    pub account_id: i64,
    pub full_name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub category: Option<Category>,
    pub source: EnrolmentSource,
    pub status: EnrolmentStatus,
    pub created_at: DateTime<Utc>,
    /// False when this request enrolled nobody new (already enrolled).
    pub created: bool,
}

/// A partner manager's request to enrol someone by e-mail. The answer is the
/// same whoever holds the address: a new person gets an account and an
/// invitation; one of the partner's own people is enrolled; anyone else is
/// asked by mail whether they want to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EnrolmentRequested {
    pub cohort_id: i64,
    pub email: String,
}

/// What enrolling one person answers: the enrolment (administrators, a
/// learner themself), or a partner manager's request by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EnrolAnswer {
    Enrolled(EnrolmentView),
    Requested(EnrolmentRequested),
}

/// The link of a mail asking someone to join a cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct JoinRequest {
    #[validate(length(min = 10, max = 200))]
    #[cfg_attr(feature = "server", schema(min_length = 10, max_length = 200))]
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct JoinAccepted {
    pub cohort_id: i64,
    pub cohort_name: String,
    /// False when the person must still choose a password (their invitation mail has the link).
    pub has_password: bool,
}

/// What importing one row does (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// Someone new to the enroller, invited by e-mail: a new account and its
    /// enrolment (for a partner manager, also anyone outside their
    /// organisation, who is asked by mail whether they want to join).
    NewAccount,
    /// An existing account, now enrolled.
    Enrol,
    /// Already enrolled in this cohort: nothing to do.
    AlreadyEnrolled,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The line in the file (the header is row 1).
    pub row: usize,
    pub email: String,
    pub full_name: String,
    pub outcome: RowOutcome,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ImportCounts {
    pub rows: usize,
    pub new_accounts: usize,
    pub enrolled: usize,
    pub already_enrolled: usize,
    pub errors: usize,
}

impl ImportCounts {
    /// "12 lignes — 3 nouveaux comptes, 12 inscriptions, …": each count in
    /// its language's plural form (one key each: a sentence holds five counts).
    pub fn summary(&self, lang: Lang) -> String {
        use crate::i18n::{k, tf, tn};
        let count = |key, n: usize| tn(lang, key, u64::try_from(n).unwrap_or(u64::MAX), &[]);
        tf(
            lang,
            k::UI_IMPORT_COUNTS,
            &[
                ("rows", &count(k::UI_IMPORT_ROWS, self.rows)),
                ("new", &count(k::UI_IMPORT_NEW_ACCOUNTS, self.new_accounts)),
                ("enrolled", &count(k::UI_IMPORT_ENROLMENTS, self.enrolled)),
                ("already", &count(k::UI_IMPORT_ALREADY, self.already_enrolled)),
                ("errors", &count(k::UI_IMPORT_ERRORS, self.errors)),
            ],
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    /// True when the rows were written (a real run without errors).
    pub committed: bool,
    pub counts: ImportCounts,
    /// Every row of a small file; of a large one, the first rows and the rows
    /// with errors (see `rows_omitted`).
    pub rows: Vec<ImportRow>,
    /// Rows counted in `counts` but not listed in `rows`.
    #[serde(default)]
    pub rows_omitted: usize,
    /// How the file was read, so that a wrong guess shows before anything is written.
    pub reading: FileReading,
}

/// A text file's encoding (`UTF-8`, `UTF-16LE`, `windows-1252`…) and
/// separator (`,`, `;` or a tab); both absent for a spreadsheet (XLSX).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FileReading {
    pub encoding: Option<String>,
    pub separator: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
pub struct ImportQuery {
    #[serde(default)]
    pub dry_run: bool,
}
