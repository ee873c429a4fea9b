//! From the file as written to a checked [`Problem`]: defaults, cross
//! references (staff, posts, shifts), the period from a holiday preset, and
//! every check that needs more than one key.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use chrono::{Duration, NaiveTime};
use toml::Spanned;

use super::error::Reporter;
use super::raw::{self, RuleKeys};
use super::values::UnavailableValue;
use crate::calendar::{self, DayKind, Holiday};
use crate::model::{
    build_slots, burden_unit, slots::Demand, BurdenWeights, Cover, Day, Fixed, HolidayPeriod, Meta, Period, Person,
    PersonRules, Post, Problem, Shift, Signer, SkillNeed, Unavailable, Wish,
};
use crate::rules;
use crate::text::{self, Lang};

/// The id made from a name: lower case ASCII words joined by `-`
/// ("Đỗ Quốc Hưng" → "do-quoc-hung").
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `[period] history`, `history_decay`, `history_years`: the ledger's
/// path (as written), the key's span, and how to weigh it.
fn history_keys(t: &raw::PeriodTable, r: &mut Reporter<'_>) -> Option<(String, Range<usize>, crate::history::Weighing)> {
    let mut weighing = crate::history::Weighing::default();
    if let Some(d) = &t.history_decay {
        let v = *d.get_ref();
        if v.is_finite() && v > 0.0 && v <= 1.0 {
            weighing.decay = v;
        } else {
            r.at(d.span(), "period.history_decay", format!("must be a number above 0 and at most 1, found {v}"));
        }
    }
    if let Some(y) = &t.history_years {
        if *y.get_ref() == 0 {
            r.at(y.span(), "period.history_years", "must be at least 1 (last year's rosters)");
        } else {
            weighing.years = Some(*y.get_ref());
        }
    }
    match &t.history {
        Some(h) if h.get_ref().trim().is_empty() => {
            r.at(h.span(), "period.history", "give the ledger file, e.g. history = \"history.toml\"");
            None
        }
        Some(h) => Some((h.get_ref().clone(), h.span(), weighing)),
        None => {
            for (key, span) in [
                ("period.history_decay", t.history_decay.as_ref().map(|d| d.span())),
                ("period.history_years", t.history_years.as_ref().map(|d| d.span())),
            ] {
                if let Some(span) = span {
                    r.at(span, key, "goes with `history = \"history.toml\"`; add that key or remove this one");
                }
            }
            None
        }
    }
}

/// Reads the ledger (relative to the roster file's folder) and gives each
/// person their weighted past burden and Giao thừa count. A ledger that
/// does not exist yet counts as empty (with a notice).
fn apply_history(
    problem: &mut Problem,
    base: &Path,
    path: &str,
    span: Range<usize>,
    weighing: crate::history::Weighing,
    r: &mut Reporter<'_>,
    notices: &mut Vec<String>,
) {
    let full = base.join(path);
    if !full.exists() {
        notices.push(format!(
            "the history file {} does not exist yet: no earlier roster is counted (add one with `lichtruc history add DIR --file {path}`)",
            full.display()
        ));
        return;
    }
    let ledger = match crate::history::Ledger::load(&full) {
        Ok(l) => l,
        Err(e) => {
            r.at(span, "period.history", format!("cannot use the history file: {e}"));
            return;
        }
    };
    let id = crate::output::ics::identity(problem);
    let (past, used) = ledger.past(&id, problem.period.start, weighing);
    for person in &mut problem.staff {
        if let Some(p) = past.get(&person.id) {
            person.past_burden = p.burden;
            person.past_tet_eve = p.tet_eve;
        }
    }
    notices.push(format!("history: {used} earlier roster(s) from {} counted in the fairness", full.display()));
}

const DEFAULT_HANDOVER: (u32, u32) = (7, 30);
const MAX_PERIOD_DAYS: i64 = 400;

pub(super) fn build(file: raw::RosterFile, base: &Path, r: &mut Reporter<'_>, notices: &mut Vec<String>) -> Option<Problem> {
    let lang = language(&file.roster, r);
    let burden = burden(&file.burden, r);
    let history = history_keys(file.period.get_ref(), r);
    let period = period(file.period, r, notices)?;
    let days = days(&period, &burden);
    let meta = meta(file.roster, lang, &period, r);
    let (posts, shift_names) = posts(file.post, r);
    let defaults = person_rules(&PersonRules::default(), &file.rules, "rules", &shift_names, r);
    let staff = staff(file.staff, &defaults, &shift_names, &period, r);
    if !r.is_clean() {
        return None;
    }
    let demands = demands(&file.demand, &posts, &days, r);
    let slots = build_slots(&posts, &days, period.start, period.end, &demands);
    // The period's last instant may fall on a date where no slot starts
    // (duty ends at the handover on the first working day): that date was
    // needed for the weights of the slots reaching into it, but it is not a
    // duty date — "the period's last date" of the minimum-run rules is the
    // last date with a slot.
    let mut days = days;
    days.truncate(slots.iter().map(|s| s.day + 1).max().unwrap_or(0));
    let unit = burden_unit(slots.iter().map(|s| s.burden));
    let mut problem = Problem {
        meta,
        period,
        days,
        posts,
        staff,
        slots,
        fixed: Vec::new(),
        burden,
        burden_unit: unit,
        wish_priority: Default::default(),
        previous: None,
    };
    problem.fixed = fixed(&file.fixed, &problem, r);
    if let Some((path, span, weighing)) = history {
        apply_history(&mut problem, base, &path, span, weighing, r, notices);
    }
    for (i, post) in problem.posts.iter().enumerate() {
        if !(0..problem.staff.len()).any(|p| problem.has_role(p, i)) {
            notices.push(format!(
                "nobody has a role for post \"{}\" ({}): its slots will stay unfilled",
                post.id,
                post.roles.join(", ")
            ));
        }
    }
    Some(problem)
}

fn language(t: &raw::RosterTable, r: &mut Reporter<'_>) -> Lang {
    match t.language.as_ref() {
        None => Lang::Vi,
        Some(l) => match l.get_ref().as_str() {
            "vi" => Lang::Vi,
            "en" => Lang::En,
            other => {
                r.at(l.span(), "roster.language", format!("unknown language {other:?}: use \"vi\" or \"en\""));
                Lang::Vi
            }
        },
    }
}

fn meta(t: raw::RosterTable, language: Lang, period: &Period, r: &mut Reporter<'_>) -> Meta {
    let timezone = match t.timezone {
        None => "Asia/Ho_Chi_Minh".to_string(),
        Some(tz) => {
            if tz.get_ref().parse::<chrono_tz::Tz>().is_err() {
                r.at(
                    tz.span(),
                    "roster.timezone",
                    format!("unknown time zone {:?}: use an IANA name such as \"Asia/Ho_Chi_Minh\"", tz.get_ref()),
                );
            }
            tz.into_inner()
        }
    };
    let title = t.title.unwrap_or_else(|| match &period.holiday {
        Some(h) => match language {
            Lang::Vi => format!("Lịch trực {} {}", h.holiday.name(language), h.year),
            Lang::En => format!("Duty roster: {} {}", h.holiday.name(language), h.year),
        },
        None => language.pick("Lịch trực", "Duty roster").to_string(),
    });
    Meta {
        title,
        organization: t.organization.unwrap_or_default(),
        parent_organization: t.parent_organization,
        document_number: t.document_number,
        place: t.place,
        issued: t.issued.map(|d| d.0),
        signer: t.signer.map(|s| Signer { title: s.title, name: s.name }),
        recipients: t.recipients,
        language,
        timezone,
        hotline: t.hotline,
        notes: t.notes,
        location: t.location,
    }
}

fn non_negative(v: &Option<Spanned<f64>>, key: &str, default: f64, r: &mut Reporter<'_>) -> f64 {
    match v {
        None => default,
        Some(x) if x.get_ref().is_finite() && *x.get_ref() >= 0.0 => *x.get_ref(),
        Some(x) => {
            r.at(x.span(), key, format!("must be a number ≥ 0, found {}", x.get_ref()));
            default
        }
    }
}

fn burden(t: &raw::BurdenTable, r: &mut Reporter<'_>) -> BurdenWeights {
    let d = BurdenWeights::default();
    BurdenWeights {
        workday: non_negative(&t.workday, "burden.workday", d.workday, r),
        weekend: non_negative(&t.weekend, "burden.weekend", d.weekend, r),
        holiday: non_negative(&t.holiday, "burden.holiday", d.holiday, r),
        tet_eve: non_negative(&t.tet_eve, "burden.tet_eve", d.tet_eve, r),
        tet_first_days: non_negative(&t.tet_first_days, "burden.tet_first_days", d.tet_first_days, r),
        balance: t.balance.unwrap_or(true),
    }
}

fn period(t: Spanned<raw::PeriodTable>, r: &mut Reporter<'_>, notices: &mut Vec<String>) -> Option<Period> {
    let span = t.span();
    let t = t.into_inner();
    let handover = t
        .handover
        .map(|h| h.0)
        .unwrap_or_else(|| NaiveTime::from_hms_opt(DEFAULT_HANDOVER.0, DEFAULT_HANDOVER.1, 0).expect("valid"));
    let (start, end, holiday) = match (&t.holiday, &t.start, &t.end) {
        (Some(name), None, None) => {
            let Some(holiday) = Holiday::from_key(name.get_ref()) else {
                r.at(
                    name.span(),
                    "period.holiday",
                    format!(
                        "unknown holiday {:?}: use one of tet, new-year, hung-kings, reunification, national-day",
                        name.get_ref()
                    ),
                );
                return None;
            };
            let Some(year) = &t.year else {
                r.at(name.span(), "period.year", "a holiday needs a `year`, e.g. year = 2026");
                return None;
            };
            let year_value = *year.get_ref();
            let (from, to, projected, source) = match &t.days_off {
                Some(range) => {
                    let raw::DateRange { from, to } = range.get_ref();
                    if to.0 < from.0 {
                        r.at(range.span(), "period.days_off", format!("`to` ({}) is before `from` ({})", to.0, from.0));
                        return None;
                    }
                    (from.0, to.0, false, "days_off in the roster file".to_string())
                }
                None => match calendar::days_off(holiday, year_value) {
                    Some(off) => (off.from, off.to, off.projected, off.source),
                    None => {
                        r.at(
                            year.span(),
                            "period.year",
                            format!(
                                "no official days off are known for {} {year_value}: give them as \
                                 days_off = {{ from = …, to = … }}",
                                holiday.key()
                            ),
                        );
                        return None;
                    }
                },
            };
            if projected {
                notices.push(format!(
                    "the days off for {} {year_value} ({} – {}) are projected from the Labour Code, \
                     not announced; if the government announces other dates, set \
                     [period] days_off = {{ from = …, to = … }}",
                    holiday.key(),
                    text::long_date(from),
                    text::long_date(to)
                ));
            }
            let start = from.and_time(handover);
            let end = (to + Duration::days(1)).and_time(handover);
            (start, end, Some(HolidayPeriod { holiday, year: year_value, days_off: (from, to), projected, source }))
        }
        (None, Some(start), Some(end)) => {
            if let Some(y) = &t.year {
                r.at(y.span(), "period.year", "`year` goes with `holiday`; with `start` and `end` leave it out");
            }
            if let Some(d) = &t.days_off {
                r.at(d.span(), "period.days_off", "`days_off` goes with `holiday`; with `start` and `end` leave it out");
            }
            if end.get_ref().0 <= start.get_ref().0 {
                r.at(end.span(), "period.end", format!("the end ({}) is not after the start ({})", end.get_ref().0, start.get_ref().0));
                return None;
            }
            (start.get_ref().0, end.get_ref().0, None)
        }
        (Some(h), _, _) => {
            r.at(h.span(), "period", "give either `holiday` and `year`, or `start` and `end`, not both");
            return None;
        }
        (None, Some(s), None) => {
            r.at(s.span(), "period.end", "`start` needs an `end`");
            return None;
        }
        (None, None, Some(e)) => {
            r.at(e.span(), "period.start", "`end` needs a `start`");
            return None;
        }
        (None, None, None) => {
            r.at(span, "period", "say when duty runs: `holiday` and `year`, or `start` and `end`");
            return None;
        }
    };
    if (end - start).num_days() > MAX_PERIOD_DAYS {
        r.at(span, "period", format!("the period is longer than {MAX_PERIOD_DAYS} days"));
        return None;
    }
    Some(Period { start, end, handover, holiday })
}

fn days(period: &Period, burden: &BurdenWeights) -> Vec<Day> {
    let first = period.start.date();
    let last = (period.end - Duration::minutes(1)).date();
    let mut out = Vec::new();
    let mut date = first;
    while date <= last {
        let mut kind = calendar::day_kind(date);
        if let Some(h) = &period.holiday {
            let (from, to) = h.days_off;
            if from <= date && date <= to && matches!(kind, DayKind::Workday | DayKind::Weekend) {
                kind = DayKind::Holiday;
            }
        }
        out.push(Day { date, kind, weight: burden.weight(kind) });
        date += Duration::days(1);
    }
    out
}

/// Shift names of every post, for checking references.
type ShiftNames = BTreeSet<String>;

fn posts(tables: Vec<Spanned<raw::PostTable>>, r: &mut Reporter<'_>) -> (Vec<Post>, ShiftNames) {
    let mut posts: Vec<Post> = Vec::new();
    let mut names = ShiftNames::new();
    if tables.is_empty() {
        r.key("post", "the roster has no [[post]]: add at least one duty position");
    }
    for (i, t) in tables.into_iter().enumerate() {
        let t = t.into_inner();
        let key = format!("post[{i}]");
        let id = t.id.get_ref().trim().to_string();
        if id.is_empty() {
            r.at(t.id.span(), format!("{key}.id"), "a post id cannot be empty");
        } else if posts.iter().any(|p| p.id == id) {
            r.at(t.id.span(), format!("{key}.id"), format!("two posts have the id {id:?}"));
        }
        let cover = match t.cover.as_ref().map(|c| c.get_ref().as_str()) {
            None | Some("hard") => {
                for (w, k) in [(&t.under_weight, "under_weight"), (&t.over_weight, "over_weight")] {
                    if let Some(w) = w {
                        r.at(w.span(), format!("{key}.{k}"), "only applies with cover = \"soft\"");
                    }
                }
                Cover::Hard
            }
            Some("soft") => Cover::Soft {
                under_weight: non_negative(&t.under_weight, &format!("{key}.under_weight"), 1.0, r),
                over_weight: non_negative(&t.over_weight, &format!("{key}.over_weight"), 1.0, r),
            },
            Some(other) => {
                let span = t.cover.as_ref().map(|c| c.span()).unwrap_or(0..0);
                r.at(span, format!("{key}.cover"), format!("unknown cover {other:?}: use \"hard\" or \"soft\""));
                Cover::Hard
            }
        };
        let shifts_span = t.shifts.span();
        let mut shifts: Vec<Shift> = Vec::new();
        for (j, s) in t.shifts.into_inner().into_iter().enumerate() {
            let s = s.into_inner();
            let skey = format!("{key}.shifts[{j}]");
            let name = s.name.get_ref().trim().to_string();
            if name.is_empty() {
                r.at(s.name.span(), format!("{skey}.name"), "a shift name cannot be empty");
            } else if shifts.iter().any(|x| x.name == name) {
                r.at(s.name.span(), format!("{skey}.name"), format!("post {id:?} has two shifts named {name:?}"));
            }
            let need = s.need.unwrap_or(1);
            if let Some(max) = s.max.filter(|&m| m < need) {
                r.at(s.name.span(), format!("{skey}.max"), format!("max ({max}) is less than need ({need})"));
            }
            let weight = non_negative(&s.weight, &format!("{skey}.weight"), 1.0, r);
            names.insert(name.clone());
            shifts.push(Shift { name, start: s.start.0, end: s.end.0, need, max: s.max, weight });
        }
        if shifts.is_empty() {
            r.at(shifts_span.clone(), format!("{key}.shifts"), "a post needs at least one shift");
        }
        let continuous = t.continuous.unwrap_or(true);
        if continuous && !shifts.is_empty() {
            if let Some(message) = coverage_problem(&shifts) {
                r.at(
                    shifts_span,
                    format!("{key}.shifts"),
                    format!("post {id:?}: {message} (or set continuous = false)"),
                );
            }
        }
        let mut requires = Vec::new();
        for (j, q) in t.requires.iter().enumerate() {
            let at_least = q.get_ref().at_least.unwrap_or(1);
            if let Some(s) = shifts.iter().find(|s| s.need < at_least) {
                r.at(
                    q.span(),
                    format!("{key}.requires[{j}]"),
                    format!("asks for {at_least} with skill {:?} but shift {:?} needs only {}", q.get_ref().skill, s.name, s.need),
                );
            }
            requires.push(SkillNeed { skill: q.get_ref().skill.clone(), at_least });
        }
        posts.push(Post {
            name: t.name.unwrap_or_else(|| id.clone()),
            id,
            roles: t.roles,
            requires,
            shifts,
            continuous,
            cover,
        });
    }
    (posts, names)
}

/// Whether a post's shifts leave a gap or overlap in the 24 hours, in words.
fn coverage_problem(shifts: &[Shift]) -> Option<String> {
    const DAY: usize = 24 * 60;
    let mut count = vec![0u32; DAY];
    for s in shifts {
        let start = minute_of_day(s.start);
        let len = (s.hours() * 60.0).round() as usize;
        for m in 0..len {
            count[(start + m) % DAY] += 1;
        }
    }
    let ranges = |pred: &dyn Fn(u32) -> bool| -> Vec<String> {
        let mut out = Vec::new();
        let mut m = 0;
        while m < DAY {
            if pred(count[m]) {
                let from = m;
                while m < DAY && pred(count[m]) {
                    m += 1;
                }
                out.push(format!("{}–{}", clock(from), clock(m)));
            } else {
                m += 1;
            }
        }
        out
    };
    let gaps = ranges(&|c| c == 0);
    let overlaps = ranges(&|c| c > 1);
    match (gaps.is_empty(), overlaps.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("no shift covers {}", gaps.join(", "))),
        (true, false) => Some(format!("shifts overlap at {}", overlaps.join(", "))),
        (false, false) => Some(format!(
            "no shift covers {}, and shifts overlap at {}",
            gaps.join(", "),
            overlaps.join(", ")
        )),
    }
}

fn minute_of_day(t: NaiveTime) -> usize {
    (t - NaiveTime::MIN).num_minutes() as usize
}

fn clock(minute: usize) -> String {
    format!("{:02}:{:02}", minute / 60 % 24 + if minute == 24 * 60 { 24 } else { 0 }, minute % 60)
}

fn check_shift_name(name: &Spanned<String>, key: &str, shift_names: &ShiftNames, r: &mut Reporter<'_>) {
    if !shift_names.contains(name.get_ref()) {
        r.at(
            name.span(),
            key,
            format!(
                "no post has a shift named {:?} (shifts: {})",
                name.get_ref(),
                shift_names.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

fn person_rules(
    base: &PersonRules,
    keys: &RuleKeys,
    key: &str,
    shift_names: &ShiftNames,
    r: &mut Reporter<'_>,
) -> PersonRules {
    let mut rules = base.clone();
    if let Some(h) = &keys.min_rest_hours {
        rules.min_rest_hours = non_negative(&Some(h.clone()), &format!("{key}.min_rest_hours"), 0.0, r);
    }
    macro_rules! copy {
        ($($field:ident),*) => { $( if keys.$field.is_some() { rules.$field = keys.$field; } )* };
    }
    copy!(min_consecutive_days, max_shifts, min_shifts, min_days_off, max_weekends, max_per_day);
    if let Some(max) = &keys.max_consecutive_days {
        rules.max_consecutive_days = Some(*max.get_ref());
    }
    if let Some(h) = &keys.max_hours {
        rules.max_hours = Some(non_negative(&Some(h.clone()), &format!("{key}.max_hours"), 0.0, r));
    }
    if let Some(h) = &keys.min_hours {
        rules.min_hours = Some(non_negative(&Some(h.clone()), &format!("{key}.min_hours"), 0.0, r));
    }
    if let Some(max) = keys.max_consecutive_days.as_ref().filter(|m| *m.get_ref() == 0) {
        r.at(
            max.span(),
            format!("{key}.max_consecutive_days"),
            "must be at least 1 (to keep someone off duty, use max_shifts = 0)",
        );
    }
    if let Some(map) = &keys.max_per_shift {
        for (name, &n) in map {
            check_shift_name(name, &format!("{key}.max_per_shift"), shift_names, r);
            rules.max_per_shift.insert(name.get_ref().clone(), n);
        }
    }
    if let Some(map) = &keys.no_next_day {
        for (name, banned) in map {
            check_shift_name(name, &format!("{key}.no_next_day"), shift_names, r);
            for b in banned {
                check_shift_name(b, &format!("{key}.no_next_day.{}", name.get_ref()), shift_names, r);
            }
            rules
                .no_next_day
                .insert(name.get_ref().clone(), banned.iter().map(|b| b.get_ref().clone()).collect());
        }
    }
    rules
}

fn staff(
    tables: Vec<Spanned<raw::StaffTable>>,
    defaults: &PersonRules,
    shift_names: &ShiftNames,
    period: &Period,
    r: &mut Reporter<'_>,
) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (i, t) in tables.into_iter().enumerate() {
        let t = t.into_inner();
        let key = format!("staff[{i}]");
        let name = t.name.get_ref().trim().to_string();
        if name.is_empty() {
            r.at(t.name.span(), format!("{key}.name"), "a name cannot be empty");
        }
        let (id, id_span) = match &t.id {
            Some(id) => (id.get_ref().trim().to_string(), id.span()),
            None => (slug(&name), t.name.span()),
        };
        if id.is_empty() {
            r.at(id_span.clone(), format!("{key}.id"), "the id is empty: give an `id` made of letters or digits");
        } else if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
            r.at(id_span.clone(), format!("{key}.id"), format!("id {id:?} may only use ASCII letters, digits, '-', '_' and '.' (it names the calendar file)"));
        } else if id == "all" {
            r.at(id_span, format!("{key}.id"), "the id \"all\" is reserved for the office calendar (calendar/all.ics): give this person another `id`");
        } else if let Some(other) = ids.get(&id) {
            let hint = if t.id.is_none() { "; give one of them an explicit `id`" } else { "" };
            r.at(id_span, format!("{key}.id"), format!("the id {id:?} is already used by {other}{hint}"));
        } else {
            ids.insert(id.clone(), name.clone());
        }
        let rules = person_rules(defaults, &t.rule_keys(), &key, shift_names, r);
        let unavailable = t
            .unavailable
            .iter()
            .map(|u| match u.get_ref() {
                UnavailableValue::Date(d) => Unavailable::whole_days(*d, *d),
                UnavailableValue::Dates(a, b) => Unavailable::whole_days(*a, *b),
                UnavailableValue::Times(a, b) => Unavailable {
                    start: *a,
                    end: *b,
                    label: format!("{}–{}", text::short_datetime(*a), text::short_datetime(*b)),
                },
            })
            .collect();
        let mut wishes = |list: &[Spanned<raw::WishTable>], what: &str| -> Vec<Wish> {
            list.iter()
                .enumerate()
                .map(|(j, w)| {
                    let w = w.get_ref();
                    let wkey = format!("{key}.{what}[{j}]");
                    if let Some(s) = &w.shift {
                        check_shift_name(s, &format!("{wkey}.shift"), shift_names, r);
                    }
                    let date = w.date.get_ref().0;
                    if date < period.start.date() || date > period.end.date() {
                        r.at(
                            w.date.span(),
                            format!("{wkey}.date"),
                            format!(
                                "{} is outside the period {} – {}",
                                text::long_date(date),
                                text::long_date(period.start.date()),
                                text::long_date(period.end.date())
                            ),
                        );
                    }
                    Wish {
                        date,
                        shift: w.shift.as_ref().map(|s| s.get_ref().clone()),
                        weight: non_negative(&w.weight, &format!("{wkey}.weight"), 1.0, r),
                    }
                })
                .collect()
        };
        let avoid = wishes(&t.avoid, "avoid");
        let prefer = wishes(&t.prefer, "prefer");
        people.push(Person {
            id,
            name,
            title: t.title,
            phone: t.phone,
            email: t.email,
            unit: t.unit,
            roles: t.roles,
            skills: t.skills,
            unavailable,
            avoid,
            prefer,
            rules,
            past_burden: 0.0,
            past_tet_eve: 0.0,
        });
    }
    if people.is_empty() {
        r.key("staff", "the roster has no [[staff]]: add the people who can be on duty");
    }
    people
}

fn find_post(posts: &[Post], id: &Spanned<String>, key: &str, r: &mut Reporter<'_>) -> Option<usize> {
    let found = posts.iter().position(|p| &p.id == id.get_ref());
    if found.is_none() {
        let known: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
        r.at(id.span(), key, format!("no post has the id {:?} (posts: {})", id.get_ref(), known.join(", ")));
    }
    found
}

fn find_shift(post: &Post, name: &Spanned<String>, key: &str, r: &mut Reporter<'_>) -> Option<usize> {
    let found = post.shifts.iter().position(|s| &s.name == name.get_ref());
    if found.is_none() {
        let known: Vec<&str> = post.shifts.iter().map(|s| s.name.as_str()).collect();
        r.at(
            name.span(),
            key,
            format!("post {:?} has no shift {:?} (its shifts: {})", post.id, name.get_ref(), known.join(", ")),
        );
    }
    found
}

fn demands(tables: &[Spanned<raw::DemandTable>], posts: &[Post], days: &[Day], r: &mut Reporter<'_>) -> Vec<Demand> {
    let mut out = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let t = t.get_ref();
        let key = format!("demand[{i}]");
        let Some(post) = find_post(posts, &t.post, &format!("{key}.post"), r) else { continue };
        let Some(shift) = find_shift(&posts[post], &t.shift, &format!("{key}.shift"), r) else { continue };
        let date = t.date.get_ref().0;
        if !days.iter().any(|d| d.date == date) {
            r.at(t.date.span(), format!("{key}.date"), format!("{} is not a date of the period", text::long_date(date)));
            continue;
        }
        if let Some(max) = t.max.filter(|&m| m < t.need) {
            r.at(t.post.span(), format!("{key}.max"), format!("max ({max}) is less than need ({})", t.need));
        }
        for q in &posts[post].requires {
            if t.need < q.at_least {
                r.at(
                    t.post.span(),
                    format!("{key}.need"),
                    format!("need {} is less than the {} people with skill {:?} the post requires", t.need, q.at_least, q.skill),
                );
            }
        }
        out.push(Demand { post, shift, date, need: t.need, max: t.max });
    }
    out
}

fn fixed(tables: &[Spanned<raw::FixedTable>], problem: &Problem, r: &mut Reporter<'_>) -> Vec<Fixed> {
    let mut out = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let t = t.get_ref();
        let key = format!("fixed[{i}]");
        let Some(person) = problem.person_index(t.staff.get_ref()) else {
            r.at(t.staff.span(), format!("{key}.staff"), format!("no staff has the id {:?}", t.staff.get_ref()));
            continue;
        };
        let Some(post) = find_post(&problem.posts, &t.post, &format!("{key}.post"), r) else { continue };
        let shift = match &t.shift {
            Some(name) => match find_shift(&problem.posts[post], name, &format!("{key}.shift"), r) {
                Some(s) => s,
                None => continue,
            },
            None if problem.posts[post].shifts.len() == 1 => 0,
            None => {
                r.at(t.post.span(), format!("{key}.shift"), format!("post {:?} has several shifts: say which with `shift`", t.post.get_ref()));
                continue;
            }
        };
        let date = t.date.get_ref().0;
        let Some(slot) = problem.find_slot(post, shift, date) else {
            r.at(t.date.span(), format!("{key}.date"), format!("the period has no such slot on {}", text::long_date(date)));
            continue;
        };
        let blocked: Vec<String> = if rules::forbidden(problem, person, slot) {
            rules::explain(problem, &crate::roster::Roster::empty(problem), person, slot)
                .into_iter()
                .filter(|v| v.person == Some(person))
                .map(|v| v.message)
                .collect()
        } else {
            Vec::new()
        };
        if !blocked.is_empty() {
            r.at(
                t.staff.span(),
                key.clone(),
                format!("{} cannot hold {}: {}", problem.staff[person].name, problem.slot_label(slot), blocked.join("; ")),
            );
            continue;
        }
        out.push(Fixed { person, slot });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_vietnamese_marks() {
        assert_eq!(slug("Đỗ Quốc Hưng"), "do-quoc-hung");
        assert_eq!(slug("Phương Thị Hương Lan"), "phuong-thi-huong-lan");
        assert_eq!(slug("  Lê  Văn -- A "), "le-van-a");
        assert_eq!(slug("<>"), "");
    }

    fn shift(start: &str, end: &str) -> Shift {
        Shift {
            name: "x".into(),
            start: super::super::parse_hhmm(start).unwrap(),
            end: super::super::parse_hhmm(end).unwrap(),
            need: 1,
            max: None,
            weight: 1.0,
        }
    }

    #[test]
    fn coverage_names_gaps_and_overlaps() {
        assert_eq!(coverage_problem(&[shift("07:30", "07:30")]), None);
        assert_eq!(coverage_problem(&[shift("07:30", "19:30"), shift("19:30", "07:30")]), None);
        assert_eq!(
            coverage_problem(&[shift("07:30", "19:30"), shift("21:00", "07:30")]).unwrap(),
            "no shift covers 19:30–21:00"
        );
        assert_eq!(
            coverage_problem(&[shift("06:00", "19:30"), shift("19:30", "07:30")]).unwrap(),
            "shifts overlap at 06:00–07:30"
        );
        assert_eq!(
            coverage_problem(&[shift("00:00", "12:00")]).unwrap(),
            "no shift covers 12:00–24:00"
        );
    }
}
