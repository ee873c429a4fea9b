//! A neighbourhood's MILP: a stage's model with the variables outside the
//! neighbourhood pinned and substituted away. Rows left with no free
//! variable are dropped, the others carry the pinned part in their
//! constant, and (with pruning) the parts of the model that no free
//! decision reaches are left out. microlp solves every node's LP over
//! what is left, and HiGHS presolves it, so a neighbourhood costs in
//! proportion to its own size, not the roster's.
//!
//! A stage re-solves hundreds of neighbourhoods of one model: its rows
//! are numbered once ([`RowTable`]), and each re-solve substitutes and
//! prunes over those arrays rather than over good_lp's expressions, whose
//! coefficients sit in hash maps.

use std::collections::HashMap;

use good_lp::{Expression, IntoAffineExpression, ProblemVariables, Variable, VariableDefinition};
use rustc_hash::FxHashMap;

use super::disjoint::DisjointSets;

/// Rows as arrays over column numbers: each row's coefficients, its
/// constant and whether it is an equality (`expression = 0`, else
/// `expression <= 0`, as good_lp keeps every row).
#[derive(Default)]
pub(super) struct RowTable {
    /// Each variable the rows may use → its column: its place among the
    /// variables it was made with.
    columns: FxHashMap<Variable, usize>,
    /// Row r's coefficients are `entries[starts[r]..starts[r + 1]]`.
    starts: Vec<usize>,
    entries: Vec<(u32, f64)>,
    constants: Vec<f64>,
    equalities: Vec<bool>,
    /// Column c appears in the rows
    /// `rows_of[column_starts[c]..column_starts[c + 1]]`: a re-solve
    /// visits only the rows of its free columns.
    column_starts: Vec<usize>,
    rows_of: Vec<u32>,
}

impl RowTable {
    /// `rows` over the variables of `vars`, numbered in the order they
    /// were made.
    pub(super) fn new<'r>(
        vars: &ProblemVariables,
        rows: impl IntoIterator<Item = &'r good_lp::Constraint>,
    ) -> RowTable {
        let columns: FxHashMap<Variable, usize> =
            vars.iter_variables_with_def().enumerate().map(|(i, (v, _))| (v, i)).collect();
        let mut table = RowTable { starts: vec![0], ..RowTable::default() };
        for row in rows {
            table.push(row, |v| *columns.get(&v).expect("a row's variable is one of the model's"));
        }
        // Each column's rows, in order: counted, then placed.
        let mut column_starts = vec![0; columns.len() + 1];
        for &(c, _) in &table.entries {
            column_starts[c as usize + 1] += 1;
        }
        for c in 0..columns.len() {
            column_starts[c + 1] += column_starts[c];
        }
        let mut next = column_starts.clone();
        let mut rows_of = vec![0; table.entries.len()];
        for r in 0..table.len() {
            for &(c, _) in table.row(r).0 {
                rows_of[next[c as usize]] = r as u32;
                next[c as usize] += 1;
            }
        }
        RowTable { columns, column_starts, rows_of, ..table }
    }

    fn push(&mut self, row: &good_lp::Constraint, column: impl Fn(Variable) -> usize) {
        let e = row.expression();
        self.entries.extend(e.linear_coefficients().map(|(v, c)| (column(v) as u32, c)));
        self.starts.push(self.entries.len());
        self.constants.push(e.constant());
        self.equalities.push(row.is_equality());
    }

    fn len(&self) -> usize {
        self.constants.len()
    }

    /// Row r: its coefficients, constant and whether it is an equality.
    fn row(&self, r: usize) -> (&[(u32, f64)], f64, bool) {
        (&self.entries[self.starts[r]..self.starts[r + 1]], self.constants[r], self.equalities[r])
    }
}

/// A stage's MILP with the pinned variables substituted away (see the
/// module's documentation).
pub(super) struct Reduced {
    pub(super) vars: ProblemVariables,
    pub(super) rows: Vec<good_lp::Constraint>,
    pub(super) objective: Expression,
    /// Each free variable of the full model → its variable here and that
    /// variable's column (the order it was made in).
    pub(super) renamed: FxHashMap<Variable, (Variable, usize)>,
    /// The pinned variables' values: the given ones and those a row holds
    /// at zero.
    pub(super) pinned: FxHashMap<Variable, f64>,
}

impl Reduced {
    /// The model of `all`'s variables, with the rows of `table` (made over
    /// the first of them, [`RowTable::new`]) and `extra`, the variables in
    /// `fixed` pinned. `decisions` are the variables whose values the
    /// caller reads (the x); with `prune`, parts of the model that no free
    /// decision reaches are left out.
    pub(super) fn new(
        all: ProblemVariables,
        fixed: &HashMap<Variable, f64>,
        table: &RowTable,
        extra: impl Iterator<Item = good_lp::Constraint>,
        objective: Expression,
        decisions: &[Variable],
        prune: bool,
    ) -> Reduced {
        let defs: Vec<(Variable, VariableDefinition)> =
            all.iter_variables_with_def().map(|(v, d)| (v, d.clone())).collect();
        let base = table.columns.len();
        assert!(base <= defs.len(), "the table's rows are over the model's first variables");
        // Variables made after the table's (a surrogate objective's, a
        // pool's choices): few, looked up apart.
        let later: FxHashMap<Variable, usize> =
            defs[base..].iter().enumerate().map(|(i, &(v, _))| (v, base + i)).collect();
        let column = |v: Variable| table.columns.get(&v).or_else(|| later.get(&v)).copied();
        let mut extra_table = RowTable { starts: vec![0], ..RowTable::default() };
        for row in extra {
            extra_table.push(&row, |v| column(v).expect("a row's variable is one of the model's"));
        }
        // Each column's pinned value, NaN where free.
        let mut fixed_at = vec![f64::NAN; defs.len()];
        for (&v, &value) in fixed {
            if let Some(c) = column(v) {
                fixed_at[c] = value;
            }
        }
        // Only a row with a free column can change: the table's rows of
        // the free columns, in order, and every row beside it.
        let mut visit = vec![false; table.len()];
        for c in (0..base).filter(|&c| fixed_at[c].is_nan()) {
            for &r in &table.rows_of[table.column_starts[c]..table.column_starts[c + 1]] {
                visit[r as usize] = true;
            }
        }
        let visited: Vec<usize> =
            (0..table.len()).filter(|&r| visit[r]).chain(table.len()..table.len() + extra_table.len()).collect();
        let row = |r: usize| if r < table.len() { table.row(r) } else { extra_table.row(r - table.len()) };
        let rows = || visited.iter().map(|&r| (r, row(r)));
        let mut pinned_at = fixed_at.clone();
        if prune {
            let at_least_zero: Vec<bool> = defs.iter().map(|(_, d)| d.get_min() == 0.0).collect();
            // A row `sum of c·v <= 0` over free variables with c > 0 and
            // v >= 0 (an earlier tier's bound at zero, say) holds them all
            // at zero: pinning them lets the pruning below see through it.
            for (_, (entries, constant, equality)) in rows() {
                if equality {
                    continue;
                }
                let mut rest = constant;
                let mut all_at_zero = true;
                let mut any_free = false;
                for &(c, a) in entries {
                    let value = fixed_at[c as usize];
                    if value.is_nan() {
                        any_free = true;
                        all_at_zero &= a > 0.0 && at_least_zero[c as usize];
                    } else {
                        rest += a * value;
                    }
                }
                if any_free && all_at_zero && rest >= -1e-9 {
                    for &(c, _) in entries.iter().filter(|&&(c, _)| fixed_at[c as usize].is_nan()) {
                        pinned_at[c as usize] = 0.0;
                    }
                }
            }
        }
        let free = |c: usize| pinned_at[c].is_nan();
        // Which variables to keep: every free one, or with `prune` those
        // linked (through rows) to a free decision. The others are settled
        // by the pinned part alone: their rows and objective terms do not
        // change with the neighbourhood.
        let mut keep: Vec<bool> = (0..defs.len()).map(free).collect();
        // Each row with a free variable, by its first free column.
        let mut live: Vec<(usize, usize)> = Vec::new();
        let mut sets = DisjointSets::new(if prune { defs.len() } else { 0 });
        for (r, (entries, _, _)) in rows() {
            let mut first = None;
            for &(c, _) in entries.iter().filter(|&&(c, _)| free(c as usize)) {
                match first {
                    None => first = Some(c as usize),
                    Some(f) if prune => sets.join(f, c as usize),
                    Some(_) => {}
                }
            }
            // A row of pinned variables only is kept by the incumbent.
            if let Some(f) = first {
                live.push((r, f));
            }
        }
        if prune {
            let mut reached = vec![false; defs.len()];
            for c in decisions.iter().filter_map(|&x| column(x)).filter(|&c| free(c)) {
                reached[sets.root(c)] = true;
            }
            for (c, kept) in keep.iter_mut().enumerate() {
                *kept = *kept && reached[sets.root(c)];
            }
        }
        let mut vars = ProblemVariables::new();
        let mut new_column: Vec<Option<Variable>> = vec![None; defs.len()];
        let mut renamed = FxHashMap::default();
        let mut pinned = FxHashMap::default();
        for (c, (v, def)) in defs.into_iter().enumerate() {
            if keep[c] {
                let column = vars.len();
                let new = vars.add(def);
                new_column[c] = Some(new);
                renamed.insert(v, (new, column));
            } else if !pinned_at[c].is_nan() {
                pinned.insert(v, pinned_at[c]);
            }
        }
        // A kept row's free variables are all kept: they are linked to its
        // first.
        let expression = |entries: &[(u32, f64)], constant: f64| -> Expression {
            let mut out = Expression::with_capacity(entries.len());
            let mut constant = constant;
            for &(c, a) in entries {
                match new_column[c as usize] {
                    Some(new) => out.add_mul(a, new),
                    None if !pinned_at[c as usize].is_nan() => constant += a * pinned_at[c as usize],
                    None => {}
                }
            }
            out += constant;
            out
        };
        let rows = live
            .into_iter()
            .filter(|&(_, first)| keep[first])
            .map(|(r, _)| {
                let (entries, constant, equality) = row(r);
                let e = expression(entries, constant);
                if equality {
                    e.eq(0.0)
                } else {
                    e.leq(0.0)
                }
            })
            .collect();
        let objective_entries: Vec<(u32, f64)> =
            (&objective).linear_coefficients().filter_map(|(v, a)| column(v).map(|c| (c as u32, a))).collect();
        let objective = expression(&objective_entries, objective.constant());
        Reduced { vars, rows, objective, renamed, pinned }
    }
}

#[cfg(test)]
mod tests {
    use good_lp::{variable, Solution, SolverModel};

    use super::*;

    #[test]
    fn pinned_variables_leave_the_reduced_model() {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().binary());
        let y = vars.add(variable().binary());
        let z = vars.add(variable().binary());
        let rows = vec![(x + y).leq(1.0), (x + z).geq(1.0), Expression::from(x).eq(1.0)];
        let table = RowTable::new(&vars, &rows);
        let fixed: HashMap<Variable, f64> = [(x, 1.0)].into_iter().collect();
        let reduced = Reduced::new(vars, &fixed, &table, std::iter::empty(), 2.0 * x + y + z, &[x, y, z], false);
        assert_eq!(reduced.vars.len(), 2);
        assert!(!reduced.renamed.contains_key(&x));
        // x = 1 alone is dropped; x + y <= 1 becomes y <= 0; x + z >= 1
        // becomes 0 <= z, kept as a row on z.
        assert_eq!(reduced.rows.len(), 2);
        let (y2, _) = reduced.renamed[&y];
        let (z2, _) = reduced.renamed[&z];
        let solution = reduced
            .vars
            .maximise(reduced.objective.clone())
            .using(good_lp::microlp)
            .with_all(reduced.rows.clone())
            .solve()
            .expect("solvable");
        assert_eq!(solution.value(y2), 0.0);
        assert_eq!(solution.value(z2), 1.0);
        // The pinned part of the objective is its constant.
        assert_eq!(reduced.objective.eval_with(&solution), 3.0);
    }

    /// Three variables a, b, c (continuous, at least 0) and the free x, the
    /// pinned y; the rows of [`pruning_drops_what_no_free_decision_reaches`].
    fn pruned_example() -> (ProblemVariables, [Variable; 5], Vec<good_lp::Constraint>) {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().binary());
        let y = vars.add(variable().binary());
        let a = vars.add(variable().min(0));
        let b = vars.add(variable().min(0));
        let c = vars.add(variable().min(0));
        let rows = vec![
            // a follows the pinned y only: settled, left out.
            (a - y).geq(0.0),
            // b follows the free x: kept.
            (b - x).geq(0.0),
            // An earlier tier's bound at zero holds c at zero.
            (2.0 * c).leq(0.0),
        ];
        (vars, [x, y, a, b, c], rows)
    }

    #[test]
    fn pruning_drops_what_no_free_decision_reaches() {
        let (vars, [x, y, a, b, c], rows) = pruned_example();
        let table = RowTable::new(&vars, &rows);
        let fixed: HashMap<Variable, f64> = [(y, 1.0)].into_iter().collect();
        let reduced = Reduced::new(vars, &fixed, &table, std::iter::empty(), a + b + c, &[x, y], true);
        let kept: Vec<Variable> = [x, y, a, b, c].into_iter().filter(|v| reduced.renamed.contains_key(v)).collect();
        assert_eq!(kept, vec![x, b]);
        assert_eq!(reduced.pinned.get(&c), Some(&0.0));
        assert_eq!(reduced.rows.len(), 1);
    }

    /// Rows handed beside the table, over variables made after it (a
    /// surrogate's), are substituted and pruned as the table's are: a row
    /// beside it can hold a table's variable at zero, and link one to a
    /// free decision.
    #[test]
    fn rows_beside_the_table_count_as_its_own() {
        let (mut vars, [x, y, a, b, c], rows) = pruned_example();
        let table = RowTable::new(&vars, &rows[..1]);
        let d = vars.add(variable().min(0));
        let beside = vec![rows[1].clone(), rows[2].clone(), (d - a).geq(0.0), (d - b).leq(0.0)];
        let fixed: HashMap<Variable, f64> = [(y, 1.0)].into_iter().collect();
        let reduced = Reduced::new(vars, &fixed, &table, beside.into_iter(), a + b + c + d, &[x, y], true);
        // d links a to b, and b to the free x: all three are kept now.
        let kept: Vec<Variable> = [x, y, a, b, c, d].into_iter().filter(|v| reduced.renamed.contains_key(v)).collect();
        assert_eq!(kept, vec![x, a, b, d]);
        assert_eq!(reduced.pinned.get(&c), Some(&0.0));
        assert_eq!(reduced.pinned.get(&y), Some(&1.0));
        assert_eq!(reduced.rows.len(), 4);
        // a >= y = 1, d >= a and b >= d: the least a + b + c + d is 3.
        let solution = reduced
            .vars
            .minimise(reduced.objective.clone())
            .using(good_lp::microlp)
            .with_all(reduced.rows.clone())
            .solve()
            .expect("solvable");
        assert_eq!(reduced.objective.eval_with(&solution), 3.0);
        let value = |v: Variable| solution.value(reduced.renamed[&v].0);
        assert_eq!((value(a), value(b), value(d)), (1.0, 1.0, 1.0));
    }

    /// A row as its sorted coefficients (by the reduced model's column),
    /// constant and kind: comparable between two reductions.
    fn described(row: &good_lp::Constraint) -> (Vec<(String, i64)>, i64, bool) {
        let e = row.expression();
        let mut terms: Vec<(String, i64)> =
            e.linear_coefficients().map(|(v, c)| (format!("{v:?}"), (c * 1000.0).round() as i64)).collect();
        terms.sort();
        (terms, (e.constant() * 1000.0).round() as i64, row.is_equality())
    }

    /// Visiting only the table's rows of free columns leaves out nothing
    /// that visiting every row keeps: on random models, the rows in a
    /// table and the same rows beside an empty one reduce alike.
    #[test]
    fn the_table_reduces_as_every_row_visited_does() {
        for seed in 0..200 {
            let mut rng = crate::prng::Prng::new(seed);
            let mut vars = ProblemVariables::new();
            let binaries: Vec<Variable> = (0..8).map(|_| vars.add(variable().binary())).collect();
            let others: Vec<Variable> = (0..5).map(|_| vars.add(variable().min(0))).collect();
            let all: Vec<Variable> = binaries.iter().chain(&others).copied().collect();
            let rows: Vec<good_lp::Constraint> = (0..14)
                .map(|_| {
                    let mut e = Expression::from(rng.below(3) as f64 - 1.0);
                    for _ in 0..1 + rng.below(4) {
                        e.add_mul([-2.0, -1.0, 1.0, 2.0][rng.below(4)], *rng.pick(&all));
                    }
                    if rng.chance(0.2) {
                        e.eq(0.0)
                    } else {
                        e.leq(0.0)
                    }
                })
                .collect();
            let mut fixed = HashMap::new();
            for &x in &binaries {
                if rng.chance(0.6) {
                    fixed.insert(x, rng.below(2) as f64);
                }
            }
            let objective: Expression = all.iter().map(|&v| (rng.below(3) as f64) * v).sum();
            let prune = seed % 2 == 0;
            let reduce = |table: &RowTable, beside: Vec<good_lp::Constraint>| {
                Reduced::new(vars.clone(), &fixed, table, beside.into_iter(), objective.clone(), &binaries, prune)
            };
            let tabled = reduce(&RowTable::new(&vars, &rows), Vec::new());
            let beside = reduce(&RowTable::default(), rows.clone());
            assert_eq!(tabled.vars.len(), beside.vars.len(), "seed {seed}");
            assert_eq!(tabled.renamed, beside.renamed, "seed {seed}");
            assert_eq!(tabled.pinned, beside.pinned, "seed {seed}");
            let rows_of = |r: &Reduced| r.rows.iter().map(described).collect::<Vec<_>>();
            assert_eq!(rows_of(&tabled), rows_of(&beside), "seed {seed}");
            assert_eq!(described(&tabled.objective.clone().leq(0.0)), described(&beside.objective.clone().leq(0.0)));
        }
    }
}
