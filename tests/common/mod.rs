//! Shared helpers for the integration tests: small roster files, rosters
//! from hand-written assignments, and assertions on rule violations.
#![allow(dead_code)]

use std::time::Duration;

use lichtruc::model::Problem;
use lichtruc::roster::Roster;
use lichtruc::rules::{self, Violation};
use lichtruc::solve::{Backend, SolveOptions};

/// A four-day period of plain working days and a weekend-free week:
/// Monday 2026-03-02 07:30 to Thursday 2026-03-05 07:30 (slots start on
/// 02, 03 and 04 March). English messages.
pub const HEAD: &str = r#"
[roster]
language = "en"

[period]
start = 2026-03-02T07:30:00
end = 2026-03-05T07:30:00
"#;

/// One around-the-clock post with a day and a night shift, open to all.
pub const DUTY_POST: &str = r#"
[[post]]
id = "duty"
name = "Duty"
shifts = [
  { name = "Day", start = "07:30", end = "19:30" },
  { name = "Night", start = "19:30", end = "07:30" },
]
"#;

/// Reads roster text that must be valid.
pub fn problem(text: &str) -> Problem {
    match lichtruc::input::parse_str(text, "test.toml") {
        Ok(p) => p,
        Err(e) => panic!("the test roster does not parse:\n{e}\n---\n{text}"),
    }
}

/// A roster from hand-written assignments, one per line:
/// `DATE,POST,SHIFT,STAFF_ID` (read through `check::read_csv`, the reader
/// of `lichtruc check`, with the other columns left empty).
pub fn assignments(problem: &Problem, rows: &str) -> Roster {
    let mut text = String::from("date,post,shift,start,end,staff_id,staff_name,phone\n");
    for row in rows.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cells: Vec<&str> = row.split(',').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "row {row:?} must be DATE,POST,SHIFT,STAFF_ID");
        text.push_str(&format!("{},{},{},,,{},,\n", cells[0], cells[1], cells[2], cells[3]));
    }
    match lichtruc::check::read_csv(problem, &text, "assignments.csv") {
        Ok(r) => r,
        Err(e) => panic!("the test assignments do not read:\n{e}"),
    }
}

/// The violations of one rule.
pub fn of_rule(problem: &Problem, roster: &Roster, rule: &str) -> Vec<Violation> {
    rules::check_all(problem, roster).into_iter().filter(|v| v.rule == rule).collect()
}

/// The staff id of a violation's person.
pub fn who(problem: &Problem, v: &Violation) -> Option<String> {
    v.person.map(|p| problem.staff[p].id.clone())
}

/// Asserts that the roster breaks `rule` for the person `staff_id`, and
/// returns those violations.
pub fn assert_breaks(problem: &Problem, roster: &Roster, rule: &str, staff_id: &str) -> Vec<Violation> {
    assert!(
        rules::ALL.iter().any(|r| r.id() == rule),
        "{rule:?} is not the id of a rule in rules::ALL"
    );
    let found: Vec<Violation> = of_rule(problem, roster, rule)
        .into_iter()
        .filter(|v| who(problem, v).as_deref() == Some(staff_id))
        .collect();
    assert!(
        !found.is_empty(),
        "expected a {rule:?} violation for {staff_id:?}; all violations: {:#?}",
        rules::check_all(problem, roster)
    );
    found
}

/// Asserts that the roster keeps `rule`.
pub fn assert_keeps(problem: &Problem, roster: &Roster, rule: &str) {
    let found = of_rule(problem, roster, rule);
    assert!(found.is_empty(), "expected no {rule:?} violation, found {found:#?}");
}

/// Every violation that is not an unfilled hard-cover place.
pub fn non_cover(problem: &Problem, roster: &Roster) -> Vec<Violation> {
    rules::check_all(problem, roster)
        .into_iter()
        .filter(|v| !(v.rule == "cover" && v.person.is_none() && is_unfilled_message(problem, roster, v)))
        .collect()
}

/// Whether a cover violation is about a slot that lacks people (not one
/// that has too many).
fn is_unfilled_message(problem: &Problem, roster: &Roster, v: &Violation) -> bool {
    v.slots.iter().all(|&s| (roster.people(s).len() as u32) < problem.slots[s].need)
}

/// Solver options for tests: microlp, a short limit, no progress.
pub fn options(seconds: u64) -> SolveOptions {
    SolveOptions { time_limit: Duration::from_secs(seconds), backend: Backend::Microlp, progress: None }
}

/// The index of a staff id.
pub fn person(problem: &Problem, id: &str) -> usize {
    problem.person_index(id).unwrap_or_else(|| panic!("no staff {id:?}"))
}

/// The slot of a post id, shift name and date (`2026-03-02`).
pub fn slot(problem: &Problem, post: &str, shift: &str, date: &str) -> usize {
    let p = problem.posts.iter().position(|x| x.id == post).expect("post");
    let sh = problem.posts[p].shifts.iter().position(|x| x.name == shift).expect("shift");
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    problem.find_slot(p, sh, d).unwrap_or_else(|| panic!("no slot {post} {shift} {date}"))
}
