//! `roster.html`: the printable roster in the Vietnamese administrative
//! format (Nghị định 30/2020/NĐ-CP), one self-contained file — inline CSS,
//! no script, nothing fetched — that prints from any browser on A4.
//!
//! Page 1 on: the header (parent organisation, organisation, number; the
//! national title and motto; the date line), the title and period, the
//! roster table (STT, date with weekday and lunar date, time band, one
//! column per post with names and phones, notes), the hotline and notes,
//! "Nơi nhận" and the signature block. Then, on a new page, an annex with
//! each person's shifts, hours, night hours (22:00–06:00, Điều 106), hours
//! on official days off and burden points.
//!
//! Every text that comes from the roster file is HTML-escaped.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::grid::{grid, GridRow};
use crate::calendar::{lunar_label, DayKind, Holiday};
use crate::model::Problem;
use crate::report::Report;
use crate::roster::Roster;
use crate::text::{self, Lang};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped, with each line break as `<br>`.
fn esc_lines(s: &str) -> String {
    s.lines().map(esc).collect::<Vec<_>>().join("<br>")
}

pub(crate) const CSS: &str = r#"
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
html { font-family: "Times New Roman", Times, "Liberation Serif", "Nimbus Roman", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.25; color: #000; }
body { margin: 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media screen {
  html { background: #e8e8e8; }
  body { width: 210mm; margin: 8mm auto; padding: 20mm 15mm 20mm 30mm; background: #fff; box-shadow: 0 0 4mm rgba(0,0,0,.25); }
}
p { margin: 0; }
table { border-collapse: collapse; }
.header { width: 100%; margin-bottom: 4mm; }
.header td { vertical-align: top; text-align: center; padding: 0; }
.header .left { width: 40%; }
.header .right { width: 60%; }
.parent { text-transform: uppercase; }
.org { font-weight: bold; text-transform: uppercase; }
.rule { border-top: 1px solid #000; margin: 0.8mm auto 2mm auto; }
.rule.short { width: 35%; }
.nation { font-weight: bold; white-space: nowrap; }
.motto { font-weight: bold; font-size: 13.5pt; }
.motto span { display: inline-block; border-bottom: 1px solid #000; padding-bottom: 0.6mm; }
.number { margin-top: 1mm; }
.dateline { font-style: italic; margin-top: 4mm; font-size: 13.5pt; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 5mm 0 1mm 0; text-wrap: balance; }
h2 { font-size: 14pt; font-weight: bold; text-align: center; margin: 0 0 1mm 0; }
.period { text-align: center; font-style: italic; margin-bottom: 4mm; }
table.grid { width: 100%; table-layout: fixed; }
table.grid th, table.grid td { border: 1px solid #000; padding: 0.7mm 1mm; vertical-align: middle; text-align: center; line-height: 1.15; }
table.grid th.stt { white-space: nowrap; }
table.grid th { font-weight: bold; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, tbody.day { break-inside: avoid; page-break-inside: avoid; }
td.date .lunar { font-style: italic; font-size: 12pt; }
td.post .person + .person { margin-top: 1mm; }
.phone { font-size: 12pt; white-space: nowrap; }
td.note { font-size: 12pt; }
.unfilled { display: inline-block; font-weight: bold; border: 1.5pt dashed #000; background: #ddd; padding: 0.5mm 1mm; }
td.none { color: #000; }
.after { margin-top: 3mm; text-align: justify; }
.after p { text-indent: 0; margin-top: 1mm; }
.after ul { margin: 0.5mm 0 0 0; padding-left: 0; list-style: none; }
.after li { margin-top: 0.5mm; }
.warning { margin-top: 2mm; font-weight: bold; }
.closing { display: flex; justify-content: space-between; align-items: flex-start; margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.recipients { width: 45%; font-size: 11pt; }
.time { white-space: nowrap; }
.recipients .heading { font-weight: bold; font-style: italic; font-size: 12pt; }
.recipients ul { margin: 0; padding: 0; list-style: none; }
.signature { width: 55%; text-align: center; }
.signature .title { font-weight: bold; text-transform: uppercase; }
.signature .space { height: 26mm; }
.signature .name { font-weight: bold; }
.annex { break-before: page; page-break-before: always; }
.annex .attached { text-align: center; font-style: italic; margin-bottom: 4mm; }
table.stats th, table.stats td { font-size: 12pt; }
table.stats td.name { text-align: left; }
table.stats td.num { text-align: right; }
table.stats tr.total td { font-weight: bold; }
.footnote { font-size: 12pt; font-style: italic; margin-top: 2mm; text-align: justify; }
"#;

/// The HTML text of a roster.
pub fn render(problem: &Problem, roster: &Roster, report: &Report) -> Vec<u8> {
    let lang = problem.lang();
    let meta = &problem.meta;
    let mut h = String::new();
    let html_lang = lang.pick("vi", "en");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&meta.title)
    );
    header(&mut h, problem);
    let _ = writeln!(h, "<h1>{}</h1>", esc_lines(&meta.title));
    let _ = writeln!(h, "<p class=\"period\">{}</p>", esc(&period_line(problem)));
    table(&mut h, problem, roster);
    after(&mut h, problem, report);
    closing(&mut h, problem);
    annex(&mut h, problem, report);
    h.push_str("</body>\n</html>\n");
    h.into_bytes()
}

pub(crate) fn header(h: &mut String, problem: &Problem) {
    let lang = problem.lang();
    let meta = &problem.meta;
    h.push_str("<table class=\"header\">\n<tr>\n<td class=\"left\">\n");
    if let Some(parent) = meta.parent_organization.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(h, "<div class=\"parent\">{}</div>", esc_lines(&parent.to_uppercase()));
    }
    let _ = writeln!(h, "<div class=\"org\">{}</div>", esc_lines(&meta.organization.to_uppercase()));
    h.push_str("<div class=\"rule short\"></div>\n");
    let number = meta.document_number.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or("…");
    let _ = writeln!(h, "<div class=\"number\">{} {}</div>", lang.pick("Số:", "No.:"), esc(number));
    h.push_str("</td>\n<td class=\"right\">\n");
    let _ = writeln!(
        h,
        "<div class=\"nation\">{}</div>",
        lang.pick("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM")
    );
    let _ = writeln!(
        h,
        "<div class=\"motto\"><span>{}</span></div>",
        lang.pick("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness")
    );
    let _ = writeln!(h, "<div class=\"dateline\">{}</div>", esc(&date_line(problem)));
    h.push_str("</td>\n</tr>\n</table>\n");
}

/// "Lạng Sơn, ngày 05 tháng 02 năm 2026" (ND 30: a zero before days under
/// 10 and months 1 and 2), with blanks to fill by hand when `issued` is
/// missing; "Lạng Sơn, 05 February 2026" in English.
pub fn date_line(problem: &Problem) -> String {
    let meta = &problem.meta;
    let place = meta.place.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let date = match (problem.lang(), meta.issued) {
        (Lang::Vi, Some(d)) => {
            let month = if d.month() < 3 { format!("{:02}", d.month()) } else { d.month().to_string() };
            format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
        }
        (Lang::Vi, None) => "ngày …… tháng …… năm ……".to_string(),
        (Lang::En, Some(d)) => format!("{:02} {} {}", d.day(), month_name(d), d.year()),
        (Lang::En, None) => "…… / …… / ……".to_string(),
    };
    match place {
        Some(p) => format!("{p}, {date}"),
        None => date,
    }
}

fn month_name(d: NaiveDate) -> &'static str {
    const NAMES: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ];
    NAMES[d.month0() as usize]
}

/// "(Từ 17 giờ 00 ngày 13/02/2026 đến 07 giờ 30 ngày 23/02/2026)".
fn period_line(problem: &Problem) -> String {
    let (s, e) = (problem.period.start, problem.period.end);
    match problem.lang() {
        Lang::Vi => format!("(Từ {} đến {})", vi_moment(s), vi_moment(e)),
        Lang::En => format!(
            "(From {} on {} to {} on {})",
            text::hhmm(s.time()),
            text::long_date(s.date()),
            text::hhmm(e.time()),
            text::long_date(e.date())
        ),
    }
}

fn vi_moment(t: NaiveDateTime) -> String {
    format!("{} giờ {} ngày {}", t.format("%H"), t.format("%M"), text::long_date(t.date()))
}

/// What the notes column says about a day ("Giao thừa", "Nghỉ Tết").
pub(crate) fn day_note(problem: &Problem, kind: DayKind) -> &'static str {
    let lang = problem.lang();
    let tet = problem.period.holiday.as_ref().is_some_and(|h| h.holiday == Holiday::Tet);
    match kind {
        DayKind::TetEve => lang.pick("Giao thừa", "Lunar New Year's Eve"),
        DayKind::TetFirstDays => lang.pick("Tết Nguyên đán", "Lunar New Year"),
        DayKind::Holiday if tet => lang.pick("Nghỉ Tết", "Tết day off"),
        DayKind::Holiday => lang.pick("Nghỉ lễ", "Public holiday"),
        DayKind::Weekend | DayKind::Workday => "",
    }
}

fn table(h: &mut String, problem: &Problem, roster: &Roster) {
    let lang = problem.lang();
    let rows = grid(problem, roster);
    let posts = problem.posts.len().max(1);
    // Fixed columns in mm of the 165 mm text width; posts share the rest.
    let fixed = [11.0, 26.0, 17.0];
    let note = 19.0;
    let post_w = (165.0 - fixed.iter().sum::<f64>() - note) / posts as f64;
    h.push_str("<table class=\"grid roster\">\n<colgroup>");
    for w in fixed {
        let _ = write!(h, "<col style=\"width:{:.2}%\">", w / 165.0 * 100.0);
    }
    for _ in &problem.posts {
        let _ = write!(h, "<col style=\"width:{:.2}%\">", post_w / 165.0 * 100.0);
    }
    let _ = write!(h, "<col style=\"width:{:.2}%\">", note / 165.0 * 100.0);
    h.push_str("</colgroup>\n<thead>\n<tr>");
    let _ = write!(
        h,
        "<th class=\"stt\">{}</th><th>{}</th><th>{}</th>",
        lang.pick("STT", "No."),
        lang.pick("Ngày", "Date"),
        lang.pick("Thời gian", "Time")
    );
    for post in &problem.posts {
        let _ = write!(h, "<th>{}</th>", esc_lines(&post.name));
    }
    let _ = writeln!(h, "<th>{}</th></tr>\n</thead>", lang.pick("Ghi chú", "Notes"));

    // One tbody per date, so that a date's rows stay on one page.
    let mut start = 0;
    let mut number = 0;
    while start < rows.len() {
        let day = rows[start].day;
        let end = start + rows[start..].iter().take_while(|r| r.day == day).count();
        number += 1;
        day_rows(h, problem, &rows[start..end], number);
        start = end;
    }
    h.push_str("</table>\n");
}

fn day_rows(h: &mut String, problem: &Problem, rows: &[GridRow], number: usize) {
    let lang = problem.lang();
    let day = &problem.days[rows[0].day];
    let span = rows.len();
    h.push_str("<tbody class=\"day\">\n");
    for (i, row) in rows.iter().enumerate() {
        h.push_str("<tr>");
        if i == 0 {
            let _ = write!(h, "<td rowspan=\"{span}\" class=\"stt\">{number}</td>");
            let lunar = lunar_label(day.date, lang);
            let _ = write!(
                h,
                "<td rowspan=\"{span}\" class=\"date\">{}<br>{}",
                esc(text::weekday_name(day.date, lang)),
                text::long_date(day.date)
            );
            if !lunar.trim().is_empty() {
                let _ = write!(h, "<br><span class=\"lunar\">({})</span>", esc(&lunar));
            }
            h.push_str("</td>");
        }
        let _ = write!(h, "<td class=\"time\">{} –<br>{}</td>", text::hhmm(row.start.time()), text::hhmm(row.end.time()));
        for (post, cell) in row.cells.iter().enumerate() {
            // A slot that runs through several bands of the date is one cell.
            let same = |r: &GridRow| match (&r.cells[post], cell) {
                (Some(a), Some(b)) => a.slot == b.slot,
                _ => false,
            };
            if i > 0 && same(&rows[i - 1]) {
                continue;
            }
            let run = 1 + rows[i + 1..].iter().take_while(|r| same(r)).count();
            let rowspan = if run > 1 { format!(" rowspan=\"{run}\"") } else { String::new() };
            match cell {
                None => {
                    let _ = write!(h, "<td class=\"post none\"{rowspan}>–</td>");
                }
                Some(c) => {
                    let _ = write!(h, "<td class=\"post\"{rowspan}>");
                    for &p in &c.people {
                        let person = &problem.staff[p];
                        let _ = write!(h, "<div class=\"person\"><span class=\"name\">{}</span>", esc(&person.name));
                        if let Some(phone) = person.phone.as_deref().filter(|s| !s.trim().is_empty()) {
                            let _ = write!(h, "<br><span class=\"phone\">{}</span>", esc(phone));
                        }
                        h.push_str("</div>");
                    }
                    for _ in 0..c.missing {
                        let _ = write!(
                            h,
                            "<div class=\"person\"><span class=\"unfilled\">{}</span></div>",
                            lang.pick("CHƯA CÓ NGƯỜI", "UNFILLED")
                        );
                    }
                    h.push_str("</td>");
                }
            }
        }
        if i == 0 {
            let _ = write!(h, "<td rowspan=\"{span}\" class=\"note\">{}</td>", esc(day_note(problem, day.kind)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n");
}

/// Hotline, notes, and a warning when places are unfilled.
fn after(h: &mut String, problem: &Problem, report: &Report) {
    let lang = problem.lang();
    let meta = &problem.meta;
    h.push_str("<div class=\"after\">\n");
    if let Some(hot) = meta.hotline.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(h, "<p><b>{}:</b> {}</p>", lang.pick("Đường dây nóng", "Hotline"), esc(hot));
    }
    if !meta.notes.is_empty() {
        let _ = writeln!(h, "<p><b>{}:</b></p>\n<ul>", lang.pick("Ghi chú", "Notes"));
        for n in &meta.notes {
            let _ = writeln!(h, "<li>- {}</li>", esc_lines(n));
        }
        h.push_str("</ul>\n");
    }
    if !report.unfilled.is_empty() {
        let total: u32 = report.unfilled.iter().map(|u| u.missing).sum();
        let _ = writeln!(
            h,
            "<p class=\"warning\">{}</p>\n<ul>",
            match lang {
                Lang::Vi => format!("Còn {total} chỗ chưa có người trực:"),
                Lang::En => format!("{total} place(s) still unfilled:"),
            }
        );
        for u in &report.unfilled {
            let _ = writeln!(h, "<li>- {} ({})</li>", esc(&u.label), esc(&text_missing(lang, u.missing)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n");
}

fn text_missing(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Vi => format!("thiếu {n} người"),
        Lang::En => format!("{n} missing"),
    }
}

/// "Nơi nhận" at the left, the signature block at the right.
pub(crate) fn closing(h: &mut String, problem: &Problem) {
    let lang = problem.lang();
    let meta = &problem.meta;
    h.push_str("<div class=\"closing\">\n<div class=\"recipients\">\n");
    if !meta.recipients.is_empty() {
        let _ = writeln!(h, "<div class=\"heading\">{}</div>\n<ul>", lang.pick("Nơi nhận:", "Recipients:"));
        let last = meta.recipients.len() - 1;
        for (i, r) in meta.recipients.iter().enumerate() {
            let r = r.trim();
            let end = if r.ends_with(['.', ';', ':', ',']) {
                ""
            } else if i == last {
                "."
            } else {
                ";"
            };
            let _ = writeln!(h, "<li>- {}{end}</li>", esc(r));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n<div class=\"signature\">\n");
    if let Some(signer) = &meta.signer {
        let title = signer.title.replace("\\n", "\n").to_uppercase();
        let _ = writeln!(h, "<div class=\"title\">{}</div>", esc_lines(&title));
        h.push_str("<div class=\"space\"></div>\n");
        let _ = writeln!(h, "<div class=\"name\">{}</div>", esc(&signer.name));
    } else {
        h.push_str("<div class=\"space\"></div>\n");
    }
    h.push_str("</div>\n</div>\n");
}

/// The annex: per-person shifts and hours, for holiday pay and
/// compensatory rest.
fn annex(h: &mut String, problem: &Problem, report: &Report) {
    let lang = problem.lang();
    let meta = &problem.meta;
    h.push_str("<section class=\"annex\">\n");
    let _ = writeln!(
        h,
        "<h2>{}<br>{}</h2>",
        lang.pick("PHỤ LỤC", "ANNEX"),
        lang.pick("TỔNG HỢP CA TRỰC, GIỜ TRỰC THEO CÁ NHÂN", "SHIFTS AND HOURS PER PERSON")
    );
    let number = meta.document_number.as_deref().filter(|s| !s.trim().is_empty());
    let issued = meta.issued.map(text::long_date);
    let attached = match (lang, number, issued) {
        (Lang::Vi, Some(n), Some(d)) => format!("(Kèm theo văn bản số {n} ngày {d})"),
        (Lang::Vi, Some(n), None) => format!("(Kèm theo văn bản số {n})"),
        (Lang::Vi, None, _) => format!("(Kèm theo {})", meta.title),
        (Lang::En, Some(n), Some(d)) => format!("(Attached to document No. {n} of {d})"),
        (Lang::En, Some(n), None) => format!("(Attached to document No. {n})"),
        (Lang::En, None, _) => format!("(Attached to {})", meta.title),
    };
    let _ = writeln!(h, "<p class=\"attached\">{}</p>", esc(&attached));
    let history = report.people.iter().any(|s| s.past_burden != 0.0);
    h.push_str("<table class=\"grid stats\">\n<colgroup>");
    let widths: &[f64] = if history { &[10.0, 34.0, 26.0, 11.0, 14.0, 19.0, 20.0, 14.0, 14.0] } else { &[10.0, 38.0, 28.0, 12.0, 15.0, 20.0, 22.0, 15.0] };
    let sum: f64 = widths.iter().sum();
    for w in widths {
        let _ = write!(h, "<col style=\"width:{:.2}%\">", w / sum * 100.0);
    }
    h.push_str("</colgroup>\n<thead>\n<tr>");
    let mut heads = vec![
        lang.pick("STT", "No."),
        lang.pick("Họ và tên", "Name"),
        lang.pick("Chức vụ", "Position"),
        lang.pick("Số ca", "Shifts"),
        lang.pick("Tổng số giờ", "Hours"),
        lang.pick("Giờ làm việc ban đêm (22h–6h)", "Night hours (22:00–06:00)"),
        lang.pick("Giờ trực ngày nghỉ lễ, Tết", "Hours on official holidays"),
        lang.pick("Điểm trực", "Burden points"),
    ];
    if history {
        heads.push(lang.pick("Điểm kỳ trước", "Earlier burden"));
    }
    for head in &heads {
        let _ = write!(h, "<th>{head}</th>");
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    let mut totals = (0usize, 0.0, 0.0, 0.0);
    for (i, s) in report.people.iter().enumerate() {
        let title = problem.staff.get(i).and_then(|p| p.title.as_deref()).unwrap_or("");
        totals.0 += s.shifts;
        totals.1 += s.hours;
        totals.2 += s.night_hours;
        totals.3 += s.holiday_hours;
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"name\">{}</td><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            i + 1,
            esc(&s.name),
            esc(title),
            s.shifts,
            text::hours(s.hours),
            text::hours(s.night_hours),
            text::hours(s.holiday_hours),
            text::hours(s.burden)
        );
        if history {
            let _ = write!(h, "<td class=\"num\">{}</td>", text::hours(s.past_burden));
        }
        h.push_str("</tr>\n");
    }
    let _ = write!(
        h,
        "<tr class=\"total\"><td></td><td class=\"name\" colspan=\"2\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td></td>",
        lang.pick("Tổng cộng", "Total"),
        totals.0,
        text::hours(totals.1),
        text::hours(totals.2),
        text::hours(totals.3)
    );
    if history {
        h.push_str("<td></td>");
    }
    h.push_str("</tr>\n</tbody>\n</table>\n");
    let days_off = problem.period.holiday.as_ref().map(|hp| hp.days_off);
    let off = match (lang, days_off) {
        (Lang::Vi, Some((a, b))) => format!(" (từ {} đến {})", text::long_date(a), text::long_date(b)),
        (Lang::En, Some((a, b))) => format!(" ({} to {})", text::long_date(a), text::long_date(b)),
        _ => String::new(),
    };
    let note = match lang {
        Lang::Vi => format!(
            "Giờ làm việc ban đêm: từ 22 giờ đến 6 giờ sáng hôm sau (Điều 106 Bộ luật Lao động 2019). Giờ trực ngày nghỉ lễ, Tết: số giờ trực rơi vào các ngày nghỉ lễ, Tết chính thức{off} (Điều 112). Điểm trực: hệ số ca × hệ số ngày, dùng để phân công công bằng."
        ),
        Lang::En => format!(
            "Night hours: from 22:00 to 06:00 the next morning (Labour Code 2019, Article 106). Hours on official holidays: hours of duty that fall on the official days off{off} (Article 112). Burden points: shift weight × day weight, used to share the duty fairly."
        ),
    };
    let _ = writeln!(h, "<p class=\"footnote\">{}</p>", esc(&note));
    h.push_str("</section>\n");
}
