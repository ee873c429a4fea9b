//! The lexicographic MILP: one model with every rule's rows, minimised tier
//! by tier. After each stage the tier is bounded by the value reached, so
//! later stages cannot make it worse; every stage is warm-started from the
//! incumbent roster.

use std::time::Instant;

use good_lp::{
    Expression, IntoAffineExpression, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    WithInitialSolution, WithTimeLimit,
};

use super::{Backend, Outcome, SolveOptions, Stage, StageStatus};
use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, Costs, MilpModel, Tier};

/// The model with every rule's rows.
pub(crate) fn build(problem: &Problem) -> MilpModel<'_> {
    let mut model = MilpModel::new(problem, |p, s| !rules::forbidden(problem, p, s));
    for rule in rules::ALL {
        rule.add_rows(&mut model);
    }
    model
}

struct StageResult {
    roster: Roster,
    status: StageStatus,
}

pub(super) fn solve_lexicographic(
    problem: &Problem,
    start: Roster,
    options: &SolveOptions,
    started: Instant,
    report: &dyn Fn(&'static str, f64),
) -> Outcome {
    let mut model = build(problem);
    let groups = super::symmetry::groups(problem);
    super::symmetry::add_rows(&mut model, &groups);
    let variables = model.vars.len();
    let constraints = model.constraints.len();
    let x: Vec<(usize, usize, Variable)> = model.assignment_vars().collect();
    let mut incumbent = start;
    let mut bounds: Vec<good_lp::Constraint> = Vec::new();
    let mut stages = Vec::new();
    let mut optimal = true;
    for (index, tier) in Tier::ALL.into_iter().enumerate() {
        let stage_started = Instant::now();
        let objective = model.tiers[tier as usize].clone();
        let constant = model.tier_constants[tier as usize];
        let current = rules::costs(problem, &incumbent).get(tier);
        // Share what is left among this and the later stages that have
        // something to minimise; time a stage does not use flows on.
        let stages_left = Tier::ALL[index..]
            .iter()
            .filter(|t| !is_constant(&model.tiers[**t as usize]))
            .count()
            .max(1);
        let remaining = options.time_limit.saturating_sub(started.elapsed()).as_secs_f64() / stages_left as f64;
        let lower = lower_bound(tier);
        let mut error = None;
        let (result, status) = if is_constant(&objective) || current <= lower + 1e-9 {
            (None, StageStatus::AtBound)
        } else if remaining <= 0.01 {
            (None, StageStatus::TimeLimit)
        } else {
            report(tier.key(), current);
            incumbent = super::symmetry::canonical(problem, &incumbent, &groups);
            // Large-neighbourhood search first: small exact re-solves that
            // move the incumbent fast; then the whole model, to prove.
            let lns_deadline = Instant::now() + std::time::Duration::from_secs_f64(remaining * lns_share(options.backend));
            let stage = StageModel {
                model: &model,
                bounds: &bounds,
                objective: &objective,
                x: &x,
                backend: options.backend,
            };
            stage.search_neighbourhoods(&mut incumbent, tier, lns_deadline);
            let remaining = remaining - stage_started.elapsed().as_secs_f64();
            match stage.run(Vec::new(), &incumbent, remaining.max(0.05)) {
                Ok(r) => {
                    let status = r.status;
                    (Some(r), status)
                }
                Err(e) => {
                    error = Some(e.to_string());
                    (None, StageStatus::Failed)
                }
            }
        };
        if let Some(r) = result {
            // Keep the MILP's roster only when it is really no worse.
            let new_costs = rules::costs(problem, &r.roster);
            let old_costs = rules::costs(problem, &incumbent);
            // A roster that breaks a hard rule would mean the MILP rows and
            // the checks disagree: never hand such a roster to the user.
            if !old_costs.better_than(&new_costs) && super::illegal(problem, &r.roster).is_empty() {
                incumbent = r.roster;
            }
        }
        if !matches!(status, StageStatus::Optimal | StageStatus::AtBound) {
            optimal = false;
        }
        let value = rules::costs(problem, &incumbent).get(tier);
        report(tier.key(), value);
        // Later stages may not make this tier worse than what was reached.
        if !is_constant(&objective) {
            let slack = 1e-6 * value.abs().max(1.0);
            bounds.push((objective.clone() + constant).leq(value + slack));
        }
        stages.push(Stage {
            tier,
            value,
            status,
            seconds: stage_started.elapsed().as_secs_f64(),
            error,
        });
    }
    Outcome {
        costs: Costs::default(),
        roster: incumbent,
        stages,
        optimal,
        elapsed: started.elapsed(),
        variables,
        constraints,
        backend: options.backend,
    }
}

/// Share of a stage's time given to the large-neighbourhood search. HiGHS
/// solves holiday-size stages whole faster than the search helps (measured:
/// the NOC roster 0.4 s without, 2.4 s with), so it goes straight to the
/// whole model; microlp gains from the search (Curtois Instance2 in 30 s:
/// 2861 without, 1332 with).
fn lns_share(backend: Backend) -> f64 {
    match backend {
        Backend::Microlp => 0.4,
        Backend::Highs => 0.0,
    }
}
/// Longest single re-solve of a neighbourhood, in seconds.
const LNS_STEP: f64 = 1.0;

/// One stage's MILP: the model, the bounds of the earlier tiers and this
/// tier's objective.
struct StageModel<'m, 'p> {
    model: &'m MilpModel<'p>,
    bounds: &'m [good_lp::Constraint],
    objective: &'m Expression,
    x: &'m [(usize, usize, Variable)],
    backend: Backend,
}

impl StageModel<'_, '_> {
    /// Large-neighbourhood search: frees the schedules of a few people (the
    /// heaviest and lightest burden for the fairness tiers, and a window
    /// that walks round the staff), keeps everyone else's as they are, and
    /// solves that small MILP exactly for the stage's objective. An answer
    /// is kept only when it is legal and better.
    fn search_neighbourhoods(&self, incumbent: &mut Roster, tier: Tier, deadline: Instant) {
        let problem = self.model.problem;
        let people = problem.staff.len();
        if people < 3 {
            return;
        }
        let size = (people / 4).clamp(3, 8);
        let mut best = rules::costs(problem, incumbent);
        let mut round = 0usize;
        let mut failures = 0usize;
        while Instant::now() < deadline && failures < 2 * people {
            // The heaviest people first (for the fairness tiers), then a
            // window that walks round the staff list.
            let mut by_load: Vec<usize> = (0..people).collect();
            by_load.sort_by(|&a, &b| {
                let load = |p| rules::fairness::burden(problem, incumbent, p);
                load(b).total_cmp(&load(a)).then(a.cmp(&b))
            });
            let mut free: Vec<usize> = if matches!(tier, Tier::MaxBurden | Tier::Spread) {
                vec![by_load[0], by_load[people - 1]]
            } else {
                Vec::new()
            };
            let mut k = round * size;
            while free.len() < size {
                let p = k % people;
                if !free.contains(&p) {
                    free.push(p);
                }
                k += 1;
            }
            round += 1;
            let fix: Vec<good_lp::Constraint> = self
                .x
                .iter()
                .filter(|(p, _, _)| !free.contains(p))
                .map(|&(p, s, v)| Expression::from(v).eq(if incumbent.holds(p, s) { 1.0 } else { 0.0 }))
                .collect();
            let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < 0.01 {
                break;
            }
            let step = left.min(LNS_STEP);
            let Ok(r) = self.run(fix, incumbent, step) else {
                failures += 1;
                continue;
            };
            let costs = rules::costs(problem, &r.roster);
            if costs.better_than(&best) && super::illegal(problem, &r.roster).is_empty() {
                best = costs;
                *incumbent = r.roster;
                failures = 0;
            } else {
                failures += 1;
            }
        }
    }

    /// Solves the stage (with `extra` rows) from the incumbent, for at most
    /// `seconds`.
    fn run(
        &self,
        extra: Vec<good_lp::Constraint>,
        incumbent: &Roster,
        seconds: f64,
    ) -> Result<StageResult, ResolutionError> {
        let hint: Vec<(Variable, f64)> = self
            .x
            .iter()
            .map(|&(p, s, v)| (v, if incumbent.holds(p, s) { 1.0 } else { 0.0 }))
            .collect();
        let unsolved = self.model.vars.clone().minimise(self.objective.clone());
        let constraints = self
            .model
            .constraints
            .iter()
            .cloned()
            .chain(self.bounds.iter().cloned())
            .chain(extra);
        let extract = |sol: &dyn Fn(Variable) -> f64, status: SolutionStatus| -> StageResult {
            let roster = Roster::from_pairs(
                self.model.problem,
                self.x
                    .iter()
                    .filter(|&&(_, _, v)| sol(v) > 0.5)
                    .map(|&(p, s, _)| (p, s)),
            );
            let status = match status {
                SolutionStatus::Optimal => StageStatus::Optimal,
                _ => StageStatus::TimeLimit,
            };
            StageResult { roster, status }
        };
        match self.backend {
            Backend::Microlp => {
                let solution = unsolved
                    .using(good_lp::microlp)
                    .with_all(constraints)
                    .with_initial_solution(hint)
                    .with_time_limit(seconds)
                    .solve()?;
                Ok(extract(&|v| solution.value(v), solution.status()))
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                let solution = unsolved
                    .using(good_lp::highs)
                    .with_all(constraints)
                    .with_initial_solution(hint)
                    .set_time_limit(seconds)
                    .set_threads(2)
                    .solve()?;
                Ok(extract(&|v| solution.value(v), solution.status()))
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => Err(ResolutionError::Str(
                "this build has no HiGHS: build with --features highs".into(),
            )),
        }
    }
}

fn lower_bound(tier: Tier) -> f64 {
    match tier {
        // The largest burden has no trivial bound worth a shortcut.
        Tier::MaxBurden => f64::NEG_INFINITY,
        _ => 0.0,
    }
}

/// Whether an objective has no variable with a non-zero coefficient.
fn is_constant(e: &Expression) -> bool {
    e.clone().linear_coefficients().into_iter().all(|(_, c)| c == 0.0)
}
