//! The master LP of column generation ([`super`]) without HiGHS:
//! microlp gives no duals, so its dual LP is solved instead, whose optimum
//! *is* the duals. Each schedule of the master is a row of the dual, and a
//! schedule joining the master is a row added to the solved dual, which
//! microlp re-optimises from the last basis (dual simplex).
//!
//! The master is the stage's model with each person's x replaced by the
//! mix of their schedules (`x = Σ λ_s [slot ∈ s]`, `Σ λ_s = 1`, `λ ≥ 0`).
//! Its dual has a variable per row (at most zero on a `≤` row, free on an
//! equality, one per finite bound of a variable that is not an x) and a row
//! per column: equal to the column's cost for every variable that is not an
//! x, at most the schedule's cost for every schedule. At the dual optimum
//! `y`, a slot is worth `c_x − Σ_r a_rx·y_r` to its person (x's reduced cost
//! with the mix left out), and a schedule whose slots add up to less than
//! the dual of the person's share row would lower the master.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use good_lp::{
    variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, Solution, SolverModel, Variable,
    WithTimeLimit,
};
use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, SolveOutcome};

use super::super::pool::Pool;
use super::{first_columns, Master};
use crate::roster::Roster;
use crate::rules::MilpModel;

/// One person's part of the master.
struct Person {
    person: usize,
    /// The dual of the row that makes their schedules' weights sum to one.
    share: microlp::Variable,
    /// Every slot they may hold.
    slots: Vec<Slot>,
    /// Their schedules (slots in order), in the order of their dual rows.
    schedules: Vec<Vec<usize>>,
}

/// A slot a person may hold: its x's cost, and the duals of the x's rows
/// with the x's coefficient in each.
struct Slot {
    slot: usize,
    cost: f64,
    rows: Vec<(microlp::Variable, f64)>,
}

/// The master through its dual, solved by microlp.
pub(in crate::solve) struct DualMaster<'a> {
    model: &'a MilpModel<'a>,
    bounds: &'a [Constraint],
    objective: &'a Expression,
    problem: Option<microlp::Problem>,
    solution: Option<microlp::Solution>,
    /// The objective's constant.
    constant: f64,
    people: Vec<Person>,
    /// The last optimum: the master's value.
    pub value: f64,
    /// Per person: the dual of their share row, and each slot's worth, at
    /// the last optimum.
    duals: HashMap<usize, (f64, HashMap<usize, f64>)>,
}

impl<'a> DualMaster<'a> {
    /// The stage's master (`bounds`: the earlier tiers' rows; `objective`:
    /// the tier's) over the pool and `incumbent`'s own schedules, not yet
    /// solved.
    pub(in crate::solve) fn new(
        model: &'a MilpModel<'a>,
        bounds: &'a [Constraint],
        objective: &'a Expression,
        pool: &Pool,
        incumbent: &Roster,
    ) -> Self {
        let assignment: HashSet<Variable> = model.assignment_vars().map(|(_, _, x)| x).collect();
        let index: HashMap<Variable, usize> =
            model.vars.iter_variables_with_def().enumerate().map(|(i, (v, _))| (v, i)).collect();
        let columns = index.len();
        let mut cost = vec![0.0; columns];
        for (v, c) in objective.linear_coefficients() {
            cost[index[&v]] += c;
        }
        let mut dual = microlp::Problem::new(OptimizationDirection::Maximize);
        // Each column's rows: (the row's dual, the column's coefficient).
        let mut rows_of: Vec<Vec<(microlp::Variable, f64)>> = vec![Vec::new(); columns];
        for row in model.constraints.iter().chain(bounds) {
            let e = row.expression();
            let mut terms: Vec<(usize, f64)> =
                e.linear_coefficients().filter(|&(_, a)| a != 0.0).map(|(v, a)| (index[&v], a)).collect();
            if terms.is_empty() {
                continue;
            }
            terms.sort_by_key(|&(c, _)| c);
            // good_lp keeps a row as `expression ≤ 0` or `= 0`.
            let upper = if row.is_equality() { f64::INFINITY } else { 0.0 };
            let y = dual.add_var(-e.constant(), (f64::NEG_INFINITY, upper));
            for (c, a) in terms {
                rows_of[c].push((y, a));
            }
        }
        // Every column that is not an x keeps its bounds and its row.
        for (i, (v, def)) in model.vars.iter_variables_with_def().enumerate() {
            if assignment.contains(&v) {
                continue;
            }
            let mut row = LinearExpr::empty();
            for &(y, a) in &rows_of[i] {
                row.add(y, a);
            }
            if def.get_min().is_finite() {
                row.add(dual.add_var(def.get_min(), (0.0, f64::INFINITY)), 1.0);
            }
            if def.get_max().is_finite() {
                row.add(dual.add_var(def.get_max(), (f64::NEG_INFINITY, 0.0)), 1.0);
            }
            dual.add_constraint(row, ComparisonOp::Eq, cost[i]);
        }
        let mut people = Vec::new();
        for person in model.people_who_could_serve() {
            let share = dual.add_var(1.0, (f64::NEG_INFINITY, f64::INFINITY));
            let slots = model
                .person_vars(person)
                .iter()
                .map(|&(slot, x)| Slot { slot, cost: cost[index[&x]], rows: std::mem::take(&mut rows_of[index[&x]]) })
                .collect();
            let mut p = Person { person, share, slots, schedules: Vec::new() };
            for s in first_columns(pool, person, incumbent) {
                let (row, rhs) = p.row(&s);
                dual.add_constraint(row, ComparisonOp::Le, rhs);
                p.schedules.push(s);
            }
            people.push(p);
        }
        DualMaster {
            model,
            bounds,
            objective,
            problem: Some(dual),
            solution: None,
            constant: objective.constant(),
            people,
            value: f64::NAN,
            duals: HashMap::new(),
        }
    }

    /// Keeps an optimal outcome and its duals; false for any other.
    fn take(&mut self, outcome: Result<SolveOutcome, microlp::Error>) -> bool {
        let Ok(outcome) = outcome else { return false };
        if !outcome.is_optimal() {
            return false;
        }
        let Ok(solution) = outcome.into_solution() else { return false };
        self.value = self.constant + solution.objective();
        self.duals = self
            .people
            .iter()
            .map(|p| {
                let worth = p.slots.iter().map(|s| {
                    (s.slot, s.cost - s.rows.iter().map(|&(y, a)| a * solution.var_value_raw(y)).sum::<f64>())
                });
                (p.person, (solution.var_value_raw(p.share), worth.collect()))
            })
            .collect();
        self.solution = Some(solution);
        true
    }
}

impl Master for DualMaster<'_> {
    /// microlp finds the mix by solving the master once more (about 0.3 s
    /// of 5 on Curtois Instance5).
    const PRICING_SHARE: f64 = 0.8;

    /// The first time from scratch, then from the last basis.
    fn solve(&mut self, seconds: f64) -> bool {
        let outcome = match (self.problem.take(), self.solution.take()) {
            (Some(mut problem), _) => {
                problem.set_time_limit(Duration::from_secs_f64(seconds.max(0.01)));
                problem.solve()
            }
            (None, Some(solution)) => Ok(SolveOutcome::Solution(solution)),
            (None, None) => return false,
        };
        self.take(outcome)
    }

    /// Those the master itself, over the schedules whose dual row is tight
    /// (reduced cost zero), weighs above zero: the duals say which may mix,
    /// not which do, and where many may (Curtois Instance5: dozens a
    /// person) all of them made every re-solve run out of time.
    fn mixed(&mut self, until: Instant) -> HashMap<usize, Vec<Vec<usize>>> {
        let tight: HashMap<usize, Vec<Vec<usize>>> = self
            .people
            .iter()
            .map(|p| {
                let tight = p.schedules.iter().filter(|s| self.gain(p.person, s).is_some_and(|g| g >= -1e-7));
                (p.person, tight.cloned().collect())
            })
            .collect();
        let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
        let Some((_, weights)) = solve_primal(self.model, self.bounds, self.objective, &tight, seconds) else {
            return HashMap::new();
        };
        tight
            .into_iter()
            .map(|(person, schedules)| {
                let used = schedules.into_iter().zip(&weights[&person]).filter(|(_, &w)| w > 1e-6);
                (person, used.map(|(s, _)| s).collect())
            })
            .collect()
    }

    fn prices(&self, person: usize) -> Option<&(f64, HashMap<usize, f64>)> {
        self.duals.get(&person)
    }

    /// As rows of the solved dual, re-optimised after each.
    fn add(&mut self, schedules: Vec<(usize, Vec<usize>)>) -> bool {
        for (person, schedule) in schedules {
            let Some(p) = self.people.iter_mut().position(|p| p.person == person) else { continue };
            let Some(solution) = self.solution.take() else { return false };
            let (row, rhs) = self.people[p].row(&schedule);
            self.people[p].schedules.push(schedule);
            if !self.take(solution.add_constraint(row, ComparisonOp::Le, rhs)) {
                return false;
            }
        }
        true
    }
}

/// The master itself over `schedules` per person (each x the mix of the
/// person's schedules, the stage's rows), as good_lp makes it, solved by
/// microlp within `seconds`: its optimum and each schedule's weight in it,
/// per person in the order given; None when it is not solved.
fn solve_primal(
    model: &MilpModel<'_>,
    bounds: &[Constraint],
    objective: &Expression,
    schedules: &HashMap<usize, Vec<Vec<usize>>>,
    seconds: f64,
) -> Option<(f64, HashMap<usize, Vec<f64>>)> {
    let mut vars = ProblemVariables::new();
    let mut copy: HashMap<Variable, Expression> = HashMap::new();
    for (v, def) in model.vars.iter_variables_with_def() {
        copy.insert(v, vars.add(variable().min(def.get_min()).max(def.get_max())).into());
    }
    let mut rows = Vec::new();
    let mut weights: Vec<(usize, Vec<Variable>)> = Vec::new();
    for person in model.people_who_could_serve() {
        let mut share = Expression::from(0.0);
        let mut mix: HashMap<usize, Expression> = HashMap::new();
        let mut own = Vec::new();
        for s in schedules.get(&person).into_iter().flatten() {
            let weight = vars.add(variable().min(0.0));
            own.push(weight);
            share += weight;
            for &slot in s {
                *mix.entry(slot).or_default() += weight;
            }
        }
        rows.push(share.eq(1.0));
        for &(slot, x) in model.person_vars(person) {
            copy.insert(x, mix.remove(&slot).unwrap_or_default());
        }
        weights.push((person, own));
    }
    let rewrite = |e: &Expression| -> Expression {
        e.linear_coefficients().map(|(v, a)| a * copy[&v].clone()).sum::<Expression>() + e.constant()
    };
    for row in model.constraints.iter().chain(bounds) {
        let lhs = rewrite(row.expression());
        rows.push(if row.is_equality() { lhs.eq(0.0) } else { lhs.leq(0.0) });
    }
    let objective = rewrite(objective);
    let solved = vars
        .minimise(objective.clone())
        .using(good_lp::microlp)
        .with_all(rows)
        .with_time_limit(seconds.max(0.01))
        .solve()
        .ok()?;
    let weights = weights.into_iter().map(|(p, w)| (p, w.iter().map(|&v| solved.value(v)).collect())).collect();
    Some((solved.eval(objective), weights))
}

impl Person {
    /// A schedule's row of the dual and its cost.
    fn row(&self, schedule: &[usize]) -> (LinearExpr, f64) {
        let mut sum: HashMap<microlp::Variable, f64> = HashMap::new();
        sum.insert(self.share, 1.0);
        let mut cost = 0.0;
        for s in &self.slots {
            if schedule.binary_search(&s.slot).is_ok() {
                cost += s.cost;
                for &(y, a) in &s.rows {
                    *sum.entry(y).or_default() += a;
                }
            }
        }
        let mut terms: Vec<(microlp::Variable, f64)> = sum.into_iter().filter(|&(_, a)| a != 0.0).collect();
        terms.sort_by_key(|&(y, _)| y);
        let mut row = LinearExpr::empty();
        for (y, a) in terms {
            row.add(y, a);
        }
        (row, cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{self, Tier};
    use crate::solve::person::Search;
    use crate::solve::pricing::price;
    use crate::solve::pricing::tests::soft_cover_stage;

    /// Column generation through the dual on a small Curtois roster, as
    /// the HiGHS master's test does: at every round the dual's value is
    /// the master's own (solved as a primal LP on its own), every schedule
    /// in the master has a reduced cost of zero or more and some has zero;
    /// each round lowers the master or leaves it; at the end the master is
    /// below the start's cost and no more than the optimum.
    #[test]
    fn the_dual_prices_whole_schedules_down_to_the_masters_optimum() {
        let problem = crate::solve::person::tests::week();
        let model = crate::solve::milp::build(&problem);
        let tier = Tier::SoftCover;
        let (objective, constant, start, broken) = soft_cover_stage(&problem, &model);
        let far = Instant::now() + Duration::from_secs(600);
        let mut search = Search::new(&model, tier, far, None, 1).expect("the tier is priced");
        search.meet(&start);
        let mut master = DualMaster::new(&model, &broken, &objective, &search.pool, &start);
        let mut last = f64::INFINITY;
        let mut rounds = 0;
        loop {
            assert!(master.solve(60.0), "the master solves");
            let held: HashMap<usize, Vec<Vec<usize>>> =
                master.people.iter().map(|p| (p.person, p.schedules.clone())).collect();
            let (primal, _) = solve_primal(&model, &broken, &objective, &held, 60.0).expect("the master solves");
            assert!((master.value - primal).abs() < 1e-6, "dual {} against primal {primal}", master.value);
            for (person, schedules) in &held {
                for s in schedules {
                    let gain = master.gain(*person, s).expect("in the master");
                    assert!(gain <= 1e-6, "person {person}: a schedule in the master gains {gain}");
                }
            }
            let mixed = master.mixed(far);
            assert!(held.keys().all(|p| mixed.get(p).is_some_and(|m| !m.is_empty())), "everyone mixes a schedule");
            for (person, schedules) in &mixed {
                assert!(schedules.iter().all(|s| master.gain(*person, s).is_some_and(|g| g.abs() <= 1e-6)));
            }
            assert!(master.value <= last + 1e-6, "the master rose from {last} to {}", master.value);
            last = master.value;
            rounds += 1;
            assert!(rounds < 500, "the pricing ends");
            if price(&mut master, &mut search, &start, far) == 0 {
                break;
            }
        }
        assert!(rounds > 1, "the pricing found a schedule that lowers the master");
        let optimum = crate::solve::solve(
            &problem,
            &crate::solve::SolveOptions {
                time_limit: Duration::from_secs(60),
                backend: crate::solve::Backend::Microlp,
                progress: None,
            },
        );
        let best = rules::costs(&problem, &optimum.roster).get(tier);
        assert!(master.value + constant <= best + 1e-6, "master {} above a roster's {best}", master.value + constant);
        assert!(master.value + constant < rules::costs(&problem, &start).get(tier) - 1e-6);
    }
}
