//! `lichtruc check`: reading a roster CSV (perhaps edited by hand) back into
//! a [`Roster`] for the rules to check.

use crate::input::{Diagnostic, InputError};
use crate::model::Problem;
use crate::output::csv::{unguard, HEADER};
use crate::roster::Roster;

/// Reads a `roster.csv` for this problem. Rows with an empty `staff_id` are
/// unfilled places. Errors name the line.
pub fn read_csv(problem: &Problem, text: &str, file: &str) -> Result<Roster, InputError> {
    let mut roster = Roster::empty(problem);
    let mut diagnostics = Vec::new();
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let at = |line: u64, message: String| Diagnostic { position: Some((line as usize, 1)), key: None, message };
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(InputError::whole_file(file, format!("cannot read the CSV: {e}"))),
    };
    let column = |name: &str| header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name);
    let mut columns = [0usize; 8];
    for (i, name) in HEADER.iter().enumerate() {
        match column(name) {
            Some(c) => columns[i] = c,
            None => {
                return Err(InputError::whole_file(
                    file,
                    format!("the CSV has no column {name:?}; its header must be {}", HEADER.join(",")),
                ))
            }
        }
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                diagnostics.push(at(line, format!("cannot read this row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| unguard(record.get(columns[i]).unwrap_or("").trim());
        let (date, post, shift, staff_id) = (get(0), get(1), get(2), get(5));
        let Ok(date) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            diagnostics.push(at(line, format!("the date {date:?} is not like 2026-02-14")));
            continue;
        };
        let Some(p) = problem.posts.iter().position(|x| x.id == post).or_else(|| problem.posts.iter().position(|x| x.name == post)) else {
            diagnostics.push(at(line, format!("no post {post:?} in the roster file")));
            continue;
        };
        let Some(sh) = problem.posts[p].shifts.iter().position(|x| x.name == shift) else {
            diagnostics.push(at(line, format!("post {post:?} has no shift {shift:?}")));
            continue;
        };
        let Some(slot) = problem.find_slot(p, sh, date) else {
            diagnostics.push(at(line, format!("the period has no {post} {shift} slot on {date}")));
            continue;
        };
        if staff_id.is_empty() {
            continue;
        }
        let Some(person) = problem.person_index(staff_id) else {
            diagnostics.push(at(line, format!("no staff with id {staff_id:?} in the roster file")));
            continue;
        };
        if !roster.assign(person, slot) {
            diagnostics.push(at(line, format!("{staff_id} is listed twice on this slot")));
        }
    }
    if diagnostics.is_empty() {
        Ok(roster)
    } else {
        Err(InputError { file: file.to_string(), diagnostics })
    }
}
