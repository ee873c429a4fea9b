//! Cover: every slot gets its `need` (hard) — or is priced per person short
//! or over (`cover = "soft"`) — and never more than `max`.

use good_lp::Expression;

use super::{Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct Cover;

impl Rule for Cover {
    fn id(&self) -> &'static str {
        "cover"
    }

    fn elastic(&self) -> bool {
        true
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for (s, slot) in m.problem.slots.iter().enumerate() {
            let on_duty: Expression = m.slot_vars(s).iter().map(|&(_, x)| x).sum();
            let (short, over) = (m.short(s), m.over(s));
            m.add((on_duty + short - over).eq(slot.need as f64));
            match slot.soft {
                None => m.penalize(Tier::Unfilled, short),
                Some((under_weight, over_weight)) => {
                    m.penalize(Tier::SoftCover, under_weight * short + over_weight * over)
                }
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        let lang = problem.lang();
        for s in focus.slots(problem) {
            let slot = &problem.slots[s];
            let have = roster.people(s).len() as u32;
            // Only formatted for a breach: the search checks slots by the
            // thousand and a label is a date format.
            let label = || problem.slot_label(s);
            if slot.soft.is_none() && have < slot.need {
                out.report(self.id(), None, vec![s], || {
                    tr!(
                        lang,
                        "{}: còn thiếu {} người (cần {}, có {})",
                        "{}: {} place(s) unfilled (needs {}, has {})",
                        label(),
                        slot.need - have,
                        slot.need,
                        have
                    )
                });
            }
            if let Some(max) = slot.max.filter(|&m| have > m) {
                out.report(self.id(), None, vec![s], || {
                    tr!(
                        lang,
                        "{}: {} người trực, nhiều hơn mức tối đa {}",
                        "{}: {} people on duty, more than the maximum of {}",
                        label(),
                        have,
                        max
                    )
                });
            }
        }
    }

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        for s in focus.slots(problem) {
            let slot = &problem.slots[s];
            let have = roster.people(s).len() as f64;
            let need = slot.need as f64;
            match slot.soft {
                None => costs.add(Tier::Unfilled, (need - have).max(0.0)),
                Some((under, over)) => {
                    costs.add(Tier::SoftCover, under * (need - have).max(0.0) + over * (have - need).max(0.0))
                }
            }
        }
    }
}
