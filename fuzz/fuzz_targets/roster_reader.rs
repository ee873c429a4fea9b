//! Fuzzes the roster reader: any UTF-8 text must give a `Problem` or an
//! `InputError` with a position-bearing message, never a panic or a hang.
//! What parses and is small is taken further: the MILP rows of every rule,
//! the construction heuristic, the checker, the report, and a CSV round
//! trip through `check::read_csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lichtruc::rules::{self, MilpModel};

fuzz_target!(|text: &str| {
    let problem = match lichtruc::input::parse_str(text, "fuzz.toml") {
        Ok(p) => p,
        Err(e) => {
            // Every error renders and names the file.
            let shown = e.to_string();
            assert!(shown.starts_with("fuzz.toml"), "{shown}");
            assert!(!e.diagnostics.is_empty());
            return;
        }
    };
    // Keep the expensive part for small problems.
    if problem.slots.len() * problem.staff.len().max(1) > 400 || problem.slots.len() > 200 {
        return;
    }
    let mut model = MilpModel::new(&problem, |p, s| !rules::forbidden(&problem, p, s));
    for rule in rules::ALL {
        rule.add_rows(&mut model);
    }
    let built = lichtruc::solve::construct(&problem);
    let _ = rules::check_all(&problem, &built.roster);
    let report = lichtruc::report::Report::new(&problem, &built.roster);
    assert_eq!(report.unfilled.len(), built.roster.unfilled(&problem).len());
    let csv = lichtruc::output::csv::render(&problem, &built.roster);
    let csv = String::from_utf8(csv).expect("the CSV is UTF-8");
    let back = lichtruc::check::read_csv(&problem, &csv, "roster.csv").expect("our own CSV reads back");
    assert_eq!(back, built.roster);
});
