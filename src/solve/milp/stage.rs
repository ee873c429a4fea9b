//! One stage's MILP ([`StageModel`]): the model with the earlier tiers'
//! bounds and this tier's objective, solved by either backend whole, over a
//! neighbourhood or over a pool of schedules ([`StageModel::run`]), and its
//! bounds from the LP relaxation or from the model's blocks.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use good_lp::{
    variable, Expression, IntoAffineExpression, ProblemVariables, ResolutionError, Solution, SolutionStatus,
    SolverModel, Variable, WithInitialSolution, WithTimeLimit,
};

use super::lns::Surrogate;
use super::policy::interior_point_relaxation;
#[cfg(feature = "highs")]
use super::policy::TRADING_HEURISTIC_EFFORT;
use super::StageResult;
use crate::roster::Roster;
use crate::rules::{MilpModel, Tier};
use crate::solve::neighbourhood::Neighbourhood;
use crate::solve::pool::Pool;
use crate::solve::reduced::{Reduced, RowTable};
use crate::solve::tandem::Exchange;
use crate::solve::{Backend, StageStatus};

/// One stage's MILP: the model, the bounds of the earlier tiers and this
/// tier's objective.
#[derive(Clone, Copy)]
pub(super) struct StageModel<'m, 'p> {
    pub(super) model: &'m MilpModel<'p>,
    pub(super) bounds: &'m [good_lp::Constraint],
    /// Rows that order interchangeable people: for the whole model only.
    pub(super) symmetry: &'m [good_lp::Constraint],
    pub(super) objective: &'m Expression,
    /// The tier's constant part: objective + constant = the tier's cost.
    pub(super) constant: f64,
    pub(super) x: &'m [(usize, usize, Variable)],
    pub(super) backend: Backend,
    /// Every feasible objective value is a multiple of this (see
    /// [`granularity`]), so bounds round up to it.
    ///
    /// [`granularity`]: super::bounds::granularity
    pub(super) step: Option<f64>,
    /// HiGHS's threads for the whole model and the pool's re-solves.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(super) threads: i32,
    /// Where HiGHS and the walks beside it trade rosters
    /// ([`crate::solve::tandem`]).
    pub(super) exchange: Option<&'m Exchange<'p>>,
    /// HiGHS's `random_seed`: 0 (its default) but for the second whole
    /// model beside the first ([`TWIN_WHOLE_UP_TO`]).
    ///
    /// [`TWIN_WHOLE_UP_TO`]: super::policy::TWIN_WHOLE_UP_TO
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(super) highs_seed: i32,
    /// The model's rows and the bounds, numbered for the re-solves
    /// ([`RowTable`]) when the first needs them.
    pub(super) table: &'m OnceLock<RowTable>,
    /// The solve's progress report (stage, value): the whole-schedule
    /// walks and the neighbourhood search report each better roster they
    /// keep.
    pub(super) report: &'m (dyn Fn(&'static str, f64) + Sync),
}

/// The LP relaxation of a stage: its bound, and where it puts each x.
pub(super) struct Relaxed {
    pub(super) bound: f64,
    /// The relaxation's value of each x, in the order of `StageModel::x`.
    pub(super) x: Vec<f64>,
}

impl StageModel<'_, '_> {
    /// The incumbent's value of every x outside a neighbourhood.
    pub(super) fn fixing(&self, incumbent: &Roster, neighbourhood: &Neighbourhood) -> HashMap<Variable, f64> {
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
    pub(super) fn run(
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
            let over = crate::solve::choices::over_choices(&vars, all_rows, &objective, &chosen, &choices, &fixed);
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
                let mut listener = self.exchange.map(|exchange| crate::solve::tandem::highs_side::Listener {
                    exchange,
                    assignments: self.x.iter().map(|&(p, s, v)| (p, s, column(v).ok_or(pinned_value(v)))).collect(),
                    columns,
                    trade,
                    seen: 0,
                });
                if let Some(listener) = listener.as_mut() {
                    crate::solve::tandem::highs_side::listen(&mut model, listener);
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
    pub(super) fn relaxation(&self, seconds: f64) -> Option<Relaxed> {
        self.relaxation_by(seconds, interior_point_relaxation(self.x.len()))
    }

    /// [`Self::relaxation`], by HiGHS's interior point method or by its
    /// default simplex (`interior_point`); microlp has simplex only.
    fn relaxation_by(&self, seconds: f64, interior_point: bool) -> Option<Relaxed> {
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
                let mut problem =
                    unsolved.using(good_lp::highs).with_all(constraints).set_time_limit(seconds).set_threads(2);
                if interior_point {
                    problem = problem.set_solver(good_lp::solvers::highs::HighsSolverType::Ipm);
                }
                let solution = problem.solve().ok()?;
                matches!(solution.status(), SolutionStatus::Optimal).then(|| self.relaxed(&solution))
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => {
                let _ = interior_point;
                None
            }
        }
    }

    /// A solved relaxation as its rounded-up bound and its x values.
    fn relaxed<S: Solution>(&self, solution: &S) -> Relaxed {
        Relaxed {
            bound: self.round_up(solution.eval(self.objective)),
            x: self.x.iter().map(|&(_, _, v)| solution.value(v)).collect(),
        }
    }

    /// The bound the model's blocks give ([`crate::solve::blocks`]), rounded up
    /// like [`Self::relaxation`]'s: from their relaxations (`relax`),
    /// for models too large for microlp's whole relaxation, or from their
    /// MILPs, which can prove what no relaxation can.
    pub(super) fn block_bound(&self, relax: bool, seconds: f64) -> Option<f64> {
        let rows: Vec<good_lp::Constraint> = self.model.constraints.iter().chain(self.symmetry).cloned().collect();
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let hubs: Vec<Variable> = [Tier::MaxBurden, Tier::Spread]
            .iter()
            .flat_map(|&t| (&self.model.tiers[t as usize]).linear_coefficients().map(|(v, _)| v))
            .collect();
        let value = crate::solve::blocks::bound_by_blocks(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use crate::solve::milp::build;
    use crate::solve::milp::testing::{legal_start, stage_for};

    /// The relaxation hands back each x in the order of the stage's
    /// assignments: with every x pinned to a legal roster's, its values are
    /// that roster's, and its bound is no more than the roster's cost.
    #[test]
    fn the_relaxation_gives_each_assignment_its_own_value() {
        let problem = crate::solve::person::tests::week();
        let model = build(&problem);
        let tier = Tier::SoftCover;
        let start = legal_start(&problem);
        let x: Vec<(usize, usize, Variable)> = model.assignment_vars().collect();
        let pinned = pinned_to(&start, &x);
        let objective = model.tiers[tier as usize].clone();
        let table = OnceLock::new();
        let stage = stage_for(&model, tier, &pinned, &objective, &x, Backend::Microlp, &table);
        let relaxed = stage.relaxation(30.0).expect("the pinned relaxation solves");
        assert_holds(&relaxed, &start, &x);
        let cost = rules::costs(&problem, &start).get(tier);
        assert!(relaxed.bound <= cost + 1e-6, "bound {} above the roster's {cost}", relaxed.bound);
    }

    /// HiGHS's interior point method (with its crossover) and its simplex
    /// reach the same relaxation: the same bound on the open model, and
    /// each assignment's own value when every x is pinned to a roster.
    #[cfg(feature = "highs")]
    #[test]
    fn interior_point_and_simplex_relax_to_the_same_bound() {
        let problem = crate::solve::person::tests::week();
        let model = build(&problem);
        let tier = Tier::SoftCover;
        let start = legal_start(&problem);
        let x: Vec<(usize, usize, Variable)> = model.assignment_vars().collect();
        let objective = model.tiers[tier as usize].clone();
        let table = OnceLock::new();
        let open = stage_for(&model, tier, &[], &objective, &x, Backend::Highs, &table);
        let simplex = open.relaxation_by(30.0, false).expect("simplex solves the relaxation");
        let interior = open.relaxation_by(30.0, true).expect("the interior point method solves the relaxation");
        assert_eq!(interior.bound, simplex.bound);
        assert!(interior.bound > 0.0, "a bound that says something");
        let pinned = pinned_to(&start, &x);
        let table = OnceLock::new();
        let held = stage_for(&model, tier, &pinned, &objective, &x, Backend::Highs, &table);
        assert_holds(&held.relaxation_by(30.0, true).expect("the pinned relaxation solves"), &start, &x);
    }

    /// Rows that pin every x to `roster`'s value.
    fn pinned_to(roster: &Roster, x: &[(usize, usize, Variable)]) -> Vec<good_lp::Constraint> {
        x.iter().map(|&(p, s, v)| Expression::from(v).eq(f64::from(u8::from(roster.holds(p, s))))).collect()
    }

    /// The relaxation gives each x (in the order of `x`) `roster`'s value.
    fn assert_holds(relaxed: &Relaxed, roster: &Roster, x: &[(usize, usize, Variable)]) {
        assert_eq!(relaxed.x.len(), x.len());
        for (&(p, s, _), &value) in x.iter().zip(&relaxed.x) {
            let held = f64::from(u8::from(roster.holds(p, s)));
            assert!((value - held).abs() < 1e-6, "person {p}, slot {s}: {value} where the roster has {held}");
        }
    }

    #[test]
    fn a_re_solve_over_the_pool_finds_the_best_mix_of_its_schedules() {
        let problem = crate::solve::person::tests::week();
        let model = build(&problem);
        let tier = Tier::SoftCover;
        // A legal start, and a better roster a search finds from it.
        let start = legal_start(&problem);
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut search = crate::solve::person::Search::new(&model, tier, deadline, None, 1).expect("a search");
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
            let legal = crate::solve::illegal(&problem, &mix).is_empty();
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
        assert!(crate::solve::illegal(&problem, &result.roster).is_empty());
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
