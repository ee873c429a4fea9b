//! Words for people: the roster's language and the small formatting helpers
//! (dates, times, hours) that every message and output shares.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Serialize;

/// The language of printed tables, messages and calendar text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese (the default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// `14/02` — the short date used in messages.
pub fn short_date(d: NaiveDate) -> String {
    d.format("%d/%m").to_string()
}

/// `14/02/2026`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `07:30`.
pub fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// `14/02 07:30`.
pub fn short_datetime(t: NaiveDateTime) -> String {
    t.format("%d/%m %H:%M").to_string()
}

/// An amount of hours without a useless fraction: `12`, `7.5`.
pub fn hours(h: f64) -> String {
    let rounded = (h * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// The weekday's name: "thứ Bảy" / "Saturday".
pub fn weekday_name(d: NaiveDate, lang: Lang) -> &'static str {
    match (lang, d.weekday()) {
        (Lang::Vi, Weekday::Mon) => "thứ Hai",
        (Lang::Vi, Weekday::Tue) => "thứ Ba",
        (Lang::Vi, Weekday::Wed) => "thứ Tư",
        (Lang::Vi, Weekday::Thu) => "thứ Năm",
        (Lang::Vi, Weekday::Fri) => "thứ Sáu",
        (Lang::Vi, Weekday::Sat) => "thứ Bảy",
        (Lang::Vi, Weekday::Sun) => "Chủ nhật",
        (Lang::En, Weekday::Mon) => "Monday",
        (Lang::En, Weekday::Tue) => "Tuesday",
        (Lang::En, Weekday::Wed) => "Wednesday",
        (Lang::En, Weekday::Thu) => "Thursday",
        (Lang::En, Weekday::Fri) => "Friday",
        (Lang::En, Weekday::Sat) => "Saturday",
        (Lang::En, Weekday::Sun) => "Sunday",
    }
}

/// English ordinal: 1st, 2nd, 3rd, 4th, 11th.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `tr!(lang, "vi {}", "en {}", args…)`: one message in two languages with
/// the same arguments.
macro_rules! tr {
    ($lang:expr, $vi:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::text::Lang::Vi => format!($vi $(, $arg)*),
            $crate::text::Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_drop_useless_fractions() {
        assert_eq!(hours(12.0), "12");
        assert_eq!(hours(7.5), "7.5");
        assert_eq!(hours(1.0 / 3.0), "0.33");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(3), "3rd");
        assert_eq!(ordinal(4), "4th");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
    }

    #[test]
    fn vietnamese_weekdays() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
        assert_eq!(weekday_name(d, Lang::Vi), "thứ Bảy");
        assert_eq!(weekday_name(d, Lang::En), "Saturday");
    }
}
