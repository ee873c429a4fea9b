//! Bad roster files: every kind of mistake gives an `InputError` whose text
//! has `file:line:column` pointing at the right line, and plain words.

mod common;

use lichtruc::input::{parse_str, InputError};

/// A valid roster; each test breaks one thing in it.
const GOOD: &str = r#"[roster]
title = "Test"
language = "en"
timezone = "Asia/Ho_Chi_Minh"

[period]
start = 2026-03-02T07:30:00
end = 2026-03-05T07:30:00

[rules]
min_rest_hours = 12
max_per_shift = { "Night" = 2 }
no_next_day = { "Night" = ["Day"] }

[burden]
weekend = 1.5

[[post]]
id = "duty"
name = "Duty"
shifts = [
  { name = "Day", start = "07:30", end = "19:30" },
  { name = "Night", start = "19:30", end = "07:30", weight = 1.5 },
]

[[staff]]
id = "an"
name = "An"
unavailable = ["2026-03-04"]
avoid = [ { date = 2026-03-02, shift = "Night", weight = 2 } ]
prefer = [ { date = 2026-03-03, shift = "Day" } ]

[[staff]]
name = "Bình"

[[demand]]
post = "duty"
shift = "Night"
date = 2026-03-03
need = 1

[[fixed]]
staff = "an"
post = "duty"
date = 2026-03-02
shift = "Day"
"#;

/// GOOD with the first occurrence of `from` replaced by `to`.
fn with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "GOOD has no {from:?}");
    GOOD.replacen(from, to, 1)
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in the text"));
    text[..at].matches('\n').count() + 1
}

fn error(text: &str) -> InputError {
    match parse_str(text, "bad.toml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// Asserts that the error names `bad.toml:LINE:COLUMN` on the line holding
/// `needle` and that its words contain every one of `words`.
fn assert_error(text: &str, needle: &str, words: &[&str]) -> String {
    let e = error(text);
    let shown = e.to_string();
    let line = line_of(text, needle);
    let prefix = format!("bad.toml:{line}:");
    let hit = shown.lines().find(|l| l.starts_with(&prefix));
    let Some(hit) = hit else {
        panic!("expected an error on line {line} ({needle:?}), got:\n{shown}");
    };
    let column: String = hit[prefix.len()..].chars().take_while(char::is_ascii_digit).collect();
    assert!(!column.is_empty() && column != "0", "no column in {hit:?}");
    for w in words {
        assert!(hit.contains(w), "expected {w:?} in {hit:?}");
    }
    hit.to_string()
}

#[test]
fn the_good_roster_reads() {
    let p = parse_str(GOOD, "good.toml").unwrap();
    assert_eq!(p.staff.len(), 2);
    assert_eq!(p.staff[1].id, "binh");
    assert_eq!(p.fixed.len(), 1);
}

// ------------------------------------------------------------- unknown keys

#[test]
fn unknown_key_at_the_top_level() {
    let text = with("[rules]", "colour = \"red\"\n[rules]");
    // The key lands in [period]; a genuinely top-level key goes before any table.
    assert_error(&text, "colour", &["colour"]);
    let text = format!("colour = \"red\"\n{GOOD}");
    assert_error(&text, "colour", &["unknown", "colour"]);
}

#[test]
fn unknown_table() {
    let text = format!("{GOOD}\n[extras]\nx = 1\n");
    assert_error(&text, "[extras]", &["extras"]);
}

#[test]
fn unknown_key_in_staff() {
    let text = with("name = \"Bình\"", "name = \"Bình\"\nnickname = \"B\"");
    assert_error(&text, "nickname", &["unknown", "nickname"]);
}

#[test]
fn unknown_key_in_a_shift() {
    let text = with("end = \"19:30\" }", "end = \"19:30\", colour = \"blue\" }");
    assert_error(&text, "colour", &["unknown", "colour"]);
}

#[test]
fn unknown_key_in_rules_and_roster() {
    assert_error(&with("min_rest_hours = 12", "min_rest = 12"), "min_rest", &["min_rest"]);
    assert_error(&with("title = \"Test\"", "titel = \"Test\""), "titel", &["titel"]);
}

#[test]
fn unknown_key_in_an_unavailable_range() {
    let text = with("unavailable = [\"2026-03-04\"]", "unavailable = [ { from = 2026-03-03, until = 2026-03-04 } ]");
    assert_error(&text, "until", &["until"]);
}

// ---------------------------------------------------------------- bad types

#[test]
fn wrong_types() {
    assert_error(&with("min_rest_hours = 12", "min_rest_hours = \"12\""), "min_rest_hours", &[]);
    assert_error(&with("need = 1", "need = \"one\""), "need = \"one\"", &[]);
    assert_error(&with("name = \"Bình\"", "name = 7"), "name = 7", &[]);
    assert_error(&with("max_per_shift = { \"Night\" = 2 }", "max_per_shift = { \"Night\" = -1 }"), "max_per_shift", &[]);
}

// ------------------------------------------------------------- dates, times

#[test]
fn bad_dates() {
    let hit = assert_error(&with("unavailable = [\"2026-03-04\"]", "unavailable = [\"2026-02-30\"]"), "2026-02-30", &[]);
    assert!(hit.contains("date"), "{hit}");
    assert_error(&with("date = 2026-03-03\nneed", "date = \"3/3/2026\"\nneed"), "3/3/2026", &["date"]);
    assert_error(&with("start = 2026-03-02T07:30:00", "start = \"tomorrow\""), "tomorrow", &["date"]);
    // An offset is not a local time.
    assert_error(&with("start = 2026-03-02T07:30:00", "start = 2026-03-02T07:30:00+07:00"), "+07:00", &["offset"]);
}

#[test]
fn bad_times() {
    for bad in ["7:30", "25:00", "07h30", "24:00", "07:60"] {
        let text = with("start = \"07:30\", end = \"19:30\"", &format!("start = \"{bad}\", end = \"19:30\""));
        assert_error(&text, &format!("\"{bad}\""), &["HH:MM", bad]);
    }
}

#[test]
fn end_before_start_in_the_period() {
    let text = with("end = 2026-03-05T07:30:00", "end = 2026-03-01T07:30:00");
    assert_error(&text, "end = 2026-03-01", &["not after"]);
    let text = with("end = 2026-03-05T07:30:00", "end = 2026-03-02T07:30:00");
    assert_error(&text, "end = 2026-03-02", &["not after"]);
}

#[test]
fn end_before_start_in_unavailable_ranges() {
    let text = with("unavailable = [\"2026-03-04\"]", "unavailable = [ { from = 2026-03-04, to = 2026-03-03 } ]");
    assert_error(&text, "from = 2026-03-04", &["before"]);
    let text = with(
        "unavailable = [\"2026-03-04\"]",
        "unavailable = [ { from = 2026-03-04T07:30:00, to = 2026-03-04T07:30:00 } ]",
    );
    assert_error(&text, "from = 2026-03-04T07:30", &["not after"]);
    let text = with("unavailable = [\"2026-03-04\"]", "unavailable = [ { from = 2026-03-04, to = 2026-03-04T07:30:00 } ]");
    assert_error(&text, "from = 2026-03-04", &["both"]);
}

#[test]
fn end_before_start_in_days_off() {
    let text = with(
        "start = 2026-03-02T07:30:00\nend = 2026-03-05T07:30:00",
        "holiday = \"tet\"\nyear = 2027\ndays_off = { from = 2027-02-10, to = 2027-02-04 }",
    );
    assert_error(&text, "days_off", &["before"]);
}

// ------------------------------------------------------- cross references

#[test]
fn unknown_staff_post_shift_in_fixed() {
    assert_error(&with("staff = \"an\"", "staff = \"nobody\""), "\"nobody\"", &["nobody"]);
    let text = with("[[fixed]]\nstaff = \"an\"\npost = \"duty\"", "[[fixed]]\nstaff = \"an\"\npost = \"gate\"");
    assert_error(&text, "\"gate\"", &["gate", "duty"]);
    let text = with("date = 2026-03-02\nshift = \"Day\"", "date = 2026-03-02\nshift = \"Evening\"");
    assert_error(&text, "\"Evening\"", &["Evening"]);
    let text = with("date = 2026-03-02\nshift = \"Day\"", "date = 2026-04-02\nshift = \"Day\"");
    assert_error(&text, "2026-04-02", &["no such slot"]);
}

#[test]
fn unknown_post_shift_date_in_demand() {
    let text = with("post = \"duty\"\nshift = \"Night\"", "post = \"gate\"\nshift = \"Night\"");
    assert_error(&text, "\"gate\"", &["gate"]);
    let text = with("post = \"duty\"\nshift = \"Night\"", "post = \"duty\"\nshift = \"Evening\"");
    assert_error(&text, "\"Evening\"", &["Evening"]);
    let text = with("date = 2026-03-03\nneed", "date = 2026-04-03\nneed");
    assert_error(&text, "2026-04-03", &["not a date of the period"]);
}

#[test]
fn unknown_shift_in_wishes() {
    assert_error(&with("shift = \"Night\", weight = 2", "shift = \"Nite\", weight = 2"), "Nite", &["Nite"]);
    assert_error(&with("shift = \"Day\" }", "shift = \"Dya\" }"), "Dya", &["Dya"]);
}

#[test]
fn wish_date_outside_the_period() {
    assert_error(&with("date = 2026-03-03, shift = \"Day\"", "date = 2026-05-03, shift = \"Day\""), "2026-05-03", &["outside"]);
}

#[test]
fn unknown_shift_in_max_per_shift_and_no_next_day() {
    assert_error(&with("max_per_shift = { \"Night\" = 2 }", "max_per_shift = { \"Nite\" = 2 }"), "Nite", &["Nite"]);
    assert_error(&with("no_next_day = { \"Night\" = [\"Day\"] }", "no_next_day = { \"Nite\" = [\"Day\"] }"), "Nite", &["Nite"]);
    assert_error(&with("no_next_day = { \"Night\" = [\"Day\"] }", "no_next_day = { \"Night\" = [\"Dya\"] }"), "Dya", &["Dya"]);
    // Per person too.
    let text = with("name = \"Bình\"", "name = \"Bình\"\nmax_per_shift = { \"Evening\" = 1 }");
    assert_error(&text, "Evening", &["Evening"]);
}

// ---------------------------------------------------------------- duplicates

#[test]
fn duplicate_post_ids() {
    let text = format!("{GOOD}\n[[post]]\nid = \"duty\"\nshifts = [ {{ name = \"All\", start = \"00:00\", end = \"00:00\" }} ]\n");
    let second = text.rfind("id = \"duty\"").unwrap();
    let line = text[..second].matches('\n').count() + 1;
    let shown = error(&text).to_string();
    assert!(shown.contains(&format!("bad.toml:{line}:")), "{shown}");
    assert!(shown.contains("two posts have the id"), "{shown}");
}

#[test]
fn duplicate_staff_ids() {
    let text = format!("{GOOD}\n[[staff]]\nid = \"an\"\nname = \"Another An\"\n");
    let second = text.rfind("id = \"an\"").unwrap();
    let line = text[..second].matches('\n').count() + 1;
    let shown = error(&text).to_string();
    assert!(shown.contains(&format!("bad.toml:{line}:")), "{shown}");
    assert!(shown.contains("already used"), "{shown}");
}

#[test]
fn two_names_with_the_same_slug() {
    let text = format!("{GOOD}\n[[staff]]\nname = \"Lê Văn An\"\n[[staff]]\nname = \"Le Van An\"\n");
    let shown = assert_error(&text, "\"Le Van An\"", &["le-van-an", "already used", "id"]);
    assert!(shown.contains("Lê Văn An"), "{shown}");
}

#[test]
fn a_name_with_no_letters_needs_an_id() {
    let text = with("name = \"Bình\"", "name = \"???\"");
    assert_error(&text, "\"???\"", &["id"]);
}

// ------------------------------------------------------ gaps and overlaps

#[test]
fn shifts_leaving_a_gap_name_the_hours() {
    let text = with("{ name = \"Night\", start = \"19:30\"", "{ name = \"Night\", start = \"21:00\"");
    assert_error(&text, "shifts = [", &["19:30–21:00", "duty", "continuous = false"]);
}

#[test]
fn shifts_overlapping_name_the_hours() {
    let text = with("{ name = \"Night\", start = \"19:30\"", "{ name = \"Night\", start = \"18:00\"");
    assert_error(&text, "shifts = [", &["18:00–19:30", "overlap"]);
}

#[test]
fn a_gap_is_fine_with_continuous_false() {
    let text = with("name = \"Duty\"", "name = \"Duty\"\ncontinuous = false")
        .replacen("{ name = \"Night\", start = \"19:30\"", "{ name = \"Night\", start = \"21:00\"", 1);
    parse_str(&text, "ok.toml").unwrap();
}

// ------------------------------------------------- unknown names of things

#[test]
fn unknown_holiday() {
    let text = with("start = 2026-03-02T07:30:00\nend = 2026-03-05T07:30:00", "holiday = \"christmas\"\nyear = 2026");
    assert_error(&text, "christmas", &["christmas", "tet"]);
}

#[test]
fn unknown_language() {
    assert_error(&with("language = \"en\"", "language = \"fr\""), "\"fr\"", &["fr", "vi"]);
}

#[test]
fn unknown_time_zone() {
    assert_error(&with("timezone = \"Asia/Ho_Chi_Minh\"", "timezone = \"Asia/Saigon City\""), "Saigon City", &["time zone"]);
}

#[test]
fn unknown_cover_kind() {
    assert_error(&with("name = \"Duty\"", "name = \"Duty\"\ncover = \"maybe\""), "maybe", &["maybe"]);
}

// ---------------------------------------------------------- negative numbers

#[test]
fn negative_weights() {
    assert_error(&with("weekend = 1.5", "weekend = -1.5"), "weekend = -1.5", &["≥ 0"]);
    assert_error(&with("weight = 1.5 }", "weight = -1.5 }"), "weight = -1.5", &["≥ 0"]);
    assert_error(&with("shift = \"Night\", weight = 2", "shift = \"Night\", weight = -2"), "weight = -2", &["≥ 0"]);
    assert_error(&with("min_rest_hours = 12", "min_rest_hours = -1"), "min_rest_hours = -1", &["≥ 0"]);
    assert_error(&with("min_rest_hours = 12", "min_rest_hours = nan"), "min_rest_hours = nan", &["≥ 0"]);
    let soft = with("name = \"Duty\"", "name = \"Duty\"\ncover = \"soft\"\nunder_weight = -3");
    assert_error(&soft, "under_weight = -3", &["≥ 0"]);
}

#[test]
fn negative_counts_are_type_errors() {
    assert_error(&with("need = 1", "need = -1"), "need = -1", &[]);
    assert_error(&with("min_rest_hours = 12", "max_shifts = -2"), "max_shifts = -2", &[]);
}

// ------------------------------------------------------------- other rules

#[test]
fn max_consecutive_days_zero_is_refused_with_its_line() {
    assert_error(&with("min_rest_hours = 12", "max_consecutive_days = 0"), "max_consecutive_days = 0", &["at least 1"]);
    let text = with("name = \"Bình\"", "name = \"Bình\"\nmax_consecutive_days = 0");
    assert_error(&text, "max_consecutive_days = 0", &["at least 1"]);
}

#[test]
fn max_below_need() {
    assert_error(&with("end = \"19:30\" }", "end = \"19:30\", need = 2, max = 1 }"), "max = 1", &["less than need"]);
}

#[test]
fn fixed_assignment_of_an_unavailable_person() {
    let text = with("date = 2026-03-02\nshift = \"Day\"", "date = 2026-03-04\nshift = \"Day\"");
    let hit = assert_error(&text, "staff = \"an\"", &["unavailable"]);
    assert!(hit.contains("An"), "{hit}");
}

#[test]
fn fixed_assignment_without_the_role() {
    let text = with("name = \"Duty\"", "name = \"Duty\"\nroles = [\"tech\"]").replacen("id = \"an\"\nname = \"An\"", "id = \"an\"\nname = \"An\"\nroles = [\"tech\"]", 1);
    parse_str(&text, "ok.toml").unwrap();
    let text = with("name = \"Duty\"", "name = \"Duty\"\nroles = [\"tech\"]");
    // An has no role now; the fixed assignment cannot be kept.
    let hit = assert_error(&text, "staff = \"an\"", &["lacks a role"]);
    assert_eq!(hit.matches("lacks a role").count(), 1, "the reason is repeated: {hit}");
}

#[test]
fn missing_sections() {
    let no_posts: String = {
        let start = GOOD.find("[[post]]").unwrap();
        let end = GOOD.find("[[staff]]").unwrap();
        format!("{}{}", &GOOD[..start], &GOOD[end..])
            .replace("max_per_shift = { \"Night\" = 2 }\n", "")
            .replace("no_next_day = { \"Night\" = [\"Day\"] }\n", "")
    };
    let e = error(&no_posts);
    assert!(e.to_string().contains("[[post]]"), "{e}");
    let no_period = GOOD.replacen("[period]\nstart = 2026-03-02T07:30:00\nend = 2026-03-05T07:30:00\n", "", 1);
    let e = error(&no_period);
    assert!(e.to_string().contains("period"), "{e}");
}

#[test]
fn history_decay_out_of_range_and_without_a_history_file() {
    let text = with(
        "end = 2026-03-05T07:30:00",
        "end = 2026-03-05T07:30:00\nhistory = \"history.toml\"\nhistory_decay = 1.5",
    );
    assert_error(&text, "history_decay", &["history_decay", "at most 1"]);
    let text = with("end = 2026-03-05T07:30:00", "end = 2026-03-05T07:30:00\nhistory_years = 2");
    assert_error(&text, "history_years", &["history_years", "history"]);
}

#[test]
fn staff_id_all_is_reserved_for_the_office_calendar() {
    let text = GOOD.replacen("[[staff]]", "[[staff]]\nid = \"all\"\nname = \"Tất cả\"\n\n[[staff]]", 1);
    assert_error(&text, "\"all\"", &["reserved", "all.ics"]);
}

#[test]
fn every_diagnostic_of_a_file_is_reported() {
    let text = with("language = \"en\"", "language = \"fr\"").replacen("weekend = 1.5", "weekend = -1", 1);
    let e = error(&text);
    assert!(e.diagnostics.len() >= 2, "{e}");
    assert!(e.diagnostics.iter().all(|d| d.position.is_some()), "{e}");
}

#[test]
fn positions_count_characters_on_vietnamese_lines() {
    // "Bình" has a 2-byte character; the column is counted in characters.
    let text = with("name = \"Bình\"", "name = \"Bình\"\nunit = \"Phòng\" ; x = 1");
    let e = error(&text);
    let line = line_of(&text, "unit = \"Phòng\"");
    assert!(e.to_string().contains(&format!("bad.toml:{line}:")), "{e}");
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"[roster]\ntitle = \"L\xe9\"\n").unwrap();
    let e = lichtruc::input::parse_file(&path).unwrap_err();
    assert!(e.to_string().contains("UTF-8"), "{e}");
}

#[test]
fn fixed_assignment_blocked_by_two_rules_gives_each_reason_once() {
    // An has no role for the post and is unavailable that day.
    let text = with("name = \"Duty\"", "name = \"Duty\"\nroles = [\"tech\"]")
        .replacen("date = 2026-03-02\nshift = \"Day\"", "date = 2026-03-04\nshift = \"Day\"", 1);
    let hit = assert_error(&text, "staff = \"an\"", &["lacks a role", "unavailable"]);
    assert_eq!(hit.matches("lacks a role").count(), 1, "{hit}");
    assert_eq!(hit.matches("unavailable").count(), 1, "{hit}");
}
