//! sea-orm entities, one per table of `migrations/`.
//!
//! Relations are expressed in queries (`store/`), not here: the entities stay
//! plain rows.
pub mod account;
pub mod assessment;
pub mod attempt;
pub mod attendance;
pub mod attestation;
pub mod audit_entry;
pub mod cohort;
pub mod cohort_session;
pub mod cohort_trainer;
pub mod completion;
pub mod document;
pub mod enrolment;
pub mod grade;
pub mod issuer_key;
pub mod join_request;
pub mod learner_category;
pub mod login_failure;
pub mod module;
pub mod module_family;
pub mod module_section;
pub mod organisation;
pub mod outbox_mail;
pub mod password_token;
pub mod prerequisite_group;
pub mod prerequisite_member;
pub mod programme;
pub mod programme_author;
pub mod programme_completion;
pub mod quiz_choice;
pub mod quiz_question;
pub mod rubric_criterion;
pub mod rubric_level;
pub mod session;
