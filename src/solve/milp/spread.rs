//! The column bound on the spread ([`crate::solve::columns`]): whether a
//! roster's spread is optimal, or cannot be below a given number of burden
//! units, from the schedules of all its people or of its small groups, and
//! what that bound needs from the earlier stages.

use std::time::Instant;

use super::policy::COLUMNS_UP_TO;
use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, MilpModel, Tier};
use crate::solve::Stage;

/// The column bound on the spread ([`crate::solve::columns`]), when it proves
/// something before `deadline`. A roster of up to [`COLUMNS_UP_TO`]
/// assignments is listed whole, to prove the incumbent's spread optimal.
/// A larger one is listed by its small groups of people (those who share
/// slots with no one else), any of which may prove that no roster has a
/// spread below `question` units: the search there has rarely reached the
/// optimum when this runs, but the bound is often one unit short
/// (gen-large: its relaxation says 2.25, its 10 leaders' schedules 2.5).
/// The lower the question, the fewer schedules each person has in its
/// range, and the sooner it is answered.
pub(super) fn columns_spread(
    problem: &Problem,
    model: &MilpModel<'_>,
    stages: &[Stage],
    incumbent: &Roster,
    question: i64,
    assignments: usize,
    deadline: Instant,
) -> Option<f64> {
    let earlier = columns_earlier(problem, stages)?;
    let units = spread_units(problem, incumbent);
    if assignments <= COLUMNS_UP_TO {
        let exported = crate::solve::export::of_model(model);
        return crate::solve::columns::spread_is_optimal(problem, &exported, &earlier, units, None, deadline)
            .then_some(units as f64 * problem.burden_unit);
    }
    let groups = crate::solve::columns::small_groups(model, COLUMNS_UP_TO);
    if question > units || groups.is_empty() {
        return None;
    }
    let exported = crate::solve::export::of_model(model);
    groups
        .iter()
        .take_while(|_| Instant::now() < deadline)
        .any(|group| {
            crate::solve::columns::spread_is_optimal(problem, &exported, &earlier, question, Some(group), deadline)
        })
        .then_some(question as f64 * problem.burden_unit)
}

/// What the column bound asks of a large roster's spread, in burden units:
/// whether it can be below the unit above the bound.
pub(super) fn spread_question(unit: f64, bound: Option<f64>) -> i64 {
    bound.map_or(1, |b| (b / unit - 1e-6).ceil() as i64 + 1)
}

/// The roster's spread in burden units.
pub(super) fn spread_units(problem: &Problem, roster: &Roster) -> i64 {
    (rules::costs(problem, roster).get(Tier::Spread) / problem.burden_unit).round() as i64
}

/// What the column bound needs from the stages before the spread: None
/// unless the largest burden's stage has run.
fn columns_earlier(problem: &Problem, stages: &[Stage]) -> Option<crate::solve::columns::Earlier> {
    let largest = stages.iter().find(|s| s.tier == Tier::MaxBurden)?;
    let units = |points: f64| (points / problem.burden_unit).round() as i64;
    Some(crate::solve::columns::Earlier {
        largest_at_least: units(largest.bound.unwrap_or(0.0)),
        largest_at_most: units(largest.value),
        values: stages.iter().filter(|s| s.tier < Tier::MaxBurden).map(|s| (s.tier, s.value)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_bound_asks_for_one_unit_above_the_bound() {
        // gen-large: the relaxation says 2.25 points, 9 quarter-point units.
        assert_eq!(spread_question(0.25, Some(2.25)), 10);
        assert_eq!(spread_question(0.25, Some(2.3)), 11);
        assert_eq!(spread_question(0.25, Some(0.0)), 1);
        assert_eq!(spread_question(0.25, None), 1);
    }
}
