//! One person's best schedule with everyone else's kept, and a search built
//! on it (ruin and recreate).
//!
//! With the others fixed, what one person's schedule adds to the cover and
//! wish tiers is a sum over their slots: a soft-cover place is priced by how
//! many people hold it, a wish by whether its slot is worked. So each slot
//! the person may hold gets a price (the change in the tiers when the person
//! takes it alone), and the best schedule is the cheapest sequence of days
//! that keeps the person's limits: a depth-first search over the days,
//! cheapest option first, cut by a bound (the price so far plus the most
//! negative prices the days left can still hold within the person's
//! remaining hours and shifts).
//!
//! The walk knows the shape of the per-person limits (runs of duty and of
//! rest, hours, shifts, weekends) to cut early; which pairs of slots on
//! consecutive days go together it asks the rules ([`rules::allows`]). The
//! rules' own checks have the last word: a schedule is kept only when the
//! whole roster breaks no hard rule and no tier up to the stage's got worse,
//! so a limit the walk does not know costs a move, never a wrong roster.
//!
//! This is the move the exact re-solves lack on the Curtois–Qu rosters,
//! whose minimum runs and hours leave single-place moves no room and whose
//! LP relaxation is too weak for microlp to re-solve three people in time:
//! a whole schedule, priced exactly, in a few milliseconds. A slot's price
//! comes from the costs focused on that person and slot
//! ([`rules::costs_within`]), not from the whole roster's.
//!
//! The walks keep every schedule they move to in a [`Pool`]; the stage
//! then picks the best mix of them exactly (`StageModel::search_whole_schedules`
//! in `milp/schedules.rs`).

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::OnceLock;
use std::time::Instant;

use chrono::NaiveDate;

use super::pool::Pool;
use crate::model::Problem;
use crate::prng::Prng;
use crate::roster::Roster;
use crate::rules::{self, Costs, Focus, MilpModel, Tier};

/// Nodes one person's walk may visit.
const NODES: usize = 100_000;
/// A place of an earlier tier outweighs any price in the stage's tier.
const EARLIER: f64 = 1e7;
/// People taken off at once by one ruin, at most.
const RUIN_MOST: usize = 4;
/// Ruins without a better roster after which a walk starts again.
const STALL: usize = 3000;
/// Mixed into the seed, so that this search's choices differ from others'.
const RANDOM: u64 = 0x0005_eed0_f9e7_5014;
/// How much a recreate shakes the prices, in the smallest price's units.
const SHAKE: f64 = 5.0;

/// Whether the search can price this tier: its cost, and every earlier
/// tier's but the minimums (which the walk keeps as limits), is a sum over
/// single places and wishes.
pub(super) fn prices(tier: Tier) -> bool {
    matches!(tier, Tier::Unfilled | Tier::Changes | Tier::SoftCover)
}

/// The tiers a slot's price is made of, with their weights.
fn weigh(costs: &Costs, tier: Tier) -> f64 {
    [Tier::Unfilled, Tier::Changes, Tier::SoftCover]
        .into_iter()
        .filter(|t| *t <= tier)
        .map(|t| costs.get(t) * if t == tier { 1.0 } else { EARLIER })
        .sum()
}

/// Whole-schedule moves on `tier` until a deadline or the `bound`, on
/// every core: each person's best response in turn, then ruin (a few
/// people, or everyone over a few days, taken off) and recreate (each put
/// back at their best, the prices shaken), kept when no worse. A walk that
/// has found nothing better for [`STALL`] rounds ends, and the next starts
/// again with other random choices: on Curtois–Qu Instance2 a walk either
/// finds the optimum within about 2 s or settles one empty place above it,
/// so many short walks beat one long one. Every schedule of every roster a
/// walk moves to goes into [`Search::pool`].
pub(super) struct Search<'a, 'm> {
    model: &'a MilpModel<'m>,
    tier: Tier,
    deadline: Instant,
    bound: Option<f64>,
    movable: Vec<usize>,
    /// Shared by the cores, kept from walk to walk.
    apart: Apart,
    /// Each core's walk in progress and random numbers.
    walks: Vec<(Option<WalkState>, Prng)>,
    /// Set from outside to end every walk at once ([`Search::alongside`]).
    halt: Option<&'a AtomicBool>,
    pub pool: Pool,
}

impl<'a, 'm> Search<'a, 'm> {
    /// None when the search cannot price the tier or has fewer than two
    /// people to move.
    pub fn new(model: &'a MilpModel<'m>, tier: Tier, deadline: Instant, bound: Option<f64>, seed: u64) -> Option<Self> {
        let problem = model.problem;
        let movable: Vec<usize> = model
            .people_who_could_serve()
            .into_iter()
            .filter(|&p| !problem.fixed.iter().any(|f| f.person == p))
            .collect();
        if !prices(tier) || movable.len() < 2 {
            return None;
        }
        let threads = super::cores() as u64;
        let walks = (0..threads).map(|t| (None, Prng::new(seed ^ RANDOM ^ (t << 32)))).collect();
        Some(Search {
            model,
            tier,
            deadline,
            bound,
            movable,
            apart: Apart::new(problem),
            walks,
            halt: None,
            pool: Pool::default(),
        })
    }

    /// The search on one core, beside another solve on the other, ending
    /// its walks as soon as `halt` is set.
    pub fn alongside(mut self, halt: &'a AtomicBool) -> Self {
        self.walks.truncate(1);
        self.halt = Some(halt);
        self
    }

    /// Ends every walk in progress: the next call of [`Search::walk`]
    /// starts each core's walk afresh from its `start`.
    pub fn restart(&mut self) {
        for (state, _) in &mut self.walks {
            *state = None;
        }
    }

    /// Adds each movable person's schedule in `roster`, found elsewhere,
    /// to the pool.
    pub fn meet(&mut self, roster: &Roster) {
        let cost = rules::costs(self.model.problem, roster).get(self.tier);
        for &p in &self.movable {
            self.pool.add(roster, p, cost);
        }
    }

    /// The people whose schedules the search moves.
    pub fn movable(&self) -> &[usize] {
        &self.movable
    }

    /// The person's cheapest schedule when every slot costs what `price`
    /// says, if the walk finds one below `limit`: the pricing of column
    /// generation ([`super::pricing`]). The slots are those the rules allow
    /// the person with everyone else as in `roster`, which is handed back
    /// as it came (the person is taken off only while the walk is priced).
    pub fn cheapest_at(
        &self,
        roster: &mut Roster,
        person: usize,
        price: impl Fn(usize) -> f64,
        limit: f64,
    ) -> Option<Vec<usize>> {
        let held = roster.slots_of(person).to_vec();
        for &s in &held {
            roster.unassign(person, s);
        }
        let walk = Walk::priced(self.model, roster, person, self.deadline, &self.apart, |_, slot| price(slot));
        for &s in &held {
            roster.assign(person, s);
        }
        walk.best(limit)
    }

    /// Every core walks from where its last call left off (a new walk from
    /// `start` when that one ended) until `until`; the best roster found
    /// replaces `incumbent` when it is better. True when it did.
    pub fn walk(&mut self, start: &Roster, incumbent: &mut Roster, until: Instant) -> bool {
        let (model, tier) = (self.model, self.tier);
        let start_costs = rules::costs(model.problem, start);
        let done = AtomicBool::new(false);
        let deadline = until.min(self.deadline);
        let (movable, bound, apart, halt) = (&self.movable, self.bound, &self.apart, self.halt);
        let found: Vec<(Roster, Costs, Pool)> = std::thread::scope(|scope| {
            let walks: Vec<_> = self
                .walks
                .iter_mut()
                .map(|(state, rng)| {
                    let done = &done;
                    scope.spawn(move || {
                        let walker = Walker { model, movable, tier, deadline, bound, done, halt, apart };
                        walker.advance(state, rng, start, start_costs)
                    })
                })
                .collect();
            walks.into_iter().filter_map(|w| w.join().ok()).collect()
        });
        let mut improved = false;
        let mut best = rules::costs(model.problem, incumbent);
        for (roster, costs, met) in found {
            self.pool.merge(met);
            if costs.compare_up_to(&best, tier) == Ordering::Less {
                best = costs;
                *incumbent = roster;
                improved = true;
            }
        }
        improved
    }
}

/// A walk in progress, kept from one call of [`Search::walk`] to the next.
struct WalkState {
    roster: Roster,
    current: Costs,
    /// The best this walk has reached.
    best: Costs,
    /// Rounds since it last reached a better roster.
    stalled: usize,
}

/// What every walk of one search shares.
struct Walker<'a, 'm> {
    model: &'a MilpModel<'m>,
    movable: &'a [usize],
    tier: Tier,
    deadline: Instant,
    bound: Option<f64>,
    /// Set by the walk that reaches the bound.
    done: &'a AtomicBool,
    /// Set from outside the search.
    halt: Option<&'a AtomicBool>,
    apart: &'a Apart,
}

impl Walker<'_, '_> {
    /// Walks on from `state` until the deadline, starting a new walk from
    /// `start` whenever one ends ([`STALL`]); the best roster seen, and the
    /// schedules of every roster a walk moved to.
    fn advance(
        &self,
        state: &mut Option<WalkState>,
        rng: &mut Prng,
        start: &Roster,
        start_costs: Costs,
    ) -> (Roster, Costs, Pool) {
        let tier = self.tier;
        let at_bound = |c: &Costs| self.bound.is_some_and(|b| c.get(tier) <= b + 1e-9);
        let over = || {
            Instant::now() >= self.deadline
                || self.done.load(AtomicOrdering::Relaxed)
                || self.halt.is_some_and(|h| h.load(AtomicOrdering::Relaxed))
        };
        let mut best = match state {
            Some(w) => (w.roster.clone(), w.current),
            None => (start.clone(), start_costs),
        };
        let mut pool = Pool::default();
        let keep = |pool: &mut Pool, roster: &Roster, costs: &Costs| {
            for &p in self.movable {
                pool.add(roster, p, costs.get(tier));
            }
        };
        while !over() {
            let w = state.get_or_insert_with(|| {
                let mut roster = start.clone();
                let mut current = start_costs;
                self.descend(&mut roster, &mut current, self.movable, rng);
                keep(&mut pool, &roster, &current);
                WalkState { roster, current, best: current, stalled: 0 }
            });
            if w.current.compare_up_to(&best.1, tier) == Ordering::Less {
                best = (w.roster.clone(), w.current);
            }
            while w.stalled < STALL && !over() {
                w.stalled += 1;
                let saved = (w.roster.clone(), w.current);
                if !self.ruin_and_recreate(&mut w.roster, &mut w.current, rng)
                    || w.current.compare_up_to(&saved.1, tier) == Ordering::Greater
                {
                    (w.roster, w.current) = saved;
                    continue;
                }
                if w.current.compare_up_to(&saved.1, tier) == Ordering::Less {
                    self.descend(&mut w.roster, &mut w.current, self.movable, rng);
                }
                keep(&mut pool, &w.roster, &w.current);
                if w.current.compare_up_to(&w.best, tier) == Ordering::Less {
                    w.best = w.current;
                    w.stalled = 0;
                }
                if w.current.compare_up_to(&best.1, tier) == Ordering::Less {
                    best = (w.roster.clone(), w.current);
                    if at_bound(&w.current) {
                        self.done.store(true, AtomicOrdering::Relaxed);
                    }
                }
            }
            if w.stalled >= STALL {
                *state = None;
            }
        }
        (best.0, best.1, pool)
    }

    /// One ruin and recreate; false when the recreate found no legal roster
    /// (the caller puts the old one back).
    fn ruin_and_recreate(&self, roster: &mut Roster, costs: &mut Costs, rng: &mut Prng) -> bool {
        let problem = self.model.problem;
        let (ruined, window) = if rng.chance(0.5) {
            let days = problem.days.len();
            let width = (2 + rng.below(5)).min(days);
            let first = rng.below(days - width + 1);
            (self.movable.to_vec(), Some(first..first + width))
        } else {
            let k = 2 + rng.below(RUIN_MOST - 1);
            (ruin_set(problem, roster, self.movable, k, rng), None)
        };
        if !self.recreate(roster, &ruined, window, rng) {
            return false;
        }
        let before_broken = costs.get(Tier::Broken);
        *costs = rules::costs(problem, roster);
        self.descend(roster, costs, &ruined, rng);
        costs.get(Tier::Broken) <= before_broken + 1e-9 && super::illegal(problem, roster).is_empty()
    }

    /// Each person's best response in turn, until a whole round finds nothing.
    fn descend(&self, roster: &mut Roster, costs: &mut Costs, people: &[usize], rng: &mut Prng) {
        let mut order = people.to_vec();
        loop {
            rng.shuffle(&mut order);
            let mut moved = false;
            for &p in &order {
                if Instant::now() >= self.deadline {
                    return;
                }
                moved |= self.improve(roster, costs, p);
            }
            if !moved {
                return;
            }
        }
    }

    /// Takes the people off (within `window` only, when given) and puts each
    /// back at their best schedule, in a random order, the prices shaken so
    /// that a recreate does not rebuild what it took apart; false when someone
    /// has no schedule the walk finds.
    fn recreate(
        &self,
        roster: &mut Roster,
        people: &[usize],
        window: Option<std::ops::Range<usize>>,
        rng: &mut Prng,
    ) -> bool {
        let problem = self.model.problem;
        let before: Vec<Vec<usize>> = people.iter().map(|&p| roster.slots_of(p).to_vec()).collect();
        for (&p, slots) in people.iter().zip(&before) {
            for &s in slots {
                if window.as_ref().is_none_or(|w| w.contains(&problem.slots[s].day)) {
                    roster.unassign(p, s);
                }
            }
        }
        let mut order: Vec<usize> = (0..people.len()).collect();
        rng.shuffle(&mut order);
        for i in order {
            let p = people[i];
            if Instant::now() >= self.deadline {
                return false;
            }
            for s in roster.slots_of(p).to_vec() {
                roster.unassign(p, s);
            }
            let mut walk = Walk::new(self.model, roster, p, self.tier, self.deadline, self.apart);
            if let Some(w) = &window {
                walk.keep_outside(problem, w.clone(), &before[i]);
            }
            walk.shake(rng);
            let Some(schedule) = walk.best(f64::INFINITY) else { return false };
            for s in schedule {
                roster.assign(p, s);
            }
        }
        true
    }

    /// Replaces one person's schedule by their best one when the rules agree
    /// it is better; true when it did.
    fn improve(&self, roster: &mut Roster, costs: &mut Costs, person: usize) -> bool {
        let (problem, tier) = (self.model.problem, self.tier);
        let current: Vec<usize> = roster.slots_of(person).to_vec();
        for &s in &current {
            roster.unassign(person, s);
        }
        let walk = Walk::new(self.model, roster, person, tier, self.deadline, self.apart);
        let price_now = walk.price_of(&current);
        let found = price_now.and_then(|limit| walk.best(limit - 1e-6));
        let put_back = |roster: &mut Roster, slots: &[usize]| {
            for &s in slots {
                roster.assign(person, s);
            }
        };
        let Some(schedule) = found else {
            put_back(roster, &current);
            return false;
        };
        put_back(roster, &schedule);
        let after = rules::costs(problem, roster);
        let kept = after.compare_up_to(costs, tier) == Ordering::Less
            && after.get(Tier::Broken) <= costs.get(Tier::Broken) + 1e-9
            && super::illegal(problem, roster).is_empty();
        if kept {
            *costs = after;
        } else {
            for &s in &schedule {
                roster.unassign(person, s);
            }
            put_back(roster, &current);
        }
        kept
    }
}

/// People to take off together: one at random and, half the time, others
/// at random, else those who share the most days with them, so the
/// recreate can trade places among them.
fn ruin_set(problem: &Problem, roster: &Roster, movable: &[usize], k: usize, rng: &mut Prng) -> Vec<usize> {
    let first = *rng.pick(movable);
    if rng.chance(0.5) {
        let mut set = vec![first];
        for i in rng.sample(movable.len(), k) {
            if set.len() < k && movable[i] != first {
                set.push(movable[i]);
            }
        }
        return set;
    }
    let days = |p: usize| -> HashSet<usize> { roster.slots_of(p).iter().map(|&s| problem.slots[s].day).collect() };
    let mine = days(first);
    let mut others: Vec<(usize, u64, usize)> = movable
        .iter()
        .filter(|&&p| p != first)
        .map(|&p| (days(p).intersection(&mine).count(), rng.next_u64(), p))
        .collect();
    others.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    std::iter::once(first).chain(others.into_iter().take(k - 1).map(|o| o.2)).collect()
}

/// Which slots on consecutive days each person may not hold together (a
/// late before an early, too little rest), asked of the rules once per
/// person and search: it depends on the person's own rules, and asking
/// was most of the time spent pricing a walk.
pub(super) struct Apart(Vec<OnceLock<HashSet<(usize, usize)>>>);

impl Apart {
    pub(super) fn new(problem: &Problem) -> Apart {
        Apart((0..problem.staff.len()).map(|_| OnceLock::new()).collect())
    }

    /// The person's pairs, asked on `roster`, which must not hold the
    /// person. A pair counts only when the rules allow its second slot
    /// alone: what forbids a slot outright may change with the others.
    fn of(&self, model: &MilpModel<'_>, roster: &mut Roster, person: usize) -> &HashSet<(usize, usize)> {
        self.0[person].get_or_init(|| {
            let problem = model.problem;
            let mut by_day: Vec<Vec<usize>> = vec![Vec::new(); problem.days.len()];
            for &(slot, _) in model.person_vars(person) {
                if rules::allows(problem, roster, person, slot) {
                    by_day[problem.slots[slot].day].push(slot);
                }
            }
            let mut apart = HashSet::new();
            for d in 1..by_day.len() {
                for &a in &by_day[d - 1] {
                    roster.assign(person, a);
                    for &b in &by_day[d] {
                        if !rules::allows(problem, roster, person, b) {
                            apart.insert((a, b));
                        }
                    }
                    roster.unassign(person, a);
                }
            }
            apart
        })
    }
}

/// One slot the person may take, priced.
#[derive(Clone, Copy)]
struct Choice {
    slot: usize,
    price: f64,
    hours: f64,
    /// Index of the shift's own limit in [`Limits::per_shift`].
    limited_shift: Option<usize>,
    weekend: Option<NaiveDate>,
}

/// The person's limits as the walk keeps them.
struct Limits {
    max_run: usize,
    min_run: usize,
    min_off: usize,
    max_hours: f64,
    min_hours: f64,
    max_shifts: usize,
    min_shifts: usize,
    max_weekends: usize,
    per_shift: Vec<(String, usize)>,
}

impl Limits {
    fn of(problem: &Problem, person: usize) -> Limits {
        let r = &problem.staff[person].rules;
        let as_usize = |v: Option<u32>, none: usize| v.map_or(none, |v| v as usize);
        Limits {
            max_run: as_usize(r.max_consecutive_days, usize::MAX),
            min_run: as_usize(r.min_consecutive_days, 0),
            min_off: as_usize(r.min_days_off, 0),
            max_hours: r.max_hours.unwrap_or(f64::INFINITY),
            min_hours: r.min_hours.unwrap_or(0.0),
            max_shifts: as_usize(r.max_shifts, usize::MAX),
            min_shifts: as_usize(r.min_shifts, 0),
            max_weekends: as_usize(r.max_weekends, usize::MAX),
            per_shift: r.max_per_shift.iter().map(|(name, &max)| (name.clone(), max as usize)).collect(),
        }
    }

    /// The most days `days` in a row can hold within the runs of duty and
    /// of rest: runs of the longest, each followed by the shortest rest. An
    /// upper bound from any state (a run or a rest in progress only lowers
    /// it), so a walk that cannot reach its minimums within it stops there.
    fn most_days_in(&self, days: usize) -> usize {
        if self.max_run == usize::MAX || self.min_off == 0 {
            return days;
        }
        let cycle = self.max_run + self.min_off;
        self.max_run * (days / cycle) + self.max_run.min(days % cycle)
    }
}

/// Where the walk stands after some days.
#[derive(Clone)]
struct State {
    day: usize,
    /// The slot taken the day before, if any.
    previous: Option<usize>,
    /// Days on duty in a row up to yesterday, and whether that run began
    /// on the first day (which the minimum run leaves alone).
    run: usize,
    run_from_first_day: bool,
    /// Days off in a row up to yesterday after some duty.
    off: usize,
    worked: bool,
    hours: f64,
    shifts: usize,
    per_shift: Vec<usize>,
    weekends: usize,
    last_weekend: Option<NaiveDate>,
    price: f64,
}

/// The depth-first search for one person's cheapest schedule.
pub(super) struct Walk<'a> {
    /// By day, the slots the person may take, cheapest first.
    days: Vec<Vec<Choice>>,
    /// (slot, slot on the next day) pairs the rules forbid together.
    apart: &'a HashSet<(usize, usize)>,
    limits: Limits,
    /// `gains[d][k]`: the sum of the k most negative day prices from day d.
    gains: Vec<Vec<f64>>,
    /// `reach[d]`: what the days from d on can still add, so that a walk
    /// short of the person's minimums stops as soon as the days left cannot
    /// make them up.
    reach: Vec<Reach>,
    least_hours: f64,
    longest_hours: f64,
    /// Days the person must work (the walk may not take them off).
    must_work: Vec<bool>,
    /// Price of each slot the person may take (others: None).
    price: Vec<Option<f64>>,
    deadline: Instant,
}

impl<'a> Walk<'a> {
    /// Prices the person's slots on `roster`, which must not hold them.
    pub(super) fn new(
        model: &MilpModel<'_>,
        roster: &mut Roster,
        person: usize,
        tier: Tier,
        deadline: Instant,
        apart: &'a Apart,
    ) -> Walk<'a> {
        let problem = model.problem;
        Walk::priced(model, roster, person, deadline, apart, |roster, slot| {
            // Only what concerns this person or this slot changes.
            let focus = Focus::Pair { person, slot };
            let before = weigh(&rules::costs_within(problem, roster, focus), tier);
            roster.assign(person, slot);
            let p = weigh(&rules::costs_within(problem, roster, focus), tier) - before;
            roster.unassign(person, slot);
            p
        })
    }

    /// A walk over the slots the rules allow the person on `roster` (which
    /// must not hold them), each at the price `price_of` gives it.
    fn priced(
        model: &MilpModel<'_>,
        roster: &mut Roster,
        person: usize,
        deadline: Instant,
        apart: &'a Apart,
        mut price_of: impl FnMut(&mut Roster, usize) -> f64,
    ) -> Walk<'a> {
        let problem = model.problem;
        let limits = Limits::of(problem, person);
        let mut days: Vec<Vec<Choice>> = vec![Vec::new(); problem.days.len()];
        let mut price = vec![None; problem.slots.len()];
        for &(slot, _) in model.person_vars(person) {
            if !rules::allows(problem, roster, person, slot) {
                continue;
            }
            let p = price_of(roster, slot);
            price[slot] = Some(p);
            let s = &problem.slots[slot];
            let name = &problem.shift(s).name;
            days[s.day].push(Choice {
                slot,
                price: p,
                hours: s.hours,
                limited_shift: limits.per_shift.iter().position(|(n, _)| n == name),
                weekend: Problem::weekend_of(s.date),
            });
        }
        for day in &mut days {
            day.sort_by(|a, b| a.price.total_cmp(&b.price).then(a.slot.cmp(&b.slot)));
        }
        let apart = apart.of(model, roster, person);
        let gains = gains(&days);
        let reach = reach(&days);
        let least_hours = days.iter().flatten().map(|c| c.hours).fold(f64::INFINITY, f64::min);
        let longest_hours = days.iter().flatten().map(|c| c.hours).fold(0.0, f64::max);
        let must_work = vec![false; days.len()];
        Walk { days, apart, limits, gains, reach, least_hours, longest_hours, price, must_work, deadline }
    }

    /// Leaves the walk free only within `window`: on the other days the
    /// person keeps what `schedule` gives them.
    fn keep_outside(&mut self, problem: &Problem, window: std::ops::Range<usize>, schedule: &[usize]) {
        for (d, day) in self.days.iter_mut().enumerate() {
            if window.contains(&d) {
                continue;
            }
            let kept = schedule.iter().find(|&&s| problem.slots[s].day == d);
            day.retain(|c| Some(&c.slot) == kept);
            self.must_work[d] = kept.is_some();
        }
        self.gains = gains(&self.days);
        self.reach = reach(&self.days);
    }

    /// Adds random noise, of a random strength up to [`SHAKE`] times the
    /// smallest price, to every price, for a recreate that does not rebuild the same schedules
    /// every time.
    fn shake(&mut self, rng: &mut Prng) {
        let unit =
            self.days.iter().flatten().map(|c| c.price.abs()).filter(|&p| p > 1e-9).fold(f64::INFINITY, f64::min);
        if !unit.is_finite() {
            return;
        }
        // A new strength each time: some recreates stay close to the
        // prices, others wander.
        let amount = SHAKE * unit * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        for day in &mut self.days {
            for c in day.iter_mut() {
                c.price += amount * (2.0 * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 - 1.0);
            }
            day.sort_by(|a, b| a.price.total_cmp(&b.price).then(a.slot.cmp(&b.slot)));
        }
        self.gains = gains(&self.days);
    }

    /// The same walk with every price lowered by `by`: by more than the
    /// prices' own spread, every place is cheaper than a day off, and the
    /// walk works wherever its limits allow, the cheapest place first.
    pub(super) fn lowered(mut self, by: f64) -> Walk<'a> {
        for choice in self.days.iter_mut().flatten() {
            choice.price -= by;
        }
        for price in self.price.iter_mut().flatten() {
            *price -= by;
        }
        self.gains = gains(&self.days);
        self
    }

    /// The price of a schedule; None when a slot of it is not one the walk
    /// may take.
    fn price_of(&self, schedule: &[usize]) -> Option<f64> {
        schedule.iter().map(|&s| self.price[s]).sum()
    }

    /// The cheapest schedule priced below `limit`, if the walk finds one.
    pub(super) fn best(&self, limit: f64) -> Option<Vec<usize>> {
        let mut run = Run { walk: self, chosen: Vec::new(), best: None, limit, nodes: NODES };
        let start = State {
            day: 0,
            previous: None,
            run: 0,
            run_from_first_day: false,
            off: 0,
            worked: false,
            hours: 0.0,
            shifts: 0,
            per_shift: vec![0; self.limits.per_shift.len()],
            weekends: 0,
            last_weekend: None,
            price: 0.0,
        };
        run.visit(start);
        run.best
    }
}

struct Run<'w, 'a> {
    walk: &'w Walk<'a>,
    chosen: Vec<usize>,
    best: Option<Vec<usize>>,
    /// Only schedules priced below this are wanted.
    limit: f64,
    nodes: usize,
}

impl Run<'_, '_> {
    /// False when the budget or the time ran out.
    fn visit(&mut self, state: State) -> bool {
        if self.nodes == 0 || (self.nodes.is_multiple_of(4096) && Instant::now() >= self.walk.deadline) {
            return false;
        }
        self.nodes -= 1;
        let w = self.walk;
        let l = &w.limits;
        if state.day == w.days.len() {
            if state.hours + 1e-9 >= l.min_hours && state.shifts >= l.min_shifts && state.price < self.limit {
                self.limit = state.price;
                self.best = Some(self.chosen.clone());
            }
            return true;
        }
        let reach = &w.reach[state.day];
        // The weekend under way may have been counted already: one more.
        let weekends_left = l.max_weekends.saturating_sub(state.weekends).saturating_add(1);
        let more_days = reach
            .days
            .min(l.most_days_in(w.days.len() - state.day))
            .min(reach.weekdays + 2 * reach.weekends.min(weekends_left));
        let more_hours = reach.hours.min(more_days as f64 * w.longest_hours);
        if state.hours + more_hours + 1e-9 < l.min_hours || state.shifts + more_days < l.min_shifts {
            return true;
        }
        let more_shifts = l.max_shifts - state.shifts;
        let more_by_hours = if w.least_hours > 0.0 {
            ((l.max_hours - state.hours) / w.least_hours + 1e-9).floor().max(0.0) as usize
        } else {
            usize::MAX
        };
        let gains = &w.gains[state.day];
        let bound = state.price + gains[more_shifts.min(more_by_hours).min(gains.len() - 1)];
        if bound >= self.limit {
            return true;
        }
        let off_price = 0.0;
        let short_run = (state.run > 0 && !state.run_from_first_day && state.run < l.min_run) || w.must_work[state.day];
        let mut off_tried = false;
        for choice in &w.days[state.day] {
            if !off_tried && off_price <= choice.price {
                off_tried = true;
                if !short_run && !self.off(&state) {
                    return false;
                }
            }
            if !self.take(&state, choice) {
                return false;
            }
        }
        if !off_tried && !short_run && !self.off(&state) {
            return false;
        }
        true
    }

    fn off(&mut self, state: &State) -> bool {
        let mut next = state.clone();
        next.day += 1;
        next.previous = None;
        next.run = 0;
        next.run_from_first_day = false;
        if state.worked {
            next.off += 1;
        }
        self.visit(next)
    }

    fn take(&mut self, state: &State, c: &Choice) -> bool {
        let l = &self.walk.limits;
        let too_little_rest = state.run == 0 && state.worked && state.off < l.min_off;
        let new_weekend = c.weekend.is_some() && c.weekend != state.last_weekend;
        if state.run + 1 > l.max_run
            || too_little_rest
            || state.shifts + 1 > l.max_shifts
            || state.hours + c.hours > l.max_hours + 1e-9
            || (new_weekend && state.weekends + 1 > l.max_weekends)
            || c.limited_shift.is_some_and(|i| state.per_shift[i] + 1 > l.per_shift[i].1)
            || state.previous.is_some_and(|p| self.walk.apart.contains(&(p, c.slot)))
        {
            return true;
        }
        let mut next = state.clone();
        next.day += 1;
        next.previous = Some(c.slot);
        next.run_from_first_day = if state.run == 0 { state.day == 0 } else { state.run_from_first_day };
        next.run += 1;
        next.off = 0;
        next.worked = true;
        next.hours += c.hours;
        next.shifts += 1;
        if let Some(i) = c.limited_shift {
            next.per_shift[i] += 1;
        }
        if new_weekend {
            next.weekends += 1;
            next.last_weekend = c.weekend;
        }
        next.price += c.price;
        self.chosen.push(c.slot);
        let more = self.visit(next);
        self.chosen.pop();
        more
    }
}

/// What the days from some day on can add to a schedule, at most.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    /// The hours of each day's longest choice, summed.
    hours: f64,
    /// Days with a choice.
    days: usize,
    /// Days with a choice outside weekends.
    weekdays: usize,
    /// Weekends with a choice (of at most two days each).
    weekends: usize,
}

/// `reach[d]`: what the days from d on can add ([`Reach`]).
fn reach(days: &[Vec<Choice>]) -> Vec<Reach> {
    let mut reach = vec![Reach::default(); days.len() + 1];
    let mut later_weekend = None;
    for d in (0..days.len()).rev() {
        let mut r = reach[d + 1];
        if let Some(longest) = days[d].iter().map(|c| c.hours).reduce(f64::max) {
            r.hours += longest;
            r.days += 1;
            match days[d][0].weekend {
                None => r.weekdays += 1,
                Some(w) if later_weekend != Some(w) => {
                    r.weekends += 1;
                    later_weekend = Some(w);
                }
                Some(_) => {}
            }
        }
        reach[d] = r;
    }
    reach
}

/// `gains[d][k]`: the sum of the k most negative day prices from day d on
/// (each day's cheapest choice, when below nothing).
fn gains(days: &[Vec<Choice>]) -> Vec<Vec<f64>> {
    let day_gain: Vec<f64> = days.iter().map(|d| d.first().map_or(0.0, |c| c.price.min(0.0))).collect();
    (0..=days.len())
        .map(|d| {
            let mut g: Vec<f64> = day_gain[d..].iter().copied().filter(|&x| x < 0.0).collect();
            g.sort_by(f64::total_cmp);
            std::iter::once(0.0)
                .chain(g.iter().scan(0.0, |sum, x| {
                    *sum += x;
                    Some(*sum)
                }))
                .collect()
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use std::time::Duration;

    use super::*;
    use crate::bench::curtois;

    /// Three people over one week with every limit the walk keeps: runs of
    /// 2–3 days, 2 days off between runs, one weekend, 3–4 shifts (by
    /// minutes), at most 2 lates, no early after a late, a day off, wishes
    /// both ways, and cover priced under and over.
    const WEEK: &str = "SECTION_HORIZON\n7\n\n\
        SECTION_SHIFTS\nE,480,\nL,480,E\n\n\
        SECTION_STAFF\n\
        A,E=7|L=2,1920,1440,3,2,2,1\n\
        B,E=7|L=7,1920,1440,3,2,2,1\n\
        C,E=0|L=7,1440,480,3,1,1,1\n\n\
        SECTION_DAYS_OFF\nB,3\n\n\
        SECTION_SHIFT_ON_REQUESTS\nA,0,L,2\nC,5,L,3\n\n\
        SECTION_SHIFT_OFF_REQUESTS\nB,1,E,2\nA,4,E,1\n\n\
        SECTION_COVER\n\
        0,E,1,100,1\n0,L,1,100,1\n1,E,2,100,1\n1,L,1,100,1\n2,E,1,100,1\n2,L,1,100,1\n\
        3,E,1,100,1\n3,L,2,100,1\n4,E,1,100,1\n4,L,1,100,1\n5,E,2,100,1\n5,L,1,100,1\n\
        6,E,1,100,1\n6,L,1,100,1\n";

    pub(crate) fn week() -> Problem {
        curtois::to_problem(&curtois::parse(WEEK, "week.txt").expect("instance reads"))
    }

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(600)
    }

    /// Every schedule of `person` (at most one slot a day) with the others
    /// as in `roster`: the cheapest one that breaks none of the person's
    /// rules, by the rules' own checks and costs.
    fn cheapest_by_brute_force(problem: &Problem, roster: &Roster, person: usize) -> f64 {
        let by_day: Vec<Vec<usize>> = (0..problem.days.len())
            .map(|d| (0..problem.slots.len()).filter(|&s| problem.slots[s].day == d).collect())
            .collect();
        let mut best = f64::INFINITY;
        let mut choice = vec![0usize; by_day.len()];
        loop {
            let mut trial = roster.clone();
            for (d, &c) in choice.iter().enumerate() {
                if c > 0 {
                    trial.assign(person, by_day[d][c - 1]);
                }
            }
            if rules::check_all(problem, &trial).iter().all(|v| v.person != Some(person)) {
                best = best.min(weigh(&rules::costs(problem, &trial), Tier::SoftCover));
            }
            // The next choice, like counting with one digit a day.
            let mut d = 0;
            while d < choice.len() && choice[d] == by_day[d].len() {
                choice[d] = 0;
                d += 1;
            }
            if d == choice.len() {
                return best;
            }
            choice[d] += 1;
        }
    }

    #[test]
    fn the_walk_finds_each_persons_cheapest_schedule() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        // The others: B on the first three days' earlies, then nothing.
        let b = problem.staff.iter().position(|p| p.name == "B").expect("B");
        let mut others = Roster::empty(&problem);
        for s in (0..problem.slots.len()).filter(|&s| problem.slots[s].day < 3 && problem.slots[s].shift == 0) {
            others.assign(b, s);
        }
        for person in [0, 2] {
            let mut roster = others.clone();
            let apart = Apart::new(&problem);
            let walk = Walk::new(&model, &mut roster, person, Tier::SoftCover, far(), &apart);
            let schedule = walk.best(f64::INFINITY).expect("a schedule exists");
            for &s in &schedule {
                roster.assign(person, s);
            }
            assert!(
                rules::check_all(&problem, &roster).iter().all(|v| v.person != Some(person)),
                "the walk's schedule keeps the person's rules"
            );
            let found = weigh(&rules::costs(&problem, &roster), Tier::SoftCover);
            assert!((found - cheapest_by_brute_force(&problem, &others, person)).abs() < 1e-6, "person {person}");
        }
    }

    #[test]
    fn runs_and_rests_bound_the_days_a_stretch_can_hold() {
        let problem = week();
        let mut limits = Limits::of(&problem, 0);
        (limits.max_run, limits.min_off) = (5, 2);
        assert_eq!(limits.most_days_in(7), 5);
        assert_eq!(limits.most_days_in(84), 60);
        assert_eq!(limits.most_days_in(3), 3);
        limits.max_run = usize::MAX;
        assert_eq!(limits.most_days_in(84), 84);
    }

    /// Lowered below a day off, the walk takes as many places as A's
    /// limits allow: 4 shifts of 8 hours (at most 1920 minutes).
    #[test]
    fn a_lowered_walk_works_wherever_it_may() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        let mut roster = Roster::empty(&problem);
        let apart = Apart::new(&problem);
        let eager = Walk::new(&model, &mut roster, 0, Tier::SoftCover, far(), &apart).lowered(1e12);
        let schedule = eager.best(f64::INFINITY).expect("a schedule");
        assert_eq!(schedule.len(), 4);
        for &s in &schedule {
            roster.assign(0, s);
        }
        assert!(rules::check_all(&problem, &roster).iter().all(|v| v.person != Some(0)));
    }

    #[test]
    fn the_walk_reports_nothing_when_no_schedule_beats_the_limit() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        let mut roster = Roster::empty(&problem);
        let apart = Apart::new(&problem);
        let walk = Walk::new(&model, &mut roster, 0, Tier::SoftCover, far(), &apart);
        let best = walk.best(f64::INFINITY).expect("a schedule");
        let price = walk.price_of(&best).expect("priced");
        assert!(walk.best(price - 1e-6).is_none(), "nothing is cheaper than the cheapest");
        assert!(walk.best(price + 1e-6).is_some());
    }

    #[test]
    fn the_search_keeps_every_rule_and_never_makes_the_stage_worse() {
        for problem in
            [week(), curtois::to_problem(&curtois::read(&curtois::default_dir().join("Instance1.txt")).unwrap())]
        {
            let model = crate::solve::milp::build(&problem);
            let start = crate::solve::construct(&problem).roster;
            let mut legal = start.clone();
            crate::solve::legalize(&problem, &mut legal);
            let before = rules::costs(&problem, &legal);
            let mut roster = legal.clone();
            let deadline = Instant::now() + Duration::from_millis(300);
            let mut search = Search::new(&model, Tier::SoftCover, deadline, None, 7).expect("a search");
            let improved = search.walk(&legal, &mut roster, deadline);
            let after = rules::costs(&problem, &roster);
            // Every schedule the walks met is one the person may hold.
            assert!(search.pool.choices() > 0);
            for (person, schedule) in search.pool.schedules() {
                let alone = Roster::from_pairs(&problem, schedule.iter().map(|&s| (person, s)));
                let broken = crate::solve::illegal(&problem, &alone);
                assert!(broken.iter().all(|v| v.person != Some(person)), "{person}: {schedule:?}");
            }
            assert!(crate::solve::illegal(&problem, &roster).is_empty());
            assert!(after.get(Tier::Broken) <= before.get(Tier::Broken) + 1e-9);
            assert_ne!(after.compare_up_to(&before, Tier::SoftCover), Ordering::Greater);
            assert_eq!(improved, after.compare_up_to(&before, Tier::SoftCover) == Ordering::Less);
        }
    }

    /// A walk goes on from call to call until `restart`, after which the
    /// next call starts from the start it is given: with no time to walk,
    /// a walk in progress hands back its roster, a restarted one its start.
    #[test]
    fn a_restarted_search_walks_from_the_new_start() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        let mut start = crate::solve::construct(&problem).roster;
        crate::solve::legalize(&problem, &mut start);
        let mut search = Search::new(&model, Tier::SoftCover, far(), None, 3).expect("a search");
        let handed_back = |search: &mut Search, start: &Roster| {
            let mut incumbent = start.clone();
            search.walk(start, &mut incumbent, Instant::now());
            incumbent
        };
        // A walk in progress, better than the start (a walk that ends,
        // having found nothing for a while, starts again from the start).
        let in_progress = (0..20).any(|_| {
            let mut scratch = start.clone();
            search.walk(&start, &mut scratch, Instant::now() + Duration::from_millis(5));
            handed_back(&mut search, &start) != start
        });
        assert!(in_progress, "the walk moved from the start");
        search.restart();
        assert_eq!(handed_back(&mut search, &start), start);
    }

    #[test]
    fn other_tiers_are_left_alone() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        assert!(Search::new(&model, Tier::Spread, far(), None, 1).is_none());
        assert!(Search::new(&model, Tier::SoftCover, far(), None, 1).is_some());
    }
}
