//! `--json`: a machine-readable summary of a solve or a check.

use serde::Serialize;

use crate::model::Problem;
use crate::report::Report;
use crate::rules::Tier;
use crate::solve::{Outcome, Stage};

#[derive(Serialize)]
struct Summary<'a> {
    status: &'static str,
    exit_code: i32,
    objective: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    solver: Option<SolverInfo<'a>>,
    people: &'a [crate::output::stats::PersonStats],
    unfilled: Vec<Unfilled<'a>>,
    violations: Vec<ViolationOut>,
    notices: &'a [String],
    /// With `--previous`: who gained and lost which shifts.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a crate::revision::Changes>,
}

#[derive(Serialize)]
struct SolverInfo<'a> {
    backend: &'static str,
    seconds: f64,
    optimal: bool,
    variables: usize,
    constraints: usize,
    stages: &'a [Stage],
}

#[derive(Serialize)]
struct Unfilled<'a> {
    date: String,
    post: &'a str,
    shift: &'a str,
    start: String,
    end: String,
    missing: u32,
    candidates: &'a [crate::report::Candidate],
}

#[derive(Serialize)]
struct ViolationOut {
    rule: &'static str,
    staff_id: Option<String>,
    message: String,
}

/// The status word for an exit code.
pub fn status(exit_code: i32) -> &'static str {
    match exit_code {
        0 => "ok",
        1 => "unfilled",
        _ => "error",
    }
}

/// The JSON summary.
pub fn render(problem: &Problem, report: &Report, outcome: Option<&Outcome>, notices: &[String], exit_code: i32) -> String {
    render_with_changes(problem, report, outcome, notices, exit_code, None)
}

/// The JSON summary, with the change list of a revision.
pub fn render_with_changes(
    problem: &Problem,
    report: &Report,
    outcome: Option<&Outcome>,
    notices: &[String],
    exit_code: i32,
    changes: Option<&crate::revision::Changes>,
) -> String {
    let mut objective = serde_json::Map::new();
    for tier in Tier::ALL {
        objective.insert(tier.key().into(), serde_json::json!(round(report.costs.get(tier))));
    }
    let time = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let summary = Summary {
        status: status(exit_code),
        exit_code,
        objective,
        solver: outcome.map(|o| SolverInfo {
            backend: o.backend.name(),
            seconds: round(o.elapsed.as_secs_f64()),
            optimal: o.optimal,
            variables: o.variables,
            constraints: o.constraints,
            stages: &o.stages,
        }),
        people: &report.people,
        unfilled: report
            .unfilled
            .iter()
            .map(|u| {
                let slot = &problem.slots[u.slot];
                Unfilled {
                    date: slot.date.to_string(),
                    post: &problem.post(slot).id,
                    shift: &problem.shift(slot).name,
                    start: time(slot.start),
                    end: time(slot.end),
                    missing: u.missing,
                    candidates: &u.candidates,
                }
            })
            .collect(),
        violations: report
            .violations
            .iter()
            .map(|v| ViolationOut {
                rule: v.rule,
                staff_id: v.person.map(|p| problem.staff[p].id.clone()),
                message: v.describe(problem),
            })
            .collect(),
        notices,
        changes,
    };
    serde_json::to_string_pretty(&summary).expect("summary serialises")
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
