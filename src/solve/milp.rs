//! The lexicographic MILP: one model with every rule's rows, minimised tier
//! by tier. After each stage the tier is bounded by the value reached, so
//! later stages cannot make it worse; every stage is warm-started from the
//! incumbent roster.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use good_lp::{
    variable, Expression, IntoAffineExpression, ProblemVariables, ResolutionError, Solution, SolutionStatus,
    SolverModel, Variable, WithInitialSolution, WithTimeLimit,
};

use super::neighbourhood::{merged, Chooser, Neighbourhood, Step};
use super::pool::Pool;
use super::reduced::{Reduced, RowTable};
use super::tandem::Exchange;
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
    report: &dyn Fn(&'static str, f64),
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
        };
        let mut error = None;
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
                // tier only ([`whole_relaxation_above_blocks`]).
                let seconds = remaining * RELAXATION_SHARE;
                let mut in_blocks = None;
                if x.len() > RELAXATION_IN_BLOCKS_ABOVE {
                    let started = Instant::now();
                    in_blocks = stage.block_bound(true, seconds);
                    let left = seconds - started.elapsed().as_secs_f64();
                    if in_blocks.is_none() && whole_relaxation_above_blocks(options.backend, tier) && left > 0.0 {
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
                let proven = stage.search_neighbourhoods(
                    &mut incumbent,
                    tier,
                    lns_deadline,
                    bound,
                    plateau_helps,
                    relaxation.as_ref().map(|r| &r.x[..]),
                );
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
        stages.push(Stage { tier, value, status, bound, seconds: stage_started.elapsed().as_secs_f64(), error });
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

/// Share of a stage's time given to the large-neighbourhood search, by
/// backend and number of assignment variables. microlp gains from the
/// search at every size (Curtois Instance2 in 30 s: 2861 without, 1136
/// with) and its whole-model search rarely moves a roster the search has
/// stopped improving; on the largest models (gen-large) it finds nothing
/// within a stage, so all the time goes to the search. HiGHS solves models
/// up to a few thousand assignments whole better than the search helps
/// (NOC roster: 0.4 s without, 2.4 s with; Curtois Instance5–7 in 60 s,
/// the search guided by the relaxation: 1147–1239, 1952–2043 and
/// 1063–1355 without, 1246, 2249 and 1373 with), but on larger ones its
/// whole-model search barely moves from the start within a minute
/// (Instance8: 17320 without, 2060 with), nor from the search's roster
/// beside the walks (Instance8: 1846 to 1844 in the second half): there
/// the search, guided by the relaxation, takes the whole stage (Instance8
/// and 9: 1455–1548 and 447–458, against 1839–1940 and 481–560 with
/// half). So do the largest (Curtois Instance11–20), where a stage the
/// walks price (the cover tiers) gave the search half and the whole model
/// with the walks beside it the other half until session 31: 30 s, after
/// a quarter of the stage to the walks first ([`person_share`]), two runs
/// each, the whole stage to the search / half: Instance11 3681, 3566 /
/// 4113, 4112; 12 5644, 5814 / 6779, 7038; 13 6914, 5691 / 6571, 5670;
/// 17 7660, 7075 / 11234, 9835; 19 6341, 7074 / 18324, 14908; 20 50367,
/// 48794 / 97024 twice; and half the memory on Instance13 (530 MB / 1008 MB),
/// whose whole model HiGHS no longer builds. A stage the walks do not
/// price (the broken minimums, fairness, wishes) gave the search the
/// whole stage before: HiGHS's whole model of Curtois Instance20 (35 000
/// assignments) met every minimum in some runs and left 48–644 minutes
/// short in others (60 s), where the search, freeing the people short of
/// them, met them 19–25 s into every run; gen-large is still proven
/// (12 s).
fn lns_share(backend: Backend, assignments: usize) -> f64 {
    match backend {
        Backend::Microlp if assignments > 5000 => 1.0,
        Backend::Microlp => 0.8,
        Backend::Highs if assignments > WALKS_BESIDE_UP_TO => 1.0,
        Backend::Highs => 0.0,
    }
}

/// With HiGHS, models up to this many assignments give each cover stage
/// to the whole model with another search beside it (a second whole
/// model up to [`TWIN_WHOLE_UP_TO`], the whole-schedule walks above);
/// larger ones give the stage to the neighbourhood search, after the
/// walks (see [`lns_share`] and [`person_share`]).
const WALKS_BESIDE_UP_TO: usize = 2000;

/// What runs on the other core beside HiGHS's whole model of a cover
/// stage ([`StageModel::whole_with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Beside {
    /// The whole-schedule search ([`super::person`]), which polishes what
    /// HiGHS finds and hands it its best.
    Walks,
    /// A second whole model with another random seed ([`TWIN_SEED`]); the
    /// two trade rosters as HiGHS and the walks do.
    Twin,
}

impl Beside {
    fn for_model(assignments: usize) -> Beside {
        if assignments <= TWIN_WHOLE_UP_TO {
            Beside::Twin
        } else {
            Beside::Walks
        }
    }
}

/// Whether the walks beside HiGHS's whole model follow each round with
/// re-solves of neighbourhoods of their best
/// ([`StageModel::descend_by_neighbourhoods`]), by number of assignments:
/// up to [`WALKS_BESIDE_UP_TO`] (Curtois Instance6 and 7; smaller models
/// run a second whole model instead, [`Beside::Twin`]). Larger models
/// give their cover stages to the neighbourhood search ([`lns_share`]).
fn re_solves_beside_walks(assignments: usize) -> bool {
    assignments <= WALKS_BESIDE_UP_TO
}

/// Whether, with HiGHS, a cover stage first minimises its heaviest terms
/// alone ([`heaviest_terms`], [`StageModel::minimise_heaviest`]), by
/// number of assignments: where the walks run beside the whole model
/// ([`Beside::Walks`], up to [`WALKS_BESIDE_UP_TO`]; Curtois Instance6
/// and 7).
///
/// Curtois Instance7's runs end near 1064 or near 1160: 10 places short
/// or 11, every one of them on a weekend, and what crosses from 11 to 10
/// changes weeks of most people's schedules at once (see
/// [`StageModel::descend_by_neighbourhoods`]). With only the places short
/// to minimise (the 1–3 of the wishes and the 1 of a place over left
/// out), HiGHS proves 10 the least within 13.5–16 s, and the
/// whole model and the walks, started from that roster (1192–1233), keep
/// its 10 and bring the rest down. Session 29, 60 s, runs interleaved,
/// with / without: Instance7 1099, 1063, 1068, 1068, 1063, 1072 against
/// 1175, 1188, 1160, 1270, 1176, 1182; Instance6 1952, 2044, 1956, 2046
/// against 1952, 2043, 1974, 1950. As committed, eight runs: Instance7
/// 1060–1081 in seven, 1169 in one (CP-SAT, 2 workers, that day: 1091);
/// Instance6 1959, 1960, 2042, 2046.
/// On Instance4 and 5 (a second whole model beside, [`Beside::Twin`])
/// the two whole models already reach the least places short, and on
/// Instance8–10 (above the band) HiGHS does not come near it within
/// half a minute (Instance8: 28 places short found, at least 12).
fn heaviest_first(assignments: usize) -> bool {
    Beside::for_model(assignments) == Beside::Walks && assignments <= WALKS_BESIDE_UP_TO
}

/// Share of a stage given to minimising its heaviest terms alone
/// ([`heaviest_first`]); it ends sooner when proven.
const HEAVIEST_FIRST_SHARE: f64 = 0.3;

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
fn heaviest_terms(objective: &Expression) -> Option<Expression> {
    let terms: Vec<(Variable, f64)> = objective.clone().linear_coefficients().filter(|&(_, c)| c != 0.0).collect();
    let heaviest = terms.iter().map(|&(_, c)| c.abs()).fold(0.0, f64::max);
    let lighter = terms.iter().map(|&(_, c)| c.abs()).filter(|&c| c < heaviest).fold(0.0, f64::max);
    let positive = terms.iter().all(|&(_, c)| c.abs() < heaviest || c > 0.0);
    (positive && lighter > 0.0 && heaviest >= HEAVIEST_APART * lighter)
        .then(|| terms.iter().filter(|&&(_, c)| c == heaviest).map(|&(v, _)| v).sum())
}

/// With HiGHS, models up to this many assignments run a second whole
/// model beside the first in place of the walks ([`Beside::Twin`]).
///
/// On Curtois–Qu Instance5 and 7 the runs end on one side of a gap: near
/// 1150 or 1238 (Instance5), near 1064 or 1160 (Instance7), the second of
/// each leaving one more weekend place short. Only a change to more than
/// three weeks of more than half the staff crosses it (session 27: from
/// Instance5's 1238–1244, every pair and triple of people, windows of up
/// to 21 days with everyone free, and random halves of the staff, each
/// re-solved exactly, found nothing near it), and in every traced run the
/// crossing came from HiGHS's whole model, its sub-MIPs or its restart,
/// never from the walks. Whether one run of HiGHS crosses depends on the
/// path its search takes; two runs with different seeds take two. On
/// larger models the walks beside do better. 60 s, session 27, two whole
/// models / the walks beside (every run in
/// `bench-results/highs-60s-curtois4-7-variants-session27.txt`):
/// Instance4 (468 assignments) 1716 three times / the same;
/// Instance5 (676) 1145–1150 in eleven runs of eleven / at most 1160 in 10
/// of 21, 1235–1240 in the others; Instance6 (1040) 2042 three times /
/// 2055, 1952, 1960 (session 26); Instance7 (1248) 1160 four times and
/// 1256 / 1059–1176, below 1080 in two of eight.
const TWIN_WHOLE_UP_TO: usize = 850;

/// HiGHS's `random_seed` for the second whole model (its default is 0).
const TWIN_SEED: i32 = 1;

/// Models above this many assignments solve their relaxation in blocks
/// ([`super::blocks`]): microlp does not solve gen-large's (22 000) whole
/// within a stage's share.
const RELAXATION_IN_BLOCKS_ABOVE: usize = 5000;

/// Whether a model above [`RELAXATION_IN_BLOCKS_ABOVE`] assignments that
/// does not split into blocks has its relaxation solved whole: with HiGHS,
/// for the fairness tiers only, where the bound may close the stage. On
/// the other tiers it costs the search the relaxation's whole share of the
/// stage, for a bound far below any roster and guidance little better than
/// chance: on Curtois–Qu Instance11–20 (cover and requests, 5 300–35 000
/// assignments) the soft cover's relaxation says 3 to 1 203 against best
/// known values of 1 348 to 4 769, and takes 4.7 s (Instance11) to more
/// than the 5.8 s share at 30 s (12, 13, 15, 17, 19, 20); the broken
/// minimums' says 0 after up to 2.5 s (Instance20). 30 s, three runs
/// interleaved, without / with: Instance11 3571, 3662, 3578 / 3778,
/// 3869, 3572; 12 4812, 4720, 5430 / 5211, 5108, 5344; 15 5352, 5059,
/// 4827 / 5264, 5753, 5855; 17 6924, 6626, 6816 / 6723, 7260, 6651; 19
/// 4314, 6575, 4709 / 5275, 5373, 6308.
fn whole_relaxation_above_blocks(backend: Backend, tier: Tier) -> bool {
    backend == Backend::Highs && matches!(tier, Tier::MaxBurden | Tier::Spread)
}

/// Models up to this many assignments try the column bound on the spread
/// ([`super::columns`]); beyond it, listing schedules is hopeless.
const COLUMNS_UP_TO: usize = 2000;
/// Share of what is left of a stage the column bound may take.
const COLUMNS_SHARE: f64 = 0.5;

/// The column bound on the spread ([`super::columns`]), when it proves
/// something before `deadline`. A roster of up to [`COLUMNS_UP_TO`]
/// assignments is listed whole, to prove the incumbent's spread optimal.
/// A larger one is listed by its small groups of people (those who share
/// slots with no one else), any of which may prove that no roster has a
/// spread below `question` units: the search there has rarely reached the
/// optimum when this runs, but the bound is often one unit short
/// (gen-large: its relaxation says 2.25, its 10 leaders' schedules 2.5).
/// The lower the question, the fewer schedules each person has in its
/// range, and the sooner it is answered.
fn columns_spread(
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
        let exported = super::export::of_model(model);
        return super::columns::spread_is_optimal(problem, &exported, &earlier, units, None, deadline)
            .then_some(units as f64 * problem.burden_unit);
    }
    let groups = super::columns::small_groups(model, COLUMNS_UP_TO);
    if question > units || groups.is_empty() {
        return None;
    }
    let exported = super::export::of_model(model);
    groups
        .iter()
        .take_while(|_| Instant::now() < deadline)
        .any(|group| super::columns::spread_is_optimal(problem, &exported, &earlier, question, Some(group), deadline))
        .then_some(question as f64 * problem.burden_unit)
}

/// What the column bound asks of a large roster's spread, in burden units:
/// whether it can be below the unit above the bound.
fn spread_question(unit: f64, bound: Option<f64>) -> i64 {
    bound.map_or(1, |b| (b / unit - 1e-6).ceil() as i64 + 1)
}

/// The roster's spread in burden units.
fn spread_units(problem: &Problem, roster: &Roster) -> i64 {
    (rules::costs(problem, roster).get(Tier::Spread) / problem.burden_unit).round() as i64
}

/// Whether the plateau search runs before the LP relaxation, where there
/// is a floor to aim at: on models up to [`PLATEAU_FIRST_UP_TO`]
/// assignments, and on the spread at every size, where the column bound
/// may then prove the plateau's roster without the relaxation.
fn plateau_goes_first(tier: Tier, assignments: usize) -> bool {
    assignments <= PLATEAU_FIRST_UP_TO || tier == Tier::Spread
}

/// What the column bound needs from the stages before the spread: None
/// unless the largest burden's stage has run.
fn columns_earlier(problem: &Problem, stages: &[Stage]) -> Option<super::columns::Earlier> {
    let largest = stages.iter().find(|s| s.tier == Tier::MaxBurden)?;
    let units = |points: f64| (points / problem.burden_unit).round() as i64;
    Some(super::columns::Earlier {
        largest_at_least: units(largest.bound.unwrap_or(0.0)),
        largest_at_most: units(largest.value),
        values: stages.iter().filter(|s| s.tier < Tier::MaxBurden).map(|s| (s.tier, s.value)).collect(),
    })
}

/// Whether the whole-schedule search runs column generation
/// ([`super::pricing`]) between its walks, by backend and number of
/// assignments.
///
/// HiGHS: only above [`RELAXATION_IN_BLOCKS_ABOVE`]. Below it, the time it
/// takes from the walks' core (a third of it) costs more than its
/// schedules bring: the same day, 60 s, Curtois Instance7 ended at
/// 1400–1451 in seven runs with it (1451 in five) and 1163–1411 in eight
/// without; Instance8 at 1748 and 1842 with it, 1552–1657 in four runs of
/// five without (the fifth 1833); Instance5, 6, 9 and 10 about even.
/// Its master there stays far below what the walks reach (Instance7:
/// 862 against 1451, Instance5: 977 against 1242). Above it (Curtois
/// Instance11–20) it gained on nine of ten when it came in (session 12).
///
/// microlp: up to [`WALKS_BESIDE_UP_TO`], where no whole model runs beside
/// the walks and their re-solves are what the stage rests on. On Curtois
/// Instance3 (60 s) the walks settle at about 1100 and the re-solves over
/// their pool stop at 1002 or 1003 (six runs of six): the optimum's
/// schedules are not in it; with the priced ones, 1001 in seven runs of
/// ten, 1002 once and 1003 twice. Instance4–7 about even (session 21,
/// with / without: Instance5 1339, 1248, 1242, 1441 / 1345, 1342, 1335;
/// Instance7 1313, 1218, 1128 / 1205, 1208, 1306). Larger models were
/// not measured with it.
fn prices_columns(backend: Backend, assignments: usize) -> bool {
    match backend {
        Backend::Microlp => assignments <= WALKS_BESIDE_UP_TO,
        Backend::Highs => assignments > RELAXATION_IN_BLOCKS_ABOVE,
    }
}

/// Models up to this many assignments run the plateau search before the
/// LP relaxation when there is a floor to aim at. On gen-large (22 000)
/// its walks run out without reaching the floor, and the time they take
/// before the LP left HiGHS too little to prove the largest burden.
const PLATEAU_FIRST_UP_TO: usize = 5000;

/// Share of what is left of a fairness stage the blocks' MILPs may take.
const BLOCK_MILPS_SHARE: f64 = 0.3;

/// Share of what is left of a stage given to the plateau search.
const PLATEAU_SHARE: f64 = 0.25;

/// Share of a stage the whole-schedule search may take first (microlp).
/// The re-solves after it rarely move what it leaves on Curtois–Qu; the
/// search stops early when it reaches the bound or stops finding better
/// rosters, and the rest flows on.
const PERSON_SHARE: f64 = 0.8;

/// Share of a stage the whole-schedule search may take first, by backend
/// and number of assignment variables. microlp: see [`PERSON_SHARE`].
/// HiGHS, where the neighbourhood search takes the whole stage (above
/// [`WALKS_BESIDE_UP_TO`] assignments): the
/// re-solves of a few people or days descend from the construction one
/// small step at a time (Curtois Instance10: still falling at the end of
/// 60 s, 27 009 to 4 958), where the walks reach the same ground in a few
/// seconds; with a quarter of the stage to the walks first, Instance10
/// ends at 4 676–4 772 (a tenth: 4 970; two fifths: 4 760 with Instance8
/// at 1 639). Below that the walks run beside HiGHS's whole model
/// instead (`whole_with`): given half of the stage before it, they
/// cost Instance8 and 9 (2046 and 590 against 1759 and 473 at 60 s) for
/// a gain on Instance7 (1161 against 1355).
fn person_share(backend: Backend, assignments: usize) -> f64 {
    match backend {
        Backend::Microlp => PERSON_SHARE,
        // The band is lns_share's: where the search has the whole of a
        // stage the walks price.
        Backend::Highs if lns_share(backend, assignments) >= 1.0 => HIGHS_PERSON_SHARE,
        Backend::Highs => 0.0,
    }
}

/// The whole-schedule search's share with HiGHS (see [`person_share`]).
const HIGHS_PERSON_SHARE: f64 = 0.25;

/// Rounds of walks, each followed by a re-solve over the schedules they
/// met, that the whole-schedule search's time is cut into: one walk on
/// Curtois Instance8 runs for over 25 s, and its schedules are worth
/// choosing from long before it ends.
const ROUNDS: f64 = 8.0;

/// The longest slice of the whole-schedule search beside HiGHS
/// ([`super::tandem`]): the two trade rosters between slices, and HiGHS
/// prunes with the walks' best. On Curtois Instance7 (HiGHS at 60 s) the
/// slices of a fixed share (7 s) gave 1301–1323, 4 s 1323, 3 s 1261, 2 s
/// 1157–1163, 1 s 1262; Instance10 at 2 s: 4676–5026.
const TANDEM_SLICE: Duration = Duration::from_secs(2);

/// HiGHS's `mip_heuristic_effort` (its default 0.05: the share of its
/// branch and bound given to primal heuristics) on the whole model beside
/// the walks ([`super::tandem`]). There the walks polish whatever HiGHS
/// finds, and what they lack is HiGHS's jumps to other regions: on Curtois
/// Instance6 both sides settle at 2141–2143 with the default, and HiGHS
/// alone (one thread, 55 s) ends at 2139 with it and at 2043 with 0.3
/// (Instance7: 1451 and 1257). Only models that run the whole model beside
/// the walks see it: up to [`WALKS_BESIDE_UP_TO`] assignments (Curtois
/// Instance4–7); larger models give their cover stages to the
/// neighbourhood search (since session 31 also Instance11–13, 15, 17, 19
/// and 20, which gave it half until then). Side by side at 0.3, 60 s, the same day
/// (session 23): Instance6 2047, 2140, 2138, 2140 against 2143, 2141,
/// 2142, 2142; Instance4 1716 twice (the default: five of five); Instance5
/// and 7 within their spread (1151–1238 against 1150–1240; 1066–1300
/// against 1070–1191). At 30 s, one or two runs each: ahead on 11, 12, 13
/// and 17 (13: 10030 against 13796), behind on 15, 19 and 20 by 2–7 %.
/// Both whole models of [`Beside::Twin`] run with it.
#[cfg(feature = "highs")]
const TRADING_HEURISTIC_EFFORT: f64 = 0.3;

/// Rounds in a row that found nothing better after which the whole-schedule
/// search stops: a stage whose bound the walks cannot reach (an LP bound
/// below the optimum) goes on to the exact re-solves.
const FRUITLESS_ROUNDS: usize = 4;

/// Schedules per person in the first re-solve over the pool: it doubles
/// while the re-solves prove their optimum quickly and halves when they run
/// out of time (Curtois Instance3 needs 32 to reach its optimum; 64 already
/// takes microlp over 2 s on Instance5).
const POOL_FIRST: usize = 2;

/// Rounds of re-solves without a better roster after which the plateau
/// search walks again from the incumbent.
const PLATEAU_AGAIN_AFTER: usize = 10;

/// Whether the neighbourhood search keeps each core on its own
/// ([`StageModel::search_neighbourhoods_apart`]) rather than in rounds: with
/// HiGHS, on the models whose stages it has whole ([`lns_share`]). Curtois
/// Instance8–10 at 60 s, one run each: 1349, 449, 4764 against 1446, 451,
/// 4775 in rounds; Instance11, 13, 19, 20 at 30 s, two runs each: 3660 and
/// 3670, 4482 and 3691, 4705 and 6841, 20232 and 15479 against 3791 and
/// 3483, 4374 and 4089, 6162 and 6337, 23053 and 23767.
fn re_solves_apart(backend: Backend, assignments: usize) -> bool {
    backend == Backend::Highs && lns_share(backend, assignments) >= 1.0
}

/// The plateau search's part in the neighbourhood search.
struct Walks {
    /// Whether it found anything the last time it followed a gain.
    plateau_helps: bool,
    /// Re-solves (or rounds of them) since the last gain.
    stalled: usize,
    /// How many of them before it walks again from the incumbent.
    patience: usize,
}

impl Walks {
    /// After a re-solve or a round of them: with a gain, the plateau search
    /// where it helps; after `patience` without, a walk from another seed.
    #[allow(clippy::too_many_arguments)]
    fn after(
        &mut self,
        model: &MilpModel<'_>,
        incumbent: &mut Roster,
        best: &mut (f64, usize),
        improved: bool,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        seed: u64,
    ) {
        if improved && self.plateau_helps {
            // A re-solve that moved the incumbent often opens moves the
            // plateau search finishes faster than further re-solves — on
            // rosters where it helps at all: where hard minimums leave
            // single moves little room (Curtois), it only takes time from
            // the re-solves.
            self.plateau_helps = super::plateau::search(model, incumbent, tier, deadline, bound, seed);
            *best = progress(model.problem, incumbent, tier);
            self.stalled = 0;
        } else if improved {
            self.stalled = 0;
        } else {
            self.stalled += 1;
            if self.stalled >= self.patience {
                // Re-solves that have stopped helping: a walk from another
                // seed often finds what they do not (gen-large: 37 wishes
                // after 17 s of re-solves, where 35 exists).
                self.stalled = 0;
                if super::plateau::search(model, incumbent, tier, deadline, bound, seed) {
                    *best = progress(model.problem, incumbent, tier);
                }
            }
        }
    }
}

/// Longest single re-solve of a neighbourhood, in seconds.
const LNS_STEP: f64 = 0.4;

/// One stage's MILP: the model, the bounds of the earlier tiers and this
/// tier's objective.
#[derive(Clone, Copy)]
struct StageModel<'m, 'p> {
    model: &'m MilpModel<'p>,
    bounds: &'m [good_lp::Constraint],
    /// Rows that order interchangeable people: for the whole model only.
    symmetry: &'m [good_lp::Constraint],
    objective: &'m Expression,
    /// The tier's constant part: objective + constant = the tier's cost.
    constant: f64,
    x: &'m [(usize, usize, Variable)],
    backend: Backend,
    /// Every feasible objective value is a multiple of this (see
    /// [`granularity`]), so bounds round up to it.
    step: Option<f64>,
    /// HiGHS's threads for the whole model and the pool's re-solves.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    threads: i32,
    /// Where HiGHS and the walks beside it trade rosters
    /// ([`super::tandem`]).
    exchange: Option<&'m Exchange<'p>>,
    /// HiGHS's `random_seed`: 0 (its default) but for the second whole
    /// model beside the first ([`TWIN_WHOLE_UP_TO`]).
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    highs_seed: i32,
    /// The model's rows and the bounds, numbered for the re-solves
    /// ([`RowTable`]) when the first needs them.
    table: &'m OnceLock<RowTable>,
}

/// The LP relaxation of a stage: its bound, and where it puts each x.
struct Relaxed {
    bound: f64,
    /// The relaxation's value of each x, in the order of `StageModel::x`.
    x: Vec<f64>,
}

impl StageModel<'_, '_> {
    /// Large-neighbourhood search: keeps most of the incumbent as it is,
    /// frees a neighbourhood (see [`super::neighbourhood`]) and solves that
    /// small MILP exactly for the stage's objective; two neighbourhoods at
    /// a time when there are two cores. An answer is kept when it is legal
    /// and no worse (an equal one moves the search elsewhere). Returns true
    /// when a neighbourhood holding the whole roster was solved to
    /// optimality: the stage is then proven.
    fn search_neighbourhoods(
        &self,
        incumbent: &mut Roster,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        plateau_helps: bool,
        relaxation: Option<&[f64]>,
    ) -> bool {
        let problem = self.model.problem;
        if problem.staff.len() < 2 {
            return false;
        }
        let mut chooser = Chooser::new(self.model, tier);
        if let Some(lp) = relaxation {
            chooser.guide(self.x.iter().zip(lp).map(|(&(p, s, _), &value)| (p, s, value)).collect());
        }
        let parallel = super::cores();
        if parallel > 1 && re_solves_apart(self.backend, self.x.len()) {
            return self.search_neighbourhoods_apart(incumbent, tier, deadline, bound, chooser, plateau_helps);
        }
        let mut best = progress(problem, incumbent, tier);
        let reached = |p: &(f64, usize)| bound.is_some_and(|b| p.0 <= b + 1e-9);
        let mut walks = Walks { plateau_helps, stalled: 0, patience: PLATEAU_AGAIN_AFTER };
        while !reached(&best) {
            let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < 0.01 {
                break;
            }
            let step = left.min(LNS_STEP);
            let before = best;
            let tries: Vec<Neighbourhood> = (0..parallel).map(|_| chooser.next(incumbent)).collect();
            let start = &*incumbent;
            let results: Vec<Result<StageResult, ResolutionError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = tries
                    .iter()
                    .map(|n| {
                        scope.spawn(move || {
                            let surrogate = Surrogate::new(problem, start, tier, n);
                            self.run(&self.fixing(start, n), surrogate.as_ref(), None, start, step)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| Err(ResolutionError::Str("the re-solve panicked".into()))))
                    .collect()
            });
            let mut winner: Option<Roster> = None;
            let mut proven = false;
            for (neighbourhood, result) in tries.iter().zip(results) {
                let step = match result {
                    Ok(r) => {
                        let reached = progress(problem, &r.roster, tier);
                        let legal = super::illegal(problem, &r.roster).is_empty();
                        if legal && reached < best {
                            best = reached;
                            winner = Some(r.roster);
                            Step::Improved
                        } else {
                            // An equal roster moves the search elsewhere.
                            if legal && winner.is_none() && reached == best && r.roster != *incumbent {
                                winner = Some(r.roster);
                            }
                            if r.status == StageStatus::Optimal {
                                // Its optimum is the stage's optimum: nothing
                                // is better than what `best` now holds.
                                proven |= chooser.is_everything(neighbourhood)
                                    && tier_objective(tier)
                                    && reached.0 >= best.0 - 1e-9;
                                Step::Exhausted
                            } else {
                                Step::Stopped
                            }
                        }
                    }
                    Err(_) => Step::Stopped,
                };
                chooser.learn(neighbourhood, step);
            }
            let improved = best < before;
            if let Some(r) = winner {
                *incumbent = r;
            }
            if proven {
                return true;
            }
            walks.after(self.model, incumbent, &mut best, improved, tier, deadline, bound, chooser.round() as u64);
        }
        false
    }

    /// [`Self::search_neighbourhoods`] with each core on its own instead
    /// of in rounds: a worker frees a neighbourhood of the incumbent as it
    /// is when the worker starts, and lays its answer onto the incumbent as
    /// it is when it ends, with what the other worker changed meanwhile
    /// ([`merged`]). Rounds in step left a core idle while the other's
    /// re-solve ran on: 20–23 % of the search's time on Curtois Instance13
    /// and 20. What a worker finds then depends on timing, as a re-solve
    /// stopped at its time limit already makes it; small rosters, whose
    /// re-solves end well within it, keep the rounds and their
    /// deterministic results.
    fn search_neighbourhoods_apart(
        &self,
        incumbent: &mut Roster,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        chooser: Chooser<'_>,
        plateau_helps: bool,
    ) -> bool {
        let problem = self.model.problem;
        let parallel = super::cores();
        let reached = |p: &(f64, usize)| bound.is_some_and(|b| p.0 <= b + 1e-9);
        struct Shared<'p> {
            incumbent: Roster,
            best: (f64, usize),
            chooser: Chooser<'p>,
            walks: Walks,
            proven: bool,
        }
        let shared = std::sync::Mutex::new(Shared {
            best: progress(problem, incumbent, tier),
            incumbent: incumbent.clone(),
            chooser,
            // Counted in re-solves, not rounds of `parallel`.
            walks: Walks { plateau_helps, stalled: 0, patience: PLATEAU_AGAIN_AFTER * parallel },
            proven: false,
        });
        let work = || loop {
            let (neighbourhood, start, from, step) = {
                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
                if s.proven || reached(&s.best) || left < 0.01 {
                    return;
                }
                let start = s.incumbent.clone();
                (s.chooser.next(&start), start, s.best, left.min(LNS_STEP))
            };
            let surrogate = Surrogate::new(problem, &start, tier, &neighbourhood);
            let result = self.run(&self.fixing(&start, &neighbourhood), surrogate.as_ref(), None, &start, step);
            // Checked before the lock: the other worker need not wait.
            let result = result.map(|r| {
                let reached = progress(problem, &r.roster, tier);
                let legal = super::illegal(problem, &r.roster).is_empty();
                (r, reached, legal)
            });
            let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
            let before = s.best;
            let step = match result {
                Ok((r, reached, legal)) => {
                    // Onto the incumbent as it is now; the answer as it is
                    // where the two changed the same places.
                    let rebased = if s.incumbent == start { None } else { merged(&start, &r.roster, &s.incumbent) };
                    let rebased = rebased.map(|b| (progress(problem, &b, tier), b)).filter(|(value, b)| {
                        *value <= reached && *value <= s.best && super::illegal(problem, b).is_empty()
                    });
                    let answer = rebased.or_else(|| legal.then_some((reached, r.roster)));
                    if let Some((value, roster)) = answer {
                        // An equal roster moves the search elsewhere.
                        if value < s.best || (value == s.best && roster != s.incumbent) {
                            s.best = value;
                            s.incumbent = roster;
                        }
                    }
                    if legal && reached < from {
                        Step::Improved
                    } else if r.status == StageStatus::Optimal {
                        // Its optimum is the stage's optimum: nothing is
                        // better than what `best` now holds.
                        s.proven |= s.chooser.is_everything(&neighbourhood)
                            && tier_objective(tier)
                            && reached.0 >= s.best.0 - 1e-9;
                        Step::Exhausted
                    } else {
                        Step::Stopped
                    }
                }
                Err(_) => Step::Stopped,
            };
            s.chooser.learn(&neighbourhood, step);
            let improved = s.best < before;
            let seed = s.chooser.round() as u64;
            let Shared { incumbent, best, walks, .. } = &mut *s;
            walks.after(self.model, incumbent, best, improved, tier, deadline, bound, seed);
        };
        std::thread::scope(|scope| {
            for _ in 0..parallel {
                // A re-solve that panics ends its worker only, as a round's
                // does its neighbourhood; the other keeps searching.
                scope.spawn(move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_ok());
            }
        });
        let s = shared.into_inner().unwrap_or_else(|e| e.into_inner());
        *incumbent = s.incumbent;
        s.proven
    }

    /// The whole-schedule search ([`super::person`]) in [`ROUNDS`] slices
    /// of time, each followed (where [`prices_columns`]) by column
    /// generation over the schedules the walks met, for as long as the
    /// walks took, and by re-solves that pick the best mix of them and of
    /// the schedules the last master LP mixed ([`Pool`]), again for as long
    /// as the walks took, and beside HiGHS on a model of up to
    /// [`WALKS_BESIDE_UP_TO`] assignments by re-solves of neighbourhoods of
    /// the best roster ([`Self::descend_by_neighbourhoods`]), once more for
    /// as long as the walks took;
    /// until the deadline, the bound, or [`FRUITLESS_ROUNDS`] rounds in a
    /// row that found nothing better. A re-solve's optimum is the best
    /// over the pool only, so its bound is no bound on the stage.
    fn search_whole_schedules(
        &self,
        incumbent: &mut Roster,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        seed: u64,
    ) {
        let problem = self.model.problem;
        let at_bound = |r: &Roster| bound.is_some_and(|b| rules::costs(problem, r).get(tier) <= b + 1e-9);
        let Some(mut search) = super::person::Search::new(self.model, tier, deadline, bound, seed) else { return };
        if let Some(exchange) = self.exchange {
            search = search.alongside(exchange.halt_flag());
        }
        let halted = || self.exchange.is_some_and(|e| e.halted());
        // The exchange's version this side last saw.
        let mut seen = 0;
        // Every walk starts from the stage's start, not from the best so
        // far: walks from one roster settle close to it, and the pool
        // needs schedules from many different local optima. Beside
        // HiGHS, a roster of HiGHS's better than the walks' best becomes
        // the start (see below).
        let mut start = incumbent.clone();
        let mut slice = deadline.saturating_duration_since(Instant::now()).div_f64(ROUNDS);
        if self.exchange.is_some() {
            slice = slice.min(TANDEM_SLICE);
        }
        let mut most = POOL_FIRST;
        let mut fruitless = 0;
        // Beside HiGHS, the walks' core has nothing else to do: they go on
        // however long they find nothing.
        let tireless = self.exchange.is_some();
        // Column generation where [`prices_columns`] says, until a master
        // LP is not solved within its time (Curtois Instance13 with HiGHS:
        // 260 000 rows, a second or more each).
        let mut pricing = prices_columns(self.backend, self.x.len());
        // Beside HiGHS, re-solves of neighbourhoods of the walks' best
        // follow each round ([`Self::descend_by_neighbourhoods`]).
        let mut chooser =
            self.exchange.filter(|_| re_solves_beside_walks(self.x.len())).map(|_| Chooser::new(self.model, tier));
        while (fruitless < FRUITLESS_ROUNDS || tireless)
            && Instant::now() < deadline
            && !at_bound(incumbent)
            && !halted()
        {
            let walked = Instant::now();
            let mut improved = search.walk(&start, incumbent, walked + slice);
            // HiGHS's best, beside: its schedules join the pool's.
            if let Some((version, roster)) = self.exchange.and_then(|e| e.newer_than(seen)) {
                seen = version;
                search.meet(&roster);
                if rules::costs(problem, &roster).compare_up_to(&rules::costs(problem, incumbent), tier).is_lt() {
                    // The walks start again from it: HiGHS's branch and
                    // bound finds rosters in regions the walks have not
                    // been to, and the local optima around one are new to
                    // the pool, where the walks from the stage's start
                    // only descend slowly towards it (Curtois Instance7,
                    // 60 s: 1162, 1287, 1165, 1165 against 1305, 1263,
                    // 1182, 1370 walking on from the start).
                    start = roster.clone();
                    search.restart();
                    *incumbent = roster;
                }
            }
            let seconds = walked.elapsed().min(deadline.saturating_duration_since(Instant::now())).as_secs_f64();
            // The master LP's mix of whole schedules: on Curtois Instance5
            // it comes to about 1143 (the best known) where the compact
            // relaxation says 15, and the schedules it mixes are what the
            // re-solves lacked.
            if pricing {
                let until = (Instant::now() + walked.elapsed()).min(deadline);
                pricing = self.generate_columns(&mut search, incumbent, until);
            }
            // Up to as long as the walks took, each re-solve with twice as
            // many schedules per person as the last while they are proven
            // quickly: a larger pool holds better mixes.
            let resolves_end = Instant::now() + Duration::from_secs_f64(seconds);
            let pool = &search.pool;
            while pool.choices() > 0 && !at_bound(incumbent) && !halted() && Instant::now() < resolves_end {
                let solved = Instant::now();
                let seconds = resolves_end.saturating_duration_since(solved).as_secs_f64();
                let result = self.run(&HashMap::new(), None, Some((pool, most)), incumbent, seconds);
                let quick = solved.elapsed().as_secs_f64() < seconds / 4.0;
                let Ok(r) = result else {
                    most = (most / 2).max(1);
                    break;
                };
                if improves_on(problem, &r.roster, incumbent, tier) {
                    *incumbent = r.roster;
                    improved = true;
                }
                if r.status != StageStatus::Optimal {
                    most = (most / 2).max(1);
                    break;
                }
                if !quick || most >= pool.widest() {
                    break;
                }
                most *= 2;
            }
            if let Some(chooser) = chooser.as_mut() {
                let until = (Instant::now() + Duration::from_secs_f64(seconds)).min(deadline);
                improved |= self.descend_by_neighbourhoods(chooser, incumbent, tier, bound, until);
            }
            if improved {
                seen = self.exchange.and_then(|e| e.offer(incumbent)).unwrap_or(seen);
            }
            fruitless = if improved { 0 } else { fruitless + 1 };
        }
        if at_bound(incumbent) {
            if let Some(exchange) = self.exchange {
                exchange.offer(incumbent);
                exchange.halt();
            }
        }
    }

    /// Re-solves of neighbourhoods of `incumbent` ([`super::neighbourhood`]),
    /// one at a time on this core, until `until`, the bound, or the
    /// exchange's halt: each better legal roster becomes the incumbent.
    /// Whether any did.
    ///
    /// The walks' side of the whole model beside HiGHS runs them after each
    /// round's walks and pool re-solves, for as long as the walks took. On
    /// Curtois–Qu Instance7 (HiGHS, 60 s) the runs end either near 1064
    /// or near 1160, one under-covered weekend place apart, and what
    /// crosses from one to the other is a change over a week or more of
    /// everyone's days at once: HiGHS's own heuristics found it in about
    /// half the runs, and the walks, which move one person's schedule at a
    /// time, never. A traced run with the re-solves went from 1167 to 1089
    /// by a window of 11 days with everyone free. 60 s, runs interleaved,
    /// with / without: session 28, Instance7 at most 1080 in 6 runs of 8
    /// (1062–1172, median 1070) against 3 of 8 (1062–1170, median 1159),
    /// and in 6 of 15 more runs that day (1059–1191),
    /// Instance6 at most 1958 in 4 of 6 (1950–2045, once at the best known
    /// 1950) against 2 of 6 (1951–2047); session 26, Instance7 at most
    /// 1082 in 11 runs of 17 against 8 of 19. On Instance5 they cost more
    /// than they brought (session 27: at most 1160 in 2 runs of 8 against
    /// 6), but there a second whole model takes this core ([`Beside`]).
    fn descend_by_neighbourhoods(
        &self,
        chooser: &mut Chooser<'_>,
        incumbent: &mut Roster,
        tier: Tier,
        bound: Option<f64>,
        until: Instant,
    ) -> bool {
        let problem = self.model.problem;
        let at_bound = |r: &Roster| bound.is_some_and(|b| rules::costs(problem, r).get(tier) <= b + 1e-9);
        let halted = || self.exchange.is_some_and(|e| e.halted());
        let mut improved = false;
        while !at_bound(incumbent) && !halted() {
            let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < 0.01 {
                break;
            }
            let neighbourhood = chooser.next(incumbent);
            let surrogate = Surrogate::new(problem, incumbent, tier, &neighbourhood);
            let fixed = self.fixing(incumbent, &neighbourhood);
            let step = match self.run(&fixed, surrogate.as_ref(), None, incumbent, left.min(LNS_STEP)) {
                Ok(r) if improves_on(problem, &r.roster, incumbent, tier) => {
                    *incumbent = r.roster;
                    improved = true;
                    Step::Improved
                }
                Ok(r) if r.status == StageStatus::Optimal => Step::Exhausted,
                _ => Step::Stopped,
            };
            chooser.learn(&neighbourhood, step);
        }
        improved
    }

    /// The stage's roster with the least of `heaviest` (its heaviest terms
    /// alone, [`heaviest_terms`]) that the whole model finds within
    /// `seconds`, from `start`, which must keep the symmetry rows; the
    /// earlier tiers' rows hold as in every re-solve. None when it finds
    /// none. The caller keeps it only through [`improves_on`], which also
    /// checks every rule.
    fn minimise_heaviest(&self, heaviest: &Expression, start: &Roster, seconds: f64) -> Option<Roster> {
        let first =
            StageModel { objective: heaviest, constant: 0.0, step: granularity(&self.model.vars, heaviest), ..*self };
        Some(first.run(&HashMap::new(), None, None, start, seconds).ok()?.roster)
    }

    /// Column generation over the walks' pool ([`super::pricing`]) until
    /// `until`, or until no schedule would lower the master LP; the
    /// schedules the last master mixed are the re-solves' to choose.
    /// False when not even the first master LP was solved in time.
    fn generate_columns(&self, search: &mut super::person::Search, incumbent: &Roster, until: Instant) -> bool {
        let halted = || self.exchange.is_some_and(|e| e.halted());
        let (model, bounds, objective, pool) = (self.model, self.bounds, self.objective, &search.pool);
        match self.backend {
            Backend::Microlp => {
                let mut master = super::pricing::dual::DualMaster::new(model, bounds, objective, pool, incumbent);
                super::pricing::generate(&mut master, search, incumbent, until, &halted)
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                let Ok(mut master) = super::pricing::highs::HighsMaster::new(model, bounds, objective, pool, incumbent)
                else {
                    return false;
                };
                super::pricing::generate(&mut master, search, incumbent, until, &halted)
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => false,
        }
    }

    /// The whole model, by HiGHS on one core, and beside it on the other
    /// ([`super::tandem`]) the whole-schedule search or a second whole
    /// model ([`Beside`]), for at most `seconds`: HiGHS's result (of two
    /// whole models, the better proof), and the best roster the other side
    /// holds at the end.
    fn whole_with(
        &self,
        beside: Beside,
        incumbent: &Roster,
        tier: Tier,
        bound: Option<f64>,
        seconds: f64,
        seed: u64,
    ) -> (Result<StageResult, ResolutionError>, Roster) {
        let exchange = Exchange::new(self.model.problem, tier);
        exchange.offer(incumbent);
        let tandem = StageModel { threads: 1, exchange: Some(&exchange), ..*self };
        let twin = StageModel { highs_seed: TWIN_SEED, ..tandem };
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let whole_model = |stage: StageModel| {
            let result = stage.run(&HashMap::new(), None, None, incumbent, seconds);
            // The first to end (proven, or out of time) ends the other.
            exchange.halt();
            result
        };
        let mut walked = incumbent.clone();
        // Both on threads of their own: HiGHS sets its thread count once
        // per thread, and this one's is two.
        let (result, beside) = std::thread::scope(|scope| {
            let beside = scope.spawn(|| match beside {
                Beside::Twin => Some(whole_model(twin)),
                Beside::Walks => {
                    tandem.search_whole_schedules(&mut walked, tier, deadline, bound, seed);
                    None
                }
            });
            let whole = scope.spawn(|| whole_model(tandem));
            let result = whole.join().unwrap_or_else(|_| Err(ResolutionError::Str("the whole model panicked".into())));
            // A side that panicked loses only what it found.
            (result, beside.join().ok().flatten())
        });
        match beside {
            Some(Ok(other)) => {
                let walked = other.roster.clone();
                let result = match result {
                    Ok(first) => better_proof(first, other),
                    Err(_) => other,
                };
                (Ok(result), walked)
            }
            _ => (result, walked),
        }
    }

    /// The incumbent's value of every x outside a neighbourhood.
    fn fixing(&self, incumbent: &Roster, neighbourhood: &Neighbourhood) -> HashMap<Variable, f64> {
        let problem = self.model.problem;
        self.x
            .iter()
            .filter(|&&(p, s, _)| !neighbourhood.frees(problem, p, s))
            .map(|&(p, s, v)| (v, if incumbent.holds(p, s) { 1.0 } else { 0.0 }))
            .collect()
    }

    /// The model's variables; when `relax`, without integrality.
    fn variables(&self, relax: bool) -> ProblemVariables {
        let mut vars = ProblemVariables::new();
        for (_, def) in self.model.vars.iter_variables_with_def() {
            let copy = variable().min(def.get_min()).max(def.get_max());
            vars.add(if def.is_integer() && !relax { copy.integer() } else { copy });
        }
        vars
    }

    /// Solves the stage, with the variables in `fixed` pinned, from the
    /// incumbent, for at most `seconds`.
    /// With a `pool`, each pooled person takes one of their schedules
    /// there ([`Pool::link`]) and everyone else keeps theirs.
    fn run(
        &self,
        fixed: &HashMap<Variable, f64>,
        surrogate: Option<&Surrogate>,
        pool: Option<(&Pool, usize)>,
        incumbent: &Roster,
        seconds: f64,
    ) -> Result<StageResult, ResolutionError> {
        let mut vars = self.variables(false);
        let mut rows = Vec::new();
        let objective = match surrogate {
            Some(s) => s.objective(self.model, &mut vars, &mut rows),
            None => self.objective.clone(),
        };
        let mut fixed = std::borrow::Cow::Borrowed(fixed);
        let mut start = Vec::new();
        let mut chosen = HashMap::new();
        let mut choices = Vec::new();
        // Each pooled person takes one choice (and with HiGHS each pooled
        // x is its choices' sum).
        let mut choice_rows = Vec::new();
        if let Some((pool, most)) = pool {
            let linked = pool.link(self.model, &mut vars, incumbent, most);
            choice_rows = linked.rows;
            fixed.to_mut().extend(linked.fixed);
            start = linked.start;
            if matches!(self.backend, Backend::Microlp) {
                chosen = linked.chosen.into_iter().collect();
                choices = linked.choices;
            } else {
                // HiGHS's presolve substitutes the x itself; checking the
                // schedules here cost more than the solve on large models
                // (Curtois Instance12: 0.1–0.18 s a re-solve, where HiGHS
                // then took 0.02–0.07 s; about 19 700 rows stayed).
                choice_rows.extend(linked.chosen.into_iter().map(|(x, sum)| (Expression::from(x) - sum).eq(0.0)));
            }
        }
        let prune = !fixed.is_empty() || !chosen.is_empty();
        // The symmetry rows would cut off the incumbent's own schedules.
        let symmetry = if prune || pool.is_some() { &[][..] } else { self.symmetry };
        let no_table = RowTable::default();
        let (table, beside, objective): (&RowTable, Vec<good_lp::Constraint>, Expression) = if chosen.is_empty() {
            let table = self
                .table
                .get_or_init(|| RowTable::new(&self.model.vars, self.model.constraints.iter().chain(self.bounds)));
            (table, symmetry.iter().cloned().chain(rows).chain(choice_rows).collect(), objective)
        } else {
            let all_rows = self.model.constraints.iter().chain(self.bounds).chain(symmetry).cloned().chain(rows);
            let over = super::choices::over_choices(&vars, all_rows, &objective, &chosen, &choices, &fixed);
            let fixed = fixed.to_mut();
            fixed.extend(chosen.keys().map(|&x| (x, 0.0)));
            fixed.extend(over.ruled_out.iter().map(|&c| (c, 0.0)));
            (&no_table, over.rows.into_iter().chain(choice_rows).collect(), over.objective)
        };
        // The choices stand for the pooled x, which are pinned away.
        let decisions: Vec<Variable> = self.x.iter().map(|&(_, _, v)| v).chain(choices.into_iter().flatten()).collect();
        let Reduced { vars, rows, objective, renamed, pinned } =
            Reduced::new(vars, &fixed, table, beside.into_iter(), objective, &decisions, prune);
        let pinned_value = |x: Variable| pinned.get(&x).copied().unwrap_or(0.0);
        // The value of an x: pinned, or the reduced model's variable.
        let free = |x: Variable| renamed.get(&x).map(|&(v, _)| v);
        // An x's value from the solver's values of the reduced model's
        // variables: its own, its choices', or pinned.
        let x_value = |x: Variable, value: &dyn Fn(Variable, usize) -> f64| -> f64 {
            let of = |v: Variable| renamed.get(&v).map_or_else(|| pinned_value(v), |&(r, c)| value(r, c));
            match chosen.get(&x) {
                Some(sum) => sum.linear_coefficients().map(|(c, a)| a * of(c)).sum(),
                None => of(x),
            }
        };
        // The incumbent, as values of the full model's variables.
        let incumbent_values: Vec<(Variable, f64)> =
            self.x.iter().map(|&(p, s, v)| (v, if incumbent.holds(p, s) { 1.0 } else { 0.0 })).chain(start).collect();
        let hint: Vec<(Variable, f64)> =
            incumbent_values.iter().filter_map(|&(v, value)| free(v).map(|v| (v, value))).collect();
        #[cfg_attr(not(feature = "highs"), allow(unused_variables))]
        let columns = vars.len();
        let unsolved = vars.minimise(objective);
        let constraints = rows;
        // `values` are the solution's values of the x, in the order of `self.x`.
        let extract = |values: &[f64], optimal: bool, bound: Option<f64>| -> StageResult {
            let roster = Roster::from_pairs(
                self.model.problem,
                self.x.iter().zip(values).filter(|&(_, &v)| v > 0.5).map(|(&(p, s, _), _)| (p, s)),
            );
            let status = if optimal { StageStatus::Optimal } else { StageStatus::TimeLimit };
            StageResult { roster, status, bound: bound.filter(|b| b.is_finite()).map(|b| self.round_up(b)) }
        };
        match self.backend {
            Backend::Microlp => {
                let solution = unsolved
                    .using(good_lp::microlp)
                    .with_all(constraints)
                    .with_initial_solution(hint)
                    .with_time_limit(seconds)
                    .solve()?;
                let optimal = matches!(solution.status(), SolutionStatus::Optimal);
                let values: Vec<f64> = self.x.iter().map(|&(_, _, v)| x_value(v, &|r, _| solution.value(r))).collect();
                let bound = solution.into_inner().stats().best_bound;
                Ok(extract(&values, optimal, bound))
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                // Solved here rather than by good_lp's `solve`, which keeps
                // neither the dual bound nor a partial start: the incumbent
                // gives every x, and the other columns are left undefined
                // for HiGHS to complete.
                let mut model = unsolved.using(good_lp::highs).with_all(constraints).try_into_inner()?;
                let option_error = |e| ResolutionError::Str(format!("HiGHS option: {e:?}"));
                model.try_set_option("time_limit", seconds).map_err(option_error)?;
                // Neighbourhoods run two at a time, one thread each; the
                // whole model and the pool's re-solve run alone, on the
                // thread whose scheduler HiGHS already set to two, or
                // side by side on fresh threads, one each (`self.threads`).
                let threads = if fixed.is_empty() || pool.is_some() { self.threads } else { 1 };
                model.try_set_option("threads", threads).map_err(option_error)?;
                if self.highs_seed != 0 {
                    model.try_set_option("random_seed", self.highs_seed).map_err(option_error)?;
                }
                // The whole model beside the walks trades rosters with them.
                let trade = self.exchange.is_some() && fixed.is_empty() && pool.is_none() && surrogate.is_none();
                if trade {
                    model.try_set_option("mip_heuristic_effort", TRADING_HEURISTIC_EFFORT).map_err(option_error)?;
                }
                // good_lp numbers the columns in the order the variables
                // were made.
                let column = |x: Variable| renamed.get(&x).map(|&(_, c)| c);
                let mut start = vec![f64::INFINITY; columns];
                for &(v, value) in &incumbent_values {
                    if let Some(c) = column(v) {
                        start[c] = value;
                    }
                }
                model
                    .try_set_solution(Some(&start), None, None, None)
                    .map_err(|e| ResolutionError::Str(format!("HiGHS start: {e:?}")))?;
                // Kept alive until the solve returns: HiGHS's callback
                // holds a pointer to it.
                let mut listener = self.exchange.map(|exchange| super::tandem::highs_side::Listener {
                    exchange,
                    assignments: self.x.iter().map(|&(p, s, v)| (p, s, column(v).ok_or(pinned_value(v)))).collect(),
                    columns,
                    trade,
                    seen: 0,
                });
                if let Some(listener) = listener.as_mut() {
                    super::tandem::highs_side::listen(&mut model, listener);
                }
                let solved = model.try_solve().map_err(|e| ResolutionError::Str(format!("HiGHS: {e:?}")))?;
                drop(listener);
                use highs::{HighsModelStatus as M, HighsSolutionStatus};
                let optimal = match solved.status() {
                    M::Optimal => true,
                    M::ReachedTimeLimit | M::ReachedInterrupt | M::ReachedIterationLimit | M::ReachedSolutionLimit => {
                        false
                    }
                    M::Infeasible => return Err(ResolutionError::Infeasible),
                    other => return Err(ResolutionError::Str(format!("HiGHS ended with {other:?}"))),
                };
                if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
                    return Err(ResolutionError::Str("HiGHS found no roster in time".into()));
                }
                let bound = solved.double_info_value(c"mip_dual_bound").ok();
                let solution = solved.get_solution();
                let values: Vec<f64> =
                    self.x.iter().map(|&(_, _, v)| x_value(v, &|_, c| solution.columns()[c])).collect();
                Ok(extract(&values, optimal, bound))
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => Err(no_highs()),
        }
    }

    /// The LP relaxation's optimum, rounded up to the objective's step: a
    /// proven lower bound on the tier's cost, with the relaxation's value
    /// of every x (in the order of `self.x`). None when the LP is not
    /// solved within `seconds`.
    fn relaxation(&self, seconds: f64) -> Option<Relaxed> {
        let unsolved = self.variables(true).minimise(self.objective.clone());
        let constraints = self.model.constraints.iter().chain(self.bounds).chain(self.symmetry).cloned();
        match self.backend {
            Backend::Microlp => {
                let solution =
                    unsolved.using(good_lp::microlp).with_all(constraints).with_time_limit(seconds).solve().ok()?;
                matches!(solution.status(), SolutionStatus::Optimal).then(|| self.relaxed(&solution))
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                let solution = unsolved
                    .using(good_lp::highs)
                    .with_all(constraints)
                    .set_time_limit(seconds)
                    .set_threads(2)
                    .solve()
                    .ok()?;
                matches!(solution.status(), SolutionStatus::Optimal).then(|| self.relaxed(&solution))
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => None,
        }
    }

    /// A solved relaxation as its rounded-up bound and its x values.
    fn relaxed<S: Solution>(&self, solution: &S) -> Relaxed {
        Relaxed {
            bound: self.round_up(solution.eval(self.objective)),
            x: self.x.iter().map(|&(_, _, v)| solution.value(v)).collect(),
        }
    }

    /// The bound the model's blocks give ([`super::blocks`]), rounded up
    /// like [`Self::relaxation_bound`]'s: from their relaxations (`relax`),
    /// for models too large for microlp's whole relaxation, or from their
    /// MILPs, which can prove what no relaxation can.
    fn block_bound(&self, relax: bool, seconds: f64) -> Option<f64> {
        let rows: Vec<good_lp::Constraint> = self.model.constraints.iter().chain(self.symmetry).cloned().collect();
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let hubs: Vec<Variable> = [Tier::MaxBurden, Tier::Spread]
            .iter()
            .flat_map(|&t| (&self.model.tiers[t as usize]).linear_coefficients().map(|(v, _)| v))
            .collect();
        let value = super::blocks::bound_by_blocks(
            &self.variables(relax),
            &rows,
            self.bounds,
            self.objective,
            &hubs,
            if relax { Backend::Microlp } else { self.backend },
            deadline,
        )?;
        Some(self.round_up(value))
    }

    /// A bound on the objective (without the constant) as a bound on the
    /// tier's cost: rounded up to the step, with a tolerance for the
    /// solver's floating point.
    fn round_up(&self, objective_bound: f64) -> f64 {
        let b = match self.step {
            Some(step) => (objective_bound / step - 1e-6).ceil() * step,
            None => objective_bound - 1e-6 * objective_bound.abs().max(1.0),
        };
        b + self.constant
    }
}

#[cfg(not(feature = "highs"))]
fn no_highs() -> ResolutionError {
    ResolutionError::Str("this build has no HiGHS: build with --features highs".into())
}

/// How far a roster has come in a stage, smaller is better: the tier's
/// value and, for the fairness tiers, how many people sit at the extreme
/// burdens (fewer there is progress towards a lower value, which a
/// neighbourhood that cannot free them all can only make step by step).
/// Compared as a pair; the value is exact (whole burden units or whole
/// prices), so equality is meaningful.
fn progress(problem: &Problem, roster: &Roster, tier: Tier) -> (f64, usize) {
    let value = (rules::costs(problem, roster).get(tier) * 1e6).round() / 1e6;
    let crowd = match tier {
        Tier::MaxBurden | Tier::Spread => {
            let loads: Vec<i64> = rules::fairness::could_serve(problem)
                .into_iter()
                .map(|p| rules::fairness::burden_units(problem, roster, p))
                .collect();
            let max = loads.iter().copied().max().unwrap_or(0);
            let min = loads.iter().copied().min().unwrap_or(0);
            let at_max = loads.iter().filter(|&&l| l == max).count();
            let at_min = loads.iter().filter(|&&l| l == min).count();
            if tier == Tier::MaxBurden {
                at_max
            } else {
                at_max + at_min
            }
        }
        _ => 0,
    };
    (value, crowd)
}

/// Whether a neighbourhood re-solve minimises the tier's own objective (not
/// a [`Surrogate`]), so that its optimum over the whole roster proves the
/// stage.
fn tier_objective(tier: Tier) -> bool {
    !matches!(tier, Tier::MaxBurden | Tier::Spread)
}

/// The objective of a fairness stage's re-solve. The tier's own objective
/// (the largest burden, or largest minus smallest) only moves when every
/// person at the extreme is freed at once, and gives the MILP no gradient
/// towards it; this one keeps every freed person's burden within the
/// current extremes and minimises the units they sit above (largest − 1)
/// and below (smallest + 1): the people at the extremes leave them one by
/// one.
struct Surrogate {
    people: Vec<usize>,
    largest: i64,
    /// Kept for the spread tier only.
    smallest: Option<i64>,
}

impl Surrogate {
    fn new(problem: &Problem, roster: &Roster, tier: Tier, neighbourhood: &Neighbourhood) -> Option<Surrogate> {
        if !matches!(tier, Tier::MaxBurden | Tier::Spread) {
            return None;
        }
        let serving = rules::fairness::could_serve(problem);
        let loads: Vec<i64> = serving.iter().map(|&p| rules::fairness::burden_units(problem, roster, p)).collect();
        let people = match neighbourhood {
            Neighbourhood::People(people) => people.iter().copied().filter(|p| serving.contains(p)).collect(),
            Neighbourhood::Days(_) => serving.clone(),
        };
        Some(Surrogate {
            people,
            largest: loads.iter().copied().max()?,
            smallest: (tier == Tier::Spread).then(|| loads.iter().copied().min()).flatten(),
        })
    }

    /// Adds the surrogate's variables and rows; returns its objective.
    fn objective(
        &self,
        model: &MilpModel<'_>,
        vars: &mut ProblemVariables,
        rows: &mut Vec<good_lp::Constraint>,
    ) -> Expression {
        let mut objective = Expression::from(0.0);
        for &p in &self.people {
            let load = rules::fairness::load_units(model, p);
            rows.push(load.clone().leq(self.largest as f64));
            let above = vars.add(variable().min(0));
            rows.push((load.clone() - above).leq((self.largest - 1) as f64));
            objective += above;
            if let Some(smallest) = self.smallest {
                rows.push(load.clone().geq(smallest as f64));
                let below = vars.add(variable().min(0));
                rows.push((load + below).geq((smallest + 1) as f64));
                objective += below;
            }
        }
        objective
    }
}

/// Share of a stage's time the LP relaxation may take.
const RELAXATION_SHARE: f64 = 0.2;

/// The step every value of an objective is a multiple of: the greatest
/// common divisor of its coefficients when all its variables are integer
/// and the coefficients are rational with a small denominator (burden
/// units such as 0.25 points, whole wish weights). None otherwise.
fn granularity(vars: &ProblemVariables, objective: &Expression) -> Option<f64> {
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

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// A bound that holds without solving anything.
fn trivial_bound(tier: Tier) -> Option<f64> {
    match tier {
        // Every other tier counts penalties, which are never negative; the
        // largest burden has no such floor worth a shortcut.
        Tier::MaxBurden => None,
        _ => Some(0.0),
    }
}

/// The stronger of two lower bounds.
fn max_bound(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Whether an objective has no variable with a non-zero coefficient.
fn is_constant(e: &Expression) -> bool {
    e.clone().linear_coefficients().into_iter().all(|(_, c)| c == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With HiGHS, the walks go first exactly where they do not run
    /// beside the whole model: where the neighbourhood search takes the
    /// whole of a stage they price.
    #[test]
    fn with_highs_the_walks_go_first_where_they_do_not_run_beside_the_whole_model() {
        for assignments in [10, 1999, 2000, 2001, 3449, 5000, 5001, 35_000] {
            let first = person_share(Backend::Highs, assignments) > 0.0;
            let search_alone = lns_share(Backend::Highs, assignments) >= 1.0;
            assert_eq!(first, search_alone, "{assignments} assignments");
            assert_eq!(first, assignments > 2000, "{assignments} assignments");
            assert!(person_share(Backend::Highs, assignments) < 1.0, "the search keeps time after the walks");
        }
        assert!(person_share(Backend::Microlp, 10) > 0.0);
    }

    #[test]
    fn the_plateau_goes_first_on_the_spread_at_every_size_and_on_other_tiers_on_small_models() {
        for tier in [Tier::MaxBurden, Tier::Wishes] {
            assert!(plateau_goes_first(tier, PLATEAU_FIRST_UP_TO));
            assert!(!plateau_goes_first(tier, PLATEAU_FIRST_UP_TO + 1));
        }
        assert!(plateau_goes_first(Tier::Spread, 22_070));
    }

    #[test]
    fn the_column_bound_asks_for_one_unit_above_the_bound() {
        // gen-large: the relaxation says 2.25 points, 9 quarter-point units.
        assert_eq!(spread_question(0.25, Some(2.25)), 10);
        assert_eq!(spread_question(0.25, Some(2.3)), 11);
        assert_eq!(spread_question(0.25, Some(0.0)), 1);
        assert_eq!(spread_question(0.25, None), 1);
    }

    #[test]
    fn above_the_blocks_only_highs_and_only_the_fairness_tiers_relax_the_whole_model() {
        let whole: Vec<Tier> =
            Tier::ALL.into_iter().filter(|&t| whole_relaxation_above_blocks(Backend::Highs, t)).collect();
        assert_eq!(whole, [Tier::MaxBurden, Tier::Spread]);
        assert!(Tier::ALL.into_iter().all(|t| !whole_relaxation_above_blocks(Backend::Microlp, t)));
    }

    #[test]
    fn column_generation_runs_on_large_models_with_highs_and_on_small_ones_with_microlp() {
        // Curtois Instance7 (1680 assignments) walks without it with HiGHS
        // and prices with microlp; Instance20 (35 000) the other way round.
        let (highs, microlp) = (Backend::Highs, Backend::Microlp);
        assert!(!prices_columns(highs, 1680) && !prices_columns(highs, RELAXATION_IN_BLOCKS_ABOVE));
        assert!(prices_columns(highs, RELAXATION_IN_BLOCKS_ABOVE + 1) && prices_columns(highs, 35_000));
        assert!(prices_columns(microlp, 840) && prices_columns(microlp, 1680));
        assert!(!prices_columns(microlp, WALKS_BESIDE_UP_TO + 1) && !prices_columns(microlp, 35_000));
    }

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

    /// The construction's roster with every hard rule kept: where the
    /// stages start from.
    fn legal_start(problem: &Problem) -> Roster {
        let mut start = super::super::construct(problem).roster;
        super::super::legalize(problem, &mut start);
        start
    }

    /// A stage of `tier` as `solve_lexicographic` makes it, without
    /// symmetry rows.
    fn stage_for<'m, 'p>(
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
        }
    }

    /// Runs `test` on the soft-cover stage of the Curtois-format week as
    /// `solve_lexicographic` makes it with `backend`, the earlier tiers
    /// held where the construction's legal roster has them: the problem,
    /// the stage, and that roster.
    fn on_the_week_cover_stage(backend: Backend, test: impl FnOnce(&Problem, &StageModel<'_, '_>, &Roster)) {
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

    /// The re-solves of neighbourhoods one at a time that follow each
    /// round of the walks beside HiGHS: from the construction's roster of
    /// the Curtois-format week they find a better one, which keeps every
    /// rule; from the whole model's optimum they find nothing.
    #[test]
    fn neighbourhoods_re_solved_one_at_a_time_keep_the_rules_and_only_gain() {
        on_the_week_cover_stage(Backend::Microlp, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let mut chooser = Chooser::new(stage.model, tier);
            let mut roster = start.clone();
            let until = Instant::now() + Duration::from_secs(3);
            assert!(stage.descend_by_neighbourhoods(&mut chooser, &mut roster, tier, None, until));
            assert!(super::super::illegal(problem, &roster).is_empty());
            assert!(cost(&roster).compare_up_to(&cost(start), tier).is_lt());
            // The whole model's optimum: no neighbourhood betters it.
            let optimum = stage.run(&HashMap::new(), None, None, &roster, 60.0).expect("the week solves");
            assert_eq!(optimum.status, StageStatus::Optimal);
            let mut at_optimum = optimum.roster.clone();
            let until = Instant::now() + Duration::from_millis(300);
            assert!(!stage.descend_by_neighbourhoods(&mut chooser, &mut at_optimum, tier, None, until));
            assert_eq!(at_optimum, optimum.roster);
        });
    }

    /// The relaxation hands back each x in the order of the stage's
    /// assignments: with every x pinned to a legal roster's, its values are
    /// that roster's, and its bound is no more than the roster's cost.
    #[test]
    fn the_relaxation_gives_each_assignment_its_own_value() {
        let problem = super::super::person::tests::week();
        let model = build(&problem);
        let tier = Tier::SoftCover;
        let start = legal_start(&problem);
        let x: Vec<(usize, usize, Variable)> = model.assignment_vars().collect();
        let pinned: Vec<good_lp::Constraint> =
            x.iter().map(|&(p, s, v)| Expression::from(v).eq(f64::from(u8::from(start.holds(p, s))))).collect();
        let objective = model.tiers[tier as usize].clone();
        let table = OnceLock::new();
        let stage = stage_for(&model, tier, &pinned, &objective, &x, Backend::Microlp, &table);
        let relaxed = stage.relaxation(30.0).expect("the pinned relaxation solves");
        assert_eq!(relaxed.x.len(), x.len());
        for (&(p, s, _), &value) in x.iter().zip(&relaxed.x) {
            let held = f64::from(u8::from(start.holds(p, s)));
            assert!((value - held).abs() < 1e-6, "person {p}, slot {s}: {value} where the roster has {held}");
        }
        let cost = rules::costs(&problem, &start).get(tier);
        assert!(relaxed.bound <= cost + 1e-6, "bound {} above the roster's {cost}", relaxed.bound);
    }

    /// HiGHS's whole model with either search beside it ([`Beside`]:
    /// the walks, or a second whole model; [`super::super::tandem`]) on
    /// the Curtois-format week: what each side hands back keeps every rule
    /// and is no worse than the start, and the result is the week's
    /// optimum, proven, at least as good as the other side's roster.
    #[cfg(feature = "highs")]
    #[test]
    fn the_whole_model_with_either_search_beside_it_proves_the_week_and_keeps_the_rules() {
        on_the_week_cover_stage(Backend::Highs, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let alone = stage.run(&HashMap::new(), None, None, start, 20.0).expect("HiGHS solves the week");
            assert_eq!(alone.status, StageStatus::Optimal);
            for beside in [Beside::Walks, Beside::Twin] {
                let (result, other) = stage.whole_with(beside, start, tier, None, 20.0, 3);
                let result = result.expect("HiGHS solves the week");
                for roster in [&result.roster, &other] {
                    assert!(super::super::illegal(problem, roster).is_empty(), "{beside:?}");
                    assert!(cost(roster).compare_up_to(&cost(start), tier).is_le(), "{beside:?}");
                }
                assert_eq!(result.status, StageStatus::Optimal, "{beside:?}");
                assert!((cost(&result.roster).get(tier) - cost(&alone.roster).get(tier)).abs() < 1e-9, "{beside:?}");
                assert!(cost(&result.roster).get(tier) <= cost(&other).get(tier) + 1e-9, "{beside:?}");
            }
        });
    }

    /// The neighbourhood search with each core on its own, on the
    /// Curtois-format week: what it keeps breaks no rule and gains on the
    /// start; given the week's optimum as the bound, it ends there.
    #[cfg(feature = "highs")]
    #[test]
    fn neighbourhoods_re_solved_apart_keep_the_rules_and_only_gain() {
        on_the_week_cover_stage(Backend::Highs, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let mut roster = start.clone();
            let until = Instant::now() + Duration::from_secs(3);
            stage.search_neighbourhoods_apart(&mut roster, tier, until, None, Chooser::new(stage.model, tier), false);
            assert!(super::super::illegal(problem, &roster).is_empty());
            assert!(cost(&roster).compare_up_to(&cost(start), tier).is_lt());
            let optimum = stage.run(&HashMap::new(), None, None, start, 20.0).expect("HiGHS solves the week");
            assert_eq!(optimum.status, StageStatus::Optimal);
            let best = cost(&optimum.roster).get(tier);
            let mut roster = start.clone();
            let until = Instant::now() + Duration::from_secs(60);
            let chooser = Chooser::new(stage.model, tier);
            stage.search_neighbourhoods_apart(&mut roster, tier, until, Some(best), chooser, false);
            assert!(super::super::illegal(problem, &roster).is_empty());
            assert!(cost(&roster).get(tier) <= best + 1e-9, "{} against {best}", cost(&roster).get(tier));
        });
    }

    /// The second whole model takes the other core up to its size; the
    /// walks above it.
    #[test]
    fn a_second_whole_model_runs_beside_the_first_only_on_small_models() {
        assert_eq!(Beside::for_model(1), Beside::Twin);
        assert_eq!(Beside::for_model(TWIN_WHOLE_UP_TO), Beside::Twin);
        assert_eq!(Beside::for_model(TWIN_WHOLE_UP_TO + 1), Beside::Walks);
        assert_eq!(Beside::for_model(35_000), Beside::Walks);
    }

    /// The walks beside HiGHS re-solve neighbourhoods on Instance6 and 7's
    /// sizes, not on the large models whose stages the neighbourhood
    /// search shares with the whole model.
    #[test]
    fn the_walks_beside_re_solve_neighbourhoods_only_below_the_large_models() {
        assert!(re_solves_beside_walks(1040) && re_solves_beside_walks(1248));
        assert!(re_solves_beside_walks(WALKS_BESIDE_UP_TO));
        assert!(!re_solves_beside_walks(RELAXATION_IN_BLOCKS_ABOVE + 1));
        assert!(!re_solves_beside_walks(35_000));
    }

    /// Only the models where the walks run beside the whole model minimise
    /// a cover stage's heaviest terms first.
    #[test]
    fn the_heaviest_terms_go_first_only_where_the_walks_run_beside_the_whole_model() {
        assert!(!heaviest_first(468) && !heaviest_first(TWIN_WHOLE_UP_TO));
        assert!(heaviest_first(TWIN_WHOLE_UP_TO + 1) && heaviest_first(1248) && heaviest_first(WALKS_BESIDE_UP_TO));
        assert!(!heaviest_first(WALKS_BESIDE_UP_TO + 1) && !heaviest_first(3449));
    }

    /// The Curtois-format week's cover stage: its heaviest terms (100
    /// each) are its places short, each counted once, and nothing else; terms
    /// that weigh the same, or less than ten times apart, or whose
    /// heaviest is negative, single out nothing.
    #[test]
    fn the_heaviest_terms_are_the_places_short_alone() {
        let problem = super::super::person::tests::week();
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

    /// Minimising the week's places short alone gives a legal roster with
    /// no more places short than the whole stage's optimum has, nor than
    /// the start.
    #[test]
    fn minimising_the_heaviest_terms_alone_leaves_the_fewest_places_short() {
        on_the_week_cover_stage(Backend::Microlp, |problem, stage, start| {
            let short = |r: &Roster| -> u32 {
                (0..problem.slots.len()).map(|s| problem.slots[s].need.saturating_sub(r.people(s).len() as u32)).sum()
            };
            let heaviest = heaviest_terms(stage.objective).expect("places short weigh 100");
            let first = stage.minimise_heaviest(&heaviest, start, 60.0).expect("the week solves");
            assert!(super::super::illegal(problem, &first).is_empty());
            let optimum = stage.run(&HashMap::new(), None, None, start, 60.0).expect("the week solves");
            assert_eq!(optimum.status, StageStatus::Optimal);
            assert!(short(&first) <= short(&optimum.roster), "{} > {}", short(&first), short(&optimum.roster));
            assert!(short(&first) <= short(start));
            assert!(short(start) > 0, "the start leaves places short, so the test could fail");
        });
    }

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

    #[test]
    fn a_re_solve_over_the_pool_finds_the_best_mix_of_its_schedules() {
        let problem = super::super::person::tests::week();
        let model = build(&problem);
        let tier = Tier::SoftCover;
        // A legal start, and a better roster a search finds from it.
        let start = legal_start(&problem);
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut search = super::super::person::Search::new(&model, tier, deadline, None, 1).expect("a search");
        let mut better = start.clone();
        search.walk(&start, &mut better, deadline);
        let cost = |r: &Roster| rules::costs(&problem, r).get(tier);
        // Two rosters, each the better one with one person (a different
        // one) put back at their start: the better roster is a mix of the
        // two, and neither holds it.
        let differ: Vec<usize> =
            model.people_who_could_serve().into_iter().filter(|&p| start.slots_of(p) != better.slots_of(p)).collect();
        assert!(differ.len() >= 2, "the search moved two people");
        let spoiled = |p: usize| {
            let mut r = better.clone();
            for &s in better.slots_of(p) {
                r.unassign(p, s);
            }
            for &s in start.slots_of(p) {
                r.assign(p, s);
            }
            r
        };
        let rosters = [spoiled(differ[0]), spoiled(differ[1])];
        assert!(rosters.iter().all(|r| cost(r) > cost(&better)), "each is worse than the mix");
        let mut pool = Pool::default();
        for roster in &rosters {
            for p in model.people_who_could_serve() {
                pool.add(roster, p, 0.0);
            }
        }
        // And a schedule that breaks its person's rules (every slot, two a
        // day), the cheapest by the cover alone: the re-solve, which
        // checks each schedule against its person's rows before it drops
        // them (`super::choices`), must rule it out.
        let everything = Roster::from_pairs(&problem, (0..problem.slots.len()).map(|s| (differ[0], s)));
        pool.add(&everything, differ[0], 0.0);
        // Every mix of one pooled schedule per person, by brute force.
        let mut tempting = f64::INFINITY;
        let mut by_person: Vec<(usize, Vec<Vec<usize>>)> = Vec::new();
        for (p, schedule) in pool.schedules() {
            match by_person.last_mut() {
                Some((q, list)) if *q == p => list.push(schedule.to_vec()),
                _ => by_person.push((p, vec![schedule.to_vec()])),
            }
        }
        let mut best = f64::INFINITY;
        let mut choice = vec![0usize; by_person.len()];
        loop {
            let pairs = by_person.iter().zip(&choice).flat_map(|((p, list), &c)| list[c].iter().map(move |&s| (*p, s)));
            let mix = Roster::from_pairs(&problem, pairs);
            let costs = rules::costs(&problem, &mix);
            let legal = super::super::illegal(&problem, &mix).is_empty();
            if legal && costs.get(Tier::Broken) == 0.0 {
                best = best.min(costs.get(tier));
            } else if !legal {
                tempting = tempting.min(costs.get(tier));
            }
            let mut i = 0;
            while i < choice.len() && choice[i] + 1 == by_person[i].1.len() {
                choice[i] = 0;
                i += 1;
            }
            if i == choice.len() {
                break;
            }
            choice[i] += 1;
        }
        assert!(best.is_finite());
        assert!(tempting < best, "the illegal schedule tempts: {tempting} against {best}");
        // The stage's MILP over the pool, the minimums kept as the earlier
        // stage leaves them.
        let broken =
            [(model.tiers[Tier::Broken as usize].clone() + model.tier_constants[Tier::Broken as usize]).leq(0.0)];
        let x: Vec<(usize, usize, Variable)> = model.assignment_vars().collect();
        let objective = model.tiers[tier as usize].clone();
        let table = OnceLock::new();
        let stage = stage_for(&model, tier, &broken, &objective, &x, Backend::Microlp, &table);
        let result = stage.run(&HashMap::new(), None, Some((&pool, usize::MAX)), &rosters[0], 60.0).expect("solved");
        assert_eq!(result.status, StageStatus::Optimal);
        assert!(super::super::illegal(&problem, &result.roster).is_empty());
        assert_eq!(cost(&result.roster), best);
        assert!(best <= cost(&better));
        // Each person holds one of their pooled schedules.
        for (p, list) in &by_person {
            let mut held = result.roster.slots_of(*p).to_vec();
            held.sort_unstable();
            assert!(list.contains(&held), "person {p}");
        }
    }
}
