//! Runs of calendar days with any duty: `max_consecutive_days` applies to
//! every run; `min_consecutive_days` not to runs that touch the period's
//! first or last date.

use good_lp::Expression;

use super::{day_span, last_duty_day, runs, worked_days, Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct MaxConsecutiveDays;
pub struct MinConsecutiveDays;

impl Rule for MaxConsecutiveDays {
    fn id(&self) -> &'static str {
        "max_consecutive_days"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let days = m.problem.days.len();
        for person in 0..m.problem.staff.len() {
            let Some(max) = m.problem.staff[person].rules.max_consecutive_days else { continue };
            let max = max as usize;
            if days <= max {
                continue;
            }
            for first in 0..days - max {
                let window: Expression = (first..=first + max).map(|d| m.worked_expr(person, d)).sum();
                m.add(window.leq(max as f64));
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(max) = problem.staff[person].rules.max_consecutive_days else { continue };
            for (first, last) in runs(&worked_days(problem, roster, person)) {
                let len = last - first + 1;
                if len > max as usize {
                    out.report(self.id(), Some(person), Vec::new(), || {
                        tr!(
                            problem.lang(),
                            "trực {} ngày liên tiếp {} (tối đa {})",
                            "on duty {} days in a row {} (max {})",
                            len,
                            day_span(problem, first, last),
                            max
                        )
                    });
                }
            }
        }
    }
}

impl Rule for MinConsecutiveDays {
    fn id(&self) -> &'static str {
        "min_consecutive_days"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let last = last_duty_day(m.problem);
        for person in 0..m.problem.staff.len() {
            let Some(min) = m.problem.staff[person].rules.min_consecutive_days else { continue };
            // A run that starts on day d > 0 (worked d, not d − 1) must go on
            // for min days, or until the last duty date.
            for d in 1..=last {
                let Some(w) = m.worked(person, d) else { continue };
                let before = m.worked_expr(person, d - 1);
                for j in 1..min as usize {
                    if d + j > last {
                        break;
                    }
                    let later = m.worked_expr(person, d + j);
                    m.add((w - before.clone() - later).leq(0.0));
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        let last_day = last_duty_day(problem);
        for person in focus.people(problem) {
            let Some(min) = problem.staff[person].rules.min_consecutive_days else { continue };
            for (first, last) in runs(&worked_days(problem, roster, person)) {
                let len = last - first + 1;
                if len < min as usize && first > 0 && last < last_day {
                    out.report(self.id(), Some(person), Vec::new(), || {
                        tr!(
                            problem.lang(),
                            "chỉ trực {} ngày liền {} (tối thiểu {})",
                            "only {} day(s) in a row on duty {} (min {})",
                            len,
                            day_span(problem, first, last),
                            min
                        )
                    });
                }
            }
        }
    }
}
