//! `max_weekends`: a weekend is worked when a slot starts on its Saturday or
//! Sunday.

use std::collections::BTreeMap;

use good_lp::variable;

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct MaxWeekends;

/// Day indices grouped by weekend (keyed by its Saturday).
fn weekends(problem: &Problem) -> BTreeMap<chrono::NaiveDate, Vec<usize>> {
    let mut out: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, day) in problem.days.iter().enumerate() {
        if let Some(key) = Problem::weekend_of(day.date) {
            out.entry(key).or_default().push(i);
        }
    }
    out
}

impl Rule for MaxWeekends {
    fn id(&self) -> &'static str {
        "max_weekends"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let groups = weekends(m.problem);
        for person in 0..m.problem.staff.len() {
            let Some(max) = m.problem.staff[person].rules.max_weekends else { continue };
            if groups.len() <= max as usize {
                continue;
            }
            let mut total = good_lp::Expression::from(0.0);
            for days in groups.values() {
                let worked: Vec<_> = days.iter().filter_map(|&d| m.worked(person, d)).collect();
                if worked.is_empty() {
                    continue;
                }
                let weekend = m.add_var(variable().binary());
                for w in worked {
                    m.add((weekend - w).geq(0.0));
                }
                total += weekend;
            }
            m.add(total.leq(max as f64));
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(max) = problem.staff[person].rules.max_weekends else { continue };
            let mut worked: Vec<_> =
                roster.slots_of(person).iter().filter_map(|&s| Problem::weekend_of(problem.slots[s].date)).collect();
            worked.dedup();
            if worked.len() > max as usize {
                out.report(self.id(), Some(person), Vec::new(), || {
                    tr!(
                        problem.lang(),
                        "trực {} cuối tuần (tối đa {})",
                        "on duty {} weekends (max {})",
                        worked.len(),
                        max
                    )
                });
            }
        }
    }
}
