//! Roles: a person may hold a post only with one of its `roles` (a post
//! without roles is open to all).

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct Roles;

impl Rule for Roles {
    fn id(&self) -> &'static str {
        "roles"
    }

    fn forbids(&self, problem: &Problem, person: usize, slot: usize) -> bool {
        !problem.has_role(person, problem.slots[slot].post)
    }

    fn add_rows(&self, _m: &mut MilpModel<'_>) {
        // Pairs without the role have no variable at all.
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            for &s in roster.slots_of(person) {
                let post = problem.post(&problem.slots[s]);
                if !problem.has_role(person, problem.slots[s].post) {
                    out.report(self.id(), Some(person), vec![s], || {
                        tr!(
                            problem.lang(),
                            "không có vai trò được giữ vị trí {} ({}), nhưng trực {}",
                            "lacks a role for {} ({}) but is on {}",
                            post.name,
                            post.roles.join(", "),
                            problem.slot_label(s)
                        )
                    });
                }
            }
        }
    }
}
