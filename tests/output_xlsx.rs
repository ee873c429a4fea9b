//! The workbook: two sheets (roster and per-person summary), frozen
//! header, widths, wrapping, guarded cells, same bytes every time.

mod output_support;

use lichtruc::output::xlsx;
use output_support::*;

fn render(language: &str) -> Vec<u8> {
    let problem = problem_with(language, "Asia/Ho_Chi_Minh", true);
    let (roster, report) = all(&problem);
    xlsx::render(&problem, &roster, &report)
}

#[test]
fn roster_and_summary_sheets() {
    let book = render("vi");
    let workbook = part(&book, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Lịch trực\""), "{workbook}");
    assert!(workbook.contains("name=\"Tổng hợp\""), "{workbook}");
    let roster = part(&book, "xl/worksheets/sheet1.xml");
    assert!(roster.contains("<pane ySplit=\"3\" topLeftCell=\"A4\""), "frozen header: {roster}");
    assert!(roster.contains("<mergeCell "), "dates merged across their bands");
    assert!(roster.contains("<col "), "column widths");
    let styles = part(&book, "xl/styles.xml");
    assert!(styles.contains("wrapText=\"1\""), "wrapped cells");
    let strings = shared_strings(&book);
    for s in [
        "Lịch trực bảo đảm an toàn thông tin mạng dịp Tết Nguyên đán Bính Ngọ 2026",
        "Lãnh đạo trực",
        "Cán bộ kỹ thuật trực",
        "Phương Thị Hương Lan – 0912 345 678",
        "CHƯA CÓ NGƯỜI",
        "thứ Bảy",
        "Giờ làm việc ban đêm (22h–6h)",
        "Phó Giám đốc",
    ] {
        assert!(strings.iter().any(|x| x == s), "missing {s:?} in {strings:?}");
    }
    let summary = part(&book, "xl/worksheets/sheet2.xml");
    assert!(summary.contains("<pane xSplit=\"3\" ySplit=\"1\""), "{summary}");
    assert!(summary.contains("<f>SUM(G2:G7)</f>"), "totals follow edits: {summary}");
    // Đỗ Quốc Hưng: two 12-hour day shifts.
    assert!(summary.contains("<c r=\"G5\" s=\"") && summary.contains("<v>24</v>"));
}

#[test]
fn english_sheets() {
    let book = render("en");
    let workbook = part(&book, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Roster\"") && workbook.contains("name=\"Summary\""));
    assert!(shared_strings(&book).iter().any(|s| s == "UNFILLED"));
}

#[test]
fn same_bytes_every_time() {
    assert_eq!(render("vi"), render("vi"));
    let core = part(&render("vi"), "docProps/core.xml");
    assert!(core.contains("2026-03-20T00:00:00Z"), "creation date is the issued date: {core}");
}
