//! What the tests of the stage's parts share: a legal roster to start from,
//! and a stage built as [`super::solve_lexicographic`] builds it.

use std::sync::OnceLock;

use good_lp::{Expression, Variable};

use super::bounds::granularity;
use super::build;
use super::stage::StageModel;
use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, MilpModel, Tier};
use crate::solve::reduced::RowTable;
use crate::solve::Backend;

/// The construction's roster with every hard rule kept: where the
/// stages start from.
pub(super) fn legal_start(problem: &Problem) -> Roster {
    let mut start = super::super::construct(problem).roster;
    super::super::legalize(problem, &mut start);
    start
}

/// A stage of `tier` as `solve_lexicographic` makes it, without
/// symmetry rows.
pub(super) fn stage_for<'m, 'p>(
    model: &'m MilpModel<'p>,
    tier: Tier,
    bounds: &'m [good_lp::Constraint],
    objective: &'m Expression,
    x: &'m [(usize, usize, Variable)],
    backend: Backend,
    table: &'m OnceLock<RowTable>,
) -> StageModel<'m, 'p> {
    StageModel {
        model,
        bounds,
        symmetry: &[],
        objective,
        constant: model.tier_constants[tier as usize],
        x,
        backend,
        step: granularity(&model.vars, objective),
        threads: 2,
        exchange: None,
        highs_seed: 0,
        table,
        report: &|_, _| {},
    }
}

/// Runs `test` on the soft-cover stage of the Curtois-format week as
/// `solve_lexicographic` makes it with `backend`, the earlier tiers
/// held where the construction's legal roster has them: the problem,
/// the stage, and that roster.
pub(super) fn on_the_week_cover_stage(backend: Backend, test: impl FnOnce(&Problem, &StageModel<'_, '_>, &Roster)) {
    let problem = super::super::person::tests::week();
    let model = build(&problem);
    let tier = Tier::SoftCover;
    let start = legal_start(&problem);
    let costs = rules::costs(&problem, &start);
    let held: Vec<good_lp::Constraint> = [Tier::Broken, Tier::Unfilled, Tier::Changes]
        .into_iter()
        .map(|t| (model.tiers[t as usize].clone() + model.tier_constants[t as usize]).leq(costs.get(t) + 1e-6))
        .collect();
    let x: Vec<(usize, usize, Variable)> = model.assignment_vars().collect();
    let objective = model.tiers[tier as usize].clone();
    let table = OnceLock::new();
    test(&problem, &stage_for(&model, tier, &held, &objective, &x, backend, &table), &start);
}

/// Runs `search` on `stage` with a progress report that keeps what it is
/// told: the search's result, and the reports (stage, value) in order.
pub(super) fn reported<'p, R>(
    stage: &StageModel<'_, 'p>,
    search: impl FnOnce(&StageModel<'_, 'p>) -> R,
) -> (R, Vec<(&'static str, f64)>) {
    let reports = std::sync::Mutex::new(Vec::new());
    let report = |stage: &'static str, value: f64| reports.lock().unwrap().push((stage, value));
    let result = search(&StageModel { report: &report, ..*stage });
    (result, reports.into_inner().unwrap())
}

/// What a search on the week's soft-cover stage reported: that stage's
/// key with values that only fall, from below the start's (`from`) to the
/// end's (`to`); nothing where it ended where it started.
pub(super) fn check_reports(reports: &[(&'static str, f64)], from: f64, to: f64) {
    assert!(reports.iter().all(|&(stage, _)| stage == Tier::SoftCover.key()), "{reports:?}");
    let values: Vec<f64> = reports.iter().map(|&(_, v)| v).collect();
    assert!(values.windows(2).all(|w| w[1] < w[0]), "{values:?}");
    match values.last() {
        Some(&last) => assert!(values[0] < from && (last - to).abs() < 1e-6, "{values:?}: {from} to {to}"),
        None => assert_eq!(from, to, "a gain not reported"),
    }
}
