//! The lexicographic MILP: one model with every rule's rows, minimised tier
//! by tier. After each stage the tier is bounded by the value reached, so
//! later stages cannot make it worse; every stage is warm-started from the
//! incumbent roster.
//!
//! The stage loop is here ([`solve_lexicographic`]); the rest is split by
//! concern: [`policy`] says which search runs where, by backend and model
//! size; [`stage`] is one stage's model, its re-solves and its relaxation;
//! [`lns`] is its large-neighbourhood search and [`schedules`] its
//! whole-schedule searches; [`bounds`] and [`spread`] give its bounds.

mod bounds;
mod lns;
mod policy;
mod schedules;
mod spread;
mod stage;
#[cfg(test)]
mod testing;

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use good_lp::Variable;

use super::{Backend, Outcome, SolveOptions, Stage, StageStatus};
use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, Costs, MilpModel, Tier};
use bounds::{granularity, heaviest_terms, is_constant, max_bound, trivial_bound};
use policy::{
    heaviest_first, lns_share, person_share, plateau_goes_first, whole_relaxation_above_blocks, Beside,
    BLOCK_MILPS_SHARE, COLUMNS_SHARE, COLUMNS_UP_TO, HEAVIEST_FIRST_SHARE, PLATEAU_SHARE, RELAXATION_IN_BLOCKS_ABOVE,
    RELAXATION_SHARE, WHOLE_RELAXATION_SHARE,
};
use spread::{columns_spread, spread_question, spread_units};
use stage::StageModel;

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
    /// The backend's proven lower bound on the objective (without the
    /// tier's constant), when it reports one.
    bound: Option<f64>,
}

/// Whether `candidate` may replace `incumbent` in a stage of `tier`: it
/// keeps every hard rule and costs less in the tiers up to `tier`.
fn improves_on(problem: &Problem, candidate: &Roster, incumbent: &Roster, tier: Tier) -> bool {
    rules::costs(problem, candidate).compare_up_to(&rules::costs(problem, incumbent), tier).is_lt()
        && super::illegal(problem, candidate).is_empty()
}

/// Of two whole models' results for one stage, the one proven optimal,
/// else the first with the higher of the two bounds.
fn better_proof(first: StageResult, other: StageResult) -> StageResult {
    if other.status == StageStatus::Optimal && first.status != StageStatus::Optimal {
        return other;
    }
    StageResult { bound: max_bound(first.bound, other.bound), ..first }
}

pub(super) fn solve_lexicographic(
    problem: &Problem,
    start: Roster,
    options: &SolveOptions,
    started: Instant,
    report: &(dyn Fn(&'static str, f64) + Sync),
) -> Outcome {
    let model = build(problem);
    let groups = super::symmetry::groups(problem);
    let symmetry = super::symmetry::rows(&model, &groups);
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
        // Share what is left among this and the later stages that have
        // something to minimise; time a stage does not use flows on.
        let stages_left = Tier::ALL[index..].iter().filter(|t| !is_constant(&model.tiers[**t as usize])).count().max(1);
        let remaining = options.time_limit.saturating_sub(started.elapsed()).as_secs_f64() / stages_left as f64;
        // The rules' combinatorial floors hold once every hard-cover place
        // is filled, which the bound on the unfilled tier then guarantees.
        let all_filled = stages.iter().any(|s: &Stage| s.tier == Tier::Unfilled && s.value <= 1e-9);
        let floor = if all_filled && !is_constant(&objective) {
            let earlier = |t: Tier| stages.iter().find(|s| s.tier == t).and_then(|s| s.bound);
            rules::floor(problem, tier, &earlier)
        } else {
            None
        };
        // The floor as a row too: the MILP's own bound starts from it.
        let rows: Vec<good_lp::Constraint> = bounds
            .iter()
            .cloned()
            .chain(floor.map(|f| (objective.clone() + constant).geq(f - 1e-6 * f.abs().max(1.0))))
            .collect();
        let table = OnceLock::new();
        let stage = StageModel {
            model: &model,
            bounds: &rows,
            symmetry: &symmetry,
            objective: &objective,
            constant,
            x: &x,
            backend: options.backend,
            step: granularity(&model.vars, &objective),
            threads: 2,
            exchange: None,
            highs_seed: 0,
            table: &table,
            report,
        };
        let mut error = None;
        let mut neighbourhoods = Vec::new();
        let (status, bound) = if is_constant(&objective) {
            (StageStatus::AtBound, Some(constant))
        } else {
            let mut bound = max_bound(trivial_bound(tier), floor);
            let at_bound = |roster: &Roster, bound: Option<f64>| {
                bound.is_some_and(|b| rules::costs(problem, roster).get(tier) <= b + 1e-9)
            };
            let stage_end = stage_started + Duration::from_secs_f64(remaining);
            // The broken minimums are each person's own: the walks meet
            // most of them at once ([`super::minimums`]), and the
            // relaxation and the re-solves are left what they do not.
            if tier == Tier::Broken && !at_bound(&incumbent, bound) {
                super::minimums::meet(&model, &mut incumbent, stage_end);
            }
            let plateau = |incumbent: &mut Roster, bound: Option<f64>| {
                let end = Instant::now() + stage_end.saturating_duration_since(Instant::now()).mul_f64(PLATEAU_SHARE);
                super::plateau::search(&model, incumbent, tier, end, bound, index as u64)
            };
            // With a combinatorial floor to aim at, the plateau search goes
            // first: when it reaches the floor, the LP relaxation (1.4 s of
            // gen-medium's spread stage) is not needed.
            let plateau_first = floor.is_some() && plateau_goes_first(tier, x.len()) && !at_bound(&incumbent, bound);
            let mut plateau_helps = plateau_first && plateau(&mut incumbent, bound);
            // A large roster's spread: its small groups' schedules may prove
            // the plateau's roster optimal before any relaxation. On
            // gen-large the relaxation in blocks took 4.2 s of microlp's
            // spread stage, only to ask the columns the same question.
            let mut spread_asked = None;
            if plateau_first && tier == Tier::Spread && x.len() > COLUMNS_UP_TO && !at_bound(&incumbent, bound) {
                let columns_end =
                    Instant::now() + stage_end.saturating_duration_since(Instant::now()).mul_f64(COLUMNS_SHARE);
                let units = spread_units(problem, &incumbent);
                spread_asked = Some(units);
                let proven = columns_spread(problem, &model, &stages, &incumbent, units, x.len(), columns_end);
                bound = max_bound(bound, proven);
            }
            // Where the LP relaxation puts each x, when it was solved whole:
            // it guides the large-neighbourhood search.
            let mut relaxation = None;
            if !at_bound(&incumbent, bound) && remaining > 0.01 {
                // The LP relaxation, rounded up to the objective's step, is
                // a proven bound: a stage whose incumbent reaches it needs
                // no search at all. A large model's relaxation is solved
                // in blocks when it splits (gen-large: 0.7 s, where HiGHS
                // takes 1.9 s for the whole and microlp does not finish);
                // when it does not, HiGHS solves it whole for a fairness
                // tier and a soft cover not too large
                // ([`whole_relaxation_above_blocks`]).
                let seconds = remaining * RELAXATION_SHARE;
                let mut in_blocks = None;
                if x.len() > RELAXATION_IN_BLOCKS_ABOVE {
                    let started = Instant::now();
                    in_blocks = stage.block_bound(true, seconds);
                    let left = remaining * WHOLE_RELAXATION_SHARE - started.elapsed().as_secs_f64();
                    if in_blocks.is_none()
                        && whole_relaxation_above_blocks(options.backend, tier, x.len())
                        && left > 0.0
                    {
                        relaxation = stage.relaxation(left);
                    }
                } else {
                    relaxation = stage.relaxation(seconds);
                }
                bound = max_bound(bound, in_blocks.or(relaxation.as_ref().map(|r| r.bound)));
            }
            if at_bound(&incumbent, bound) {
                (StageStatus::AtBound, bound)
            } else if remaining <= 0.01 {
                (StageStatus::TimeLimit, bound)
            } else {
                report(tier.key(), rules::costs(problem, &incumbent).get(tier));
                let walks_beside = options.backend == Backend::Highs && super::person::prices(tier);
                // A start at the least the tier's heaviest terms can be.
                if walks_beside && heaviest_first(x.len()) && !at_bound(&incumbent, bound) {
                    if let Some(heaviest) = heaviest_terms(&objective) {
                        let start = super::symmetry::canonical(problem, &incumbent, &groups);
                        let seconds = remaining * HEAVIEST_FIRST_SHARE;
                        if let Some(first) = stage.minimise_heaviest(&heaviest, &start, seconds) {
                            if improves_on(problem, &first, &incumbent, tier) {
                                incumbent = first;
                            }
                        }
                    }
                }
                // The plateau search (unless it ran before the LP): on
                // small rosters it usually reaches the bound in a fraction
                // of what the exact re-solves take. Then, for the spread of
                // a small roster, the column bound; then the
                // large-neighbourhood search: small exact re-solves that
                // move the incumbent fast; then the whole model, to prove,
                // with what the search leaves up to the model's share (what
                // neither uses flows on to the later stages).
                if !plateau_first {
                    plateau_helps = plateau(&mut incumbent, bound);
                }
                // Whole-schedule moves and re-solves over the schedules
                // they meet, where microlp's own re-solves are weak (three
                // Curtois people often time out), and as the first descent
                // before HiGHS's neighbourhood search ([`person_share`]).
                let person_share = person_share(options.backend, x.len());
                if person_share > 0.0 && super::person::prices(tier) && !at_bound(&incumbent, bound) {
                    let end =
                        Instant::now() + stage_end.saturating_duration_since(Instant::now()).mul_f64(person_share);
                    stage.search_whole_schedules(&mut incumbent, tier, end, bound, index as u64);
                }
                let mut columns_proved = false;
                let question = spread_question(problem.burden_unit, bound);
                if tier == Tier::Spread && !at_bound(&incumbent, bound) && spread_asked != Some(question) {
                    let columns_end =
                        Instant::now() + stage_end.saturating_duration_since(Instant::now()).mul_f64(COLUMNS_SHARE);
                    let proven = columns_spread(problem, &model, &stages, &incumbent, question, x.len(), columns_end);
                    columns_proved = proven.is_some();
                    bound = max_bound(bound, proven);
                }
                if matches!(tier, Tier::MaxBurden | Tier::Spread)
                    && x.len() > COLUMNS_UP_TO
                    && !columns_proved
                    && !at_bound(&incumbent, bound)
                {
                    // A large roster of several blocks may have one small
                    // enough to solve exactly, where the column bound
                    // proved nothing (too many schedules).
                    let seconds = stage_end.saturating_duration_since(Instant::now()).as_secs_f64() * BLOCK_MILPS_SHARE;
                    bound = max_bound(bound, stage.block_bound(false, seconds));
                }
                let share = lns_share(options.backend, x.len());
                let lns_deadline = (stage_started + Duration::from_secs_f64(remaining * share)).min(stage_end);
                let searched = stage.search_neighbourhoods(
                    &mut incumbent,
                    tier,
                    lns_deadline,
                    bound,
                    plateau_helps,
                    relaxation.as_ref().map(|r| &r.x[..]),
                );
                let proven = searched.proven;
                neighbourhoods = searched.tallies;
                // The whole model's start must keep its symmetry rows.
                incumbent = super::symmetry::canonical(problem, &incumbent, &groups);
                let whole = (remaining - stage_started.elapsed().as_secs_f64()).min(remaining * (1.0 - share));
                if proven {
                    (StageStatus::Optimal, bound)
                } else if at_bound(&incumbent, bound) {
                    (StageStatus::AtBound, bound)
                } else if whole < 0.05 {
                    (StageStatus::TimeLimit, bound)
                } else {
                    // With HiGHS, another search runs beside the whole
                    // model ([`Beside`]), each taking the other's best.
                    let result = if walks_beside {
                        let beside = Beside::for_model(x.len());
                        let (result, other) = stage.whole_with(beside, &incumbent, tier, bound, whole, index as u64);
                        if improves_on(problem, &other, &incumbent, tier) {
                            incumbent = other;
                        }
                        result
                    } else {
                        stage.run(&HashMap::new(), None, None, &incumbent, whole)
                    };
                    match result {
                        Ok(r) => {
                            bound = max_bound(bound, r.bound);
                            // Keep the MILP's roster only when it is really
                            // no worse. A roster that breaks a hard rule
                            // would mean the MILP rows and the checks
                            // disagree: never hand such a roster to the
                            // user.
                            let new_costs = rules::costs(problem, &r.roster);
                            let old_costs = rules::costs(problem, &incumbent);
                            let kept =
                                !old_costs.better_than(&new_costs) && super::illegal(problem, &r.roster).is_empty();
                            // The MILP's optimum proves the incumbent only
                            // when the incumbent is as good.
                            let proves =
                                r.status == StageStatus::Optimal && (kept || !new_costs.better_than(&old_costs));
                            if kept {
                                incumbent = r.roster;
                            }
                            match r.status {
                                StageStatus::Optimal if proves => (StageStatus::Optimal, bound),
                                _ if at_bound(&incumbent, bound) => (StageStatus::AtBound, bound),
                                StageStatus::Optimal => {
                                    error = Some("the MILP's roster breaks a rule its rows miss".into());
                                    (StageStatus::Failed, bound)
                                }
                                other => (other, bound),
                            }
                        }
                        // HiGHS stopped by the walks at the bound.
                        Err(_) if at_bound(&incumbent, bound) => (StageStatus::AtBound, bound),
                        Err(e) => {
                            error = Some(e.to_string());
                            (StageStatus::Failed, bound)
                        }
                    }
                }
            }
        };
        if !matches!(status, StageStatus::Optimal | StageStatus::AtBound) {
            optimal = false;
        }
        let value = rules::costs(problem, &incumbent).get(tier);
        report(tier.key(), value);
        let bound = match status {
            StageStatus::Optimal => Some(value),
            _ => bound,
        };
        // Later stages may not make this tier worse than what was reached.
        // Nor can they make it better than its proven bound: a row that
        // cuts off no roster, but tightens the later relaxations (gen-large:
        // with its largest burden proven at 6, the spread's relaxation
        // rises from 1.84 to 2.05).
        if !is_constant(&objective) {
            let slack = 1e-6 * value.abs().max(1.0);
            bounds.push((objective.clone() + constant).leq(value + slack));
            if let Some(b) = bound.filter(|&b| b > trivial_bound(tier).unwrap_or(f64::NEG_INFINITY) + 1e-9) {
                bounds.push((objective.clone() + constant).geq(b - 1e-6 * b.abs().max(1.0)));
            }
        }
        let seconds = stage_started.elapsed().as_secs_f64();
        stages.push(Stage { tier, value, status, bound, seconds, error, neighbourhoods });
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

#[cfg(test)]
mod tests {
    use super::testing::legal_start;
    use super::*;

    /// Of two whole models' results, the proven one; else the first, with
    /// the higher bound.
    #[test]
    fn of_two_whole_models_the_proof_and_the_higher_bound_are_kept() {
        let problem = super::super::person::tests::week();
        let roster = legal_start(&problem);
        let result = |status, bound| StageResult { roster: roster.clone(), status, bound };
        let kept = better_proof(result(StageStatus::TimeLimit, Some(3.0)), result(StageStatus::Optimal, Some(7.0)));
        assert_eq!((kept.status, kept.bound), (StageStatus::Optimal, Some(7.0)));
        let kept = better_proof(result(StageStatus::TimeLimit, Some(3.0)), result(StageStatus::TimeLimit, Some(5.0)));
        assert_eq!((kept.status, kept.bound), (StageStatus::TimeLimit, Some(5.0)));
        let kept = better_proof(result(StageStatus::Optimal, Some(7.0)), result(StageStatus::TimeLimit, None));
        assert_eq!((kept.status, kept.bound), (StageStatus::Optimal, Some(7.0)));
    }
}
