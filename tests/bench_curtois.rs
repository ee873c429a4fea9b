//! The Curtois–Qu benchmark mapping is right: every instance loads with the
//! sizes of `best_known.csv`; lichtruc's rules and costs agree with an
//! independent evaluator written from the benchmark's definition; and a
//! solved Instance1 keeps every rule and is never better than the proven
//! optimum.
//!
//! The instances are read from `$LICHTRUC_CURTOIS_DIR`, the project's
//! `shared/bench/curtois`, or the copy bundled in `data/curtois`
//! ([`curtois::default_dir`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use lichtruc::bench::curtois::{self, Instance};
use lichtruc::bench::Prng;
use lichtruc::model::Problem;
use lichtruc::rules::{self, Tier};
use lichtruc::solve::{self, SolveOptions};
use lichtruc::Roster;

fn dir() -> PathBuf {
    let dir = curtois::default_dir();
    assert!(
        dir.join("best_known.csv").exists(),
        "the Curtois instances are not in {} (set LICHTRUC_CURTOIS_DIR)",
        dir.display()
    );
    dir
}

fn load(n: u32) -> Instance {
    curtois::read(&dir().join(format!("Instance{n}.txt"))).expect("instance reads")
}

#[test]
fn all_24_instances_load_with_the_published_sizes() {
    let dir = dir();
    let known = curtois::read_best_known(&dir.join("best_known.csv")).expect("best_known.csv");
    assert_eq!(known.len(), 24);
    let files = curtois::instance_files(&dir).expect("folder");
    assert_eq!(files.iter().map(|(n, _)| *n).collect::<Vec<_>>(), (1..=24).collect::<Vec<_>>());
    for (n, path) in files {
        let inst = curtois::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let k = known.iter().find(|k| k.instance == format!("Instance{n}")).expect("row in best_known.csv");
        assert_eq!(curtois::size(&inst), (k.employees, k.days, k.shift_types), "Instance{n}");
        assert!(k.lower_bound <= k.best_known);
        // The problem has one post per shift type and one slot per day and type.
        let problem = curtois::to_problem(&inst);
        assert_eq!(problem.staff.len(), k.employees);
        assert_eq!(problem.days.len(), k.days);
        assert_eq!(problem.posts.len(), k.shift_types);
        assert_eq!(problem.slots.len(), k.days * k.shift_types, "Instance{n}");
        assert!(problem.slots.iter().all(|s| s.soft.is_some() && s.max.is_none()));
    }
}

/// The bundled copy holds every file of the benchmark's folder, and
/// where the project's `shared/bench/curtois` is beside the checkout, the
/// same bytes: a clone without it benchmarks and tests the same
/// instances.
#[test]
fn the_bundled_copy_is_the_whole_benchmark_folder() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = crate_dir.join("data/curtois");
    let files = curtois::instance_files(&bundled).expect("data/curtois");
    assert_eq!(files.iter().map(|(n, _)| *n).collect::<Vec<_>>(), (1..=24).collect::<Vec<_>>());
    assert_eq!(curtois::read_best_known(&bundled.join("best_known.csv")).expect("best_known.csv").len(), 24);
    let shared = crate_dir.join("../shared/bench/curtois");
    if shared.is_dir() {
        let names = |dir: &std::path::Path| -> BTreeSet<String> {
            std::fs::read_dir(dir)
                .expect("folder")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .filter(|name| name != "README.md")
                .collect()
        };
        assert_eq!(names(&shared), names(&bundled));
        for name in names(&shared) {
            let read = |dir: &std::path::Path| std::fs::read(dir.join(&name)).expect("file");
            assert!(read(&shared) == read(&bundled), "data/curtois/{name} differs from the shared copy");
        }
    }
}

/// Slot index of (day, shift type).
fn slot_index(problem: &Problem) -> BTreeMap<(usize, usize), usize> {
    problem.slots.iter().enumerate().map(|(i, s)| ((s.day, s.post), i)).collect()
}

/// lichtruc rule ids for each benchmark rule.
fn lichtruc_rules(benchmark_rule: &str) -> &'static [&'static str] {
    match benchmark_rule {
        // Two shifts on one day overlap (all start at 00:00) and exceed max_per_day.
        "one_shift_per_day" => &["max_per_day", "min_rest_hours"],
        "days_off" => &["unavailable"],
        "succession" => &["no_next_day"],
        "max_shifts" => &["max_per_shift"],
        "max_minutes" => &["max_hours"],
        "min_minutes" => &["min_hours"],
        "max_consecutive" => &["max_consecutive_days"],
        "min_consecutive" => &["min_consecutive_days"],
        "min_days_off" => &["min_days_off"],
        "max_weekends" => &["max_weekends"],
        other => panic!("unknown benchmark rule {other}"),
    }
}

/// A random roster: each person works each day with probability `p`, a
/// random shift type, sometimes two.
fn random_roster(problem: &Problem, rng: &mut Prng, p: f64) -> Roster {
    let index = slot_index(problem);
    let types = problem.posts.len();
    let mut pairs = Vec::new();
    for person in 0..problem.staff.len() {
        for day in 0..problem.days.len() {
            if rng.chance(p) {
                pairs.push((person, index[&(day, rng.below(types))]));
                if rng.chance(0.05) {
                    pairs.push((person, index[&(day, rng.below(types))]));
                }
            }
        }
    }
    Roster::from_pairs(problem, pairs)
}

#[test]
fn independent_evaluator_agrees_with_lichtruc_on_random_rosters() {
    let mut rng = Prng::new(42);
    for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14] {
        let inst = load(n);
        let problem = curtois::to_problem(&inst);
        for round in 0..6 {
            let p = [0.1, 0.3, 0.5, 0.7, 0.85, 0.95][round];
            let roster = random_roster(&problem, &mut rng, p);
            let a = curtois::assignments(&problem, &roster);
            // Objective: the benchmark's objective is the soft-cover tier.
            let costs = rules::costs(&problem, &roster);
            let obj = curtois::objective(&inst, &a).total();
            assert_eq!(costs.get(Tier::SoftCover), obj as f64, "Instance{n} round {round}: objective");
            // (Tier::Broken holds the min_hours shortfall, in hours.)
            for tier in [Tier::Unfilled, Tier::MaxBurden, Tier::Spread, Tier::Wishes] {
                assert_eq!(costs.get(tier), 0.0, "Instance{n}: tier {tier:?} should be empty");
            }
            // Hard rules: the same (person, rule) pairs are broken.
            let ours: BTreeSet<(usize, &str)> = rules::check_all(&problem, &roster)
                .iter()
                .map(|v| (v.person.expect("every Curtois rule is about a person"), v.rule))
                .collect();
            let theirs: BTreeSet<(usize, &str)> = curtois::violations(&inst, &a)
                .iter()
                .flat_map(|b| lichtruc_rules(b.rule).iter().map(move |r| (b.employee, *r)))
                .collect();
            // Overlap: the benchmark names one rule for two shifts a day,
            // lichtruc two (max_per_day and min_rest_hours) — both or neither.
            assert_eq!(ours, theirs, "Instance{n} round {round}: broken rules differ");
        }
    }
}

#[test]
fn instance1_solves_within_the_rules_and_not_below_the_optimum() {
    let inst = load(1);
    let problem = curtois::to_problem(&inst);
    let options = SolveOptions { time_limit: Duration::from_secs(20), ..SolveOptions::default() };
    let outcome = solve::solve(&problem, &options);
    let violations = rules::check_all(&problem, &outcome.roster);
    assert!(
        violations.is_empty(),
        "the solver's roster breaks rules: {:?}",
        violations.iter().map(|v| v.describe(&problem)).collect::<Vec<_>>()
    );
    let a = curtois::assignments(&problem, &outcome.roster);
    assert!(curtois::violations(&inst, &a).is_empty(), "{:?}", curtois::violations(&inst, &a));
    let soft = outcome.costs.get(Tier::SoftCover);
    let obj = curtois::objective(&inst, &a).total();
    assert_eq!(soft, obj as f64, "lichtruc's soft-cover tier is the benchmark objective");
    // 607 is the proven optimum: a smaller value would mean a rule is missing.
    assert!(obj >= 607, "objective {obj} is below the proven optimum 607: the mapping drops a rule");
}
