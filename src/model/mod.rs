//! The problem to solve, after the roster file has been read and checked:
//! the period and its days, the posts and their shifts, the people and their
//! personal rules, and the slots — one post, one shift, one date — that need
//! staffing. Everything here is plain data with indices into vectors, so that
//! rules, the solver and outputs can share it without lifetimes.

pub mod slots;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Serialize;

pub use crate::calendar::DayKind;
use crate::calendar::Holiday;
use crate::text::{self, Lang};
pub use slots::{build_slots, burden_unit};

/// A whole roster problem.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Title, organisation, signer and other document details.
    pub meta: Meta,
    /// When duty starts and ends.
    pub period: Period,
    /// Every date on which a slot starts, in order.
    pub days: Vec<Day>,
    /// Duty positions.
    pub posts: Vec<Post>,
    /// People who may be put on duty.
    pub staff: Vec<Person>,
    /// Places to fill, ordered by start time, then post, then shift.
    pub slots: Vec<Slot>,
    /// Assignments the solver must keep.
    pub fixed: Vec<Fixed>,
    /// Fairness weights.
    pub burden: BurdenWeights,
    /// The burden of every slot is an integer multiple of this many points.
    pub burden_unit: f64,
    /// Where wishes stand in the order of concerns.
    pub wish_priority: WishPriority,
    /// The roster being revised (`solve --previous OLD_DIR`): the solver
    /// then changes as few of its assignments as it can (see
    /// `rules::Tier::Changes`). None for a first issue.
    pub previous: Option<crate::roster::Roster>,
}

/// Where `avoid`/`prefer` wishes stand in the solver's order of concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WishPriority {
    /// Last, after fairness (the roster format's order).
    #[default]
    AfterFairness,
    /// Summed with the soft-cover prices, as in the Curtois–Qu shift
    /// scheduling benchmark, where requests and cover share one objective.
    WithSoftCover,
}

/// Who issues the roster, and how it is printed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub title: String,
    pub organization: String,
    pub parent_organization: Option<String>,
    pub document_number: Option<String>,
    pub place: Option<String>,
    pub issued: Option<NaiveDate>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub language: Lang,
    pub timezone: String,
    pub hotline: Option<String>,
    pub notes: Vec<String>,
    /// Where the duty is held (calendar LOCATION).
    pub location: Option<String>,
}

/// The signature block.
#[derive(Debug, Clone, Serialize)]
pub struct Signer {
    pub title: String,
    pub name: String,
}

/// The duty period: `[start, end)` in local wall-clock time.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub handover: NaiveTime,
    /// The holiday preset this period came from, if any.
    pub holiday: Option<HolidayPeriod>,
}

/// A holiday preset resolved to dates.
#[derive(Debug, Clone, Serialize)]
pub struct HolidayPeriod {
    pub holiday: Holiday,
    pub year: i32,
    /// First and last official day off, both included.
    pub days_off: (NaiveDate, NaiveDate),
    /// True when the days off are projected from the Labour Code rather than
    /// taken from an announcement (or from `days_off` in the roster file).
    pub projected: bool,
    /// Where the days off come from.
    pub source: String,
}

/// One date of the period.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// Burden weight of this day (from `[burden]`).
    pub weight: f64,
}

impl Day {
    /// Saturday or Sunday.
    pub fn is_weekend(&self) -> bool {
        matches!(self.date.weekday(), Weekday::Sat | Weekday::Sun)
    }
}

/// A duty position.
#[derive(Debug, Clone)]
pub struct Post {
    pub id: String,
    pub name: String,
    /// Who may hold it: anyone with one of these roles (empty: everyone).
    pub roles: Vec<String>,
    /// Skills that, per slot, at least so many of the people on duty have.
    pub requires: Vec<SkillNeed>,
    pub shifts: Vec<Shift>,
    /// Whether the shifts must cover the 24 hours without gap or overlap.
    pub continuous: bool,
    pub cover: Cover,
}

/// `requires = [ { skill = "security", at_least = 1 } ]`.
#[derive(Debug, Clone)]
pub struct SkillNeed {
    pub skill: String,
    pub at_least: u32,
}

/// Whether a post's need is a hard rule or a priced wish.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cover {
    Hard,
    Soft { under_weight: f64, over_weight: f64 },
}

/// One shift of a post, repeated every day.
#[derive(Debug, Clone)]
pub struct Shift {
    pub name: String,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub need: u32,
    pub max: Option<u32>,
    pub weight: f64,
}

impl Shift {
    /// Hours of an uncut shift; a shift whose end is not after its start ends
    /// the next day (so 07:30–07:30 is 24 hours).
    pub fn hours(&self) -> f64 {
        let mut minutes = (self.end - self.start).num_minutes();
        if minutes <= 0 {
            minutes += 24 * 60;
        }
        minutes as f64 / 60.0
    }
}

/// A person who may be put on duty.
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub unit: Option<String>,
    pub roles: Vec<String>,
    pub skills: Vec<String>,
    /// Hard: never on duty during these.
    pub unavailable: Vec<Unavailable>,
    /// Soft: would rather not.
    pub avoid: Vec<Wish>,
    /// Soft: would like to.
    pub prefer: Vec<Wish>,
    pub rules: PersonRules,
    /// Burden carried over from earlier rosters (history), in points.
    pub past_burden: f64,
    /// Giao thừa shifts worked in earlier rosters (history), each weighted
    /// by the ledger's decay: the more (and the more recent), the later
    /// this person's turn for Giao thừa comes again.
    pub past_tet_eve: f64,
}

impl Person {
    pub fn has_skill(&self, skill: &str) -> bool {
        self.skills.iter().any(|s| s == skill)
    }
}

/// A stretch of time a person cannot be on duty, and how the file said it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unavailable {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// "30/04–01/05", "17/02", "16/02 19:30–18/02 07:30".
    pub label: String,
}

impl Unavailable {
    /// Whole days `from` to `to` (both included), 00:00 to 24:00.
    pub fn whole_days(from: NaiveDate, to: NaiveDate) -> Unavailable {
        let label = if from == to {
            text::short_date(from)
        } else {
            format!("{}–{}", text::short_date(from), text::short_date(to))
        };
        Unavailable {
            start: from.and_time(NaiveTime::MIN),
            end: (to + chrono::Duration::days(1)).and_time(NaiveTime::MIN),
            label,
        }
    }
}

/// A soft wish about a date, and optionally a shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Wish {
    pub date: NaiveDate,
    pub shift: Option<String>,
    pub weight: f64,
}

impl Wish {
    /// Whether a slot is what this wish is about.
    pub fn matches(&self, problem: &Problem, slot: &Slot) -> bool {
        slot.date == self.date
            && self
                .shift
                .as_deref()
                .is_none_or(|name| problem.shift(slot).name == name)
    }
}

/// Limits for one person: the `[rules]` defaults with the person's overrides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonRules {
    pub min_rest_hours: f64,
    pub max_consecutive_days: Option<u32>,
    pub min_consecutive_days: Option<u32>,
    pub max_shifts: Option<u32>,
    pub min_shifts: Option<u32>,
    pub max_hours: Option<f64>,
    pub min_hours: Option<f64>,
    pub min_days_off: Option<u32>,
    pub max_weekends: Option<u32>,
    pub max_per_day: Option<u32>,
    /// By shift name; 0 = never.
    pub max_per_shift: BTreeMap<String, u32>,
    /// A shift (key) may not be followed on the next day by these.
    pub no_next_day: BTreeMap<String, Vec<String>>,
}

/// Day weights for fairness points.
#[derive(Debug, Clone, Serialize)]
pub struct BurdenWeights {
    pub workday: f64,
    pub weekend: f64,
    pub holiday: f64,
    pub tet_eve: f64,
    pub tet_first_days: f64,
    /// When false, fairness is not part of the objective.
    pub balance: bool,
}

impl Default for BurdenWeights {
    fn default() -> Self {
        BurdenWeights {
            workday: 1.0,
            weekend: 1.5,
            holiday: 2.0,
            tet_eve: 3.0,
            tet_first_days: 2.5,
            balance: true,
        }
    }
}

impl BurdenWeights {
    pub fn weight(&self, kind: DayKind) -> f64 {
        match kind {
            DayKind::Workday => self.workday,
            DayKind::Weekend => self.weekend,
            DayKind::Holiday => self.holiday,
            DayKind::TetEve => self.tet_eve,
            DayKind::TetFirstDays => self.tet_first_days,
        }
    }
}

/// One place to fill: a post's shift on one date, cut to the period.
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    pub post: usize,
    pub shift: usize,
    /// The date on which the slot starts.
    pub date: NaiveDate,
    /// Index of `date` in [`Problem::days`].
    pub day: usize,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub need: u32,
    /// Most people allowed (None: no upper limit, soft cover only).
    pub max: Option<u32>,
    /// Soft cover prices per person short or over; None for hard cover.
    pub soft: Option<(f64, f64)>,
    pub hours: f64,
    /// Fairness points of one person holding it.
    pub burden: f64,
    /// `burden` in multiples of [`Problem::burden_unit`].
    pub burden_units: i64,
}

/// An assignment the solver must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    pub person: usize,
    pub slot: usize,
}

impl Problem {
    pub fn lang(&self) -> Lang {
        self.meta.language
    }

    pub fn post(&self, slot: &Slot) -> &Post {
        &self.posts[slot.post]
    }

    pub fn shift(&self, slot: &Slot) -> &Shift {
        &self.posts[slot.post].shifts[slot.shift]
    }

    /// Whether a person has one of the post's roles (a post without roles is
    /// open to all).
    pub fn has_role(&self, person: usize, post: usize) -> bool {
        let post = &self.posts[post];
        post.roles.is_empty() || self.staff[person].roles.iter().any(|r| post.roles.contains(r))
    }

    /// Index of a person by id.
    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|p| p.id == id)
    }

    /// Index of a day by date.
    pub fn day_index(&self, date: NaiveDate) -> Option<usize> {
        let first = self.days.first()?.date;
        let i = usize::try_from((date - first).num_days()).ok()?;
        (i < self.days.len()).then_some(i)
    }

    /// The slot of a post, shift and date, if the period has it.
    pub fn find_slot(&self, post: usize, shift: usize, date: NaiveDate) -> Option<usize> {
        self.slots
            .iter()
            .position(|s| s.post == post && s.shift == shift && s.date == date)
    }

    /// "Cán bộ kỹ thuật trực, Đêm 16/02 19:30–17/02 07:30".
    pub fn slot_label(&self, slot: usize) -> String {
        let s = &self.slots[slot];
        format!(
            "{}, {} {}",
            self.post(s).name,
            self.shift(s).name,
            time_range(s.start, s.end)
        )
    }

    /// Whether a slot starts on Giao thừa (the last day of the lunar year).
    pub fn is_tet_eve(&self, slot: usize) -> bool {
        self.days[self.slots[slot].day].kind == DayKind::TetEve
    }

    /// A date's weekend, named by its Saturday: two dates share a weekend
    /// when their keys are equal. None for weekdays.
    pub fn weekend_of(date: NaiveDate) -> Option<NaiveDate> {
        match date.weekday() {
            Weekday::Sat => Some(date),
            Weekday::Sun => date.pred_opt(),
            _ => None,
        }
    }
}

/// "16/02 19:30–17/02 07:30", or "14/02 07:30–19:30" within a day.
pub fn time_range(start: NaiveDateTime, end: NaiveDateTime) -> String {
    if start.date() == end.date() {
        format!("{}–{}", text::short_datetime(start), text::hhmm(end.time()))
    } else {
        format!("{}–{}", text::short_datetime(start), text::short_datetime(end))
    }
}
