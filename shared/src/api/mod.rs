//! Request and response bodies of the v1 API.
pub mod accounts;
pub mod assessments;
pub mod attendance;
pub mod attestations;
pub mod audit;
pub mod auth;
pub mod cohorts;
pub mod common;
pub mod content;
pub mod enrolments;
pub mod evaluations;
pub mod issuers;
pub mod programmes;
pub mod progress;
pub mod reports;

pub use common::*;
