//! Unavailability: a slot that overlaps a person's `unavailable` time for
//! any length is forbidden (meeting it at an end point is not an overlap).

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct Unavailable;

fn clash(problem: &Problem, person: usize, slot: usize) -> Option<&str> {
    let s = &problem.slots[slot];
    problem.staff[person].unavailable.iter().find(|u| u.start < s.end && s.start < u.end).map(|u| u.label.as_str())
}

impl Rule for Unavailable {
    fn id(&self) -> &'static str {
        "unavailable"
    }

    fn forbids(&self, problem: &Problem, person: usize, slot: usize) -> bool {
        clash(problem, person, slot).is_some()
    }

    fn add_rows(&self, _m: &mut MilpModel<'_>) {
        // Forbidden pairs have no variable.
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            for &s in roster.slots_of(person) {
                if let Some(label) = clash(problem, person, s) {
                    out.report(self.id(), Some(person), vec![s], || {
                        tr!(
                            problem.lang(),
                            "báo bận {} nhưng trực {}",
                            "unavailable {} but on {}",
                            label,
                            problem.slot_label(s)
                        )
                    });
                }
            }
        }
    }
}
