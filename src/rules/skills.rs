//! Skills: per slot, at least `at_least` of the people on duty have the
//! skill a post `requires`. A place left unfilled counts as one of the
//! skilled places, so an unskilled person never takes a place kept for a
//! skilled one.

use good_lp::Expression;

use super::{Findings, Focus, MilpModel, Rule};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct Skills;

impl Rule for Skills {
    fn id(&self) -> &'static str {
        "requires"
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        for (s, slot) in problem.slots.iter().enumerate() {
            for need in &problem.post(slot).requires {
                let skilled: Expression = m
                    .slot_vars(s)
                    .iter()
                    .filter(|&&(p, _)| problem.staff[p].has_skill(&need.skill))
                    .map(|&(_, x)| x)
                    .sum();
                let short = m.short(s);
                m.add((skilled + short).geq(need.at_least as f64));
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for s in focus.slots(problem) {
            let slot = &problem.slots[s];
            let people = roster.people(s);
            let short = slot.need.saturating_sub(people.len() as u32);
            for need in &problem.post(slot).requires {
                let skilled = people.iter().filter(|&&p| problem.staff[p].has_skill(&need.skill)).count() as u32;
                if skilled + short < need.at_least {
                    out.report(self.id(), None, vec![s], || {
                        tr!(
                            problem.lang(),
                            "{}: cần ít nhất {} người có kỹ năng \"{}\", chỉ có {}",
                            "{}: needs at least {} with the skill \"{}\", has {}",
                            problem.slot_label(s),
                            need.at_least,
                            need.skill,
                            skilled
                        )
                    });
                }
            }
        }
    }
}
