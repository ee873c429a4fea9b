//! The Vietnamese lunisolar calendar (âm lịch), by the rules that Hồ Ngọc Đức
//! published ("Thuật toán tính âm lịch"):
//!
//! 1. A month begins on the (local) day that holds the instant of the new
//!    moon.
//! 2. Month 11 is the month that holds the December solstice (the Sun at
//!    270°).
//! 3. A lunar year that has 13 months from one month 11 to the next gets a
//!    leap month: the first month after month 11 in which the Sun enters no
//!    new 30° sign (no principal solar term, *trung khí*). It repeats the
//!    number of the month before it.
//! 4. Days are civil days of the meridian the calendar is computed for:
//!    UTC+7 for Vietnam.
//!
//! Everything is computed, nothing is tabulated: the astronomy is in
//! [`super::astronomy`] (Meeus chapters 25 and 49 with ΔT), which is far more
//! precise than the short series in Hồ Ngọc Đức's own code.
//!
//! # Range
//!
//! Solar dates 1900-01-01 to 2199-12-31 and lunar years 1899 to 2199 (the
//! first days of 1900 fall in lunar year 1899). Outside that the functions
//! return `None`: ΔT, and so the instants, are not known well enough there.
//!
//! # Before 1968
//!
//! Vietnam reckoned its calendar at UTC+8 (the Chinese calendar) until the
//! North switched to UTC+7 in 1967–68; the South followed in 1975. lichtruc
//! does **not** switch: [`solar_to_lunar`] and [`lunar_to_solar`] use UTC+7
//! for every year, i.e. the modern Vietnamese rules applied proleptically.
//! For the calendar that was in use before 1968, ask for
//! [`Meridian::China`] through [`solar_to_lunar_at`] / [`lunar_to_solar_at`];
//! the two differ in some years (e.g. Tết 1968: 29/01 at UTC+7, 30/01 at
//! UTC+8; also 1985, 2007, 2030, where the modern calendars of Vietnam and
//! China disagree).
//!
//! # How it was checked
//!
//! * `tests/calendar_lunar.rs` compares Tết (1/1) and Giỗ Tổ (10/3) of every
//!   year 1968–2100, and the leap month of every year 1968–2099, with
//!   `tests/fixtures/calendar/tet_giotoholidays.csv`, written once from two
//!   independent PyPI packages: `holidays` 0.108 (tabulated Chinese calendar
//!   with Vietnam's exceptions) and `lunar-vn` 1.4.0 (Hồ Ngọc Đức's
//!   algorithm). Every row agrees with both.
//! * The Chinese New Year ([`Meridian::China`]) of every year 1900–2199 is
//!   compared with `sxtwl` 2.0.7 (an independent astronomical calendar) and,
//!   1900–2099, `lunardate` 0.3.0 (Hong Kong Observatory tables): all agree
//!   but 1916, where both use Beijing mean time (UTC+7:46) rather than UTC+8.
//! * Once, by hand: all 3,711 new moons and 7,200 solar terms (every 15°) of
//!   1900–2199 against PyEphem 4.2.1 (full VSOP87 and ELP): largest
//!   difference 40 s for new moons (15 s before 2000) and 41 s for solar
//!   terms. Only one new moon of the range lies closer to a UTC+7 midnight
//!   than that: 1967-07-07 23:59:58 here, 00:00:03 on the 8th for PyEphem, so
//!   the first day of the 6th month of 1967 is uncertain by a day.
//!
//! `tests/fixtures/calendar/generate.py` re-creates the fixtures.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::astronomy;

/// The meridian a lunisolar calendar is reckoned on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum Meridian {
    /// UTC+7, the Vietnamese calendar (since 1968).
    #[default]
    Vietnam,
    /// UTC+8, the Chinese calendar (Vietnam's before 1968).
    China,
}

impl Meridian {
    fn hours(self) -> f64 {
        match self {
            Meridian::Vietnam => 7.0,
            Meridian::China => 8.0,
        }
    }
}

/// A date of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LunarDate {
    /// The lunar year, numbered as the solar year in which it mostly lies
    /// (Tết Bính Ngọ, 17/02/2026, starts lunar year 2026).
    pub year: i32,
    /// 1 (tháng Giêng) … 12 (tháng Chạp).
    pub month: u32,
    /// 1 … 29 or 30.
    pub day: u32,
    /// A leap month (tháng nhuận) repeats the number of the month before it.
    pub leap: bool,
}

/// The first solar year supported.
pub const FIRST_YEAR: i32 = 1900;
/// The last solar year supported.
pub const LAST_YEAR: i32 = 2199;

/// The Julian Day Number (at noon) of a date.
pub fn jdn(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + 1_721_425
}

/// The date of a Julian Day Number.
pub fn from_jdn(jdn: i64) -> Option<NaiveDate> {
    let days = i32::try_from(jdn - 1_721_425).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// The local day (JDN) on which new moon `k` falls.
fn new_moon_day(k: i64, meridian: Meridian) -> i64 {
    (astronomy::new_moon_ut(k) + 0.5 + meridian.hours() / 24.0).floor() as i64
}

/// The Sun's apparent longitude at the local midnight that starts day `jdn`.
fn sun_longitude_at_day_start(jdn: i64, meridian: Meridian) -> f64 {
    astronomy::sun_apparent_longitude(jdn as f64 - 0.5 - meridian.hours() / 24.0)
}

/// The 30° sign the Sun is in at the start of day `jdn` (0 = 0°…30°).
fn sun_sign_at_day_start(jdn: i64, meridian: Meridian) -> i32 {
    (sun_longitude_at_day_start(jdn, meridian) / 30.0).floor() as i32
}

/// The months from month 11 of lunar year `y` (the one holding the December
/// solstice of solar year `y`) up to, not including, the next month 11.
#[derive(Debug, Clone)]
struct Span {
    /// Solar year of the first month 11.
    year: i32,
    /// First day (JDN) of each month; 12 or 13 entries.
    starts: Vec<i64>,
    /// The first day of the next month 11.
    end: i64,
    /// Index into `starts` of the leap month, if any.
    leap: Option<usize>,
}

/// Computed spans by solar year and meridian (`None`: out of range).
type SpanCache = HashMap<(i32, Meridian), Option<Span>>;

/// The new-moon number `k` starting month 11 of solar year `year`.
fn month11_k(year: i32, meridian: Meridian) -> Option<i64> {
    let dec31 = jdn(NaiveDate::from_ymd_opt(year, 12, 31)?);
    let mut k = astronomy::nearest_new_moon_k(dec31 as f64);
    // The last new moon whose day starts before the Sun reaches 270°.
    for _ in 0..4 {
        let day = new_moon_day(k, meridian);
        let lon = sun_longitude_at_day_start(day, meridian);
        // In November–January the longitude is between 200° and 330°.
        let lon = if lon < 90.0 { lon + 360.0 } else { lon };
        if lon >= 270.0 {
            k -= 1;
            continue;
        }
        let next = new_moon_day(k + 1, meridian);
        let next_lon = sun_longitude_at_day_start(next, meridian);
        let next_lon = if next_lon < 90.0 { next_lon + 360.0 } else { next_lon };
        if next_lon < 270.0 {
            k += 1;
            continue;
        }
        return Some(k);
    }
    None
}

impl Span {
    /// The span of `year`, computed once per process and meridian.
    fn new(year: i32, meridian: Meridian) -> Option<Span> {
        static CACHE: OnceLock<Mutex<SpanCache>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(found) = cache.lock().ok().and_then(|m| m.get(&(year, meridian)).cloned()) {
            return found;
        }
        let span = Span::compute(year, meridian);
        if let Ok(mut m) = cache.lock() {
            m.insert((year, meridian), span.clone());
        }
        span
    }

    fn compute(year: i32, meridian: Meridian) -> Option<Span> {
        if !(FIRST_YEAR - 2..=LAST_YEAR + 1).contains(&year) {
            return None;
        }
        let k0 = month11_k(year, meridian)?;
        let k1 = month11_k(year + 1, meridian)?;
        let count = usize::try_from(k1 - k0).ok()?;
        if !(12..=13).contains(&count) {
            return None;
        }
        let starts: Vec<i64> = (k0..k1).map(|k| new_moon_day(k, meridian)).collect();
        let end = new_moon_day(k1, meridian);
        let leap = if count == 13 {
            // The first month (after month 11) in which the Sun enters no new sign.
            let mut bounds = starts.clone();
            bounds.push(end);
            let signs: Vec<i32> = bounds.iter().map(|&d| sun_sign_at_day_start(d, meridian)).collect();
            (1..count).find(|&i| signs[i] == signs[i + 1])
        } else {
            None
        };
        if count == 13 && leap.is_none() {
            return None;
        }
        Some(Span { year, starts, end, leap })
    }

    /// Month number, leap flag and lunar year of the month at `index`.
    fn month_at(&self, index: usize) -> (u32, bool, i32) {
        let (ordinal, leap) = match self.leap {
            Some(l) if index == l => (index - 1, true),
            Some(l) if index > l => (index - 1, false),
            _ => (index, false),
        };
        // ordinal 0 = month 11, 1 = month 12, 2 = month 1 …
        let month = ((ordinal + 10) % 12 + 1) as u32;
        let year = if ordinal < 2 { self.year } else { self.year + 1 };
        (month, leap, year)
    }

    fn month_end(&self, index: usize) -> i64 {
        self.starts.get(index + 1).copied().unwrap_or(self.end)
    }
}

fn year_in_range(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// The lunar date of a solar date, in the Vietnamese calendar (UTC+7).
/// `None` outside 1900–2199.
pub fn solar_to_lunar(date: NaiveDate) -> Option<LunarDate> {
    solar_to_lunar_at(date, Meridian::Vietnam)
}

/// The lunar date of a solar date, reckoned on the given meridian.
pub fn solar_to_lunar_at(date: NaiveDate, meridian: Meridian) -> Option<LunarDate> {
    if !year_in_range(date.year()) {
        return None;
    }
    let day = jdn(date);
    let mut span = Span::new(date.year(), meridian)?;
    if day < span.starts[0] {
        span = Span::new(date.year() - 1, meridian)?;
    }
    let index = span.starts.iter().rposition(|&s| s <= day)?;
    let (month, leap, year) = span.month_at(index);
    Some(LunarDate { year, month, day: (day - span.starts[index] + 1) as u32, leap })
}

/// The solar date of a lunar date in the Vietnamese calendar (UTC+7).
/// `None` when the date does not exist (a leap month the year lacks, day 30
/// of a 29-day month) or lies outside lunar years 1899–2199.
pub fn lunar_to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    lunar_to_solar_at(lunar, Meridian::Vietnam)
}

/// The solar date of a lunar date reckoned on the given meridian.
pub fn lunar_to_solar_at(lunar: LunarDate, meridian: Meridian) -> Option<NaiveDate> {
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&lunar.year) || !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return None;
    }
    let span_year = if lunar.month >= 11 { lunar.year } else { lunar.year - 1 };
    let span = Span::new(span_year, meridian)?;
    let index = (0..span.starts.len()).find(|&i| {
        let (m, l, y) = span.month_at(i);
        m == lunar.month && l == lunar.leap && y == lunar.year
    })?;
    let day = span.starts[index] + i64::from(lunar.day) - 1;
    if day >= span.month_end(index) {
        return None;
    }
    from_jdn(day)
}

/// The leap month of a lunar year (1–12), if it has one.
pub fn leap_month(lunar_year: i32) -> Option<u32> {
    leap_month_at(lunar_year, Meridian::Vietnam)
}

/// The leap month of a lunar year reckoned on the given meridian.
pub fn leap_month_at(lunar_year: i32, meridian: Meridian) -> Option<u32> {
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&lunar_year) {
        return None;
    }
    // Months 1–10 lie in the span of the year before, 11–12 in the year's own.
    let before = Span::new(lunar_year - 1, meridian)?;
    let own = Span::new(lunar_year, meridian)?;
    [before, own].iter().find_map(|span| {
        let index = span.leap?;
        let (month, _, year) = span.month_at(index);
        (year == lunar_year).then_some(month)
    })
}

/// The number of days (29 or 30) of a lunar month; `None` if it does not exist.
pub fn month_length(year: i32, month: u32, leap: bool) -> Option<u32> {
    lunar_to_solar(LunarDate { year, month, day: 1, leap })?;
    Some(if lunar_to_solar(LunarDate { year, month, day: 30, leap }).is_some() { 30 } else { 29 })
}

/// Tết: the first day of lunar year `year` (UTC+7).
pub fn tet(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(LunarDate { year, month: 1, day: 1, leap: false })
}

/// Giao thừa's day: the last day of the lunar year before Tết of `year`.
pub fn tet_eve(year: i32) -> Option<NaiveDate> {
    tet(year)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn tet_2026_is_17_february() {
        assert_eq!(tet(2026), Some(d(2026, 2, 17)));
        assert_eq!(solar_to_lunar(d(2026, 2, 14)), Some(LunarDate { year: 2025, month: 12, day: 27, leap: false }));
    }

    #[test]
    fn out_of_range_is_none() {
        assert_eq!(solar_to_lunar(d(1899, 12, 31)), None);
        assert_eq!(solar_to_lunar(d(2200, 1, 1)), None);
        assert_eq!(tet(2200), None);
        assert_eq!(lunar_to_solar(LunarDate { year: 2026, month: 13, day: 1, leap: false }), None);
    }
}
