//! Hours on duty in the whole period: `max_hours` (hard) and `min_hours`
//! (hard, elastic in the MILP like `min_shifts`).

use good_lp::{variable, Expression};

use super::{Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::{self, tr};

pub struct MaxHours;
pub struct MinHours;

fn hours_expr(m: &MilpModel<'_>, person: usize) -> Expression {
    m.person_vars(person).iter().map(|&(s, x)| m.problem.slots[s].hours * x).sum()
}

fn hours_of(problem: &Problem, roster: &Roster, person: usize) -> f64 {
    roster.slots_of(person).iter().map(|&s| problem.slots[s].hours).sum()
}

impl Rule for MaxHours {
    fn id(&self) -> &'static str {
        "max_hours"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            if let Some(max) = m.problem.staff[person].rules.max_hours {
                let sum = hours_expr(m, person);
                let whole = super::whole_slots::of(m, person, max);
                m.add(sum.leq(whole.hours));
                for row in whole.rows {
                    m.add(row);
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(max) = problem.staff[person].rules.max_hours else { continue };
            let h = hours_of(problem, roster, person);
            if h > max + 1e-9 {
                out.report(self.id(), Some(person), roster.slots_of(person).to_vec(), || {
                    tr!(
                        problem.lang(),
                        "{} giờ trực (tối đa {})",
                        "{} hours on duty (max {})",
                        text::hours(h),
                        text::hours(max)
                    )
                });
            }
        }
    }
}

impl Rule for MinHours {
    fn id(&self) -> &'static str {
        "min_hours"
    }

    fn elastic(&self) -> bool {
        true
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            if let Some(min) = m.problem.staff[person].rules.min_hours.filter(|&h| h > 0.0) {
                let short = m.add_var(variable().min(0));
                let sum = hours_expr(m, person);
                m.add((sum + short).geq(min));
                m.penalize(Tier::Broken, short);
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(min) = problem.staff[person].rules.min_hours else { continue };
            let h = hours_of(problem, roster, person);
            if h + 1e-9 < min {
                out.report(self.id(), Some(person), roster.slots_of(person).to_vec(), || {
                    tr!(
                        problem.lang(),
                        "chỉ {} giờ trực (tối thiểu {})",
                        "only {} hours on duty (min {})",
                        text::hours(h),
                        text::hours(min)
                    )
                });
            }
        }
    }

    fn charged(&self, problem: &Problem, roster: &Roster, tier: Tier, out: &mut Vec<usize>) {
        if tier == Tier::Broken {
            out.extend((0..problem.staff.len()).filter(|&person| {
                problem.staff[person].rules.min_hours.is_some_and(|min| hours_of(problem, roster, person) + 1e-9 < min)
            }));
        }
    }

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        for person in focus.people(problem) {
            let p = &problem.staff[person];
            if let Some(min) = p.rules.min_hours {
                costs.add(Tier::Broken, (min - hours_of(problem, roster, person)).max(0.0));
            }
        }
    }
}
