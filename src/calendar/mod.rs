//! The Vietnamese holiday calendar: which holidays a year has, which days are
//! official days off, and the lunar dates people read on a roster.
//!
//! | file | what it is for |
//! | --- | --- |
//! | `astronomy.rs` | new moons and the Sun's longitude (Meeus ch. 25, 49; ΔT) |
//! | `lunar.rs` | the lunisolar calendar: solar ↔ lunar, leap months, UTC+7/UTC+8 |
//! | `names.rs` | Can Chi years, month names, "27 tháng Chạp" |
//! | `announced.rs` | the announced days off in `data/holidays.toml` |
//! | `holidays.rs` | the holidays of a year, their days off, the Labour Code projection |
//! | `print.rs` | `lichtruc holidays YEAR [--json]` |
//!
//! This file keeps the interface the rest of lichtruc uses: [`DayKind`],
//! [`Holiday`], [`DaysOff`], [`days_off`], [`day_kind`], [`lunar_label`] and
//! [`print_year`].

pub mod announced;
pub mod astronomy;
pub mod holidays;
pub mod lunar;
pub mod names;
pub mod print;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::text::Lang;

pub use holidays::{holiday_date, holiday_info, holidays_of_year, projected_days_off, HolidayInfo};
pub use lunar::{
    leap_month, lunar_to_solar, lunar_to_solar_at, month_length, solar_to_lunar, solar_to_lunar_at, tet, LunarDate,
    Meridian,
};
pub use names::{can_chi_year, month_name};

/// What kind of day a date is, for fairness points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Workday,
    Weekend,
    /// An official day off.
    Holiday,
    /// Giao thừa: the last day of the lunar year.
    TetEve,
    /// Mùng 1 to mùng 3 of Tết.
    TetFirstDays,
}

/// The holidays a roster can be made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holiday {
    /// Tết Nguyên đán.
    Tet,
    /// Tết Dương lịch.
    NewYear,
    /// Giỗ Tổ Hùng Vương (10/3 lunar).
    HungKings,
    /// 30/4 and 1/5.
    Reunification,
    /// Quốc khánh 2/9.
    NationalDay,
}

impl Holiday {
    pub const ALL: [Holiday; 5] = [
        Holiday::NewYear,
        Holiday::Tet,
        Holiday::HungKings,
        Holiday::Reunification,
        Holiday::NationalDay,
    ];

    /// The key used in roster files: `tet`, `new-year`, …
    pub fn key(self) -> &'static str {
        match self {
            Holiday::Tet => "tet",
            Holiday::NewYear => "new-year",
            Holiday::HungKings => "hung-kings",
            Holiday::Reunification => "reunification",
            Holiday::NationalDay => "national-day",
        }
    }

    pub fn from_key(key: &str) -> Option<Holiday> {
        Holiday::ALL.into_iter().find(|h| h.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Holiday::Tet => lang.pick("Tết Nguyên đán", "Lunar New Year (Tết)"),
            Holiday::NewYear => lang.pick("Tết Dương lịch", "New Year's Day"),
            Holiday::HungKings => lang.pick("Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration"),
            Holiday::Reunification => lang.pick(
                "Ngày Chiến thắng và Quốc tế Lao động",
                "Reunification Day and Labour Day",
            ),
            Holiday::NationalDay => lang.pick("Quốc khánh", "National Day"),
        }
    }
}

/// The official days off of one holiday in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaysOff {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// True when projected from the Labour Code, not announced.
    pub projected: bool,
    pub source: String,
}

/// The official days off of a holiday: announced (`data/holidays.toml`), or
/// else projected from the Labour Code. The range is the whole break, the
/// weekends that join it included (Tết 2026: 14/02–22/02). `None` for a year
/// before 2013 or after 2199.
pub fn days_off(holiday: Holiday, year: i32) -> Option<DaysOff> {
    holiday_info(holiday, year).map(|h| h.days_off)
}

/// The kind of a date for fairness points:
/// * `TetEve` on the last day of the lunar year (Giao thừa);
/// * `TetFirstDays` on mùng 1, 2 and 3;
/// * `Holiday` on an official day off of any holiday (announced or
///   projected), weekends inside the break included;
/// * `Workday` on a Saturday worked by an announced swap;
/// * `Weekend` on other Saturdays and Sundays, else `Workday`.
///
/// Outside 1900–2199 only weekends are known.
pub fn day_kind(date: NaiveDate) -> DayKind {
    if let Some(tet) = lunar::tet(date.year()) {
        if date + Duration::days(1) == tet {
            return DayKind::TetEve;
        }
        if tet <= date && date < tet + Duration::days(3) {
            return DayKind::TetFirstDays;
        }
    }
    // The New Year break of next year may start in this December.
    let next_new_year = holiday_info(Holiday::NewYear, date.year() + 1);
    let infos = holidays_of_year(date.year()).into_iter().chain(next_new_year);
    let mut holiday = false;
    for info in infos {
        if info.working_days.contains(&date) {
            return DayKind::Workday;
        }
        holiday |= info.days_off.from <= date && date <= info.days_off.to;
    }
    if holiday {
        DayKind::Holiday
    } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        DayKind::Weekend
    } else {
        DayKind::Workday
    }
}

/// The lunar date as printed on a roster: "27 tháng Chạp", "mùng 1 tháng
/// Giêng" / "27th day of the 12th lunar month". Empty outside 1900–2199.
pub fn lunar_label(date: NaiveDate, lang: Lang) -> String {
    solar_to_lunar(date).map(|l| l.label(lang)).unwrap_or_default()
}

/// `lichtruc holidays YEAR`: prints the year's holidays; returns the exit
/// status.
pub fn print_year(year: i32, json: bool) -> i32 {
    print::print_year(year, json)
}
