//! # lichtruc — holiday on-call duty rosters
//!
//! A roster file (TOML) lists posts, shifts, staff, wishes and rules; lichtruc
//! assigns people to every slot of the holiday period with a MILP solver, fairly
//! and within the rules, and writes the printable roster, a CSV and calendars.
//!
//! Data flows one way:
//!
//! ```text
//! input (parse + validate) → model (slots, people, rules) → solve → roster → output
//! ```
//!
//! * [`input`] reads a roster file into a [`model::Problem`], with errors that
//!   name the file, line and column.
//! * [`model`] is the problem: the period and its days, posts, shifts, people,
//!   and the slots that need staffing.
//! * [`rules`] holds every rule as one named unit: its MILP rows, its check of a
//!   finished roster, and its words.
//! * [`solve`] builds a roster: a construction heuristic, then a lexicographic
//!   MILP (good_lp) warm-started from it.
//! * [`roster`] is the answer: who holds which slot, plus the checks and the
//!   explanations of unfilled places.
//! * [`output`] writes CSV, the terminal tables and JSON. Outputs never reach
//!   back into the solver.
//! * [`calendar`] knows the Vietnamese holidays and the lunar calendar.
//! * [`revision`] re-issues a roster against an earlier output folder
//!   (`--previous`), and [`history`] keeps the ledger of earlier rosters
//!   that fairness looks back on.
//!
//! Build a roster in code:
//!
//! ```no_run
//! let problem = lichtruc::input::parse_str(r#"
//! [period]
//! start = 2026-04-30T07:30:00
//! end = 2026-05-02T07:30:00
//! [[post]]
//! id = "duty"
//! name = "Trực"
//! shifts = [ { name = "Ngày", start = "07:30", end = "19:30" },
//!            { name = "Đêm", start = "19:30", end = "07:30" } ]
//! [[staff]]
//! name = "An"
//! [[staff]]
//! name = "Bình"
//! "#, "inline.toml").unwrap();
//! let outcome = lichtruc::solve::solve(&problem, &lichtruc::solve::SolveOptions::default());
//! assert!(outcome.roster.unfilled(&problem).is_empty());
//! ```

pub mod bench;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod history;
pub mod input;
pub mod model;
mod numbers;
pub mod output;
pub mod prng;
pub mod report;
pub mod revision;
pub mod roster;
pub mod rules;
pub mod solve;
pub mod text;

pub use model::Problem;
pub use roster::Roster;
