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
        match groups.iter_mut().find(|g| same(&problem.staff[g[0]], &problem.staff[p])) {
            Some(g) => g.push(p),
            None => groups.push(vec![p]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

fn same(a: &Person, b: &Person) -> bool {
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
