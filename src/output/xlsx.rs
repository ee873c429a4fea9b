//! `roster.xlsx`: the roster as a formatted sheet (same rows as the printed
//! table: one per date and time band, one column per post, the date and a
//! slot running through several bands merged), and a summary sheet with
//! each person's shifts, hours, night hours, holiday hours and burden.
//!
//! Every text cell goes through [`csv::guard`](super::csv::guard), so a
//! name like `=cmd|calc!A1` is never a formula. The document's creation
//! date is the roster's `issued` date (else the period's first day), never
//! the clock, and zip entries carry a fixed time: the same roster gives the
//! same bytes.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::csv::guard;
use super::grid::{grid, GridRow};
use super::html::day_note;
use crate::calendar::lunar_label;
use crate::model::Problem;
use crate::report::Report;
use crate::roster::Roster;
use crate::text::{self, Lang};

/// The workbook's bytes.
pub fn render(problem: &Problem, roster: &Roster, report: &Report) -> Vec<u8> {
    build(problem, roster, report).expect("the roster fits in a workbook")
}

struct Formats {
    title: Format,
    subtitle: Format,
    head: Format,
    cell: Format,
    left: Format,
    date: Format,
    unfilled: Format,
    number: Format,
    total_label: Format,
    total: Format,
}

impl Formats {
    fn new() -> Formats {
        let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
        let boxed = |f: Format| {
            font(f).set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter)
        };
        Formats {
            title: font(Format::new()).set_bold().set_font_size(14).set_align(FormatAlign::Center).set_text_wrap(),
            subtitle: font(Format::new()).set_italic().set_align(FormatAlign::Center),
            head: boxed(Format::new()).set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xE7E6E6)),
            cell: boxed(Format::new()).set_align(FormatAlign::Center),
            left: boxed(Format::new()).set_align(FormatAlign::Left),
            date: boxed(Format::new()).set_align(FormatAlign::Center).set_num_format("dd/mm/yyyy"),
            unfilled: boxed(Format::new())
                .set_align(FormatAlign::Center)
                .set_bold()
                .set_font_color(Color::RGB(0xC00000))
                .set_background_color(Color::RGB(0xFFE0E0)),
            number: boxed(Format::new()).set_align(FormatAlign::Right).set_num_format("0.##"),
            total_label: boxed(Format::new()).set_bold(),
            total: boxed(Format::new()).set_bold().set_align(FormatAlign::Right).set_num_format("0.##"),
        }
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year().clamp(1900, 9999) as u16, d.month() as u8, d.day() as u8)
}

fn build(problem: &Problem, roster: &Roster, report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = problem.meta.issued.unwrap_or(problem.period.start.date());
    let properties = DocProperties::new()
        .set_title(guard(&problem.meta.title))
        .set_company(guard(&problem.meta.organization))
        .set_author("lichtruc")
        .set_creation_datetime(&excel_date(created)?);
    workbook.set_properties(&properties);
    let f = Formats::new();
    roster_sheet(workbook.add_worksheet(), problem, roster, &f)?;
    summary_sheet(workbook.add_worksheet(), problem, report, &f)?;
    workbook.save_to_buffer()
}

/// Writes a cell, merged over `rows` rows when more than one.
fn put(ws: &mut Worksheet, row: u32, col: u16, rows: u32, text: &str, format: &Format) -> Result<(), XlsxError> {
    let text = guard(text);
    if rows > 1 {
        ws.merge_range(row, col, row + rows - 1, col, &text, format)?;
    } else {
        ws.write_string_with_format(row, col, &text, format)?;
    }
    Ok(())
}

fn roster_sheet(ws: &mut Worksheet, problem: &Problem, roster: &Roster, f: &Formats) -> Result<(), XlsxError> {
    let lang = problem.lang();
    ws.set_name(lang.pick("Lịch trực", "Roster"))?;
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    let posts = problem.posts.len() as u16;
    let (c_stt, c_date, c_weekday, c_lunar, c_time) = (0u16, 1u16, 2u16, 3u16, 4u16);
    let c_post = 5u16;
    let c_note = c_post + posts;
    let last_col = c_note;
    ws.merge_range(0, 0, 0, last_col, &guard(&problem.meta.title), &f.title)?;
    ws.set_row_height(0, 36)?;
    let period = format!(
        "{} {} – {}",
        lang.pick("Thời gian trực:", "Duty period:"),
        format_moment(problem.period.start),
        format_moment(problem.period.end)
    );
    ws.merge_range(1, 0, 1, last_col, &period, &f.subtitle)?;
    let header_row = 2;
    let mut heads = vec![
        lang.pick("STT", "No.").to_string(),
        lang.pick("Ngày", "Date").to_string(),
        lang.pick("Thứ", "Weekday").to_string(),
        lang.pick("Âm lịch", "Lunar date").to_string(),
        lang.pick("Thời gian", "Time").to_string(),
    ];
    heads.extend(problem.posts.iter().map(|p| p.name.clone()));
    heads.push(lang.pick("Ghi chú", "Notes").to_string());
    for (c, head) in heads.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, guard(head), &f.head)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_repeat_rows(header_row, header_row)?;
    for (c, w) in [(c_stt, 5.0), (c_date, 11.5), (c_weekday, 10.0), (c_lunar, 14.0), (c_time, 12.0)] {
        ws.set_column_width(c, w)?;
    }
    for p in 0..posts {
        ws.set_column_width(c_post + p, 30.0)?;
    }
    ws.set_column_width(c_note, 18.0)?;

    let rows = grid(problem, roster);
    let mut r = header_row + 1;
    let mut start = 0;
    let mut number = 0;
    while start < rows.len() {
        let day_index = rows[start].day;
        let end = start + rows[start..].iter().take_while(|row| row.day == day_index).count();
        let band = &rows[start..end];
        let span = band.len() as u32;
        let day = &problem.days[day_index];
        number += 1;
        put(ws, r, c_stt, span, &number.to_string(), &f.cell)?;
        if span > 1 {
            ws.merge_range(r, c_date, r + span - 1, c_date, "", &f.date)?;
        }
        ws.write_datetime_with_format(r, c_date, excel_date(day.date)?, &f.date)?;
        put(ws, r, c_weekday, span, text::weekday_name(day.date, lang), &f.cell)?;
        put(ws, r, c_lunar, span, &lunar_label(day.date, lang), &f.cell)?;
        put(ws, r, c_note, span, day_note(problem, day.kind), &f.left)?;
        for (i, row) in band.iter().enumerate() {
            let y = r + i as u32;
            ws.write_string_with_format(
                y,
                c_time,
                format!("{}–{}", text::hhmm(row.start.time()), text::hhmm(row.end.time())),
                &f.cell,
            )?;
            for (p, cell) in row.cells.iter().enumerate() {
                let same = |other: &GridRow| match (&other.cells[p], cell) {
                    (Some(a), Some(b)) => a.slot == b.slot,
                    _ => false,
                };
                if i > 0 && same(&band[i - 1]) {
                    continue;
                }
                let run = 1 + band[i + 1..].iter().take_while(|o| same(o)).count() as u32;
                let col = c_post + p as u16;
                match cell {
                    None => put(ws, y, col, run, "–", &f.cell)?,
                    Some(c) => {
                        let mut lines: Vec<String> = c
                            .people
                            .iter()
                            .map(|&q| {
                                let person = &problem.staff[q];
                                match person.phone.as_deref().filter(|s| !s.trim().is_empty()) {
                                    Some(phone) => format!("{} – {phone}", person.name),
                                    None => person.name.clone(),
                                }
                            })
                            .collect();
                        lines.extend((0..c.missing).map(|_| lang.pick("CHƯA CÓ NGƯỜI", "UNFILLED").to_string()));
                        let format = if c.missing > 0 { &f.unfilled } else { &f.cell };
                        put(ws, y, col, run, &lines.join("\n"), format)?;
                    }
                }
            }
        }
        r += span;
        start = end;
    }
    Ok(())
}

fn format_moment(t: chrono::NaiveDateTime) -> String {
    format!("{} {}", text::hhmm(t.time()), text::long_date(t.date()))
}

fn summary_sheet(ws: &mut Worksheet, problem: &Problem, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    let lang = problem.lang();
    ws.set_name(lang.pick("Tổng hợp", "Summary"))?;
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    let history = report.people.iter().any(|s| s.past_burden != 0.0);
    let mut heads: Vec<(&str, f64)> = vec![
        (lang.pick("STT", "No."), 5.0),
        (lang.pick("Mã cán bộ", "Staff id"), 16.0),
        (lang.pick("Họ và tên", "Name"), 26.0),
        (lang.pick("Chức vụ", "Position"), 22.0),
        (lang.pick("Đơn vị", "Unit"), 18.0),
        (lang.pick("Điện thoại", "Phone"), 14.0),
        (lang.pick("Số ca", "Shifts"), 8.0),
        (lang.pick("Tổng số giờ", "Hours"), 9.0),
        (lang.pick("Số ca đêm", "Night shifts"), 9.0),
        (lang.pick("Giờ làm việc ban đêm (22h–6h)", "Night hours (22:00–06:00)"), 14.0),
        (lang.pick("Giờ trực ngày nghỉ lễ, Tết", "Hours on official holidays"), 14.0),
        (lang.pick("Điểm trực", "Burden points"), 9.0),
    ];
    if history {
        heads.push((lang.pick("Điểm kỳ trước", "Earlier burden"), 10.0));
    }
    for (c, (head, width)) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, guard(head), &f.head)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_row_height(0, 48)?;
    ws.set_freeze_panes(1, 3)?;
    ws.set_repeat_rows(0, 0)?;
    let round = |x: f64| (x * 100.0).round() / 100.0;
    for (i, s) in report.people.iter().enumerate() {
        let r = i as u32 + 1;
        let person = problem.staff.get(i);
        let opt = |v: Option<&String>| v.map(String::as_str).unwrap_or("").to_string();
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.number)?;
        for (c, v) in [
            (1u16, s.id.clone()),
            (2, s.name.clone()),
            (3, opt(person.and_then(|p| p.title.as_ref()))),
            (4, opt(person.and_then(|p| p.unit.as_ref()))),
            (5, opt(person.and_then(|p| p.phone.as_ref()))),
        ] {
            ws.write_string_with_format(r, c, guard(&v), &f.left)?;
        }
        let mut numbers = vec![
            s.shifts as f64,
            round(s.hours),
            s.nights as f64,
            round(s.night_hours),
            round(s.holiday_hours),
            round(s.burden),
        ];
        if history {
            numbers.push(round(s.past_burden));
        }
        for (k, v) in numbers.into_iter().enumerate() {
            ws.write_number_with_format(r, 6 + k as u16, v, &f.number)?;
        }
    }
    // Totals, as formulas so that they follow edits.
    let n = report.people.len() as u32;
    let total_row = n + 1;
    ws.merge_range(total_row, 0, total_row, 5, lang.pick("Tổng cộng", "Total"), &f.total_label)?;
    for (k, value) in [
        report.people.iter().map(|s| s.shifts as f64).sum::<f64>(),
        round(report.people.iter().map(|s| s.hours).sum()),
        report.people.iter().map(|s| s.nights as f64).sum::<f64>(),
        round(report.people.iter().map(|s| s.night_hours).sum()),
        round(report.people.iter().map(|s| s.holiday_hours).sum()),
    ]
    .into_iter()
    .enumerate()
    {
        let col = 6 + k as u16;
        let letter = column_letter(col);
        let formula = if n > 0 {
            Formula::new(format!("=SUM({letter}2:{letter}{})", n + 1)).set_result(text::hours(value))
        } else {
            Formula::new("=0").set_result("0")
        };
        ws.write_formula_with_format(total_row, col, formula, &f.total)?;
    }
    for col in 11..heads.len() as u16 {
        ws.write_blank(total_row, col, &f.total)?;
    }
    let note = match lang {
        Lang::Vi => "Giờ làm việc ban đêm: từ 22 giờ đến 6 giờ sáng hôm sau (Điều 106 Bộ luật Lao động 2019). Giờ trực ngày nghỉ lễ, Tết: giờ trực rơi vào ngày nghỉ lễ, Tết chính thức (Điều 112).",
        Lang::En => "Night hours: 22:00 to 06:00 (Labour Code 2019, Article 106). Hours on official holidays: duty hours on the official days off (Article 112).",
    };
    ws.write_string(total_row + 2, 0, note)?;
    Ok(())
}

/// `A`, `B`, … `Z`, `AA`, …
fn column_letter(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_letters() {
        assert_eq!(super::column_letter(0), "A");
        assert_eq!(super::column_letter(25), "Z");
        assert_eq!(super::column_letter(26), "AA");
    }
}
