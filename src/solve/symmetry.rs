//! Symmetry between interchangeable people. Two people with the same roles,
//! skills, unavailability, wishes, limits and history can swap their whole
//! schedules without changing any tier of the objective, so a branch and
//! bound search would explore every permutation of them. Ordering their
//! burdens (the first of a group carries at least as much as the next)
//! keeps one representative of each permutation class.

use good_lp::{Constraint, Expression};

use crate::model::{Person, Problem};
use crate::roster::Roster;
use crate::rules::MilpModel;

/// Groups (of two or more) of interchangeable people, in staff order.
pub fn groups(problem: &Problem) -> Vec<Vec<usize>> {
    let fixed = |p: usize| problem.fixed.iter().any(|f| f.person == p);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for p in 0..problem.staff.len() {
        if fixed(p) {
            continue;
        }
        match groups.iter_mut().find(|g| same(problem, g[0], p)) {
            Some(g) => g.push(p),
            None => groups.push(vec![p]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Whether swapping the two people's whole schedules changes no tier: the
/// same person-level data, and in a revision the same earlier schedule
/// (the changes tier counts each person's departures from theirs).
fn same(problem: &Problem, p: usize, q: usize) -> bool {
    let previous_same = problem.previous.as_ref().is_none_or(|old| old.slots_of(p) == old.slots_of(q));
    previous_same && same_person(&problem.staff[p], &problem.staff[q])
}

fn same_person(a: &Person, b: &Person) -> bool {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    sorted(&a.roles) == sorted(&b.roles)
        && sorted(&a.skills) == sorted(&b.skills)
        && a.unavailable.iter().map(|u| (u.start, u.end)).eq(b.unavailable.iter().map(|u| (u.start, u.end)))
        && a.avoid == b.avoid
        && a.prefer == b.prefer
        && a.rules == b.rules
        && a.past_burden == b.past_burden
        && a.past_tet_eve == b.past_tet_eve
}

/// A person's load in the ordering: burden units, plus a tiny count of
/// shifts so that zero-burden slots are ordered too.
fn load_key(problem: &Problem, slot: usize) -> f64 {
    problem.slots[slot].burden_units as f64 + 1.0 / (problem.slots.len() as f64 + 1.0)
}

/// `load(first) ≥ load(second) ≥ …` for every group. Only for a search of
/// the whole model: a neighbourhood that frees one member of a group but
/// pins the member before it could not raise that person's load past the
/// pinned one's, which blocked most moves of burden between equals.
pub fn rows(model: &MilpModel<'_>, groups: &[Vec<usize>]) -> Vec<Constraint> {
    let problem = model.problem;
    let load = |p: usize| -> Expression { model.person_vars(p).iter().map(|&(s, x)| load_key(problem, s) * x).sum() };
    groups.iter().flat_map(|group| group.windows(2).map(|pair| (load(pair[0]) - load(pair[1])).geq(0.0))).collect()
}

/// The same roster with the schedules inside each group permuted so that
/// loads do not increase along the group (so it satisfies [`rows`]).
pub fn canonical(problem: &Problem, roster: &Roster, groups: &[Vec<usize>]) -> Roster {
    let mut out = roster.clone();
    for group in groups {
        let mut schedules: Vec<Vec<usize>> = group.iter().map(|&p| roster.slots_of(p).to_vec()).collect();
        let load = |slots: &Vec<usize>| slots.iter().map(|&s| load_key(problem, s)).sum::<f64>();
        schedules.sort_by(|a, b| load(b).total_cmp(&load(a)));
        for &p in group {
            for s in roster.slots_of(p).to_vec() {
                out.unassign(p, s);
            }
        }
        for (&p, slots) in group.iter().zip(&schedules) {
            for &s in slots {
                out.assign(p, s);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn tet() -> Problem {
        let text = include_str!("../../rosters/tet-2026-so-khcn.toml");
        crate::input::parse_str(text, "tet-2026-so-khcn.toml").expect("bundled roster")
    }

    /// The group that holds `p`, if any.
    fn group_of(groups: &[Vec<usize>], p: usize) -> Option<&Vec<usize>> {
        groups.iter().find(|g| g.contains(&p))
    }

    #[test]
    fn people_with_different_earlier_schedules_or_giao_thua_history_are_not_interchangeable() {
        let mut problem = tet();
        let before = groups(&problem);
        let group = before.first().expect("the Tết roster has interchangeable people").clone();
        let (a, b) = (group[0], group[1]);

        // In a revision, swapping them would change who departs from the
        // earlier roster: they part.
        let slot = (0..problem.slots.len()).find(|&s| !rules::forbidden(&problem, a, s)).expect("a slot for a");
        problem.previous = Some(Roster::from_pairs(&problem, [(a, slot)]));
        let revised = groups(&problem);
        assert!(group_of(&revised, a).is_none_or(|g| !g.contains(&b)), "{revised:?}");
        // Equal earlier schedules keep them together.
        problem.previous = Some(Roster::empty(&problem));
        assert!(group_of(&groups(&problem), a).is_some_and(|g| g.contains(&b)));

        // Giao thừa worked before (the rotation tier) parts them too.
        problem.previous = None;
        problem.staff[a].past_tet_eve = 1.0;
        assert!(group_of(&groups(&problem), a).is_none_or(|g| !g.contains(&b)));
    }
}
