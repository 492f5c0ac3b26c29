//! Where a learner stands on each module: completed, locked (and by what),
//! in progress, or available.
use std::collections::HashSet;

use shared::enums::ModuleState;

use crate::domain::prerequisites::Group;

/// What is known of one module for one learner.
#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    pub groups: Vec<Group<i64>>,
    pub completed: bool,
    pub attempts: u32,
    pub awaiting_grade: bool,
}

/// A group still unsatisfied: `needed` more of `missing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub needed: u32,
    pub missing: Vec<i64>,
}

pub fn state(facts: &ModuleFacts, completed: &HashSet<i64>) -> (ModuleState, Vec<Missing>) {
    if facts.completed {
        return (ModuleState::Completed, Vec::new());
    }
    let missing: Vec<Missing> = facts
        .groups
        .iter()
        .filter(|g| !g.is_satisfied(completed))
        .map(|g| {
            let done = g.members.iter().filter(|m| completed.contains(*m)).count();
            Missing { needed: shared::num::count(g.needed() - done), missing: g.missing(completed) }
        })
        .collect();
    if !missing.is_empty() {
        return (ModuleState::Locked, missing);
    }
    if facts.attempts > 0 || facts.awaiting_grade { (ModuleState::InProgress, Vec::new()) } else { (ModuleState::Available, Vec::new()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_follow_completion_prerequisites_and_attempts() {
        let needs_1 = ModuleFacts { groups: vec![Group { members: vec![1], min_required: None }], ..Default::default() };
        let none: HashSet<i64> = HashSet::new();
        let one: HashSet<i64> = [1].into_iter().collect();
        assert_eq!(state(&needs_1, &none), (ModuleState::Locked, vec![Missing { needed: 1, missing: vec![1] }]));
        assert_eq!(state(&needs_1, &one).0, ModuleState::Available);
        let tried = ModuleFacts { attempts: 1, ..needs_1.clone() };
        assert_eq!(state(&tried, &one).0, ModuleState::InProgress);
        let done = ModuleFacts { completed: true, ..needs_1 };
        assert_eq!(state(&done, &none).0, ModuleState::Completed);
    }

    #[test]
    fn an_n_of_set_group_says_how_many_more_are_needed() {
        let facts = ModuleFacts { groups: vec![Group { members: vec![1, 2, 3], min_required: Some(2) }], ..Default::default() };
        let one: HashSet<i64> = [2].into_iter().collect();
        assert_eq!(state(&facts, &one), (ModuleState::Locked, vec![Missing { needed: 1, missing: vec![1, 3] }]));
    }
}
