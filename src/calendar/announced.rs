//! The announced days off: `data/holidays.toml`, embedded in the binary and
//! read once. Each row is one holiday of one year as the government
//! announced it for civil servants, with the swapped working days and its
//! source. See the file's header for the columns.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::Holiday;

/// The data file, as shipped.
pub const DATA: &str = include_str!("../../data/holidays.toml");

/// One announced holiday break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub holiday: Holiday,
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Saturdays worked in exchange for `swapped`.
    pub work: Vec<NaiveDate>,
    /// Weekdays given off in exchange for `work`.
    pub swapped: Vec<NaiveDate>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    days_off: Vec<Row>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    holiday: String,
    year: i32,
    from: toml::value::Datetime,
    to: toml::value::Datetime,
    #[serde(default)]
    work: Vec<toml::value::Datetime>,
    #[serde(default)]
    swapped: Vec<toml::value::Datetime>,
    source: String,
}

fn date(d: &toml::value::Datetime) -> Result<NaiveDate, String> {
    match (&d.date, &d.time) {
        (Some(day), None) => NaiveDate::from_ymd_opt(i32::from(day.year), u32::from(day.month), u32::from(day.day))
            .ok_or_else(|| format!("not a date: {d}")),
        _ => Err(format!("expected a plain date, got {d}")),
    }
}

/// Parses a days-off file; the error names the row.
pub fn parse(text: &str) -> Result<Vec<Announced>, String> {
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    file.days_off
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let at = |e: String| format!("days_off[{i}] ({} {}): {e}", row.holiday, row.year);
            let holiday = Holiday::from_key(&row.holiday).ok_or_else(|| at("unknown holiday".into()))?;
            let from = date(&row.from).map_err(at)?;
            let to = date(&row.to).map_err(at)?;
            if to < from {
                return Err(at("`to` is before `from`".into()));
            }
            let work = row.work.iter().map(date).collect::<Result<Vec<_>, _>>().map_err(at)?;
            let swapped = row.swapped.iter().map(date).collect::<Result<Vec<_>, _>>().map_err(at)?;
            if work.len() != swapped.len() {
                return Err(at("`work` and `swapped` must pair up".into()));
            }
            Ok(Announced { holiday, year: row.year, from, to, work, swapped, source: row.source.clone() })
        })
        .collect()
}

/// Every announced row. The shipped file is checked by the tests, so a parse
/// error here cannot happen in a release; if it did, the calendar would fall
/// back to the Labour Code's projection rather than stop.
pub fn all() -> &'static [Announced] {
    static ROWS: OnceLock<Vec<Announced>> = OnceLock::new();
    ROWS.get_or_init(|| parse(DATA).unwrap_or_default())
}

/// The announcement for one holiday of one year.
pub fn find(holiday: Holiday, year: i32) -> Option<&'static Announced> {
    all().iter().find(|a| a.holiday == holiday && a.year == year)
}

/// The first and last years the file covers.
pub fn years() -> Option<(i32, i32)> {
    let rows = all();
    Some((rows.iter().map(|a| a.year).min()?, rows.iter().map(|a| a.year).max()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_parses() {
        let rows = parse(DATA).expect("data/holidays.toml");
        assert_eq!(rows.len(), 35);
        assert_eq!(years(), Some((2020, 2026)));
    }

    #[test]
    fn bad_rows_are_named() {
        let err = parse("[[days_off]]\nholiday = \"xmas\"\nyear = 2020\nfrom = 2020-12-25\nto = 2020-12-25\nsource = \"\"\n")
            .unwrap_err();
        assert!(err.contains("unknown holiday"), "{err}");
    }
}
