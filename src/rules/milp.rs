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
        let on_day: Vec<(usize, Variable)> = self.by_person[person]
            .iter()
            .copied()
            .filter(|&(s, _)| self.problem.slots[s].day == day)
            .collect();
        let xs: Vec<Variable> = on_day.iter().map(|&(_, x)| x).collect();
        let w = if xs.is_empty() {
            None
        } else {
            let w = self.vars.add(variable().binary());
            let sum: Expression = xs.iter().sum();
            if self.at_most_one_of(person, &on_day) {
                // Worked is then their sum, exactly: the convex hull. The
                // rows below let a relaxation spread one day over several
                // slots at a fraction each and count the day as worked only
                // that fraction, which leaves every rule on worked days
                // (weekends, runs, days off) nearly slack: Curtois–Qu
                // Instance10's cover relaxation rose from 11 to 4616 (best
                // known 4631) with the sum.
                self.constraints.push((sum - w).eq(0));
            } else {
                for &x in &xs {
                    self.constraints.push((w - x).geq(0));
                }
                self.constraints.push((sum - w).geq(0));
            }
            Some(w)
        };
        self.worked.insert((person, day), w);
        w
    }

    /// Whether the person can hold at most one of these slots (those of
    /// one day), in any roster: `max_per_day = 1`, or every two of them
    /// overlap or leave less than the person's rest between them.
    pub(super) fn at_most_one_of(&self, person: usize, slots: &[(usize, Variable)]) -> bool {
        let problem = self.problem;
        problem.staff[person].rules.max_per_day.is_some_and(|most| most <= 1)
            || slots.iter().enumerate().all(|(i, &(a, _))| {
                slots[i + 1..].iter().all(|&(b, _)| super::rest::conflict(problem, person, a, b))
            })
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

/// What the rules' tests of their rows' LP relaxation share.
#[cfg(test)]
pub(super) mod testing {
    use good_lp::{variable, ProblemVariables};

    use super::MilpModel;
    use crate::model::Problem;

    /// A roster of one person and one post of these shifts (TOML inline
    /// tables) over `days` days from 2 March 2026, 07:00, under these
    /// `[rules]`.
    pub(in crate::rules) fn one_person(days: u32, shifts: &str, rules: &str) -> Problem {
        let text = format!(
            r#"
[roster]
language = "en"

[period]
start = 2026-03-02T07:00:00
end = 2026-03-{end:02}T07:00:00

[rules]
{rules}

[[post]]
id = "duty"
name = "Duty"
continuous = false
shifts = [ {shifts} ]

[[staff]]
id = "a"
name = "A"
"#,
            end = 2 + days
        );
        crate::input::parse_str(&text, "one-person.toml").expect("the roster reads")
    }

    /// The model's variables, each with its bounds and no integrality:
    /// those of its LP relaxation.
    pub(in crate::rules) fn relaxed_vars(m: &MilpModel<'_>) -> ProblemVariables {
        let mut relaxed = ProblemVariables::new();
        for (_, def) in m.vars.iter_variables_with_def() {
            relaxed.add(variable().min(def.get_min()).max(def.get_max()));
        }
        relaxed
    }
}

#[cfg(test)]
mod tests {
    use good_lp::{microlp, Solution, SolverModel};

    use super::*;

    /// One person, one day, a day shift and a night shift back to back.
    fn day_and_night(rules: &str) -> Problem {
        let shifts = r#"{ name = "Day", start = "07:00", end = "19:00" }, { name = "Night", start = "19:00", end = "07:00" }"#;
        testing::one_person(1, shifts, rules)
    }

    /// The least the LP relaxation of the worked-day rows lets the day
    /// count as worked while its two slots hold `held` places between
    /// them; None when no relaxed solution holds that many.
    fn least_worked(problem: &Problem, held: f64) -> Option<f64> {
        let mut m = MilpModel::new(problem, |_, _| true);
        let worked = m.worked(0, 0).expect("the person may work the day");
        let places: Expression = m.person_vars(0).iter().map(|&(_, x)| x).sum();
        assert_eq!(m.person_vars(0).len(), 2, "both slots start on the first day");
        let solution = testing::relaxed_vars(&m)
            .minimise(worked)
            .using(microlp)
            .with_all(m.constraints.clone())
            .with(places.eq(held))
            .solve()
            .ok()?;
        Some(solution.value(worked))
    }

    #[test]
    fn a_day_of_one_slot_at_most_counts_as_worked_as_far_as_its_slots_are_held() {
        // The rest between the two shifts is shorter than the rule asks.
        let rested = day_and_night("min_rest_hours = 12");
        assert_eq!(least_worked(&rested, 1.0), Some(1.0));
        assert_eq!(least_worked(&rested, 2.0), None, "both slots at once are impossible anyway");
        let one_a_day = day_and_night("min_rest_hours = 0\nmax_per_day = 1");
        assert_eq!(least_worked(&one_a_day, 1.0), Some(1.0));
    }

    #[test]
    fn a_day_whose_slots_may_both_be_held_keeps_the_looser_rows() {
        // Back to back with no rest asked: one person may hold both, so
        // the day is worked once for two places.
        let both = day_and_night("min_rest_hours = 0");
        let worked = least_worked(&both, 2.0).expect("both slots may be held");
        assert!((worked - 1.0).abs() < 1e-9, "{worked}");
        // Halfway each: the looser rows let the day count half.
        let half = least_worked(&both, 1.0).expect("one place may be held");
        assert!((half - 0.5).abs() < 1e-9, "{half}");
    }
}
