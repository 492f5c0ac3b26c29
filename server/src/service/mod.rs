//! Use cases that span several queries or rules: each runs its writes in one
//! transaction and returns API errors a user can act on.
pub mod accounts;
pub mod auth;
pub mod cohorts;
pub mod curriculum;
pub mod demo;
pub mod programmes;
