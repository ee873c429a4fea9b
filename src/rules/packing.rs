//! A bin-packing floor on the largest burden.
//!
//! Every hard-cover place must go to someone allowed to hold it, and whole
//! places do not split: with places of 8, 10, 12, 15 and 18 units, a
//! burden of 37 needs a place of 10, so if there are six of those, at most
//! six people reach 37. The LP relaxation of the roster model shares
//! places out in fractions and misses this; the pigeonhole floors in
//! [`super::fairness`] see one pool of equal places at a time.
//!
//! The floor here is the configuration ("pattern") LP of the cutting-stock
//! problem the roster relaxes to: forget dates and order, keep only which
//! places (by burden and by who may hold them) each person could carry,
//! and ask whether the places can be covered when nobody carries more than
//! `M` units. Each person's carry is capped by what the roster's own rules
//! cap it at (`max_shifts`, one place a day when a day's places clash
//! through overlap or rest). If even the LP of that packing is infeasible,
//! no roster reaches `M`; the floor is the smallest `M` the LP allows.
//! People with identical caps share columns, which keeps the LP small.
//! When the patterns would be too many to list (a month, many people, many
//! kinds of unavailability), places are told apart by burden only — a
//! weaker but still valid relaxation — and if those are still too many,
//! there is no floor (None).

use std::collections::BTreeMap;

use good_lp::{variable, Expression, ProblemVariables, SolverModel};

use super::fairness::past_units;
use super::forbidden;
use crate::model::Problem;

/// Above this many patterns the floor is not worth its time.
const MAX_PATTERNS: usize = 40_000;

/// A class of interchangeable places: same burden, same people allowed.
struct Class {
    units: i64,
    places: u32,
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

/// The smallest largest burden, in units, that the packing LP allows; None
/// when it proves nothing beyond `start` or is too big to list.
pub fn largest_floor(problem: &Problem, start: i64) -> Option<i64> {
    largest_floor_with(problem, start, true).or_else(|| largest_floor_with(problem, start, false))
}

/// [`largest_floor`] with places told apart by who may hold them
/// (`by_people`) or by burden only.
fn largest_floor_with(problem: &Problem, start: i64, by_people: bool) -> Option<i64> {
    let (classes, groups) = relaxation(problem, by_people)?;
    let fits = |most: i64| -> Option<bool> { packing_feasible(&classes, &groups, most) };
    if fits(start)? {
        return None;
    }
    // Gallop up to a feasible bound, then bisect: feasibility only grows
    // with the bound.
    let mut infeasible = start;
    let mut step = 1;
    let mut feasible = loop {
        let candidate = infeasible + step;
        if fits(candidate)? {
            break candidate;
        }
        infeasible = candidate;
        step *= 2;
        if step > 1 << 20 {
            return None;
        }
    };
    while feasible - infeasible > 1 {
        let mid = infeasible + (feasible - infeasible) / 2;
        if fits(mid)? {
            feasible = mid;
        } else {
            infeasible = mid;
        }
    }
    Some(feasible)
}

/// The places and people of the packing: hard-cover places grouped into
/// classes (by burden, and with `by_people` by who may hold them), the
/// people who could serve grouped by their caps.
fn relaxation(problem: &Problem, by_people: bool) -> Option<(Vec<Class>, Vec<Group>)> {
    let people: Vec<usize> = (0..problem.staff.len()).collect();
    let allowed: Vec<Vec<bool>> =
        people.iter().map(|&p| (0..problem.slots.len()).map(|s| !forbidden(problem, p, s)).collect()).collect();
    // Classes by (burden units, who may hold): places that weigh nothing
    // change no burden and are left out.
    let mut class_of: BTreeMap<(i64, Vec<bool>), usize> = BTreeMap::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut slot_class: Vec<Option<usize>> = vec![None; problem.slots.len()];
    for (s, slot) in problem.slots.iter().enumerate() {
        if slot.soft.is_some() || slot.need == 0 || slot.burden_units <= 0 {
            continue;
        }
        let who: Vec<bool> = people.iter().map(|&p| allowed[p][s]).collect();
        if !who.contains(&true) {
            return None;
        }
        let who = if by_people { who } else { Vec::new() };
        let next = classes.len();
        let c = *class_of.entry((slot.burden_units, who)).or_insert(next);
        if c == next {
            classes.push(Class { units: slot.burden_units, places: 0 });
        }
        classes[c].places += slot.need;
        slot_class[s] = Some(c);
    }
    if classes.is_empty() {
        return None;
    }
    let mut groups: BTreeMap<(i64, u32, Vec<u32>), u32> = BTreeMap::new();
    for &p in &people {
        let (total, per_class) = caps(problem, p, &allowed[p], &slot_class, classes.len());
        if total > 0 {
            *groups.entry((past_units(problem, p), total, per_class)).or_default() += 1;
        }
    }
    let groups =
        groups.into_iter().map(|((past, total, per_class), size)| Group { size, past, total, per_class }).collect();
    Some((classes, groups))
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

/// Whether the configuration LP can cover every class's places when nobody
/// carries more than `most` units. None: too many patterns to decide.
fn packing_feasible(classes: &[Class], groups: &[Group], most: i64) -> Option<bool> {
    let mut patterns: Vec<Vec<Vec<u32>>> = Vec::with_capacity(groups.len());
    let mut count = 0;
    for group in groups {
        let room = most - group.past;
        let mut found = Vec::new();
        if room >= 0 {
            let mut current = vec![0u32; classes.len()];
            enumerate(classes, group, 0, room, group.total, &mut current, &mut found, &mut count)?;
        }
        patterns.push(found);
    }
    // Only maximal patterns matter for covering; listing them all costs
    // little at these sizes.
    let mut vars = ProblemVariables::new();
    let mut columns: Vec<(usize, &Vec<u32>, good_lp::Variable)> = Vec::new();
    for (g, found) in patterns.iter().enumerate() {
        for pattern in found {
            columns.push((g, pattern, vars.add(variable().min(0.0))));
        }
    }
    if columns.is_empty() {
        return Some(false);
    }
    let total: Expression = columns.iter().map(|&(_, _, y)| y).sum();
    let mut model = vars.minimise(total).using(good_lp::microlp);
    for (g, group) in groups.iter().enumerate() {
        let used: Expression = columns.iter().filter(|c| c.0 == g).map(|c| c.2).sum();
        model = model.with(used.leq(group.size as f64));
    }
    for (c, class) in classes.iter().enumerate() {
        let covered: Expression = columns.iter().filter(|col| col.1[c] > 0).map(|col| col.1[c] as f64 * col.2).sum();
        model = model.with(covered.geq(class.places as f64));
    }
    match model.solve() {
        Ok(_) => Some(true),
        Err(good_lp::ResolutionError::Infeasible) => Some(false),
        Err(_) => None,
    }
}

/// Lists the patterns (places per class) a group's member could carry
/// within `room` units and `left` places, depth first over the classes.
#[allow(clippy::too_many_arguments)]
fn enumerate(
    classes: &[Class],
    group: &Group,
    class: usize,
    room: i64,
    left: u32,
    current: &mut Vec<u32>,
    found: &mut Vec<Vec<u32>>,
    count: &mut usize,
) -> Option<()> {
    if class == classes.len() {
        *count += 1;
        if *count > MAX_PATTERNS {
            return None;
        }
        found.push(current.clone());
        return Some(());
    }
    let units = classes[class].units;
    let most = group.per_class[class].min(classes[class].places).min(left).min((room / units) as u32);
    for n in 0..=most {
        current[class] = n;
        enumerate(classes, group, class + 1, room - n as i64 * units, left - n, current, found, count)?;
    }
    current[class] = 0;
    Some(())
}
