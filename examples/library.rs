//! Using lichtruc as a library: build a roster in code, solve it, check it,
//! and print who is on duty.
//!
//! Run with `cargo run --example library`.

use std::time::Duration;

use lichtruc::report::Report;
use lichtruc::solve::{solve, Backend, SolveOptions};

fn main() {
    // A small office over the New Year: one person on duty around the
    // clock, day and night shifts, five people, rest of 12 hours.
    let mut text = String::from(
        r#"
[roster]
title = "Lịch trực Tết Dương lịch 2027"
organization = "Phòng Công nghệ thông tin"
hotline = "1900 0000"

[period]
start = 2027-01-01T07:30:00
end = 2027-01-04T07:30:00

[rules]
min_rest_hours = 12
max_shifts = 2

[[post]]
id = "duty"
name = "Trực hệ thống"
shifts = [
  { name = "Ngày", start = "07:30", end = "19:30" },
  { name = "Đêm", start = "19:30", end = "07:30", weight = 1.5 },
]
"#,
    );
    for (name, phone) in [
        ("Nguyễn Văn An", "0901 000 001"),
        ("Trần Thị Bình", "0901 000 002"),
        ("Lê Văn Cường", "0901 000 003"),
        ("Phạm Thị Dung", "0901 000 004"),
        ("Hoàng Văn Em", "0901 000 005"),
    ] {
        text += &format!("[[staff]]\nname = \"{name}\"\nphone = \"{phone}\"\n");
    }

    let problem = lichtruc::input::parse_str(&text, "in-code roster").expect("the roster is valid");
    let options = SolveOptions { time_limit: Duration::from_secs(10), backend: Backend::best_available(), progress: None };
    let outcome = solve(&problem, &options);

    // The checker is independent of the solver: it reads the roster only.
    let report = Report::new(&problem, &outcome.roster);
    assert!(report.violations.is_empty(), "the solver's roster keeps every rule");

    for slot in 0..problem.slots.len() {
        let people: Vec<&str> = outcome.roster.people(slot).iter().map(|&p| problem.staff[p].name.as_str()).collect();
        println!("{}  {}", problem.slot_label(slot), people.join(", "));
    }
    for person in &report.people {
        println!("{:<16} {} shifts, {} h, burden {}", person.name, person.shifts, person.hours, person.burden);
    }
    println!("optimal: {}, in {:.2} s", outcome.optimal, outcome.elapsed.as_secs_f64());
}
