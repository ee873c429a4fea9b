//! Turning posts and shifts into slots: each shift repeats every day of the
//! period, is cut at the period's ends, and carries its burden.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{Cover, Day, Post, Slot};
use crate::numbers::gcd;

/// A need that differs from the shift's on one date (`[[demand]]`).
#[derive(Debug, Clone)]
pub struct Demand {
    pub post: usize,
    pub shift: usize,
    pub date: NaiveDate,
    pub need: u32,
    pub max: Option<u32>,
}

/// Every slot of the period, ordered by start, then post, then shift.
///
/// `days` must hold every date from the period's first to its last.
pub fn build_slots(
    posts: &[Post],
    days: &[Day],
    start: NaiveDateTime,
    end: NaiveDateTime,
    demands: &[Demand],
) -> Vec<Slot> {
    let mut slots = Vec::new();
    let Some(first) = days.first().map(|d| d.date) else {
        return slots;
    };
    // A shift that starts the day before the period may still reach into it.
    let mut date = first - Duration::days(1);
    let last = days.last().map(|d| d.date).unwrap_or(first);
    while date <= last {
        for (p, post) in posts.iter().enumerate() {
            for (sh, shift) in post.shifts.iter().enumerate() {
                let full_start = date.and_time(shift.start);
                let mut full_end = date.and_time(shift.end);
                if full_end <= full_start {
                    full_end += Duration::days(1);
                }
                let cut_start = full_start.max(start);
                let cut_end = full_end.min(end);
                if cut_end <= cut_start {
                    continue;
                }
                let slot_date = cut_start.date();
                let Some(day) = days.iter().position(|d| d.date == slot_date) else {
                    continue;
                };
                let demand = demands
                    .iter()
                    .find(|d| d.post == p && d.shift == sh && d.date == slot_date);
                let need = demand.map_or(shift.need, |d| d.need);
                let max = demand.and_then(|d| d.max).or(shift.max);
                let (max, soft) = match post.cover {
                    Cover::Hard => (Some(max.unwrap_or(need).max(need)), None),
                    Cover::Soft { under_weight, over_weight } => {
                        (max.map(|m| m.max(need)), Some((under_weight, over_weight)))
                    }
                };
                let hours = (cut_end - cut_start).num_minutes() as f64 / 60.0;
                let share = hours / shift.hours();
                let heaviest = days
                    .iter()
                    .filter(|d| touches(d.date, cut_start, cut_end))
                    .map(|d| d.weight)
                    .fold(f64::NEG_INFINITY, f64::max);
                slots.push(Slot {
                    post: p,
                    shift: sh,
                    date: slot_date,
                    day,
                    start: cut_start,
                    end: cut_end,
                    need,
                    max,
                    soft,
                    hours,
                    burden: shift.weight * share * heaviest.max(0.0),
                    burden_units: 0,
                });
            }
        }
        date += Duration::days(1);
    }
    slots.sort_by_key(|s| (s.start, s.post, s.shift));
    let unit = burden_unit(slots.iter().map(|s| s.burden));
    for slot in &mut slots {
        slot.burden_units = (slot.burden / unit).round() as i64;
    }
    slots
}

/// Whether `[start, end)` overlaps the calendar day `date`.
fn touches(date: NaiveDate, start: NaiveDateTime, end: NaiveDateTime) -> bool {
    let day_start = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let day_end = day_start + Duration::days(1);
    start < day_end && end > day_start
}

/// The largest number that every burden is (nearly) an integer multiple of,
/// so that burden sums can be integer variables in the MILP: this is what
/// makes "the largest burden" a tight integer bound rather than a fraction.
///
/// Burdens are first rounded to 1/1000 of a point.
pub fn burden_unit(burdens: impl Iterator<Item = f64>) -> f64 {
    const SCALE: f64 = 1000.0;
    let g = burdens
        .map(|b| (b * SCALE).round() as i64)
        .filter(|&b| b > 0)
        .fold(0, |g, b| gcd(g, b as u64));
    if g == 0 {
        1.0
    } else {
        g as f64 / SCALE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burden_unit_is_the_common_divisor() {
        assert_eq!(burden_unit([1.5, 2.0, 3.0].into_iter()), 0.5);
        assert_eq!(burden_unit([2.0, 4.0].into_iter()), 2.0);
        assert_eq!(burden_unit(std::iter::empty()), 1.0);
        assert!((burden_unit([3.75, 2.5].into_iter()) - 1.25).abs() < 1e-9);
    }
}
