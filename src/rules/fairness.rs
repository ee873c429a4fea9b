//! Fairness: each person's burden (shift weight × hours share × heaviest
//! day weight, summed, plus burden from earlier rosters) — first the largest
//! burden as small as possible, then the spread between the largest and the
//! smallest among the people who could serve.
//!
//! The bounds are integer variables counted in [`Problem::burden_unit`]s:
//! every slot's burden is a whole number of units, so the LP relaxation's
//! bound rounds up to the true one, which is what lets the MILP prove
//! optimality quickly.

use good_lp::{variable, Expression};

use super::{forbidden, Costs, Focus, MilpModel, Rule, Tier, Violation};
use crate::model::Problem;
use crate::roster::Roster;

pub struct Fairness;

/// A person's burden in points on this roster, history included.
pub fn burden(problem: &Problem, roster: &Roster, person: usize) -> f64 {
    problem.staff[person].past_burden
        + roster.slots_of(person).iter().map(|&s| problem.slots[s].burden).sum::<f64>()
}

/// People who could hold at least one slot.
pub fn could_serve(problem: &Problem) -> Vec<usize> {
    (0..problem.staff.len())
        .filter(|&p| (0..problem.slots.len()).any(|s| !forbidden(problem, p, s)))
        .collect()
}

impl Rule for Fairness {
    fn id(&self) -> &'static str {
        "fairness"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        if !problem.burden.balance {
            return;
        }
        let unit = problem.burden_unit;
        let people = m.people_who_could_serve();
        if people.is_empty() {
            return;
        }
        let largest = m.add_var(variable().integer().min(0));
        let smallest = m.add_var(variable().integer().min(0));
        for person in people {
            let past = (problem.staff[person].past_burden / unit).round();
            let load: Expression = m
                .person_vars(person)
                .iter()
                .map(|&(s, x)| problem.slots[s].burden_units as f64 * x)
                .sum::<Expression>()
                + past;
            m.add((load.clone() - largest).leq(0.0));
            m.add((load - smallest).geq(0.0));
        }
        m.penalize(Tier::MaxBurden, unit * largest);
        m.penalize(Tier::Spread, unit * largest - unit * smallest);
    }

    fn check(&self, _: &Problem, _: &Roster, _: Focus, _: &mut Vec<Violation>) {}

    fn cost(&self, problem: &Problem, roster: &Roster, costs: &mut Costs) {
        if !problem.burden.balance {
            return;
        }
        // Counted in whole burden units, exactly as the MILP counts them:
        // a slot's burden is rounded to a multiple of the unit there, and a
        // cost computed from the unrounded burdens can lie a fraction of a
        // unit below what the MILP can reach, which made the bound that the
        // solver puts on this tier after its stage exclude the roster it had
        // just found (and every later stage work on what was left).
        let unit = problem.burden_unit;
        let loads: Vec<f64> = could_serve(problem)
            .into_iter()
            .map(|p| {
                let past = (problem.staff[p].past_burden / unit).round();
                let units: i64 = roster.slots_of(p).iter().map(|&s| problem.slots[s].burden_units).sum();
                (units as f64 + past) * unit
            })
            .collect();
        if loads.is_empty() {
            return;
        }
        let max = loads.iter().copied().fold(f64::MIN, f64::max);
        let min = loads.iter().copied().fold(f64::MAX, f64::min);
        costs.add(Tier::MaxBurden, max);
        costs.add(Tier::Spread, max - min);
    }
}
