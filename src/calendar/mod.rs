//! The Vietnamese holiday calendar: which holidays a year has, which days are
//! official days off, and the lunar dates people read on a roster.
//!
//! (Placeholder: weekday/weekend and the fixed solar holidays only; the lunar
//! calendar and the announced days off come with the calendar work.)

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::text::Lang;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct DaysOff {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// True when projected from the Labour Code, not announced.
    pub projected: bool,
    pub source: String,
}

/// The official days off of a holiday (announced, or else projected).
pub fn days_off(holiday: Holiday, year: i32) -> Option<DaysOff> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day);
    let (from, to) = match holiday {
        Holiday::NewYear => (d(1, 1)?, d(1, 1)?),
        Holiday::Reunification => (d(4, 30)?, d(5, 1)?),
        Holiday::NationalDay => (d(9, 1)?, d(9, 2)?),
        Holiday::Tet if year == 2026 => (d(2, 14)?, d(2, 22)?),
        Holiday::Tet | Holiday::HungKings => return None,
    };
    Some(DaysOff {
        from,
        to,
        projected: true,
        source: "Bộ luật Lao động 2019, Điều 112".into(),
    })
}

/// The kind of a date: Tết days first, then official days off, then weekends.
pub fn day_kind(date: NaiveDate) -> DayKind {
    let off = Holiday::ALL.into_iter().filter_map(|h| days_off(h, date.year())).any(|d| d.from <= date && date <= d.to);
    if off {
        DayKind::Holiday
    } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        DayKind::Weekend
    } else {
        DayKind::Workday
    }
}

/// The lunar date as printed on a roster: "27 tháng Chạp" (empty until the
/// lunar calendar exists).
pub fn lunar_label(_date: NaiveDate, _lang: Lang) -> String {
    String::new()
}

/// `lichtruc holidays YEAR`: prints the year's holidays; returns the exit
/// status.
pub fn print_year(year: i32, json: bool) -> i32 {
    let rows: Vec<(Holiday, DaysOff)> = Holiday::ALL.into_iter().filter_map(|h| days_off(h, year).map(|d| (h, d))).collect();
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|(h, d)| serde_json::json!({ "holiday": h.key(), "name": h.name(Lang::Vi), "days_off": d }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&list).expect("json"));
    } else {
        for (h, d) in rows {
            println!("{:<40} {} – {}", h.name(Lang::Vi), d.from, d.to);
        }
    }
    0
}
