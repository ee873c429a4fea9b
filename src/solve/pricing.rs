//! Column generation over the pool (Dantzig–Wolfe): the master LP is the
//! stage's model with each person's x a convex mix of their schedules in
//! the pool ([`Pool::columns`]); its duals price every slot for its person,
//! and the walk of [`super::person`] finds the person's cheapest schedule
//! at those prices. A schedule whose price is below the person's share (the
//! dual of their convexity row) would lower the master LP: it joins the
//! pool, and the master.
//!
//! The compact model's relaxation shares out fractions of single places,
//! which the rules on runs of duty and rest barely limit: on Curtois–Qu
//! Instance5 it is 15 against the best known 1143. A mix of whole legal
//! schedules is far tighter, and the schedules it mixes are the pieces of
//! good rosters that no single walk settles in: the pool's re-solves may
//! choose them ([`Pool::set_mixed`]), a price-and-branch heuristic.
//!
//! Two masters: with HiGHS, the master itself, whose duals HiGHS reports
//! (the `highs` module); with microlp, which reports none, the master's
//! dual LP, whose optimum is the duals ([`dual`]).
//!
//! The walk is cut by a node budget, and prices only the limits it knows,
//! so the master LP is no proven bound; the rows of the model stay in the
//! master, so a schedule that breaks a rule the walk does not know is
//! never chosen.

pub(super) mod dual;
#[cfg(feature = "highs")]
pub(super) mod highs;

use std::collections::HashMap;
use std::time::Instant;

use super::person::Search;
use super::pool::Pool;
use crate::roster::Roster;

/// The walks' best schedules per person that a master LP holds, beside
/// every priced one.
const WALKED: usize = 16;

/// A master LP over the pool's schedules, as the pricing sees it.
pub(super) trait Master {
    /// Share of its time the pricing may take; the rest is left to find
    /// the mix of the last master ([`Master::mixed`]).
    const PRICING_SHARE: f64 = 1.0;

    /// Solves the master within `seconds`; false when it is not solved to
    /// optimality.
    fn solve(&mut self, seconds: f64) -> bool;

    /// The dual of the person's share row and the worth of each slot they
    /// may hold, at the last optimum; None for someone not in the master.
    fn prices(&self, person: usize) -> Option<&(f64, HashMap<usize, f64>)>;

    /// Adds schedules (slots in order) of people, all at once; false when
    /// the master would not take them.
    fn add(&mut self, schedules: Vec<(usize, Vec<usize>)>) -> bool;

    /// The schedules the last optimum mixes, per person, found by `until`.
    fn mixed(&mut self, until: Instant) -> HashMap<usize, Vec<Vec<usize>>>;

    /// What a schedule of `person` would lower the master by, per unit
    /// (its negated reduced cost); None for someone not in the master.
    fn gain(&self, person: usize, schedule: &[usize]) -> Option<f64> {
        let (share, worth) = self.prices(person)?;
        Some(share - schedule.iter().map(|s| worth.get(s).copied().unwrap_or(0.0)).sum::<f64>())
    }
}

/// One round of pricing: each movable person's cheapest schedule at the
/// master's prices, kept in the pool and added to the master when it would
/// lower the master. How many schedules joined; the pricing stops at
/// `deadline`.
pub(super) fn price(master: &mut impl Master, search: &mut Search, incumbent: &Roster, deadline: Instant) -> usize {
    let mut found = Vec::new();
    // One copy for every person: each is taken off it and put back.
    let mut roster = incumbent.clone();
    for &person in search.movable() {
        if Instant::now() >= deadline {
            break;
        }
        let Some((share, worth)) = master.prices(person) else { continue };
        let price = |slot: usize| worth.get(&slot).copied().unwrap_or(0.0);
        if let Some(schedule) = search.cheapest_at(&mut roster, person, price, share - 1e-6) {
            found.push((person, schedule));
        }
    }
    found.retain(|(person, schedule)| search.pool.add_priced(*person, schedule.clone()));
    let joined = found.len();
    if master.add(found) {
        joined
    } else {
        0
    }
}

/// Rounds of pricing until most of the time to `until` is spent, until no
/// schedule would lower the master, or until `halted`; the schedules the
/// last master mixes are the re-solves' to choose. False when not even
/// the first master was solved in time.
pub(super) fn generate<M: Master>(
    master: &mut M,
    search: &mut Search,
    incumbent: &Roster,
    until: Instant,
    halted: &dyn Fn() -> bool,
) -> bool {
    let mut rounds = 0;
    let mixed_by = until;
    let until = Instant::now() + until.saturating_duration_since(Instant::now()).mul_f64(M::PRICING_SHARE);
    while !halted() {
        let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
        if seconds < 0.01 || !master.solve(seconds) {
            break;
        }
        rounds += 1;
        if price(master, search, incumbent, until) == 0 {
            break;
        }
    }
    if rounds > 0 {
        let mixed = master.mixed(mixed_by);
        search.pool.set_mixed(mixed);
    }
    rounds > 0
}

/// The schedules a master holds for `person` at first: their [`WALKED`]
/// best from the walks, every priced one, and `incumbent`'s own.
fn first_columns(pool: &Pool, person: usize, incumbent: &Roster) -> Vec<Vec<usize>> {
    let own = incumbent.slots_of(person);
    let mut schedules: Vec<Vec<usize>> = pool.columns(person, WALKED).into_iter().map(<[usize]>::to_vec).collect();
    if !schedules.iter().any(|s| s == own) {
        schedules.push(own.to_vec());
    }
    schedules
}

#[cfg(test)]
pub(super) mod tests {
    use good_lp::{Constraint, Expression};

    use crate::model::Problem;
    use crate::roster::Roster;
    use crate::rules::{self, MilpModel, Tier};

    /// The soft-cover stage of `problem`, as the pricing meets it: the
    /// tier's objective and constant, a legal start, and the earlier
    /// tier's row as the stage before would leave it.
    pub(in crate::solve) fn soft_cover_stage(
        problem: &Problem,
        model: &MilpModel<'_>,
    ) -> (Expression, f64, Roster, [Constraint; 1]) {
        let tier = Tier::SoftCover;
        let mut start = crate::solve::construct(problem).roster;
        crate::solve::legalize(problem, &mut start);
        let short = rules::costs(problem, &start).get(Tier::Broken);
        let broken =
            [(model.tiers[Tier::Broken as usize].clone() + model.tier_constants[Tier::Broken as usize]).leq(short)];
        (model.tiers[tier as usize].clone(), model.tier_constants[tier as usize], start, broken)
    }
}
