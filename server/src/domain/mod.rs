//! Pure domain rules: no database, no HTTP. Each has unit tests beside it.
pub mod curriculum;
pub mod evaluation;
pub mod grading;
pub mod import;
pub mod indicators;
pub mod places;
pub mod prerequisites;
pub mod progress;
pub mod publication;
pub mod revocation;
pub mod workshops;
