//! `avoid`: a soft wish not to be on duty on a date (and shift). Its weight
//! is paid once if the person works any matching slot.

use good_lp::variable;

use super::{missed_wish_days, works_wish, Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;

pub struct Avoid;

impl Rule for Avoid {
    fn id(&self) -> &'static str {
        "avoid"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        for (person, p) in problem.staff.iter().enumerate() {
            for wish in &p.avoid {
                let xs: Vec<_> = m
                    .person_vars(person)
                    .iter()
                    .filter(|&&(s, _)| wish.matches(problem, &problem.slots[s]))
                    .map(|&(_, x)| x)
                    .collect();
                match xs.as_slice() {
                    [] => {}
                    [x] => m.penalize(Tier::of_wishes(problem), wish.weight * *x),
                    _ => {
                        let worked = m.add_var(variable().binary());
                        for x in xs {
                            m.add((worked - x).geq(0.0));
                        }
                        m.penalize(Tier::of_wishes(problem), wish.weight * worked);
                    }
                }
            }
        }
    }

    fn check(&self, _: &Problem, _: &Roster, _: Focus, _: &mut Findings) {}

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        for person in focus.people(problem) {
            let p = &problem.staff[person];
            for wish in &p.avoid {
                if works_wish(problem, roster, person, wish) {
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
            problem.staff[person].avoid.iter().any(|wish| works_wish(problem, roster, person, wish))
        }));
    }

    fn charged_days(&self, problem: &Problem, roster: &Roster, tier: Tier, out: &mut Vec<(usize, usize)>) {
        if tier == Tier::of_wishes(problem) {
            let missed = |person, wish: &_| works_wish(problem, roster, person, wish);
            missed_wish_days(problem, |p| &problem.staff[p].avoid, missed, out);
        }
    }
}
