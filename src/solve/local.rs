//! Local search: moves one slot from a person to another, or swaps two
//! people's slots, whenever that improves the lexicographic objective —
//! keeping every hard rule. Among rosters equal on every tier it prefers
//! the smoother burden (smaller sum of squares), which walks across the
//! plateaus of "largest burden" and "spread" that single moves cannot
//! improve directly.

use std::time::Instant;

use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, fairness::burden, Costs, Findings, Focus, Violation};

/// The objective plus the smoothness tie-breaker.
#[derive(Clone, Copy)]
struct Score {
    costs: Costs,
    squares: f64,
}

impl Score {
    fn of(problem: &Problem, roster: &Roster) -> Score {
        let squares = (0..problem.staff.len()).map(|p| burden(problem, roster, p).powi(2)).sum();
        Score { costs: rules::costs(problem, roster), squares }
    }

    fn better_than(&self, other: &Score) -> bool {
        if self.costs.better_than(&other.costs) {
            return true;
        }
        if other.costs.better_than(&self.costs) {
            return false;
        }
        self.squares + 1e-9 < other.squares
    }
}

/// Hard-rule violations that concern these people or this slot.
fn violations_near(problem: &Problem, roster: &Roster, people: &[usize], slot: usize) -> Vec<Violation> {
    let mut found = Findings::breaches();
    for rule in rules::ALL {
        for &person in people {
            rule.check(problem, roster, Focus::Pair { person, slot }, &mut found);
        }
    }
    let mut out = found.into_vec();
    // Elastic rules are priced by the objective (the score decides); cover
    // above `max` is guarded by the moves themselves.
    out.retain(|v| !rules::is_elastic(v.rule));
    out
}

/// Whether the change made no new hard violation near these people/slots.
fn still_legal(before: &[Violation], after: &[Violation]) -> bool {
    !after.iter().any(|v| v.is_new(before))
}

/// One change of a roster: take these (person, slot) pairs off, put these on.
pub(super) struct Change {
    pub(super) off: Vec<(usize, usize)>,
    pub(super) on: Vec<(usize, usize)>,
}

impl Change {
    pub(super) fn apply(&self, roster: &mut Roster) {
        for &(p, s) in &self.off {
            roster.unassign(p, s);
        }
        for &(p, s) in &self.on {
            roster.assign(p, s);
        }
    }

    pub(super) fn undo(&self, roster: &mut Roster) {
        for &(p, s) in &self.on {
            roster.unassign(p, s);
        }
        for &(p, s) in &self.off {
            roster.assign(p, s);
        }
    }

    /// Hard violations near the people and slots this change touches.
    pub(super) fn violations(&self, problem: &Problem, roster: &Roster) -> Vec<Violation> {
        let pairs = self.off.iter().chain(&self.on);
        let mut people: Vec<usize> = pairs.clone().map(|&(p, _)| p).collect();
        let mut slots: Vec<usize> = pairs.map(|&(_, s)| s).collect();
        people.sort_unstable();
        people.dedup();
        slots.sort_unstable();
        slots.dedup();
        slots.iter().flat_map(|&s| violations_near(problem, roster, &people, s)).collect()
    }

    /// Applies the change if it keeps every hard rule and improves the
    /// score; true if it was kept.
    fn try_on(&self, problem: &Problem, roster: &mut Roster, best: &mut Score) -> bool {
        let before = self.violations(problem, roster);
        self.apply(roster);
        let after = self.violations(problem, roster);
        let score = Score::of(problem, roster);
        if still_legal(&before, &after) && score.better_than(best) {
            *best = score;
            return true;
        }
        self.undo(roster);
        false
    }
}

/// Improves a roster in place until no move helps or the deadline passes.
/// Returns whether anything changed.
pub fn improve(problem: &Problem, roster: &mut Roster, deadline: Instant) -> bool {
    let mut best = Score::of(problem, roster);
    let mut changed = false;
    let fixed = |p: usize, s: usize| problem.fixed.iter().any(|f| f.person == p && f.slot == s);
    let candidates: Vec<Vec<usize>> = (0..problem.slots.len())
        .map(|s| (0..problem.staff.len()).filter(|&p| !rules::forbidden(problem, p, s)).collect())
        .collect();
    loop {
        let mut improved = false;
        // Fill empty places.
        for (s, slot) in problem.slots.iter().enumerate() {
            if roster.people(s).len() as u32 >= slot.max.unwrap_or(u32::MAX) {
                continue;
            }
            for &b in &candidates[s] {
                if Instant::now() > deadline {
                    return changed;
                }
                if !roster.holds(b, s) && (Change { off: vec![], on: vec![(b, s)] }).try_on(problem, roster, &mut best)
                {
                    improved = true;
                    changed = true;
                    break;
                }
            }
        }
        // Move a slot from one person to another.
        for (s, slot_candidates) in candidates.iter().enumerate() {
            for a in roster.people(s).to_vec() {
                if fixed(a, s) {
                    continue;
                }
                for &b in slot_candidates {
                    if Instant::now() > deadline {
                        return changed;
                    }
                    if b == a || roster.holds(b, s) {
                        continue;
                    }
                    if (Change { off: vec![(a, s)], on: vec![(b, s)] }).try_on(problem, roster, &mut best) {
                        improved = true;
                        changed = true;
                        break;
                    }
                }
            }
        }
        if !improved {
            improved = swap_pass(problem, roster, &mut best, deadline, &fixed);
            changed |= improved;
        }
        if !improved || Instant::now() > deadline {
            return changed;
        }
    }
}

/// Tries every exchange of two people's slots once; true if one helped.
fn swap_pass(
    problem: &Problem,
    roster: &mut Roster,
    best: &mut Score,
    deadline: Instant,
    fixed: &dyn Fn(usize, usize) -> bool,
) -> bool {
    let pairs: Vec<(usize, usize)> = roster.pairs().collect();
    for (i, &(a, s)) in pairs.iter().enumerate() {
        for &(b, t) in &pairs[i + 1..] {
            if Instant::now() > deadline {
                return false;
            }
            if a == b || s == t || fixed(a, s) || fixed(b, t) || roster.holds(a, t) || roster.holds(b, s) {
                continue;
            }
            if rules::forbidden(problem, a, t) || rules::forbidden(problem, b, s) {
                continue;
            }
            let swap = Change { off: vec![(a, s), (b, t)], on: vec![(a, t), (b, s)] };
            if swap.try_on(problem, roster, best) {
                return true;
            }
        }
    }
    false
}
