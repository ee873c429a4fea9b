//! What a roster amounts to: its costs, the hard rules it breaks, the
//! places left unfilled with the reason each candidate could not take them,
//! and the per-person figures. Built once; read by every output.

use serde::Serialize;

use crate::model::Problem;
use crate::output::stats::{person_stats, PersonStats};
use crate::roster::Roster;
use crate::rules::{self, Costs, Violation};
use crate::text::tr;

/// A place nobody could take, and why.
#[derive(Debug, Clone, Serialize)]
pub struct UnfilledPlace {
    pub slot: usize,
    /// "Cán bộ kỹ thuật trực, Đêm 16/02 19:30–17/02 07:30".
    pub label: String,
    pub missing: u32,
    /// Everyone who could in principle hold the post, with what stops them.
    pub candidates: Vec<Candidate>,
}

/// One person who could in principle take an unfilled place.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub person: usize,
    pub name: String,
    /// What stops them, in the roster's language.
    pub reasons: Vec<String>,
}

/// Everything the outputs need to know about a roster.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub costs: Costs,
    pub violations: Vec<Violation>,
    pub unfilled: Vec<UnfilledPlace>,
    pub people: Vec<PersonStats>,
}

impl Report {
    pub fn new(problem: &Problem, roster: &Roster) -> Report {
        Report {
            costs: rules::costs(problem, roster),
            violations: rules::check_all(problem, roster),
            unfilled: unfilled_places(problem, roster),
            people: person_stats(problem, roster),
        }
    }

    /// Whether every hard rule holds and every place is filled.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Each unfilled place with every person who has a role for the post and
/// the rules that stop them.
pub fn unfilled_places(problem: &Problem, roster: &Roster) -> Vec<UnfilledPlace> {
    roster
        .unfilled(problem)
        .into_iter()
        .map(|u| {
            let slot = &problem.slots[u.slot];
            let candidates = (0..problem.staff.len())
                .filter(|&p| problem.has_role(p, slot.post))
                .map(|p| {
                    let reasons = if roster.holds(p, u.slot) {
                        vec![tr!(problem.lang(), "đã trực ca này", "already on this slot")]
                    } else {
                        let found: Vec<String> =
                            rules::explain(problem, roster, p, u.slot).into_iter().map(|v| v.message).collect();
                        if found.is_empty() {
                            vec![tr!(
                                problem.lang(),
                                "không vướng quy tắc nào khi xét riêng ca này (bộ giải dừng trước khi xếp được)",
                                "no rule stops them for this slot alone (the solver stopped before placing them)"
                            )]
                        } else {
                            found
                        }
                    };
                    Candidate { person: p, name: problem.staff[p].name.clone(), reasons }
                })
                .collect();
            UnfilledPlace { slot: u.slot, label: problem.slot_label(u.slot), missing: u.missing, candidates }
        })
        .collect()
}
