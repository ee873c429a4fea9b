//! The pool's re-solve ([`super::pool`]) as a choice among whole schedules:
//! each pooled person's x replaced by the sum of the choices that hold it,
//! and the rows that concern one person alone settled per schedule, before
//! the solve, instead of in every node of it.
//!
//! A person's rules (runs of duty, rest, weekends, their limits) are rows
//! over their own x and helper variables no one else's rows touch. Once x
//! is one of a few whole schedules, those rows only say which schedules
//! are legal: each schedule is checked once against them (a small
//! feasibility solve over the helpers), a schedule that breaks them is
//! ruled out, and the rows leave the model, since any mix of schedules
//! that all meet them meets them too. What is left is the cover, the
//! objective and the rows that tie people together: on Curtois–Qu
//! Instance3 a re-solve of two schedules per person shrinks from 732
//! variables and 2 343 rows to 232 and 122, and microlp proves it in
//! 0.06 s where the full rows took 1.3 s or ran out of time (32 schedules
//! per person: 0.3 s). Checking the schedules takes 0.02–0.08 s a
//! re-solve on Curtois Instance3–7. Only the default build (microlp)
//! writes its re-solves so: HiGHS's presolve substitutes the x itself,
//! and on its large models the checks cost more than its solve.

use std::collections::HashMap;

use good_lp::{
    Constraint, Expression, IntoAffineExpression, ProblemVariables, SolverModel, Variable, VariableDefinition,
};

use super::disjoint::DisjointSets;

/// The re-solve's rows and objective over the choices.
pub(super) struct OverChoices {
    pub rows: Vec<Constraint>,
    pub objective: Expression,
    /// Choices whose schedule breaks one of its person's rows: to pin at
    /// zero.
    pub ruled_out: Vec<Variable>,
}

/// A row as `expression <= 0` (or `= 0`), its variables' coefficients.
struct Row {
    expression: Expression,
    equality: bool,
    coefficients: Vec<(Variable, f64)>,
}

impl Row {
    fn constraint(self) -> Constraint {
        zero_row(self.expression, self.equality)
    }
}

/// `expression = 0` or `expression <= 0`.
fn zero_row(expression: Expression, equality: bool) -> Constraint {
    if equality {
        expression.eq(0.0)
    } else {
        expression.leq(0.0)
    }
}

/// Whose a helper variable (not a choice) is, from the rows it is in.
#[derive(Clone, Copy, PartialEq)]
enum Owner {
    Nobody,
    Person(usize),
    Shared,
}

impl Owner {
    fn with(self, person: usize) -> Owner {
        match self {
            Owner::Nobody => Owner::Person(person),
            Owner::Person(p) if p == person => self,
            _ => Owner::Shared,
        }
    }

    fn merge(self, other: Owner) -> Owner {
        match other {
            Owner::Nobody => self,
            Owner::Person(p) => self.with(p),
            Owner::Shared => Owner::Shared,
        }
    }
}

/// `rows` and `objective` over the choices: `chosen` maps each pooled x to
/// the sum of its person's choices that hold it, `choices` lists each
/// person's choices (one of which is 1), `fixed` the pinned variables, and
/// `vars` defines every variable.
pub(super) fn over_choices(
    vars: &ProblemVariables,
    rows: impl Iterator<Item = Constraint>,
    objective: &Expression,
    chosen: &HashMap<Variable, Expression>,
    choices: &[Vec<Variable>],
    fixed: &HashMap<Variable, f64>,
) -> OverChoices {
    let whose: HashMap<Variable, usize> =
        choices.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |&v| (v, i))).collect();
    let substitute = |e: &Expression| -> Expression {
        let mut out = Expression::from(e.constant());
        for (v, c) in e.linear_coefficients() {
            if let Some(sum) = chosen.get(&v) {
                for (w, d) in sum.linear_coefficients() {
                    out.add_mul(c * d, w);
                }
            } else if let Some(&value) = fixed.get(&v) {
                out += c * value;
            } else {
                out.add_mul(c, v);
            }
        }
        out
    };
    let rows: Vec<Row> = rows
        .map(|row| {
            let expression = substitute(row.expression());
            let coefficients = (&expression).linear_coefficients().filter(|&(_, c)| c != 0.0).collect();
            Row { expression, equality: row.is_equality(), coefficients }
        })
        .collect();
    let objective = substitute(objective);

    // The helpers, tied together by the rows they share, and whose each
    // group is: a helper in the objective is everyone's business.
    let defs: Vec<(Variable, VariableDefinition)> =
        vars.iter_variables_with_def().map(|(v, d)| (v, d.clone())).collect();
    let index: HashMap<Variable, usize> = defs.iter().enumerate().map(|(i, &(v, _))| (v, i)).collect();
    let helpers: Vec<Vec<usize>> = rows
        .iter()
        .map(|row| row.coefficients.iter().filter(|(v, _)| !whose.contains_key(v)).map(|(v, _)| index[v]).collect())
        .collect();
    let mut groups = DisjointSets::new(defs.len());
    for row_helpers in &helpers {
        groups.join_all(row_helpers);
    }
    let mut owner = vec![Owner::Nobody; defs.len()];
    for (row, row_helpers) in rows.iter().zip(&helpers) {
        let people = row.coefficients.iter().filter_map(|(v, _)| whose.get(v));
        let row_owner = people.fold(Owner::Nobody, |o, &p| o.with(p));
        for &h in row_helpers {
            let root = groups.root(h);
            owner[root] = owner[root].merge(row_owner);
        }
    }
    for (v, c) in (&objective).linear_coefficients() {
        if c != 0.0 && !whose.contains_key(&v) {
            let root = groups.root(index[&v]);
            owner[root] = Owner::Shared;
        }
    }
    // A row is one person's when its choices are theirs and its helpers'
    // groups are theirs alone.
    let private = |row: &Row, groups: &mut DisjointSets| -> Option<usize> {
        let mut row_owner = Owner::Nobody;
        for (v, _) in &row.coefficients {
            row_owner = match whose.get(v) {
                Some(&p) => row_owner.with(p),
                None => row_owner.merge(owner[groups.root(index[v])]),
            };
        }
        match row_owner {
            Owner::Person(p) => Some(p),
            _ => None,
        }
    };
    let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); choices.len()];
    let mut shared = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match private(row, &mut groups) {
            Some(p) => by_person[p].push(i),
            None => shared.push(i),
        }
    }

    let mut ruled_out = Vec::new();
    let mut kept = vec![false; rows.len()];
    for i in shared {
        kept[i] = true;
    }
    for (person, own_rows) in by_person.iter().enumerate() {
        let mine: Vec<&Row> = own_rows.iter().map(|&i| &rows[i]).collect();
        let legal: Vec<bool> = choices[person].iter().map(|&c| meets(&mine, c, &defs, &index, &whose)).collect();
        if legal.iter().any(|&l| l) {
            ruled_out.extend(choices[person].iter().zip(&legal).filter(|(_, &l)| !l).map(|(&c, _)| c));
        } else {
            // Not one schedule meets them: left to the solver, which will
            // say so.
            for &i in own_rows {
                kept[i] = true;
            }
        }
    }
    let rows = rows.into_iter().zip(kept).filter(|(_, k)| *k).map(|(row, _)| row.constraint()).collect();
    OverChoices { rows, objective, ruled_out }
}

/// Whether one person's `rows` hold with `choice` at 1 and their other
/// choices at 0, for some values of the helpers in them.
fn meets(
    rows: &[&Row],
    choice: Variable,
    defs: &[(Variable, VariableDefinition)],
    index: &HashMap<Variable, usize>,
    whose: &HashMap<Variable, usize>,
) -> bool {
    let mut helpers = ProblemVariables::new();
    let mut renamed: HashMap<Variable, Variable> = HashMap::new();
    let mut constraints = Vec::with_capacity(rows.len());
    for row in rows {
        let mut e = Expression::from(row.expression.constant());
        for &(v, c) in &row.coefficients {
            if whose.contains_key(&v) {
                if v == choice {
                    e += c;
                }
            } else {
                let h = *renamed.entry(v).or_insert_with(|| helpers.add(defs[index[&v]].1.clone()));
                e.add_mul(c, h);
            }
        }
        constraints.push(zero_row(e, row.equality));
    }
    if renamed.is_empty() {
        // Constants only: no solve needed.
        return constraints.iter().all(|row| {
            let value = row.expression().constant();
            if row.is_equality() {
                value.abs() <= 1e-9
            } else {
                value <= 1e-9
            }
        });
    }
    helpers.minimise(Expression::from(0.0)).using(good_lp::microlp).with_all(constraints).solve().is_ok()
}

#[cfg(test)]
mod tests {
    use good_lp::{variable, Expression, ProblemVariables, Variable};

    use super::*;

    /// Two people, two slots (a, b). Person 0 may hold at most one slot, a
    /// rule written with a helper of theirs; slot a needs someone.
    struct Small {
        vars: ProblemVariables,
        x: [[Variable; 2]; 2],
        helper: Variable,
        rows: Vec<Constraint>,
        objective: Expression,
    }

    fn small() -> Small {
        let mut vars = ProblemVariables::new();
        let x = [[(); 2]; 2].map(|row| row.map(|()| vars.add(variable().binary())));
        let helper = vars.add(variable().min(0.0).max(1.0));
        let rows = vec![
            (x[0][0] + x[0][1] - 1.0).leq(helper),
            Expression::from(helper).leq(0.0),
            (x[0][0] + x[1][0]).geq(1.0),
        ];
        // Person 0 wants both slots.
        let objective = Expression::from(0.0) - x[0][0] - x[0][1] + x[1][0];
        Small { vars, x, helper, rows, objective }
    }

    /// Each person's choices, each pooled x as their sum, the pinned x.
    type Chosen = (Vec<Vec<Variable>>, HashMap<Variable, Expression>, HashMap<Variable, f64>);

    /// Person 0 chooses among {a, b}, {a} and {b} (or {a, b} alone);
    /// person 1 among {} and {a}. Their choices, each x as the sum of the
    /// choices holding it, and person 1's x of b pinned at zero.
    fn choose(small: &mut Small, both_only: bool) -> Chosen {
        let mut choice = || small.vars.add(variable().binary());
        let both = choice();
        let singles = if both_only { vec![] } else { vec![choice(), choice()] };
        let (none, a) = (choice(), choice());
        let x = small.x;
        let mut chosen = HashMap::from([
            (x[0][0], Expression::from(both)),
            (x[0][1], Expression::from(both)),
            (x[1][0], Expression::from(a)),
        ]);
        for (slot, &single) in singles.iter().enumerate() {
            *chosen.get_mut(&x[0][slot]).expect("an x") += single;
        }
        let first = [vec![both], singles].concat();
        (vec![first, vec![none, a]], chosen, HashMap::from([(x[1][1], 0.0)]))
    }

    #[test]
    fn one_persons_rows_rule_out_the_schedules_that_break_them_and_leave_the_model() {
        let mut small = small();
        let (choices, chosen, fixed) = choose(&mut small, false);
        let over = over_choices(&small.vars, small.rows.into_iter(), &small.objective, &chosen, &choices, &fixed);
        // {a, b} breaks person 0's limit: ruled out.
        assert_eq!(over.ruled_out, [choices[0][0]]);
        // Only the cover of slot a is left, over the choices holding it.
        assert_eq!(over.rows.len(), 1);
        let cover: HashMap<Variable, f64> = over.rows[0].expression().linear_coefficients().collect();
        let held = [choices[0][0], choices[0][1], choices[1][1]];
        assert_eq!(cover.len(), 3);
        assert!(held.iter().all(|c| cover[c] == -1.0), "{cover:?}");
        assert_eq!(over.rows[0].expression().constant(), 1.0);
        assert!(!cover.contains_key(&small.helper));
        // The objective counts each slot a choice holds.
        let objective: HashMap<Variable, f64> = (&over.objective).linear_coefficients().collect();
        assert_eq!(objective[&choices[0][0]], -2.0);
        assert_eq!(objective[&choices[0][1]], -1.0);
        assert_eq!(objective[&choices[0][2]], -1.0);
        assert_eq!(objective[&choices[1][1]], 1.0);
    }

    #[test]
    fn rows_whose_helper_someone_else_or_the_objective_needs_stay() {
        let mut small = small();
        let (choices, chosen, fixed) = choose(&mut small, false);
        // The helper also in person 1's row: it ties the two together.
        let mut tied = small.rows.clone();
        tied.push((small.x[1][0] + small.helper).leq(1.0));
        let over = over_choices(&small.vars, tied.into_iter(), &small.objective, &chosen, &choices, &fixed);
        assert!(over.ruled_out.is_empty());
        assert_eq!(over.rows.len(), 4);
        // The helper priced in the objective.
        let priced = small.objective.clone() + small.helper;
        let over = over_choices(&small.vars, small.rows.into_iter(), &priced, &chosen, &choices, &fixed);
        assert!(over.ruled_out.is_empty());
        assert_eq!(over.rows.len(), 3);
    }

    #[test]
    fn a_person_none_of_whose_schedules_is_legal_keeps_their_rows() {
        let mut small = small();
        let (choices, chosen, fixed) = choose(&mut small, true);
        let over = over_choices(&small.vars, small.rows.into_iter(), &small.objective, &chosen, &choices, &fixed);
        assert!(over.ruled_out.is_empty());
        assert_eq!(over.rows.len(), 3);
    }
}
