//! Bin-packing bounds on the largest and the smallest burden.
//!
//! Every hard-cover place must go to someone allowed to hold it, and whole
//! places do not split: with places of 8, 10, 12, 15 and 18 units, a
//! burden of 37 needs a place of 10, so if there are six of those, at most
//! six people reach 37. The LP relaxation of the roster model shares
//! places out in fractions and misses this; the pigeonhole bounds in
//! [`super::fairness`] see one pool of equal places at a time.
//!
//! Both bounds are the configuration ("pattern") LP of the packing the
//! roster relaxes to: forget dates and order, keep only which places (by
//! burden and by who may hold them) each person could carry, each person
//! capped as the roster's own rules cap them (`max_shifts`, one place a day
//! when a day's places clash through overlap or rest).
//!
//! * [`largest_floor`]: can the hard-cover places be covered when nobody
//!   carries more than `M` units? If not even the LP can, no roster
//!   reaches `M`; the floor is the smallest `M` the LP allows.
//! * [`smallest_ceiling`]: can everyone who could serve carry at least `m`
//!   units from the places there are (at most each slot's `max`)? If the
//!   LP cannot, someone carries less than `m` in every roster; the ceiling
//!   is the largest `m` the LP allows. Only minimal patterns (none of
//!   whose places could be dropped) are listed, which loses nothing.
//!
//! People with identical caps share columns, which keeps the LP small.
//! When the patterns would be too many to list (a month, many people, many
//! kinds of unavailability), places are told apart by burden only — a
//! weaker but still valid relaxation — and if those are still too many,
//! there is no bound (None).

use std::collections::BTreeMap;

use good_lp::{variable, Expression, ProblemVariables, SolverModel};

use super::fairness::{could_serve, past_units};
use super::forbidden;
use crate::model::Problem;

/// Above this many patterns a bound is not worth its time.
const MAX_PATTERNS: usize = 40_000;

/// Which end of the burdens a relaxation bounds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Largest,
    Smallest,
}

/// A class of interchangeable places: same burden, same people allowed.
struct Class {
    units: i64,
    /// Largest: the hard-cover places to cover. Smallest: the most places
    /// there are (None: no limit).
    places: Option<u32>,
}

/// People whose carry is capped the same way.
struct Group {
    size: u32,
    past: i64,
    /// Most places in total.
    total: u32,
    /// Most places per class (0: not allowed).
    per_class: Vec<u32>,
}

struct Relaxation {
    classes: Vec<Class>,
    groups: Vec<Group>,
}

/// The smallest largest burden, in units, that the packing LP allows; None
/// when it proves nothing beyond `start` or is too big to list.
pub fn largest_floor(problem: &Problem, start: i64) -> Option<i64> {
    let floor = |by_people: bool| -> Option<i64> {
        let r = Relaxation::new(problem, by_people, Side::Largest)?;
        // Feasibility grows with the bound: the first feasible one.
        let infeasible = |most: i64| r.feasible(Side::Largest, most).map(|f| !f);
        if !infeasible(start)? {
            return None;
        }
        Some(last_true(start, infeasible)? + 1)
    };
    floor(true).or_else(|| floor(false))
}

/// The largest smallest burden, in units, that the packing LP allows, for
/// every roster whose people keep their caps; None when it is too big to
/// list.
pub fn smallest_ceiling(problem: &Problem) -> Option<i64> {
    let ceiling = |by_people: bool| -> Option<i64> {
        let r = Relaxation::new(problem, by_people, Side::Smallest)?;
        let start = r.groups.iter().map(|g| g.past).min()?;
        // Everyone reaches their own past burden; feasibility shrinks as
        // the bound grows: the last feasible one.
        last_true(start, |least| r.feasible(Side::Smallest, least))
    };
    ceiling(true).or_else(|| ceiling(false))
}

/// The last `n >= start` with `holds(n)`, given `holds(start)` and that
/// `holds` is true up to some point and false after: gallop, then bisect.
/// None when `holds` cannot decide, or never turns false.
fn last_true(start: i64, holds: impl Fn(i64) -> Option<bool>) -> Option<i64> {
    let mut yes = start;
    let mut step = 1;
    let mut no = loop {
        let candidate = yes + step;
        if !holds(candidate)? {
            break candidate;
        }
        yes = candidate;
        step *= 2;
        if step > 1 << 24 {
            return None;
        }
    };
    while no - yes > 1 {
        let mid = yes + (no - yes) / 2;
        if holds(mid)? {
            yes = mid;
        } else {
            no = mid;
        }
    }
    Some(yes)
}

impl Relaxation {
    /// The places and people of the packing: places grouped into classes
    /// (by burden, and with `by_people` by who may hold them), people
    /// grouped by their caps. For the largest burden, the hard-cover places
    /// and everyone; for the smallest, every place and the people who could
    /// serve. Places that weigh nothing change no burden and are left out.
    fn new(problem: &Problem, by_people: bool, side: Side) -> Option<Relaxation> {
        let staff = problem.staff.len();
        let allowed: Vec<Vec<bool>> =
            (0..staff).map(|p| (0..problem.slots.len()).map(|s| !forbidden(problem, p, s)).collect()).collect();
        let mut class_of: BTreeMap<(i64, Vec<bool>), usize> = BTreeMap::new();
        let mut classes: Vec<Class> = Vec::new();
        let mut slot_class: Vec<Option<usize>> = vec![None; problem.slots.len()];
        for (s, slot) in problem.slots.iter().enumerate() {
            let places = match side {
                Side::Largest if slot.soft.is_some() => continue,
                Side::Largest => Some(slot.need),
                Side::Smallest => slot.max,
            };
            if slot.burden_units <= 0 || places == Some(0) {
                continue;
            }
            let who: Vec<bool> = (0..staff).map(|p| allowed[p][s]).collect();
            if !who.contains(&true) {
                if side == Side::Largest {
                    return None;
                }
                continue;
            }
            let who = if by_people { who } else { Vec::new() };
            let next = classes.len();
            let c = *class_of.entry((slot.burden_units, who)).or_insert(next);
            if c == next {
                classes.push(Class { units: slot.burden_units, places: Some(0) });
            }
            classes[c].places = classes[c].places.zip(places).map(|(a, b)| a + b);
            slot_class[s] = Some(c);
        }
        if classes.is_empty() {
            return None;
        }
        let people: Vec<usize> = match side {
            Side::Largest => (0..staff).collect(),
            Side::Smallest => could_serve(problem),
        };
        let mut groups: BTreeMap<(i64, u32, Vec<u32>), u32> = BTreeMap::new();
        for p in people {
            let (total, per_class) = caps(problem, p, &allowed[p], &slot_class, classes.len());
            if total > 0 || side == Side::Smallest {
                *groups.entry((past_units(problem, p), total, per_class)).or_default() += 1;
            }
        }
        let groups =
            groups.into_iter().map(|((past, total, per_class), size)| Group { size, past, total, per_class }).collect();
        Some(Relaxation { classes, groups })
    }

    /// Largest: whether the LP can cover every class's places when nobody
    /// carries more than `limit` units. Smallest: whether everyone can carry
    /// at least `limit` units from the places there are. None: too many
    /// patterns to decide.
    fn feasible(&self, side: Side, limit: i64) -> Option<bool> {
        let mut patterns: Vec<Vec<Vec<u32>>> = Vec::with_capacity(self.groups.len());
        let mut count = 0;
        for group in &self.groups {
            let mut found = Vec::new();
            let mut walk = Walk { classes: &self.classes, group, side, found: &mut found, count: &mut count };
            match side {
                Side::Largest if limit < group.past => {}
                Side::Smallest if limit <= group.past => walk.found.push(vec![0; self.classes.len()]),
                _ => walk.enumerate(0, 0, limit - group.past, group.total, &mut vec![0; self.classes.len()])?,
            }
            patterns.push(found);
        }
        let mut vars = ProblemVariables::new();
        let mut columns: Vec<(usize, &Vec<u32>, good_lp::Variable)> = Vec::new();
        for (g, found) in patterns.iter().enumerate() {
            for pattern in found {
                columns.push((g, pattern, vars.add(variable().min(0.0))));
            }
        }
        let total: Expression = columns.iter().map(|&(_, _, y)| y).sum();
        let mut model = vars.minimise(total).using(good_lp::microlp);
        for (g, group) in self.groups.iter().enumerate() {
            let used: Expression = columns.iter().filter(|c| c.0 == g).map(|c| c.2).sum();
            model = model.with(match side {
                Side::Largest => used.leq(group.size as f64),
                Side::Smallest => used.eq(group.size as f64),
            });
        }
        for (c, class) in self.classes.iter().enumerate() {
            let Some(places) = class.places else { continue };
            let held: Expression = columns.iter().filter(|col| col.1[c] > 0).map(|col| col.1[c] as f64 * col.2).sum();
            model = model.with(match side {
                Side::Largest => held.geq(places as f64),
                Side::Smallest => held.leq(places as f64),
            });
        }
        match model.solve() {
            Ok(_) => Some(true),
            Err(good_lp::ResolutionError::Infeasible) => Some(false),
            Err(_) => None,
        }
    }
}

/// How many places of each class, and in total, a person could carry: one a
/// day when that day's places all clash (overlap, or too little rest
/// between), at most `max_per_day` a day, at most `max_shifts` in all.
fn caps(
    problem: &Problem,
    person: usize,
    allowed: &[bool],
    slot_class: &[Option<usize>],
    classes: usize,
) -> (u32, Vec<u32>) {
    let rules = &problem.staff[person].rules;
    let rest = chrono::Duration::seconds((rules.min_rest_hours * 3600.0).round() as i64);
    let clash = |a: usize, b: usize| {
        let (a, b) = (&problem.slots[a], &problem.slots[b]);
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        second.start < first.end + rest
    };
    let mut per_class = vec![0u32; classes];
    let mut total = 0u32;
    for day in 0..problem.days.len() {
        let mine: Vec<usize> = (0..problem.slots.len())
            .filter(|&s| allowed[s] && problem.slots[s].day == day && slot_class[s].is_some())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let all_clash = mine.iter().enumerate().all(|(i, &a)| mine[i + 1..].iter().all(|&b| clash(a, b)));
        let mut most = if all_clash { 1 } else { mine.len() as u32 };
        if let Some(limit) = rules.max_per_day {
            most = most.min(limit);
        }
        let mut by_class: BTreeMap<usize, u32> = BTreeMap::new();
        for &s in &mine {
            *by_class.entry(slot_class[s].expect("filtered")).or_default() += 1;
        }
        for (c, n) in by_class {
            per_class[c] += n.min(most);
        }
        total += most;
    }
    if let Some(limit) = rules.max_shifts {
        total = total.min(limit);
    }
    (total, per_class)
}

/// Lists one group's patterns (places per class), depth first over the
/// classes.
struct Walk<'a> {
    classes: &'a [Class],
    group: &'a Group,
    side: Side,
    found: &'a mut Vec<Vec<u32>>,
    /// Patterns listed so far, over every group.
    count: &'a mut usize,
}

impl Walk<'_> {
    /// Largest: every pattern within `limit` units. Smallest: every minimal
    /// pattern of at least `limit` units (dropping any one of its places
    /// would fall short). `sum` so far, `left` places.
    fn enumerate(&mut self, class: usize, sum: i64, limit: i64, left: u32, current: &mut Vec<u32>) -> Option<()> {
        if class == self.classes.len() {
            let keep = match self.side {
                Side::Largest => true,
                Side::Smallest => {
                    let lightest = (0..current.len()).filter(|&c| current[c] > 0).map(|c| self.classes[c].units).min();
                    sum >= limit && lightest.is_none_or(|u| sum - u < limit)
                }
            };
            if keep {
                *self.count += 1;
                if *self.count > MAX_PATTERNS {
                    return None;
                }
                self.found.push(current.clone());
            }
            return Some(());
        }
        let units = self.classes[class].units;
        let mut most = self.group.per_class[class].min(left);
        if let Some(places) = self.classes[class].places {
            most = most.min(places);
        }
        for n in 0..=most {
            let total = sum + n as i64 * units;
            match self.side {
                Side::Largest if total > limit => break,
                // A place added once the pattern is already long enough
                // could be dropped again: not minimal.
                Side::Smallest if n > 0 && total - units >= limit => break,
                _ => {}
            }
            current[class] = n;
            self.enumerate(class + 1, total, limit, left - n, current)?;
        }
        current[class] = 0;
        Some(())
    }
}
