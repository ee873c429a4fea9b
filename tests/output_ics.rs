//! The calendar files: parse with the `icalendar` crate and with Python's
//! `icalendar`, event times, UIDs, alarms, VTIMEZONE, escaping and folding.

mod output_support;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDateTime, TimeZone, Utc};
use icalendar::parser::{read_calendar, unfold, Component};
use lichtruc::model::Problem;
use lichtruc::output::ics::{self, IcsOptions};
use output_support::*;

fn files(problem: &Problem) -> BTreeMap<String, String> {
    let (roster, _) = all(problem);
    ics::files(problem, &roster, Path::new("out"), IcsOptions::default())
        .into_iter()
        .map(|(p, b)| (p.file_name().unwrap().to_string_lossy().into_owned(), String::from_utf8(b).unwrap()))
        .collect()
}

fn events<'a>(cal: &'a icalendar::parser::Calendar<'a>) -> Vec<&'a Component<'a>> {
    cal.components.iter().filter(|c| c.name.as_str() == "VEVENT").collect()
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> &'a str {
    c.find_prop(name).unwrap_or_else(|| panic!("no {name}")).val.as_str()
}

fn tzid_param(c: &Component<'_>, name: &str) -> String {
    let p = c.find_prop(name).unwrap();
    p.params.iter().find(|x| x.key.as_str() == "TZID").and_then(|x| x.val.as_ref()).unwrap().as_str().to_string()
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").unwrap()
}

#[test]
fn every_file_parses_with_the_icalendar_crate() {
    for (lang, tz) in [("vi", "Asia/Ho_Chi_Minh"), ("en", "Asia/Ho_Chi_Minh"), ("vi", "Europe/Berlin")] {
        let problem = problem_with(lang, tz, true);
        let files = files(&problem);
        assert_eq!(files.len(), problem.staff.len() + 1, "one per person and all.ics");
        for (name, text) in &files {
            let unfolded = unfold(text);
            let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            assert!(cal.components.iter().any(|c| c.name.as_str() == "VTIMEZONE"), "{name}: no VTIMEZONE");
            // The high-level type too.
            let _: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn each_person_gets_their_shifts_at_the_right_local_times() {
    let problem = problem();
    let (roster, _) = all(&problem);
    let files = files(&problem);
    for (p, person) in problem.staff.iter().enumerate() {
        let text = &files[&format!("{}.ics", person.id)];
        let unfolded = unfold(text);
        let cal = read_calendar(&unfolded).unwrap();
        let evs = events(&cal);
        assert_eq!(evs.len(), roster.slots_of(p).len(), "{}", person.id);
        for (ev, &s) in evs.iter().zip(roster.slots_of(p)) {
            let slot = &problem.slots[s];
            assert_eq!(tzid_param(ev, "DTSTART"), "Asia/Ho_Chi_Minh");
            assert_eq!(tzid_param(ev, "DTEND"), "Asia/Ho_Chi_Minh");
            assert_eq!(local(prop(ev, "DTSTART")), slot.start);
            assert_eq!(local(prop(ev, "DTEND")), slot.end);
            assert_eq!(prop(ev, "SEQUENCE"), "0");
            assert_eq!(prop(ev, "DTSTAMP"), "20260319T170000Z", "issued 20/03 at 00:00 in UTC+7");
            let post = &problem.post(slot).id;
            let uid = prop(ev, "UID");
            assert!(
                uid.ends_with(&format!("-{post}-{}-{}@lichtruc", slot.start.format("%Y%m%dT%H%M"), person.id)),
                "{uid}"
            );
            assert!(prop(ev, "SUMMARY").contains(&problem.post(slot).name));
            assert!(prop(ev, "SUMMARY").contains(&problem.shift(slot).name));
            assert_eq!(prop(ev, "LOCATION"), "25 Lê Lợi, TP. Lạng Sơn; tầng 3");
        }
        if !roster.slots_of(p).is_empty() {
            assert!(unfolded.contains("\r\nLOCATION:25 Lê Lợi\\, TP. Lạng Sơn\\; tầng 3\r\n"), "escaped on the wire");
        }
    }
    // The office calendar: one event per slot, unfilled places marked.
    let unfolded = unfold(&files["all.ics"]);
    let cal = read_calendar(&unfolded).unwrap();
    let evs = events(&cal);
    assert_eq!(evs.len(), problem.slots.len());
    let unfilled: Vec<_> = evs.iter().filter(|e| prop(e, "SUMMARY").contains("CHƯA CÓ NGƯỜI")).collect();
    assert_eq!(unfilled.len(), 1, "the leader's 29/03 slot");
    assert!(prop(unfilled[0], "DTSTART").starts_with("20260329T0730"));
}

#[test]
fn descriptions_name_coworkers_leader_hotline_and_notes() {
    let problem = problem();
    let files = files(&problem);
    let unfolded = unfold(&files["hung.ics"]);
    let cal = read_calendar(&unfolded).unwrap();
    let first = events(&cal)[0];
    let d = first.find_prop("DESCRIPTION").unwrap().val.clone().unescape_text();
    let d = d.as_str();
    assert!(d.contains("Cùng trực ca này: <script>alert(1)</script> =cmd|calc!A1 (+84 912 000 111)"), "{d}");
    assert!(d.contains("Lãnh đạo trực: Phương Thị Hương Lan (0912 345 678)"), "{d}");
    assert!(d.contains("Đường dây nóng: 0205 3818 657"), "{d}");
    assert!(d.contains(LONG_NOTE), "{d}");
    // 29/03: the leader's place is unfilled, and the event says so.
    let second = events(&cal)[1];
    let d = second.find_prop("DESCRIPTION").unwrap().val.clone().unescape_text();
    assert!(d.as_str().contains("Lãnh đạo trực: CHƯA CÓ NGƯỜI"), "{}", d.as_str());
    // English text in an English roster.
    let en = files_en();
    let unfolded = unfold(&en["hung.ics"]);
    let cal = read_calendar(&unfolded).unwrap();
    let d = events(&cal)[0].find_prop("DESCRIPTION").unwrap().val.clone().unescape_text();
    assert!(d.as_str().contains("Leader on duty: Phương Thị Hương Lan"), "{}", d.as_str());
    assert!(d.as_str().contains("Hotline: 0205 3818 657"));
    assert!(prop(events(&cal)[0], "SUMMARY").ends_with("Ngày shift"));
}

fn files_en() -> BTreeMap<String, String> {
    files(&problem_with("en", "Asia/Ho_Chi_Minh", true))
}

#[test]
fn uids_are_stable_and_bytes_identical() {
    let problem = problem();
    assert_eq!(files(&problem), files(&problem), "same input, same bytes");
    assert_eq!(files(&problem), files(&lichtruc::input::parse_str(&roster_text("vi", "Asia/Ho_Chi_Minh", true), "x").unwrap()));
    // A re-issued roster (other assignments, other notes) keeps the UIDs of
    // the same post, slot start and person.
    let (roster, _) = all(&problem);
    let mut changed = roster.clone();
    let (p, s) = roster.pairs().next().unwrap();
    changed.unassign(p, s);
    let mut reissued = problem.clone();
    reissued.meta.notes.push("Bổ sung".into());
    let a = ics::office_calendar(&problem, &roster, IcsOptions::default());
    let b = ics::office_calendar(&reissued, &changed, IcsOptions { sequence: 1 });
    let uids = |t: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(t).lines().filter_map(|l| l.strip_prefix("UID:")).map(String::from).collect()
    };
    assert_eq!(uids(&a), uids(&b));
    assert!(String::from_utf8_lossy(&b).contains("SEQUENCE:1"));
    // Every UID of a file is unique, and person UIDs differ from office ones.
    let files = files(&problem);
    let mut seen = std::collections::BTreeSet::new();
    for text in files.values() {
        for uid in uids(text.as_bytes()) {
            assert!(seen.insert(uid.clone()), "duplicate UID {uid}");
        }
    }
    // Another roster (other title) gets other UIDs.
    let mut other = problem.clone();
    other.meta.title = "Lịch trực khác".into();
    assert_ne!(ics::identity(&problem), ics::identity(&other));
}

#[test]
fn two_alarms_evening_before_and_one_hour_before() {
    let problem = problem();
    let files = files(&problem);
    let unfolded = unfold(&files["evil2.ics"]);
    let cal = read_calendar(&unfolded).unwrap();
    let ev = events(&cal)[0]; // Đêm 28/03 19:30: the evening before is 27/03 20:00
    let alarms: Vec<&Component> = ev.components.iter().filter(|c| c.name.as_str() == "VALARM").collect();
    assert_eq!(alarms.len(), 2);
    assert_eq!(prop(alarms[0], "TRIGGER"), "-PT23H30M");
    assert_eq!(prop(alarms[1], "TRIGGER"), "-PT1H");
    for a in &alarms {
        assert_eq!(prop(a, "ACTION"), "DISPLAY");
        assert!(!prop(a, "DESCRIPTION").is_empty());
    }
    let unfolded = unfold(&files["hung.ics"]);
    let cal = read_calendar(&unfolded).unwrap();
    let ev = events(&cal)[0]; // Ngày 28/03 07:30: 11 h 30 after 27/03 20:00
    let alarms: Vec<&Component> = ev.components.iter().filter(|c| c.name.as_str() == "VALARM").collect();
    assert_eq!(prop(alarms[0], "TRIGGER"), "-PT11H30M");
}

#[test]
fn vtimezone_for_vietnam_and_for_a_zone_with_daylight_saving() {
    let problem = problem();
    let files = files(&problem);
    let text = &files["all.ics"];
    let block = &text[text.find("BEGIN:VTIMEZONE").unwrap()..text.find("END:VTIMEZONE").unwrap()];
    assert!(block.contains("TZID:Asia/Ho_Chi_Minh\r\n"));
    assert_eq!(block.matches("BEGIN:STANDARD").count(), 1);
    assert!(!block.contains("DAYLIGHT"));
    assert!(block.contains("TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\n"));

    // Europe/Berlin: the period holds the change of 29/03/2026 02:00 → 03:00.
    let berlin = problem_with("vi", "Europe/Berlin", true);
    let files = self::files(&berlin);
    let text = &files["all.ics"];
    let block = &text[text.find("BEGIN:VTIMEZONE").unwrap()..text.find("END:VTIMEZONE").unwrap()];
    assert!(block.contains("TZID:Europe/Berlin\r\n"));
    assert!(
        block.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"),
        "{block}"
    );
    assert!(text.contains("DTSTART;TZID=Europe/Berlin:20260328T193000\r\n"));
}

#[test]
fn lines_are_crlf_at_most_75_octets_and_never_split_a_character() {
    for (name, text) in files(&problem()) {
        let bytes = text.as_bytes();
        assert!(text.ends_with("\r\n"), "{name}");
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "{name}: bare LF at byte {i}");
            }
        }
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(line.len() <= 75, "{name}: {} octets", line.len());
            assert!(std::str::from_utf8(line).is_ok(), "{name}: a fold split a character");
        }
        // The long Vietnamese note is folded and comes back whole.
        if name == "hung.ics" {
            let unfolded = unfold(&text);
            let escaped = ics::escape_text(LONG_NOTE);
            assert!(unfolded.contains(&escaped), "the note survives folding");
            assert!(!text.contains(&escaped), "the note is long enough to be folded");
        }
    }
}

#[test]
fn python_icalendar_reads_every_file() {
    let present = runs("python3", &["-c", "import icalendar"]);
    if !tool_available("python3 with the icalendar package", present, "pip install icalendar") {
        return;
    }
    for tz in ["Asia/Ho_Chi_Minh", "Europe/Berlin"] {
        let problem = problem_with("vi", tz, true);
        let (roster, _) = all(&problem);
        let dir = tempfile::tempdir().unwrap();
        let written = ics::files(&problem, &roster, dir.path(), IcsOptions::default());
        lichtruc::output::write_all(&written).unwrap();
        let paths: Vec<String> = written.iter().map(|(p, _)| p.display().to_string()).collect();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_ics.py");
        let out = std::process::Command::new("python3").arg(&script).args(&paths).output().unwrap();
        assert!(out.status.success(), "check_ics.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let zone: chrono_tz::Tz = tz.parse().unwrap();
        let utc = |t: NaiveDateTime| {
            zone.from_local_datetime(&t).earliest().unwrap().with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string()
        };
        let mut count = 0;
        for file in report.as_array().unwrap() {
            assert_eq!(file["tzids"], serde_json::json!([tz]));
            let name = Path::new(file["file"].as_str().unwrap()).file_stem().unwrap().to_string_lossy().into_owned();
            let events = file["events"].as_array().unwrap();
            let expected: Vec<usize> = if name == "all" {
                (0..problem.slots.len()).collect()
            } else {
                roster.slots_of(problem.person_index(&name).unwrap()).to_vec()
            };
            assert_eq!(events.len(), expected.len(), "{name}");
            for (ev, &s) in events.iter().zip(&expected) {
                let slot = &problem.slots[s];
                assert_eq!(ev["start_utc"], utc(slot.start), "{name}");
                assert_eq!(ev["end_utc"], utc(slot.end), "{name}");
                assert_eq!(ev["tzid"], tz);
                assert_eq!(ev["sequence"], 0);
                let alarms = ev["alarms"].as_array().unwrap();
                assert_eq!(alarms.len(), 2);
                assert_eq!(alarms[1]["seconds"], -3600);
                assert!(ev["description"].as_str().unwrap().contains(LONG_NOTE));
                assert_eq!(ev["location"], "25 Lê Lợi, TP. Lạng Sơn; tầng 3");
                count += 1;
            }
        }
        // The evil name comes back exactly, not as markup or a split value.
        let text = serde_json::to_string(&report).unwrap();
        assert!(text.contains(&serde_json::to_string(EVIL_FORMULA).unwrap().trim_matches('"').to_string()));
        assert!(count > problem.slots.len());
    }
}
