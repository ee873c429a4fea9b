//! Impossible rosters: the solver still returns a roster, leaves places
//! unfilled, keeps every other hard rule, and the report says for each
//! unfilled place who could hold it and which rule stops each of them.

mod common;

use common::*;
use lichtruc::model::Problem;
use lichtruc::report::Report;
use lichtruc::rules;

fn solve_and_report(p: &Problem) -> (lichtruc::roster::Roster, Report) {
    let outcome = lichtruc::solve::solve(p, &options(5));
    let report = Report::new(p, &outcome.roster);
    // Whatever cannot be filled, every other hard rule holds.
    let other = non_cover(p, &outcome.roster);
    assert!(other.is_empty(), "the solver broke a hard rule to fill places: {other:#?}");
    (outcome.roster, report)
}

fn two_overlapping_posts(lang: &str) -> Problem {
    problem(&format!(
        "[roster]\nlanguage = \"{lang}\"\n[period]\nstart = 2026-03-02T07:30:00\nend = 2026-03-03T07:30:00\n\
         [[post]]\nid = \"lead\"\nname = \"Lead\"\nshifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\" }} ]\n\
         [[post]]\nid = \"tech\"\nname = \"Tech\"\nshifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\" }} ]\n\
         [[staff]]\nid = \"an\"\nname = \"An\"\n"
    ))
}

#[test]
fn one_person_two_overlapping_posts() {
    let p = two_overlapping_posts("en");
    let (roster, report) = solve_and_report(&p);
    assert_eq!(roster.len(), 1, "An holds exactly one of the two posts");
    assert_eq!(report.unfilled.len(), 1);
    let place = &report.unfilled[0];
    assert_eq!(place.missing, 1);
    assert!(!roster.holds(0, place.slot));
    assert!(place.label.contains("Lead") || place.label.contains("Tech"), "{}", place.label);
    assert_eq!(place.candidates.len(), 1);
    let an = &place.candidates[0];
    assert_eq!(an.name, "An");
    assert!(an.reasons.iter().any(|r| r.contains("two places at once")), "{:?}", an.reasons);
    // The report's violations are exactly the unfilled place.
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].rule, "cover");
    assert!(!report.is_clean());
}

#[test]
fn one_person_two_overlapping_posts_in_vietnamese() {
    let p = two_overlapping_posts("vi");
    let (_, report) = solve_and_report(&p);
    let reasons = &report.unfilled[0].candidates[0].reasons;
    assert!(reasons.iter().any(|r| r.contains("cùng lúc")), "{reasons:?}");
}

fn everyone_away(lang: &str) -> Problem {
    problem(&format!(
        "[roster]\nlanguage = \"{lang}\"\n[period]\nstart = 2026-03-02T07:30:00\nend = 2026-03-05T07:30:00\n{DUTY_POST}\n\
         [[staff]]\nid = \"an\"\nname = \"An\"\nunavailable = [\"2026-03-03\"]\n\
         [[staff]]\nid = \"binh\"\nname = \"Bình\"\nunavailable = [ {{ from = 2026-03-03T00:00:00, to = 2026-03-04T00:00:00 }} ]\n"
    ))
}

#[test]
fn everyone_unavailable_one_day() {
    let p = everyone_away("en");
    let (roster, report) = solve_and_report(&p);
    // 03/03 touches: the night of 02/03, the day and the night of 03/03.
    let expected: Vec<usize> = vec![
        slot(&p, "duty", "Night", "2026-03-02"),
        slot(&p, "duty", "Day", "2026-03-03"),
        slot(&p, "duty", "Night", "2026-03-03"),
    ];
    let mut unfilled: Vec<usize> = report.unfilled.iter().map(|u| u.slot).collect();
    unfilled.sort_unstable();
    assert_eq!(unfilled, expected);
    // The other slots are filled.
    assert_eq!(roster.unfilled_places(&p), 3);
    for place in &report.unfilled {
        assert_eq!(place.candidates.len(), 2);
        for c in &place.candidates {
            assert!(c.reasons.iter().any(|r| r.contains("unavailable")), "{}: {:?}", c.name, c.reasons);
        }
    }
}

#[test]
fn everyone_unavailable_one_day_in_vietnamese() {
    let p = everyone_away("vi");
    let (_, report) = solve_and_report(&p);
    assert!(!report.unfilled.is_empty());
    for place in &report.unfilled {
        for c in &place.candidates {
            assert!(c.reasons.iter().any(|r| r.contains("báo bận")), "{}: {:?}", c.name, c.reasons);
        }
    }
}

#[test]
fn consecutive_days_stop_the_only_person() {
    for (lang, word) in [("en", "in a row"), ("vi", "liên tiếp")] {
        let p = problem(&format!(
            "[roster]\nlanguage = \"{lang}\"\n[period]\nstart = 2026-03-02T07:30:00\nend = 2026-03-05T07:30:00\n\
             [rules]\nmax_consecutive_days = 2\n\
             [[post]]\nid = \"lead\"\nshifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\" }} ]\n\
             [[staff]]\nid = \"an\"\nname = \"An\"\n"
        ));
        let (roster, report) = solve_and_report(&p);
        assert_eq!(roster.len(), 2);
        assert_eq!(report.unfilled.len(), 1);
        let reasons = &report.unfilled[0].candidates[0].reasons;
        assert!(reasons.iter().any(|r| r.contains(word)), "{lang}: {reasons:?}");
    }
}

#[test]
fn each_candidate_gets_its_own_reason() {
    // Three people for one 24-hour slot a day needing two: An is away on
    // 03/03, Bình has used his one shift, Chi lacks the skill the post asks
    // for — so some place stays empty, and the reasons differ per person.
    let p = problem(&format!(
        "{HEAD}\n[[post]]\nid = \"soc\"\nname = \"SOC\"\nrequires = [ {{ skill = \"sec\", at_least = 2 }} ]\n\
         shifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\", need = 2 }} ]\n\
         [[staff]]\nid = \"an\"\nname = \"An\"\nskills = [\"sec\"]\nunavailable = [\"2026-03-03\"]\n\
         [[staff]]\nid = \"binh\"\nname = \"Bình\"\nskills = [\"sec\"]\nmax_shifts = 1\n\
         [[staff]]\nid = \"chi\"\nname = \"Chi\"\n"
    ));
    let (_, report) = solve_and_report(&p);
    assert!(!report.unfilled.is_empty());
    let day3 = slot(&p, "soc", "All", "2026-03-03");
    let place = report.unfilled.iter().find(|u| u.slot == day3).expect("03/03 cannot be fully staffed");
    let reasons = |name: &str| place.candidates.iter().find(|c| c.name == name).expect(name).reasons.join(" | ");
    assert!(reasons("An").contains("unavailable"), "{}", reasons("An"));
    assert!(reasons("Chi").contains("sec"), "{}", reasons("Chi"));
    let binh = reasons("Bình");
    assert!(binh.contains("max") || binh.contains("already on this slot"), "{binh}");
}

#[test]
fn rest_reason_says_when_the_last_shift_ended() {
    let p = problem(&format!(
        "{HEAD}\n[rules]\nmin_rest_hours = 24\n{DUTY_POST}\n[[staff]]\nid = \"an\"\nname = \"An\"\n"
    ));
    let (_, report) = solve_and_report(&p);
    assert!(!report.unfilled.is_empty());
    let all: Vec<String> = report.unfilled.iter().flat_map(|u| u.candidates[0].reasons.clone()).collect();
    assert!(all.iter().any(|r| r.contains("rest after a shift ending")), "{all:?}");
}

#[test]
fn impossible_fixed_assignments_are_dropped_and_reported() {
    // Two fixed assignments that overlap: one must go; the roster names it.
    let p = problem(
        "[roster]\nlanguage = \"en\"\n[period]\nstart = 2026-03-02T07:30:00\nend = 2026-03-03T07:30:00\n\
         [[post]]\nid = \"a\"\nshifts = [ { name = \"All\", start = \"07:30\", end = \"07:30\" } ]\n\
         [[post]]\nid = \"b\"\nshifts = [ { name = \"All\", start = \"07:30\", end = \"07:30\" } ]\n\
         [[staff]]\nid = \"an\"\nname = \"An\"\n[[staff]]\nid = \"binh\"\nname = \"Bình\"\n\
         [[fixed]]\nstaff = \"an\"\npost = \"a\"\ndate = 2026-03-02\n[[fixed]]\nstaff = \"an\"\npost = \"b\"\ndate = 2026-03-02\n"
    );
    let outcome = lichtruc::solve::solve(&p, &options(5));
    let v = rules::check_all(&p, &outcome.roster);
    assert_eq!(v.iter().filter(|v| v.rule == "fixed").count(), 1, "{v:#?}");
    assert!(v.iter().all(|v| v.rule == "fixed"), "{v:#?}");
    assert_eq!(outcome.costs.get(rules::Tier::Broken), 1.0);
    assert_eq!(outcome.roster.unfilled_places(&p), 0, "Bình takes the other post");
}

#[test]
fn a_post_nobody_may_hold_stays_unfilled_with_no_candidates() {
    let (p, notices) = lichtruc::input::parse_with_notices(
        &format!(
            "{HEAD}\n[[post]]\nid = \"lead\"\nroles = [\"leader\"]\nshifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\" }} ]\n\
             [[staff]]\nid = \"an\"\nname = \"An\"\n"
        ),
        "t.toml",
    )
    .unwrap();
    assert!(notices.iter().any(|n| n.contains("lead")), "{notices:?}");
    let (_, report) = solve_and_report(&p);
    assert_eq!(report.unfilled.len(), 3);
    assert!(report.unfilled.iter().all(|u| u.candidates.is_empty()));
}
