//! The roster as people read it: one row per date and time band, one cell
//! per post. Bands are the pieces of a day cut at every shift boundary, so
//! posts with different shifts (a 24-hour leader, 12-hour technicians) line
//! up; a person on a long shift appears in every band it covers.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::model::Problem;
use crate::roster::Roster;

/// One row of the roster grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    /// Index into [`Problem::days`].
    pub day: usize,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// Per post (in post order): the cell, or None when the post has no slot
    /// covering this band.
    pub cells: Vec<Option<Cell>>,
}

/// Who is on duty at a post during a band.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub slot: usize,
    pub people: Vec<usize>,
    /// Hard-cover places still empty.
    pub missing: u32,
}

/// The grid rows, in time order. Bands are cut at every slot boundary of
/// the period; a band belongs to the date on which it starts.
pub fn grid(problem: &Problem, roster: &Roster) -> Vec<GridRow> {
    let mut bounds: Vec<NaiveDateTime> = problem.slots.iter().flat_map(|s| [s.start, s.end]).collect();
    bounds.sort();
    bounds.dedup();
    let mut rows = Vec::new();
    for pair in bounds.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(day) = problem.day_index(start.date()) else { continue };
        let cells: Vec<Option<Cell>> = (0..problem.posts.len())
            .map(|post| {
                let s = problem.slots.iter().position(|sl| sl.post == post && sl.start <= start && sl.end >= end)?;
                let slot = &problem.slots[s];
                let people = roster.people(s).to_vec();
                let missing = if slot.soft.is_none() { slot.need.saturating_sub(people.len() as u32) } else { 0 };
                Some(Cell { slot: s, people, missing })
            })
            .collect();
        if cells.iter().any(Option::is_some) {
            rows.push(GridRow { day, start, end, cells });
        }
    }
    rows
}
