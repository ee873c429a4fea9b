//! `lichtruc solve --previous OLD_DIR`: a revision changes only what must
//! change, untouched people's calendars stay byte-identical, a lost shift is
//! cancelled in the calendar (checked with the `icalendar` crate's parser
//! and, when installed, Python's `icalendar`), and re-running is idempotent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use chrono::{NaiveDate, NaiveDateTime};
use icalendar::parser::{read_calendar, unfold};

/// A small Tết 2026 roster: a 24-hour leader post and a day/night
/// technical post; `unavailable` marks one person off on one date.
fn roster_text(unavailable: Option<(&str, &str)>) -> String {
    let mut s = String::from(
        r#"[roster]
title = "Lịch trực thử nghiệm điều chỉnh"
organization = "Phòng Thử nghiệm"
issued = 2026-02-05
hotline = "0205 000 000"

[period]
holiday = "tet"
year = 2026

[rules]
min_rest_hours = 12
max_consecutive_days = 2

[[post]]
id = "leader"
name = "Lãnh đạo trực"
roles = ["leader"]
shifts = [ { name = "Cả ngày", start = "07:30", end = "07:30" } ]

[[post]]
id = "tech"
name = "Cán bộ kỹ thuật"
roles = ["technical"]
shifts = [
  { name = "Ngày", start = "07:30", end = "19:30" },
  { name = "Đêm", start = "19:30", end = "07:30", weight = 1.5 },
]
"#,
    );
    let people = [
        ("l1", "Lê Văn Một", "leader"),
        ("l2", "Lê Thị Hai", "leader"),
        ("l3", "Lê Văn Ba", "leader"),
        ("t1", "Trần Văn Bốn", "technical"),
        ("t2", "Trần Thị Năm", "technical"),
        ("t3", "Trần Văn Sáu", "technical"),
        ("t4", "Trần Thị Bảy", "technical"),
        ("t5", "Trần Văn Tám", "technical"),
        ("t6", "Trần Thị Chín", "technical"),
    ];
    for (id, name, role) in people {
        s += &format!("\n[[staff]]\nid = \"{id}\"\nname = \"{name}\"\nphone = \"0900 000 {id}\"\nroles = [\"{role}\"]\n");
        if let Some((who, date)) = unavailable {
            if who == id {
                s += &format!("unavailable = [\"{date}\"]\n");
            }
        }
    }
    s
}

fn solve(roster: &Path, out: &Path, previous: Option<&Path>, json: bool) -> std::process::Output {
    let mut cmd = Command::cargo_bin("lichtruc").unwrap();
    cmd.arg("solve").arg(roster).arg("-o").arg(out).args(["--time-limit", "5"]);
    if let Some(p) = previous {
        cmd.arg("--previous").arg(p);
    }
    if json {
        cmd.arg("--json");
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "solve failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.insert(p.strip_prefix(base).unwrap().display().to_string(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A row of roster.csv: (date, post, shift, start, end, staff_id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    date: String,
    post: String,
    shift: String,
    start: NaiveDateTime,
    end: NaiveDateTime,
    staff: String,
}

impl Row {
    fn slot(&self) -> (String, String, String) {
        (self.date.clone(), self.post.clone(), self.shift.clone())
    }
}

fn rows(dir: &Path) -> BTreeSet<Row> {
    let mut r = csv::Reader::from_path(dir.join("roster.csv")).unwrap();
    let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            Row {
                date: rec[0].to_string(),
                post: rec[1].to_string(),
                shift: rec[2].to_string(),
                start: t(&rec[3]),
                end: t(&rec[4]),
                staff: rec[5].to_string(),
            }
        })
        .collect()
}

struct Setup {
    _tmp: tempfile::TempDir,
    roster: std::path::PathBuf,
    old: std::path::PathBuf,
    new: std::path::PathBuf,
    /// The person made unavailable and the date.
    who: String,
    date: NaiveDate,
    json: serde_json::Value,
}

/// Solves the roster, makes the person on the tech day shift of 18/02
/// unavailable that day, and re-solves with --previous.
fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let roster = tmp.path().join("roster.toml");
    std::fs::write(&roster, roster_text(None)).unwrap();
    let old = tmp.path().join("old");
    solve(&roster, &old, None, false);
    let who = rows(&old)
        .into_iter()
        .find(|r| r.date == "2026-02-18" && r.post == "tech" && r.shift == "Ngày")
        .expect("someone on the 18/02 day shift")
        .staff;
    std::fs::write(&roster, roster_text(Some((&who, "2026-02-18")))).unwrap();
    let new = tmp.path().join("new");
    let out = solve(&roster, &new, Some(&old), true);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    Setup { _tmp: tmp, roster, old, new, who, date: NaiveDate::from_ymd_opt(2026, 2, 18).unwrap(), json }
}

fn overlaps(a: &Row, b: &Row) -> bool {
    a.start < b.end && b.start < a.end
}

#[test]
fn revision_after_unavailability_changes_only_what_must_change() {
    let s = setup();
    let before = rows(&s.old);
    let after = rows(&s.new);
    let day_start = s.date.and_hms_opt(0, 0, 0).unwrap();
    let day_end = day_start + chrono::Duration::days(1);
    // What must change: the person's shifts that touch the day off.
    let must: BTreeSet<Row> =
        before.iter().filter(|r| r.staff == s.who && r.start < day_end && r.end > day_start).cloned().collect();
    assert!(!must.is_empty());
    let removed: BTreeSet<Row> = before.difference(&after).cloned().collect();
    let added: BTreeSet<Row> = after.difference(&before).cloned().collect();
    assert_eq!(removed, must, "only the assignments the new rule forbids are dropped");
    // Each dropped place is taken by someone else, on the same slot, and
    // nothing else is added.
    let slots = |set: &BTreeSet<Row>| set.iter().map(Row::slot).collect::<Vec<_>>();
    assert_eq!(slots(&added), slots(&removed), "the same places, filled again");
    assert!(added.iter().all(|r| r.staff != s.who && !r.staff.is_empty()));

    // The JSON change list says the same.
    let changes = &s.json["changes"];
    assert_eq!(changes["total"], serde_json::json!(removed.len() + added.len()));
    assert_eq!(s.json["objective"]["changes"], serde_json::json!((removed.len() + added.len()) as f64));
    let people: Vec<&str> = changes["people"].as_array().unwrap().iter().map(|p| p["staff_id"].as_str().unwrap()).collect();
    let mut expected: BTreeSet<&str> = added.iter().map(|r| r.staff.as_str()).collect();
    expected.insert(s.who.as_str());
    assert_eq!(people.iter().copied().collect::<BTreeSet<_>>(), expected);
    let unchanged: BTreeSet<&str> = changes["unchanged"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(unchanged.len() + people.len(), 9, "everyone is either changed or listed as unchanged");

    // Calendars: the people not affected — no change of their own and no
    // shift at the same time as a changed place (whose events name the
    // people on duty alongside) — have byte-identical files.
    let old_tree = read_tree(&s.old);
    let new_tree = read_tree(&s.new);
    let changed_places: Vec<&Row> = removed.iter().chain(added.iter()).collect();
    let mut untouched = 0;
    for id in ["l1", "l2", "l3", "t1", "t2", "t3", "t4", "t5", "t6"] {
        let file = format!("calendar/{id}.ics");
        let affected = expected.contains(id)
            || before.iter().chain(after.iter()).any(|r| r.staff == id && changed_places.iter().any(|c| overlaps(r, c)));
        let same = old_tree[&file] == new_tree[&file];
        if !affected {
            untouched += 1;
            assert!(same, "{file}: untouched, but its bytes changed");
        }
        if expected.contains(id) {
            assert!(!same, "{file}: the person's shifts changed, the file must too");
            let text = String::from_utf8(new_tree[&file].clone()).unwrap();
            assert!(unfold(&text).contains("X-WR-CALDESC:Lịch đã điều chỉnh"), "{file}: no note at the top");
        }
        let listed = changes["calendars_changed"].as_array().unwrap().iter().any(|v| v.as_str() == Some(&file));
        assert_eq!(listed, !same, "{file}: calendars_changed");
    }
    assert!(untouched > 0, "the test should have untouched people");
    assert_ne!(old_tree["calendar/all.ics"], new_tree["calendar/all.ics"]);
    // The amendment notice.
    let html = String::from_utf8(new_tree["changes.html"].clone()).unwrap();
    assert!(html.contains("<title>Thông báo điều chỉnh lịch trực</title>"));
    assert!(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(html.contains("Không thay đổi lịch trực:"));
    let _ = &s.roster;
}

/// Every VEVENT of a file: UID → (STATUS, SEQUENCE), read with the
/// `icalendar` crate's parser.
fn events(text: &str) -> BTreeMap<String, (String, u32)> {
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).expect("parses");
    cal.components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            let get = |n: &str| c.find_prop(n).map(|p| p.val.as_str().to_string()).unwrap_or_default();
            (get("UID"), (get("STATUS"), get("SEQUENCE").parse().unwrap()))
        })
        .collect()
}

/// The same with Python's `icalendar`, if it is installed.
fn python_events(path: &Path) -> Option<BTreeMap<String, (String, u32)>> {
    let script = r#"
import json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps({str(e['UID']): [str(e.get('STATUS', '')), int(e.get('SEQUENCE', 0))] for e in cal.walk('VEVENT')}))
"#;
    let out = std::process::Command::new("python3").arg("-c").arg(script).arg(path).output().ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("ModuleNotFoundError"), "Python's icalendar rejects {}: {err}", path.display());
        return None;
    }
    let v: BTreeMap<String, (String, u32)> = serde_json::from_slice(&out.stdout).unwrap();
    Some(v)
}

#[test]
fn lost_shift_is_cancelled_in_the_calendar_and_revision_is_idempotent() {
    let s = setup();
    let file = format!("calendar/{}.ics", s.who);
    let old_text = String::from_utf8(std::fs::read(s.old.join(&file)).unwrap()).unwrap();
    let new_text = String::from_utf8(std::fs::read(s.new.join(&file)).unwrap()).unwrap();
    let old_events = events(&old_text);
    let new_events = events(&new_text);
    let lost: Vec<Row> = rows(&s.old).difference(&rows(&s.new)).filter(|r| r.staff == s.who).cloned().collect();
    assert!(!lost.is_empty());
    for r in &lost {
        let uid = new_events
            .keys()
            .find(|u| u.contains(&format!("-{}-{}-{}@", r.post, r.start.format("%Y%m%dT%H%M"), s.who)))
            .unwrap_or_else(|| panic!("the lost shift {r:?} is still in {file}"));
        assert_eq!(old_events[uid], ("CONFIRMED".to_string(), 0));
        assert_eq!(new_events[uid], ("CANCELLED".to_string(), 1), "{uid}");
    }
    // Every other event: same UID; SEQUENCE kept when the bytes are the
    // same, raised by one when the event changed.
    let old_tree = read_tree(&s.old);
    let new_tree = read_tree(&s.new);
    for (name, bytes) in new_tree.iter().filter(|(n, _)| n.starts_with("calendar/")) {
        let new = events(std::str::from_utf8(bytes).unwrap());
        let old = events(std::str::from_utf8(&old_tree[name]).unwrap());
        for (uid, (status, seq)) in &new {
            match old.get(uid) {
                None => assert_eq!((status.as_str(), *seq), ("CONFIRMED", 0), "{name} {uid}: a new event"),
                Some((_, old_seq)) => assert!(*seq == *old_seq || *seq == old_seq + 1, "{name} {uid}"),
            }
        }
        assert!(old.keys().all(|u| new.contains_key(u)), "{name}: an old event vanished instead of being cancelled");
        if let Some(py_new) = python_events(&s.new.join(name)) {
            assert_eq!(py_new, new, "{name}: Python's icalendar reads the same");
        }
    }

    // The same revision again gives the same bytes.
    let again = s.new.with_file_name("again");
    solve(&s.roster, &again, Some(&s.old), false);
    assert_eq!(read_tree(&again), new_tree, "re-running the same revision");

    // Revising the revision (nothing changed since) changes nothing: no
    // raised SEQUENCE, no new cancellation, every calendar byte-identical.
    let third = s.new.with_file_name("third");
    let out = solve(&s.roster, &third, Some(&s.new), true);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changes"]["total"], 0);
    assert_eq!(json["changes"]["calendars_changed"], serde_json::json!([]));
    let third_tree = read_tree(&third);
    for (name, bytes) in &new_tree {
        if name != "changes.html" {
            assert_eq!(&third_tree[name], bytes, "{name} differs after a revision with no change");
        }
    }
}
