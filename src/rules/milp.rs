//! The MILP vocabulary that rules write their rows in: assignment variables
//! x(person, slot) for the pairs no rule forbids outright, the cover slack of
//! each slot, worked-day indicators made on demand, and one objective
//! expression per [`Tier`].

use std::collections::BTreeMap;

use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable, VariableDefinition};

use super::Tier;
use crate::model::Problem;

/// A MILP under construction.
pub struct MilpModel<'a> {
    pub problem: &'a Problem,
    pub vars: ProblemVariables,
    by_slot: Vec<Vec<(usize, Variable)>>,
    by_person: Vec<Vec<(usize, Variable)>>,
    short: Vec<Variable>,
    over: Vec<Variable>,
    worked: BTreeMap<(usize, usize), Option<Variable>>,
    pub constraints: Vec<Constraint>,
    pub tiers: Vec<Expression>,
    /// Constant parts of each tier (e.g. the full weight of every `prefer`),
    /// so that MILP objective values equal the roster's costs.
    pub tier_constants: Vec<f64>,
}

impl<'a> MilpModel<'a> {
    /// A model with a binary x for every allowed (person, slot) pair and the
    /// cover slack variables; no rows yet.
    pub fn new(problem: &'a Problem, allowed: impl Fn(usize, usize) -> bool) -> MilpModel<'a> {
        let mut vars = ProblemVariables::new();
        let mut by_slot = vec![Vec::new(); problem.slots.len()];
        let mut by_person = vec![Vec::new(); problem.staff.len()];
        let mut short = Vec::with_capacity(problem.slots.len());
        let mut over = Vec::with_capacity(problem.slots.len());
        for (s, slot) in problem.slots.iter().enumerate() {
            for (p, schedule) in by_person.iter_mut().enumerate() {
                if allowed(p, s) {
                    let x = vars.add(variable().binary());
                    by_slot[s].push((p, x));
                    schedule.push((s, x));
                }
            }
            short.push(vars.add(variable().integer().min(0).max(slot.need)));
            let extra = slot.max.map(|m| m.saturating_sub(slot.need));
            let max_over = extra.unwrap_or(by_slot[s].len() as u32);
            over.push(vars.add(variable().integer().min(0).max(max_over)));
        }
        MilpModel {
            problem,
            vars,
            by_slot,
            by_person,
            short,
            over,
            worked: BTreeMap::new(),
            constraints: Vec::new(),
            tiers: vec![Expression::from(0.0); Tier::ALL.len()],
            tier_constants: vec![0.0; Tier::ALL.len()],
        }
    }

    /// x(person, slot), if the pair may be assigned at all.
    pub fn x(&self, person: usize, slot: usize) -> Option<Variable> {
        self.by_slot[slot]
            .binary_search_by_key(&person, |&(p, _)| p)
            .ok()
            .map(|i| self.by_slot[slot][i].1)
    }

    /// (person, x) of everyone who may hold a slot.
    pub fn slot_vars(&self, slot: usize) -> &[(usize, Variable)] {
        &self.by_slot[slot]
    }

    /// (slot, x) of every slot a person may hold, in time order.
    pub fn person_vars(&self, person: usize) -> &[(usize, Variable)] {
        &self.by_person[person]
    }

    /// People with at least one variable: those who could serve.
    pub fn people_who_could_serve(&self) -> Vec<usize> {
        (0..self.by_person.len()).filter(|&p| !self.by_person[p].is_empty()).collect()
    }

    /// Places a slot lacks (at most its need).
    pub fn short(&self, slot: usize) -> Variable {
        self.short[slot]
    }

    /// People beyond a slot's need (at most `max − need`).
    pub fn over(&self, slot: usize) -> Variable {
        self.over[slot]
    }

    /// Every assignment variable, in a stable order.
    pub fn assignment_vars(&self) -> impl Iterator<Item = (usize, usize, Variable)> + '_ {
        self.by_slot
            .iter()
            .enumerate()
            .flat_map(|(s, v)| v.iter().map(move |&(p, x)| (p, s, x)))
    }

    /// A binary that is 1 exactly when the person works on day `day` (has a
    /// slot starting that date); None when they cannot work that day at all.
    pub fn worked(&mut self, person: usize, day: usize) -> Option<Variable> {
        if let Some(w) = self.worked.get(&(person, day)) {
            return *w;
        }
        let xs: Vec<Variable> = self.by_person[person]
            .iter()
            .filter(|&&(s, _)| self.problem.slots[s].day == day)
            .map(|&(_, x)| x)
            .collect();
        let w = if xs.is_empty() {
            None
        } else {
            let w = self.vars.add(variable().binary());
            for &x in &xs {
                self.constraints.push((w - x).geq(0));
            }
            let sum: Expression = xs.iter().sum();
            self.constraints.push((sum - w).geq(0));
            Some(w)
        };
        self.worked.insert((person, day), w);
        w
    }

    /// Worked-day expression (0 when the person cannot work that day).
    pub fn worked_expr(&mut self, person: usize, day: usize) -> Expression {
        self.worked(person, day).map_or_else(|| Expression::from(0.0), Expression::from)
    }

    pub fn add_var(&mut self, def: VariableDefinition) -> Variable {
        self.vars.add(def)
    }

    pub fn add(&mut self, c: Constraint) {
        self.constraints.push(c);
    }

    /// Adds to the objective of a tier.
    pub fn penalize(&mut self, tier: Tier, e: impl Into<Expression>) {
        self.tiers[tier as usize] += e.into();
    }

    /// Adds a constant to a tier's value (not to the MILP objective).
    pub fn penalize_constant(&mut self, tier: Tier, c: f64) {
        self.tier_constants[tier as usize] += c;
    }
}
