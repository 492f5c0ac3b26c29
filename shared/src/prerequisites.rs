//! Prerequisites form a directed acyclic graph: module → the modules it
//! requires. A module's prerequisites are groups; a group is satisfied when
//! `min_required` of its members (all of them when unset) are completed.
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hash;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<T> {
    pub members: Vec<T>,
    pub min_required: Option<u32>,
}

impl<T: Eq + Hash + Clone> Group<T> {
    pub fn needed(&self) -> usize {
        self.min_required.map_or(self.members.len(), crate::num::index).min(self.members.len())
    }

    /// Whether enough members are in `completed`.
    pub fn is_satisfied(&self, completed: &HashSet<T>) -> bool {
        self.members.iter().filter(|m| completed.contains(*m)).count() >= self.needed()
    }

    /// Members not yet completed, when the group is not satisfied.
    pub fn missing(&self, completed: &HashSet<T>) -> Vec<T> {
        if self.is_satisfied(completed) {
            return Vec::new();
        }
        self.members.iter().filter(|m| !completed.contains(*m)).cloned().collect()
    }
}

/// Whether every group of a module is satisfied.
pub fn all_satisfied<T: Eq + Hash + Clone>(groups: &[Group<T>], completed: &HashSet<T>) -> bool {
    groups.iter().all(|g| g.is_satisfied(completed))
}

/// The dependency graph of one programme.
#[derive(Debug, Clone, Default)]
pub struct Graph<T: Ord> {
    requires: BTreeMap<T, BTreeSet<T>>,
}

impl<T: Ord + Clone> Graph<T> {
    pub fn new() -> Graph<T> {
        Graph { requires: BTreeMap::new() }
    }

    pub fn add_node(&mut self, node: T) {
        self.requires.entry(node).or_default();
    }

    /// Replaces what `node` requires (every member of every group counts: an
    /// N-of-a-set group still must not lead back to the module).
    pub fn set_requirements(&mut self, node: T, groups: &[Group<T>]) {
        let targets: BTreeSet<T> = groups.iter().flat_map(|g| g.members.iter().cloned()).collect();
        for target in &targets {
            self.requires.entry(target.clone()).or_default();
        }
        self.requires.insert(node, targets);
    }

    /// A cycle if there is one, as the path `[a, b, c, a]` (a requires b, b
    /// requires c, c requires a). The search starts at `start` when given, so a
    /// cycle created by editing that module is reported from it.
    pub fn find_cycle(&self, start: Option<&T>) -> Option<Vec<T>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Unvisited,
            OnPath,
            Done,
        }
        let nodes: Vec<&T> = start.into_iter().chain(self.requires.keys()).collect();
        let mut marks: BTreeMap<&T, Mark> = self.requires.keys().map(|k| (k, Mark::Unvisited)).collect();
        for root in nodes {
            if marks.get(root).copied() != Some(Mark::Unvisited) {
                continue;
            }
            // Iterative depth-first search: the stack holds each node on the
            // current path with the iterator over what it requires.
            let mut path: Vec<&T> = vec![root];
            let mut iters = vec![self.requires.get(root).map(|s| s.iter())];
            marks.insert(root, Mark::OnPath);
            while let Some(iter) = iters.last_mut() {
                match iter.as_mut().and_then(Iterator::next) {
                    Some(next) => match marks.get(next).copied().unwrap_or(Mark::Done) {
                        Mark::OnPath => {
                            let from = path.iter().position(|n| *n == next).unwrap_or(0);
                            let mut cycle: Vec<T> = path[from..].iter().map(|n| (*n).clone()).collect();
                            cycle.push(next.clone());
                            return Some(cycle);
                        }
                        Mark::Unvisited => {
                            marks.insert(next, Mark::OnPath);
                            path.push(next);
                            iters.push(self.requires.get(next).map(|s| s.iter()));
                        }
                        Mark::Done => {}
                    },
                    None => {
                        if let Some(done) = path.pop() {
                            marks.insert(done, Mark::Done);
                        }
                        iters.pop();
                    }
                }
            }
        }
        None
    }

    /// Modules in an order where each comes after what it requires (for display
    /// and for loading files). `None` when there is a cycle.
    pub fn topological_order(&self) -> Option<Vec<T>> {
        if self.find_cycle(None).is_some() {
            return None;
        }
        let mut order = Vec::new();
        let mut placed = BTreeSet::new();
        while placed.len() < self.requires.len() {
            for (node, reqs) in &self.requires {
                if !placed.contains(node) && reqs.iter().all(|r| placed.contains(r)) {
                    placed.insert(node.clone());
                    order.push(node.clone());
                }
            }
        }
        Some(order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(members: &[&'static str]) -> Group<&'static str> {
        Group { members: members.to_vec(), min_required: None }
    }

    fn graph(edges: &[(&'static str, &[&'static str])]) -> Graph<&'static str> {
        let mut g = Graph::new();
        for (node, reqs) in edges {
            g.set_requirements(*node, &[all(reqs)]);
        }
        g
    }

    #[test]
    fn an_acyclic_curriculum_has_no_cycle_and_a_topological_order() {
        let g = graph(&[("C", &["A", "B"]), ("B", &["A"]), ("A", &[])]);
        assert_eq!(g.find_cycle(None), None);
        assert_eq!(g.topological_order(), Some(vec!["A", "B", "C"]));
    }

    #[test]
    fn a_three_module_cycle_is_named_from_the_edited_module() {
        let g = graph(&[("A", &["B"]), ("B", &["C"]), ("C", &["A"])]);
        assert_eq!(g.find_cycle(Some(&"B")), Some(vec!["B", "C", "A", "B"]));
        assert_eq!(g.find_cycle(None), Some(vec!["A", "B", "C", "A"]));
        assert_eq!(g.topological_order(), None);
    }

    #[test]
    fn a_module_requiring_itself_is_a_cycle() {
        let g = graph(&[("A", &["A"])]);
        assert_eq!(g.find_cycle(None), Some(vec!["A", "A"]));
    }

    #[test]
    fn a_cycle_through_an_n_of_set_group_counts() {
        let mut g = Graph::new();
        g.set_requirements("A", &[Group { members: vec!["B", "C"], min_required: Some(1) }]);
        g.set_requirements("C", &[all(&["A"])]);
        assert_eq!(g.find_cycle(None), Some(vec!["A", "C", "A"]));
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        let g = graph(&[("D", &["B", "C"]), ("B", &["A"]), ("C", &["A"])]);
        assert_eq!(g.find_cycle(None), None);
    }

    #[test]
    fn groups_are_satisfied_by_all_or_n_of_their_members() {
        let done: HashSet<&str> = ["A", "C"].into_iter().collect();
        assert!(all(&["A", "C"]).is_satisfied(&done));
        assert!(!all(&["A", "B"]).is_satisfied(&done));
        assert_eq!(all(&["A", "B"]).missing(&done), vec!["B"]);
        let two_of_three = Group { members: vec!["A", "B", "C"], min_required: Some(2) };
        assert!(two_of_three.is_satisfied(&done));
        let three_of_three = Group { members: vec!["A", "B", "C"], min_required: Some(3) };
        assert_eq!(three_of_three.missing(&done), vec!["B"]);
        assert!(all_satisfied::<&str>(&[], &done));
    }
}
