//! The decisions that need no database, for every role.
use chrono::Utc;
use shared::Lang;
use shared::enums::Role;

use super::*;

fn actor(role: Role, org: Option<i64>) -> Actor {
    Actor { id: Some(7), role, organisation_id: org }
}

fn person(id: i64, role: Role, org: Option<i64>) -> account::Model {
    account::Model {
        id,
        email: format!("p{id}@x.ma"),
        full_name: format!("P {id}"),
        full_name_ar: None,
        role,
        organisation_id: org,
        category: None,
        position: None,
        phone: None,
        language: Lang::Fr,
        password_hash: None,
        active: true,
        sex: Default::default(),
        birth_year: None,
        region: None,
        commune: None,
        disability: Default::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

#[test]
fn only_administrators_edit_programmes_and_cohorts() {
    for role in Role::ALL {
        let allowed = *role == Role::Admin;
        assert_eq!(may_edit_curriculum(&actor(*role, Some(1))).is_ok(), allowed, "{role}");
        assert_eq!(may_manage_cohorts(&actor(*role, Some(1))).is_ok(), allowed, "{role}");
        assert_eq!(may_administer_attestations(&actor(*role, Some(1))).is_ok(), allowed, "{role}");
    }
}

#[test]
fn a_partner_sees_their_organisation_and_nobody_else() {
    let partner = actor(Role::Partner, Some(1));
    assert_eq!(people_scope(&partner).ok(), Some(PeopleScope::Organisation(1)));
    assert!(may_see_person(&partner, &person(2, Role::Learner, Some(1))));
    assert!(!may_see_person(&partner, &person(3, Role::Learner, Some(2))));
    assert!(!may_see_person(&partner, &person(4, Role::Learner, None)));
    assert_eq!(attestation_scope(&partner).ok(), Some(AttestationScope::Organisation(1)));
    assert!(people_scope(&actor(Role::Trainer, None)).is_err());
    assert!(people_scope(&actor(Role::Learner, None)).is_err());
}

#[test]
fn withdrawing_another_organisations_person_looks_like_nobody() {
    let partner = actor(Role::Partner, Some(1));
    let other = person(3, Role::Learner, Some(2));
    let missing = may_withdraw(&partner, None).expect_err("missing");
    let hidden = may_withdraw(&partner, Some(&other)).expect_err("hidden");
    assert_eq!(missing.error_code(), hidden.error_code());
    assert!(may_withdraw(&partner, Some(&person(2, Role::Learner, Some(1)))).is_ok());
    assert!(may_withdraw(&actor(Role::Trainer, None), Some(&other)).is_err());
}

#[test]
fn enrollers_reach_their_own_people() {
    let own = person(2, Role::Learner, Some(1));
    let other = person(3, Role::Learner, Some(2));
    let partner = enroller(&actor(Role::Partner, Some(1))).expect("partner enrols");
    assert!(partner.reaches(&own));
    assert!(!partner.reaches(&other));
    assert!(Enroller::Administration.reaches(&other));
    assert_eq!(enroller(&actor(Role::Learner, None)).ok(), Some(Enroller::Themself { account_id: 7 }));
    assert!(enroller(&actor(Role::Trainer, None)).is_err());
    assert!(bulk_enroller(&actor(Role::Learner, None)).is_err());
    assert!(!may_be_enrolled(&person(5, Role::Trainer, None)));
}

#[test]
fn cohorts_in_view_depend_on_the_role() {
    assert_eq!(cohort_scope(&actor(Role::Trainer, None)), CohortScope::TaughtBy(7));
    assert_eq!(cohort_scope(&actor(Role::Learner, None)), CohortScope::LearnerOf(7));
    assert_eq!(cohort_scope(&actor(Role::Partner, Some(1))), CohortScope::All);
    assert!(grading_scope(&actor(Role::Partner, Some(1))).is_err());
    assert_eq!(content_reader(&actor(Role::Learner, None)), Reader::Learner(7));
    assert!(document_reader(&actor(Role::Partner, Some(1))).is_err());
    assert!(can_teach(&person(1, Role::Admin, None)));
    assert!(!can_teach(&person(1, Role::Partner, Some(1))));
}

#[test]
fn a_profile_is_its_persons_an_administrators_and_their_partner_managers() {
    let learner = person(70, Role::Learner, Some(1));
    assert!(may_correct_person(&actor(Role::Admin, None), &learner).is_ok());
    assert!(may_correct_person(&Actor { id: Some(70), role: Role::Learner, organisation_id: Some(1) }, &learner).is_ok(), "their own");
    assert!(may_correct_person(&actor(Role::Partner, Some(1)), &learner).is_ok(), "their organisation's learner");
    assert!(may_correct_person(&actor(Role::Partner, Some(2)), &learner).is_err(), "another organisation's");
    assert!(may_correct_person(&actor(Role::Partner, Some(1)), &person(8, Role::Trainer, Some(1))).is_err(), "not a learner");
    assert!(may_correct_person(&actor(Role::Trainer, None), &learner).is_err());
    assert!(may_correct_person(&actor(Role::Learner, None), &learner).is_err(), "another learner");
    assert!(exports_masked(&actor(Role::Partner, Some(1)), false), "a partner's files always");
    assert!(!exports_masked(&actor(Role::Admin, None), false) && exports_masked(&actor(Role::Admin, None), true));
}
