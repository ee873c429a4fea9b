//! A roster: who holds which slot. Built by the solver or read back from a
//! CSV; checked by the rules; read by the outputs.

use serde::Serialize;

use crate::model::Problem;

/// Who holds which slot. People per slot are kept sorted, and so are the
/// slots of each person, so that equal rosters compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roster {
    by_slot: Vec<Vec<usize>>,
    by_person: Vec<Vec<usize>>,
}

/// A place that a hard-cover slot still lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Unfilled {
    pub slot: usize,
    /// How many people are missing.
    pub missing: u32,
}

impl Roster {
    /// A roster with nobody on duty.
    pub fn empty(problem: &Problem) -> Roster {
        Roster {
            by_slot: vec![Vec::new(); problem.slots.len()],
            by_person: vec![Vec::new(); problem.staff.len()],
        }
    }

    /// A roster from (person, slot) pairs.
    pub fn from_pairs(problem: &Problem, pairs: impl IntoIterator<Item = (usize, usize)>) -> Roster {
        let mut roster = Roster::empty(problem);
        for (person, slot) in pairs {
            roster.assign(person, slot);
        }
        roster
    }

    /// People on a slot, in index order.
    pub fn people(&self, slot: usize) -> &[usize] {
        &self.by_slot[slot]
    }

    /// Slots of a person, in time order (slot indices follow start times).
    pub fn slots_of(&self, person: usize) -> &[usize] {
        &self.by_person[person]
    }

    pub fn holds(&self, person: usize, slot: usize) -> bool {
        self.by_slot[slot].binary_search(&person).is_ok()
    }

    /// Puts a person on a slot; false if they were already on it.
    pub fn assign(&mut self, person: usize, slot: usize) -> bool {
        match self.by_slot[slot].binary_search(&person) {
            Ok(_) => false,
            Err(i) => {
                self.by_slot[slot].insert(i, person);
                let j = self.by_person[person].binary_search(&slot).unwrap_err();
                self.by_person[person].insert(j, slot);
                true
            }
        }
    }

    /// Takes a person off a slot; false if they were not on it.
    pub fn unassign(&mut self, person: usize, slot: usize) -> bool {
        match self.by_slot[slot].binary_search(&person) {
            Err(_) => false,
            Ok(i) => {
                self.by_slot[slot].remove(i);
                if let Ok(j) = self.by_person[person].binary_search(&slot) {
                    self.by_person[person].remove(j);
                }
                true
            }
        }
    }

    /// Every (person, slot) pair, by slot then person.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.by_slot
            .iter()
            .enumerate()
            .flat_map(|(slot, people)| people.iter().map(move |&p| (p, slot)))
    }

    /// Number of assignments.
    pub fn len(&self) -> usize {
        self.by_slot.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Hard-cover slots with fewer people than they need.
    pub fn unfilled(&self, problem: &Problem) -> Vec<Unfilled> {
        problem
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.soft.is_none())
            .filter_map(|(i, s)| {
                let have = self.by_slot[i].len() as u32;
                (have < s.need).then_some(Unfilled { slot: i, missing: s.need - have })
            })
            .collect()
    }

    /// Total places missing on hard-cover slots.
    pub fn unfilled_places(&self, problem: &Problem) -> u32 {
        self.unfilled(problem).iter().map(|u| u.missing).sum()
    }
}
