//! The lunar calendar against independent references (see the fixtures'
//! headers for their provenance) and known conversions.

use chrono::NaiveDate;
use lichtruc::calendar::{
    can_chi_year, leap_month, lunar, lunar_to_solar, lunar_to_solar_at, solar_to_lunar, solar_to_lunar_at, tet,
    LunarDate, Meridian,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn parse(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn lunar(year: i32, month: u32, day: u32, leap: bool) -> LunarDate {
    LunarDate { year, month, day, leap }
}

fn rows(text: &str) -> Vec<Vec<&str>> {
    text.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split(',').collect()).collect()
}

#[test]
fn tet_and_gio_to_1968_2100_match_the_fixture() {
    let rows = rows(include_str!("fixtures/calendar/tet_giotoholidays.csv"));
    assert_eq!(rows.len(), 133);
    for r in rows {
        let year: i32 = r[0].parse().unwrap();
        let tet_day = tet(year).unwrap();
        let gio_to = lunar_to_solar(lunar(year, 3, 10, false)).unwrap();
        for col in [1, 3] {
            if let Some(expected) = parse(r[col]) {
                assert_eq!(tet_day, expected, "Tết {year} (column {col})");
            }
        }
        for col in [2, 4] {
            if let Some(expected) = parse(r[col]) {
                assert_eq!(gio_to, expected, "Giỗ Tổ {year} (column {col})");
            }
        }
        assert!(parse(r[3]).is_some(), "every year has a lunar-vn value");
    }
}

#[test]
fn leap_months_1968_2099_match_the_fixture() {
    for r in rows(include_str!("fixtures/calendar/tet_giotoholidays.csv")) {
        let year: i32 = r[0].parse().unwrap();
        if year > 2099 {
            continue; // the generator scanned lunar 2100 only to 31/12/2100
        }
        let expected: u32 = r[5].parse().unwrap();
        assert_eq!(leap_month(year).unwrap_or(0), expected, "leap month of {year}");
    }
}

#[test]
fn chinese_new_year_1900_2199_matches_the_fixture() {
    let rows = rows(include_str!("fixtures/calendar/chinese_new_year_1900_2199.csv"));
    assert_eq!(rows.len(), 300);
    for r in rows {
        let year: i32 = r[0].parse().unwrap();
        let mine = lunar_to_solar_at(lunar(year, 1, 1, false), Meridian::China).unwrap();
        if year == 1916 {
            // Beijing mean time, not UTC+8: see the fixture's header.
            assert_eq!(parse(r[1]), Some(d(1916, 2, 3)));
            assert_eq!(mine, d(1916, 2, 4));
            continue;
        }
        for col in [1, 2] {
            if let Some(expected) = parse(r[col]) {
                assert_eq!(mine, expected, "Chinese New Year {year} (column {col})");
            }
        }
    }
}

#[test]
fn known_conversions_both_ways() {
    let known = [
        (d(2026, 2, 14), lunar(2025, 12, 27, false)),
        (d(2026, 2, 16), lunar(2025, 12, 29, false)),
        (d(2026, 2, 17), lunar(2026, 1, 1, false)),
        (d(2026, 4, 26), lunar(2026, 3, 10, false)),
        (d(2024, 2, 10), lunar(2024, 1, 1, false)),
        (d(2000, 1, 1), lunar(1999, 11, 25, false)),
        (d(1975, 4, 30), lunar(1975, 3, 20, false)),
        (d(1945, 9, 2), lunar(1945, 7, 26, false)),
        (d(2020, 5, 23), lunar(2020, 4, 1, true)),
        (d(2020, 6, 21), lunar(2020, 5, 1, false)),
        (d(2023, 3, 22), lunar(2023, 2, 1, true)),
        (d(2023, 4, 20), lunar(2023, 3, 1, false)),
        (d(2025, 7, 25), lunar(2025, 6, 1, true)),
        (d(2025, 8, 23), lunar(2025, 7, 1, false)),
        (d(2033, 12, 22), lunar(2033, 11, 1, true)),
        (d(1900, 1, 1), lunar(1899, 12, 1, false)),
        (d(2100, 12, 31), lunar(2100, 12, 1, false)),
    ];
    for (solar, lunar_date) in known {
        assert_eq!(solar_to_lunar(solar), Some(lunar_date), "{solar}");
        assert_eq!(lunar_to_solar(lunar_date), Some(solar), "{lunar_date:?}");
    }
}

#[test]
fn leap_months() {
    assert_eq!(leap_month(2020), Some(4));
    assert_eq!(leap_month(2023), Some(2));
    assert_eq!(leap_month(2025), Some(6));
    assert_eq!(leap_month(2033), Some(11));
    assert_eq!(leap_month(2026), None);
    assert_eq!(leap_month(2024), None);
    // A leap month the year lacks does not exist.
    assert_eq!(lunar_to_solar(lunar(2026, 4, 1, true)), None);
    // Month lengths: tháng Chạp Ất Tỵ has 29 days.
    assert_eq!(lichtruc::calendar::month_length(2025, 12, false), Some(29));
    assert_eq!(lunar_to_solar(lunar(2025, 12, 30, false)), None);
}

#[test]
fn years_where_vietnam_and_china_differ() {
    let cases = [
        (1968, d(1968, 1, 29), d(1968, 1, 30)),
        (1985, d(1985, 1, 21), d(1985, 2, 20)),
        (2007, d(2007, 2, 17), d(2007, 2, 18)),
        (2030, d(2030, 2, 2), d(2030, 2, 3)),
    ];
    for (year, vietnam, china) in cases {
        assert_eq!(tet(year), Some(vietnam), "Tết {year} in Vietnam");
        assert_eq!(lunar_to_solar_at(lunar(year, 1, 1, false), Meridian::China), Some(china), "{year} in China");
    }
    // 1985: in Vietnam month 11 of 1984 is a leap month...
    assert_eq!(solar_to_lunar_at(d(1985, 1, 21), Meridian::China).map(|l| l.month), Some(12));
    // ... and 30/4/1975 was 19/3 in the UTC+8 calendar still used in the South.
    assert_eq!(solar_to_lunar_at(d(1975, 4, 30), Meridian::China), Some(lunar(1975, 3, 19, false)));
}

#[test]
fn round_trip_every_day_2019_2031_and_a_sample_to_2199() {
    let mut day = d(1900, 1, 1);
    while day <= d(2199, 12, 31) {
        let l = solar_to_lunar(day).unwrap();
        assert!((1..=30).contains(&l.day) && (1..=12).contains(&l.month));
        assert_eq!(lunar_to_solar(l), Some(day), "{day} → {l:?}");
        let step = if (2019..=2031).contains(&chrono::Datelike::year(&day)) { 1 } else { 13 };
        day += chrono::Duration::days(step);
    }
}

#[test]
fn out_of_range_years_give_none_not_panics() {
    assert_eq!(solar_to_lunar(d(1899, 12, 31)), None);
    assert_eq!(solar_to_lunar(d(2200, 1, 1)), None);
    assert_eq!(tet(1898), None);
    assert_eq!(tet(2200), None);
    assert_eq!(leap_month(3000), None);
    assert_eq!(lunar_to_solar(lunar(-5, 1, 1, false)), None);
    assert_eq!(lunar_to_solar(lunar(2026, 0, 1, false)), None);
    assert_eq!(lunar_to_solar(lunar(2026, 1, 31, false)), None);
    assert!(solar_to_lunar(NaiveDate::MIN).is_none());
    assert!(lunar::from_jdn(i64::MAX).is_none());
}

#[test]
fn can_chi_names() {
    assert_eq!(can_chi_year(2026), "Bính Ngọ");
    assert_eq!(can_chi_year(1975), "Ất Mão");
    assert_eq!(can_chi_year(2000), "Canh Thìn");
}
