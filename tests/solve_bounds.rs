//! The solver's proven bounds: the pigeonhole and packing floors of the fairness rule
//! hold for every roster that fills its places, the bound each stage
//! reports never exceeds the value it reached, and a roster whose value
//! meets its bounds is reported optimal.

mod common;

use lichtruc::bench::generate::{roster_toml, Family, SEED};
use lichtruc::model::Problem;
use lichtruc::prng::Prng;
use lichtruc::rules::{self, fairness, Tier};
use lichtruc::solve::{self, StageStatus};
use lichtruc::Roster;

use common::{options, problem};

/// Three leaders may hold the five whole-day duties of a five-day period,
/// and nothing else.
fn pigeonholes() -> Problem {
    problem(
        r#"
[roster]
language = "en"

[period]
start = 2026-03-02T07:30:00
end = 2026-03-07T07:30:00

[burden]
weekend = 1.0

[[post]]
id = "leader"
name = "Leader"
roles = ["leader"]
shifts = [ { name = "All day", start = "07:30", end = "07:30" } ]

[[staff]]
id = "a"
name = "A"
roles = ["leader"]

[[staff]]
id = "b"
name = "B"
roles = ["leader"]

[[staff]]
id = "c"
name = "C"
roles = ["leader"]
"#,
    )
}

/// Every roster in `rosters/`.
fn bundled() -> Vec<Problem> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rosters");
    std::fs::read_dir(dir)
        .expect("rosters/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| lichtruc::input::parse_file(&p).expect("bundled roster").0)
        .collect()
}

fn burdens(problem: &Problem, roster: &Roster) -> Vec<f64> {
    fairness::could_serve(problem).into_iter().map(|p| fairness::burden(problem, roster, p)).collect()
}

#[test]
fn five_duties_for_three_people_give_someone_two() {
    let problem = pigeonholes();
    assert_eq!(problem.slots.len(), 5);
    let one = problem.slots[0].burden;
    assert!(
        problem.slots.iter().all(|s| (s.burden - one).abs() < 1e-9),
        "working days (and the Saturday morning) weigh the same"
    );
    let unit = problem.burden_unit;
    let floor = fairness::largest_floor(&problem).expect("a floor") as f64 * unit;
    assert!((floor - 2.0 * one).abs() < 1e-9, "floor {floor}, one duty {one}");
    // Nobody else may hold these duties, so someone holds at most one.
    let ceiling = fairness::smallest_ceiling(&problem).expect("a ceiling") as f64 * unit;
    assert!((ceiling - one).abs() < 1e-9, "ceiling {ceiling}, one duty {one}");
    // And the solver proves it: 2 duties at most, a spread of one duty.
    let outcome = solve::solve(&problem, &options(120));
    assert!(outcome.optimal);
    let loads = burdens(&problem, &outcome.roster);
    let max = loads.iter().copied().fold(f64::MIN, f64::max);
    let min = loads.iter().copied().fold(f64::MAX, f64::min);
    assert!((max - 2.0 * one).abs() < 1e-9 && (max - min - one).abs() < 1e-9, "{loads:?}");
}

/// Every hard-cover place filled by people the rules allow there (the other
/// rules ignored: the floors must hold for any such roster).
fn random_filling(problem: &Problem, rng: &mut Prng) -> Option<Roster> {
    let mut pairs = Vec::new();
    for (s, slot) in problem.slots.iter().enumerate() {
        let mut allowed: Vec<usize> = (0..problem.staff.len()).filter(|&p| !rules::forbidden(problem, p, s)).collect();
        let extra = slot.max.map_or(0, |m| m.saturating_sub(slot.need));
        let take = slot.need as usize + rng.below(extra as usize + 1);
        if allowed.len() < slot.need as usize {
            return None;
        }
        for i in (1..allowed.len()).rev() {
            allowed.swap(i, rng.below(i + 1));
        }
        pairs.extend(allowed.into_iter().take(take).map(|p| (p, s)));
    }
    Some(Roster::from_pairs(problem, pairs))
}

#[test]
fn the_pigeonhole_floors_hold_for_every_filled_roster() {
    let mut problems = bundled();
    problems.push(problem(&roster_toml(Family::Small, SEED)));
    problems.push(pigeonholes());
    let mut rng = Prng::new(7);
    let mut checked = 0;
    for problem in &problems {
        let unit = problem.burden_unit;
        let floor = fairness::largest_floor(problem).map(|f| f as f64 * unit);
        let ceiling = fairness::smallest_ceiling(problem).map(|c| c as f64 * unit);
        for _ in 0..300 {
            let Some(roster) = random_filling(problem, &mut rng) else {
                continue;
            };
            let loads = burdens(problem, &roster);
            let max = loads.iter().copied().fold(f64::MIN, f64::max);
            let min = loads.iter().copied().fold(f64::MAX, f64::min);
            if let Some(f) = floor {
                assert!(max >= f - 1e-9, "{}: largest {max} below the floor {f}", problem.meta.title);
            }
            if let Some(c) = ceiling {
                assert!(min <= c + 1e-9, "{}: smallest {min} above the ceiling {c}", problem.meta.title);
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} rosters could be filled");
}

#[test]
fn no_stage_reports_a_bound_above_its_value() {
    let mut problems = bundled();
    problems.push(problem(&roster_toml(Family::Small, SEED)));
    for problem in &problems {
        let outcome = solve::solve(problem, &options(4));
        let costs = rules::costs(problem, &outcome.roster);
        for stage in &outcome.stages {
            if let Some(bound) = stage.bound {
                assert!(bound <= stage.value + 1e-6, "{}: {:?}", problem.meta.title, stage);
            }
            if matches!(stage.status, StageStatus::Optimal | StageStatus::AtBound) {
                let bound = stage.bound.expect("a proven stage has its bound");
                assert!((bound - stage.value).abs() < 1e-6 || stage.status == StageStatus::Optimal, "{stage:?}");
            }
        }
        // A trivial but real floor: no tier but the largest burden is negative.
        for tier in Tier::ALL.into_iter().filter(|&t| t != Tier::MaxBurden) {
            assert!(costs.get(tier) >= 0.0);
        }
    }
}

#[test]
fn the_national_day_roster_is_proven_optimal() {
    // The LP relaxation says 7 points; the field team's 25 places among 8
    // people say 4 places, 8 points, which the solver reaches and so proves.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rosters/national-day-2026-noc-vien-thong.toml");
    let (problem, _) = lichtruc::input::parse_file(&path).expect("bundled roster");
    let floor = fairness::largest_floor(&problem).expect("a floor") as f64 * problem.burden_unit;
    let outcome = solve::solve(&problem, &options(120));
    assert!(outcome.optimal, "{:?}", outcome.stages);
    let costs = rules::costs(&problem, &outcome.roster);
    assert_eq!(costs.get(Tier::MaxBurden), floor);
    assert_eq!(common::non_cover(&problem, &outcome.roster), vec![]);
    assert_eq!(outcome.roster.unfilled_places(&problem), 0);
}

/// Every hard-cover place filled, in a random order, by a random person
/// whom the maximum-type rules (shift counts, rest, one duty a day…) still
/// allow there: a legal roster as far as the packing floor assumes.
fn random_legal_filling(problem: &Problem, rng: &mut Prng) -> Option<Roster> {
    let mut places: Vec<usize> =
        problem.slots.iter().enumerate().flat_map(|(s, slot)| std::iter::repeat_n(s, slot.need as usize)).collect();
    for i in (1..places.len()).rev() {
        places.swap(i, rng.below(i + 1));
    }
    let mut roster = Roster::empty(problem);
    for s in places {
        let mut people: Vec<usize> = (0..problem.staff.len()).collect();
        for i in (1..people.len()).rev() {
            people.swap(i, rng.below(i + 1));
        }
        let person = people.into_iter().find(|&p| rules::allows(problem, &mut roster, p, s))?;
        roster.assign(person, s);
    }
    Some(roster)
}

#[test]
fn whole_places_lift_the_tet_floor_above_the_average() {
    // The twelve technicians share 440 units of places of 8, 10, 12, 15
    // and 18 units: 36.7 each on average, so the LP relaxation says 37. A
    // load of 37 needs one of the six places of 10, so at most six people
    // reach it and the others carry at most 36: 6·37 + 6·36 = 438 < 440.
    let tet = bundled().into_iter().find(|p| p.meta.title.contains("Tết")).expect("the Tết roster");
    let pigeonhole = fairness::largest_floor(&tet).expect("a pigeonhole floor");
    let packing = rules::packing::largest_floor(&tet, pigeonhole).expect("a packing floor");
    assert_eq!(packing, 38, "{} units", packing);
    assert!(packing > pigeonhole);
    assert_eq!(rules::floor(&tet, Tier::MaxBurden, &|_| None), Some(38.0 * tet.burden_unit));
    // The four leaders share nine whole-day duties (12, 12, three of 10,
    // four of 8: 86 units); no split gives each of them 21 (the pigeonhole
    // bound says 24), so the smallest burden is at most 20 and the spread
    // at least 38 − 20.
    assert_eq!(rules::packing::smallest_ceiling(&tet), Some(20));
    assert_eq!(fairness::smallest_ceiling(&tet), Some(24));
    let spread = rules::floor(&tet, Tier::Spread, &|t| (t == Tier::MaxBurden).then_some(9.5));
    assert_eq!(spread, Some(18.0 * tet.burden_unit));
}

#[test]
fn the_packing_bounds_hold_for_every_legal_filled_roster() {
    let mut problems = bundled();
    problems.push(problem(&roster_toml(Family::Small, SEED)));
    problems.push(pigeonholes());
    let mut rng = Prng::new(11);
    let mut checked = 0;
    let mut lifted = 0;
    for problem in &problems {
        let unit = problem.burden_unit;
        let pigeonhole = fairness::largest_floor(problem).unwrap_or(0);
        let floor = rules::packing::largest_floor(problem, pigeonhole).map(|f| f as f64 * unit);
        let ceiling = rules::packing::smallest_ceiling(problem).map(|c| c as f64 * unit);
        if floor.is_none() && ceiling.is_none() {
            continue;
        }
        lifted += 1;
        for _ in 0..400 {
            let Some(roster) = random_legal_filling(problem, &mut rng) else {
                continue;
            };
            let loads = burdens(problem, &roster);
            let max = loads.iter().copied().fold(f64::MIN, f64::max);
            let min = loads.iter().copied().fold(f64::MAX, f64::min);
            if let Some(f) = floor {
                assert!(max >= f - 1e-9, "{}: largest {max} below the packing floor {f}", problem.meta.title);
            }
            if let Some(c) = ceiling {
                assert!(min <= c + 1e-9, "{}: smallest {min} above the packing ceiling {c}", problem.meta.title);
            }
            checked += 1;
        }
    }
    assert!(lifted >= 3, "the packing bounds cover only {lifted} instance(s)");
    assert!(checked > 200, "only {checked} legal rosters could be filled");
}
