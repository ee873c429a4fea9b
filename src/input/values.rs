//! Values of a roster file that TOML does not type for us: dates written as
//! TOML dates or quoted text, `HH:MM` times, and unavailability in its three
//! forms. Each rejects a bad value with a message that toml places at the
//! value's line and column.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::de::{Deserialize, Deserializer, Error};
use toml::Value;

/// A calendar date: `2026-02-16` or `"2026-02-16"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateValue(pub NaiveDate);

/// A local date-time: `2026-02-13T17:00:00` or the same in quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeValue(pub NaiveDateTime);

/// A time of day, `HH:MM` (24-hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeValue(pub NaiveTime);

/// `unavailable` entries: a date, a date range or a time range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnavailableValue {
    Date(NaiveDate),
    Dates(NaiveDate, NaiveDate),
    Times(NaiveDateTime, NaiveDateTime),
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

/// A date or date-time as written (TOML datetime or string), None if the
/// value is neither.
enum Moment {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

fn moment(value: &Value) -> Option<Moment> {
    let text = match value {
        Value::Datetime(dt) => {
            if dt.offset.is_some() {
                return None;
            }
            dt.to_string()
        }
        Value::String(s) => s.clone(),
        _ => return None,
    };
    if let Some(d) = parse_date(&text) {
        Some(Moment::Date(d))
    } else {
        parse_datetime(&text).map(Moment::DateTime)
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match moment(&Value::deserialize(d)?) {
            Some(Moment::Date(date)) => Ok(DateValue(date)),
            _ => Err(D::Error::custom("expected a date like 2026-02-16")),
        }
    }
}

impl<'de> Deserialize<'de> for DateTimeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match moment(&Value::deserialize(d)?) {
            Some(Moment::DateTime(t)) => Ok(DateTimeValue(t)),
            _ => Err(D::Error::custom(
                "expected a local date and time like 2026-02-13T17:00:00 (no time zone offset)",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for TimeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Datetime(dt) => dt.to_string(),
            _ => String::new(),
        };
        parse_hhmm(&text).map(TimeValue).ok_or_else(|| {
            D::Error::custom(format!("expected a time as HH:MM, like \"07:30\", found {text:?}"))
        })
    }
}

/// `HH:MM` (24-hour); `HH:MM:SS` with zero seconds is accepted too.
pub fn parse_hhmm(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let t = NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()?;
    let (h, rest) = text.split_once(':')?;
    (h.len() == 2 && rest.len() >= 2).then_some(t)
}

impl<'de> Deserialize<'de> for UnavailableValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const EXPECTED: &str = "expected a date (2026-02-17), a date range \
            { from = 2026-02-16, to = 2026-02-18 } or a time range \
            { from = 2026-02-16T19:30:00, to = 2026-02-18T07:30:00 }";
        let value = Value::deserialize(d)?;
        if let Some(Moment::Date(date)) = moment(&value) {
            return Ok(UnavailableValue::Date(date));
        }
        let Value::Table(table) = value else {
            return Err(D::Error::custom(EXPECTED));
        };
        if let Some(key) = table.keys().find(|k| *k != "from" && *k != "to") {
            return Err(D::Error::custom(format!("unknown key `{key}`; {EXPECTED}")));
        }
        let (Some(from), Some(to)) = (table.get("from"), table.get("to")) else {
            return Err(D::Error::custom(format!("needs both `from` and `to`; {EXPECTED}")));
        };
        match (moment(from), moment(to)) {
            (Some(Moment::Date(a)), Some(Moment::Date(b))) => {
                if b < a {
                    return Err(D::Error::custom(format!("`to` ({b}) is before `from` ({a})")));
                }
                Ok(UnavailableValue::Dates(a, b))
            }
            (Some(Moment::DateTime(a)), Some(Moment::DateTime(b))) => {
                if b <= a {
                    return Err(D::Error::custom(format!("`to` ({b}) is not after `from` ({a})")));
                }
                Ok(UnavailableValue::Times(a, b))
            }
            _ => Err(D::Error::custom(format!("`from` and `to` must both be dates or both date-times; {EXPECTED}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hhmm_is_strict() {
        assert_eq!(parse_hhmm("07:30"), NaiveTime::from_hms_opt(7, 30, 0));
        assert_eq!(parse_hhmm("7:30"), None);
        assert_eq!(parse_hhmm("24:00"), None);
        assert_eq!(parse_hhmm("07h30"), None);
    }
}
