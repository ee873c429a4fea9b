//! Stability: with `solve --previous OLD_DIR`, keep the previous roster.
//! Every assignment of the previous roster that is dropped costs 1, and
//! every assignment that was not in it costs 1 (so moving one place from
//! one person to another costs 2). The tier ([`Tier::Changes`]) comes right
//! after the hard rules and the unfilled places: an assignment that a rule
//! now forbids must move (it has no MILP variable, so it can never be
//! kept), and nothing else moves unless that fills a place.
//!
//! No violations: a changed roster is not wrong, only different.

use super::{Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;

pub struct Stability;

/// Assignments of `previous` that `roster` drops, plus those it adds.
pub fn changes(previous: &Roster, roster: &Roster) -> usize {
    let dropped = previous.pairs().filter(|&(p, s)| !roster.holds(p, s)).count();
    let added = roster.pairs().filter(|&(p, s)| !previous.holds(p, s)).count();
    dropped + added
}

impl Rule for Stability {
    fn id(&self) -> &'static str {
        "stability"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let Some(previous) = m.problem.previous.as_ref() else { return };
        // Each previous assignment: 1 − x (a forbidden one has no x: 1).
        m.penalize_constant(Tier::Changes, previous.len() as f64);
        let vars: Vec<(usize, usize, good_lp::Variable)> = m.assignment_vars().collect();
        for (p, s, x) in vars {
            if previous.holds(p, s) {
                m.penalize(Tier::Changes, -1.0 * x);
            } else {
                m.penalize(Tier::Changes, x);
            }
        }
    }

    fn check(&self, _: &Problem, _: &Roster, _: Focus, _: &mut Findings) {}

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        let Some(previous) = problem.previous.as_ref() else { return };
        if focus == Focus::All {
            costs.add(Tier::Changes, changes(previous, roster) as f64);
            return;
        }
        for person in focus.people(problem) {
            let dropped = previous.slots_of(person).iter().filter(|&&s| !roster.holds(person, s)).count();
            let added = roster.slots_of(person).iter().filter(|&&s| !previous.holds(person, s)).count();
            costs.add(Tier::Changes, (dropped + added) as f64);
        }
    }
}
