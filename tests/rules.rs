//! Every rule that reports violations, on small hand-made roster files and
//! hand-written assignments: one roster that breaks the rule (the checker
//! names the rule and the person) and one that keeps it, plus the boundary
//! cases of `roster-format.md`.

mod common;

use common::*;
use lichtruc::rules;

fn two_people(rules_toml: &str, staff_extra: &str) -> String {
    format!(
        "{HEAD}\n[rules]\n{rules_toml}\n{DUTY_POST}\n[[staff]]\nid = \"an\"\nname = \"An\"\n{staff_extra}\n\
         [[staff]]\nid = \"binh\"\nname = \"Bình\"\n"
    )
}

/// A week-long period, Monday 2 to Monday 9 March 2026 (weekend 7–8), with
/// the day/night post.
fn week(rules_toml: &str) -> String {
    format!(
        "[roster]\nlanguage = \"en\"\n[period]\nstart = 2026-03-02T07:30:00\nend = 2026-03-09T07:30:00\n\
         [rules]\n{rules_toml}\n{DUTY_POST}\n[[staff]]\nid = \"an\"\nname = \"An\"\n[[staff]]\nid = \"binh\"\nname = \"Bình\"\n"
    )
}

// ---------------------------------------------------------------- rule list

#[test]
fn every_rule_id_is_distinct_and_the_hard_ones_are_listed() {
    let ids: Vec<&str> = rules::ALL.iter().map(|r| r.id()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate rule ids: {ids:?}");
    for id in [
        "cover",
        "roles",
        "requires",
        "unavailable",
        "min_rest_hours",
        "max_shifts",
        "min_shifts",
        "max_hours",
        "min_hours",
        "max_consecutive_days",
        "min_consecutive_days",
        "min_days_off",
        "max_weekends",
        "max_per_day",
        "max_per_shift",
        "no_next_day",
        "fixed",
    ] {
        assert!(ids.contains(&id), "rules::ALL lacks {id}");
    }
}

#[test]
fn an_empty_roster_on_an_empty_problem_is_clean_apart_from_cover() {
    let p = problem(&two_people("", ""));
    let r = assignments(&p, "");
    let all = rules::check_all(&p, &r);
    assert!(all.iter().all(|v| v.rule == "cover"), "{all:#?}");
    // Six slots (day and night on 02, 03, 04), one place each.
    assert_eq!(all.len(), 6);
}

// -------------------------------------------------------------------- cover

#[test]
fn cover_reports_an_unfilled_place_and_is_kept_when_full() {
    let p = problem(&two_people("", ""));
    let partial = assignments(&p, "2026-03-02,duty,Day,an");
    let v = of_rule(&p, &partial, "cover");
    let day02 = slot(&p, "duty", "Day", "2026-03-02");
    assert!(v.iter().all(|v| !v.slots.contains(&day02)), "the filled slot is reported: {v:#?}");
    let night02 = slot(&p, "duty", "Night", "2026-03-02");
    let n = v.iter().find(|v| v.slots == vec![night02]).expect("the empty night is reported");
    assert!(n.message.contains("unfilled"), "{}", n.message);
    assert_eq!(n.person, None);

    let full = assignments(
        &p,
        "2026-03-02,duty,Day,an\n2026-03-02,duty,Night,binh\n2026-03-03,duty,Day,an\n\
         2026-03-03,duty,Night,binh\n2026-03-04,duty,Day,an\n2026-03-04,duty,Night,binh",
    );
    assert_keeps(&p, &full, "cover");
    assert!(rules::check_all(&p, &full).is_empty());
}

#[test]
fn breaches_only_findings_are_the_checkers_violations_without_words() {
    // The search collects breaches without messages; it must still see
    // exactly the breaches the checker reports (rule, person, slots).
    let p = problem(&week("max_shifts = 1\nmin_rest_hours = 12"));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,duty,Night,an\n2026-03-03,duty,Day,binh");
    let worded = rules::check_all(&p, &r);
    let mut bare = rules::Findings::breaches();
    for rule in rules::ALL {
        rule.check(&p, &r, rules::Focus::All, &mut bare);
    }
    let key = |v: &rules::Violation| (v.rule, v.person, v.slots.clone());
    assert_eq!(bare.list().iter().map(key).collect::<Vec<_>>(), worded.iter().map(key).collect::<Vec<_>>());
    for rule in ["cover", "max_shifts", "min_rest_hours"] {
        assert!(worded.iter().any(|v| v.rule == rule), "{rule} not broken: {worded:#?}");
    }
    assert!(worded.iter().all(|v| !v.message.is_empty()));
    assert!(bare.list().iter().all(|v| v.message.is_empty()));
}

#[test]
fn cover_max_is_the_need_unless_a_max_is_given() {
    let p = problem(&two_people("", ""));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,duty,Day,binh");
    let day02 = slot(&p, "duty", "Day", "2026-03-02");
    let v = of_rule(&p, &r, "cover");
    let over = v.iter().find(|v| v.slots == vec![day02]).expect("two people on a need-1 slot is too many");
    assert!(over.message.contains("more than the maximum"), "{}", over.message);

    let text = two_people("", "").replace(
        r#"{ name = "Day", start = "07:30", end = "19:30" }"#,
        r#"{ name = "Day", start = "07:30", end = "19:30", need = 1, max = 2 }"#,
    );
    let p = problem(&text);
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,duty,Day,binh");
    assert!(of_rule(&p, &r, "cover").iter().all(|v| !v.slots.contains(&day02)));
}

#[test]
fn demand_changes_the_need_of_one_slot_only() {
    let text = format!(
        "{}\n[[demand]]\npost = \"duty\"\nshift = \"Night\"\ndate = 2026-03-03\nneed = 2\n",
        two_people("", "")
    );
    let p = problem(&text);
    let n03 = slot(&p, "duty", "Night", "2026-03-03");
    let n02 = slot(&p, "duty", "Night", "2026-03-02");
    assert_eq!(p.slots[n03].need, 2);
    assert_eq!(p.slots[n02].need, 1);
    let one = assignments(&p, "2026-03-03,duty,Night,an\n2026-03-02,duty,Night,binh");
    let v = of_rule(&p, &one, "cover");
    assert!(v.iter().any(|v| v.slots == vec![n03] && v.message.contains("needs 2")), "{v:#?}");
    assert!(v.iter().all(|v| v.slots != vec![n02]));
    let two = assignments(&p, "2026-03-03,duty,Night,an\n2026-03-03,duty,Night,binh");
    assert!(of_rule(&p, &two, "cover").iter().all(|v| v.slots != vec![n03]));
}

#[test]
fn soft_cover_is_never_a_violation_below_need() {
    let text = two_people("", "").replace("name = \"Duty\"", "name = \"Duty\"\ncover = \"soft\"\nunder_weight = 3");
    let p = problem(&text);
    let r = assignments(&p, "");
    assert_keeps(&p, &r, "cover");
    // … but it is priced: 6 places short × 3.
    let c = rules::costs(&p, &r);
    assert!((c.get(rules::Tier::SoftCover) - 18.0).abs() < 1e-9, "{c:?}");
    assert_eq!(c.get(rules::Tier::Unfilled), 0.0);
}

// -------------------------------------------------------------------- roles

#[test]
fn roles_only_people_with_a_role_may_hold_a_post() {
    let text = two_people("", "roles = [\"leader\"]").replace("name = \"Duty\"", "name = \"Duty\"\nroles = [\"leader\"]");
    let p = problem(&text);
    let bad = assignments(&p, "2026-03-02,duty,Day,binh");
    let v = assert_breaks(&p, &bad, "roles", "binh");
    assert!(v[0].message.contains("lacks a role"), "{}", v[0].message);
    let good = assignments(&p, "2026-03-02,duty,Day,an");
    assert_keeps(&p, &good, "roles");
    // The pair is forbidden outright (no MILP variable).
    assert!(rules::forbidden(&p, person(&p, "binh"), slot(&p, "duty", "Day", "2026-03-02")));
    assert!(!rules::forbidden(&p, person(&p, "an"), slot(&p, "duty", "Day", "2026-03-02")));
}

// ----------------------------------------------------------------- requires

#[test]
fn requires_asks_for_skilled_people_per_slot() {
    let text = format!(
        "{HEAD}\n[[post]]\nid = \"soc\"\nrequires = [ {{ skill = \"security\", at_least = 1 }} ]\n\
         shifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\", need = 2 }} ]\n\
         [[staff]]\nid = \"an\"\nname = \"An\"\nskills = [\"security\"]\n\
         [[staff]]\nid = \"binh\"\nname = \"Bình\"\n[[staff]]\nid = \"chi\"\nname = \"Chi\"\n"
    );
    let p = problem(&text);
    let s = slot(&p, "soc", "All", "2026-03-02");
    let bad = assignments(&p, "2026-03-02,soc,All,binh\n2026-03-02,soc,All,chi");
    let v = of_rule(&p, &bad, "requires");
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].slots, vec![s]);
    assert!(v[0].message.contains("security"), "{}", v[0].message);
    let good = assignments(&p, "2026-03-02,soc,All,an\n2026-03-02,soc,All,chi");
    assert_keeps(&p, &good, "requires");
    // An unskilled person may not take the one place kept for a skilled one…
    let one_unskilled = assignments(&p, "2026-03-02,soc,All,binh");
    assert_keeps(&p, &one_unskilled, "requires");
    // … and the explanation for the second place says so.
    let why = rules::explain(&p, &one_unskilled, person(&p, "chi"), s);
    assert!(why.iter().any(|v| v.rule == "requires"), "{why:#?}");
}

// -------------------------------------------------------------- unavailable

#[test]
fn unavailable_date_covers_the_whole_day() {
    let p = problem(&two_people("", "unavailable = [\"2026-03-03\"]"));
    // Day 03/03 and the night 02/03 19:30–03/03 07:30 both touch the day.
    for row in ["2026-03-03,duty,Day,an", "2026-03-02,duty,Night,an"] {
        let r = assignments(&p, row);
        let v = assert_breaks(&p, &r, "unavailable", "an");
        assert!(v[0].message.contains("unavailable"), "{}", v[0].message);
    }
    // The day shift of 02/03 ends at 19:30 the day before: fine.
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-04,duty,Day,an");
    assert_keeps(&p, &r, "unavailable");
}

#[test]
fn unavailable_date_range_includes_both_days() {
    let p = problem(&two_people("", "unavailable = [ { from = 2026-03-03, to = 2026-03-04 } ]"));
    for row in ["2026-03-03,duty,Day,an", "2026-03-04,duty,Night,an", "2026-03-02,duty,Night,an"] {
        assert_breaks(&p, &assignments(&p, row), "unavailable", "an");
    }
    assert_keeps(&p, &assignments(&p, "2026-03-02,duty,Day,an"), "unavailable");
    // Someone else is not concerned.
    assert_keeps(&p, &assignments(&p, "2026-03-03,duty,Day,binh"), "unavailable");
}

#[test]
fn unavailable_time_range_meeting_at_an_end_point_is_not_an_overlap() {
    let p = problem(&two_people(
        "",
        "unavailable = [ { from = 2026-03-02T19:30:00, to = 2026-03-03T07:30:00 } ]",
    ));
    assert_breaks(&p, &assignments(&p, "2026-03-02,duty,Night,an"), "unavailable", "an");
    // Day 02/03 ends at 19:30 exactly when the range starts; Day 03/03 starts
    // at 07:30 exactly when it ends.
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an");
    assert_keeps(&p, &r, "unavailable");
    // A one-minute overlap is an overlap.
    let p = problem(&two_people(
        "",
        "unavailable = [ { from = 2026-03-02T19:29:00, to = 2026-03-02T19:30:00 } ]",
    ));
    assert_breaks(&p, &assignments(&p, "2026-03-02,duty,Day,an"), "unavailable", "an");
    assert_keeps(&p, &assignments(&p, "2026-03-02,duty,Night,an"), "unavailable");
}

#[test]
fn unavailable_date_strings_work_like_toml_dates() {
    let a = problem(&two_people("", "unavailable = [ { from = \"2026-03-03\", to = \"2026-03-03\" } ]"));
    assert_breaks(&a, &assignments(&a, "2026-03-03,duty,Day,an"), "unavailable", "an");
}

// ------------------------------------------------------------ rest, overlap

#[test]
fn rest_exactly_min_rest_hours_is_fine_one_minute_less_is_not() {
    let p = problem(&two_people("min_rest_hours = 12", ""));
    // Day 02/03 ends 19:30; Day 03/03 starts 07:30: 12 h of rest.
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an");
    assert_keeps(&p, &r, "min_rest_hours");
    let p = problem(&two_people("min_rest_hours = 12.5", ""));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an");
    let v = assert_breaks(&p, &r, "min_rest_hours", "an");
    assert!(v[0].message.contains("rest"), "{}", v[0].message);
}

#[test]
fn back_to_back_shifts_need_min_rest_zero() {
    let p = problem(&two_people("min_rest_hours = 0", ""));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,duty,Night,an");
    assert_keeps(&p, &r, "min_rest_hours");
    let p = problem(&two_people("min_rest_hours = 1", ""));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,duty,Night,an");
    assert_breaks(&p, &r, "min_rest_hours", "an");
}

#[test]
fn one_place_at_a_time_across_posts_even_without_rest() {
    let text = format!(
        "{HEAD}\n{DUTY_POST}\n[[post]]\nid = \"phone\"\nshifts = [ {{ name = \"Day\", start = \"07:30\", end = \"19:30\" }}, \
         {{ name = \"Night\", start = \"19:30\", end = \"07:30\" }} ]\n[[staff]]\nid = \"an\"\nname = \"An\"\n"
    );
    let p = problem(&text);
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,phone,Day,an");
    let v = assert_breaks(&p, &r, "min_rest_hours", "an");
    assert!(v[0].message.contains("two places at once"), "{}", v[0].message);
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,phone,Night,an");
    assert_keeps(&p, &r, "min_rest_hours");
}

#[test]
fn per_person_min_rest_hours_beats_the_default() {
    let p = problem(&two_people("min_rest_hours = 0", "min_rest_hours = 24"));
    let r = assignments(
        &p,
        "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-02,duty,Night,binh\n2026-03-03,duty,Night,binh",
    );
    assert_breaks(&p, &r, "min_rest_hours", "an");
    assert!(of_rule(&p, &r, "min_rest_hours").iter().all(|v| who(&p, v).as_deref() == Some("an")));
}

// ------------------------------------------------------- shift counts/hours

#[test]
fn max_shifts_and_a_per_person_override() {
    let p = problem(&two_people("max_shifts = 1", "max_shifts = 3"));
    let r = assignments(
        &p,
        "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an\n\
         2026-03-02,duty,Night,binh\n2026-03-03,duty,Night,binh",
    );
    assert_breaks(&p, &r, "max_shifts", "binh");
    assert!(of_rule(&p, &r, "max_shifts").iter().all(|v| who(&p, v).as_deref() == Some("binh")));
    let r = assignments(&p, "2026-03-02,duty,Night,binh\n2026-03-02,duty,Day,an");
    assert_keeps(&p, &r, "max_shifts");
}

#[test]
fn max_shifts_zero_forbids_every_slot() {
    let p = problem(&two_people("", "max_shifts = 0"));
    let an = person(&p, "an");
    assert!((0..p.slots.len()).all(|s| rules::forbidden(&p, an, s)));
    assert_breaks(&p, &assignments(&p, "2026-03-02,duty,Day,an"), "max_shifts", "an");
}

#[test]
fn min_shifts_counts_a_person_with_no_shift() {
    let p = problem(&two_people("min_shifts = 2", "min_shifts = 1"));
    let r = assignments(&p, "2026-03-02,duty,Day,binh");
    let v = assert_breaks(&p, &r, "min_shifts", "binh");
    assert!(v[0].message.contains("only 1"), "{}", v[0].message);
    // an (override 1) has none at all.
    assert_breaks(&p, &r, "min_shifts", "an");
    let r = assignments(&p, "2026-03-02,duty,Day,binh\n2026-03-03,duty,Day,binh\n2026-03-02,duty,Night,an");
    assert_keeps(&p, &r, "min_shifts");
}

#[test]
fn max_hours_counts_hours_and_allows_equality() {
    let p = problem(&two_people("max_hours = 24", ""));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an");
    assert_keeps(&p, &r, "max_hours");
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an");
    let v = assert_breaks(&p, &r, "max_hours", "an");
    assert!(v[0].message.contains("36"), "{}", v[0].message);
}

#[test]
fn min_hours_counts_hours_and_allows_equality() {
    let p = problem(&two_people("", "min_hours = 24"));
    let r = assignments(&p, "2026-03-02,duty,Day,an");
    assert_breaks(&p, &r, "min_hours", "an");
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Night,an");
    assert_keeps(&p, &r, "min_hours");
}

#[test]
fn hours_of_cut_slots_are_the_cut_hours() {
    // The period starts at 13:30: the first day shift is cut to 6 hours.
    let text = two_people("max_hours = 6", "").replace("start = 2026-03-02T07:30:00", "start = 2026-03-02T13:30:00");
    let p = problem(&text);
    let first = slot(&p, "duty", "Day", "2026-03-02");
    assert!((p.slots[first].hours - 6.0).abs() < 1e-9);
    assert_keeps(&p, &assignments(&p, "2026-03-02,duty,Day,an"), "max_hours");
    assert_breaks(&p, &assignments(&p, "2026-03-03,duty,Day,an"), "max_hours", "an");
}

// ------------------------------------------------------------ runs of days

#[test]
fn max_consecutive_days_applies_to_every_run() {
    let p = problem(&week("max_consecutive_days = 2"));
    // Runs touching the first date count too.
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-04,duty,Night,an");
    let v = assert_breaks(&p, &r, "max_consecutive_days", "an");
    assert!(v[0].message.contains("3 days in a row"), "{}", v[0].message);
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-05,duty,Day,an\n2026-03-06,duty,Day,an");
    assert_keeps(&p, &r, "max_consecutive_days");
    // A night shift belongs to the date it starts on: Night 04 then Day 05 are two days.
    let r = assignments(&p, "2026-03-04,duty,Night,an\n2026-03-05,duty,Day,an");
    assert_keeps(&p, &r, "max_consecutive_days");
}

#[test]
fn max_consecutive_days_per_person_override() {
    let text = week("max_consecutive_days = 1").replace("name = \"An\"\n", "name = \"An\"\nmax_consecutive_days = 3\n");
    let p = problem(&text);
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an\n2026-03-06,duty,Day,binh");
    assert_keeps(&p, &r, "max_consecutive_days");
    let r = assignments(&p, "2026-03-05,duty,Day,binh\n2026-03-06,duty,Day,binh");
    assert_breaks(&p, &r, "max_consecutive_days", "binh");
}

#[test]
fn min_consecutive_days_in_the_middle() {
    let p = problem(&week("min_consecutive_days = 2"));
    let r = assignments(&p, "2026-03-04,duty,Day,an");
    let v = assert_breaks(&p, &r, "min_consecutive_days", "an");
    assert!(v[0].message.contains("only 1"), "{}", v[0].message);
    let r = assignments(&p, "2026-03-04,duty,Day,an\n2026-03-05,duty,Night,an");
    assert_keeps(&p, &r, "min_consecutive_days");
}

#[test]
fn min_consecutive_days_exempts_a_run_touching_the_first_date() {
    let p = problem(&week("min_consecutive_days = 3"));
    let r = assignments(&p, "2026-03-02,duty,Day,an");
    assert_keeps(&p, &r, "min_consecutive_days");
}

#[test]
fn min_consecutive_days_exempts_a_run_touching_the_last_date() {
    // The period ends on 09/03 at 07:30: the last slots start on 08/03 (the
    // night ends at the period's end). A run on that last duty date is at
    // the end of the period.
    let p = problem(&week("min_consecutive_days = 3"));
    let r = assignments(&p, "2026-03-08,duty,Night,an");
    assert_keeps(&p, &r, "min_consecutive_days");
    let r = assignments(&p, "2026-03-07,duty,Night,an\n2026-03-08,duty,Night,an");
    assert_keeps(&p, &r, "min_consecutive_days");
    // One day earlier it is not at the end.
    let r = assignments(&p, "2026-03-07,duty,Night,an");
    assert_breaks(&p, &r, "min_consecutive_days", "an");
}

#[test]
fn min_days_off_between_two_duties() {
    let p = problem(&week("min_days_off = 2"));
    let r = assignments(&p, "2026-03-03,duty,Day,an\n2026-03-05,duty,Day,an");
    let v = assert_breaks(&p, &r, "min_days_off", "an");
    assert!(v[0].message.contains("only 1 day(s) off"), "{}", v[0].message);
    let r = assignments(&p, "2026-03-03,duty,Day,an\n2026-03-06,duty,Day,an");
    assert_keeps(&p, &r, "min_days_off");
    // Consecutive days are no days off at all.
    let r = assignments(&p, "2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an");
    assert_keeps(&p, &r, "min_days_off");
}

#[test]
fn min_days_off_exempts_runs_touching_the_ends() {
    let p = problem(&week("min_days_off = 3"));
    // Off on 02 only (touches the first date), off from 05 to the end.
    let r = assignments(&p, "2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an");
    assert_keeps(&p, &r, "min_days_off");
    let r = assignments(&p, "2026-03-07,duty,Night,an");
    assert_keeps(&p, &r, "min_days_off");
}

// ----------------------------------------------------------------- weekends

#[test]
fn max_weekends_counts_weekends_by_slot_start() {
    // Friday 06/03 to Monday 16/03: weekends 07–08 and 14–15.
    let text = week("max_weekends = 1")
        .replace("start = 2026-03-02T07:30:00", "start = 2026-03-06T07:30:00")
        .replace("end = 2026-03-09T07:30:00", "end = 2026-03-16T07:30:00");
    let p = problem(&text);
    let r = assignments(&p, "2026-03-07,duty,Day,an\n2026-03-15,duty,Day,an");
    let v = assert_breaks(&p, &r, "max_weekends", "an");
    assert!(v[0].message.contains("2 weekends"), "{}", v[0].message);
    // Saturday and Sunday of the same weekend are one weekend.
    let r = assignments(&p, "2026-03-07,duty,Day,an\n2026-03-08,duty,Night,an");
    assert_keeps(&p, &r, "max_weekends");
    // A Friday night that runs into Saturday starts on Friday: no weekend.
    let r = assignments(&p, "2026-03-06,duty,Night,an\n2026-03-13,duty,Night,an\n2026-03-14,duty,Day,an");
    assert_keeps(&p, &r, "max_weekends");
    // A Sunday night that runs into Monday is a weekend.
    let r = assignments(&p, "2026-03-08,duty,Night,an\n2026-03-14,duty,Day,an");
    assert_breaks(&p, &r, "max_weekends", "an");
}

// ------------------------------------------------------ per day, per shift

#[test]
fn max_per_day_counts_slots_starting_that_date() {
    let p = problem(&two_people("max_per_day = 1", ""));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-02,duty,Night,an");
    let v = assert_breaks(&p, &r, "max_per_day", "an");
    assert_eq!(v[0].slots.len(), 2);
    let r = assignments(&p, "2026-03-02,duty,Night,an\n2026-03-03,duty,Day,an");
    assert_keeps(&p, &r, "max_per_day");
}

#[test]
fn max_per_shift_by_shift_name() {
    let p = problem(&two_people("max_per_shift = { \"Night\" = 1 }", ""));
    let r = assignments(&p, "2026-03-02,duty,Night,an\n2026-03-04,duty,Night,an");
    let v = assert_breaks(&p, &r, "max_per_shift", "an");
    assert!(v[0].message.contains("Night"), "{}", v[0].message);
    let r = assignments(&p, "2026-03-02,duty,Night,an\n2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an");
    assert_keeps(&p, &r, "max_per_shift");
}

#[test]
fn max_per_shift_zero_means_never_and_overrides_the_default() {
    let p = problem(&two_people("max_per_shift = { \"Night\" = 3 }", "max_per_shift = { \"Night\" = 0 }"));
    let an = person(&p, "an");
    let n = slot(&p, "duty", "Night", "2026-03-03");
    assert!(rules::forbidden(&p, an, n));
    assert!(!rules::forbidden(&p, person(&p, "binh"), n));
    assert_breaks(&p, &assignments(&p, "2026-03-03,duty,Night,an"), "max_per_shift", "an");
    assert_keeps(&p, &assignments(&p, "2026-03-03,duty,Night,binh\n2026-03-04,duty,Night,binh"), "max_per_shift");
}

#[test]
fn no_next_day_bans_a_shift_the_day_after_another() {
    let p = problem(&two_people("no_next_day = { \"Night\" = [\"Day\"] }", ""));
    let r = assignments(&p, "2026-03-02,duty,Night,an\n2026-03-03,duty,Day,an");
    let v = assert_breaks(&p, &r, "no_next_day", "an");
    assert!(v[0].message.contains("the day after"), "{}", v[0].message);
    // Two days later, or the other way round, is fine.
    let r = assignments(&p, "2026-03-02,duty,Night,an\n2026-03-04,duty,Day,an\n2026-03-02,duty,Day,binh\n2026-03-03,duty,Night,binh");
    assert_keeps(&p, &r, "no_next_day");
}

// -------------------------------------------------------------------- fixed

/// The roster file with Bình fixed on the night of 3 March.
fn with_binh_fixed_on_the_night_of_03(roster: String) -> String {
    format!("{roster}\n[[fixed]]\nstaff = \"binh\"\npost = \"duty\"\ndate = 2026-03-03\nshift = \"Night\"\n")
}

#[test]
fn fixed_assignment_must_be_kept() {
    let p = problem(&with_binh_fixed_on_the_night_of_03(two_people("", "")));
    let r = assignments(&p, "2026-03-03,duty,Night,an");
    let v = assert_breaks(&p, &r, "fixed", "binh");
    assert!(v[0].message.contains("fixed assignment dropped"), "{}", v[0].message);
    assert_keeps(&p, &assignments(&p, "2026-03-03,duty,Night,binh"), "fixed");
}

#[test]
fn fixed_without_shift_on_a_single_shift_post() {
    let text = format!(
        "{HEAD}\n[[post]]\nid = \"lead\"\nshifts = [ {{ name = \"All\", start = \"07:30\", end = \"07:30\" }} ]\n\
         [[staff]]\nid = \"an\"\nname = \"An\"\n[[fixed]]\nstaff = \"an\"\npost = \"lead\"\ndate = 2026-03-04\n"
    );
    let p = problem(&text);
    assert_eq!(p.fixed.len(), 1);
    assert_breaks(&p, &assignments(&p, ""), "fixed", "an");
    assert_keeps(&p, &assignments(&p, "2026-03-04,lead,All,an"), "fixed");
}

// ---------------------------------------------------------- vietnamese words

#[test]
fn messages_follow_the_roster_language() {
    let text = two_people("max_shifts = 1", "unavailable = [\"2026-03-03\"]").replace("language = \"en\"", "language = \"vi\"");
    let p = problem(&text);
    let r = assignments(&p, "2026-03-03,duty,Day,an\n2026-03-04,duty,Day,an");
    let v = rules::check_all(&p, &r);
    let unavailable = v.iter().find(|v| v.rule == "unavailable").expect("unavailable");
    assert!(unavailable.message.contains("báo bận"), "{}", unavailable.message);
    let max = v.iter().find(|v| v.rule == "max_shifts").expect("max_shifts");
    assert!(max.message.contains("tối đa"), "{}", max.message);
    assert!(max.describe(&p).starts_with("An: "), "{}", max.describe(&p));
}

// ------------------------------------------------- explain and allows agree

#[test]
fn explain_names_the_rule_that_stops_a_person() {
    let p = problem(&week("max_consecutive_days = 2\nmin_rest_hours = 12"));
    let r = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an");
    let an = person(&p, "an");
    let why = rules::explain(&p, &r, an, slot(&p, "duty", "Day", "2026-03-04"));
    assert!(why.iter().any(|v| v.rule == "max_consecutive_days"), "{why:#?}");
    let why = rules::explain(&p, &r, an, slot(&p, "duty", "Night", "2026-03-03"));
    assert!(why.iter().any(|v| v.rule == "min_rest_hours"), "{why:#?}");
    // Nothing stops Bình.
    let why = rules::explain(&p, &r, person(&p, "binh"), slot(&p, "duty", "Day", "2026-03-04"));
    assert!(why.iter().all(|v| v.rule != "max_consecutive_days" && v.rule != "min_rest_hours"), "{why:#?}");
    let mut r2 = r.clone();
    assert!(!rules::allows(&p, &mut r2, an, slot(&p, "duty", "Day", "2026-03-04")));
    assert!(rules::allows(&p, &mut r2, person(&p, "binh"), slot(&p, "duty", "Day", "2026-03-04")));
    assert_eq!(r2, r, "allows must leave the roster as it was");
}

// ------------------------------------------------------------ wishes charged

#[test]
fn wishes_charge_the_people_whose_wish_the_roster_misses() {
    let p = problem(&two_people(
        "",
        "avoid = [ { date = 2026-03-03, shift = \"Night\" } ]\nprefer = [ { date = 2026-03-04 } ]",
    ));
    let an = person(&p, "an");
    let wishes = rules::Tier::of_wishes(&p);
    // An works the night An wanted to avoid and not the day An asked for.
    let missed = assignments(&p, "2026-03-03,duty,Night,an\n2026-03-04,duty,Day,binh");
    assert_eq!(rules::charged(&p, &missed, wishes), vec![an]);
    // Only the avoid wish missed; then only the prefer wish.
    let avoid_only = assignments(&p, "2026-03-03,duty,Night,an\n2026-03-04,duty,Day,an");
    assert_eq!(rules::charged(&p, &avoid_only, wishes), vec![an]);
    let prefer_only = assignments(&p, "2026-03-03,duty,Day,an");
    assert_eq!(rules::charged(&p, &prefer_only, wishes), vec![an]);
    // Both wishes met: nobody is charged; nor in any other tier.
    let kept = assignments(&p, "2026-03-03,duty,Day,an\n2026-03-04,duty,Night,an");
    assert!(rules::charged(&p, &kept, wishes).is_empty());
    assert!(rules::charged(&p, &missed, rules::Tier::MaxBurden).is_empty());
    // The days the charges are about: the night avoided, the day asked for.
    let day = |date: &str| p.day_index(date.parse().expect("date")).expect("in the period");
    let (night_avoided, day_asked) = ((an, day("2026-03-03")), (an, day("2026-03-04")));
    assert_ne!(night_avoided, day_asked);
    assert_eq!(rules::charged_days(&p, &missed, wishes), vec![night_avoided, day_asked]);
    assert_eq!(rules::charged_days(&p, &avoid_only, wishes), vec![night_avoided]);
    assert_eq!(rules::charged_days(&p, &prefer_only, wishes), vec![day_asked]);
    assert!(rules::charged_days(&p, &kept, wishes).is_empty());
    assert!(rules::charged_days(&p, &missed, rules::Tier::MaxBurden).is_empty());
}

#[test]
fn broken_minimums_charge_the_people_short_of_them() {
    let p = problem(&with_binh_fixed_on_the_night_of_03(two_people("min_shifts = 1", "min_hours = 24")));
    let (an, binh) = (person(&p, "an"), person(&p, "binh"));
    let broken = rules::Tier::Broken;
    // An works 12 hours of the 24 An must; Bình has no shift, and so
    // neither the one every person must nor Bình's fixed night.
    let short = assignments(&p, "2026-03-02,duty,Day,an");
    assert_eq!(rules::charged(&p, &short, broken), vec![an, binh]);
    // Bình's one shift is not the fixed night: Bình is still charged.
    let off_night = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-02,duty,Night,binh");
    assert_eq!(rules::charged(&p, &off_night, broken), vec![binh]);
    // Every minimum met: nobody is charged, and no other tier charges
    // for minimums.
    let met = assignments(&p, "2026-03-02,duty,Day,an\n2026-03-03,duty,Day,an\n2026-03-03,duty,Night,binh");
    assert!(rules::charged(&p, &met, broken).is_empty());
    assert!(rules::charged(&p, &short, rules::Tier::of_wishes(&p)).is_empty());
}
