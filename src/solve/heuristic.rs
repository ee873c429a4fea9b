//! The construction heuristic: fills slots in time order, each place with
//! the allowed person of least burden so far, keeping every maximum-type
//! rule. It gives the MILP a legal warm start and the answer of last resort.

use super::Construction;
use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, fairness::burden};

/// Builds a roster greedily.
pub fn construct(problem: &Problem) -> Construction {
    let mut roster = Roster::empty(problem);
    for f in &problem.fixed {
        if rules::allows(problem, &mut roster, f.person, f.slot) {
            roster.assign(f.person, f.slot);
        }
    }
    let mut load: Vec<f64> = (0..problem.staff.len()).map(|p| burden(problem, &roster, p)).collect();
    // Hardest slots first within the same start: fewer candidates go first.
    let mut order: Vec<usize> = (0..problem.slots.len()).collect();
    let candidates: Vec<usize> = (0..problem.slots.len())
        .map(|s| (0..problem.staff.len()).filter(|&p| !rules::forbidden(problem, p, s)).count())
        .collect();
    order.sort_by_key(|&s| (problem.slots[s].start, candidates[s], s));
    for s in order {
        let slot = &problem.slots[s];
        while (roster.people(s).len() as u32) < slot.need {
            // The least loaded first; only they need the (costly) check.
            let mut candidates: Vec<usize> = (0..problem.staff.len()).collect();
            let key = |p: usize| (load[p] + slot.burden, roster.slots_of(p).len(), p);
            candidates.sort_by(|&a, &b| {
                let (ka, kb) = (key(a), key(b));
                ka.0.total_cmp(&kb.0).then(ka.1.cmp(&kb.1)).then(ka.2.cmp(&kb.2))
            });
            let best = candidates.into_iter().find(|&p| rules::allows(problem, &mut roster, p, s));
            let Some(p) = best else { break };
            roster.assign(p, s);
            load[p] += slot.burden;
        }
    }
    let costs = rules::costs(problem, &roster);
    Construction { roster, costs }
}
