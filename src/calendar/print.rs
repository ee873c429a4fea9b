//! `lichtruc holidays YEAR [--json]`: the year's holidays with solar and
//! lunar dates, the official days off and the swapped working days.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde_json::json;

use super::holidays::{holidays_of_year, HolidayInfo, FIRST_PROJECTED_YEAR};
use super::lunar::{self, LunarDate};
use super::names::can_chi_year;
use super::Holiday;
use crate::text::{long_date, short_date, weekday_name, Lang};

/// The holiday's name for the table: Tết carries its Can Chi year.
pub fn display_name(info: &HolidayInfo, lang: Lang) -> String {
    match info.holiday {
        Holiday::Tet => format!("{} {}", info.holiday.name(lang), can_chi_year(info.lunar.year)),
        h => h.name(lang).to_string(),
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

fn days_off_cell(info: &HolidayInfo) -> String {
    let d = &info.days_off;
    let n = days_between(d.from, d.to);
    let range = if d.from == d.to {
        short_date(d.from)
    } else if d.from.year() != d.to.year() {
        format!("{} – {}", long_date(d.from), long_date(d.to))
    } else {
        format!("{} – {}", short_date(d.from), short_date(d.to))
    };
    let mark = if d.projected { " *" } else { "" };
    format!("{range} ({n} ngày){mark}")
}

fn swap_cell(info: &HolidayInfo) -> String {
    info.working_days
        .iter()
        .zip(&info.swapped_off)
        .map(|(work, off)| {
            format!(
                "làm {} {}, nghỉ {} {}",
                weekday_name(*work, Lang::Vi),
                short_date(*work),
                weekday_name(*off, Lang::Vi),
                short_date(*off)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn lunar_json(l: &LunarDate) -> serde_json::Value {
    json!({
        "year": l.year, "month": l.month, "day": l.day, "leap": l.leap,
        "year_name": can_chi_year(l.year), "label": l.label(Lang::Vi), "label_en": l.label(Lang::En),
    })
}

/// The JSON document of `lichtruc holidays YEAR --json`.
pub fn year_json(year: i32) -> Option<serde_json::Value> {
    let list = holidays_of_year(year);
    if list.is_empty() {
        return None;
    }
    let holidays: Vec<_> = list
        .iter()
        .map(|h| {
            json!({
                "holiday": h.holiday.key(),
                "name": display_name(h, Lang::Vi),
                "name_en": h.holiday.name(Lang::En),
                "date": h.date,
                "weekday": weekday_name(h.date, Lang::Vi),
                "lunar": lunar_json(&h.lunar),
                "days_off": {
                    "from": h.days_off.from, "to": h.days_off.to,
                    "days": days_between(h.days_off.from, h.days_off.to),
                    "projected": h.days_off.projected, "source": h.days_off.source,
                },
                "working_days": h.working_days,
                "swapped_off": h.swapped_off,
            })
        })
        .collect();
    Some(json!({
        "year": year,
        "lunar_year": can_chi_year(year),
        "leap_month": lunar::leap_month(year),
        "holidays": holidays,
    }))
}

/// The table of `lichtruc holidays YEAR`, with its notes.
pub fn year_table(year: i32) -> Option<String> {
    let list = holidays_of_year(year);
    if list.is_empty() {
        return None;
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(vec!["Ngày", "Thứ", "Âm lịch", "Ngày lễ", "Nghỉ chính thức", "Hoán đổi ngày làm việc"]);
    for h in &list {
        table.add_row(vec![
            long_date(h.date),
            weekday_name(h.date, Lang::Vi).to_string(),
            h.lunar.label_with_year(Lang::Vi),
            display_name(h, Lang::Vi),
            days_off_cell(h),
            swap_cell(h),
        ]);
    }
    let mut out = format!("Các ngày lễ, Tết năm {year} (năm âm lịch {})", can_chi_year(year));
    if let Some(leap) = lunar::leap_month(year) {
        out.push_str(&format!(", nhuận tháng {leap}"));
    }
    out.push('\n');
    out.push_str(&table.to_string());
    out.push('\n');
    for h in &list {
        out.push_str(&format!("- {}: {}\n", display_name(h, Lang::Vi), h.days_off.source));
    }
    if list.iter().any(|h| h.days_off.projected) {
        out.push_str(&format!(
            "* Dự kiến theo Bộ luật Lao động, chưa có thông báo chính thức: nếu Chính phủ công bố ngày nghỉ khác, \
             ghi trong tệp lịch trực [period] days_off = {{ from = …, to = … }}.\n  \
             (* Projected from the Labour Code, not announced for {year}: if the government announces other \
             dates, set [period] days_off = {{ from = …, to = … }} in the roster file.)\n"
        ));
    }
    Some(out)
}

/// `lichtruc holidays YEAR [--json]`: prints the year's holidays; returns
/// the exit status (0, or 2 for a year the calendar cannot give).
pub fn print_year(year: i32, json: bool) -> i32 {
    let printed = if json {
        year_json(year).and_then(|v| serde_json::to_string_pretty(&v).ok())
    } else {
        year_table(year)
    };
    match printed {
        Some(text) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{}", text.trim_end());
            0
        }
        None => {
            eprintln!(
                "lichtruc: no holidays for {year}: the calendar covers {FIRST_PROJECTED_YEAR}–{} \
                 (lịch chỉ có các năm {FIRST_PROJECTED_YEAR}–{})",
                lunar::LAST_YEAR,
                lunar::LAST_YEAR
            );
            2
        }
    }
}
