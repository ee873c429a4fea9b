//! The change list of a revision (`solve --previous OLD_DIR`):
//! `changes.html`, the printable amendment notice ("Thông báo điều chỉnh
//! lịch trực" / "Roster amendment") in the same administrative format as
//! `roster.html`, and the same list for the terminal. (`--json` serialises
//! [`Changes`] as it is.)
//!
//! Per person: the shifts added and the shifts removed; then everyone not
//! affected, by name; then (terminal only) the calendar files that changed.

use std::fmt::Write as _;

use super::html::{closing, esc, header, CSS};
use crate::model::Problem;
use crate::revision::{Changes, ShiftRef};
use crate::text::{self, Lang};

const EXTRA_CSS: &str = r#"
table.changes td { text-align: left; vertical-align: top; }
table.changes td.stt { text-align: center; }
table.changes .shift + .shift { margin-top: 1mm; }
.intro { text-indent: 10mm; text-align: justify; margin-bottom: 3mm; }
"#;

/// The title of the notice.
pub fn title(lang: Lang) -> &'static str {
    lang.pick("Thông báo điều chỉnh lịch trực", "Roster amendment")
}

fn shift_html(lang: Lang, s: &ShiftRef) -> String {
    let shift = match lang {
        Lang::Vi => format!("{} – ca {}", s.post_name, s.shift),
        Lang::En => format!("{} – {} shift", s.post_name, s.shift),
    };
    format!(
        "<div class=\"shift\">{}<br><span class=\"time\">{} {}</span></div>",
        esc(&shift),
        esc(text::weekday_name(s.date, lang)),
        esc(&crate::model::time_range(s.start, s.end))
    )
}

/// `changes.html`.
pub fn render(problem: &Problem, changes: &Changes) -> Vec<u8> {
    let lang = problem.lang();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{EXTRA_CSS}</style>\n</head>\n<body>\n",
        lang.pick("vi", "en"),
        esc(title(lang))
    );
    header(&mut h, problem);
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title(lang).to_uppercase()));
    let _ = writeln!(h, "<p class=\"period\">({})</p>", esc(&problem.meta.title));
    let intro = if changes.is_empty() {
        lang.pick("Lịch trực đã ban hành không có thay đổi nào.", "The roster issued earlier is unchanged.")
    } else {
        lang.pick(
            "Lịch trực đã ban hành được điều chỉnh như sau; các ca trực không nêu dưới đây giữ nguyên.",
            "The roster issued earlier is amended as follows; shifts not listed below stay as they were.",
        )
    };
    let _ = writeln!(h, "<p class=\"intro\">{}</p>", esc(intro));
    if !changes.is_empty() {
        h.push_str("<table class=\"grid changes\">\n<colgroup>");
        for w in [7.0, 27.0, 28.0, 28.0, 10.0] {
            let _ = write!(h, "<col style=\"width:{w:.2}%\">");
        }
        let _ = writeln!(
            h,
            "</colgroup>\n<thead>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n</thead>\n<tbody>",
            lang.pick("STT", "No."),
            lang.pick("Họ và tên", "Name"),
            lang.pick("Ca trực được phân công thêm", "Shifts added"),
            lang.pick("Ca trực được thôi phân công", "Shifts removed"),
            lang.pick("Ghi chú", "Notes"),
        );
        for (i, c) in changes.people.iter().enumerate() {
            let phone = problem
                .person_index(&c.staff_id)
                .and_then(|p| problem.staff[p].phone.as_deref())
                .filter(|s| !s.trim().is_empty())
                .map(|p| format!("<br><span class=\"phone\">{}</span>", esc(p)))
                .unwrap_or_default();
            let cell = |list: &[ShiftRef]| {
                if list.is_empty() {
                    "–".to_string()
                } else {
                    list.iter().map(|s| shift_html(lang, s)).collect::<String>()
                }
            };
            let note = if c.in_roster { "" } else { lang.pick("Không còn trong danh sách trực", "No longer on the staff list") };
            let _ = writeln!(
                h,
                "<tr><td class=\"stt\">{}</td><td>{}{phone}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
                i + 1,
                esc(&c.name),
                cell(&c.added),
                cell(&c.removed),
                esc(note)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("<div class=\"after\">\n");
    if !changes.unchanged_names.is_empty() {
        let _ = writeln!(
            h,
            "<p><b>{}</b> {}.</p>",
            lang.pick("Không thay đổi lịch trực:", "Unchanged:"),
            esc(&changes.unchanged_names.join(", "))
        );
    }
    let _ = writeln!(
        h,
        "<p>{}</p>",
        esc(lang.pick(
            "Lịch trên lịch điện tử (tệp .ics) của người có thay đổi đã được cập nhật; nhập lại tệp để cập nhật.",
            "The calendar files (.ics) of the people affected are updated; import them again to update the events."
        ))
    );
    h.push_str("</div>\n");
    closing(&mut h, problem);
    h.push_str("</body>\n</html>\n");
    h.into_bytes()
}

/// The change list for the terminal.
pub fn terminal(problem: &Problem, changes: &Changes) -> String {
    let lang = problem.lang();
    let mut out = String::new();
    let head = match lang {
        Lang::Vi => format!("ĐIỀU CHỈNH SO VỚI BẢN TRƯỚC ({}): {} thay đổi\n", changes.previous, changes.total),
        Lang::En => format!("CHANGES FROM THE PREVIOUS ISSUE ({}): {}\n", changes.previous, changes.total),
    };
    out += &head;
    for c in &changes.people {
        let gone = if c.in_roster { "" } else { lang.pick(" (không còn trong danh sách trực)", " (no longer on the staff list)") };
        let _ = writeln!(out, "  {} [{}]{gone}", c.name, c.staff_id);
        for s in &c.added {
            let _ = writeln!(out, "    + {}", s.label());
        }
        for s in &c.removed {
            let _ = writeln!(out, "    − {}", s.label());
        }
    }
    if !changes.unchanged_names.is_empty() {
        let _ = writeln!(out, "  {} {}", lang.pick("Không thay đổi:", "Unchanged:"), changes.unchanged_names.join(", "));
    }
    if changes.calendars_changed.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("Không tệp lịch nào thay đổi.", "No calendar file changed."));
    } else {
        let _ = writeln!(
            out,
            "  {} {}",
            lang.pick("Tệp lịch đã thay đổi:", "Calendar files changed:"),
            changes.calendars_changed.join(", ")
        );
    }
    out
}
