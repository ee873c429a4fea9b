//! Numbers of a stage's objective and its bounds: the step every value of
//! the objective is a multiple of ([`granularity`]), the bound that holds
//! without solving, the stronger of two bounds, and the objective's
//! heaviest terms alone ([`heaviest_terms`]).

use std::collections::HashMap;

use good_lp::{Expression, IntoAffineExpression, ProblemVariables, Variable};

use crate::numbers::gcd;
use crate::rules::Tier;

/// How many times the next lighter term a stage's heaviest terms must
/// weigh for [`heaviest_terms`] to single them out: then one of them
/// outweighs a handful of the others, and a roster with fewer of them is
/// nearly always the cheaper.
const HEAVIEST_APART: f64 = 10.0;

/// The heaviest terms of a stage's objective alone, each counted once
/// (Curtois–Qu: the places short, at 100 each, where a place over costs 1
/// and a wish 1–3), when they weigh at least [`HEAVIEST_APART`] times
/// every other term; None when every term weighs the same, or when the
/// heaviest include a negative one.
///
/// Counted once, not at their weight: HiGHS proves Curtois Instance7's
/// least places short (10) in 13.5–16 s that way, and with each at 100
/// it had not in 17.8 s in four runs of four (ending at 16 short), the
/// same model scaled (session 29).
pub(super) fn heaviest_terms(objective: &Expression) -> Option<Expression> {
    let terms: Vec<(Variable, f64)> = objective.clone().linear_coefficients().filter(|&(_, c)| c != 0.0).collect();
    let heaviest = terms.iter().map(|&(_, c)| c.abs()).fold(0.0, f64::max);
    let lighter = terms.iter().map(|&(_, c)| c.abs()).filter(|&c| c < heaviest).fold(0.0, f64::max);
    let positive = terms.iter().all(|&(_, c)| c.abs() < heaviest || c > 0.0);
    (positive && lighter > 0.0 && heaviest >= HEAVIEST_APART * lighter)
        .then(|| terms.iter().filter(|&&(_, c)| c == heaviest).map(|&(v, _)| v).sum())
}

/// The step every value of an objective is a multiple of: the greatest
/// common divisor of its coefficients when all its variables are integer
/// and the coefficients are rational with a small denominator (burden
/// units such as 0.25 points, whole wish weights). None otherwise.
pub(super) fn granularity(vars: &ProblemVariables, objective: &Expression) -> Option<f64> {
    let integer: HashMap<Variable, bool> = vars.iter_variables_with_def().map(|(v, d)| (v, d.is_integer())).collect();
    let coefficients: Vec<f64> = objective
        .linear_coefficients()
        .filter(|&(_, c)| c != 0.0)
        .map(|(v, c)| integer[&v].then_some(c.abs()))
        .collect::<Option<_>>()?;
    let denominator = (1..=1000u32).find(|&d| {
        coefficients.iter().all(|&c| {
            let scaled = c * d as f64;
            (scaled - scaled.round()).abs() < 1e-9 * scaled.max(1.0) && scaled.round() >= 1.0
        })
    })?;
    let divisor = coefficients.iter().map(|&c| (c * denominator as f64).round() as u64).fold(0, gcd);
    (divisor > 0).then(|| divisor as f64 / denominator as f64)
}

/// A bound that holds without solving anything.
pub(super) fn trivial_bound(tier: Tier) -> Option<f64> {
    match tier {
        // Every other tier counts penalties, which are never negative; the
        // largest burden has no such floor worth a shortcut.
        Tier::MaxBurden => None,
        _ => Some(0.0),
    }
}

/// The stronger of two lower bounds.
pub(super) fn max_bound(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Whether an objective has no variable with a non-zero coefficient.
pub(super) fn is_constant(e: &Expression) -> bool {
    e.clone().linear_coefficients().into_iter().all(|(_, c)| c == 0.0)
}

#[cfg(test)]
mod tests {
    use good_lp::variable;

    use super::*;
    use crate::solve::milp::build;

    #[test]
    fn objectives_over_integers_step_by_the_gcd_of_their_coefficients() {
        let mut vars = ProblemVariables::new();
        let a = vars.add(variable().integer().min(0));
        let b = vars.add(variable().binary());
        let c = vars.add(variable().min(0));
        assert_eq!(granularity(&vars, &(0.5 * a + 0.75 * b)), Some(0.25));
        assert_eq!(granularity(&vars, &(3.0 * a + 2.0 * b + 5.0)), Some(1.0));
        assert_eq!(granularity(&vars, &(6.0 * a - 4.0 * b)), Some(2.0));
        // A continuous variable can take any value: no step.
        assert_eq!(granularity(&vars, &(a + c)), None);
        // Neither can an irrational mix be stepped.
        assert_eq!(granularity(&vars, &(a + std::f64::consts::PI * b)), None);
    }

    /// The Curtois-format week's cover stage: its heaviest terms (100
    /// each) are its places short, each counted once, and nothing else; terms
    /// that weigh the same, or less than ten times apart, or whose
    /// heaviest is negative, single out nothing.
    #[test]
    fn the_heaviest_terms_are_the_places_short_alone() {
        let problem = crate::solve::person::tests::week();
        let model = build(&problem);
        let heaviest = heaviest_terms(&model.tiers[Tier::SoftCover as usize]).expect("places short weigh 100");
        let terms: HashMap<Variable, f64> = heaviest.linear_coefficients().collect();
        let short: std::collections::HashSet<Variable> = (0..problem.slots.len()).map(|s| model.short(s)).collect();
        assert_eq!(terms.keys().copied().collect::<std::collections::HashSet<_>>(), short);
        assert!(terms.values().all(|&c| c == 1.0), "each place short counts one");
        let (a, b) = (model.short(0), model.over(0));
        assert!(heaviest_terms(&(3.0 * a + 3.0 * b)).is_none());
        assert!(heaviest_terms(&(30.0 * a + 4.0 * b)).is_none());
        assert!(heaviest_terms(&(-30.0 * a + 1.0 * b)).is_none());
        assert!(heaviest_terms(&(30.0 * a + 3.0 * b)).is_some());
    }
}
