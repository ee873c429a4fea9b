//! `no_next_day = { "Đêm" = ["Ngày"] }`: a shift that may not follow another
//! on the next day (by shift name, in any post).

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct NoNextDay;

/// Whether slot `b` may not follow slot `a` for this person.
fn forbidden_pair(problem: &Problem, person: usize, a: usize, b: usize) -> bool {
    let (sa, sb) = (&problem.slots[a], &problem.slots[b]);
    if sb.day != sa.day + 1 {
        return false;
    }
    let after = &problem.shift(sa).name;
    problem.staff[person].rules.no_next_day.get(after).is_some_and(|banned| banned.contains(&problem.shift(sb).name))
}

impl Rule for NoNextDay {
    fn id(&self) -> &'static str {
        "no_next_day"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for person in 0..m.problem.staff.len() {
            if m.problem.staff[person].rules.no_next_day.is_empty() {
                continue;
            }
            let vars = m.person_vars(person).to_vec();
            for &(a, xa) in &vars {
                for &(b, xb) in &vars {
                    if forbidden_pair(m.problem, person, a, b) {
                        m.add((xa + xb).leq(1.0));
                    }
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for person in focus.people(problem) {
            let slots = roster.slots_of(person);
            for &a in slots {
                for &b in slots {
                    if forbidden_pair(problem, person, a, b) {
                        out.report(self.id(), Some(person), vec![a, b], || {
                            tr!(
                                problem.lang(),
                                "ca \"{}\" ngay hôm sau ca \"{}\": {} rồi {}",
                                "a \"{}\" shift the day after a \"{}\" shift: {} then {}",
                                problem.shift(&problem.slots[b]).name,
                                problem.shift(&problem.slots[a]).name,
                                problem.slot_label(a),
                                problem.slot_label(b)
                            )
                        });
                    }
                }
            }
        }
    }
}
