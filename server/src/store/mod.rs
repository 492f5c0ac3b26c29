//! All database access lives here: services and handlers call these functions
//! and never build queries themselves. Each function takes any connection, so
//! it runs alike inside or outside a transaction.
pub mod accounts;
pub mod assessment_definitions;
pub mod assessments;
pub mod attendance;
pub mod attestations;
pub mod audit;
pub mod cohorts;
pub mod completions;
pub mod content;
pub mod curriculum;
pub mod enrolments;
pub mod evaluations;
pub mod indicators;
pub mod issuer_identities;
pub mod issuer_keys;
pub mod learners;
pub mod organisations;
pub mod outbox;
pub mod programmes;
pub mod rate_limits;
pub mod reports;
pub mod scope;
pub mod sessions;
pub mod tokens;
