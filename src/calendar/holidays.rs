//! The holidays of a year and their official days off: from the announced
//! table ([`super::announced`]) when the year is there, else projected from
//! the Labour Code.
//!
//! **The law** (Bộ luật Lao động 2019, Điều 112, in force from 2021):
//! Tết Dương lịch 1 day (1/1); Tết Âm lịch 5 days, chosen by the Prime
//! Minister; Giỗ Tổ Hùng Vương 1 day (10/3 lunar); Ngày Chiến thắng 1 day
//! (30/4); Quốc tế Lao động 1 day (1/5); Quốc khánh 2 days (2/9 and one day
//! before or after). Điều 111(3): a holiday on a weekly rest day (Saturday or
//! Sunday for civil servants) is made up on the next working day. The Code
//! of 2012 (Điều 115), in force 2013–2020, had the same days but Quốc khánh
//! was 2/9 alone.
//!
//! **The projection** for a year without an announcement copies what the
//! government announced in 2020–2026:
//! * Tết: the five days from Giao thừa (the day before mùng 1) to mùng 4; one
//!   that falls on a Saturday moves to the working day before the block, one
//!   on a Sunday to the working day after it.
//! * Quốc khánh's second day: Monday 2/9 → Tuesday 3/9; Tuesday or Wednesday →
//!   the day before; Thursday → Friday 3/9; Friday or Saturday → Friday/
//!   Thursday before; Sunday → Monday 3/9.
//! * The other days are fixed, made up per Điều 111(3).
//!
//! A holiday's days off are then the whole break: the run of days off and
//! weekends around its day. Projections never include swapped Saturdays,
//! which only an announcement can make.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use super::lunar::{self, LunarDate};
use super::{announced, DaysOff, Holiday};

/// The first year whose days off can be projected (the Labour Code of 2012,
/// with a five-day Tết, took effect in 2013).
pub const FIRST_PROJECTED_YEAR: i32 = 2013;

/// One holiday of one year, as `lichtruc holidays YEAR` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HolidayInfo {
    pub holiday: Holiday,
    /// The holiday itself: 1/1, mùng 1 Tết, 10/3 lunar, 30/4, 2/9.
    pub date: NaiveDate,
    /// Its lunar date.
    pub lunar: LunarDate,
    /// The official days off (the whole break).
    pub days_off: DaysOff,
    /// Saturdays worked in exchange for a weekday off (announced swaps).
    pub working_days: Vec<NaiveDate>,
    /// The weekdays given off in exchange for `working_days`.
    pub swapped_off: Vec<NaiveDate>,
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The day a holiday is named for, in `year`.
pub fn holiday_date(holiday: Holiday, year: i32) -> Option<NaiveDate> {
    match holiday {
        Holiday::NewYear => ymd(year, 1, 1),
        Holiday::Tet => lunar::tet(year),
        Holiday::HungKings => lunar::lunar_to_solar(LunarDate { year, month: 3, day: 10, leap: false }),
        Holiday::Reunification => ymd(year, 4, 30),
        Holiday::NationalDay => ymd(year, 9, 2),
    }
}

/// The weekdays off that the Labour Code gives in `year` (before swaps).
fn projected_weekdays_off(year: i32) -> Option<BTreeSet<NaiveDate>> {
    if !(FIRST_PROJECTED_YEAR..=lunar::LAST_YEAR).contains(&year) {
        return None;
    }
    let mut off = BTreeSet::new();
    // Tết: Giao thừa to mùng 4, weekend days moved out of the block.
    let tet = lunar::tet(year)?;
    let block: Vec<NaiveDate> = (-1..=3).map(|i| tet + Duration::days(i)).collect();
    off.extend(block.iter().copied().filter(|d| !is_weekend(*d)));
    let first = *block.first()?;
    let last = *block.last()?;
    for _ in block.iter().filter(|d| d.weekday() == Weekday::Sat) {
        let mut day = first - Duration::days(1);
        while is_weekend(day) || off.contains(&day) {
            day -= Duration::days(1);
        }
        off.insert(day);
    }
    for _ in block.iter().filter(|d| d.weekday() == Weekday::Sun) {
        let mut day = last + Duration::days(1);
        while is_weekend(day) || off.contains(&day) {
            day += Duration::days(1);
        }
        off.insert(day);
    }
    // The fixed days, and Quốc khánh's second day from 2021.
    let mut fixed = vec![ymd(year, 1, 1)?, holiday_date(Holiday::HungKings, year)?, ymd(year, 4, 30)?, ymd(year, 5, 1)?];
    let sep2 = ymd(year, 9, 2)?;
    fixed.push(sep2);
    if year >= 2021 {
        let second = match sep2.weekday() {
            Weekday::Mon | Weekday::Thu | Weekday::Sun => sep2 + Duration::days(1),
            Weekday::Tue | Weekday::Wed | Weekday::Fri | Weekday::Sat => sep2 - Duration::days(1),
        };
        off.insert(second);
    }
    fixed.sort();
    off.extend(fixed.iter().copied().filter(|d| !is_weekend(*d)));
    // Điều 111(3): a holiday on a weekend is made up on the next working day.
    for d in fixed.iter().filter(|d| is_weekend(**d)) {
        let mut day = *d + Duration::days(1);
        while is_weekend(day) || off.contains(&day) {
            day += Duration::days(1);
        }
        off.insert(day);
    }
    Some(off)
}

/// The break around `anchor`: the run of days off and weekends holding it.
fn break_around(anchor: NaiveDate, off: &BTreeSet<NaiveDate>) -> (NaiveDate, NaiveDate) {
    let free = |d: NaiveDate| is_weekend(d) || off.contains(&d);
    let (mut from, mut to) = (anchor, anchor);
    while let Some(prev) = from.pred_opt().filter(|d| free(*d)) {
        from = prev;
    }
    while let Some(next) = to.succ_opt().filter(|d| free(*d)) {
        to = next;
    }
    (from, to)
}

fn law_source(year: i32) -> &'static str {
    if year >= 2021 {
        "Bộ luật Lao động 2019, Điều 112 và Điều 111(3) (dự kiến / projected)"
    } else {
        "Bộ luật Lao động 2012, Điều 115 (dự kiến / projected)"
    }
}

/// The days off of a holiday projected from the Labour Code, ignoring the
/// announced table. `None` before 2013 or after 2199.
pub fn projected_days_off(holiday: Holiday, year: i32) -> Option<DaysOff> {
    let off = projected_weekdays_off(year)?;
    let anchor = holiday_date(holiday, year)?;
    let (from, to) = break_around(anchor, &off);
    Some(DaysOff { from, to, projected: true, source: law_source(year).to_string() })
}

fn compute(holiday: Holiday, year: i32) -> Option<HolidayInfo> {
    let date = holiday_date(holiday, year)?;
    let lunar = lunar::solar_to_lunar(date)?;
    let (days_off, working_days, swapped_off) = match announced::find(holiday, year) {
        Some(a) => (
            DaysOff { from: a.from, to: a.to, projected: false, source: a.source.clone() },
            a.work.clone(),
            a.swapped.clone(),
        ),
        None => (projected_days_off(holiday, year)?, Vec::new(), Vec::new()),
    };
    Some(HolidayInfo { holiday, date, lunar, days_off, working_days, swapped_off })
}

/// The year's holidays in calendar order (New Year, Tết, Giỗ Tổ, 30/4–1/5,
/// 2/9), each with its days off; empty for a year without known or
/// projectable days off (before 2013, after 2199).
pub fn holidays_of_year(year: i32) -> Vec<HolidayInfo> {
    static CACHE: OnceLock<Mutex<HashMap<i32, Vec<HolidayInfo>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(map) = cache.lock() {
        if let Some(found) = map.get(&year) {
            return found.clone();
        }
    }
    let list: Vec<HolidayInfo> = Holiday::ALL.into_iter().filter_map(|h| compute(h, year)).collect();
    if let Ok(mut map) = cache.lock() {
        map.insert(year, list.clone());
    }
    list
}

/// One holiday of one year.
pub fn holiday_info(holiday: Holiday, year: i32) -> Option<HolidayInfo> {
    holidays_of_year(year).into_iter().find(|h| h.holiday == holiday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn projection_matches_the_announcements_without_swaps() {
        // Every announced break of 2021–2026 that has no swap is what the
        // projection gives.
        for a in announced::all().iter().filter(|a| a.year >= 2021 && a.work.is_empty()) {
            let p = projected_days_off(a.holiday, a.year).unwrap();
            assert_eq!((p.from, p.to), (a.from, a.to), "{} {}", a.holiday.key(), a.year);
        }
    }

    #[test]
    fn projection_2027() {
        // Tết Đinh Mùi is Saturday 06/02/2027.
        let tet = projected_days_off(Holiday::Tet, 2027).unwrap();
        assert_eq!((tet.from, tet.to), (d(2027, 2, 4), d(2027, 2, 10)));
        assert!(tet.projected);
        let sep = projected_days_off(Holiday::NationalDay, 2027).unwrap();
        assert_eq!((sep.from, sep.to), (d(2027, 9, 2), d(2027, 9, 5)));
    }

    #[test]
    fn no_projection_outside_the_range() {
        assert!(projected_days_off(Holiday::Tet, 2012).is_none());
        assert!(projected_days_off(Holiday::Tet, 2200).is_none());
        assert!(holidays_of_year(1800).is_empty());
    }
}
