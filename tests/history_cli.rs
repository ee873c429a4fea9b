//! The history ledger: `lichtruc history add/show`, `[period] history`, and
//! fairness across holidays.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;

/// A one-post roster (one 24-hour shift a day) for Tết of `year`; `extra`
/// goes into the [period] table; `d_away` makes "d" unavailable all Tết.
fn roster_text(year: i32, extra: &str, d_away: bool) -> String {
    let mut s = format!(
        r#"[roster]
title = "Trực cơ quan Tết {year}"
organization = "Văn phòng Thử nghiệm"

[period]
holiday = "tet"
year = {year}
{extra}

[rules]
min_rest_hours = 12

[[post]]
id = "duty"
name = "Trực cơ quan"
shifts = [ {{ name = "Cả ngày", start = "07:30", end = "07:30" }} ]
"#
    );
    for (id, name) in [("a", "Nguyễn Văn An"), ("b", "Trần Thị Bình"), ("c", "Lê Văn Cường"), ("d", "Phạm Thị Dung")] {
        s += &format!("\n[[staff]]\nid = \"{id}\"\nname = \"{name}\"\n");
        if d_away && id == "d" {
            s += &format!("unavailable = [ {{ from = {year}-01-01, to = {year}-03-31 }} ]\n");
        }
    }
    s
}

fn lichtruc() -> Command {
    Command::cargo_bin("lichtruc").unwrap()
}

/// Solves with --json; returns each person's (burden, past burden).
fn solve(roster: &Path, out: &Path) -> BTreeMap<String, (f64, f64)> {
    let output = lichtruc()
        .arg("solve")
        .arg(roster)
        .arg("-o")
        .arg(out)
        .args(["--time-limit", "5", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (p["id"].as_str().unwrap().to_string(), (p["burden"].as_f64().unwrap(), p["past_burden"].as_f64().unwrap()))
        })
        .collect()
}

fn spread(values: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = values.collect();
    v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
}

#[test]
fn two_consecutive_tet_rosters_balance_the_sum() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Tết 2025: Dung is away, the three others share it all.
    std::fs::write(dir.join("tet-2025.toml"), roster_text(2025, "", true)).unwrap();
    let first = solve(&dir.join("tet-2025.toml"), &dir.join("out-2025"));
    assert_eq!(first["d"].0, 0.0);
    lichtruc().args(["history", "add"]).arg(dir.join("out-2025")).arg("--file").arg(dir.join("history.toml")).assert().success();
    // Adding the same roster again does not count it twice.
    lichtruc()
        .args(["history", "add"])
        .arg(dir.join("out-2025"))
        .arg("--file")
        .arg(dir.join("history.toml"))
        .assert()
        .success()
        .stdout(predicates::str::contains("already holds"));
    let ledger = std::fs::read_to_string(dir.join("history.toml")).unwrap();
    assert_eq!(ledger.lines().filter(|l| *l == "[[roster]]").count(), 1, "{ledger}");

    // Tết 2026 with the ledger (relative to the roster file's folder), and
    // without it for comparison.
    std::fs::write(dir.join("tet-2026.toml"), roster_text(2026, "history = \"history.toml\"", false)).unwrap();
    std::fs::write(dir.join("tet-2026-alone.toml"), roster_text(2026, "", false)).unwrap();
    let with = solve(&dir.join("tet-2026.toml"), &dir.join("out-2026"));
    let alone = solve(&dir.join("tet-2026-alone.toml"), &dir.join("out-2026-alone"));
    for id in ["a", "b", "c", "d"] {
        assert_eq!(with[id].1, first[id].0, "{id}: past burden is last year's burden");
        assert_eq!(alone[id].1, 0.0);
    }
    // Dung, who was away last year, carries the most this year.
    for id in ["a", "b", "c"] {
        assert!(with["d"].0 > with[id].0, "d {:?} vs {id} {:?}", with["d"], with[id]);
    }
    // The sum over both years is more even than without the ledger.
    let total = |this: &BTreeMap<String, (f64, f64)>| {
        let t: Vec<f64> = ["a", "b", "c", "d"].iter().map(|id| first[*id].0 + this[*id].0).collect();
        t
    };
    let (s_with, s_alone) = (spread(total(&with).into_iter()), spread(total(&alone).into_iter()));
    assert!(s_with < s_alone, "spread of the two-year sum: {s_with} with the ledger, {s_alone} without");
    let max = |v: Vec<f64>| v.into_iter().fold(f64::MIN, f64::max);
    assert!(max(total(&with)) < max(total(&alone)));

    // A roster in the ledger never counts for itself: add 2026, solve it
    // again, and the past is still only 2025.
    lichtruc().args(["history", "add"]).arg(dir.join("out-2026")).arg("--file").arg(dir.join("history.toml")).assert().success();
    let again = solve(&dir.join("tet-2026.toml"), &dir.join("out-2026b"));
    for id in ["a", "b", "c", "d"] {
        assert_eq!(again[id].1, first[id].0);
    }
    // `history show` lists both rosters and every person.
    let shown = lichtruc().args(["history", "show", "--file"]).arg(dir.join("history.toml")).output().unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.contains("Trực cơ quan Tết 2025") && text.contains("Trực cơ quan Tết 2026"), "{text}");
    assert!(text.contains("Phạm Thị Dung"), "{text}");
    let shown = lichtruc().args(["history", "show", "--json", "--file"]).arg(dir.join("history.toml")).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json["rosters"].as_array().unwrap().len(), 2);
    let d = json["people"].as_array().unwrap().iter().find(|p| p["id"] == "d").unwrap();
    assert_eq!(d["burden"].as_f64().unwrap(), with["d"].0);
}

#[test]
fn edited_roster_csv_needs_the_roster_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("r.toml"), roster_text(2026, "", false)).unwrap();
    solve(&dir.join("r.toml"), &dir.join("out"));
    // Hand edit: swap the first two people's names in roster.csv is too
    // fiddly; removing the last row is an edit too.
    let csv = std::fs::read_to_string(dir.join("out/roster.csv")).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    lines.pop();
    std::fs::write(dir.join("out/roster.csv"), lines.join("\n") + "\n").unwrap();
    lichtruc()
        .args(["history", "add"])
        .arg(dir.join("out"))
        .arg("--file")
        .arg(dir.join("h.toml"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--roster"));
    lichtruc()
        .args(["history", "add"])
        .arg(dir.join("out"))
        .arg("--file")
        .arg(dir.join("h.toml"))
        .arg("--roster")
        .arg(dir.join("r.toml"))
        .assert()
        .success();
    let ledger = lichtruc::history::Ledger::load(&dir.join("h.toml")).unwrap();
    let shifts: usize = ledger.roster[0].person.iter().map(|p| p.shifts).sum();
    assert_eq!(shifts, lines.len() - 1, "figures from the edited roster.csv");
}

/// Someone who worked Giao thừa last year is the last choice for it this
/// year, all else equal: three people with the same past burden, one of
/// whom had Giao thừa; three 24-hour days around Giao thừa 2026 (16/02).
#[test]
fn giao_thua_last_year_is_the_last_choice() {
    for eve_worker in ["a", "b", "c"] {
        let tmp = tempfile::tempdir().unwrap();
        let mut ledger = String::from(
            "[[roster]]\nid = \"00000000000000aa\"\ntitle = \"Trực Tết 2025\"\norganization = \"Văn phòng\"\n\
             start = \"2025-01-28T07:30:00\"\nend = \"2025-01-31T07:30:00\"\nroster_csv = \"0\"\n",
        );
        for id in ["a", "b", "c"] {
            let eve = usize::from(id == eve_worker);
            ledger += &format!(
                "\n[[roster.person]]\nid = \"{id}\"\nname = \"{id}\"\nshifts = 1\nhours = 24.0\nnights = 1\nholiday_hours = 24.0\nburden = 3.0\ntet_eve = {eve}\n"
            );
        }
        std::fs::write(tmp.path().join("history.toml"), ledger).unwrap();
        let roster = r#"[roster]
title = "Trực Giao thừa 2026"
organization = "Văn phòng"

[period]
start = 2026-02-15T07:30:00
end = 2026-02-18T07:30:00
history = "history.toml"

[rules]
min_rest_hours = 12

[[post]]
id = "duty"
name = "Trực cơ quan"
shifts = [ { name = "Cả ngày", start = "07:30", end = "07:30" } ]

[[staff]]
id = "a"
name = "An"

[[staff]]
id = "b"
name = "Bình"

[[staff]]
id = "c"
name = "Cường"
"#;
        let path = tmp.path().join("roster.toml");
        std::fs::write(&path, roster).unwrap();
        let (problem, _) = lichtruc::input::parse_file(&path).unwrap();
        let who = problem.person_index(eve_worker).unwrap();
        assert_eq!(problem.staff[who].past_tet_eve, 1.0);
        assert!(problem.staff.iter().all(|p| p.past_burden == 3.0));
        let eve = (0..problem.slots.len()).find(|&s| problem.is_tet_eve(s)).expect("a slot starts on Giao thừa");
        let options = lichtruc::solve::SolveOptions { time_limit: std::time::Duration::from_secs(5), ..Default::default() };
        let outcome = lichtruc::solve::solve(&problem, &options);
        assert!(outcome.roster.unfilled(&problem).is_empty());
        assert_eq!(outcome.roster.people(eve).len(), 1);
        assert_ne!(outcome.roster.people(eve), [who], "{eve_worker} worked Giao thừa last year and got it again");
        assert_eq!(outcome.costs.get(lichtruc::rules::Tier::Rotation), 0.0);
    }
}
