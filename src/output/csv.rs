//! `roster.csv`: one row per person per slot (an unfilled place is a row
//! with an empty `staff_id`), with cells guarded against formula injection.

use crate::model::Problem;
use crate::roster::Roster;

/// The header, exactly as the roster format says.
pub const HEADER: [&str; 8] = ["date", "post", "shift", "start", "end", "staff_id", "staff_name", "phone"];

/// A cell that a spreadsheet would run as a formula gets a leading `'`.
/// A cell that already starts with `'` gets one too, so that [`unguard`]
/// gives back exactly what was guarded.
pub fn guard(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Undoes [`guard`] when reading a CSV back.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')) => rest,
        _ => cell,
    }
}

/// The CSV text of a roster.
pub fn render(problem: &Problem, roster: &Roster) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    let time = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    for (s, slot) in problem.slots.iter().enumerate() {
        let post = problem.post(slot);
        let shift = problem.shift(slot);
        let base = [slot.date.to_string(), guard(&post.id), guard(&shift.name), time(slot.start), time(slot.end)];
        for &p in roster.people(s) {
            let person = &problem.staff[p];
            let row = [guard(&person.id), guard(&person.name), guard(person.phone.as_deref().unwrap_or(""))];
            w.write_record(base.iter().chain(row.iter())).expect("writing to memory");
        }
        for _ in roster.people(s).len()..slot.need as usize {
            w.write_record(base.iter().chain(["", "", ""].iter().map(|s| &**s).map(String::from).collect::<Vec<_>>().iter()))
                .expect("writing to memory");
        }
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_and_unguard_round_trip() {
        for cell in ["=cmd|calc!A1", "+84 912", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "'quoted", "''", "'=x", ""] {
            assert_eq!(unguard(&guard(cell)), cell, "{cell:?}");
        }
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("Lan"), "Lan");
    }
}
