//! `min_days_off`: the shortest run of days off between two worked days.
//! Runs that touch the period's first or last date are exempt.

use super::{day_span, worked_days, Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct MinDaysOff;

impl Rule for MinDaysOff {
    fn id(&self) -> &'static str {
        "min_days_off"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let days = m.problem.days.len();
        for person in 0..m.problem.staff.len() {
            let Some(min) = m.problem.staff[person].rules.min_days_off else { continue };
            // Worked on d − 1 and off on d: no duty on d + 1 … d + min − 1.
            for d in 1..days {
                let Some(before) = m.worked(person, d - 1) else { continue };
                let today = m.worked_expr(person, d);
                for j in 1..min as usize {
                    if d + j >= days {
                        break;
                    }
                    let Some(later) = m.worked(person, d + j) else { continue };
                    m.add((before - today.clone() + later).leq(1.0));
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let Some(min) = problem.staff[person].rules.min_days_off else { continue };
            let worked = worked_days(problem, roster, person);
            for pair in worked.windows(2) {
                let off = pair[1] - pair[0] - 1;
                if off > 0 && off < min as usize {
                    out.report(self.id(), Some(person), Vec::new(), || {
                        tr!(
                            problem.lang(),
                            "chỉ nghỉ {} ngày {} giữa hai đợt trực (tối thiểu {})",
                            "only {} day(s) off {} between duties (min {})",
                            off,
                            day_span(problem, pair[0] + 1, pair[1] - 1),
                            min
                        )
                    });
                }
            }
        }
    }
}
