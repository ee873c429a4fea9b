//! One place at a time, and rest: no two slots of a person overlap, in any
//! post, and at least `min_rest_hours` pass between the end of one and the
//! start of the next.
//!
//! MILP rows are aggregated cliques: the windows `[start, end + rest)` of
//! slots that share a point in time pairwise conflict, so for every slot
//! start T, at most one slot whose window holds T is taken. This is far
//! tighter than one row per conflicting pair.

use chrono::{Duration, NaiveDateTime};
use good_lp::Expression;

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::{self, tr};

pub struct Rest;

fn rest(problem: &Problem, person: usize) -> Duration {
    Duration::minutes((problem.staff[person].rules.min_rest_hours * 60.0).round() as i64)
}

/// Whether one person may not hold both slots: they overlap, or leave
/// less than the person's rest between them.
pub(super) fn conflict(problem: &Problem, person: usize, a: usize, b: usize) -> bool {
    let (first, second) = if problem.slots[a].start <= problem.slots[b].start { (a, b) } else { (b, a) };
    problem.slots[second].start < problem.slots[first].end + rest(problem, person)
}

impl Rule for Rest {
    fn id(&self) -> &'static str {
        "min_rest_hours"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        for person in 0..problem.staff.len() {
            let gap = rest(problem, person);
            let vars = m.person_vars(person).to_vec();
            let mut previous: Vec<usize> = Vec::new();
            let mut starts: Vec<NaiveDateTime> = vars.iter().map(|&(s, _)| problem.slots[s].start).collect();
            starts.dedup();
            for t in starts {
                let clique: Vec<usize> = vars
                    .iter()
                    .enumerate()
                    .filter(|(_, &(s, _))| {
                        let slot = &problem.slots[s];
                        slot.start <= t && t < slot.end + gap
                    })
                    .map(|(i, _)| i)
                    .collect();
                // A clique inside the previous one adds nothing.
                let inside = clique.iter().all(|i| previous.contains(i));
                if clique.len() >= 2 && !inside {
                    let sum: Expression = clique.iter().map(|&i| vars[i].1).sum();
                    m.add(sum.leq(1.0));
                }
                if !inside {
                    previous = clique;
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        let lang = problem.lang();
        for person in focus.people(problem) {
            let slots = roster.slots_of(person);
            for (i, &a) in slots.iter().enumerate() {
                for &b in &slots[i + 1..] {
                    if !conflict(problem, person, a, b) {
                        continue;
                    }
                    // In time order: `a` starts first.
                    let (sa, sb) = (&problem.slots[a], &problem.slots[b]);
                    let message = || {
                        if sb.start < sa.end {
                            tr!(
                                lang,
                                "trực hai nơi cùng lúc: {} và {}",
                                "in two places at once: {} and {}",
                                problem.slot_label(a),
                                problem.slot_label(b)
                            )
                        } else {
                            let rested = (sb.start - sa.end).num_minutes() as f64 / 60.0;
                            tr!(
                                lang,
                                "chỉ nghỉ {} giờ sau ca kết thúc {} trước khi trực {} (tối thiểu {} giờ)",
                                "only {} h rest after a shift ending {} before {} (min {} h)",
                                text::hours(rested),
                                text::short_datetime(sa.end),
                                problem.slot_label(b),
                                text::hours(problem.staff[person].rules.min_rest_hours)
                            )
                        }
                    };
                    out.report(self.id(), Some(person), vec![a, b], message);
                }
            }
        }
    }
}
