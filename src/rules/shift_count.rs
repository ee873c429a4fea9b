//! How many shifts a person works in the whole period: `max_shifts` (hard)
//! and `min_shifts` (hard, but elastic in the MILP so that an impossible
//! minimum is reported rather than leaving no roster at all).

use good_lp::{variable, Expression};

use super::{Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct MaxShifts;
pub struct MinShifts;

fn shifts(m: &MilpModel<'_>, person: usize) -> Expression {
    m.person_vars(person).iter().map(|&(_, x)| x).sum()
}

impl Rule for MaxShifts {
    fn id(&self) -> &'static str {
        "max_shifts"
    }

    fn forbids(&self, problem: &Problem, person: usize, _slot: usize) -> bool {
        problem.staff[person].rules.max_shifts == Some(0)
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            if let Some(max) = m.problem.staff[person].rules.max_shifts {
                if m.person_vars(person).len() > max as usize {
                    let sum = shifts(m, person);
                    m.add(sum.leq(max as f64));
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(max) = problem.staff[person].rules.max_shifts else { continue };
            let n = roster.slots_of(person).len();
            if n > max as usize {
                out.report(self.id(), Some(person), roster.slots_of(person).to_vec(), || {
                    tr!(problem.lang(), "{} ca trực (tối đa {})", "{} shifts (max {})", n, max)
                });
            }
        }
    }
}

impl Rule for MinShifts {
    fn id(&self) -> &'static str {
        "min_shifts"
    }

    fn elastic(&self) -> bool {
        true
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            if let Some(min) = m.problem.staff[person].rules.min_shifts.filter(|&n| n > 0) {
                let short = m.add_var(variable().min(0));
                let sum = shifts(m, person);
                m.add((sum + short).geq(min as f64));
                m.penalize(Tier::Broken, short);
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(min) = problem.staff[person].rules.min_shifts else { continue };
            let n = roster.slots_of(person).len();
            if n < min as usize {
                out.report(self.id(), Some(person), roster.slots_of(person).to_vec(), || {
                    tr!(problem.lang(), "chỉ {} ca trực (tối thiểu {})", "only {} shifts (min {})", n, min)
                });
            }
        }
    }

    fn charged(&self, problem: &Problem, roster: &Roster, tier: Tier, out: &mut Vec<usize>) {
        if tier == Tier::Broken {
            out.extend((0..problem.staff.len()).filter(|&person| {
                problem.staff[person].rules.min_shifts.is_some_and(|min| roster.slots_of(person).len() < min as usize)
            }));
        }
    }

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        for person in focus.people(problem) {
            let p = &problem.staff[person];
            if let Some(min) = p.rules.min_shifts {
                costs.add(Tier::Broken, (min as f64 - roster.slots_of(person).len() as f64).max(0.0));
            }
        }
    }
}
