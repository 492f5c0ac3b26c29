//! End-to-end API tests: each runs against a fresh server, once on SQLite and
//! once on PostgreSQL.
mod access;
mod attendance;
mod attestations;
mod auth;
mod authoring;
mod catalogue;
mod certificates;
mod cohorts;
mod concurrency;
mod content;
mod curriculum;
mod enrolment;
mod export;
mod import;
mod learning_path;
mod lifecycle;
mod mail;
mod matrix;
mod openapi;
mod password_reset;
mod programmes;
mod reports;
mod scale;
mod schema;
mod scopes;
mod validation;
