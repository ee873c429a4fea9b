//! Column generation over the pool (Dantzig–Wolfe, with HiGHS): the master
//! LP is the stage's model with each person's x a convex mix of their
//! schedules in the pool ([`Pool::columns`]); the duals of the rows that tie
//! each x to the mix price every slot for its person, and the walk of
//! [`super::person`] finds the person's cheapest schedule at those prices.
//! A schedule whose price is below the person's share (the dual of their
//! convexity row) would lower the master LP: it joins the pool.
//!
//! The compact model's relaxation shares out fractions of single places,
//! which the rules on runs of duty and rest barely limit: on Curtois–Qu
//! Instance5 it is 15 against the best known 1143. A mix of whole legal
//! schedules is far tighter, and the schedules it mixes are the pieces of
//! good rosters that no single walk settles in: the pool's re-solves may
//! choose them ([`Pool::set_mixed`]), a price-and-branch heuristic.
//!
//! HiGHS only: the master's duals, and columns added between solves that
//! start from the last basis, need HiGHS's own interface.
//!
//! The walk is cut by a node budget, and prices only the limits it knows,
//! so the master LP is no proven bound; the rows of the model stay in the
//! master, so a schedule that breaks a rule the walk does not know is
//! never chosen.

use std::collections::{HashMap, HashSet};
use std::ffi::c_int;
use std::time::Instant;

use good_lp::{
    variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, ResolutionError, SolverModel, Variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};

use super::person::Search;
use super::pool::Pool;
use crate::roster::Roster;
use crate::rules::MilpModel;

/// The walks' best schedules per person that a master LP holds, beside
/// every priced one.
const WALKED: usize = 16;

/// One person's part of the master: their rows and schedules.
struct Person {
    person: usize,
    /// The row that makes their schedules' weights sum to one.
    share: c_int,
    /// The row that ties each of their x to the mix of their schedules.
    ties: Vec<(usize, c_int)>,
    /// Each schedule (slots in order) and its column.
    schedules: Vec<(Vec<usize>, usize)>,
}

/// The master LP, kept in HiGHS from one solve to the next: a schedule
/// joins as a column, and the next solve starts from the last basis.
pub(super) struct Master {
    highs: Option<highs::Model>,
    /// The objective's constant, which HiGHS's optimum leaves out.
    constant: f64,
    people: Vec<Person>,
    /// The last optimum.
    pub value: f64,
    /// Per person: the dual of their share row, and of each tie row by
    /// slot, at the last optimum.
    duals: HashMap<usize, (f64, HashMap<usize, f64>)>,
    /// The schedules the last optimum mixes, per person.
    pub mixed: HashMap<usize, Vec<Vec<usize>>>,
}

impl Master {
    /// The stage's master (`bounds`: the earlier tiers' rows; `objective`:
    /// the tier's) over the pool and `incumbent`'s own schedules, not yet
    /// solved.
    pub fn new(
        model: &MilpModel<'_>,
        bounds: &[Constraint],
        objective: &Expression,
        pool: &Pool,
        incumbent: &Roster,
    ) -> Result<Master, ResolutionError> {
        let decisions: HashSet<Variable> = model.assignment_vars().map(|(_, _, x)| x).collect();
        let mut vars = ProblemVariables::new();
        // good_lp numbers the columns in the order the variables were
        // made, and the copies keep the model's order.
        let mut column: HashMap<Variable, usize> = HashMap::new();
        for (v, def) in model.vars.iter_variables_with_def() {
            column.insert(v, column.len());
            // An x is its mix, which keeps it within 0 and 1: free of
            // bounds, its tie row's dual is its whole value to the master.
            let copy =
                if decisions.contains(&v) { variable() } else { variable().min(def.get_min()).max(def.get_max()) };
            vars.add(copy);
        }
        let mut people = Vec::new();
        for person in model.people_who_could_serve() {
            let own = incumbent.slots_of(person);
            let mut schedules: Vec<Vec<usize>> =
                pool.columns(person, WALKED).into_iter().map(<[usize]>::to_vec).collect();
            if !schedules.iter().any(|s| s == own) {
                schedules.push(own.to_vec());
            }
            let schedules = schedules
                .into_iter()
                .map(|s| {
                    vars.add(variable().min(0.0));
                    (s, vars.len() - 1)
                })
                .collect();
            people.push(Person { person, share: 0, ties: Vec::new(), schedules });
        }
        let mut highs = vars
            .minimise(objective.clone())
            .using(good_lp::highs)
            .with_all(model.constraints.iter().chain(bounds).cloned())
            .try_into_inner()?;
        highs.make_quiet();
        highs.set_option("threads", 1);
        let mut master = Master {
            highs: None,
            constant: objective.constant(),
            people: Vec::new(),
            value: f64::NAN,
            duals: HashMap::new(),
            mixed: HashMap::new(),
        };
        // Every share and tie row at once: HiGHS reshapes its matrix on
        // each call, which row by row took Instance13 (30 000 ties) 29 s.
        // SAFETY: the pointer is the live model's.
        let first = unsafe { highs_sys::Highs_getNumRow(highs.as_ptr()) };
        let mut rows = Sparse::default();
        for p in &mut people {
            p.share = first + rows.len();
            rows.push(1.0, p.schedules.iter().map(|&(_, c)| (c, 1.0)));
            for &(slot, x) in model.person_vars(p.person) {
                let mix = p.schedules.iter().filter(|(s, _)| s.binary_search(&slot).is_ok()).map(|&(_, c)| (c, -1.0));
                p.ties.push((slot, first + rows.len()));
                rows.push(0.0, std::iter::once((column[&x], 1.0)).chain(mix));
            }
        }
        // SAFETY: the pointer is the live model's, and the arrays are
        // those `Sparse` keeps consistent, over columns that exist.
        let status = unsafe {
            highs_sys::Highs_addRows(
                highs.as_mut_ptr(),
                rows.len(),
                rows.bound.as_ptr(),
                rows.bound.as_ptr(),
                rows.index.len() as c_int,
                rows.starts.as_ptr(),
                rows.index.as_ptr(),
                rows.value.as_ptr(),
            )
        };
        if status != highs_sys::STATUS_OK {
            return Err(ResolutionError::Str(format!("HiGHS would not add the master's rows ({status})")));
        }
        master.people = people;
        master.highs = Some(highs);
        Ok(master)
    }

    /// Solves the master within `seconds`; false when it is not solved
    /// to optimality.
    pub fn solve(&mut self, seconds: f64) -> bool {
        let Some(mut highs) = self.highs.take() else { return false };
        // HiGHS's clock runs on from one solve of the model to the next,
        // and its time limit is on that clock.
        // SAFETY: the pointer is the live model's.
        let spent = unsafe { highs_sys::Highs_getRunTime(highs.as_ptr()) };
        highs.set_option("time_limit", spent + seconds.max(0.01));
        let Ok(solved) = highs.try_solve() else { return false };
        let optimal = solved.status() == HighsModelStatus::Optimal
            && solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        if optimal {
            let solution = solved.get_solution();
            let (columns, duals) = (solution.columns(), solution.dual_rows());
            self.value = self.constant + solved.objective_value();
            let row = |r: c_int| duals[r as usize];
            self.duals = self
                .people
                .iter()
                .map(|p| (p.person, (row(p.share), p.ties.iter().map(|&(slot, r)| (slot, row(r))).collect())))
                .collect();
            let mixed = self.people.iter().map(|p| {
                let used = p.schedules.iter().filter(|&&(_, c)| columns[c] > 1e-6);
                (p.person, used.map(|(s, _)| s.clone()).collect())
            });
            self.mixed = mixed.collect();
        }
        let mut highs = highs::Model::from(solved);
        // From now on each solve starts from this one's basis, which
        // presolve would throw away.
        highs.set_option("presolve", "off");
        highs.set_option("simplex_strategy", 4);
        self.highs = Some(highs);
        optimal
    }

    /// Adds schedules (slots in order) of people as columns, all at once;
    /// false when HiGHS would not.
    fn add(&mut self, schedules: Vec<(usize, Vec<usize>)>) -> bool {
        let Some(highs) = self.highs.as_mut() else { return false };
        let mut columns = Sparse::default();
        let mut joining = Vec::new();
        for (person, schedule) in schedules {
            let Some(p) = self.people.iter().position(|p| p.person == person) else { continue };
            let ties = &self.people[p].ties;
            let on =
                ties.iter().filter(|(slot, _)| schedule.binary_search(slot).is_ok()).map(|&(_, r)| (r as usize, -1.0));
            columns.push(0.0, std::iter::once((self.people[p].share as usize, 1.0)).chain(on));
            joining.push((p, schedule));
        }
        // SAFETY: the pointer is the live model's.
        let first = unsafe { highs_sys::Highs_getNumCol(highs.as_ptr()) } as usize;
        let upper = vec![f64::INFINITY; columns.bound.len()];
        // SAFETY: the pointer is the live model's, and the arrays are
        // those `Sparse` keeps consistent, over rows that exist.
        let status = unsafe {
            highs_sys::Highs_addCols(
                highs.as_mut_ptr(),
                columns.len(),
                columns.bound.as_ptr(),
                columns.bound.as_ptr(),
                upper.as_ptr(),
                columns.index.len() as c_int,
                columns.starts.as_ptr(),
                columns.index.as_ptr(),
                columns.value.as_ptr(),
            )
        };
        if status != highs_sys::STATUS_OK {
            return false;
        }
        for (k, (p, schedule)) in joining.into_iter().enumerate() {
            self.people[p].schedules.push((schedule, first + k));
        }
        true
    }

    /// What a schedule of `person` would lower the master by, per unit
    /// (its negated reduced cost); None for someone not in the master.
    #[cfg(test)]
    pub fn gain(&self, person: usize, schedule: &[usize]) -> Option<f64> {
        let (share, by_slot) = self.duals.get(&person)?;
        Some(share - schedule.iter().map(|s| by_slot.get(s).copied().unwrap_or(0.0)).sum::<f64>())
    }
}

/// Rows (or columns) in the compressed form HiGHS takes many at once: each
/// with one number (a row's value; a column's cost, which is also its lower
/// bound, zero) and its entries.
#[derive(Default)]
struct Sparse {
    bound: Vec<f64>,
    starts: Vec<c_int>,
    index: Vec<c_int>,
    value: Vec<f64>,
}

impl Sparse {
    fn len(&self) -> c_int {
        self.bound.len() as c_int
    }

    /// A row over columns, or a column over rows, by index.
    fn push(&mut self, bound: f64, entries: impl Iterator<Item = (usize, f64)>) {
        self.bound.push(bound);
        self.starts.push(self.index.len() as c_int);
        for (i, w) in entries {
            self.index.push(i as c_int);
            self.value.push(w);
        }
    }
}

/// One round of pricing: each movable person's cheapest schedule at the
/// master's prices, kept in the pool and added to the master when it would
/// lower the master. How many schedules joined; the pricing stops at
/// `deadline`.
pub(super) fn price(master: &mut Master, search: &mut Search, incumbent: &Roster, deadline: Instant) -> usize {
    let mut found = Vec::new();
    // One copy for every person: each is taken off it and put back.
    let mut roster = incumbent.clone();
    for &person in search.movable() {
        if Instant::now() >= deadline {
            break;
        }
        let Some((share, by_slot)) = master.duals.get(&person) else { continue };
        // Reduced cost: the slots' tie duals less the share's dual.
        let price = |slot: usize| by_slot.get(&slot).copied().unwrap_or(0.0);
        if let Some(schedule) = search.cheapest_at(&mut roster, person, price, share - 1e-6) {
            found.push((person, schedule));
        }
    }
    found.retain(|(person, schedule)| search.pool.add_priced(*person, schedule.clone()));
    let joined = found.len();
    if master.add(found) {
        joined
    } else {
        0
    }
}

#[cfg(all(test, feature = "highs"))]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::rules::{self, Tier};
    use crate::solve::{Backend, SolveOptions};

    /// Column generation from one roster's schedules on a small Curtois
    /// roster: every master keeps each of its schedules at a reduced cost
    /// of zero or more (the duals' sign is right) and the mixed ones at
    /// zero; each round that adds a schedule lowers the master or leaves
    /// it; at the end, with nothing more to add, the master is no more
    /// than the proven optimum (the walk prices this roster exactly) and
    /// below the start's cost.
    #[test]
    fn pricing_lowers_the_master_to_the_bound_of_whole_schedules() {
        let problem = super::super::person::tests::week();
        let model = super::super::milp::build(&problem);
        let tier = Tier::SoftCover;
        let objective = model.tiers[tier as usize].clone();
        let constant = model.tier_constants[tier as usize];
        let mut start = super::super::construct(&problem).roster;
        super::super::legalize(&problem, &mut start);
        // The earlier tier as the stage before would leave it.
        let short = rules::costs(&problem, &start).get(Tier::Broken);
        let broken =
            [(model.tiers[Tier::Broken as usize].clone() + model.tier_constants[Tier::Broken as usize]).leq(short)];
        let far = Instant::now() + Duration::from_secs(600);
        let mut search = Search::new(&model, tier, far, None, 1).expect("the tier is priced");
        search.meet(&start);
        let mut last = f64::INFINITY;
        let mut rounds = 0;
        let mut master = Master::new(&model, &broken, &objective, &search.pool, &start).expect("the master builds");
        loop {
            assert!(master.solve(60.0), "the master solves");
            for person in model.people_who_could_serve() {
                let own = start.slots_of(person);
                for schedule in search.pool.columns(person, WALKED).into_iter().chain([own]) {
                    let gain = master.gain(person, schedule).expect("in the master");
                    assert!(gain <= 1e-6, "person {person}: a schedule in the master gains {gain}");
                }
                for schedule in &master.mixed[&person] {
                    let gain = master.gain(person, schedule).expect("in the master");
                    assert!(gain.abs() <= 1e-6, "person {person}: a mixed schedule gains {gain}");
                }
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
            &SolveOptions { time_limit: Duration::from_secs(60), backend: Backend::Highs, progress: None },
        );
        assert!(optimum.optimal);
        let best = rules::costs(&problem, &optimum.roster).get(tier);
        assert!(master.value + constant <= best + 1e-6, "master {} above the optimum {best}", master.value + constant);
        assert!(master.value + constant < rules::costs(&problem, &start).get(tier) - 1e-6);
    }
}
