//! The broken minimums (hours and shifts in the period) met person by
//! person before any relaxation or re-solve. A person's minimums concern
//! their own schedule alone, and the walk of [`super::person`] ends only on
//! schedules that meet them: each person short of a minimum takes the
//! schedule the walk finds cheapest for the cover, with everyone else kept.
//!
//! The greedy start fills the places in time order and leaves people short
//! of their hours wherever the cover needs fewer than the minimums add up
//! to. On Curtois–Qu Instance20 (50 people × 182 days, HiGHS, 30 s) it
//! left 38 815 hours short, and the relaxation and re-solves took 6 to
//! 12 s to meet them, or left some short to the end (one run of three,
//! session 31); the walks leave 916 of them (one person), which the
//! re-solves then meet within 0.2 s.

use std::time::Instant;

use super::person::{Apart, Walk};
use crate::roster::Roster;
use crate::rules::{self, MilpModel, Tier};

/// How far below its own prices the second walk sets every place: above
/// any place's price (an unfilled place weighs 1e7).
const EAGER: f64 = 1e12;

/// Gives each movable person the broken tier charges a schedule meeting
/// their minimums, while `deadline` allows, keeping each only when the
/// roster breaks no hard rule and the broken tier goes down. Whether any
/// was kept.
pub(super) fn meet(model: &MilpModel<'_>, roster: &mut Roster, deadline: Instant) -> bool {
    let problem = model.problem;
    let apart = Apart::new(problem);
    let mut broken = rules::costs(problem, roster).get(Tier::Broken);
    let mut improved = false;
    for person in rules::charged(problem, roster, Tier::Broken) {
        if broken <= 0.0 || Instant::now() >= deadline {
            break;
        }
        // A fixed assignment is the user's, not the walk's, to move.
        if problem.fixed.iter().any(|f| f.person == person) {
            continue;
        }
        let held = roster.slots_of(person).to_vec();
        for &s in &held {
            roster.unassign(person, s);
        }
        let walk = Walk::new(model, roster, person, Tier::SoftCover, deadline, &apart);
        // Over covered places the walk puts its work off, and on a narrow
        // window of hours it may spend its whole budget on the last weeks
        // (Curtois–Qu Instance19: 52–54 shifts in 84 days, 8 people of
        // 40); eager to work, it met them for 7 of the 8.
        let found = match walk.best(f64::INFINITY) {
            Some(schedule) => Some(schedule),
            None => walk.lowered(EAGER).best(f64::INFINITY),
        };
        let kept = found.is_some_and(|schedule| {
            for &s in &schedule {
                roster.assign(person, s);
            }
            let now = rules::costs(problem, roster).get(Tier::Broken);
            let better = now < broken - 1e-9 && super::illegal(problem, roster).is_empty();
            if better {
                broken = now;
            } else {
                for &s in &schedule {
                    roster.unassign(person, s);
                }
            }
            better
        });
        if !kept {
            for &s in &held {
                roster.assign(person, s);
            }
        }
        improved |= kept;
    }
    improved
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::solve::person::tests::week;

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(600)
    }

    #[test]
    fn everyone_short_of_their_minimums_meets_them() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        let mut roster = Roster::empty(&problem);
        assert!(rules::costs(&problem, &roster).get(Tier::Broken) > 0.0, "nobody works: everyone is short");
        assert!(meet(&model, &mut roster, far()));
        assert_eq!(rules::costs(&problem, &roster).get(Tier::Broken), 0.0);
        assert!(crate::solve::illegal(&problem, &roster).is_empty());
    }

    #[test]
    fn a_minimum_no_schedule_meets_leaves_the_person_as_they_were() {
        let mut problem = week();
        // More hours than the week holds.
        problem.staff[0].rules.min_hours = Some(24.0 * 8.0);
        let model = crate::solve::milp::build(&problem);
        let mut roster = Roster::empty(&problem);
        let first = problem.slots.iter().position(|s| s.day == 0).expect("a slot on day 0");
        roster.assign(0, first);
        meet(&model, &mut roster, far());
        assert_eq!(roster.slots_of(0), &[first][..]);
        // The others still meet theirs.
        assert!(rules::charged(&problem, &roster, Tier::Broken).iter().all(|&p| p == 0));
    }

    #[test]
    fn nothing_moves_after_the_deadline() {
        let problem = week();
        let model = crate::solve::milp::build(&problem);
        let mut roster = Roster::empty(&problem);
        assert!(!meet(&model, &mut roster, Instant::now()));
        assert_eq!(roster, Roster::empty(&problem));
    }
}
