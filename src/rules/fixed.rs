//! `[[fixed]]`: assignments the solver must keep. Elastic in the MILP (a
//! dropped one is a broken rule, reported) so that conflicting fixed
//! assignments still give a roster.

use super::{Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;
use crate::text::tr;

pub struct Fixed;

impl Rule for Fixed {
    fn id(&self) -> &'static str {
        "fixed"
    }

    fn elastic(&self) -> bool {
        true
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        for f in &m.problem.fixed {
            m.penalize_constant(Tier::Broken, 1.0);
            if let Some(x) = m.x(f.person, f.slot) {
                m.penalize(Tier::Broken, -1.0 * x);
            }
        }
    }

    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings) {
        for f in &problem.fixed {
            let in_focus = match focus {
                Focus::All => true,
                Focus::Pair { person, slot } => person == f.person || slot == f.slot,
            };
            if in_focus && !roster.holds(f.person, f.slot) {
                out.report(self.id(), Some(f.person), vec![f.slot], || {
                    tr!(
                        problem.lang(),
                        "phân công cố định bị bỏ: {}",
                        "fixed assignment dropped: {}",
                        problem.slot_label(f.slot)
                    )
                });
            }
        }
    }

    fn charged(&self, problem: &Problem, roster: &Roster, tier: Tier, out: &mut Vec<usize>) {
        if tier == Tier::Broken {
            out.extend(problem.fixed.iter().filter(|f| !roster.holds(f.person, f.slot)).map(|f| f.person));
        }
    }

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        let within = |person: usize| focus.people(problem).contains(&person);
        let dropped = problem.fixed.iter().filter(|f| within(f.person) && !roster.holds(f.person, f.slot)).count();
        costs.add(Tier::Broken, dropped as f64);
    }
}
