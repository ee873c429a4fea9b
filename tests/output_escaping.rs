//! Untrusted names and notes come out harmless in every output: escaped
//! in HTML and ICS, guarded against formulas in CSV and XLSX.

mod output_support;

use std::path::Path;

use lichtruc::output;
use output_support::*;

#[test]
fn a_hostile_name_is_escaped_in_every_output() {
    let problem = problem();
    let (roster, report) = all(&problem);
    let files = output::files(&problem, &roster, &report, Path::new("out"));
    let get = |name: &str| -> &[u8] {
        &files.iter().find(|(p, _)| p.ends_with(name)).unwrap_or_else(|| panic!("no {name}")).1
    };

    // HTML: markup is text.
    let html = String::from_utf8_lossy(get("roster.html"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; =cmd|calc!A1"));
    assert!(!html.contains("<script"));
    assert!(html.contains("=cmd|calc!A1, x; y\\z"));

    // ICS: `\`, `;` and `,` escaped; the HTML-ish name is plain text there.
    let evil2 = String::from_utf8_lossy(get("calendar/hung.ics")).replace("\r\n ", "");
    let all = String::from_utf8_lossy(get("calendar/all.ics")).replace("\r\n ", "");
    assert!(all.contains("=cmd|calc!A1\\, x\\; y\\\\z"), "escaped in all.ics");
    assert!(evil2.contains("<script>alert(1)</script> =cmd|calc!A1 (+84 912 000 111)"));
    assert!(!all.contains("=cmd|calc!A1, x; y\\z"), "never unescaped");

    // CSV: the formula-like cell gets a leading quote.
    let csv = String::from_utf8_lossy(get("roster.csv"));
    assert!(csv.contains("'=cmd|calc!A1, x; y\\z"), "{csv}");
    assert!(csv.contains(EVIL_HTML));
    assert!(csv.contains("'+84 912 000 111"));

    // XLSX: read the cells back.
    let book = get("roster.xlsx");
    let strings = shared_strings(book);
    assert!(strings.iter().any(|s| s == "'=cmd|calc!A1, x; y\\z"), "{strings:?}");
    assert!(strings.iter().any(|s| s == EVIL_HTML), "plain text in the summary");
    assert!(strings.iter().any(|s| s == "'+84 912 000 111"), "phone guarded in the summary");
    assert!(!strings.iter().any(|s| s.starts_with('=') || s.starts_with('+') || s.starts_with('@')));
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = part(book, sheet);
        assert!(!xml.contains("cmd|calc"), "no formula or inline string carries the name: {sheet}");
        for formula in xml.split("<f>").skip(1) {
            assert!(formula.starts_with("SUM("), "only our totals are formulas: {formula}");
        }
    }
}
