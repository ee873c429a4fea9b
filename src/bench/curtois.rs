//! The Curtois–Qu employee shift scheduling benchmark (schedulingbenchmarks.org,
//! T. Curtois and R. Qu, 2014): its text format, its mapping to a lichtruc
//! [`Problem`], and an independent evaluator of its objective and hard rules.
//!
//! # The mapping
//!
//! | benchmark | lichtruc |
//! | --- | --- |
//! | `SECTION_HORIZON` H days, day 0 a Monday | period 2024-01-01 00:00 (a Monday) + H days |
//! | shift type `ID,minutes` | a post `ID` with one shift `ID` from 00:00 lasting `minutes`, `continuous = false`; two shifts on one day overlap, so at most one a day (and `max_per_day = 1`) |
//! | `SECTION_COVER` | each slot's `need`, with soft cover priced per slot `(weight_under, weight_over)`, no upper limit |
//! | `SECTION_DAYS_OFF` | `unavailable` whole days |
//! | shift-on request | `prefer` (date, shift, weight) |
//! | shift-off request | `avoid` (date, shift, weight) |
//! | MaxShifts `E=14` | `max_per_shift = { E = 14 }` (0 = never) |
//! | forbidden successions `A,…,B\|C` | `no_next_day = { A = [B, C] }` |
//! | Max/MinTotalMinutes | `max_hours` / `min_hours` (minutes / 60) |
//! | Max/MinConsecutiveShifts | `max_consecutive_days` / `min_consecutive_days` |
//! | MinConsecutiveDaysOff | `min_days_off` |
//! | MaxWeekends | `max_weekends` |
//! | — | `min_rest_hours = 0`, fairness off (`balance = false`), wishes priced with soft cover ([`WishPriority::WithSoftCover`]) |
//!
//! So the benchmark's objective is lichtruc's soft-cover tier, and every
//! benchmark hard rule is a lichtruc hard rule.
//!
//! The evaluator ([`objective`], [`violations`]) works on the benchmark data
//! and a list of (employee, day, shift) assignments only; it shares no code
//! with [`crate::rules`], so agreeing with lichtruc's costs on a solved roster
//! is evidence that the mapping is right.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use crate::model::{
    build_slots, burden_unit, BurdenWeights, Cover, Day, DayKind, Meta, Period, Person, PersonRules, Post, Problem,
    Shift, Unavailable, Wish, WishPriority,
};
use crate::roster::Roster;
use crate::text::Lang;

/// Day 0 of every instance: a Monday.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date")
}

/// One instance as the benchmark file gives it.
#[derive(Debug, Clone)]
pub struct Instance {
    pub name: String,
    /// Number of days (a multiple of 7; day 0 is a Monday).
    pub horizon: usize,
    pub shifts: Vec<ShiftType>,
    pub staff: Vec<Employee>,
    pub on_requests: Vec<Request>,
    pub off_requests: Vec<Request>,
    pub cover: Vec<CoverNeed>,
}

/// `SECTION_SHIFTS`: `ID,minutes,A|B`.
#[derive(Debug, Clone)]
pub struct ShiftType {
    pub id: String,
    pub minutes: u32,
    /// Shift types (indices) that may not follow this one on the next day.
    pub cannot_follow: Vec<usize>,
}

/// `SECTION_STAFF` and `SECTION_DAYS_OFF`.
#[derive(Debug, Clone)]
pub struct Employee {
    pub id: String,
    /// Most shifts of each type (by shift index); the horizon when unlisted.
    pub max_shifts: Vec<u32>,
    pub max_minutes: u32,
    pub min_minutes: u32,
    pub max_consecutive: u32,
    pub min_consecutive: u32,
    pub min_days_off: u32,
    pub max_weekends: u32,
    /// Days (indices) the person cannot work.
    pub days_off: Vec<usize>,
}

/// A shift-on or shift-off request.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub employee: usize,
    pub day: usize,
    pub shift: usize,
    pub weight: u32,
}

/// `SECTION_COVER`: `day,shift,requirement,weight_under,weight_over`.
#[derive(Debug, Clone, Copy)]
pub struct CoverNeed {
    pub day: usize,
    pub shift: usize,
    pub requirement: u32,
    pub weight_under: u32,
    pub weight_over: u32,
}

/// A line of a benchmark file that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Reads one instance from the benchmark's text format.
pub fn parse(text: &str, name: &str) -> Result<Instance, ParseError> {
    let err = |line: usize, message: String| ParseError { file: name.to_string(), line, message };
    // Collect the lines of every section first; shift and staff ids must be
    // known before the later sections refer to them.
    let mut sections: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = i + 1;
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            current = None;
            continue;
        }
        if line.starts_with("SECTION_") {
            if sections.contains_key(line) {
                return Err(err(number, format!("{line} appears twice")));
            }
            sections.insert(line.to_string(), Vec::new());
            current = Some(line.to_string());
            continue;
        }
        match &current {
            Some(section) => sections.get_mut(section).expect("section exists").push((number, line.to_string())),
            None => return Err(err(number, format!("data outside a section: {line:?}"))),
        }
    }
    let section = |key: &str| sections.get(key).map(Vec::as_slice).unwrap_or(&[]);
    let int = |line: usize, field: &str, what: &str| -> Result<u32, ParseError> {
        // Parsed signed: Instance15 writes a requirement of 0 as "-0".
        field
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| err(line, format!("{what} must be a whole number ≥ 0, found {field:?}")))
    };

    // Horizon.
    let horizon = match section("SECTION_HORIZON") {
        [(line, value)] => int(*line, value, "the horizon")? as usize,
        [] => return Err(err(0, "no SECTION_HORIZON".into())),
        [_, (line, _), ..] => return Err(err(*line, "SECTION_HORIZON has more than one value".into())),
    };
    if horizon == 0 || horizon % 7 != 0 {
        return Err(err(0, format!("the horizon ({horizon} days) is not a positive multiple of 7")));
    }
    let day = |line: usize, field: &str| -> Result<usize, ParseError> {
        let d = int(line, field, "a day")? as usize;
        if d >= horizon {
            return Err(err(line, format!("day {d} is beyond the horizon of {horizon} days")));
        }
        Ok(d)
    };

    // Shift types: ids first, then the successions that refer to them.
    let shift_lines = section("SECTION_SHIFTS");
    if shift_lines.is_empty() {
        return Err(err(0, "no shift types (SECTION_SHIFTS)".into()));
    }
    let mut shift_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut shifts = Vec::new();
    for (line, text) in shift_lines {
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        if fields.len() < 2 || fields.len() > 3 {
            return Err(err(*line, format!("expected `ID,minutes,A|B`, found {text:?}")));
        }
        let minutes = int(*line, fields[1], "a shift length")?;
        if minutes == 0 || minutes > 24 * 60 {
            return Err(err(*line, format!("shift length {minutes} min is not within 1..=1440")));
        }
        if shift_index.insert(fields[0].to_string(), shifts.len()).is_some() {
            return Err(err(*line, format!("shift {:?} defined twice", fields[0])));
        }
        shifts.push(ShiftType { id: fields[0].to_string(), minutes, cannot_follow: Vec::new() });
    }
    let shift_of = |line: usize, id: &str| -> Result<usize, ParseError> {
        shift_index.get(id.trim()).copied().ok_or_else(|| err(line, format!("unknown shift {id:?}")))
    };
    for (i, (line, text)) in shift_lines.iter().enumerate() {
        let follow = text.split(',').nth(2).unwrap_or("").trim();
        for id in follow.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let s = shift_of(*line, id)?;
            shifts[i].cannot_follow.push(s);
        }
    }

    // Staff.
    let mut staff_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut staff: Vec<Employee> = Vec::new();
    for (line, text) in section("SECTION_STAFF") {
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        if fields.len() != 8 {
            return Err(err(*line, format!("expected 8 fields in a staff line, found {}", fields.len())));
        }
        let mut max_shifts = vec![horizon as u32; shifts.len()];
        for part in fields[1].split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((id, n)) = part.split_once('=') else {
                return Err(err(*line, format!("expected `SHIFT=number` in MaxShifts, found {part:?}")));
            };
            max_shifts[shift_of(*line, id)?] = int(*line, n, "a maximum number of shifts")?;
        }
        if staff_index.insert(fields[0].to_string(), staff.len()).is_some() {
            return Err(err(*line, format!("employee {:?} defined twice", fields[0])));
        }
        staff.push(Employee {
            id: fields[0].to_string(),
            max_shifts,
            max_minutes: int(*line, fields[2], "MaxTotalMinutes")?,
            min_minutes: int(*line, fields[3], "MinTotalMinutes")?,
            max_consecutive: int(*line, fields[4], "MaxConsecutiveShifts")?,
            min_consecutive: int(*line, fields[5], "MinConsecutiveShifts")?,
            min_days_off: int(*line, fields[6], "MinConsecutiveDaysOff")?,
            max_weekends: int(*line, fields[7], "MaxWeekends")?,
            days_off: Vec::new(),
        });
    }
    if staff.is_empty() {
        return Err(err(0, "no staff (SECTION_STAFF)".into()));
    }
    let employee_of = |line: usize, id: &str| -> Result<usize, ParseError> {
        staff_index.get(id.trim()).copied().ok_or_else(|| err(line, format!("unknown employee {id:?}")))
    };

    for (line, text) in section("SECTION_DAYS_OFF") {
        let mut fields = text.split(',').map(str::trim);
        let e = employee_of(*line, fields.next().unwrap_or(""))?;
        for f in fields.filter(|f| !f.is_empty()) {
            let d = day(*line, f)?;
            staff[e].days_off.push(d);
        }
        staff[e].days_off.sort_unstable();
        staff[e].days_off.dedup();
    }

    let requests = |key: &str| -> Result<Vec<Request>, ParseError> {
        section(key)
            .iter()
            .map(|(line, text)| {
                let fields: Vec<&str> = text.split(',').map(str::trim).collect();
                if fields.len() != 4 {
                    return Err(err(*line, format!("expected `ID,day,shift,weight`, found {text:?}")));
                }
                Ok(Request {
                    employee: employee_of(*line, fields[0])?,
                    day: day(*line, fields[1])?,
                    shift: shift_of(*line, fields[2])?,
                    weight: int(*line, fields[3], "a weight")?,
                })
            })
            .collect()
    };
    let on_requests = requests("SECTION_SHIFT_ON_REQUESTS")?;
    let off_requests = requests("SECTION_SHIFT_OFF_REQUESTS")?;

    let mut seen = HashSet::new();
    let mut cover = Vec::new();
    for (line, text) in section("SECTION_COVER") {
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        if fields.len() != 5 {
            return Err(err(*line, format!("expected `day,shift,requirement,under,over`, found {text:?}")));
        }
        let need = CoverNeed {
            day: day(*line, fields[0])?,
            shift: shift_of(*line, fields[1])?,
            requirement: int(*line, fields[2], "a requirement")?,
            weight_under: int(*line, fields[3], "an under weight")?,
            weight_over: int(*line, fields[4], "an over weight")?,
        };
        if !seen.insert((need.day, need.shift)) {
            return Err(err(*line, "a second cover line for the same day and shift".into()));
        }
        cover.push(need);
    }

    Ok(Instance { name: name.to_string(), horizon, shifts, staff, on_requests, off_requests, cover })
}

/// Reads an instance file; its name is the file stem (`Instance1`).
pub fn read(path: &Path) -> Result<Instance, ParseError> {
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let text = std::fs::read_to_string(path).map_err(|e| ParseError {
        file: path.display().to_string(),
        line: 0,
        message: format!("cannot read: {e}"),
    })?;
    parse(&text, &name)
}

/// Where the benchmark files are: `$LICHTRUC_CURTOIS_DIR`; else the
/// project's `shared/bench/curtois` beside the checkout, where the
/// benchmark data is kept; else the copy of it bundled in `data/curtois`,
/// so that a clone anywhere runs the benchmark and its tests.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LICHTRUC_CURTOIS_DIR") {
        return PathBuf::from(dir);
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = crate_dir.join("../shared/bench/curtois");
    if shared.join("best_known.csv").exists() {
        shared
    } else {
        crate_dir.join("data/curtois")
    }
}

/// The instance files of a folder (`Instance<N>.txt`), in order of N.
pub fn instance_files(dir: &Path) -> std::io::Result<Vec<(u32, PathBuf)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if let Some(n) = name.strip_prefix("Instance").and_then(|r| r.strip_suffix(".txt")).and_then(|n| n.parse().ok()) {
            out.push((n, path));
        }
    }
    out.sort();
    Ok(out)
}

/// One row of `best_known.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub instance: String,
    pub employees: usize,
    pub days: usize,
    pub shift_types: usize,
    pub best_known: i64,
    pub lower_bound: i64,
}

/// Reads `best_known.csv` (`instance,employees,days,shift_types,best_known,lower_bound`).
pub fn read_best_known(path: &Path) -> Result<Vec<Known>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let bad = || format!("{}:{}: expected 6 fields, found {line:?}", path.display(), i + 1);
        if f.len() != 6 {
            return Err(bad());
        }
        let n = |s: &str| s.parse::<i64>().map_err(|_| bad());
        out.push(Known {
            instance: f[0].to_string(),
            employees: n(f[1])? as usize,
            days: n(f[2])? as usize,
            shift_types: n(f[3])? as usize,
            best_known: n(f[4])?,
            lower_bound: n(f[5])?,
        });
    }
    Ok(out)
}

/// The lichtruc problem of an instance (see the module docs for the mapping).
pub fn to_problem(inst: &Instance) -> Problem {
    let first = first_day();
    let start = first.and_time(NaiveTime::MIN);
    let end = start + Duration::days(inst.horizon as i64);
    let burden = BurdenWeights { balance: false, ..BurdenWeights::default() };
    let days: Vec<Day> = (0..inst.horizon)
        .map(|d| {
            let date = first + Duration::days(d as i64);
            let kind = if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                DayKind::Weekend
            } else {
                DayKind::Workday
            };
            Day { date, kind, weight: burden.weight(kind) }
        })
        .collect();
    let posts: Vec<Post> = inst
        .shifts
        .iter()
        .map(|s| Post {
            id: s.id.clone(),
            name: s.id.clone(),
            roles: Vec::new(),
            requires: Vec::new(),
            shifts: vec![Shift {
                name: s.id.clone(),
                start: NaiveTime::MIN,
                end: NaiveTime::MIN + Duration::minutes(i64::from(s.minutes % (24 * 60))),
                need: 0,
                max: None,
                weight: 1.0,
            }],
            continuous: false,
            // Replaced per slot below; a cover line left out costs nothing.
            cover: Cover::Soft { under_weight: 0.0, over_weight: 0.0 },
        })
        .collect();
    let mut slots = build_slots(&posts, &days, start, end, &[]);
    let cover: BTreeMap<(usize, usize), &CoverNeed> = inst.cover.iter().map(|c| ((c.day, c.shift), c)).collect();
    for slot in &mut slots {
        slot.need = 0;
        slot.max = None;
        slot.soft = Some((0.0, 0.0));
        if let Some(c) = cover.get(&(slot.day, slot.post)) {
            slot.need = c.requirement;
            slot.soft = Some((f64::from(c.weight_under), f64::from(c.weight_over)));
        }
    }
    let unit = burden_unit(slots.iter().map(|s| s.burden));
    let wish = |r: &Request| Wish {
        date: first + Duration::days(r.day as i64),
        shift: Some(inst.shifts[r.shift].id.clone()),
        weight: f64::from(r.weight),
    };
    let staff = inst
        .staff
        .iter()
        .enumerate()
        .map(|(e, emp)| {
            let rules = PersonRules {
                min_rest_hours: 0.0,
                max_consecutive_days: Some(emp.max_consecutive),
                min_consecutive_days: (emp.min_consecutive > 1).then_some(emp.min_consecutive),
                max_shifts: None,
                min_shifts: None,
                max_hours: Some(f64::from(emp.max_minutes) / 60.0),
                min_hours: (emp.min_minutes > 0).then(|| f64::from(emp.min_minutes) / 60.0),
                min_days_off: (emp.min_days_off > 1).then_some(emp.min_days_off),
                max_weekends: Some(emp.max_weekends),
                max_per_day: Some(1),
                max_per_shift: inst
                    .shifts
                    .iter()
                    .zip(&emp.max_shifts)
                    .filter(|(_, &n)| (n as usize) < inst.horizon)
                    .map(|(s, &n)| (s.id.clone(), n))
                    .collect(),
                no_next_day: inst
                    .shifts
                    .iter()
                    .filter(|s| !s.cannot_follow.is_empty())
                    .map(|s| (s.id.clone(), s.cannot_follow.iter().map(|&b| inst.shifts[b].id.clone()).collect()))
                    .collect(),
            };
            let unavailable = emp
                .days_off
                .iter()
                .map(|&d| {
                    let date = first + Duration::days(d as i64);
                    Unavailable::whole_days(date, date)
                })
                .collect();
            Person {
                id: emp.id.clone(),
                name: emp.id.clone(),
                unavailable,
                avoid: inst.off_requests.iter().filter(|r| r.employee == e).map(wish).collect(),
                prefer: inst.on_requests.iter().filter(|r| r.employee == e).map(wish).collect(),
                rules,
                ..Person::default()
            }
        })
        .collect();
    Problem {
        meta: Meta {
            title: format!("Curtois–Qu {}", inst.name),
            language: Lang::En,
            timezone: "Asia/Ho_Chi_Minh".into(),
            ..Meta::default()
        },
        period: Period { start, end, handover: NaiveTime::MIN, holiday: None },
        days,
        posts,
        staff,
        slots,
        fixed: Vec::new(),
        burden,
        burden_unit: unit,
        wish_priority: WishPriority::WithSoftCover,
        previous: None,
    }
}

/// One assignment: (employee, day, shift type), all indices.
pub type Assignment = (usize, usize, usize);

/// The assignments of a roster of a problem made by [`to_problem`]: post
/// index = shift type index, slot day = benchmark day.
pub fn assignments(problem: &Problem, roster: &Roster) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = roster
        .pairs()
        .map(|(person, slot)| {
            let s = &problem.slots[slot];
            (person, s.day, s.post)
        })
        .collect();
    out.sort_unstable();
    out
}

/// The benchmark objective of a set of assignments, by part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Objective {
    /// weight_under × people short, summed over day and shift.
    pub under: i64,
    /// weight_over × people over.
    pub over: i64,
    /// Weights of shift-on requests not met.
    pub on_requests: i64,
    /// Weights of shift-off requests violated.
    pub off_requests: i64,
}

impl Objective {
    pub fn total(&self) -> i64 {
        self.under + self.over + self.on_requests + self.off_requests
    }
}

/// The benchmark objective, straight from its definition.
pub fn objective(inst: &Instance, assignments: &[Assignment]) -> Objective {
    let set: HashSet<Assignment> = assignments.iter().copied().collect();
    let mut on_duty: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for &(_, d, t) in &set {
        *on_duty.entry((d, t)).or_default() += 1;
    }
    let mut obj = Objective::default();
    for c in &inst.cover {
        let have = on_duty.get(&(c.day, c.shift)).copied().unwrap_or(0);
        let need = i64::from(c.requirement);
        obj.under += i64::from(c.weight_under) * (need - have).max(0);
        obj.over += i64::from(c.weight_over) * (have - need).max(0);
    }
    for r in &inst.on_requests {
        if !set.contains(&(r.employee, r.day, r.shift)) {
            obj.on_requests += i64::from(r.weight);
        }
    }
    for r in &inst.off_requests {
        if set.contains(&(r.employee, r.day, r.shift)) {
            obj.off_requests += i64::from(r.weight);
        }
    }
    obj
}

/// One broken benchmark hard rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub employee: usize,
    /// `one_shift_per_day`, `days_off`, `succession`, `max_shifts`,
    /// `max_minutes`, `min_minutes`, `max_consecutive`, `min_consecutive`,
    /// `min_days_off` or `max_weekends`.
    pub rule: &'static str,
    pub message: String,
}

/// Every broken benchmark hard rule (empty: feasible). Assignments outside
/// the instance are ignored.
pub fn violations(inst: &Instance, assignments: &[Assignment]) -> Vec<Broken> {
    let h = inst.horizon;
    let mut out = Vec::new();
    // grid[e][d] = shift types worked by e on day d.
    let mut grid: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); h]; inst.staff.len()];
    for &(e, d, t) in assignments {
        if e < inst.staff.len() && d < h && t < inst.shifts.len() && !grid[e][d].contains(&t) {
            grid[e][d].push(t);
        }
    }
    for (e, emp) in inst.staff.iter().enumerate() {
        let mut broken = |rule: &'static str, message: String| {
            out.push(Broken { employee: e, rule, message: format!("{}: {message}", emp.id) })
        };
        let days = &grid[e];
        let works = |d: usize| !days[d].is_empty();
        for (d, on) in days.iter().enumerate() {
            if on.len() > 1 {
                broken("one_shift_per_day", format!("{} shifts on day {d}", on.len()));
            }
            if !on.is_empty() && emp.days_off.contains(&d) {
                broken("days_off", format!("works on day off {d}"));
            }
            if d + 1 < h {
                for &a in on {
                    for &b in &days[d + 1] {
                        if inst.shifts[a].cannot_follow.contains(&b) {
                            broken(
                                "succession",
                                format!("{} on day {} after {} on day {d}", inst.shifts[b].id, d + 1, inst.shifts[a].id),
                            );
                        }
                    }
                }
            }
        }
        for (t, shift) in inst.shifts.iter().enumerate() {
            let n = days.iter().filter(|on| on.contains(&t)).count() as u32;
            if n > emp.max_shifts[t] {
                broken("max_shifts", format!("{n} shifts {} (max {})", shift.id, emp.max_shifts[t]));
            }
        }
        let minutes: u32 = days.iter().flatten().map(|&t| inst.shifts[t].minutes).sum();
        if minutes > emp.max_minutes {
            broken("max_minutes", format!("{minutes} minutes (max {})", emp.max_minutes));
        }
        if minutes < emp.min_minutes {
            broken("min_minutes", format!("{minutes} minutes (min {})", emp.min_minutes));
        }
        // Maximal runs of working days and of days off; runs touching the
        // first or last day are exempt from the minimum-run rules.
        let mut d = 0;
        while d < h {
            let kind = works(d);
            let first = d;
            while d < h && works(d) == kind {
                d += 1;
            }
            let (len, last) = ((d - first) as u32, d - 1);
            let inner = first > 0 && last + 1 < h;
            if kind && len > emp.max_consecutive {
                broken("max_consecutive", format!("works {len} days in a row from day {first} (max {})", emp.max_consecutive));
            }
            if kind && inner && len < emp.min_consecutive {
                broken("min_consecutive", format!("works only {len} days in a row from day {first} (min {})", emp.min_consecutive));
            }
            if !kind && inner && len < emp.min_days_off {
                broken("min_days_off", format!("only {len} days off from day {first} (min {})", emp.min_days_off));
            }
        }
        // Day 0 is a Monday: weekend w is days 7w + 5 and 7w + 6.
        let weekends = (0..h / 7).filter(|w| works(7 * w + 5) || works(7 * w + 6)).count() as u32;
        if weekends > emp.max_weekends {
            broken("max_weekends", format!("works {weekends} weekends (max {})", emp.max_weekends));
        }
    }
    out
}

/// Size facts of an instance, to compare with `best_known.csv`.
pub fn size(inst: &Instance) -> (usize, usize, usize) {
    (inst.staff.len(), inst.horizon, inst.shifts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "# comment\r\nSECTION_HORIZON\r\n7\r\n\r\nSECTION_SHIFTS\r\nE,480,\r\nL,600,E\r\n\r\n\
SECTION_STAFF\r\nA,E=7|L=0,2400,480,5,2,2,1\r\nB,E=7|L=7,2400,0,5,1,1,1\r\n\r\nSECTION_DAYS_OFF\r\nA,0,6\r\n\r\n\
SECTION_SHIFT_ON_REQUESTS\r\nB,1,L,3\r\n\r\nSECTION_SHIFT_OFF_REQUESTS\r\nA,2,E,2\r\n\r\n\
SECTION_COVER\r\n0,E,1,100,1\r\n1,L,1,100,1\r\n";

    #[test]
    fn reads_every_section() {
        let inst = parse(TINY, "tiny").unwrap();
        assert_eq!(size(&inst), (2, 7, 2));
        assert_eq!(inst.shifts[1].cannot_follow, vec![0]);
        assert_eq!(inst.staff[0].max_shifts, vec![7, 0]);
        assert_eq!(inst.staff[0].days_off, vec![0, 6]);
        assert_eq!(inst.on_requests.len(), 1);
        assert_eq!(inst.cover.len(), 2);
    }

    #[test]
    fn objective_and_rules_from_the_definition() {
        let inst = parse(TINY, "tiny").unwrap();
        // Nobody works: both covers short (200), B's on-request unmet (3),
        // A below its minimum minutes.
        let obj = objective(&inst, &[]);
        assert_eq!(obj, Objective { under: 200, over: 0, on_requests: 3, off_requests: 0 });
        assert_eq!(obj.total(), 203);
        assert!(violations(&inst, &[]).iter().any(|v| v.rule == "min_minutes" && v.employee == 0));
        // B works E on day 0 and L on day 1: E may follow nothing forbidden, L
        // after E is fine; cover met, on-request met.
        let a = [(1, 0, 0), (1, 1, 1)];
        assert_eq!(objective(&inst, &a).total(), 0);
        // A on day 2 E: off-request violated (2), plus over-cover? No cover line.
        assert_eq!(objective(&inst, &[(0, 2, 0), (1, 0, 0), (1, 1, 1)]).total(), 2);
        // A on day 0 E as well (a day off, but the objective prices only
        // cover and requests): one over the cover of 1 (weight 1); B's L on
        // day 1 dropped: short there (100), the on-request unmet (3).
        let obj = objective(&inst, &[(0, 2, 0), (0, 0, 0), (1, 0, 0)]);
        assert_eq!(obj, Objective { under: 100, over: 1, on_requests: 3, off_requests: 2 });
        // E after L is forbidden.
        assert!(!violations(&inst, &[(1, 1, 1), (1, 2, 0)]).is_empty());
    }

    #[test]
    fn bad_input_names_the_line() {
        let e = parse("SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,abc,\n", "x").unwrap_err();
        assert_eq!(e.line, 5);
        let e = parse("SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,-5,\n", "x").unwrap_err();
        assert!(e.message.contains("≥ 0"));
        let e = parse("SECTION_HORIZON\n10\n", "x").unwrap_err();
        assert!(e.message.contains("multiple of 7"));
    }
}
