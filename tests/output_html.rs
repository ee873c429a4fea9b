//! The printable roster: its administrative layout, print CSS, escaping,
//! and a real print to PDF in headless Chromium (A4 pages, table text).

mod output_support;

use std::path::Path;
use std::process::Command;

use lichtruc::output::html;
use output_support::*;

fn render(language: &str, issued: bool) -> String {
    let problem = problem_with(language, "Asia/Ho_Chi_Minh", issued);
    let (roster, report) = all(&problem);
    String::from_utf8(html::render(&problem, &roster, &report)).unwrap()
}

#[test]
fn vietnamese_document_has_every_part_of_the_format() {
    let h = render("vi", true);
    for part in [
        "<html lang=\"vi\">",
        "<meta charset=\"utf-8\">",
        "UBND TỈNH LẠNG SƠN",
        "<div class=\"org\">SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH LẠNG SƠN</div>",
        "<div class=\"rule short\"></div>",
        "Số: 12/TB-SKHCN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lạng Sơn, ngày 20 tháng 3 năm 2026",
        "<h1>Lịch trực bảo đảm an toàn thông tin mạng dịp Tết Nguyên đán Bính Ngọ 2026</h1>",
        "<th class=\"stt\">STT</th><th>Ngày</th><th>Thời gian</th><th>Lãnh đạo trực</th><th>Cán bộ kỹ thuật trực</th><th>Ghi chú</th>",
        "thứ Bảy<br>28/03/2026",
        "Chủ nhật<br>29/03/2026",
        "<td class=\"time\">07:30 –<br>19:30</td>",
        "<span class=\"phone\">0912 345 678</span>",
        "<span class=\"unfilled\">CHƯA CÓ NGƯỜI</span>",
        "<b>Đường dây nóng:</b> 0205 3818 657",
        "Nơi nhận:",
        "<li>- Như trên;</li>",
        "<li>- Lưu: VT.</li>",
        "<div class=\"title\">KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC</div>",
        "<div class=\"name\">Phương Thị Hương Lan</div>",
        "TỔNG HỢP CA TRỰC, GIỜ TRỰC THEO CÁ NHÂN",
        "Giờ làm việc ban đêm (22h–6h)",
        "Điều 106",
    ] {
        assert!(h.contains(part), "missing {part:?}");
    }
    // Print CSS: A4, the margins of ND 30, the header repeated, rows whole.
    for css in [
        "@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }",
        "\"Times New Roman\"",
        "font-size: 13pt",
        "thead { display: table-header-group; }",
        "tr, tbody.day { break-inside: avoid; page-break-inside: avoid; }",
    ] {
        assert!(h.contains(css), "missing {css:?}");
    }
    // One STT and one merged date cell per date; the 24-hour leader merged
    // across the day's two bands.
    assert_eq!(h.matches("<tbody class=\"day\">").count(), 2);
    assert!(h.contains("<td rowspan=\"2\" class=\"stt\">1</td>"));
    assert!(h.contains("<td rowspan=\"2\" class=\"stt\">2</td>"));
    assert!(h.contains("<td class=\"post\" rowspan=\"2\"><div class=\"person\"><span class=\"name\">Phương Thị Hương Lan</span>"));
}

#[test]
fn blank_date_line_without_issued_date() {
    let h = render("vi", false);
    assert!(h.contains("Lạng Sơn, ngày …… tháng …… năm ……"));
}

#[test]
fn english_document_has_the_same_structure() {
    let h = render("en", true);
    for part in [
        "<html lang=\"en\">",
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "No.: 12/TB-SKHCN",
        "Lạng Sơn, 20 March 2026",
        "<th class=\"stt\">No.</th><th>Date</th><th>Time</th>",
        "Saturday<br>28/03/2026",
        "<span class=\"unfilled\">UNFILLED</span>",
        "<b>Hotline:</b>",
        "Recipients:",
        "SHIFTS AND HOURS PER PERSON",
        "Night hours (22:00–06:00)",
    ] {
        assert!(h.contains(part), "missing {part:?}");
    }
    assert!(!h.contains("CHƯA CÓ NGƯỜI"));
}

#[test]
fn self_contained_and_escaped() {
    let h = render("vi", true);
    assert!(!h.contains("<script>"), "a name must not become markup");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt; =cmd|calc!A1"));
    assert!(h.contains("&lt;b&gt;Không&lt;/b&gt; tắt máy"));
    for external in ["http://", "https://", "<link", "src=", "@import", "url("] {
        assert!(!h.contains(external), "fetches something: {external}");
    }
}

/// Prints the HTML with headless Chromium; the PDF's path.
pub fn print_pdf(html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(pdf.exists(), "chromium wrote no PDF: {}", String::from_utf8_lossy(&out.stderr));
}

/// The `/MediaBox [0 0 w h]` of every page in a PDF.
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut boxes = Vec::new();
    let mut rest = &text[..];
    while let Some(i) = rest.find("/MediaBox") {
        rest = &rest[i + 9..];
        let open = rest.find('[').unwrap();
        let close = rest.find(']').unwrap();
        let nums: Vec<f64> = rest[open + 1..close].split_whitespace().filter_map(|n| n.parse().ok()).collect();
        if nums.len() == 4 {
            boxes.push((nums[2] - nums[0], nums[3] - nums[1]));
        }
    }
    boxes
}

#[test]
fn prints_to_a4_pages_in_headless_chromium() {
    let present = runs("chromium", &["--version"]) && runs("pdftotext", &["-v"]);
    if !tool_available("chromium and pdftotext", present, "apt-get install -y chromium poppler-utils fonts-liberation")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("roster.html");
    let pdf_path = dir.path().join("roster.pdf");
    let problem = problem();
    let (roster, report) = all(&problem);
    std::fs::write(&html_path, html::render(&problem, &roster, &report)).unwrap();
    print_pdf(&html_path, &pdf_path);
    let pdf = std::fs::read(&pdf_path).unwrap();
    let boxes = media_boxes(&pdf);
    assert!(!boxes.is_empty(), "no page found in the PDF");
    for (w, h) in &boxes {
        // A4 is 595.28 × 841.89 pt; Chromium rounds to whole pixels.
        assert!((w - 595.28).abs() < 1.5 && (h - 841.89).abs() < 1.5, "page is {w} × {h} pt, not A4");
    }
    let out = Command::new("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(&pdf_path).arg("-").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Phương Thị Hương Lan",
        "Đỗ Quốc Hưng",
        "0912 345 678",
        "28/03/2026",
        "29/03/2026",
        "CHƯA CÓ NGƯỜI",
        "<script>alert(1)",
        "Nơi nhận",
        "PHÓ GIÁM ĐỐC",
    ] {
        assert!(text.contains(needle), "{needle:?} is not in the printed PDF:\n{text}");
    }
    // The annex starts on a page of its own.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() >= 2, "expected the roster and its annex on separate pages");
    assert!(pages.iter().any(|p| p.contains("PHỤ LỤC") && !p.contains("CỘNG HÒA")));
}
