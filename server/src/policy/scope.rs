//! The scopes a decision grants. The store turns each into a query filter
//! (`store::scope`), so a partner's people are narrowed by the database, with
//! no list of ids carried in memory.

/// Whose records: everyone's, or one organisation's people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleScope {
    All,
    Organisation(i64),
}

/// Which cohorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortScope {
    All,
    /// The cohorts a trainer teaches.
    TaughtBy(i64),
    /// A learner's own cohorts and those open to self-enrolment.
    LearnerOf(i64),
}

/// Which attestations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttestationScope {
    All,
    /// A holder's own.
    Holder(i64),
    /// Those of the cohorts a trainer teaches.
    TaughtBy(i64),
    /// Those of an organisation's people.
    Organisation(i64),
}
