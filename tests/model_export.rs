//! The model export (`lichtruc::solve::export`, the yardstick for external
//! solvers): it is well formed and deterministic, its x columns are exactly
//! the pairs no rule forbids, and — read back from the export alone — a
//! roster lichtruc solved (and the empty roster) keeps every row, with each
//! tier's exported objective, minimised over the other variables, equal to
//! the roster's cost.

use std::collections::BTreeSet;
use std::time::Duration;

use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};
use lichtruc::bench::generate::{roster_toml, Family, SEED};
use lichtruc::model::Problem;
use lichtruc::rules::{self, Tier};
use lichtruc::solve::export::{self, ModelExport};
use lichtruc::solve::{self, Backend, SolveOptions};
use lichtruc::Roster;

fn bundled(stem: &str) -> Problem {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rosters").join(format!("{stem}.toml"));
    lichtruc::input::parse_file(&path).expect("bundled roster").0
}

const REUNIFICATION: &str = "reunification-2026-ubnd-huyen";
const NOC: &str = "national-day-2026-noc-vien-thong";
const TET: &str = "tet-2026-so-khcn";

fn instances() -> Vec<(String, Problem)> {
    let mut out: Vec<(String, Problem)> =
        [REUNIFICATION, NOC, TET].iter().map(|s| (s.to_string(), bundled(s))).collect();
    let small = lichtruc::input::parse_str(&roster_toml(Family::Small, SEED), "gen-small").expect("gen-small");
    out.push(("gen-small".into(), small));
    out
}

#[test]
fn the_export_is_well_formed_and_deterministic() {
    for (name, problem) in instances() {
        let model = export::export(&problem);
        assert_eq!(model.format, export::FORMAT);
        let n = model.variables.len();
        assert!(n > 0 && !model.rows.is_empty(), "{name}: an empty model");
        let names: Vec<&str> = model.tiers.iter().map(|t| t.name.as_str()).collect();
        let keys: Vec<&str> = Tier::ALL.iter().map(|t| t.key()).collect();
        assert_eq!(names, keys, "{name}: one objective per tier, in lexicographic order");
        let well_formed = |terms: &[(usize, f64)], what: &str| {
            assert!(terms.iter().all(|&(v, c)| v < n && c != 0.0 && c.is_finite()), "{name}: {what}: {terms:?}");
            assert!(terms.windows(2).all(|w| w[0].0 < w[1].0), "{name}: {what}: columns not sorted and distinct");
        };
        for (i, row) in model.rows.iter().enumerate() {
            well_formed(&row.terms, &format!("row {i}"));
            assert!(row.sense == "<=" || row.sense == "==", "{name}: row {i} sense {:?}", row.sense);
            assert!(row.rhs.is_finite());
        }
        for tier in &model.tiers {
            well_formed(&tier.terms, &tier.name);
        }
        for v in &model.variables {
            assert!(v.lb.is_none_or(f64::is_finite) && v.ub.is_none_or(f64::is_finite));
        }
        // x columns: exactly the pairs no rule forbids, each its own binary.
        let pairs: BTreeSet<(usize, usize)> = model.assignments.iter().map(|a| (a.person, a.slot)).collect();
        let allowed: BTreeSet<(usize, usize)> = (0..problem.staff.len())
            .flat_map(|p| (0..problem.slots.len()).map(move |s| (p, s)))
            .filter(|&(p, s)| !rules::forbidden(&problem, p, s))
            .collect();
        assert_eq!(pairs, allowed, "{name}: the x map");
        assert_eq!(pairs.len(), model.assignments.len(), "{name}: a pair listed twice");
        let columns: BTreeSet<usize> = model.assignments.iter().map(|a| a.var).collect();
        assert_eq!(columns.len(), model.assignments.len(), "{name}: two pairs share a column");
        for a in &model.assignments {
            let v = &model.variables[a.var];
            assert!(v.integer && v.lb == Some(0.0) && v.ub == Some(1.0), "{name}: x{a:?} is not binary: {v:?}");
        }
        // The same bytes every time, and the same JSON value.
        let text = serde_json::to_string(&export::export(&problem)).expect("json");
        assert!(text == serde_json::to_string(&model).expect("json"), "{name}: two exports differ");
        let back: ModelExport = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, model);
    }
}

/// The exported model, read back into good_lp with every x fixed to the
/// roster, minimised tier by tier over the other variables (each tier then
/// bounded by the value it reached, as a lexicographic solve does). Returns
/// each tier's value with its constant, or the solver's complaint (the
/// roster breaks a row).
fn tier_values(model: &ModelExport, problem: &Problem, roster: &Roster) -> Result<Vec<f64>, String> {
    let mut fixed: Vec<Option<f64>> = vec![None; model.variables.len()];
    for a in &model.assignments {
        fixed[a.var] = Some(if roster.holds(a.person, a.slot) { 1.0 } else { 0.0 });
    }
    assert_eq!(roster.pairs().filter(|&(p, s)| rules::forbidden(problem, p, s)).count(), 0);
    let mut vars = ProblemVariables::new();
    let columns: Vec<Variable> = model
        .variables
        .iter()
        .zip(&fixed)
        .map(|(v, f)| {
            let mut def = variable();
            if let Some(x) = f {
                def = def.min(*x).max(*x);
            } else {
                def = def.min(v.lb.unwrap_or(f64::NEG_INFINITY)).max(v.ub.unwrap_or(f64::INFINITY));
            }
            vars.add(if v.integer { def.integer() } else { def })
        })
        .collect();
    let expr = |terms: &[(usize, f64)]| -> Expression {
        let mut e = Expression::from(0.0);
        for &(v, c) in terms {
            e.add_mul(c, columns[v]);
        }
        e
    };
    let mut rows: Vec<good_lp::Constraint> = model
        .rows
        .iter()
        .map(|r| if r.sense == "==" { expr(&r.terms).eq(r.rhs) } else { expr(&r.terms).leq(r.rhs) })
        .collect();
    let mut values = Vec::new();
    for tier in &model.tiers {
        let objective = expr(&tier.terms);
        let mut copy = ProblemVariables::new();
        for (_, def) in vars.iter_variables_with_def() {
            copy.add(def.clone());
        }
        let solution = copy
            .minimise(objective.clone())
            .using(good_lp::microlp)
            .with_all(rows.clone())
            .solve()
            .map_err(|e| format!("tier {}: {e}", tier.name))?;
        let value = objective.eval_with(&solution);
        rows.push(objective.leq(value + 1e-6));
        values.push(value + tier.constant);
    }
    Ok(values)
}

fn assert_costs(name: &str, model: &ModelExport, problem: &Problem, roster: &Roster) {
    let values = tier_values(model, problem, roster).unwrap_or_else(|e| panic!("{name}: the roster breaks a row: {e}"));
    let costs = rules::costs(problem, roster);
    for (tier, value) in Tier::ALL.iter().zip(values) {
        assert!(
            (value - costs.get(*tier)).abs() < 1e-6,
            "{name}: tier {} is {value} in the exported model, {} by rules::costs",
            tier.key(),
            costs.get(*tier)
        );
    }
}

#[test]
fn a_solved_roster_keeps_the_exported_rows_and_its_tiers_are_its_costs() {
    let options = SolveOptions { time_limit: Duration::from_secs(20), backend: Backend::Microlp, progress: None };
    for stem in [REUNIFICATION, NOC] {
        let problem = bundled(stem);
        let model = export::export(&problem);
        let outcome = solve::solve(&problem, &options);
        assert!(!outcome.roster.is_empty());
        assert_costs(stem, &model, &problem, &outcome.roster);
    }
}

#[test]
fn the_empty_roster_prices_every_place_and_dropped_fixed_duty() {
    for (name, problem) in instances().into_iter().filter(|(n, _)| n != "gen-small") {
        let model = export::export(&problem);
        let empty = Roster::empty(&problem);
        assert!(rules::costs(&problem, &empty).get(Tier::Unfilled) > 0.0, "{name}: nothing to price");
        assert_costs(&name, &model, &problem, &empty);
    }
}

#[test]
fn a_roster_that_breaks_a_hard_rule_breaks_a_row() {
    // One more duty for someone, which a hard rule other than cover forbids
    // (found by asking the rules' checks): the exported rows reject it too.
    let problem = bundled(REUNIFICATION);
    let model = export::export(&problem);
    let options = SolveOptions { time_limit: Duration::from_secs(20), backend: Backend::Microlp, progress: None };
    let roster = solve::solve(&problem, &options).roster;
    let broken = model.assignments.iter().find_map(|a| {
        if roster.holds(a.person, a.slot) {
            return None;
        }
        let mut r = roster.clone();
        r.assign(a.person, a.slot);
        let hard = rules::check_all(&problem, &r).into_iter().any(|v| !rules::is_elastic(v.rule) && v.rule != "cover");
        hard.then_some(r)
    });
    let broken = broken.expect("some addition breaks a hard rule");
    assert!(tier_values(&model, &problem, &broken).is_err(), "the rows accept a roster that breaks a hard rule");
}
