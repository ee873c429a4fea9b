//! The schedules the whole-schedule search ([`super::person`]) settled on,
//! kept per person, and the rows that let the stage's MILP choose among
//! them: each person takes exactly one of their schedules, and the model's
//! own rows (cover, skills, the earlier tiers' bounds) price the mix. This
//! is a set-partitioning re-solve over the walks' local optima.
//!
//! Walks from different seeds settle in different local optima, and the
//! pieces of a better roster are often spread over them: on Curtois–Qu
//! Instance2 most walks stop one unit above the optimum, each with a
//! different person's schedule wrong. Every single schedule is legal for
//! its person, so the choice is a small, tight MILP (its LP relaxation
//! mixes whole schedules, not single places) that microlp solves exactly
//! where its re-solve of three people on the full model runs out of time.

use std::collections::HashMap;

use good_lp::{variable, Expression, ProblemVariables, Variable};

use crate::roster::Roster;
use crate::rules::MilpModel;

/// A schedule (its slots in ascending order) and the cost (the stage's
/// tier) of the best roster it was seen in.
type Priced = (f64, Vec<usize>);

/// Distinct schedules per person.
#[derive(Debug, Clone, Default)]
pub(super) struct Pool {
    by_person: HashMap<usize, Vec<Priced>>,
    /// Where each (person, schedule) is in `by_person`.
    seen: HashMap<(usize, Vec<usize>), usize>,
}

impl Pool {
    /// Keeps the person's schedule in `roster`, whose cost is `cost`.
    pub fn add(&mut self, roster: &Roster, person: usize, cost: f64) {
        let mut schedule = roster.slots_of(person).to_vec();
        schedule.sort_unstable();
        self.insert(person, schedule, cost);
    }

    fn insert(&mut self, person: usize, schedule: Vec<usize>, cost: f64) {
        let kept = self.by_person.entry(person).or_default();
        match self.seen.get(&(person, schedule.clone())) {
            Some(&i) => kept[i].0 = kept[i].0.min(cost),
            None => {
                self.seen.insert((person, schedule.clone()), kept.len());
                kept.push((cost, schedule));
            }
        }
    }

    /// Keeps every schedule of `other` too.
    pub fn merge(&mut self, other: Pool) {
        let mut people: Vec<(usize, Vec<Priced>)> = other.by_person.into_iter().collect();
        // Sorted, so that the order of equally good schedules does not
        // depend on the hash order.
        people.sort_unstable_by_key(|(p, _)| *p);
        for (person, schedules) in people {
            for (cost, schedule) in schedules {
                self.insert(person, schedule, cost);
            }
        }
    }

    /// How many people have two schedules or more: a re-solve has
    /// something to choose only then.
    pub fn choices(&self) -> usize {
        self.by_person.values().filter(|s| s.len() > 1).count()
    }

    /// The most schedules any one person has.
    pub fn widest(&self) -> usize {
        self.by_person.values().map(Vec::len).max().unwrap_or(0)
    }

    /// Every (person, schedule), by person.
    #[cfg(test)]
    pub fn schedules(&self) -> impl Iterator<Item = (usize, &[usize])> {
        let mut people: Vec<usize> = self.by_person.keys().copied().collect();
        people.sort_unstable();
        people.into_iter().flat_map(move |p| self.by_person[&p].iter().map(move |(_, s)| (p, s.as_slice())))
    }

    /// The person's `most` schedules seen in the cheapest rosters, the
    /// earliest seen first among equals.
    fn best_of(&self, person: usize, most: usize) -> Vec<&Vec<usize>> {
        let Some(all) = self.by_person.get(&person) else { return Vec::new() };
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&a, &b| all[a].0.total_cmp(&all[b].0).then(a.cmp(&b)));
        order.into_iter().take(most).map(|i| &all[i].1).collect()
    }

    /// Adds to `vars` one binary per schedule and returns what ties them
    /// to the model: the rows (each person in the pool takes one schedule,
    /// and holds a slot exactly when their schedule does), the x to pin
    /// (everyone else's as in `incumbent`, and a pooled person's slots that
    /// none of their schedules holds, at 0) and a start (the incumbent's
    /// own schedules chosen; a pooled person's is added when missing, so
    /// the incumbent is always one of the rosters to choose from).
    /// Only each person's `most` schedules from the cheapest rosters take
    /// part: the re-solve's size is the caller's to choose.
    pub fn link(&self, model: &MilpModel<'_>, vars: &mut ProblemVariables, incumbent: &Roster, most: usize) -> Linked {
        let mut linked = Linked::default();
        for person in model.people_who_could_serve() {
            let schedules = self.best_of(person, most);
            if schedules.is_empty() {
                for &(slot, x) in model.person_vars(person) {
                    linked.fixed.insert(x, if incumbent.holds(person, slot) { 1.0 } else { 0.0 });
                }
                continue;
            }
            let mut now = incumbent.slots_of(person).to_vec();
            now.sort_unstable();
            let missing = (!schedules.contains(&&now)).then_some(&now);
            let mut one = Expression::from(0.0);
            let mut holding: HashMap<usize, Expression> = HashMap::new();
            for schedule in schedules.into_iter().chain(missing) {
                let choose = vars.add(variable().binary());
                one += choose;
                linked.start.push((choose, if schedule == &now { 1.0 } else { 0.0 }));
                for &slot in schedule {
                    *holding.entry(slot).or_default() += choose;
                }
            }
            linked.rows.push(one.eq(1.0));
            for &(slot, x) in model.person_vars(person) {
                match holding.remove(&slot) {
                    Some(chosen) => linked.rows.push((Expression::from(x) - chosen).eq(0.0)),
                    None => {
                        linked.fixed.insert(x, 0.0);
                    }
                }
            }
        }
        linked
    }
}

/// What [`Pool::link`] adds to a stage's MILP.
#[derive(Default)]
pub(super) struct Linked {
    pub rows: Vec<good_lp::Constraint>,
    pub fixed: HashMap<Variable, f64>,
    pub start: Vec<(Variable, f64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_is_kept_once_with_the_cost_of_its_cheapest_roster() {
        let problem = super::super::person::tests::week();
        let roster = |slots: &[usize]| Roster::from_pairs(&problem, slots.iter().map(|&s| (0, s)));
        let mut pool = Pool::default();
        pool.add(&roster(&[3, 1]), 0, 50.0);
        pool.add(&roster(&[2]), 0, 20.0);
        pool.add(&roster(&[1, 3]), 0, 10.0);
        pool.add(&roster(&[]), 0, 30.0);
        assert_eq!(pool.widest(), 3);
        assert_eq!(pool.choices(), 1);
        // Slots in order, the cheapest roster's first.
        assert_eq!(pool.best_of(0, 2), [&vec![1, 3], &vec![2]]);
        assert_eq!(pool.best_of(0, 9).len(), 3);
        assert!(pool.best_of(1, 9).is_empty());
        let mut other = Pool::default();
        other.add(&roster(&[2]), 0, 5.0);
        other.add(&roster(&[4]), 0, 40.0);
        pool.merge(other);
        assert_eq!(pool.best_of(0, 9), [&vec![2], &vec![1, 3], &vec![], &vec![4]]);
        assert_eq!(pool.schedules().count(), 4);
    }
}
