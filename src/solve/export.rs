//! The lexicographic MILP as plain data: a yardstick export for external
//! solvers (`scripts/cpsat_model.py` solves it with OR-Tools CP-SAT for the
//! benchmark), and the rows the column bound on the spread
//! (`solve::columns`) reads to see which rows tie people together.
//!
//! The export is the formulation itself — the model `solve::milp::build`
//! makes from every rule's rows — and nothing the solve adds around it:
//! neither the symmetry rows between interchangeable people
//! (`solve::symmetry`), nor the rules' pigeonhole floors
//! ([`crate::rules::floor`]), nor the bounds one stage puts on the earlier
//! tiers. Those only cut off rosters no better than others that remain, so
//! an external solver that minimises the exported tiers in order reaches
//! the same optimum.
//!
//! Layout (see [`ModelExport`]): variables by column with their bounds
//! (`null` for an infinite one) and integrality; rows as
//! `Σ coef·var (<= | ==) rhs`; one objective per [`Tier`], most important
//! first, whose value on a roster is `Σ coef·var + constant` (the constant
//! makes it equal to the roster's cost, as [`crate::rules::costs`] counts
//! it); and which column is x(person, slot) for every pair no rule forbids.
//! Terms are sorted by column and zero coefficients left out, so the same
//! problem always gives the same bytes.

use std::collections::HashMap;

use good_lp::{Expression, IntoAffineExpression, Variable};
use serde::{Deserialize, Serialize};

use crate::model::Problem;
use crate::rules::{MilpModel, Tier};

/// Name and version of the layout, written into every export.
pub const FORMAT: &str = "lichtruc-milp/1";

/// One exported model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelExport {
    pub format: String,
    pub variables: Vec<VariableExport>,
    pub rows: Vec<RowExport>,
    /// In lexicographic order ([`Tier::ALL`]).
    pub tiers: Vec<TierExport>,
    /// The assignment variables, by slot then person.
    pub assignments: Vec<AssignmentExport>,
}

/// A column: its bounds (None when infinite) and whether it is integer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariableExport {
    pub lb: Option<f64>,
    pub ub: Option<f64>,
    pub integer: bool,
}

/// `Σ coef·var sense rhs`, with `sense` `"<="` or `"=="`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowExport {
    /// (column, coefficient), by column.
    pub terms: Vec<(usize, f64)>,
    pub sense: String,
    pub rhs: f64,
}

/// A tier's objective: `Σ coef·var + constant` is the tier's cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierExport {
    /// [`Tier::key`]: the bench CSV's column name.
    pub name: String,
    pub terms: Vec<(usize, f64)>,
    pub constant: f64,
}

/// Column `var` is x(person, slot): 1 when the person holds the slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentExport {
    pub var: usize,
    pub person: usize,
    pub slot: usize,
}

/// The problem's MILP, as data.
pub fn export(problem: &Problem) -> ModelExport {
    of_model(&super::milp::build(problem))
}

/// A model already built (by `solve::milp::build`), as data.
pub(super) fn of_model(model: &MilpModel<'_>) -> ModelExport {
    let column: HashMap<Variable, usize> =
        model.vars.iter_variables_with_def().enumerate().map(|(i, (v, _))| (v, i)).collect();
    let finite = |b: f64| b.is_finite().then_some(b);
    let variables = model
        .vars
        .iter_variables_with_def()
        .map(|(_, d)| VariableExport { lb: finite(d.get_min()), ub: finite(d.get_max()), integer: d.is_integer() })
        .collect();
    let terms = |e: &Expression| -> Vec<(usize, f64)> {
        let mut t: Vec<(usize, f64)> =
            e.linear_coefficients().filter(|&(_, c)| c != 0.0).map(|(v, c)| (column[&v], c)).collect();
        t.sort_by_key(|&(i, _)| i);
        t
    };
    // good_lp keeps every row as `expression <= 0` or `expression == 0`.
    let rows = model
        .constraints
        .iter()
        .map(|row| RowExport {
            terms: terms(row.expression()),
            sense: if row.is_equality() { "==" } else { "<=" }.to_string(),
            rhs: plain_zero(-row.expression().constant()),
        })
        .collect();
    let tiers = Tier::ALL
        .iter()
        .map(|&tier| {
            let e = &model.tiers[tier as usize];
            TierExport {
                name: tier.key().to_string(),
                terms: terms(e),
                constant: plain_zero(e.constant() + model.tier_constants[tier as usize]),
            }
        })
        .collect();
    let assignments =
        model.assignment_vars().map(|(person, slot, x)| AssignmentExport { var: column[&x], person, slot }).collect();
    ModelExport { format: FORMAT.to_string(), variables, rows, tiers, assignments }
}

/// −0 as 0, so that the text does not depend on how a zero was reached.
fn plain_zero(v: f64) -> f64 {
    if v == 0.0 {
        0.0
    } else {
        v
    }
}
