//! Re-issuing a roster: `lichtruc solve ROSTER.toml -o DIR --previous OLD_DIR`.
//!
//! OLD_DIR is an earlier output of lichtruc for the same roster. From it
//! we read:
//!
//! * `OLD_DIR/roster.csv` — the previous assignments. They become
//!   [`Problem::previous`], and the solver then changes as few of them as it
//!   can (`rules::Tier::Changes`, right after the hard rules and unfilled
//!   places). Rows that the roster file no longer has (a post, shift, date
//!   or person removed) cannot be kept; they are listed as removed.
//! * `OLD_DIR/calendar/*.ics` — the events people imported, with their
//!   SEQUENCE numbers: see [`crate::output::ics::revised_files`].
//!
//! [`diff`] then says, per person, which shifts were added and removed;
//! `changes.html`, the terminal and `--json` print it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::Problem;
use crate::output::csv::{unguard, HEADER};
use crate::roster::Roster;

/// What an earlier output folder holds.
#[derive(Debug, Clone)]
pub struct Previous {
    pub dir: PathBuf,
    /// The previous assignments that the roster file still has.
    pub roster: Roster,
    /// Previous assignments the roster file no longer has.
    pub dropped: Vec<DroppedRow>,
    /// `OLD_DIR/calendar/*.ics` by file name (`lan.ics`, `all.ics`).
    pub calendars: BTreeMap<String, Vec<u8>>,
    /// Things the user should know (another roster's folder, dropped rows).
    pub notices: Vec<String>,
}

/// A row of the old roster.csv that the roster file no longer has.
#[derive(Debug, Clone)]
pub struct DroppedRow {
    pub staff_id: String,
    pub staff_name: String,
    pub shift: ShiftRef,
}

/// A shift as people read it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ShiftRef {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub date: NaiveDate,
    /// The post's id.
    pub post: String,
    /// The post's name (its id when the roster file no longer has it).
    pub post_name: String,
    pub shift: String,
}

impl ShiftRef {
    pub fn of(problem: &Problem, slot: usize) -> ShiftRef {
        let s = &problem.slots[slot];
        let post = problem.post(s);
        ShiftRef {
            start: s.start,
            end: s.end,
            date: s.date,
            post: post.id.clone(),
            post_name: post.name.clone(),
            shift: problem.shift(s).name.clone(),
        }
    }

    /// "Cán bộ kỹ thuật trực, Đêm 16/02 19:30–17/02 07:30".
    pub fn label(&self) -> String {
        format!("{}, {} {}", self.post_name, self.shift, crate::model::time_range(self.start, self.end))
    }
}

/// One person whose shifts changed.
#[derive(Debug, Clone, Serialize)]
pub struct PersonChange {
    pub staff_id: String,
    pub name: String,
    /// False for someone no longer in the roster file.
    pub in_roster: bool,
    pub added: Vec<ShiftRef>,
    pub removed: Vec<ShiftRef>,
}

/// Everything that changed between the previous roster and the new one.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The folder revised.
    pub previous: String,
    /// People who gained or lost shifts, in staff order (people no longer
    /// in the roster file last).
    pub people: Vec<PersonChange>,
    /// Staff ids of everyone else.
    pub unchanged: Vec<String>,
    /// Names of the unchanged, in the same order.
    #[serde(skip)]
    pub unchanged_names: Vec<String>,
    /// Shifts added plus shifts removed.
    pub total: usize,
    /// Calendar files that differ from OLD_DIR's (`calendar/lan.ics`).
    pub calendars_changed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Reads OLD_DIR. The roster.csv must be there; calendars are optional
/// (without them every event starts again at SEQUENCE 0).
pub fn read_previous(problem: &Problem, dir: &Path) -> Result<Previous, String> {
    let csv_path = dir.join("roster.csv");
    let bytes = std::fs::read(&csv_path).map_err(|e| format!("{}: cannot read the previous roster: {e}", csv_path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let (roster, dropped, mut notices) = read_csv_lenient(problem, &text, &csv_path.display().to_string())?;
    let mut calendars = BTreeMap::new();
    let cal_dir = dir.join("calendar");
    if let Ok(entries) = std::fs::read_dir(&cal_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".ics") && !name.starts_with('.') {
                if let Ok(b) = std::fs::read(e.path()) {
                    calendars.insert(name, b);
                }
            }
        }
    } else {
        notices.push(format!(
            "{} has no calendar folder: every calendar event is sent as new (SEQUENCE 0)",
            dir.display()
        ));
    }
    if let Some(all) = calendars.get("all.ics") {
        let text = String::from_utf8_lossy(all);
        let identity = crate::output::ics::identity(problem);
        if let Some(uid) = text.lines().find_map(|l| l.strip_prefix("UID:")) {
            if !uid.starts_with(&identity) {
                notices.push(format!(
                    "the calendars in {} belong to another roster identity (organisation, title or period start changed): \
                     imported events will not be updated but duplicated",
                    dir.display()
                ));
            }
        }
    }
    for d in &dropped {
        notices.push(format!(
            "previous assignment no longer in the roster file, removed: {} ({}) {}",
            d.staff_name,
            d.staff_id,
            d.shift.label()
        ));
    }
    Ok(Previous { dir: dir.to_path_buf(), roster, dropped, calendars, notices })
}

/// Like [`crate::check::read_csv`], but a row the roster file no longer
/// has (post, shift, date or person gone) is kept aside instead of being
/// an error. Only an unreadable file or header is an error.
fn read_csv_lenient(problem: &Problem, text: &str, file: &str) -> Result<(Roster, Vec<DroppedRow>, Vec<String>), String> {
    let mut roster = Roster::empty(problem);
    let mut dropped = Vec::new();
    let mut notices = Vec::new();
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| format!("{file}: cannot read the CSV: {e}"))?.clone();
    let mut columns = [0usize; 8];
    for (i, name) in HEADER.iter().enumerate() {
        columns[i] = header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == *name)
            .ok_or_else(|| format!("{file}: no column {name:?}; is this a roster.csv written by lichtruc?"))?;
    }
    let time = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok();
    for record in reader.records() {
        let Ok(record) = record else {
            notices.push(format!("{file}: a row could not be read and was skipped"));
            continue;
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| unguard(record.get(columns[i]).unwrap_or("").trim()).to_string();
        let (date, post, shift, staff_id, staff_name) = (get(0), get(1), get(2), get(5), get(6));
        if staff_id.is_empty() {
            continue;
        }
        let Ok(day) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
            notices.push(format!("{file}:{line}: the date {date:?} is not like 2026-02-14; row skipped"));
            continue;
        };
        let post_index = problem.posts.iter().position(|x| x.id == post).or_else(|| problem.posts.iter().position(|x| x.name == post));
        let slot = post_index.and_then(|p| {
            problem.posts[p].shifts.iter().position(|x| x.name == shift).and_then(|sh| problem.find_slot(p, sh, day))
        });
        match (slot, problem.person_index(&staff_id)) {
            (Some(s), Some(p)) => {
                roster.assign(p, s);
            }
            _ => {
                let midnight = day.and_hms_opt(0, 0, 0).expect("midnight");
                let post_name = post_index.map_or_else(|| post.clone(), |p| problem.posts[p].name.clone());
                dropped.push(DroppedRow {
                    staff_id,
                    staff_name,
                    shift: ShiftRef {
                        start: time(&get(3)).unwrap_or(midnight),
                        end: time(&get(4)).unwrap_or(midnight),
                        date: day,
                        post,
                        post_name,
                        shift,
                    },
                });
            }
        }
    }
    Ok((roster, dropped, notices))
}

/// Who gained and lost which shifts.
pub fn diff(problem: &Problem, previous: &Previous, roster: &Roster) -> Changes {
    let mut people = Vec::new();
    let mut unchanged = Vec::new();
    let mut unchanged_names = Vec::new();
    let mut total = 0;
    let dropped_of = |id: &str| -> Vec<ShiftRef> {
        previous.dropped.iter().filter(|d| d.staff_id == id).map(|d| d.shift.clone()).collect()
    };
    for (p, person) in problem.staff.iter().enumerate() {
        let added: Vec<ShiftRef> =
            roster.slots_of(p).iter().filter(|&&s| !previous.roster.holds(p, s)).map(|&s| ShiftRef::of(problem, s)).collect();
        let mut removed: Vec<ShiftRef> =
            previous.roster.slots_of(p).iter().filter(|&&s| !roster.holds(p, s)).map(|&s| ShiftRef::of(problem, s)).collect();
        removed.extend(dropped_of(&person.id));
        removed.sort();
        if added.is_empty() && removed.is_empty() {
            unchanged.push(person.id.clone());
            unchanged_names.push(person.name.clone());
        } else {
            total += added.len() + removed.len();
            people.push(PersonChange { staff_id: person.id.clone(), name: person.name.clone(), in_roster: true, added, removed });
        }
    }
    // People no longer in the roster file.
    let mut gone: BTreeMap<&str, PersonChange> = BTreeMap::new();
    for d in previous.dropped.iter().filter(|d| problem.person_index(&d.staff_id).is_none()) {
        let entry = gone.entry(&d.staff_id).or_insert_with(|| PersonChange {
            staff_id: d.staff_id.clone(),
            name: d.staff_name.clone(),
            in_roster: false,
            added: Vec::new(),
            removed: Vec::new(),
        });
        entry.removed.push(d.shift.clone());
        total += 1;
    }
    for mut g in gone.into_values() {
        g.removed.sort();
        people.push(g);
    }
    Changes {
        previous: previous.dir.display().to_string(),
        people,
        unchanged,
        unchanged_names,
        total,
        calendars_changed: Vec::new(),
    }
}
