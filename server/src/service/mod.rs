//! Use cases that span several queries or rules: each runs its writes in one
//! transaction and returns API errors a user can act on.
pub mod accounts;
pub mod assessments;
pub mod attendance;
pub mod attestations;
pub mod auth;
pub mod authoring;
pub mod cohorts;
pub mod completion;
pub mod content;
pub mod curriculum;
pub mod demo;
pub mod enrolments;
pub mod evaluation_results;
pub mod evaluations;
pub mod grading;
pub mod import;
pub mod indicators;
pub mod keys;
pub mod learning;
pub mod map;
pub mod profiles;
pub mod programmes;
pub mod publication;
pub mod reports;
pub mod uploads;
pub mod verification;
