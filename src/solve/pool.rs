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
//! [`super::choices`] writes that MILP over the choices alone.

use std::collections::HashMap;

use good_lp::{variable, Expression, ProblemVariables, Variable};

use crate::roster::Roster;
use crate::rules::MilpModel;

/// One person's schedules (slots in ascending order), each with the cost
/// (the stage's tier) of the cheapest roster it was seen in and the order
/// in which it was first seen.
type Schedules = HashMap<Vec<usize>, (f64, usize)>;

/// Distinct schedules per person.
#[derive(Debug, Clone, Default)]
pub(super) struct Pool {
    by_person: HashMap<usize, Schedules>,
    /// Schedules the pricing generated (`super::pricing`), per
    /// person: every master LP holds them all, or it would generate them
    /// again.
    priced: HashMap<usize, Vec<Vec<usize>>>,
    /// The schedules the last master LP mixed, per person: every re-solve
    /// may choose them, whatever their rank among the walks' schedules.
    mixed: HashMap<usize, Vec<Vec<usize>>>,
}

impl Pool {
    /// Keeps the person's schedule in `roster`, whose cost is `cost`.
    pub fn add(&mut self, roster: &Roster, person: usize, cost: f64) {
        // A roster keeps each person's slots in ascending order.
        self.insert(person, roster.slots_of(person), cost);
    }

    /// Copies the schedule only when it is new: this runs for every person
    /// after every move a walk keeps.
    fn insert(&mut self, person: usize, schedule: &[usize], cost: f64) {
        let kept = self.by_person.entry(person).or_default();
        match kept.get_mut(schedule) {
            Some(seen) => seen.0 = seen.0.min(cost),
            None => {
                let order = kept.len();
                kept.insert(schedule.to_vec(), (cost, order));
            }
        }
    }

    /// Keeps every schedule of `other` too.
    pub fn merge(&mut self, other: Pool) {
        let mut people: Vec<(usize, Schedules)> = other.by_person.into_iter().collect();
        // In order of person and of first sight, so that which of two
        // equally good schedules comes first does not depend on the hash
        // order.
        people.sort_unstable_by_key(|(p, _)| *p);
        for (person, schedules) in people {
            for (schedule, (cost, _)) in in_order(&schedules) {
                self.insert(person, schedule, cost);
            }
        }
    }

    /// Keeps a schedule the pricing generated for `person`; false when
    /// the pool held it already.
    pub fn add_priced(&mut self, person: usize, schedule: Vec<usize>) -> bool {
        let priced = self.priced.entry(person).or_default();
        let seen = self.by_person.get(&person).is_some_and(|s| s.contains_key(&schedule));
        if seen || priced.contains(&schedule) {
            return false;
        }
        priced.push(schedule);
        true
    }

    /// Sets the schedules the last master LP mixed.
    pub fn set_mixed(&mut self, mixed: HashMap<usize, Vec<Vec<usize>>>) {
        self.mixed = mixed;
    }

    /// The person's schedules a master LP holds: their `most` best from
    /// the walks and every priced one, each once.
    pub fn columns(&self, person: usize, most: usize) -> Vec<&[usize]> {
        let mut all = self.best_of(person, most);
        all.extend(self.priced.get(&person).into_iter().flatten().map(Vec::as_slice));
        all
    }

    /// How many people have two schedules or more: a re-solve has
    /// something to choose only then.
    pub fn choices(&self) -> usize {
        // Counted, not listed: this runs before every re-solve, and a
        // person's walked schedules run to thousands.
        let people = self.by_person.keys().chain(self.mixed.keys());
        let distinct: std::collections::HashSet<&usize> = people.collect();
        let choosable = |p: &usize| {
            let walked = self.by_person.get(p);
            let mixed = self.mixed.get(p).into_iter().flatten();
            let new = mixed.filter(|s| !walked.is_some_and(|w| w.contains_key(*s))).count();
            walked.map_or(0, HashMap::len) + new
        };
        distinct.into_iter().filter(|p| choosable(p) > 1).count()
    }

    /// The schedules a re-solve lets `person` choose from: their `most`
    /// best from the walks and those the last master LP mixed, each once.
    fn choosable(&self, person: usize, most: usize) -> Vec<&[usize]> {
        let mut all = self.best_of(person, most);
        for s in self.mixed.get(&person).into_iter().flatten() {
            if !all.contains(&s.as_slice()) {
                all.push(s);
            }
        }
        all
    }

    /// The most schedules any one person has.
    pub fn widest(&self) -> usize {
        self.by_person.values().map(HashMap::len).max().unwrap_or(0)
    }

    /// Every (person, schedule), by person.
    #[cfg(test)]
    pub fn schedules(&self) -> impl Iterator<Item = (usize, &[usize])> {
        let mut people: Vec<usize> = self.by_person.keys().copied().collect();
        people.sort_unstable();
        people.into_iter().flat_map(move |p| in_order(&self.by_person[&p]).into_iter().map(move |(s, _)| (p, s)))
    }

    /// The person's `most` schedules seen in the cheapest rosters, the
    /// earliest seen first among equals.
    fn best_of(&self, person: usize, most: usize) -> Vec<&[usize]> {
        let Some(all) = self.by_person.get(&person) else { return Vec::new() };
        let mut best = in_order(all);
        best.sort_by(|a, b| a.1 .0.total_cmp(&b.1 .0));
        best.into_iter().take(most).map(|(s, _)| s).collect()
    }

    /// Adds to `vars` one binary per schedule and returns what ties them
    /// to the model: the rows (each person in the pool takes one schedule),
    /// each pooled x as the sum of the choices that hold its slot (for
    /// [`super::choices`] to put in its place), the x to pin (everyone
    /// else's as in `incumbent`, and a pooled person's slots that none of
    /// their schedules holds, at 0) and a start (the incumbent's own
    /// schedules chosen; a pooled person's is added when missing, so the
    /// incumbent is always one of the rosters to choose from).
    /// Only each person's `most` schedules from the cheapest rosters take
    /// part, with those the last master LP mixed: the re-solve's size is
    /// the caller's to choose.
    pub fn link(&self, model: &MilpModel<'_>, vars: &mut ProblemVariables, incumbent: &Roster, most: usize) -> Linked {
        let mut linked = Linked::default();
        for person in model.people_who_could_serve() {
            let schedules = self.choosable(person, most);
            if schedules.is_empty() {
                for &(slot, x) in model.person_vars(person) {
                    linked.fixed.insert(x, if incumbent.holds(person, slot) { 1.0 } else { 0.0 });
                }
                continue;
            }
            let now = incumbent.slots_of(person);
            let missing = (!schedules.contains(&now)).then_some(now);
            let mut one = Expression::from(0.0);
            let mut chooses = Vec::new();
            let mut holding: HashMap<usize, Expression> = HashMap::new();
            for schedule in schedules.into_iter().chain(missing) {
                let choose = vars.add(variable().binary());
                chooses.push(choose);
                one += choose;
                linked.start.push((choose, if schedule == now { 1.0 } else { 0.0 }));
                for &slot in schedule {
                    *holding.entry(slot).or_default() += choose;
                }
            }
            linked.rows.push(one.eq(1.0));
            linked.choices.push(chooses);
            for &(slot, x) in model.person_vars(person) {
                match holding.remove(&slot) {
                    Some(chosen) => linked.chosen.push((x, chosen)),
                    None => {
                        linked.fixed.insert(x, 0.0);
                    }
                }
            }
        }
        linked
    }
}

/// A person's schedules in the order they were first seen.
fn in_order(schedules: &Schedules) -> Vec<(&[usize], (f64, usize))> {
    let mut all: Vec<(&[usize], (f64, usize))> = schedules.iter().map(|(s, &seen)| (s.as_slice(), seen)).collect();
    all.sort_unstable_by_key(|(_, (_, order))| *order);
    all
}

/// What [`Pool::link`] adds to a stage's MILP.
#[derive(Default)]
pub(super) struct Linked {
    /// Each pooled person's choices sum to one.
    pub rows: Vec<good_lp::Constraint>,
    pub fixed: HashMap<Variable, f64>,
    pub start: Vec<(Variable, f64)>,
    /// Each pooled x: the sum of its person's choices that hold its slot.
    pub chosen: Vec<(Variable, Expression)>,
    /// Each pooled person's choices.
    pub choices: Vec<Vec<Variable>>,
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
        assert_eq!(pool.best_of(0, 2), [&[1, 3][..], &[2]]);
        assert_eq!(pool.best_of(0, 9).len(), 3);
        assert!(pool.best_of(1, 9).is_empty());
        let mut other = Pool::default();
        other.add(&roster(&[2]), 0, 5.0);
        other.add(&roster(&[4]), 0, 40.0);
        pool.merge(other);
        assert_eq!(pool.best_of(0, 9), [&[2][..], &[1, 3], &[], &[4]]);
        assert_eq!(pool.schedules().count(), 4);
    }

    /// A priced schedule joins the master's columns once, and only when
    /// the walks have not met it; the last master's mix is always the
    /// re-solves' to choose, however low the walks rank it.
    #[test]
    fn priced_and_mixed_schedules_are_kept_apart_from_the_walks_ranking() {
        let problem = super::super::person::tests::week();
        let roster = |slots: &[usize]| Roster::from_pairs(&problem, slots.iter().map(|&s| (0, s)));
        let mut pool = Pool::default();
        pool.add(&roster(&[1]), 0, 10.0);
        pool.add(&roster(&[2]), 0, 20.0);
        pool.add(&roster(&[3]), 0, 30.0);
        assert!(!pool.add_priced(0, vec![2]), "the walks met it");
        assert!(pool.add_priced(0, vec![4]));
        assert!(!pool.add_priced(0, vec![4]), "priced already");
        assert_eq!(pool.columns(0, 1), [&[1][..], &[4]]);
        assert_eq!(pool.choosable(0, 1), [&[1][..]]);
        pool.set_mixed([(0, vec![vec![3], vec![1]]), (1, vec![vec![5]])].into_iter().collect());
        assert_eq!(pool.choosable(0, 1), [&[1][..], &[3]]);
        assert_eq!(pool.choosable(1, 1), [&[5][..]]);
        // Person 1 has one schedule only: nothing to choose.
        assert_eq!(pool.choices(), 1);
        // The master's mix alone can give someone a choice.
        pool.set_mixed([(1, vec![vec![5], vec![6]])].into_iter().collect());
        assert_eq!(pool.choices(), 2);
    }
}
