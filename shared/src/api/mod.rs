//! Request and response bodies of the v1 API.
pub mod accounts;
pub mod auth;
pub mod cohorts;
pub mod common;
pub mod programmes;

pub use common::*;
