//! Every roster shipped in `rosters/` (found by globbing the folder, so new
//! ones are covered) solves with every place filled and no rule broken.

mod common;

use std::path::PathBuf;

#[test]
fn every_bundled_roster_solves_with_every_slot_filled() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rosters");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rosters/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no roster in {}", dir.display());
    for path in files {
        let (problem, _) = lichtruc::input::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let outcome = lichtruc::solve::solve(&problem, &common::options(10));
        let unfilled = outcome.roster.unfilled(&problem);
        assert!(unfilled.is_empty(), "{}: unfilled places {unfilled:?}", path.display());
        let violations = lichtruc::rules::check_all(&problem, &outcome.roster);
        assert!(violations.is_empty(), "{}: {violations:#?}", path.display());
        // The CSV it writes reads back to the same roster.
        let csv = String::from_utf8(lichtruc::output::csv::render(&problem, &outcome.roster)).unwrap();
        let back = lichtruc::check::read_csv(&problem, &csv, "roster.csv").unwrap();
        assert_eq!(back, outcome.roster, "{}", path.display());
    }
}
