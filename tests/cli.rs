//! The `lichtruc` command line: exit codes, what is written (and what is
//! not), `check`, `--json` and the CSV formula guard.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const HEADER: &str = "date,post,shift,start,end,staff_id,staff_name,phone";

/// Two people, one day/night post over three days: fillable.
const FILLABLE: &str = r#"[roster]
language = "en"

[period]
start = 2026-03-02T07:30:00
end = 2026-03-05T07:30:00

[rules]
min_rest_hours = 12

[[post]]
id = "duty"
name = "Duty"
shifts = [
  { name = "Day", start = "07:30", end = "19:30" },
  { name = "Night", start = "19:30", end = "07:30" },
]

[[staff]]
id = "an"
name = "An"
phone = "0912 000 001"
unavailable = [ { from = 2026-03-04T07:30:00, to = 2026-03-04T19:30:00 } ]

[[staff]]
id = "binh"
name = "Bình"
phone = "0912 000 002"
"#;

/// One person for two 24-hour posts: one place a day stays empty.
const IMPOSSIBLE: &str = r#"[roster]
language = "en"

[period]
start = 2026-03-02T07:30:00
end = 2026-03-03T07:30:00

[[post]]
id = "lead"
name = "Lead"
shifts = [ { name = "All", start = "07:30", end = "07:30" } ]

[[post]]
id = "tech"
name = "Tech"
shifts = [ { name = "All", start = "07:30", end = "07:30" } ]

[[staff]]
id = "an"
name = "An"
"#;

fn lichtruc() -> Command {
    Command::cargo_bin("lichtruc").expect("the binary is built")
}

/// A temp dir holding `roster.toml` with this text.
fn setup(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn solve(roster: &Path, out: &Path) -> assert_cmd::assert::Assert {
    lichtruc()
        .arg("solve")
        .arg(roster)
        .arg("-o")
        .arg(out)
        .args(["--time-limit", "5"])
        .assert()
}

/// Every entry of a folder, recursively, as paths relative to it.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn solve_fillable_exits_0_and_writes_the_csv() {
    let (dir, roster) = setup(FILLABLE);
    let out = dir.path().join("out");
    solve(&roster, &out).code(0);
    let csv = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 6, "one row per slot: {csv}");
    for row in &rows {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells.len(), 8, "{row}");
        assert!(cells[5] == "an" || cells[5] == "binh", "{row}");
        assert!(cells[3].starts_with("2026-03-0") && cells[3].contains('T'), "{row}");
        assert!(cells[7].starts_with("0912"), "{row}");
    }
    // An is unavailable for the day shift of 04/03: it is Bình's.
    assert!(rows.iter().filter(|r| r.starts_with("2026-03-04,duty,Day")).all(|r| r.contains(",binh,")), "{csv}");
    // No temp files left behind.
    assert!(listing(&out).iter().all(|f| !f.contains(".tmp") && !f.starts_with(".lichtruc")), "{:?}", listing(&out));
}

#[test]
fn solve_impossible_exits_1_explains_and_still_writes() {
    let (dir, roster) = setup(IMPOSSIBLE);
    let out = dir.path().join("out");
    solve(&roster, &out)
        .code(1)
        .stdout(predicate::str::contains("UNFILLED"))
        .stdout(predicate::str::contains("An: "))
        .stdout(predicate::str::contains("two places at once"));
    let csv = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert_eq!(csv.lines().next(), Some(HEADER));
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(rows.iter().filter(|r| r[5].is_empty()).count(), 1, "one unfilled row: {csv}");
    assert_eq!(rows.iter().filter(|r| r[5] == "an").count(), 1, "{csv}");
}

fn assert_bad_input(text: &str, line: usize) {
    let (dir, roster) = setup(text);
    let out = dir.path().join("out");
    let assert = solve(&roster, &out).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let expected = format!("roster.toml:{line}:");
    assert!(stderr.contains(&expected), "expected {expected} in {stderr}");
    let column_ok = stderr
        .split(&expected)
        .nth(1)
        .is_some_and(|rest| rest.chars().next().is_some_and(|c| c.is_ascii_digit()));
    assert!(column_ok, "no column after the line in {stderr}");
    assert!(assert.get_output().stdout.is_empty(), "nothing on stdout");
    assert!(!out.exists(), "the output folder was created: {:?}", listing(&out));
    // Nothing else appeared next to the roster.
    assert_eq!(listing(dir.path()), vec!["roster.toml".to_string()]);
}

#[test]
fn solve_bad_input_exits_2_and_writes_nothing() {
    // (text, what stands on the line of the error; its last occurrence)
    let cases: Vec<(String, &str)> = vec![
        (FILLABLE.replace("min_rest_hours = 12", "min_rest = 12"), "min_rest"),
        (FILLABLE.replace("name = \"Bình\"", "name = \"Bình\"\nnick = \"B\""), "nick"),
        (FILLABLE.replace("end = \"19:30\" }", "end = \"19:30\", colour = 1 }"), "colour"),
        (FILLABLE.replace("start = \"07:30\"", "start = \"7:30\""), "\"7:30\""),
        (FILLABLE.replace("from = 2026-03-04T07:30:00", "from = 2026-03-04T07:70:00"), "from = 2026-03-04T07:70"),
        (FILLABLE.replace("end = 2026-03-05T07:30:00", "end = 2026-03-01T07:30:00"), "end = 2026-03-01"),
        (FILLABLE.replace("{ name = \"Night\", start = \"19:30\"", "{ name = \"Night\", start = \"21:00\""), "shifts = ["),
        (FILLABLE.replace("language = \"en\"", "language = \"de\""), "language"),
        (FILLABLE.replace("min_rest_hours = 12", "min_rest_hours = 12\nmax_per_shift = { \"Evening\" = 1 }"), "Evening"),
        (format!("{FILLABLE}\n[[staff]]\nname = \"An\"\nid = \"an\"\n"), "id = \"an\""),
        (format!("{FILLABLE}\n[[fixed]]\nstaff = \"an\"\npost = \"duty\"\ndate = 2026-03-04\nshift = \"Day\"\n"), "staff = \"an\""),
        ("[roster\n".to_string(), "[roster"),
    ];
    for (text, needle) in cases {
        let at = text.rfind(needle).unwrap_or_else(|| panic!("no {needle:?}"));
        let line = text[..at].matches('\n').count() + 1;
        assert_bad_input(&text, line);
    }
}

#[test]
fn solve_bad_input_into_an_existing_folder_adds_nothing() {
    let (dir, roster) = setup(&FILLABLE.replace("language = \"en\"", "language = \"xx\""));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    solve(&roster, &out).code(2);
    assert!(listing(&out).is_empty(), "{:?}", listing(&out));
}

#[test]
fn solve_missing_file_and_bad_time_limit_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    solve(&dir.path().join("nope.toml"), &out).code(2).stderr(predicate::str::contains("nope.toml"));
    let (dir, roster) = setup(FILLABLE);
    let out = dir.path().join("out");
    lichtruc().arg("solve").arg(&roster).arg("-o").arg(&out).args(["--time-limit", "0"]).assert().code(2);
    assert!(!out.exists());
}

#[test]
fn check_accepts_the_solvers_own_roster_and_names_a_broken_rule() {
    let (dir, roster) = setup(FILLABLE);
    let out = dir.path().join("out");
    solve(&roster, &out).code(0);
    let csv_path = out.join("roster.csv");
    lichtruc()
        .arg("check")
        .arg(&roster)
        .arg("--assignments")
        .arg(&csv_path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("keeps every rule"));
    // Hand-edit: put An on the day shift of 04/03, when An is unavailable.
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let edited: String = csv
        .lines()
        .map(|l| {
            if l.starts_with("2026-03-04,duty,Day") {
                l.replace(",binh,Bình,0912 000 002", ",an,An,0912 000 001")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(edited.trim(), csv.trim());
    let bad = dir.path().join("edited.csv");
    std::fs::write(&bad, edited).unwrap();
    lichtruc()
        .arg("check")
        .arg(&roster)
        .arg("--assignments")
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[unavailable]"))
        .stdout(predicate::str::contains("An: unavailable"));
}

#[test]
fn check_exits_2_on_an_unknown_staff_id() {
    let (dir, roster) = setup(FILLABLE);
    let csv = dir.path().join("roster.csv");
    std::fs::write(&csv, format!("{HEADER}\n2026-03-02,duty,Day,,,chi,Chi,\n")).unwrap();
    lichtruc()
        .arg("check")
        .arg(&roster)
        .arg("--assignments")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("roster.csv:2:"))
        .stderr(predicate::str::contains("chi"));
}

#[test]
fn check_exits_2_on_a_csv_without_the_header() {
    let (dir, roster) = setup(FILLABLE);
    let csv = dir.path().join("roster.csv");
    std::fs::write(&csv, "day,who\n2026-03-02,an\n").unwrap();
    lichtruc().arg("check").arg(&roster).arg("--assignments").arg(&csv).assert().code(2);
}

#[test]
fn json_summary_is_valid_json() {
    let (dir, roster) = setup(IMPOSSIBLE);
    let out = dir.path().join("out");
    let assert = lichtruc()
        .arg("solve")
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .args(["--time-limit", "5", "--json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON");
    assert_eq!(v["status"], "unfilled");
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["objective"]["unfilled"], 1.0);
    assert!(v["people"].is_array());
    assert_eq!(v["people"].as_array().unwrap().len(), 1);
    let unfilled = v["unfilled"].as_array().unwrap();
    assert_eq!(unfilled.len(), 1);
    assert_eq!(unfilled[0]["missing"], 1);
    assert!(unfilled[0]["candidates"][0]["reasons"][0].as_str().unwrap().contains("two places"));

    let (dir, roster) = setup(FILLABLE);
    let out = dir.path().join("out");
    let assert = lichtruc()
        .arg("solve")
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .args(["--time-limit", "5", "--json"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["unfilled"].as_array().unwrap().len(), 0);
    assert_eq!(v["objective"]["unfilled"], 0.0);
    for tier in ["broken", "unfilled", "soft_cover", "max_burden", "spread", "wishes"] {
        assert!(v["objective"][tier].is_number(), "objective.{tier}");
    }
}

#[test]
fn csv_cells_are_guarded_against_formulas_and_check_reads_them_back() {
    let text = FILLABLE
        .replace("name = \"An\"", "name = \"=cmd|calc!A1\"")
        .replace("phone = \"0912 000 002\"", "phone = \"+84 912 000 002\"");
    let (dir, roster) = setup(&text);
    let out = dir.path().join("out");
    solve(&roster, &out).code(0);
    let csv_path = out.join("roster.csv");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.contains(",'=cmd|calc!A1,"), "{csv}");
    assert!(!csv.contains(",=cmd"), "{csv}");
    assert!(csv.contains(",'+84 912 000 002"), "{csv}");
    // `check` reads the guarded cells back without the guard.
    lichtruc().arg("check").arg(&roster).arg("--assignments").arg(&csv_path).assert().code(0);
    let (problem, _) = lichtruc::input::parse_file(&roster).unwrap();
    let back = lichtruc::check::read_csv(&problem, &csv, "roster.csv").unwrap();
    assert_eq!(back.len(), 6);
}

#[test]
fn guarded_staff_ids_read_back() {
    // An id that starts with '-' is guarded too.
    let text = FILLABLE.replace("id = \"an\"", "id = \"-an\"");
    let (dir, roster) = setup(&text);
    let out = dir.path().join("out");
    solve(&roster, &out).code(0);
    let csv_path = out.join("roster.csv");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.contains(",'-an,"), "{csv}");
    lichtruc().arg("check").arg(&roster).arg("--assignments").arg(&csv_path).assert().code(0);
}

#[test]
fn check_reports_an_unfilled_row_as_unfilled() {
    let (dir, roster) = setup(IMPOSSIBLE);
    let out = dir.path().join("out");
    solve(&roster, &out).code(1);
    lichtruc()
        .arg("check")
        .arg(&roster)
        .arg("--assignments")
        .arg(out.join("roster.csv"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("UNFILLED"));
}

/// A name that starts with `'` (here `'=Night`) survives the CSV round
/// trip: `check` reads the solver's own CSV back to the same roster.
#[test]
fn a_shift_name_starting_with_a_quote_survives_the_csv_round_trip() {
    let text = FILLABLE.replace("\"Night\"", "\"'=Night\"");
    let (problem, _) = {
        let (dir, roster) = setup(&text);
        let r = lichtruc::input::parse_file(&roster).unwrap();
        drop(dir);
        r
    };
    let roster = lichtruc::solve::solve(&problem, &common::options(5)).roster;
    let csv = String::from_utf8(lichtruc::output::csv::render(&problem, &roster)).unwrap();
    let back = lichtruc::check::read_csv(&problem, &csv, "roster.csv").expect("our own CSV reads back");
    assert_eq!(back, roster);
}
