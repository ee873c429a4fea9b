//! The master LP in HiGHS ([`super`]): the stage's model, a column per
//! schedule, and rows that tie each x to the mix of its person's schedules,
//! whose duals are the slots' worth. It is kept in HiGHS from one solve to
//! the next: a schedule joins as a column, and the next solve starts from
//! the last basis, through HiGHS's own interface.

use std::collections::{HashMap, HashSet};
use std::ffi::c_int;
use std::time::Instant;

use good_lp::{
    variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, ResolutionError, SolverModel, Variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};

use super::super::pool::Pool;
use super::{first_columns, Master};
use crate::roster::Roster;
use crate::rules::MilpModel;

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
pub(in crate::solve) struct HighsMaster {
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

impl HighsMaster {
    /// The stage's master (`bounds`: the earlier tiers' rows; `objective`:
    /// the tier's) over the pool and `incumbent`'s own schedules, not yet
    /// solved.
    pub fn new(
        model: &MilpModel<'_>,
        bounds: &[Constraint],
        objective: &Expression,
        pool: &Pool,
        incumbent: &Roster,
    ) -> Result<HighsMaster, ResolutionError> {
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
            let schedules = first_columns(pool, person, incumbent)
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
        let mut master = HighsMaster {
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
}

impl Master for HighsMaster {
    fn solve(&mut self, seconds: f64) -> bool {
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

    fn prices(&self, person: usize) -> Option<&(f64, HashMap<usize, f64>)> {
        self.duals.get(&person)
    }

    fn mixed(&mut self, _until: Instant) -> HashMap<usize, Vec<Vec<usize>>> {
        std::mem::take(&mut self.mixed)
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::rules::{self, Tier};
    use crate::solve::person::Search;
    use crate::solve::pricing::tests::soft_cover_stage;
    use crate::solve::pricing::{price, WALKED};
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
        let problem = crate::solve::person::tests::week();
        let model = crate::solve::milp::build(&problem);
        let tier = Tier::SoftCover;
        let (objective, constant, start, broken) = soft_cover_stage(&problem, &model);
        let far = Instant::now() + Duration::from_secs(600);
        let mut search = Search::new(&model, tier, far, None, 1).expect("the tier is priced");
        search.meet(&start);
        let mut last = f64::INFINITY;
        let mut rounds = 0;
        let mut master =
            HighsMaster::new(&model, &broken, &objective, &search.pool, &start).expect("the master builds");
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
