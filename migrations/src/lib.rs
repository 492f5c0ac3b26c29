//! The Cursus schema. Runs at start-up (`cursus serve`) and by `cursus migrate`.
//!
//! Constraints that protect the domain live here as well as in code: a unique
//! e-mail, one completion per learner and module, one live attestation per
//! completion, one enrolment per learner and cohort.
pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261122_000001_accounts;
mod m20261122_000002_curriculum;
mod m20261122_000003_learning;
mod m20261122_000004_attestations_mail;
mod m20261125_000005_shared_state;
mod m20261126_000006_owed_work;
mod m20261127_000007_module_status;
mod m20261128_000008_authoring;
mod m20261129_000009_accepted_types;
mod m20261203_000010_content_translations;
mod m20261204_000011_profiles;
mod m20261205_000012_evaluations;
mod m20261206_000013_workshops;
mod m20261207_000014_signed_sheets;
mod m20261208_000015_revocations;
mod m20261209_000016_status_lists;
mod m20261210_000017_issuer_identities;
mod m20261211_000018_partner_logos;
mod m20261212_000019_attempt_keys;
mod m20261213_000020_learner_records;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_accounts::Migration),
            Box::new(m20261122_000002_curriculum::Migration),
            Box::new(m20261122_000003_learning::Migration),
            Box::new(m20261122_000004_attestations_mail::Migration),
            Box::new(m20261125_000005_shared_state::Migration),
            Box::new(m20261126_000006_owed_work::Migration),
            Box::new(m20261127_000007_module_status::Migration),
            Box::new(m20261128_000008_authoring::Migration),
            Box::new(m20261129_000009_accepted_types::Migration),
            Box::new(m20261203_000010_content_translations::Migration),
            Box::new(m20261204_000011_profiles::Migration),
            Box::new(m20261205_000012_evaluations::Migration),
            Box::new(m20261206_000013_workshops::Migration),
            Box::new(m20261207_000014_signed_sheets::Migration),
            Box::new(m20261208_000015_revocations::Migration),
            Box::new(m20261209_000016_status_lists::Migration),
            Box::new(m20261210_000017_issuer_identities::Migration),
            Box::new(m20261211_000018_partner_logos::Migration),
            Box::new(m20261212_000019_attempt_keys::Migration),
            Box::new(m20261213_000020_learner_records::Migration),
        ]
    }
}
