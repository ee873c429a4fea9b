//! `max_per_shift = { "Đêm" = 2 }`: how many times a person works a shift
//! (by name, in any post) in the period; 0 means never.

use good_lp::Expression;

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct MaxPerShift;

impl Rule for MaxPerShift {
    fn id(&self) -> &'static str {
        "max_per_shift"
    }

    fn forbids(&self, problem: &Problem, person: usize, slot: usize) -> bool {
        let name = &problem.shift(&problem.slots[slot]).name;
        problem.staff[person].rules.max_per_shift.get(name) == Some(&0)
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            for (name, &max) in &m.problem.staff[person].rules.max_per_shift {
                let of_shift: Vec<_> = m
                    .person_vars(person)
                    .iter()
                    .filter(|&&(s, _)| &m.problem.shift(&m.problem.slots[s]).name == name)
                    .map(|&(_, x)| x)
                    .collect();
                if of_shift.len() > max as usize {
                    let sum: Expression = of_shift.into_iter().sum();
                    m.constraints.push(sum.leq(max as f64));
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            for (name, &max) in &problem.staff[person].rules.max_per_shift {
                let of_shift: Vec<usize> = roster
                    .slots_of(person)
                    .iter()
                    .copied()
                    .filter(|&s| &problem.shift(&problem.slots[s]).name == name)
                    .collect();
                if of_shift.len() > max as usize {
                    out.report(self.id(), Some(person), of_shift.clone(), || {
                        tr!(
                            problem.lang(),
                            "{} ca \"{}\" (tối đa {})",
                            "{} \"{}\" shifts (max {})",
                            of_shift.len(),
                            name,
                            max
                        )
                    });
                }
            }
        }
    }
}
