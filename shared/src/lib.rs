//! The Cursus crate shared by the server and the browser app: request and
//! response types, validation rules, closed vocabularies and translations.
//! Server-only derives (OpenAPI schemas) sit behind the `server` feature so the
//! WebAssembly bundle stays small.
pub mod api;
pub mod enums;
pub mod i18n;
pub mod lang;
pub mod problem;
pub mod validation;

pub use lang::Lang;
pub use problem::{ErrorCode, FieldError, Problem, RowError};
