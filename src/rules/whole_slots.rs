//! What `max_hours` means for whole slots: the rows that keep an LP
//! relaxation from filling a place with a fraction of a slot.
//!
//! `max_hours` is a knapsack row: the hours of the slots a person holds add
//! up to at most the maximum. A relaxation may hold a fraction of a slot
//! where no whole one fits: with 8-hour shifts and 10-hour nights, at most
//! 5 nights and 136 hours, it holds 5 nights and 10.75 other shifts where
//! a roster holds 10. Each person's fraction fills part of a place no
//! roster can fill: on Curtois–Qu Instance9 the relaxation filled every
//! place (39, the wishes alone), where every roster leaves four short
//! (439).
//!
//! The rows here are facets of the integer hull of how many slots of each
//! length a person can hold, within the maximum, the caps on shifts by
//! name (`max_per_shift`), `max_shifts` and the slots a day allows. With
//! one or two lengths of slot that hull is exact (a convex hull in the
//! plane); with more, the lengths are split in two at each step, each side
//! counted at its shortest length, which still holds for every roster.
//! The cover relaxation of Instance9 rose from 39 to 406 with them.

use std::collections::BTreeMap;

use good_lp::{Constraint, Expression, Variable};

use super::MilpModel;
use crate::numbers::gcd;

/// Slots of one length (in minutes) a person may hold.
struct Length {
    minutes: u64,
    /// The most of them the person can hold.
    most: u64,
    vars: Vec<Variable>,
}

/// `short · a + long · b ≤ rhs`, over the numbers of short and long slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Facet {
    short: u64,
    long: u64,
    rhs: u64,
}

/// Hours as whole minutes; slots last whole minutes, so a maximum
/// rounds down to a minute (a millionth of a minute is let through as
/// rounding).
fn minutes(hours: f64) -> u64 {
    (hours * 60.0 + 1e-6).floor().max(0.0) as u64
}

/// What `max_hours` means for one person's whole slots.
pub(super) struct WholeSlots {
    /// The most hours whole slots can add up to within the maximum: a
    /// multiple of the greatest common divisor of their lengths in
    /// minutes. The bound of the sum row.
    pub(super) hours: f64,
    /// The facets beyond the sum row.
    pub(super) rows: Vec<Constraint>,
}

/// The sum row's bound and the facets for a person with at most `max` hours.
pub(super) fn of(m: &MilpModel<'_>, person: usize, max: f64) -> WholeSlots {
    let lengths = lengths(m, person);
    let divisor = lengths.iter().fold(0, |g, l| gcd(g, l.minutes));
    if divisor == 0 {
        return WholeSlots { hours: max, rows: Vec::new() };
    }
    let budget = minutes(max) / divisor * divisor;
    let total = most_slots(m, person);
    let side = |group: &[Length]| {
        let most = group.iter().map(|l| l.most).sum::<u64>().min(total);
        let vars: Expression = group.iter().flat_map(|l| l.vars.iter().copied()).sum();
        (group[0].minutes, most, vars)
    };
    let mut rows = Vec::new();
    // The whole set of lengths as the short side alone when there is one;
    // otherwise every split into shorter and longer ones.
    let splits: Vec<usize> = if lengths.len() == 1 { vec![1] } else { (1..lengths.len()).collect() };
    for split in splits {
        let (short_len, short_most, short_vars) = side(&lengths[..split]);
        let (long_len, long_most, long_vars) =
            if split < lengths.len() { side(&lengths[split..]) } else { (1, 0, Expression::from(0.0)) };
        for facet in facets((short_len, short_most), (long_len, long_most), total, budget) {
            let lhs = facet.short as f64 * short_vars.clone() + facet.long as f64 * long_vars.clone();
            rows.push(lhs.leq(facet.rhs as f64));
        }
    }
    WholeSlots { hours: budget as f64 / 60.0, rows }
}

/// The person's slots of positive length, grouped by length, shortest
/// first, each with the most of them the caps by shift name allow.
fn lengths(m: &MilpModel<'_>, person: usize) -> Vec<Length> {
    let problem = m.problem;
    let caps = &problem.staff[person].rules.max_per_shift;
    let mut by_length: BTreeMap<u64, (Vec<Variable>, BTreeMap<&str, u64>)> = BTreeMap::new();
    for &(s, x) in m.person_vars(person) {
        let length = (problem.slots[s].hours * 60.0).round() as u64;
        if length == 0 {
            continue;
        }
        let (vars, by_name) = by_length.entry(length).or_default();
        vars.push(x);
        *by_name.entry(problem.shift(&problem.slots[s]).name.as_str()).or_default() += 1;
    }
    by_length
        .into_iter()
        .map(|(minutes, (vars, by_name))| {
            let most = by_name.iter().map(|(name, &n)| caps.get(*name).map_or(n, |&cap| n.min(u64::from(cap)))).sum();
            Length { minutes, most, vars }
        })
        .collect()
}

/// The most slots the person can hold in all: `max_shifts`, and each day
/// as many as it allows (one where its slots clash).
fn most_slots(m: &MilpModel<'_>, person: usize) -> u64 {
    let problem = m.problem;
    let rules = &problem.staff[person].rules;
    let mut by_day: BTreeMap<usize, Vec<(usize, Variable)>> = BTreeMap::new();
    for &(s, x) in m.person_vars(person) {
        by_day.entry(problem.slots[s].day).or_default().push((s, x));
    }
    let by_days: u64 = by_day
        .values()
        .map(|slots| {
            let n = slots.len() as u64;
            if m.at_most_one_of(person, slots) {
                1
            } else {
                rules.max_per_day.map_or(n, |most| n.min(u64::from(most)))
            }
        })
        .sum();
    rules.max_shifts.map_or(by_days, |most| by_days.min(u64::from(most)))
}

/// The facets with a positive side of the integer hull of
/// `{(a, b) : a ≤ short.1, b ≤ long.1, a + b ≤ total, short.0·a + long.0·b ≤ budget}`
/// (lengths and caps as `(minutes, most)`), less those its LP relaxation
/// already keeps.
fn facets(short: (u64, u64), long: (u64, u64), total: u64, budget: u64) -> Vec<Facet> {
    let (short_len, long_len) = (short.0.max(1), long.0.max(1));
    // The most long slots beside `a` short ones.
    let most_long = |a: u64| long.1.min(total - a).min((budget - short_len * a) / long_len);
    let most_short = short.1.min(total).min(budget / short_len);
    // The upper hull of (a, most_long(a)), left to right.
    let mut hull: Vec<(i64, i64)> = Vec::new();
    for a in 0..=most_short {
        let p = (a as i64, most_long(a) as i64);
        while let [.., o, q] = hull[..] {
            let cross = (q.0 - o.0) * (p.1 - o.1) - (q.1 - o.1) * (p.0 - o.0);
            if cross < 0 {
                break;
            }
            hull.pop();
        }
        hull.push(p);
    }
    let mut facets: Vec<Facet> = hull
        .windows(2)
        .map(|edge| {
            let (a, b) = ((edge[0].1 - edge[1].1) as u64, (edge[1].0 - edge[0].0) as u64);
            let g = gcd(a, b);
            let (a, b) = (a / g, b / g);
            Facet { short: a, long: b, rhs: a * edge[0].0 as u64 + b * edge[0].1 as u64 }
        })
        .collect();
    // The right side, where the chain does not end on the axis (or the
    // axis is all there is: no long slots).
    if let Some(&(last, beside)) = hull.last() {
        if beside > 0 || hull.iter().all(|p| p.1 == 0) {
            facets.push(Facet { short: 1, long: 0, rhs: last as u64 });
        }
    }
    if hull.len() == 1 {
        facets.push(Facet { short: 0, long: 1, rhs: hull[0].1 as u64 });
    }
    let relaxed = |f: &Facet| relaxed_most(f, (short_len, short.1), (long_len, long.1), total, budget);
    facets.retain(|f| relaxed(f) > f.rhs as f64 + 1e-9);
    facets
}

/// The most `f.short·a + f.long·b` reaches over the LP relaxation of the
/// set in [`facets`]: at a corner, where the least of the bounds on `b`
/// changes or ends.
fn relaxed_most(f: &Facet, short: (u64, u64), long: (u64, u64), total: u64, budget: u64) -> f64 {
    let (sl, sm, ll, lm) = (short.0 as f64, short.1 as f64, long.0 as f64, long.1 as f64);
    let (total, budget) = (total as f64, budget as f64);
    let end = sm.min(total).min(budget / sl);
    let most_long = |a: f64| lm.min(total - a).min((budget - sl * a) / ll).max(0.0);
    let mut corners = vec![0.0, end, total - lm, (budget - ll * lm) / sl];
    if ll != sl {
        corners.push((ll * total - budget) / (ll - sl));
    }
    corners
        .into_iter()
        .filter(|a| (0.0..=end).contains(a))
        .map(|a| f.short as f64 * a + f.long as f64 * most_long(a))
        .fold(f64::NEG_INFINITY, f64::max)
}

#[cfg(test)]
mod tests {
    use good_lp::{microlp, Solution, SolverModel};
    use proptest::prelude::*;

    use super::*;
    use crate::model::Problem;
    use crate::rules::{hours::MaxHours, Rule};

    /// Three days of one 8-hour shift; the rules as given.
    fn three_days(rules: &str) -> Problem {
        crate::rules::milp::testing::one_person(3, r#"{ name = "Day", start = "07:00", end = "15:00" }"#, rules)
    }

    /// The most slots the LP relaxation of the `max_hours` rows lets the
    /// person hold.
    fn relaxed_most_slots(problem: &Problem) -> f64 {
        let mut m = MilpModel::new(problem, |_, _| true);
        MaxHours.add_rows(&mut m);
        let held: Expression = m.person_vars(0).iter().map(|&(_, x)| x).sum();
        let relaxed = crate::rules::milp::testing::relaxed_vars(&m);
        let solution =
            relaxed.maximise(held.clone()).using(microlp).with_all(m.constraints).solve().expect("the LP solves");
        solution.eval(held)
    }

    #[test]
    fn the_relaxation_holds_only_the_slots_that_fit_whole() {
        // 20 hours of 8-hour slots: two, where the sum row alone lets 2.5.
        let held = relaxed_most_slots(&three_days("max_hours = 20"));
        assert!((held - 2.0).abs() < 1e-6, "{held}");
        let held = relaxed_most_slots(&three_days("max_hours = 24"));
        assert!((held - 3.0).abs() < 1e-6, "{held}");
    }

    fn facet(short: u64, long: u64, rhs: u64) -> Facet {
        Facet { short, long, rhs }
    }

    #[test]
    fn one_length_caps_the_count_at_what_fits_whole() {
        // 57 hours of 8-hour slots: 7 whole ones, where the sum row lets 7.125.
        assert_eq!(facets((480, 28), (1, 0), 26, 3420), vec![facet(1, 0, 7)]);
        // 56 hours: the sum row says as much already.
        assert_eq!(facets((480, 28), (1, 0), 26, 3360), vec![]);
        // The days are fewer than the hours allow: nothing to add either.
        assert_eq!(facets((480, 28), (1, 0), 5, 3420), vec![]);
    }

    #[test]
    fn two_lengths_give_the_hull_of_what_fits_whole() {
        // 136 hours, 8-hour shifts and at most five 10-hour nights: with
        // five nights, 10 other shifts (10.75 in the sum row).
        assert_eq!(facets((480, 84), (600, 5), 26, 8160), vec![facet(1, 2, 20)]);
        // 108 hours, at most four nights: 2a + 3b ≤ 28 through (8, 4) and
        // (11, 2), then 13 in all through (13, 0). The nights' cap and the
        // sum row are left out: the relaxation keeps them already.
        assert_eq!(facets((480, 84), (600, 4), 26, 6480), vec![facet(2, 3, 28), facet(1, 1, 13)]);
    }

    proptest! {
        /// Every facet holds at every whole point of the set and touches
        /// at least one, and the relaxation it tightens breaks it.
        #[test]
        fn facets_hold_for_every_whole_count_and_cut_the_relaxation(
            short_len in 1u64..=20, extra in 0u64..=20, short_most in 0u64..=30, long_most in 0u64..=30,
            total in 0u64..=30, budget in 0u64..=400,
        ) {
            let long_len = short_len + extra;
            let inside = |a: u64, b: u64| {
                a <= short_most && b <= long_most && a + b <= total && short_len * a + long_len * b <= budget
            };
            for f in facets((short_len, short_most), (long_len, long_most), total, budget) {
                let mut touches = false;
                for a in 0..=30 {
                    for b in (0..=30).filter(|&b| inside(a, b)) {
                        let lhs = f.short * a + f.long * b;
                        prop_assert!(lhs <= f.rhs, "{f:?} breaks at ({a}, {b})");
                        touches |= lhs == f.rhs;
                    }
                }
                prop_assert!(touches, "{f:?} touches no whole point");
                let relaxed = relaxed_most(&f, (short_len, short_most), (long_len, long_most), total, budget);
                prop_assert!(relaxed > f.rhs as f64, "{f:?} is kept by the relaxation already");
            }
        }
    }
}
