//! Rotation of Giao thừa: with a history ledger, a person who worked
//! Giao thừa in earlier rosters is the last choice for it, all else equal.
//! Each Giao thừa slot (a slot that starts on the last day of the lunar
//! year) held by a person costs their [`Person::past_tet_eve`] — the
//! number of Giao thừa shifts they worked before, weighted by the ledger's
//! decay, so the most recent turn weighs most.
//!
//! It is the last tier ([`Tier::Rotation`]): it only decides between
//! rosters that are equal on cover, changes, fairness and wishes.
//!
//! [`Person::past_tet_eve`]: crate::model::Person::past_tet_eve

use good_lp::Expression;

use super::{Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;

pub struct Rotation;

impl Rule for Rotation {
    fn id(&self) -> &'static str {
        "rotation"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        for (person, p) in problem.staff.iter().enumerate() {
            if p.past_tet_eve <= 0.0 {
                continue;
            }
            let eve: Expression =
                m.person_vars(person).iter().filter(|&&(s, _)| problem.is_tet_eve(s)).map(|&(_, x)| x).sum();
            m.penalize(Tier::Rotation, p.past_tet_eve * eve);
        }
    }

    fn check(&self, _: &Problem, _: &Roster, _: Focus, _: &mut Findings) {}

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        for person in focus.people(problem) {
            let p = &problem.staff[person];
            if p.past_tet_eve > 0.0 {
                let n = roster.slots_of(person).iter().filter(|&&s| problem.is_tet_eve(s)).count();
                costs.add(Tier::Rotation, p.past_tet_eve * n as f64);
            }
        }
    }
}
