//! Shared fixtures for the output tests: a small roster with a leader post,
//! an unfilled place, untrusted names and notes, and long Vietnamese text;
//! and the rule for tests that need an outside tool (Chromium, Python's
//! icalendar): skipped with a notice when the tool is missing and CI is
//! unset, a loud failure when CI is set.
#![allow(dead_code)]

use chrono::NaiveDate;
use lichtruc::model::Problem;
use lichtruc::report::Report;
use lichtruc::Roster;

pub const EVIL_HTML: &str = "<script>alert(1)</script> =cmd|calc!A1";
pub const EVIL_FORMULA: &str = "=cmd|calc!A1, x; y\\z";
pub const LONG_NOTE: &str = "Cán bộ trực có mặt tại vị trí trước giờ giao ca 15 phút, bàn giao đầy đủ sổ trực; phát hiện sự cố báo ngay cho lãnh đạo trực và Trung tâm Công nghệ thông tin và Truyền thông, ghi nhật ký đầy đủ.";

/// The roster file text, in Vietnamese or English, in a time zone.
pub fn roster_text(language: &str, timezone: &str, issued: bool) -> String {
    format!(
        r#"
[roster]
title = "Lịch trực bảo đảm an toàn thông tin mạng dịp Tết Nguyên đán Bính Ngọ 2026"
organization = "Sở Khoa học và Công nghệ tỉnh Lạng Sơn"
parent_organization = "UBND TỈNH LẠNG SƠN"
document_number = "12/TB-SKHCN"
place = "Lạng Sơn"
{issued}
signer = {{ title = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name = "Phương Thị Hương Lan" }}
recipients = ["Như trên", "UBND tỉnh (báo cáo)", "Lưu: VT"]
language = "{language}"
timezone = "{timezone}"
hotline = "0205 3818 657"
location = "25 Lê Lợi, TP. Lạng Sơn; tầng 3"
notes = ["{LONG_NOTE}", "<b>Không</b> tắt máy; =SUM(A1)"]

[period]
start = 2026-03-28T07:30:00
end = 2026-03-30T07:30:00

[rules]
min_rest_hours = 0

[[post]]
id = "leader"
name = "Lãnh đạo trực"
roles = ["leader"]
shifts = [ {{ name = "Cả ngày", start = "07:30", end = "07:30" }} ]

[[post]]
id = "tech"
name = "Cán bộ kỹ thuật trực"
roles = ["technical"]
shifts = [
  {{ name = "Ngày", start = "07:30", end = "19:30", need = 2 }},
  {{ name = "Đêm",  start = "19:30", end = "07:30" }},
]

[[staff]]
id = "lan"
name = "Phương Thị Hương Lan"
title = "Phó Giám đốc"
phone = "0912 345 678"
roles = ["leader"]

[[staff]]
id = "evil"
name = "{EVIL_HTML}"
phone = "+84 912 000 111"
roles = ["technical"]

[[staff]]
id = "evil2"
name = "{EVIL_FORMULA_TOML}"
phone = "0987 123 679"
roles = ["technical"]

[[staff]]
id = "hung"
name = "Đỗ Quốc Hưng"
title = "Chuyên viên"
phone = "0987 123 680"
roles = ["technical"]

[[staff]]
id = "ha"
name = "Vi Thị Hà"
phone = "0978 332 114"
roles = ["technical"]

[[staff]]
id = "idle"
name = "Tô Minh Hiếu"
roles = ["technical"]
"#,
        issued = if issued { "issued = 2026-03-20" } else { "" },
        EVIL_FORMULA_TOML = EVIL_FORMULA.replace('\\', "\\\\"),
    )
}

pub fn problem_with(language: &str, timezone: &str, issued: bool) -> Problem {
    lichtruc::input::parse_str(&roster_text(language, timezone, issued), "fixture.toml").expect("fixture parses")
}

pub fn problem() -> Problem {
    problem_with("vi", "Asia/Ho_Chi_Minh", true)
}

fn slot(problem: &Problem, post: &str, shift: &str, day: u32) -> usize {
    let p = problem.posts.iter().position(|x| x.id == post).unwrap();
    let s = problem.posts[p].shifts.iter().position(|x| x.name == shift).unwrap();
    problem.find_slot(p, s, NaiveDate::from_ymd_opt(2026, 3, day).unwrap()).unwrap()
}

/// The fixed assignment: the leader's 29/03 slot is left unfilled.
pub fn roster(problem: &Problem) -> Roster {
    let who = |id: &str| problem.person_index(id).unwrap();
    Roster::from_pairs(
        problem,
        [
            (who("lan"), slot(problem, "leader", "Cả ngày", 28)),
            (who("evil"), slot(problem, "tech", "Ngày", 28)),
            (who("hung"), slot(problem, "tech", "Ngày", 28)),
            (who("evil2"), slot(problem, "tech", "Đêm", 28)),
            (who("ha"), slot(problem, "tech", "Ngày", 29)),
            (who("hung"), slot(problem, "tech", "Ngày", 29)),
            (who("evil"), slot(problem, "tech", "Đêm", 29)),
        ],
    )
}

pub fn all(problem: &Problem) -> (Roster, Report) {
    let roster = roster(problem);
    let report = Report::new(problem, &roster);
    (roster, report)
}

/// Whether an outside tool is there. Missing and CI unset: prints a notice
/// and returns false (the caller returns). Missing with CI set: panics.
pub fn tool_available(what: &str, present: bool, install: &str) -> bool {
    if present {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{what} is required when CI is set, but it is missing: {install}");
    }
    eprintln!("NOTICE: skipping this test: {what} is missing (install: {install}); CI would fail here");
    false
}

/// Runs a command, true when it exits 0.
pub fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

// Reading a workbook back.

/// The text of one part of the zip.
pub fn part(xlsx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("a zip");
    let mut file = zip.by_name(name).unwrap_or_else(|_| panic!("no {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Every shared string, unescaped.
pub fn shared_strings(xlsx: &[u8]) -> Vec<String> {
    let sst = part(xlsx, "xl/sharedStrings.xml");
    let mut out = Vec::new();
    let mut rest = &sst[..];
    while let Some(i) = rest.find("<t") {
        rest = &rest[i..];
        let open = rest.find('>').unwrap();
        let close = rest.find("</t>").unwrap();
        if rest[..open].ends_with('/') {
            out.push(String::new());
            rest = &rest[open + 1..];
            continue;
        }
        out.push(unescape(&rest[open + 1..close]));
        rest = &rest[close + 4..];
    }
    out
}

