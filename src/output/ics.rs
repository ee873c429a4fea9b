//! The calendar files (RFC 5545): `calendar/<staff_id>.ics` with one
//! person's shifts, and `calendar/all.ics` for the office calendar.
//!
//! Written by hand, line by line, so that the bytes are exactly what we
//! mean and the same every time:
//!
//! * **UID** — `<identity>-<post>-<start yyyymmddThhmm>-<staff id>@lichtruc`
//!   for a person's event, and the same without `-<staff id>` for an office
//!   event. `<identity>` is a 64-bit FNV-1a hash (16 hex digits) of the
//!   organisation, the title and the period's start: it does not depend on
//!   the assignments, so a re-issued roster keeps its UIDs and a calendar
//!   updates the events it imported instead of duplicating them. Characters
//!   of a post id outside `A–Z a–z 0–9 - _ .` are written as `%XX`.
//! * **DTSTAMP** — the roster's `issued` date at 00:00 local time, in UTC;
//!   without `issued`, the period's start in UTC. Never the clock: the same
//!   roster gives the same bytes.
//! * **SEQUENCE** — [`IcsOptions::sequence`], 0 for a first issue.
//! * **Times** — local wall-clock times with `TZID=<timezone>` and a
//!   VTIMEZONE block built from the tz database: one observance for the
//!   offset in force on 1 January of the period's first year, then one per
//!   offset change (daylight saving or otherwise) up to two days after the
//!   period. For `Asia/Ho_Chi_Minh` that is a single STANDARD observance,
//!   +0700 to +0700.
//! * **Alarms** — two DISPLAY alarms per event: at 20:00 on the evening
//!   before the shift's start date, and one hour before the start. Both are
//!   relative triggers (`-PT…`), which calendars handle best.
//! * **all.ics** holds one event per slot with everyone on it (and the
//!   places still unfilled), which is what an office calendar shows well: a
//!   wall of one event per person per slot would be unreadable.
//! * Text is escaped (`\\ ; ,` and newlines), control characters dropped,
//!   and lines folded at 75 octets, never inside a UTF-8 character, with
//!   CRLF line ends.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::model::{Problem, Slot};
use crate::roster::Roster;
use crate::text::{self, Lang};

/// What varies between issues of the same roster.
#[derive(Debug, Clone, Copy, Default)]
pub struct IcsOptions {
    /// SEQUENCE of every event (0 for a first issue; revisions raise it).
    pub sequence: u32,
}

/// Every calendar file of a roster: one per person (also for someone with
/// no shift, so that a revision can empty their calendar) and `all.ics`.
pub fn files(problem: &Problem, roster: &Roster, dir: &Path, options: IcsOptions) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = dir.join("calendar");
    let mut out: Vec<(PathBuf, Vec<u8>)> = (0..problem.staff.len())
        .map(|p| (dir.join(format!("{}.ics", problem.staff[p].id)), person_calendar(problem, roster, p, options)))
        .collect();
    out.push((dir.join("all.ics"), office_calendar(problem, roster, options)));
    out
}

/// One person's shifts.
pub fn person_calendar(problem: &Problem, roster: &Roster, person: usize, options: IcsOptions) -> Vec<u8> {
    let lang = problem.lang();
    let who = &problem.staff[person];
    let mut w = Calendar::begin(problem, &format!("{} – {}", problem.meta.title, who.name));
    for &s in roster.slots_of(person) {
        let slot = &problem.slots[s];
        let summary = summary(problem, slot);
        let mut d = Vec::new();
        d.push(problem.meta.title.clone());
        d.push(format!("{}: {}", lang.pick("Vị trí", "Post"), post_and_shift(problem, slot)));
        d.push(format!("{}: {}", lang.pick("Thời gian", "Time"), when(slot)));
        let others: Vec<String> =
            roster.people(s).iter().filter(|&&q| q != person).map(|&q| with_phone(problem, q)).collect();
        let missing = missing(slot, roster.people(s).len());
        if !others.is_empty() || missing > 0 {
            let mut mates = if others.is_empty() { lang.pick("không có", "nobody").to_string() } else { others.join("; ") };
            if missing > 0 {
                mates += &text_missing(lang, missing);
            }
            d.push(format!("{}: {}", lang.pick("Cùng trực ca này", "Also on this shift"), mates));
        }
        push_common(problem, roster, s, &mut d);
        w.event(problem, &uid(problem, slot, Some(person)), slot, &summary, &d.join("\n"), options);
    }
    w.finish()
}

/// Every slot, with everyone on it, for the office calendar.
pub fn office_calendar(problem: &Problem, roster: &Roster, options: IcsOptions) -> Vec<u8> {
    let lang = problem.lang();
    let mut w = Calendar::begin(problem, &problem.meta.title);
    for (s, slot) in problem.slots.iter().enumerate() {
        let people = roster.people(s);
        let missing = missing(slot, people.len());
        let mut names: Vec<String> = people.iter().map(|&p| problem.staff[p].name.clone()).collect();
        names.extend((0..missing).map(|_| unfilled_word(lang).to_string()));
        let summary = if names.is_empty() { summary(problem, slot) } else { format!("{}: {}", summary(problem, slot), names.join(", ")) };
        let mut d = vec![
            problem.meta.title.clone(),
            format!("{}: {}", lang.pick("Vị trí", "Post"), post_and_shift(problem, slot)),
            format!("{}: {}", lang.pick("Thời gian", "Time"), when(slot)),
        ];
        let mut on: Vec<String> = people.iter().map(|&p| with_phone(problem, p)).collect();
        if on.is_empty() {
            on.push(lang.pick("không có", "nobody").to_string());
        }
        let mut line = format!("{}: {}", lang.pick("Người trực", "On duty"), on.join("; "));
        if missing > 0 {
            line += &text_missing(lang, missing);
        }
        d.push(line);
        push_common(problem, roster, s, &mut d);
        w.event(problem, &uid(problem, slot, None), slot, &summary, &d.join("\n"), options);
    }
    w.finish()
}

/// The leader on duty, the hotline and the notes: the end of every
/// description.
fn push_common(problem: &Problem, roster: &Roster, s: usize, d: &mut Vec<String>) {
    let lang = problem.lang();
    if let Some(leaders) = leaders_on_duty(problem, roster, s) {
        d.push(format!("{}: {}", lang.pick("Lãnh đạo trực", "Leader on duty"), leaders));
    }
    let slot = &problem.slots[s];
    let alongside: Vec<String> = (0..problem.slots.len())
        .filter(|&t| t != s && problem.slots[t].post != slot.post && !is_leader_post(problem, problem.slots[t].post))
        .filter(|&t| problem.slots[t].start < slot.end && problem.slots[t].end > slot.start)
        .map(|t| {
            let other = &problem.slots[t];
            let mut names: Vec<String> = roster.people(t).iter().map(|&p| with_phone(problem, p)).collect();
            names.extend((0..missing(other, roster.people(t).len())).map(|_| unfilled_word(lang).to_string()));
            format!(
                "- {} ({}): {}",
                post_and_shift(problem, other),
                crate::model::time_range(other.start, other.end),
                names.join("; ")
            )
        })
        .collect();
    if !alongside.is_empty() {
        d.push(format!("{}:", lang.pick("Trực cùng thời gian ở vị trí khác", "On duty at the same time at other posts")));
        d.extend(alongside);
    }
    if let Some(h) = problem.meta.hotline.as_deref().filter(|h| !h.trim().is_empty()) {
        d.push(format!("{}: {}", lang.pick("Đường dây nóng", "Hotline"), h));
    }
    if !problem.meta.notes.is_empty() {
        d.push(format!("{}:", lang.pick("Ghi chú", "Notes")));
        d.extend(problem.meta.notes.iter().map(|n| format!("- {n}")));
    }
}

/// Whether a post is the leader's: its id is `leader` or it is held by the
/// `leader` role.
pub fn is_leader_post(problem: &Problem, post: usize) -> bool {
    let p = &problem.posts[post];
    p.id == "leader" || p.roles.iter().any(|r| r == "leader")
}

/// Who holds the leader posts while a slot runs ("Lan (0912 345 678)"),
/// with the hours when more than one leader slot overlaps it. None when the
/// roster has no leader post, or the slot is itself the only leader slot.
fn leaders_on_duty(problem: &Problem, roster: &Roster, s: usize) -> Option<String> {
    let lang = problem.lang();
    let slot = &problem.slots[s];
    let overlapping: Vec<usize> = (0..problem.slots.len())
        .filter(|&t| t != s && is_leader_post(problem, problem.slots[t].post))
        .filter(|&t| problem.slots[t].start < slot.end && problem.slots[t].end > slot.start)
        .collect();
    if overlapping.is_empty() {
        return None;
    }
    let parts: Vec<String> = overlapping
        .iter()
        .map(|&t| {
            let people = roster.people(t);
            let names = if people.is_empty() {
                unfilled_word(lang).to_string()
            } else {
                people.iter().map(|&p| with_phone(problem, p)).collect::<Vec<_>>().join("; ")
            };
            if overlapping.len() > 1 {
                let l = &problem.slots[t];
                format!("{names} [{}]", crate::model::time_range(l.start, l.end))
            } else {
                names
            }
        })
        .collect();
    Some(parts.join("; "))
}

fn missing(slot: &Slot, have: usize) -> u32 {
    if slot.soft.is_none() {
        slot.need.saturating_sub(have as u32)
    } else {
        0
    }
}

fn text_missing(lang: Lang, missing: u32) -> String {
    match lang {
        Lang::Vi => format!(" (còn thiếu {missing} người)"),
        Lang::En => format!(" ({missing} place(s) unfilled)"),
    }
}

fn unfilled_word(lang: Lang) -> &'static str {
    lang.pick("CHƯA CÓ NGƯỜI", "UNFILLED")
}

/// "Lãnh đạo trực – ca Cả ngày" / "Leader on duty – Cả ngày shift".
fn summary(problem: &Problem, slot: &Slot) -> String {
    post_and_shift(problem, slot)
}

fn post_and_shift(problem: &Problem, slot: &Slot) -> String {
    let (post, shift) = (&problem.post(slot).name, &problem.shift(slot).name);
    match problem.lang() {
        Lang::Vi => format!("{post} – ca {shift}"),
        Lang::En => format!("{post} – {shift} shift"),
    }
}

/// "14/02/2026 07:30 – 15/02/2026 07:30".
fn when(slot: &Slot) -> String {
    let f = |t: NaiveDateTime| format!("{} {}", text::long_date(t.date()), text::hhmm(t.time()));
    format!("{} – {}", f(slot.start), f(slot.end))
}

fn with_phone(problem: &Problem, p: usize) -> String {
    let person = &problem.staff[p];
    match person.phone.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(phone) => format!("{} ({phone})", person.name),
        None => person.name.clone(),
    }
}

/// The roster's identity: 16 hex digits of FNV-1a over organisation, title
/// and period start. Stable across Rust versions and platforms.
pub fn identity(problem: &Problem) -> String {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}",
        problem.meta.organization,
        problem.meta.title,
        problem.period.start.format("%Y-%m-%dT%H:%M:%S")
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The UID of a person's event (`person` given) or of an office event.
pub fn uid(problem: &Problem, slot: &Slot, person: Option<usize>) -> String {
    let mut uid = format!(
        "{}-{}-{}",
        identity(problem),
        uid_part(&problem.post(slot).id),
        slot.start.format("%Y%m%dT%H%M")
    );
    if let Some(p) = person {
        uid.push('-');
        uid.push_str(&uid_part(&problem.staff[p].id));
    }
    uid.push_str("@lichtruc");
    uid
}

fn uid_part(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The zone of the roster (validated by the input; UTC+7 if it somehow is
/// not a tz database name).
fn zone(problem: &Problem) -> Tz {
    problem.meta.timezone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh)
}

fn tzid(problem: &Problem) -> String {
    let tz = zone(problem);
    tz.name().to_string()
}

/// A local wall-clock time as an instant (a time skipped by a clock change
/// is taken one hour later).
fn to_utc(tz: Tz, t: NaiveDateTime) -> chrono::DateTime<Utc> {
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(t + Duration::hours(1))).earliest())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&t))
}

/// DTSTAMP: `issued` at 00:00 local time, else the period's start, in UTC.
pub fn dtstamp(problem: &Problem) -> String {
    let local = match problem.meta.issued {
        Some(d) => d.and_time(NaiveTime::MIN),
        None => problem.period.start,
    };
    to_utc(zone(problem), local).format("%Y%m%dT%H%M%SZ").to_string()
}

/// An RFC 5545 duration before an event: `-PT11H30M`, `-PT1H`.
fn before(d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("-PT{m}M"),
        (h, 0) => format!("-PT{h}H"),
        (h, m) => format!("-PT{h}H{m}M"),
    }
}

/// `+0700`, `-0330`, `+053045`.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// A calendar being written: content lines, folded, CRLF.
struct Calendar {
    out: String,
    tzid: String,
    stamp: String,
}

impl Calendar {
    fn begin(problem: &Problem, name: &str) -> Calendar {
        let mut c = Calendar { out: String::new(), tzid: tzid(problem), stamp: dtstamp(problem) };
        c.raw("BEGIN:VCALENDAR");
        c.raw("VERSION:2.0");
        c.raw("PRODID:-//lichtruc//lichtruc//VI");
        c.raw("CALSCALE:GREGORIAN");
        c.raw("METHOD:PUBLISH");
        c.text("X-WR-CALNAME", name);
        c.text("X-WR-TIMEZONE", &c.tzid.clone());
        c.vtimezone(problem);
        c
    }

    /// The VTIMEZONE block: the offset on 1 January of the period's first
    /// year, then every change until two days after the period.
    fn vtimezone(&mut self, problem: &Problem) {
        let tz = zone(problem);
        let first = NaiveDate::from_ymd_opt(problem.period.start.date().year(), 1, 1)
            .unwrap_or(problem.period.start.date())
            .and_time(NaiveTime::MIN);
        let from = to_utc(tz, first).naive_utc();
        let until = to_utc(tz, problem.period.end).naive_utc() + Duration::days(2);
        let info = |t: NaiveDateTime| {
            let o = tz.offset_from_utc_datetime(&t);
            (o.fix().local_minus_utc(), o.dst_offset() != Duration::zero(), o.abbreviation().map(str::to_string))
        };
        // (onset in UTC, offset before, offset after, daylight, name)
        let (off0, dst0, name0) = info(from);
        let mut observances = vec![(from, off0, off0, dst0, name0)];
        let mut t = from;
        let mut current = off0;
        while t < until {
            let next = t + Duration::hours(1);
            let (off, _, _) = info(next);
            if off != current {
                // The change is in (t, next]: find its second.
                let (mut lo, mut hi) = (t, next);
                while hi - lo > Duration::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if info(mid).0 == current {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let (off, dst, name) = info(hi);
                observances.push((hi, current, off, dst, name));
                current = off;
            }
            t = next;
        }
        self.raw("BEGIN:VTIMEZONE");
        self.text("TZID", &self.tzid.clone());
        for (onset, before, after, dst, name) in observances {
            let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
            self.raw(&format!("BEGIN:{kind}"));
            // DTSTART is the onset in the local time before the change.
            let local = onset + Duration::seconds(i64::from(before));
            self.raw(&format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
            self.raw(&format!("TZOFFSETFROM:{}", offset_text(before)));
            self.raw(&format!("TZOFFSETTO:{}", offset_text(after)));
            // chrono-tz has no name for zones whose abbreviation is their
            // offset ("+07"): write the offset then.
            let name = name.unwrap_or_else(|| {
                let (sign, s) = if after < 0 { ('-', -after) } else { ('+', after) };
                if s % 3600 == 0 { format!("{sign}{:02}", s / 3600) } else { format!("{sign}{:02}{:02}", s / 3600, (s / 60) % 60) }
            });
            self.text("TZNAME", &name);
            self.raw(&format!("END:{kind}"));
        }
        self.raw("END:VTIMEZONE");
    }

    fn event(&mut self, problem: &Problem, uid: &str, slot: &Slot, summary: &str, description: &str, options: IcsOptions) {
        let lang = problem.lang();
        let tz = zone(problem);
        let local = |t: NaiveDateTime| t.format("%Y%m%dT%H%M%S").to_string();
        self.raw("BEGIN:VEVENT");
        self.text("UID", uid);
        self.raw(&format!("DTSTAMP:{}", self.stamp));
        self.raw(&format!("SEQUENCE:{}", options.sequence));
        let tzid = param_value(&self.tzid);
        self.raw(&format!("DTSTART;TZID={tzid}:{}", local(slot.start)));
        self.raw(&format!("DTEND;TZID={tzid}:{}", local(slot.end)));
        self.text("SUMMARY", summary);
        if let Some(loc) = problem.meta.location.as_deref().filter(|l| !l.trim().is_empty()) {
            self.text("LOCATION", loc);
        }
        self.text("DESCRIPTION", description);
        self.raw("STATUS:CONFIRMED");
        self.raw("TRANSP:OPAQUE");
        let start = to_utc(tz, slot.start);
        let evening = to_utc(tz, (slot.start.date() - Duration::days(1)).and_time(NaiveTime::from_hms_opt(20, 0, 0).expect("valid")));
        let starts_at = match lang {
            Lang::Vi => format!("{summary}: bắt đầu lúc {} ngày {}", text::hhmm(slot.start.time()), text::long_date(slot.start.date())),
            Lang::En => format!("{summary}: starts at {} on {}", text::hhmm(slot.start.time()), text::long_date(slot.start.date())),
        };
        for (trigger, what) in [
            (before(start - evening), lang.pick("Nhắc lịch trực (tối hôm trước)", "Duty reminder (the evening before)")),
            (before(Duration::hours(1)), lang.pick("Nhắc lịch trực (trước 1 giờ)", "Duty reminder (one hour before)")),
        ] {
            self.raw("BEGIN:VALARM");
            self.raw("ACTION:DISPLAY");
            self.text("DESCRIPTION", &format!("{what}. {starts_at}"));
            self.raw(&format!("TRIGGER:{trigger}"));
            self.raw("END:VALARM");
        }
        self.raw("END:VEVENT");
    }

    /// A property whose value is TEXT.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(&format!("{name}:{}", escape_text(value)));
    }

    /// A content line, folded, with CRLF.
    fn raw(&mut self, line: &str) {
        self.out.push_str(&fold(line));
    }

    fn finish(mut self) -> Vec<u8> {
        self.raw("END:VCALENDAR");
        self.out.into_bytes()
    }
}

/// A parameter value, quoted when it holds `:`, `;` or `,` (a `"` cannot be
/// written at all and is dropped).
fn param_value(v: &str) -> String {
    let v: String = v.chars().filter(|&c| c != '"' && !c.is_control()).collect();
    if v.contains([':', ';', ',']) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// Escapes TEXT (RFC 5545 §3.3.11): `\` `;` `,` and newlines; other control
/// characters (not allowed in a content line) are dropped, and a CRLF or a
/// lone CR counts as one newline.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (RFC 5545 §3.1): at most 75 octets per physical
/// line, continuation lines start with a space, never split inside a UTF-8
/// character; every physical line ends with CRLF.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// Calendar files of a revised roster (`solve --previous OLD_DIR`), given
/// the calendar files of OLD_DIR by file name and the previous roster.
/// Returns the files and the names (`calendar/lan.ics`) of those whose
/// bytes differ from OLD_DIR's.
///
/// Per file, events are matched by UID (which does not depend on the
/// assignments) with OLD_DIR's:
///
/// * an event whose content is the same (ignoring DTSTAMP and SEQUENCE)
///   is copied byte for byte, SEQUENCE and all;
/// * an event whose content changed (a colleague, the leader on duty, a
///   time) gets the old SEQUENCE + 1; an event that is new gets 0 (or the
///   old SEQUENCE + 1 if it had been cancelled before);
/// * an old event the new roster does not have is sent as cancelled:
///   `STATUS:CANCELLED`, SEQUENCE + 1, "ĐÃ HỦY – " before the summary, a
///   line saying so in the description, no alarms; an event cancelled
///   before stays as it was. A shift lost according to OLD_DIR/roster.csv
///   whose event OLD_DIR does not have is cancelled with SEQUENCE 1.
/// * A file none of whose events changed is OLD_DIR's file, byte for byte.
///   A file that changed says so at the top (`X-WR-CALDESC`: how many
///   shifts are new, cancelled and updated) and lists its events by start
///   time, cancelled ones included, so that importing it removes them.
/// * The file of someone no longer in the roster file is written again
///   with all their events cancelled.
pub fn revised_files(
    problem: &Problem,
    roster: &Roster,
    dir: &Path,
    old: &std::collections::BTreeMap<String, Vec<u8>>,
    previous: &Roster,
) -> (Vec<(PathBuf, Vec<u8>)>, Vec<String>) {
    let stamp = dtstamp(problem);
    let lang = problem.lang();
    let issued = problem.meta.issued;
    let cal_dir = dir.join("calendar");
    let mut out = Vec::new();
    let mut changed = Vec::new();
    let old_text = |name: &str| old.get(name).map(|b| String::from_utf8_lossy(b).into_owned());
    let mut push = |name: String, result: (String, bool)| {
        if result.1 {
            changed.push(format!("calendar/{name}"));
        }
        out.push((cal_dir.join(&name), result.0.into_bytes()));
    };
    for (p, person) in problem.staff.iter().enumerate() {
        let name = format!("{}.ics", person.id);
        let fresh = String::from_utf8(person_calendar(problem, roster, p, IcsOptions::default())).expect("UTF-8");
        let old_file = old_text(&name);
        let old_uids: Vec<String> = old_file.as_deref().map(split).map(|s| s.events.into_iter().map(|e| e.uid).collect()).unwrap_or_default();
        // Shifts lost according to the previous roster.csv whose event
        // OLD_DIR does not have.
        let extra: Vec<String> = previous
            .slots_of(p)
            .iter()
            .filter(|&&s| !roster.holds(p, s))
            .filter(|&&s| !old_uids.contains(&uid(problem, &problem.slots[s], Some(p))))
            .filter_map(|&s| {
                let alone = Roster::from_pairs(problem, [(p, s)]);
                let text = String::from_utf8(person_calendar(problem, &alone, p, IcsOptions::default())).expect("UTF-8");
                split(&text).events.into_iter().next().map(|e| cancel(&e.text, 1, &stamp, lang))
            })
            .collect();
        push(name, revise(&fresh, old_file.as_deref(), extra, &stamp, lang, issued));
    }
    let fresh = String::from_utf8(office_calendar(problem, roster, IcsOptions::default())).expect("UTF-8");
    let all = revise(&fresh, old_text("all.ics").as_deref(), Vec::new(), &stamp, lang, issued);
    // People no longer in the roster file: every event cancelled.
    for (name, bytes) in old {
        let stem = name.trim_end_matches(".ics");
        if name == "all.ics" || problem.person_index(stem).is_some() {
            continue;
        }
        let text = String::from_utf8_lossy(bytes).into_owned();
        let empty = format!("{}END:VCALENDAR\r\n", without_note(&split(&text).header));
        push(name.clone(), revise(&empty, Some(&text), Vec::new(), &stamp, lang, issued));
    }
    push("all.ics".into(), all);
    (out, changed)
}

/// One event of a calendar file, as written.
struct Event {
    /// The physical lines, BEGIN:VEVENT to END:VEVENT.
    text: String,
    uid: String,
    sequence: u32,
    cancelled: bool,
    /// DTSTART's value (`20260214T073000`), for ordering.
    start: String,
}

/// A calendar file cut into what comes before the first event, the events,
/// and what comes after the last.
struct Split {
    header: String,
    events: Vec<Event>,
}

fn split(text: &str) -> Split {
    let mut header = String::new();
    let mut events = Vec::new();
    let mut current: Option<String> = None;
    let mut seen_event = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        match current.as_mut() {
            Some(block) => {
                block.push_str(line);
                if bare == "END:VEVENT" {
                    events.push(event(current.take().expect("in an event")));
                }
            }
            None if bare == "BEGIN:VEVENT" => {
                seen_event = true;
                current = Some(line.to_string());
            }
            None if !seen_event && bare != "END:VCALENDAR" => header.push_str(line),
            None => {}
        }
    }
    Split { header, events }
}

fn event(text: String) -> Event {
    let lines = logical_lines(&text);
    let value = |name: &str| {
        lines.iter().find_map(|l| l.strip_prefix(name).filter(|r| r.starts_with([':', ';']))).map(|r| {
            let r = r.rsplit_once(':').map_or(r, |(_, v)| v);
            r.to_string()
        })
    };
    Event {
        uid: value("UID").unwrap_or_default(),
        sequence: value("SEQUENCE").and_then(|s| s.trim().parse().ok()).unwrap_or(0),
        cancelled: value("STATUS").is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED")),
        start: value("DTSTART").unwrap_or_default(),
        text,
    }
}

/// Unfolded content lines.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for physical in text.split('\n') {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        if let Some(rest) = physical.strip_prefix([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !physical.is_empty() {
            out.push(physical.to_string());
        }
    }
    out
}

/// What an event says, DTSTAMP and SEQUENCE aside.
fn essence(text: &str) -> Vec<String> {
    logical_lines(text).into_iter().filter(|l| !l.starts_with("DTSTAMP:") && !l.starts_with("SEQUENCE:")).collect()
}

/// A freshly rendered event (SEQUENCE:0) with another SEQUENCE.
fn with_sequence(text: &str, sequence: u32) -> String {
    text.replacen("\r\nSEQUENCE:0\r\n", &format!("\r\nSEQUENCE:{sequence}\r\n"), 1)
}

/// An event turned into its cancellation.
fn cancel(text: &str, sequence: u32, stamp: &str, lang: Lang) -> String {
    let mut out = String::new();
    let mut in_alarm = false;
    for line in logical_lines(text) {
        match line.as_str() {
            "BEGIN:VALARM" => in_alarm = true,
            "END:VALARM" => in_alarm = false,
            _ if in_alarm => {}
            l if l.starts_with("DTSTAMP:") => out.push_str(&fold(&format!("DTSTAMP:{stamp}"))),
            l if l.starts_with("SEQUENCE:") => out.push_str(&fold(&format!("SEQUENCE:{sequence}"))),
            l if l.starts_with("STATUS:") => out.push_str(&fold("STATUS:CANCELLED")),
            l if l.starts_with("TRANSP:") => out.push_str(&fold("TRANSP:TRANSPARENT")),
            l if l.starts_with("SUMMARY:") => {
                let rest = &l["SUMMARY:".len()..];
                out.push_str(&fold(&format!("SUMMARY:{}{rest}", escape_text(lang.pick("ĐÃ HỦY – ", "CANCELLED – ")))));
            }
            l if l.starts_with("DESCRIPTION:") => {
                let rest = &l["DESCRIPTION:".len()..];
                let note = lang.pick(
                    "Ca trực này đã được hủy trong bản điều chỉnh lịch trực.",
                    "This shift was cancelled when the roster was amended.",
                );
                out.push_str(&fold(&format!("DESCRIPTION:{}\\n\\n{rest}", escape_text(note))));
            }
            l => out.push_str(&fold(l)),
        }
    }
    out
}

/// The header without an earlier revision's X-WR-CALDESC note.
fn without_note(header: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in header.split_inclusive('\n') {
        if line.starts_with("X-WR-CALDESC") {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with([' ', '\t']) {
            continue;
        }
        skipping = false;
        out.push_str(line);
    }
    out
}

/// One calendar file of a revision: the new file as rendered (SEQUENCE 0
/// everywhere), the file OLD_DIR had, and extra cancellations. Returns the
/// text and whether it differs from the old file.
fn revise(fresh: &str, old: Option<&str>, extra: Vec<String>, stamp: &str, lang: Lang, issued: Option<NaiveDate>) -> (String, bool) {
    let new = split(fresh);
    let before = old.map(split);
    let old_events: Vec<&Event> = before.as_ref().map(|b| b.events.iter().collect()).unwrap_or_default();
    let find = |uid: &str| old_events.iter().copied().find(|e| e.uid == uid);
    let mut events: Vec<(String, String, String)> = Vec::new();
    let (mut added, mut updated, mut cancelled) = (0usize, 0usize, 0usize);
    for e in &new.events {
        let text = match find(&e.uid) {
            Some(o) if !o.cancelled && essence(&o.text) == essence(&e.text) => o.text.clone(),
            Some(o) => {
                if o.cancelled {
                    added += 1;
                } else {
                    updated += 1;
                }
                with_sequence(&e.text, o.sequence + 1)
            }
            None => {
                added += 1;
                e.text.clone()
            }
        };
        events.push((e.start.clone(), e.uid.clone(), text));
    }
    for o in &old_events {
        if new.events.iter().any(|e| e.uid == o.uid) {
            continue;
        }
        if o.cancelled {
            events.push((o.start.clone(), o.uid.clone(), o.text.clone()));
        } else {
            cancelled += 1;
            events.push((o.start.clone(), o.uid.clone(), cancel(&o.text, o.sequence + 1, stamp, lang)));
        }
    }
    for text in extra {
        let e = event(text);
        cancelled += 1;
        events.push((e.start.clone(), e.uid.clone(), e.text));
    }
    let same_header = before.as_ref().is_some_and(|b| without_note(&b.header) == without_note(&new.header));
    match old {
        Some(old) if added + updated + cancelled == 0 && same_header => return (old.to_string(), false),
        None if events.is_empty() => return (fresh.to_string(), false),
        _ => {}
    }
    events.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut parts = Vec::new();
    if added > 0 {
        parts.push(match lang {
            Lang::Vi => format!("{added} ca mới"),
            Lang::En => format!("{added} new shift(s)"),
        });
    }
    if cancelled > 0 {
        parts.push(match lang {
            Lang::Vi => format!("{cancelled} ca bị hủy"),
            Lang::En => format!("{cancelled} shift(s) cancelled"),
        });
    }
    if updated > 0 {
        parts.push(match lang {
            Lang::Vi => format!("{updated} ca cập nhật thông tin"),
            Lang::En => format!("{updated} shift(s) with updated details"),
        });
    }
    let when = issued.map(|d| match lang {
        Lang::Vi => format!(" (bản ngày {})", text::long_date(d)),
        Lang::En => format!(" (issue of {})", text::long_date(d)),
    });
    let mut note = format!("{}{}", lang.pick("Lịch đã điều chỉnh", "Amended calendar"), when.unwrap_or_default());
    if parts.is_empty() {
        note.push('.');
    } else {
        note += &format!(": {}.", parts.join("; "));
    }
    let note_line = fold(&format!("X-WR-CALDESC:{}", escape_text(&note)));
    let header = without_note(&new.header);
    let header = match header.find("BEGIN:VTIMEZONE") {
        Some(i) => format!("{}{note_line}{}", &header[..i], &header[i..]),
        None => format!("{header}{note_line}"),
    };
    let mut text = header;
    for (_, _, e) in events {
        text.push_str(&e);
    }
    text.push_str("END:VCALENDAR\r\n");
    (text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_utf8_whole_and_lines_short() {
        let line = format!("DESCRIPTION:{}", "Nguyễn Thị Thu Trang — Giám sát an toàn thông tin mạng ".repeat(5));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn durations_and_offsets() {
        assert_eq!(before(Duration::minutes(690)), "-PT11H30M");
        assert_eq!(before(Duration::hours(1)), "-PT1H");
        assert_eq!(before(Duration::minutes(30)), "-PT30M");
        assert_eq!(offset_text(7 * 3600), "+0700");
        assert_eq!(offset_text(-(3 * 3600 + 1800)), "-0330");
    }

    #[test]
    fn uid_parts_are_safe() {
        assert_eq!(uid_part("tech"), "tech");
        assert_eq!(uid_part("a b,c"), "a%20b%2Cc");
    }
}
