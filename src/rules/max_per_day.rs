//! `max_per_day`: slots starting on one date, in any post.

use good_lp::Expression;

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::{self, tr};

pub struct MaxPerDay;

impl Rule for MaxPerDay {
    fn id(&self) -> &'static str {
        "max_per_day"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            let Some(max) = m.problem.staff[person].rules.max_per_day else { continue };
            for day in 0..m.problem.days.len() {
                let on_day: Vec<_> = m
                    .person_vars(person)
                    .iter()
                    .filter(|&&(s, _)| m.problem.slots[s].day == day)
                    .map(|&(_, x)| x)
                    .collect();
                if on_day.len() > max as usize {
                    let sum: Expression = on_day.into_iter().sum();
                    m.add(sum.leq(max as f64));
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(max) = problem.staff[person].rules.max_per_day else { continue };
            let slots = roster.slots_of(person);
            for (day, d) in problem.days.iter().enumerate() {
                let on_day: Vec<usize> = slots.iter().copied().filter(|&s| problem.slots[s].day == day).collect();
                if on_day.len() > max as usize {
                    out.report(self.id(), Some(person), on_day.clone(), || {
                        tr!(
                            problem.lang(),
                            "{} ca trong ngày {} (tối đa {})",
                            "{} shifts on {} (max {})",
                            on_day.len(),
                            text::short_date(d.date),
                            max
                        )
                    });
                }
            }
        }
    }
}
