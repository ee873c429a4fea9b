//! Holidays, announced days off, day kinds, the `holidays` command and the
//! `[period] holiday` preset.

use assert_cmd::Command;
use chrono::NaiveDate;
use lichtruc::calendar::{
    announced, day_kind, days_off, holidays_of_year, lunar_label, print_year, DayKind, Holiday,
};
use lichtruc::text::Lang;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The announced breaks of 2020–2026, written out independently of
/// `data/holidays.toml` (the file's rows give the sources).
type Ymd = (i32, u32, u32);

#[rustfmt::skip]
const ANNOUNCED: &[(&str, i32, Ymd, Ymd)] = &[
    ("new-year", 2020, (2020, 1, 1), (2020, 1, 1)),
    ("tet", 2020, (2020, 1, 23), (2020, 1, 29)),
    ("hung-kings", 2020, (2020, 4, 2), (2020, 4, 2)),
    ("reunification", 2020, (2020, 4, 30), (2020, 5, 3)),
    ("national-day", 2020, (2020, 9, 2), (2020, 9, 2)),
    ("new-year", 2021, (2021, 1, 1), (2021, 1, 3)),
    ("tet", 2021, (2021, 2, 10), (2021, 2, 16)),
    ("hung-kings", 2021, (2021, 4, 21), (2021, 4, 21)),
    ("reunification", 2021, (2021, 4, 30), (2021, 5, 3)),
    ("national-day", 2021, (2021, 9, 2), (2021, 9, 5)),
    ("new-year", 2022, (2022, 1, 1), (2022, 1, 3)),
    ("tet", 2022, (2022, 1, 29), (2022, 2, 6)),
    ("hung-kings", 2022, (2022, 4, 9), (2022, 4, 11)),
    ("reunification", 2022, (2022, 4, 30), (2022, 5, 3)),
    ("national-day", 2022, (2022, 9, 1), (2022, 9, 4)),
    ("new-year", 2023, (2022, 12, 31), (2023, 1, 2)),
    ("tet", 2023, (2023, 1, 20), (2023, 1, 26)),
    ("hung-kings", 2023, (2023, 4, 29), (2023, 5, 3)),
    ("reunification", 2023, (2023, 4, 29), (2023, 5, 3)),
    ("national-day", 2023, (2023, 9, 1), (2023, 9, 4)),
    ("new-year", 2024, (2023, 12, 30), (2024, 1, 1)),
    ("tet", 2024, (2024, 2, 8), (2024, 2, 14)),
    ("hung-kings", 2024, (2024, 4, 18), (2024, 4, 18)),
    ("reunification", 2024, (2024, 4, 27), (2024, 5, 1)),
    ("national-day", 2024, (2024, 8, 31), (2024, 9, 3)),
    ("new-year", 2025, (2025, 1, 1), (2025, 1, 1)),
    ("tet", 2025, (2025, 1, 25), (2025, 2, 2)),
    ("hung-kings", 2025, (2025, 4, 5), (2025, 4, 7)),
    ("reunification", 2025, (2025, 4, 30), (2025, 5, 4)),
    ("national-day", 2025, (2025, 8, 30), (2025, 9, 2)),
    ("new-year", 2026, (2026, 1, 1), (2026, 1, 1)),
    ("tet", 2026, (2026, 2, 14), (2026, 2, 22)),
    ("hung-kings", 2026, (2026, 4, 25), (2026, 4, 27)),
    ("reunification", 2026, (2026, 4, 30), (2026, 5, 3)),
    ("national-day", 2026, (2026, 8, 29), (2026, 9, 2)),
];

#[test]
fn every_announced_year_2020_2026_yields_the_announced_days_off() {
    assert_eq!(announced::all().len(), ANNOUNCED.len());
    for &(key, year, from, to) in ANNOUNCED {
        let holiday = Holiday::from_key(key).unwrap();
        let off = days_off(holiday, year).unwrap_or_else(|| panic!("{key} {year}"));
        assert_eq!((off.from, off.to), (d(from.0, from.1, from.2), d(to.0, to.1, to.2)), "{key} {year}");
        assert!(!off.projected, "{key} {year} is announced");
        assert!(!off.source.is_empty());
    }
}

#[test]
fn announced_swaps() {
    let swaps: Vec<_> = announced::all().iter().filter(|a| !a.work.is_empty()).map(|a| (a.year, a.work[0], a.swapped[0])).collect();
    assert_eq!(
        swaps,
        [(2024, d(2024, 5, 4), d(2024, 4, 29)), (2025, d(2025, 4, 26), d(2025, 5, 2)), (2026, d(2026, 8, 22), d(2026, 8, 31))]
    );
    for a in announced::all() {
        for (work, off) in a.work.iter().zip(&a.swapped) {
            assert_eq!(chrono::Datelike::weekday(work), chrono::Weekday::Sat);
            assert!(a.from <= *off && *off <= a.to);
        }
    }
}

#[test]
fn tet_2026_and_national_day_2026() {
    let year = holidays_of_year(2026);
    let tet = year.iter().find(|h| h.holiday == Holiday::Tet).unwrap();
    assert_eq!(tet.date, d(2026, 2, 17));
    assert_eq!((tet.days_off.from, tet.days_off.to), (d(2026, 2, 14), d(2026, 2, 22)));
    let sep = year.iter().find(|h| h.holiday == Holiday::NationalDay).unwrap();
    assert_eq!((sep.days_off.from, sep.days_off.to), (d(2026, 8, 29), d(2026, 9, 2)));
    assert_eq!(sep.working_days, [d(2026, 8, 22)]);
    assert_eq!(sep.swapped_off, [d(2026, 8, 31)]);
}

#[test]
fn day_kinds() {
    let cases = [
        (d(2026, 2, 13), DayKind::Workday),
        (d(2026, 2, 14), DayKind::Holiday), // Saturday, first day of the Tết break
        (d(2026, 2, 16), DayKind::TetEve),  // 29 tháng Chạp: the month has 29 days
        (d(2026, 2, 17), DayKind::TetFirstDays),
        (d(2026, 2, 19), DayKind::TetFirstDays),
        (d(2026, 2, 20), DayKind::Holiday),
        (d(2026, 2, 22), DayKind::Holiday),
        (d(2026, 2, 23), DayKind::Workday),
        (d(2026, 3, 7), DayKind::Weekend),
        (d(2026, 8, 22), DayKind::Workday), // swapped working Saturday
        (d(2026, 8, 31), DayKind::Holiday),
        (d(2024, 5, 4), DayKind::Workday),
        (d(2024, 4, 29), DayKind::Holiday),
        (d(2022, 12, 31), DayKind::Holiday), // New Year 2023 break
        (d(2025, 1, 28), DayKind::TetEve),
        (d(2027, 2, 5), DayKind::TetEve), // projected year
        (d(2027, 2, 10), DayKind::Holiday),
        (d(2027, 2, 11), DayKind::Workday),
        (d(1800, 1, 4), DayKind::Weekend), // out of range: weekends only
        (d(2300, 1, 2), DayKind::Workday),
    ];
    for (date, kind) in cases {
        assert_eq!(day_kind(date), kind, "{date}");
    }
}

#[test]
fn lunar_labels() {
    assert_eq!(lunar_label(d(2026, 2, 14), Lang::Vi), "27 tháng Chạp");
    assert_eq!(lunar_label(d(2026, 2, 14), Lang::En), "27th day of the 12th lunar month");
    assert_eq!(lunar_label(d(2026, 2, 17), Lang::Vi), "mùng 1 tháng Giêng");
    assert_eq!(lunar_label(d(2020, 5, 23), Lang::Vi), "mùng 1 tháng Tư nhuận");
    assert_eq!(lunar_label(d(1800, 1, 1), Lang::Vi), "");
}

#[test]
fn projected_years_say_so() {
    let year = holidays_of_year(2027);
    assert_eq!(year.len(), 5);
    assert!(year.iter().all(|h| h.days_off.projected && h.working_days.is_empty()));
    let tet = days_off(Holiday::Tet, 2027).unwrap();
    assert_eq!((tet.from, tet.to), (d(2027, 2, 4), d(2027, 2, 10)));
    assert!(days_off(Holiday::Tet, 2012).is_none());
    assert!(days_off(Holiday::Tet, 2200).is_none());
    assert!(holidays_of_year(i32::MAX).is_empty());
    assert!(holidays_of_year(i32::MIN).is_empty());
}

#[test]
fn holidays_command_2026() {
    let out = Command::cargo_bin("lichtruc").unwrap().args(["holidays", "2026"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["Tết Nguyên đán Bính Ngọ", "17/02/2026", "thứ Ba", "mùng 1 tháng Giêng", "14/02 – 22/02 (9 ngày)", "29/08 – 02/09 (5 ngày)", "làm thứ Bảy 22/08, nghỉ thứ Hai 31/08"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(!text.contains("Dự kiến"), "2026 is announced");
}

#[test]
fn holidays_command_json_and_projection() {
    let out = Command::cargo_bin("lichtruc").unwrap().args(["holidays", "2026", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lunar_year"], "Bính Ngọ");
    let tet = &v["holidays"][1];
    assert_eq!(tet["holiday"], "tet");
    assert_eq!(tet["date"], "2026-02-17");
    assert_eq!(tet["lunar"]["label"], "mùng 1 tháng Giêng");
    assert_eq!(tet["days_off"]["from"], "2026-02-14");
    assert_eq!(tet["days_off"]["days"], 9);
    assert_eq!(v["holidays"][4]["working_days"][0], "2026-08-22");

    let out = Command::cargo_bin("lichtruc").unwrap().args(["holidays", "2027"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Dự kiến") && text.contains("[period] days_off"), "{text}");

    assert_eq!(print_year(1800, false), 2);
    let out = Command::cargo_bin("lichtruc").unwrap().args(["holidays", "1800"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn tet_2026_roster_period_and_weights() {
    let toml = r#"
[roster]
title = "Lịch trực Tết Bính Ngọ 2026"
organization = "Sở Khoa học và Công nghệ"

[period]
holiday = "tet"
year = 2026
handover = "07:30"

[[post]]
id = "leader"
name = "Lãnh đạo trực"
shifts = [ { name = "Cả ngày", start = "07:30", end = "07:30", need = 1 } ]

[[staff]]
name = "Nguyễn Văn A"
phone = "0900 000 001"
"#;
    let problem = lichtruc::input::parse_str(toml, "tet.toml").expect("valid roster");
    let p = &problem.period;
    assert_eq!(p.start, d(2026, 2, 14).and_hms_opt(7, 30, 0).unwrap());
    assert_eq!(p.end, d(2026, 2, 23).and_hms_opt(7, 30, 0).unwrap());
    let kinds: Vec<_> = problem.days.iter().map(|day| (day.date, day.kind, day.weight)).collect();
    // The duty dates: 14/02 to 22/02. Duty ends at 07:30 on 23/02, but no
    // slot starts that day.
    assert_eq!(kinds.len(), 9);
    assert_eq!(kinds[0], (d(2026, 2, 14), DayKind::Holiday, 2.0));
    assert_eq!(kinds[2], (d(2026, 2, 16), DayKind::TetEve, 3.0));
    for k in &kinds[3..6] {
        assert_eq!((k.1, k.2), (DayKind::TetFirstDays, 2.5), "{}", k.0);
    }
    assert_eq!(kinds[8], (d(2026, 2, 22), DayKind::Holiday, 2.0));
    // The night of 22/02 reaches into the workday 23/02: its weight is the
    // heavier 22/02's.
    let last_night = problem.slots.last().unwrap();
    assert_eq!(last_night.date, d(2026, 2, 22));
    assert_eq!(last_night.burden, 2.0);
}
