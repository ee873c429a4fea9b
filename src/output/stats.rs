//! Per-person figures of a roster — shifts, hours, night hours, hours on
//! official days off, burden, wishes met — shared by every output.

use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

use crate::model::{DayKind, Problem};
use crate::roster::Roster;
use crate::rules::fairness::burden;

/// One person's figures.
#[derive(Debug, Clone, Serialize)]
pub struct PersonStats {
    pub id: String,
    pub name: String,
    pub shifts: usize,
    pub hours: f64,
    /// Shifts with any hour between 22:00 and 06:00.
    pub nights: usize,
    /// Hours between 22:00 and 06:00 (Bộ luật Lao động, Điều 106).
    pub night_hours: f64,
    /// Hours on official days off.
    pub holiday_hours: f64,
    /// Fairness points of this roster.
    pub burden: f64,
    /// Burden from earlier rosters.
    pub past_burden: f64,
    pub wishes: usize,
    pub wishes_met: usize,
}

/// Figures for every person, in staff order.
pub fn person_stats(problem: &Problem, roster: &Roster) -> Vec<PersonStats> {
    (0..problem.staff.len())
        .map(|p| {
            let person = &problem.staff[p];
            let slots = roster.slots_of(p);
            let mut stats = PersonStats {
                id: person.id.clone(),
                name: person.name.clone(),
                shifts: slots.len(),
                hours: 0.0,
                nights: 0,
                night_hours: 0.0,
                holiday_hours: 0.0,
                burden: burden(problem, roster, p) - person.past_burden,
                past_burden: person.past_burden,
                wishes: person.avoid.len() + person.prefer.len(),
                wishes_met: 0,
            };
            for &s in slots {
                let slot = &problem.slots[s];
                stats.hours += slot.hours;
                let night = night_hours(slot.start, slot.end);
                stats.night_hours += night;
                if night > 0.0 {
                    stats.nights += 1;
                }
                stats.holiday_hours += holiday_hours(problem, slot.start, slot.end);
            }
            let works = |w: &crate::model::Wish| slots.iter().any(|&s| w.matches(problem, &problem.slots[s]));
            stats.wishes_met = person.avoid.iter().filter(|w| !works(w)).count()
                + person.prefer.iter().filter(|w| works(w)).count();
            stats
        })
        .collect()
}

/// Hours of `[start, end)` between 22:00 and 06:00.
pub fn night_hours(start: NaiveDateTime, end: NaiveDateTime) -> f64 {
    minutes_where(start, end, |t| t.hour() >= 22 || t.hour() < 6) as f64 / 60.0
}

/// Hours of `[start, end)` that fall on official days off of the problem.
pub fn holiday_hours(problem: &Problem, start: NaiveDateTime, end: NaiveDateTime) -> f64 {
    let mut minutes = 0i64;
    let mut t = start;
    while t < end {
        let next_midnight = (t.date() + Duration::days(1)).and_time(NaiveTime::MIN);
        let stop = next_midnight.min(end);
        let off = problem
            .day_index(t.date())
            .map(|d| matches!(problem.days[d].kind, DayKind::Holiday | DayKind::TetEve | DayKind::TetFirstDays))
            .unwrap_or(false);
        if off {
            minutes += (stop - t).num_minutes();
        }
        t = stop;
    }
    minutes as f64 / 60.0
}

fn minutes_where(start: NaiveDateTime, end: NaiveDateTime, pred: impl Fn(NaiveTime) -> bool) -> i64 {
    // Walk hour boundaries: the predicate is constant within an hour.
    let mut minutes = 0;
    let mut t = start;
    while t < end {
        let next_hour = t.date().and_hms_opt(t.hour(), 0, 0).expect("valid") + Duration::hours(1);
        let stop = next_hour.min(end);
        if pred(t.time()) {
            minutes += (stop - t).num_minutes();
        }
        t = stop;
    }
    minutes
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 2, d).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn night_hours_count_22_to_06() {
        assert_eq!(night_hours(at(16, 19, 30), at(17, 7, 30)), 8.0);
        assert_eq!(night_hours(at(16, 7, 30), at(16, 19, 30)), 0.0);
        assert_eq!(night_hours(at(16, 7, 30), at(17, 7, 30)), 8.0);
        assert_eq!(night_hours(at(16, 21, 30), at(16, 22, 30)), 0.5);
    }
}
