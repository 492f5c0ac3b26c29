//! The Cursus server as a library: `main.rs` only parses the command line, and
//! tests build the same [`startup::Application`] on port 0.
pub mod attestation;
pub mod bench;
pub mod cache;
pub mod cli;
pub mod cli_import;
pub mod clock;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod export;
pub mod http;
pub mod mail;
pub mod policy;
pub mod secrets;
pub mod service;
pub mod settings;
pub mod startup;
pub mod state;
pub mod storage;
pub mod store;
pub mod telemetry;
pub mod wake;
