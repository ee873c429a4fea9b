//! `prefer`: a soft wish to be on duty on a date (and shift). Its weight is
//! paid if the person works no matching slot.

use good_lp::{variable, Expression};

use super::{missed_wish_days, works_wish, Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;

pub struct Prefer;

impl Rule for Prefer {
    fn id(&self) -> &'static str {
        "prefer"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        for (person, p) in problem.staff.iter().enumerate() {
            for wish in &p.prefer {
                m.penalize_constant(Tier::of_wishes(problem), wish.weight);
                let xs: Expression = m
                    .person_vars(person)
                    .iter()
                    .filter(|&&(s, _)| wish.matches(problem, &problem.slots[s]))
                    .map(|&(_, x)| x)
                    .sum();
                let met = m.add_var(variable().binary());
                m.add((xs - met).geq(0.0));
                m.penalize(Tier::of_wishes(problem), -wish.weight * met);
            }
        }
    }

    fn check(&self, _: &Problem, _: &Roster, _: Focus, _: &mut Findings) {}

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        for person in focus.people(problem) {
            let p = &problem.staff[person];
            for wish in &p.prefer {
                if !works_wish(problem, roster, person, wish) {
                    costs.add(Tier::of_wishes(problem), wish.weight);
                }
            }
        }
    }

    fn charged(&self, problem: &Problem, roster: &Roster, tier: Tier, out: &mut Vec<usize>) {
        if tier != Tier::of_wishes(problem) {
            return;
        }
        out.extend((0..problem.staff.len()).filter(|&person| {
            problem.staff[person].prefer.iter().any(|wish| !works_wish(problem, roster, person, wish))
        }));
    }

    fn charged_days(&self, problem: &Problem, roster: &Roster, tier: Tier, out: &mut Vec<(usize, usize)>) {
        if tier == Tier::of_wishes(problem) {
            let missed = |person, wish: &_| !works_wish(problem, roster, person, wish);
            missed_wish_days(problem, |p| &problem.staff[p].prefer, missed, out);
        }
    }
}
