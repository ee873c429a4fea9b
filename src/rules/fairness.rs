//! Fairness: each person's burden (shift weight × hours share × heaviest
//! day weight, summed, plus burden from earlier rosters) — first the largest
//! burden as small as possible, then the spread between the largest and the
//! smallest among the people who could serve.
//!
//! The bounds are integer variables counted in [`Problem::burden_unit`]s:
//! every slot's burden is a whole number of units, so the LP relaxation's
//! bound rounds up to the true one, which is what lets the MILP prove
//! optimality quickly.
//!
//! The LP relaxation shares a post's places out in fractions; whole places
//! do not share so evenly. [`Rule::floor`] adds what pigeonholes prove: when
//! a pool of slots (a post, one shift of a post, or every slot) has `n`
//! places that `k` people may hold, someone holds at least ⌈n/k⌉ of them;
//! and when `k` people may hold nothing but that pool's slots, someone
//! holds at most ⌊n/k⌋ (which caps the smallest burden, so floors the
//! spread). [`super::packing`] adds what whole places force across pools
//! of different weights; the stronger of the two bounds is used.

use good_lp::{variable, Expression};

use super::{forbidden, Costs, Findings, Focus, MilpModel, Rule, Tier};
use crate::model::Problem;
use crate::roster::Roster;

pub struct Fairness;

/// A person's burden in points on this roster, history included.
pub fn burden(problem: &Problem, roster: &Roster, person: usize) -> f64 {
    problem.staff[person].past_burden + roster.slots_of(person).iter().map(|&s| problem.slots[s].burden).sum::<f64>()
}

/// A person's burden in whole units, history included, exactly as the MILP
/// and [`Rule::cost`] count it.
pub fn burden_units(problem: &Problem, roster: &Roster, person: usize) -> i64 {
    past_units(problem, person) + roster.slots_of(person).iter().map(|&s| problem.slots[s].burden_units).sum::<i64>()
}

/// People who could hold at least one slot.
pub fn could_serve(problem: &Problem) -> Vec<usize> {
    (0..problem.staff.len()).filter(|&p| may_hold_some_slot(problem, p)).collect()
}

fn may_hold_some_slot(problem: &Problem, person: usize) -> bool {
    (0..problem.slots.len()).any(|s| !forbidden(problem, person, s))
}

impl Rule for Fairness {
    fn id(&self) -> &'static str {
        "fairness"
    }

    fn blocks_additions(&self) -> bool {
        false
    }

    fn add_rows(&self, m: &mut MilpModel<'_>) {
        let problem = m.problem;
        if !problem.burden.balance {
            return;
        }
        let unit = problem.burden_unit;
        let people = m.people_who_could_serve();
        if people.is_empty() {
            return;
        }
        let largest = m.add_var(variable().integer().min(0));
        let smallest = m.add_var(variable().integer().min(0));
        for person in people {
            let load = load_units(m, person);
            m.add((load.clone() - largest).leq(0.0));
            m.add((load - smallest).geq(0.0));
        }
        m.penalize(Tier::MaxBurden, unit * largest);
        m.penalize(Tier::Spread, unit * largest - unit * smallest);
    }

    fn check(&self, _: &Problem, _: &Roster, _: Focus, _: &mut Findings) {}

    fn floor(&self, problem: &Problem, tier: Tier, earlier: &dyn Fn(Tier) -> Option<f64>) -> Option<f64> {
        if !problem.burden.balance {
            return None;
        }
        let unit = problem.burden_unit;
        match tier {
            Tier::MaxBurden => {
                let pigeonhole = largest_floor(problem);
                let packing = super::packing::largest_floor(problem, pigeonhole.unwrap_or(0));
                pigeonhole.max(packing).map(|units| units as f64 * unit)
            }
            Tier::Spread => {
                let largest = earlier(Tier::MaxBurden)?;
                let ceilings = [smallest_ceiling(problem), super::packing::smallest_ceiling(problem)];
                let smallest = ceilings.into_iter().flatten().min()? as f64 * unit;
                Some((largest - smallest).max(0.0))
            }
            _ => None,
        }
    }

    fn cost(&self, problem: &Problem, roster: &Roster, focus: Focus, costs: &mut Costs) {
        if !problem.burden.balance || focus != Focus::All {
            return;
        }
        // Counted in whole burden units, exactly as the MILP counts them:
        // a slot's burden is rounded to a multiple of the unit there, and a
        // cost computed from the unrounded burdens can lie a fraction of a
        // unit below what the MILP can reach, which made the bound that the
        // solver puts on this tier after its stage exclude the roster it had
        // just found (and every later stage work on what was left).
        let loads =
            (0..problem.staff.len()).filter(|&p| serves(problem, roster, p)).map(|p| burden_units(problem, roster, p));
        add_tiers(problem, loads, costs);
    }
}

/// Adds the largest burden and the spread, in points, of these burdens in
/// units (of the people who could serve) to the costs: [`Rule::cost`] for
/// a whole roster, and what a search that keeps the burdens up to date move
/// by move adds to its running costs.
pub fn add_tiers(problem: &Problem, loads: impl IntoIterator<Item = i64>, costs: &mut Costs) {
    if !problem.burden.balance {
        return;
    }
    let (largest, smallest) = loads.into_iter().fold((i64::MIN, i64::MAX), |(a, b), u| (a.max(u), b.min(u)));
    if largest < smallest {
        return;
    }
    let unit = problem.burden_unit;
    let (max, min) = (largest as f64 * unit, smallest as f64 * unit);
    costs.add(Tier::MaxBurden, max);
    costs.add(Tier::Spread, max - min);
}

/// Whether the person could hold a slot ([`could_serve`]), asking the rules
/// about one held slot before every slot: the roster's costs are taken
/// after most moves of a search, and most people hold a slot they may hold.
fn serves(problem: &Problem, roster: &Roster, person: usize) -> bool {
    let holds_allowed = roster.slots_of(person).first().is_some_and(|&s| !forbidden(problem, person, s));
    holds_allowed || may_hold_some_slot(problem, person)
}

/// A person's burden in whole units as a MILP expression, history
/// included.
pub fn load_units(m: &MilpModel<'_>, person: usize) -> Expression {
    let problem = m.problem;
    m.person_vars(person).iter().map(|&(s, x)| problem.slots[s].burden_units as f64 * x).sum::<Expression>()
        + past_units(problem, person) as f64
}

/// Groups of slots for the pigeonhole bounds: each post, each shift of each
/// post, and all slots together.
fn pools(problem: &Problem) -> Vec<Vec<usize>> {
    let mut pools: Vec<Vec<usize>> = vec![(0..problem.slots.len()).collect()];
    for (post, p) in problem.posts.iter().enumerate() {
        pools.push((0..problem.slots.len()).filter(|&s| problem.slots[s].post == post).collect());
        for shift in 0..p.shifts.len() {
            pools.push(
                (0..problem.slots.len())
                    .filter(|&s| problem.slots[s].post == post && problem.slots[s].shift == shift)
                    .collect(),
            );
        }
    }
    pools.retain(|p| !p.is_empty());
    pools
}

/// Burden from earlier rosters in whole units, as the MILP counts it.
pub fn past_units(problem: &Problem, person: usize) -> i64 {
    (problem.staff[person].past_burden / problem.burden_unit).round() as i64
}

/// A lower bound, in burden units, on the largest burden of any roster
/// that fills every hard-cover place: in each pool, someone of the `k`
/// people who may hold its `n` hard-cover places holds at least ⌈n/k⌉ of
/// them, each at least as heavy as the lightest places.
pub fn largest_floor(problem: &Problem) -> Option<i64> {
    pools(problem)
        .into_iter()
        .filter_map(|pool| {
            let hard: Vec<usize> = pool.into_iter().filter(|&s| problem.slots[s].soft.is_none()).collect();
            let people: Vec<usize> =
                (0..problem.staff.len()).filter(|&p| hard.iter().any(|&s| !forbidden(problem, p, s))).collect();
            let mut places: Vec<i64> = hard
                .iter()
                .flat_map(|&s| std::iter::repeat_n(problem.slots[s].burden_units, problem.slots[s].need as usize))
                .collect();
            if people.is_empty() || places.is_empty() {
                return None;
            }
            places.sort_unstable();
            let each = places.len().div_ceil(people.len());
            let past = people.iter().map(|&p| past_units(problem, p)).min()?;
            Some(past + places[..each].iter().sum::<i64>())
        })
        .max()
}

/// An upper bound, in burden units, on the smallest burden among the
/// people who could serve: for a pool whose slots all have a most-people
/// limit, the `k` people who may hold only that pool's slots share at most
/// `n` places (the limits summed), so one of them holds at most ⌊n/k⌋ of
/// them, each at most as heavy as the heaviest places.
pub fn smallest_ceiling(problem: &Problem) -> Option<i64> {
    let allowed: Vec<Vec<usize>> = (0..problem.staff.len())
        .map(|p| (0..problem.slots.len()).filter(|&s| !forbidden(problem, p, s)).collect())
        .collect();
    pools(problem)
        .into_iter()
        .filter_map(|pool| {
            let limits: Vec<u32> = pool.iter().map(|&s| problem.slots[s].max).collect::<Option<_>>()?;
            let people: Vec<usize> = (0..problem.staff.len())
                .filter(|&p| !allowed[p].is_empty() && allowed[p].iter().all(|s| pool.contains(s)))
                .collect();
            if people.is_empty() {
                return None;
            }
            let mut places: Vec<i64> = pool
                .iter()
                .zip(&limits)
                .flat_map(|(&s, &most)| std::iter::repeat_n(problem.slots[s].burden_units, most as usize))
                .collect();
            places.sort_unstable_by(|a, b| b.cmp(a));
            let each = places.len() / people.len();
            let past = people.iter().map(|&p| past_units(problem, p)).max()?;
            Some(past + places[..each].iter().sum::<i64>())
        })
        .min()
}
