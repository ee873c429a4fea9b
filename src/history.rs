//! The history ledger: what each person carried in earlier rosters, so that
//! fairness can look across holidays ("who worked Giao thừa last year?").
//!
//! * Every `lichtruc solve` writes [`ENTRY_FILE`] (`history-entry.toml`) to
//!   its output folder: one [`Entry`] with each person's shifts, hours,
//!   nights, hours on official days off, burden and Giao thừa shifts.
//! * `lichtruc history add DIR --file history.toml` appends that entry to
//!   the ledger. A roster is identified by [`crate::output::ics::identity`]
//!   (organisation, title, period start — the calendar UIDs' prefix), so a
//!   roster is never counted twice: adding it again replaces its entry
//!   (after a revision) or does nothing (same figures).
//! * `[period] history = "history.toml"` (path relative to the roster
//!   file's folder) reads the ledger at solve time: [`Ledger::past`] gives
//!   each staff id its weighted past burden and Giao thừa count.
//!
//! The ledger is TOML, one `[[roster]]` per roster with one
//! `[[roster.person]]` per person, sorted by period start; written whole
//! and atomically, byte-deterministic.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::model::Problem;
use crate::output::stats::person_stats;
use crate::roster::Roster;

/// The file every solve writes next to roster.csv.
pub const ENTRY_FILE: &str = "history-entry.toml";

/// The whole ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    #[serde(default)]
    pub roster: Vec<Entry>,
}

/// One finished roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The roster's identity (16 hex digits, as in its calendar UIDs).
    pub id: String,
    pub title: String,
    pub organization: String,
    /// Holiday key (`tet`, …) when the period came from a preset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
    /// `vi` or `en`: the language `history show` uses.
    #[serde(default = "default_language")]
    pub language: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// FNV-1a 64 of the roster.csv the figures were taken from, so that a
    /// roster.csv edited after solving is noticed.
    pub roster_csv: String,
    #[serde(default)]
    pub person: Vec<PersonEntry>,
}

fn default_language() -> String {
    "vi".into()
}

/// One person's figures in one roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    /// Staff id: how people are matched across rosters.
    pub id: String,
    pub name: String,
    pub shifts: usize,
    pub hours: f64,
    /// Shifts with any hour between 22:00 and 06:00.
    pub nights: usize,
    /// Hours on official days off.
    pub holiday_hours: f64,
    /// Fairness points earned in this roster (history not included).
    pub burden: f64,
    /// Shifts starting on Giao thừa.
    #[serde(default)]
    pub tet_eve: usize,
}

/// How the ledger is weighed (`[period] history_decay`, `history_years`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighing {
    /// Weight of a roster one more year back: rosters of this and last
    /// year count in full, one from two years back `decay`, three years
    /// back `decay²`, …
    pub decay: f64,
    /// Only rosters that started at most this many calendar years before
    /// this one count (None: all).
    pub years: Option<u32>,
}

impl Default for Weighing {
    fn default() -> Self {
        Weighing { decay: 1.0, years: None }
    }
}

/// What a person brings from earlier rosters.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Past {
    pub burden: f64,
    pub tet_eve: f64,
}

/// What [`Ledger::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    /// The roster was there with other figures (a revision): replaced.
    Replaced,
    /// The same figures were there already: nothing changed.
    AlreadyThere,
}

/// FNV-1a 64, as 16 hex digits.
pub fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn round3(x: f64) -> f64 {
    let r = (x * 1000.0).round() / 1000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

impl Entry {
    /// The entry of a finished roster; `csv` is its roster.csv.
    pub fn of(problem: &Problem, roster: &Roster, csv: &[u8]) -> Entry {
        let person = person_stats(problem, roster)
            .into_iter()
            .enumerate()
            .map(|(p, s)| PersonEntry {
                id: s.id,
                name: s.name,
                shifts: s.shifts,
                hours: round3(s.hours),
                nights: s.nights,
                holiday_hours: round3(s.holiday_hours),
                burden: round3(s.burden),
                tet_eve: roster.slots_of(p).iter().filter(|&&t| problem.is_tet_eve(t)).count(),
            })
            .collect();
        Entry {
            id: crate::output::ics::identity(problem),
            title: problem.meta.title.clone(),
            organization: problem.meta.organization.clone(),
            holiday: problem.period.holiday.as_ref().map(|h| h.holiday.key().to_string()),
            language: problem.lang().pick("vi", "en").to_string(),
            start: problem.period.start,
            end: problem.period.end,
            roster_csv: fnv(csv),
            person,
        }
    }

    /// The TOML text of `history-entry.toml`.
    pub fn to_toml(&self) -> String {
        let ledger = Ledger { roster: vec![self.clone()] };
        format!(
            "# One finished roster for a lichtruc history ledger:\n# lichtruc history add <this folder> --file history.toml\n{}",
            toml::to_string(&ledger).expect("entry serialises")
        )
    }

    /// Reads a `history-entry.toml`.
    pub fn from_toml(text: &str) -> Result<Entry, String> {
        let ledger: Ledger = toml::from_str(text).map_err(|e| e.to_string())?;
        match <[Entry; 1]>::try_from(ledger.roster) {
            Ok([entry]) => Ok(entry),
            Err(_) => Err("expected exactly one [[roster]]".into()),
        }
    }
}

impl Ledger {
    /// Reads a ledger; a missing file is an empty ledger.
    pub fn load(path: &Path) -> Result<Ledger, String> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
                toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.to_string().trim()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::default()),
            Err(e) => Err(format!("{}: cannot read the file: {e}", path.display())),
        }
    }

    /// The TOML text of the ledger.
    pub fn to_toml(&self) -> String {
        format!(
            "# lichtruc history ledger: one [[roster]] per finished roster, added with\n# `lichtruc history add DIR --file <this file>`; read by `[period] history`.\n{}",
            toml::to_string(self).expect("ledger serialises")
        )
    }

    /// Writes the ledger atomically.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        crate::output::write_atomic(path, self.to_toml().as_bytes())
    }

    /// Adds a roster, replacing an entry of the same roster.
    pub fn add(&mut self, entry: Entry) -> Added {
        let added = match self.roster.iter().position(|e| e.id == entry.id) {
            Some(i) if self.roster[i] == entry => return Added::AlreadyThere,
            Some(i) => {
                self.roster[i] = entry;
                Added::Replaced
            }
            None => {
                self.roster.push(entry);
                Added::New
            }
        };
        self.roster.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        added
    }

    /// Each staff id's weighted past for a roster of identity `id` starting
    /// at `start`: rosters that started before it (never itself), within
    /// the look-back, each weighted by the decay. Also returns how many
    /// rosters counted.
    pub fn past(&self, id: &str, start: NaiveDateTime, weighing: Weighing) -> (BTreeMap<String, Past>, usize) {
        let mut out: BTreeMap<String, Past> = BTreeMap::new();
        let mut used = 0;
        for entry in &self.roster {
            if entry.id == id || entry.start >= start {
                continue;
            }
            let age = (start.year() - entry.start.year()).max(0);
            if weighing.years.is_some_and(|y| age > y as i32) {
                continue;
            }
            let weight = weighing.decay.powi((age - 1).max(0));
            used += 1;
            for p in &entry.person {
                let past = out.entry(p.id.clone()).or_default();
                past.burden += weight * p.burden;
                past.tet_eve += weight * p.tet_eve as f64;
            }
        }
        (out, used)
    }

    /// Each person's totals over every roster, by staff id (latest name).
    pub fn totals(&self) -> Vec<Total> {
        let mut by_id: BTreeMap<&str, Total> = BTreeMap::new();
        for entry in &self.roster {
            for p in &entry.person {
                let t = by_id.entry(&p.id).or_insert_with(|| Total { id: p.id.clone(), ..Total::default() });
                t.name = p.name.clone();
                t.rosters += 1;
                t.shifts += p.shifts;
                t.hours += p.hours;
                t.nights += p.nights;
                t.holiday_hours += p.holiday_hours;
                t.burden += p.burden;
                t.tet_eve += p.tet_eve;
            }
        }
        by_id.into_values().collect()
    }
}

/// One person's totals over the ledger.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Total {
    pub id: String,
    pub name: String,
    pub rosters: usize,
    pub shifts: usize,
    pub hours: f64,
    pub nights: usize,
    pub holiday_hours: f64,
    pub burden: f64,
    pub tet_eve: usize,
}

/// `lichtruc history show`: the rosters, then one row per person with the
/// totals and the burden of each roster.
pub fn show(ledger: &Ledger) -> String {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table};
    let lang = match ledger.roster.last().map(|e| e.language.as_str()) {
        Some("en") => crate::text::Lang::En,
        _ => crate::text::Lang::Vi,
    };
    if ledger.roster.is_empty() {
        return lang.pick("Sổ theo dõi chưa có lịch trực nào.\n", "The ledger holds no roster yet.\n").to_string();
    }
    let mut out = String::new();
    out += lang.pick("Các lịch trực đã ghi:\n", "Rosters recorded:\n");
    for (i, e) in ledger.roster.iter().enumerate() {
        out += &format!(
            "  [{}] {} ({} – {}) id {}\n",
            i + 1,
            e.title,
            e.start.format("%d/%m/%Y %H:%M"),
            e.end.format("%d/%m/%Y %H:%M"),
            e.id
        );
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    let mut header: Vec<String> = [
        lang.pick("Mã", "Id"),
        lang.pick("Họ và tên", "Name"),
        lang.pick("Số kỳ", "Rosters"),
        lang.pick("Số ca", "Shifts"),
        lang.pick("Số giờ", "Hours"),
        lang.pick("Ca đêm", "Nights"),
        lang.pick("Giờ ngày nghỉ", "Holiday hours"),
        lang.pick("Giao thừa", "Tết eve"),
        lang.pick("Điểm", "Burden"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=ledger.roster.len()).map(|i| format!("{} [{i}]", lang.pick("Điểm", "Burden"))));
    table.set_header(header);
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    for t in ledger.totals() {
        let mut row = vec![
            Cell::new(&t.id),
            Cell::new(&t.name),
            right(t.rosters.to_string()),
            right(t.shifts.to_string()),
            right(crate::text::hours(t.hours)),
            right(t.nights.to_string()),
            right(crate::text::hours(t.holiday_hours)),
            right(t.tet_eve.to_string()),
            right(crate::text::hours(t.burden)),
        ];
        for e in &ledger.roster {
            row.push(right(
                e.person.iter().find(|p| p.id == t.id).map_or_else(|| "–".to_string(), |p| crate::text::hours(p.burden)),
            ));
        }
        table.add_row(row);
    }
    out += &table.to_string();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, year: i32, people: &[(&str, f64, usize)]) -> Entry {
        Entry {
            id: id.into(),
            title: "t".into(),
            organization: "o".into(),
            holiday: Some("tet".into()),
            language: "vi".into(),
            start: chrono::NaiveDate::from_ymd_opt(year, 2, 1).unwrap().and_hms_opt(7, 30, 0).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(year, 2, 5).unwrap().and_hms_opt(7, 30, 0).unwrap(),
            roster_csv: "0".into(),
            person: people
                .iter()
                .map(|&(id, burden, tet_eve)| PersonEntry {
                    id: id.into(),
                    name: id.into(),
                    shifts: 1,
                    hours: 24.0,
                    nights: 1,
                    holiday_hours: 24.0,
                    burden,
                    tet_eve,
                })
                .collect(),
        }
    }

    #[test]
    fn add_is_idempotent_and_replaces_a_revision() {
        let mut l = Ledger::default();
        assert_eq!(l.add(entry("b", 2025, &[("an", 3.0, 1)])), Added::New);
        assert_eq!(l.add(entry("a", 2024, &[("an", 2.0, 0)])), Added::New);
        assert_eq!(l.add(entry("b", 2025, &[("an", 3.0, 1)])), Added::AlreadyThere);
        assert_eq!(l.add(entry("b", 2025, &[("an", 5.0, 1)])), Added::Replaced);
        assert_eq!(l.roster.len(), 2);
        assert_eq!(l.roster[0].id, "a", "sorted by start");
        let text = l.to_toml();
        let back: Ledger = toml::from_str(&text).unwrap();
        assert_eq!(back, l);
    }

    #[test]
    fn past_weighs_by_decay_and_look_back() {
        let mut l = Ledger::default();
        l.add(entry("y23", 2023, &[("an", 4.0, 1)]));
        l.add(entry("y24", 2024, &[("an", 2.0, 0)]));
        l.add(entry("y25", 2025, &[("an", 1.0, 1)]));
        l.add(entry("y26", 2026, &[("an", 100.0, 1)]));
        let start = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap().and_hms_opt(7, 30, 0).unwrap();
        let (p, used) = l.past("y26", start, Weighing { decay: 0.5, years: None });
        assert_eq!(used, 3, "never itself");
        assert_eq!(p["an"].burden, 1.0 + 0.5 * 2.0 + 0.25 * 4.0);
        assert_eq!(p["an"].tet_eve, 1.0 + 0.25);
        let (p, used) = l.past("y26", start, Weighing { decay: 1.0, years: Some(2) });
        assert_eq!(used, 2);
        assert_eq!(p["an"].burden, 3.0);
    }
}
