//! A roster's costs kept up to date through the small changes of a local
//! search, instead of taken again over the whole roster after every move.
//!
//! Each place a change hands on is priced by the costs focused on that
//! person and slot ([`rules::costs_within`]), before and after: by the
//! contract of [`crate::rules::Rule::cost`], that difference is exactly
//! what the whole roster's costs change by. The fairness tiers depend on
//! everyone's burden; the tally keeps every burden in units and takes the
//! largest and the spread from them ([`fairness::add_tiers`], which the
//! rule itself uses too).
//!
//! Why: the first local search and the plateau search price every move
//! they try, and most are rejected. Taking the whole roster's costs (and
//! the hard rules around the move) for each was most of their time.

use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, fairness, Costs, Focus, Tier};

use super::local::Change;

/// A roster's costs and burdens, as they stand after the changes made
/// through [`Tally::apply`].
#[derive(Clone)]
pub(super) struct Tally<'a> {
    costs: Costs,
    /// Every person's burden in units, history included.
    units: Vec<i64>,
    /// The people the fairness tiers count ([`fairness::could_serve`]).
    serving: &'a [usize],
}

impl<'a> Tally<'a> {
    pub(super) fn new(problem: &Problem, roster: &Roster, serving: &'a [usize]) -> Tally<'a> {
        let units = (0..problem.staff.len()).map(|p| fairness::burden_units(problem, roster, p)).collect();
        Tally { costs: rules::costs(problem, roster), units, serving }
    }

    /// The roster's costs, every tier.
    pub(super) fn costs(&self) -> &Costs {
        &self.costs
    }

    /// The burdens in units of the people the fairness tiers count.
    pub(super) fn serving_units(&self) -> impl Iterator<Item = i64> + '_ {
        self.serving.iter().map(|&p| self.units[p])
    }

    /// Makes the change to the roster and to the tally. Returns the costs
    /// before it, which [`Tally::undo`] restores.
    pub(super) fn apply(&mut self, problem: &Problem, roster: &mut Roster, change: &Change) -> Costs {
        let before = self.costs;
        for &(person, slot) in &change.off {
            self.step(problem, roster, person, slot, Roster::unassign);
        }
        for &(person, slot) in &change.on {
            self.step(problem, roster, person, slot, Roster::assign);
        }
        self.refresh(problem, roster, change);
        before
    }

    /// Takes back a change made by [`Tally::apply`], which returned `before`.
    pub(super) fn undo(&mut self, problem: &Problem, roster: &mut Roster, change: &Change, before: Costs) {
        change.undo(roster);
        self.costs = before;
        self.refresh(problem, roster, change);
    }

    /// Hands one place on and adds what that changes in the costs focused
    /// on it.
    fn step(
        &mut self,
        problem: &Problem,
        roster: &mut Roster,
        person: usize,
        slot: usize,
        hand: fn(&mut Roster, usize, usize) -> bool,
    ) {
        let focus = Focus::Pair { person, slot };
        let was = rules::costs_within(problem, roster, focus);
        hand(roster, person, slot);
        let now = rules::costs_within(problem, roster, focus);
        for ((total, now), was) in self.costs.0.iter_mut().zip(now.0).zip(was.0) {
            *total += now - was;
        }
    }

    /// Recounts the burdens of the people the change touched, and the
    /// fairness tiers from everyone's.
    fn refresh(&mut self, problem: &Problem, roster: &Roster, change: &Change) {
        for &(person, _) in change.off.iter().chain(&change.on) {
            self.units[person] = fairness::burden_units(problem, roster, person);
        }
        for tier in [Tier::MaxBurden, Tier::Spread] {
            self.costs.0[tier as usize] = 0.0;
        }
        let units = &self.units;
        fairness::add_tiers(problem, self.serving.iter().map(|&p| units[p]), &mut self.costs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prng::Prng;

    fn tet() -> Problem {
        let text = include_str!("../../rosters/tet-2026-so-khcn.toml");
        crate::input::parse_str(text, "tet-2026-so-khcn.toml").expect("bundled roster")
    }

    fn assert_same(tally: &Costs, whole: &Costs) {
        for tier in Tier::ALL {
            assert!((tally.get(tier) - whole.get(tier)).abs() < 1e-9, "{tier:?}: {tally:?} against {whole:?}");
        }
    }

    /// A random change: a place handed from its holder to someone else, an
    /// empty place filled, a place left, or two people exchanging places.
    fn random_change(problem: &Problem, roster: &Roster, rng: &mut Prng) -> Option<Change> {
        let slot = rng.below(problem.slots.len());
        let person = rng.below(problem.staff.len());
        let holders = roster.people(slot);
        match rng.below(4) {
            0 if !holders.is_empty() && !roster.holds(person, slot) => {
                Some(Change { off: vec![(*rng.pick(holders), slot)], on: vec![(person, slot)] })
            }
            1 if !roster.holds(person, slot) => Some(Change { off: vec![], on: vec![(person, slot)] }),
            2 if !holders.is_empty() => Some(Change { off: vec![(*rng.pick(holders), slot)], on: vec![] }),
            3 => {
                let other = *holders.first()?;
                let theirs = *roster.slots_of(person).first()?;
                let apart = other != person && theirs != slot;
                (apart && !roster.holds(person, slot) && !roster.holds(other, theirs)).then(|| Change {
                    off: vec![(other, slot), (person, theirs)],
                    on: vec![(person, slot), (other, theirs)],
                })
            }
            _ => None,
        }
    }

    #[test]
    fn the_tally_follows_the_whole_rosters_costs_through_changes_kept_and_undone() {
        let mut problem = tet();
        // Wishes, minimums and a fixed place: every tier the tally counts.
        let roster0 = super::super::construct(&problem).roster;
        let (person, slot) = roster0.pairs().next().expect("a place");
        problem.fixed.push(crate::model::Fixed { person, slot });
        problem.staff[1].rules.min_shifts = Some(4);
        let serving = fairness::could_serve(&problem);
        let mut roster = roster0.clone();
        let mut tally = Tally::new(&problem, &roster, &serving);
        let mut rng = Prng::new(3);
        let (mut kept, mut undone) = (0, 0);
        for _ in 0..2000 {
            let Some(change) = random_change(&problem, &roster, &mut rng) else { continue };
            let before = tally.apply(&problem, &mut roster, &change);
            assert_same(tally.costs(), &rules::costs(&problem, &roster));
            if rng.chance(0.5) {
                tally.undo(&problem, &mut roster, &change, before);
                assert_same(tally.costs(), &rules::costs(&problem, &roster));
                undone += 1;
            } else {
                kept += 1;
            }
        }
        assert!(kept > 300 && undone > 300, "{kept} kept, {undone} undone");
        let units: Vec<i64> = serving.iter().map(|&p| fairness::burden_units(&problem, &roster, p)).collect();
        assert_eq!(tally.serving_units().collect::<Vec<_>>(), units);
        let max_burden = tally.costs().get(Tier::MaxBurden);
        assert!(max_burden > 0.0, "the fairness tiers are counted: {max_burden}");
    }
}
