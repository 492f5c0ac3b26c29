//! End-to-end API tests: each runs against a fresh server, once on SQLite and
//! once on PostgreSQL.
mod access;
mod auth;
mod curriculum;
mod learning_path;
mod openapi;
mod programmes;
mod validation;
