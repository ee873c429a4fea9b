//! Every benchmark roster passes the checker: the generated families read
//! back through the real reader, and a solved small instance (and every
//! bundled roster) breaks no rule — at most some places stay unfilled.

use std::time::Duration;

use lichtruc::bench::generate::{roster_toml, Family, SEED};
use lichtruc::model::Problem;
use lichtruc::rules;
use lichtruc::solve::{self, SolveOptions};
use lichtruc::Roster;

/// Violations other than unfilled hard-cover places.
fn broken(problem: &Problem, roster: &Roster) -> Vec<String> {
    rules::check_all(problem, roster)
        .into_iter()
        .filter(|v| !(v.rule == "cover" && v.slots.iter().all(|&s| (roster.people(s).len() as u32) < problem.slots[s].need)))
        .map(|v| v.describe(problem))
        .collect()
}

fn solve_quickly(problem: &Problem) -> Roster {
    let options = SolveOptions { time_limit: Duration::from_secs(5), ..SolveOptions::default() };
    solve::solve(problem, &options).roster
}

#[test]
fn generated_families_are_valid_roster_files() {
    for family in Family::ALL {
        let text = roster_toml(family, SEED);
        let problem = lichtruc::input::parse_str(&text, family.name()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!problem.slots.is_empty());
        // Other seeds give other, equally valid, instances.
        let other = roster_toml(family, SEED + 1);
        assert_ne!(text, other);
        lichtruc::input::parse_str(&other, family.name()).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn small_generated_roster_passes_the_checker() {
    let text = roster_toml(Family::Small, SEED);
    let problem = lichtruc::input::parse_str(&text, "gen-small").expect("valid");
    let roster = solve_quickly(&problem);
    assert_eq!(broken(&problem, &roster), Vec::<String>::new());
    assert!(roster.unfilled_places(&problem) == 0, "the small family has room for everyone");
}

#[test]
fn bundled_rosters_pass_the_checker() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rosters");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("rosters/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let (problem, _) = lichtruc::input::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let roster = solve_quickly(&problem);
        assert_eq!(broken(&problem, &roster), Vec::<String>::new(), "{}", path.display());
        seen += 1;
    }
    assert!(seen > 0);
}
