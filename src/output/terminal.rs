//! The terminal: the roster by day and time band, the fairness table per
//! person, unfilled places with reasons, and broken rules.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell as TCell, CellAlignment, ContentArrangement, Table};

use super::grid::grid;
use crate::model::{time_range, Problem};
use crate::report::Report;
use crate::roster::Roster;
use crate::text::{self, tr};

/// The roster table.
pub fn roster_table(problem: &Problem, roster: &Roster) -> String {
    let lang = problem.lang();
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    let mut header = vec![lang.pick("Ngày", "Date").to_string(), lang.pick("Thời gian", "Time").to_string()];
    header.extend(problem.posts.iter().map(|p| p.name.clone()));
    table.set_header(header);
    let mut last_day = None;
    for row in grid(problem, roster) {
        let day = &problem.days[row.day];
        let date_cell = if last_day == Some(row.day) {
            String::new()
        } else {
            let lunar = crate::calendar::solar_to_lunar(day.date)
                .map(|l| format!("\n{} {}", lang.pick("ÂL", "lunar"), l.short()))
                .unwrap_or_default();
            format!("{} {}{lunar}", text::weekday_name(day.date, lang), text::short_date(day.date))
        };
        last_day = Some(row.day);
        let mut cells = vec![date_cell, format!("{}–{}", text::hhmm(row.start.time()), text::hhmm(row.end.time()))];
        for cell in &row.cells {
            cells.push(match cell {
                None => String::new(),
                Some(c) => {
                    let mut names: Vec<String> = c.people.iter().map(|&p| problem.staff[p].name.clone()).collect();
                    for _ in 0..c.missing {
                        names.push(lang.pick("‹CHƯA CÓ NGƯỜI›", "‹UNFILLED›").to_string());
                    }
                    names.join("\n")
                }
            });
        }
        table.add_row(cells);
    }
    table.to_string()
}

/// The fairness table: one row per person.
pub fn fairness_table(problem: &Problem, report: &Report) -> String {
    let lang = problem.lang();
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    let history = problem.staff.iter().any(|p| p.past_burden != 0.0);
    let mut header: Vec<&str> = vec![
        lang.pick("Họ và tên", "Name"),
        lang.pick("Số ca", "Shifts"),
        lang.pick("Số giờ", "Hours"),
        lang.pick("Ca đêm", "Nights"),
        lang.pick("Giờ ngày nghỉ", "Holiday hours"),
        lang.pick("Điểm", "Burden"),
    ];
    if history {
        header.push(lang.pick("Điểm trước", "Past burden"));
    }
    header.push(lang.pick("Nguyện vọng", "Wishes met"));
    table.set_header(header);
    for s in &report.people {
        let mut row = vec![
            TCell::new(&s.name),
            TCell::new(s.shifts).set_alignment(CellAlignment::Right),
            TCell::new(text::hours(s.hours)).set_alignment(CellAlignment::Right),
            TCell::new(s.nights).set_alignment(CellAlignment::Right),
            TCell::new(text::hours(s.holiday_hours)).set_alignment(CellAlignment::Right),
            TCell::new(text::hours(s.burden)).set_alignment(CellAlignment::Right),
        ];
        if history {
            row.push(TCell::new(text::hours(s.past_burden)).set_alignment(CellAlignment::Right));
        }
        row.push(TCell::new(if s.wishes == 0 { "–".to_string() } else { format!("{}/{}", s.wishes_met, s.wishes) }));
        table.add_row(row);
    }
    table.to_string()
}

/// Unfilled places with who could hold each and what stops them, and every
/// other broken rule.
pub fn problems(problem: &Problem, report: &Report) -> String {
    let lang = problem.lang();
    let mut out = String::new();
    if !report.unfilled.is_empty() {
        out += &tr!(lang, "CHƯA XẾP ĐƯỢC NGƯỜI ({} chỗ):\n", "UNFILLED PLACES ({}):\n", report.unfilled.iter().map(|u| u.missing).sum::<u32>());
        for u in &report.unfilled {
            let slot = &problem.slots[u.slot];
            out += &format!(
                "  • {} — {}: {}\n",
                problem.post(slot).name,
                problem.shift(slot).name,
                time_range(slot.start, slot.end)
            );
            out += &tr!(lang, "    thiếu {} người.", "    {} missing.", u.missing);
            if u.candidates.is_empty() {
                out += lang.pick(" Không ai có vai trò cho vị trí này.\n", " Nobody has a role for this post.\n");
            } else {
                out += lang.pick(" Lý do từng người:\n", " Why each candidate cannot:\n");
                for c in &u.candidates {
                    out += &format!("      – {}: {}\n", c.name, c.reasons.join("; "));
                }
            }
        }
    }
    // Unfilled places are listed above with their reasons.
    let others: Vec<_> = report
        .violations
        .iter()
        .filter(|v| !(v.rule == "cover" && report.unfilled.iter().any(|u| v.slots == [u.slot])))
        .collect();
    if !others.is_empty() {
        out += &tr!(lang, "VI PHẠM QUY TẮC ({}):\n", "BROKEN RULES ({}):\n", others.len());
        for v in others {
            out += &format!("  • [{}] {}\n", v.rule, v.describe(problem));
        }
    }
    out
}
