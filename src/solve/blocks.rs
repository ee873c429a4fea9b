//! A stage's model split into blocks that share only the objective's
//! variables, each solved on its own: their relaxations, or their MILPs.
//!
//! A province-wide roster is several rosters side by side: the people of
//! one unit hold only their unit's slots, and what ties the units together
//! is the objective itself (one largest burden over everyone). Leaving out
//! rows only relaxes a model, so the model of one block — its own rows, the
//! rows on the objective's variables, and its part of every row that adds
//! up non-negative amounts over everyone (an earlier tier's bound) — is a
//! relaxation of the whole, and the largest of the blocks' optima is a
//! proven lower bound. When the blocks are independent, the largest of
//! their LP optima *is* the whole LP's optimum, found from LPs a fifth of
//! the size each; and a block's MILP can prove what no relaxation does.
//!
//! gen-large (22 000 assignments): microlp does not solve the whole
//! relaxation within a stage, but solves its six blocks in about a second,
//! and their largest optimum, 23.17 burden units, proves the largest
//! burden of 6 points (24 units). No relaxation proves its spread of 2.5
//! (2.05 at best), but the MILP of the 10 leaders' block alone does.

use std::collections::HashMap;
use std::time::Instant;

use good_lp::{
    Constraint, Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus, SolverModel, Variable,
    VariableDefinition, WithTimeLimit,
};

use super::disjoint::DisjointSets;
use super::Backend;

/// A lower bound on the model of `rows` and `sums` minimising `objective`
/// over `vars` as given (relaxed or not), from its blocks solved before
/// `deadline`. None when there is only one block (the whole model is the
/// caller's to solve) or the blocks solved prove nothing.
///
/// The model's `rows` make the blocks: variables that meet in a row, other
/// than the `hubs`, are in the same block. A hub (the largest or smallest
/// burden) ties every block together; each block gets its own copy of it.
/// The `sums` (the earlier tiers' bounds, which span everyone) do not make
/// blocks: each block keeps its part of a sum of non-negative amounts, and
/// leaves out any other sum.
///
/// An objective on hubs only (the largest burden, the spread) is bounded by
/// the largest of the blocks' optima; one on no hub (the wishes) by the sum
/// of the blocks' optima for their own parts of it.
pub(super) fn bound_by_blocks(
    vars: &ProblemVariables,
    rows: &[Constraint],
    sums: &[Constraint],
    objective: &Expression,
    hubs: &[Variable],
    backend: Backend,
    deadline: Instant,
) -> Option<f64> {
    let blocks = Blocks::new(vars, rows, objective, hubs)?;
    if blocks.count < 2 {
        return None;
    }
    // Smallest first, two at a time (one per core): a small block can
    // decide the bound (gen-large's spread: the leaders' block of 700
    // variables, solved in a tenth of what the units' take).
    let mut order: Vec<usize> = (0..blocks.count).collect();
    order.sort_by_key(|&b| blocks.size[b]);
    let parallel = super::cores();
    let mut optima: Vec<(usize, Option<f64>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..parallel)
            .map(|worker| {
                let mine: Vec<usize> = order.iter().copied().skip(worker).step_by(parallel).collect();
                let blocks = &blocks;
                scope.spawn(move || {
                    mine.into_iter()
                        .map(|b| (b, blocks.optimum(backend, b, rows, sums, objective, deadline)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    optima.sort_by_key(|&(b, _)| b);
    if blocks.aggregate {
        return optima.into_iter().filter_map(|(_, v)| v).reduce(f64::max);
    }
    // Every block's part counts; one not solved counts its least possible.
    let mut total = objective.constant();
    for (b, optimum) in optima {
        total += optimum.or_else(|| blocks.least(b, objective))?;
    }
    Some(total)
}

/// Which block every variable belongs to.
struct Blocks {
    defs: Vec<(Variable, VariableDefinition)>,
    index: HashMap<Variable, usize>,
    /// Block of each variable; None for the hubs and for variables of no
    /// block that bears on the objective.
    block: Vec<Option<usize>>,
    /// Variables per block.
    size: Vec<usize>,
    count: usize,
    /// The hubs, and the objective's variables when it is on hubs only:
    /// every block has its own copy.
    shared: Vec<bool>,
    /// Whether the objective is on hubs only (bounded by the largest block
    /// optimum) rather than on blocks' own variables (by their sum).
    aggregate: bool,
}

impl Blocks {
    /// None when the objective mixes hubs and blocks' own variables.
    fn new(vars: &ProblemVariables, rows: &[Constraint], objective: &Expression, hubs: &[Variable]) -> Option<Blocks> {
        let defs: Vec<(Variable, VariableDefinition)> =
            vars.iter_variables_with_def().map(|(v, d)| (v, d.clone())).collect();
        let index: HashMap<Variable, usize> = defs.iter().enumerate().map(|(i, &(v, _))| (v, i)).collect();
        let mut shared = vec![false; defs.len()];
        for v in hubs {
            shared[index[v]] = true;
        }
        let on_hubs = objective.linear_coefficients().filter(|(v, _)| shared[index[v]]).count();
        let aggregate = on_hubs > 0;
        if aggregate && on_hubs < objective.linear_coefficients().count() {
            return None;
        }
        let mut sets = DisjointSets::new(defs.len());
        let own = |row: &Constraint| -> Vec<usize> {
            row.expression().linear_coefficients().map(|(v, _)| index[&v]).filter(|&i| !shared[i]).collect()
        };
        for row in rows {
            sets.join_all(&own(row));
        }
        // Only blocks that bear on the objective can bound it: those that
        // meet its hubs in a row, or that hold its variables.
        let mut numbered: HashMap<usize, usize> = HashMap::new();
        let mut number = |sets: &mut DisjointSets, i: usize| {
            let r = sets.root(i);
            let next = numbered.len();
            numbered.entry(r).or_insert(next);
        };
        if aggregate {
            let in_objective: Vec<Variable> = objective.linear_coefficients().map(|(v, _)| v).collect();
            for row in
                rows.iter().filter(|r| r.expression().linear_coefficients().any(|(v, _)| in_objective.contains(&v)))
            {
                for i in own(row) {
                    number(&mut sets, i);
                }
            }
        } else {
            for (v, _) in objective.linear_coefficients() {
                number(&mut sets, index[&v]);
            }
        }
        let block: Vec<Option<usize>> = (0..defs.len()).map(|i| numbered.get(&sets.root(i)).copied()).collect();
        let count = numbered.len();
        let mut size = vec![0; count];
        for b in block.iter().flatten() {
            size[*b] += 1;
        }
        Some(Blocks { defs, index, block, size, count, shared, aggregate })
    }

    /// The least block `b`'s part of the objective can be, from its
    /// variables' bounds alone; None when unbounded.
    fn least(&self, b: usize, objective: &Expression) -> Option<f64> {
        let mut total = 0.0;
        for (v, c) in objective.linear_coefficients() {
            let i = self.index[&v];
            if self.block[i] == Some(b) {
                let d = &self.defs[i].1;
                let least = (c * d.get_min()).min(c * d.get_max());
                total += least;
            }
        }
        total.is_finite().then_some(total)
    }

    /// The optimum of block `b`'s model if solved before the deadline; for
    /// a MILP microlp stopped, its proven bound.
    fn optimum(
        &self,
        backend: Backend,
        b: usize,
        rows: &[Constraint],
        sums: &[Constraint],
        objective: &Expression,
        deadline: Instant,
    ) -> Option<f64> {
        let seconds = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
        if seconds <= 0.0 {
            return None;
        }
        let mut vars = ProblemVariables::new();
        let mut renamed: HashMap<Variable, Variable> = HashMap::new();
        for (i, (v, def)) in self.defs.iter().enumerate() {
            if self.shared[i] || self.block[i] == Some(b) {
                renamed.insert(*v, vars.add(def.clone()));
            }
        }
        // A row keeps its terms in this block and on the objective. A row
        // with terms elsewhere is another block's, or a sum: a sum of
        // non-negative amounts keeps this block's part (the rest only adds
        // to it), any other is left out.
        let restricted = |row: &Constraint| -> Option<Constraint> {
            let e = row.expression();
            let mut out = Expression::from(e.constant());
            let mut elsewhere = false;
            for (v, c) in e.linear_coefficients() {
                match renamed.get(&v) {
                    Some(&new) => out.add_mul(c, new),
                    None => elsewhere = true,
                }
            }
            let keep = !elsewhere || splits(row, &self.defs, &self.index, &self.shared);
            // good_lp keeps every row as `expression <= 0` or `= 0`.
            keep.then(|| if row.is_equality() { out.eq(0.0) } else { out.leq(0.0) })
        };
        let mine = |row: &&Constraint| row.expression().linear_coefficients().all(|(v, _)| renamed.contains_key(&v));
        // The whole objective when it is on hubs; else this block's part.
        let mut objective_here = Expression::from(if self.aggregate { objective.constant() } else { 0.0 });
        for (v, c) in objective.linear_coefficients() {
            if let Some(&new) = renamed.get(&v) {
                objective_here.add_mul(c, new);
            }
        }
        let problem = vars.minimise(objective_here.clone());
        let rows = rows.iter().filter(mine).chain(sums).filter_map(restricted);
        match backend {
            Backend::Microlp => {
                let solution = problem.using(good_lp::microlp).with_all(rows).with_time_limit(seconds).solve().ok()?;
                if matches!(solution.status(), SolutionStatus::Optimal) {
                    return Some(solution.eval(&objective_here));
                }
                // A MILP stopped by the time limit still has a proven
                // bound; an LP's is not kept.
                let integer =
                    self.defs.iter().enumerate().any(|(i, (_, d))| self.block[i] == Some(b) && d.is_integer());
                // microlp leaves the objective's constant out.
                let bound = solution.into_inner().stats().best_bound;
                bound.filter(|b| integer && b.is_finite()).map(|b| b + objective_here.constant())
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                let solution =
                    problem.using(good_lp::highs).with_all(rows).set_time_limit(seconds).set_threads(1).solve().ok()?;
                matches!(solution.status(), SolutionStatus::Optimal).then(|| solution.eval(&objective_here))
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => None,
        }
    }
}

/// Whether a row `Σ c·v + k <= 0` only adds up non-negative amounts
/// outside the objective (c > 0, v >= 0): any part of it alone still holds
/// in every solution, so it does not tie blocks together.
fn splits(
    row: &Constraint,
    defs: &[(Variable, VariableDefinition)],
    index: &HashMap<Variable, usize>,
    shared: &[bool],
) -> bool {
    !row.is_equality()
        && row.expression().linear_coefficients().all(|(v, c)| {
            let i = index[&v];
            shared[i] || (c > 0.0 && defs[i].1.get_min() >= 0.0)
        })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use good_lp::variable;

    use super::*;

    /// A relaxed model of two groups of two people, each group sharing 3
    /// places of weight 1 (4 in the second group with `extra_place`):
    /// rows, sums (nothing unfilled, over both groups), the largest load as
    /// the objective, and the smallest load over everyone (the spread's
    /// hub).
    struct TwoGroups {
        vars: ProblemVariables,
        rows: Vec<Constraint>,
        sums: Vec<Constraint>,
        objective: Expression,
        largest: Variable,
        smallest: Variable,
        /// The first group's first person's place 0, and the second's.
        firsts: (Variable, Variable),
    }

    fn two_groups(extra_place: bool) -> TwoGroups {
        two_groups_of(extra_place, false)
    }

    /// The same, with whole places when `integer`.
    fn two_groups_of(extra_place: bool, integer: bool) -> TwoGroups {
        let mut vars = ProblemVariables::new();
        let largest = vars.add(variable().min(0.0));
        let smallest = vars.add(variable().min(0.0));
        let mut rows = Vec::new();
        let mut shortfall = Expression::from(0.0);
        let mut firsts = Vec::new();
        for group in 0..2 {
            let places = if group == 1 && extra_place { 4 } else { 3 };
            let mut place = || {
                let x = variable().min(0.0).max(1.0);
                vars.add(if integer { x.integer() } else { x })
            };
            let x: Vec<Vec<Variable>> = (0..2).map(|_| (0..places).map(|_| place()).collect()).collect();
            firsts.push(x[0][0]);
            for (&first, &second) in x[0].iter().zip(&x[1]) {
                let short = vars.add(variable().min(0.0));
                shortfall += short;
                rows.push((first + second + short).geq(1.0));
            }
            for person in &x {
                let load: Expression = person.iter().sum();
                rows.push(load.clone().leq(largest));
                rows.push(load.geq(smallest));
            }
        }
        let sums = vec![shortfall.leq(0.0)];
        let objective = Expression::from(largest);
        TwoGroups { vars, rows, sums, objective, largest, smallest, firsts: (firsts[0], firsts[1]) }
    }

    impl TwoGroups {
        fn hubs(&self) -> [Variable; 2] {
            [self.largest, self.smallest]
        }
    }

    fn bound(m: &TwoGroups, hubs: &[Variable], seconds: u64) -> Option<f64> {
        bound_with(Backend::Microlp, m, hubs, seconds)
    }

    fn bound_with(backend: Backend, m: &TwoGroups, hubs: &[Variable], seconds: u64) -> Option<f64> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        bound_by_blocks(&m.vars, &m.rows, &m.sums, &m.objective, hubs, backend, deadline)
    }

    #[test]
    fn the_blocks_milps_prove_what_their_relaxations_cannot() {
        // Three whole places for two people: someone holds two.
        let m = two_groups_of(false, true);
        let b = bound(&m, &m.hubs(), 30).expect("two blocks");
        assert!((b - 2.0).abs() < 1e-6, "{b}");
        #[cfg(feature = "highs")]
        {
            let b = bound_with(Backend::Highs, &m, &m.hubs(), 30).expect("two blocks");
            assert!((b - 2.0).abs() < 1e-6, "{b}");
        }
    }

    #[test]
    fn the_largest_block_optimum_is_the_whole_relaxation() {
        // 3 places for 2 people: 1.5 each at best.
        let m = two_groups(false);
        let b = bound(&m, &m.hubs(), 30).expect("two blocks");
        assert!((b - 1.5).abs() < 1e-6, "{b}");
        // The busier group decides: 4 places for 2 people.
        let m = two_groups(true);
        let b = bound(&m, &m.hubs(), 30).expect("two blocks");
        assert!((b - 2.0).abs() < 1e-6, "{b}");
    }

    #[test]
    fn the_hubs_tie_the_blocks_unless_named() {
        let m = two_groups(true);
        assert_eq!(bound(&m, &[], 30), None);
        assert_eq!(bound(&m, &[m.largest], 30), None, "the smallest load ties the groups");
        assert!(bound(&m, &m.hubs(), 30).is_some());
    }

    #[test]
    fn an_objective_on_the_blocks_own_variables_is_bounded_by_their_sum() {
        // Every place filled (the sum), fewest places held in all: 3 + 4.
        let mut m = two_groups(true);
        m.objective = m
            .vars
            .iter_variables_with_def()
            .filter(|(v, d)| d.get_max() == 1.0 && !m.hubs().contains(v))
            .map(|(v, _)| v)
            .sum::<Expression>()
            + 10.0;
        let b = bound(&m, &m.hubs(), 30).expect("two blocks");
        assert!((b - 17.0).abs() < 1e-6, "{b}");
        // An objective on a hub and a block's own variable is neither.
        m.objective += m.largest;
        assert_eq!(bound(&m, &m.hubs(), 30), None);
    }

    #[test]
    fn a_row_across_blocks_joins_them() {
        let mut m = two_groups(false);
        m.rows.push((m.firsts.0 + m.firsts.1).eq(1.0));
        assert_eq!(bound(&m, &m.hubs(), 30), None);
    }

    #[test]
    fn a_sum_that_is_not_of_non_negatives_is_left_out() {
        // Without the sum, places may stay empty and the largest load is 0;
        // a sum with a negative term must not be split (it would wrongly
        // force what it does not).
        let mut m = two_groups(true);
        m.sums.clear();
        assert!(bound(&m, &m.hubs(), 30).is_some_and(|b| b.abs() < 1e-6));
        m.sums.push((m.firsts.0 - m.firsts.1).geq(1.0));
        assert!(bound(&m, &m.hubs(), 30).is_some_and(|b| b.abs() < 1e-6));
    }

    #[test]
    fn on_a_real_roster_the_blocks_give_the_whole_relaxation() {
        // gen-small: the leaders and the technical staff hold different
        // posts, two blocks tied only by the largest burden.
        let text = crate::bench::generate::roster_toml(crate::bench::generate::Family::Small, 1);
        let problem = crate::input::parse_str(&text, "gen-small.toml").expect("generated roster");
        let model = super::super::milp::build(&problem);
        // The relaxation: the same variables, in the same order, without
        // integrality.
        let relaxed = || {
            let mut vars = ProblemVariables::new();
            let renamed: HashMap<Variable, Variable> = model
                .vars
                .iter_variables_with_def()
                .map(|(v, def)| (v, vars.add(variable().min(def.get_min()).max(def.get_max()))))
                .collect();
            (vars, renamed)
        };
        let (_, renamed) = relaxed();
        let rename = |e: &Expression| {
            let mut out = Expression::from(e.constant());
            for (v, c) in e.linear_coefficients() {
                out.add_mul(c, renamed[&v]);
            }
            out
        };
        let rows: Vec<Constraint> = model
            .constraints
            .iter()
            .map(|r| if r.is_equality() { rename(r.expression()).eq(0.0) } else { rename(r.expression()).leq(0.0) })
            .collect();
        let tier = |t: crate::rules::Tier| rename(&model.tiers[t as usize]);
        let hubs: Vec<Variable> = [crate::rules::Tier::MaxBurden, crate::rules::Tier::Spread]
            .into_iter()
            .flat_map(|t| tier(t).linear_coefficients().map(|(v, _)| v).collect::<Vec<_>>())
            .collect();
        // Nothing unfilled, as the stage before asks.
        let mut sums = vec![tier(crate::rules::Tier::Unfilled).leq(0.0)];
        let both = |objective: &Expression, sums: &[Constraint]| {
            let deadline = Instant::now() + Duration::from_secs(600);
            let (vars, _) = relaxed();
            let blocks =
                bound_by_blocks(&vars, &rows, sums, objective, &hubs, Backend::Microlp, deadline).expect("two blocks");
            let (vars, _) = relaxed();
            let whole = vars
                .minimise(objective.clone())
                .using(good_lp::microlp)
                .with_all(rows.iter().chain(sums).cloned())
                .solve()
                .expect("whole LP");
            (blocks, whole.eval(objective))
        };
        // The largest burden: the largest block optimum.
        let largest = tier(crate::rules::Tier::MaxBurden);
        let (blocks, whole) = both(&largest, &sums);
        assert!(blocks > 0.0 && (blocks - whole).abs() < 1e-6, "blocks {blocks}, whole {whole}");
        // The wishes, with the largest burden held at its least: the sum
        // of the blocks' parts.
        sums.push(largest.leq(whole + 1e-6));
        let (blocks, whole) = both(&tier(crate::rules::Tier::Wishes), &sums);
        assert!(whole.abs() > 1e-6 && (blocks - whole).abs() < 1e-6, "blocks {blocks}, whole {whole}");
    }

    #[test]
    fn no_time_no_bound() {
        let m = two_groups(true);
        assert_eq!(bound(&m, &m.hubs(), 0), None);
    }
}
