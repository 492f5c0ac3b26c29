//! The policy's scopes as query filters: sub-selects the database evaluates,
//! whatever the number of people or cohorts behind them.
use sea_orm::Condition;
use sea_orm::prelude::*;
use sea_orm::sea_query::Query;
use shared::enums::EnrolmentStatus;

use crate::entities::{account, attestation, cohort, cohort_trainer, enrolment};
use crate::policy::{AttestationScope, CohortScope, PeopleScope};

fn taught_by(trainer_id: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(cohort_trainer::Column::CohortId)
        .from(cohort_trainer::Entity)
        .and_where(cohort_trainer::Column::AccountId.eq(trainer_id))
        .to_owned()
}

fn people_of(organisation_id: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select().column(account::Column::Id).from(account::Entity).and_where(account::Column::OrganisationId.eq(organisation_id)).to_owned()
}

pub fn cohorts(scope: CohortScope) -> Condition {
    match scope {
        CohortScope::All => Condition::all(),
        CohortScope::TaughtBy(id) => Condition::all().add(cohort::Column::Id.in_subquery(taught_by(id))),
        CohortScope::LearnerOf(id) => {
            let mine = Query::select()
                .column(enrolment::Column::CohortId)
                .from(enrolment::Entity)
                .and_where(enrolment::Column::AccountId.eq(id))
                .and_where(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn))
                .to_owned();
            Condition::any().add(cohort::Column::Id.in_subquery(mine)).add(cohort::Column::SelfEnrolmentOpen.eq(true))
        }
    }
}

/// Rows whose `account_column` names a person in scope.
pub fn people(scope: PeopleScope, account_column: impl ColumnTrait) -> Condition {
    match scope {
        PeopleScope::All => Condition::all(),
        PeopleScope::Organisation(org) => Condition::all().add(account_column.in_subquery(people_of(org))),
    }
}

pub fn attestations(scope: &AttestationScope) -> Condition {
    match *scope {
        AttestationScope::All => Condition::all(),
        AttestationScope::Holder(id) => Condition::all().add(attestation::Column::AccountId.eq(id)),
        AttestationScope::TaughtBy(id) => Condition::all().add(attestation::Column::CohortId.in_subquery(taught_by(id))),
        AttestationScope::Organisation(org) => Condition::all().add(attestation::Column::AccountId.in_subquery(people_of(org))),
    }
}
