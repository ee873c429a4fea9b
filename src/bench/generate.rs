//! Generated roster families for the benchmark, written as roster TOML text
//! (to be read with [`crate::input::parse_str`]), so that the benchmark runs
//! through the real reader.
//!
//! | family | staff | period | posts |
//! | --- | --- | --- | --- |
//! | `small` | 12 (3 leaders, 9 technical) | Tết 2026, 9 days | leader 24 h; technical day/night (need 2 + 1, ≥ 1 with `security`) |
//! | `medium` | 40 (5 leaders, 35 technical) | Tết 2026, 9 days | leader 24 h; operations 3 × 8 h (need 2, 2, 1, ≥ 1 `security`); support 3 × 8 h (need 1, `network`) |
//! | `large` | 200 in 5 units (2 leaders + 38 technical each) | 15/12/2026 – 15/01/2027, 31 days | leader 24 h; per unit one post, units 1–3 day/night (need 2 + 2), units 4–5 3 × 8 h (need 2, 2, 1), each requiring the unit's skill |
//!
//! Every family has `min_rest_hours = 12`, a `max_consecutive_days` and a
//! `max_shifts`, some whole-day, date-range and time-range unavailability,
//! `avoid`/`prefer` wishes and a few personal overrides (`max_per_shift`,
//! `no_next_day`, a lower `max_shifts`). The numbers come from a [`Prng`]
//! with the given seed, so an instance is the same on every run.
//!
//! The families are sized to be feasible with slack: the capacity
//! (people × `max_shifts`) is at least 1.3 × the places to fill.

use std::fmt::Write;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::Prng;

/// The seed the benchmark uses for every family.
pub const SEED: u64 = 20260214;

/// A generated family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Small,
    Medium,
    Large,
}

impl Family {
    pub const ALL: [Family; 3] = [Family::Small, Family::Medium, Family::Large];

    pub fn name(self) -> &'static str {
        match self {
            Family::Small => "gen-small",
            Family::Medium => "gen-medium",
            Family::Large => "gen-large",
        }
    }
}

const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE_NAMES: &[&str] = &["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Hải", "Xuân", "Kim"];
const GIVEN_NAMES: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
    "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phúc", "Quang", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang",
    "Trung", "Tuấn", "Vân", "Việt", "Yến",
];

/// A post as the generator writes it.
struct PostSpec {
    id: String,
    name: String,
    roles: Vec<String>,
    skill: Option<String>,
    /// (name, start, end, need, weight)
    shifts: Vec<(&'static str, &'static str, &'static str, u32, f64)>,
}

/// A person as the generator writes it.
struct PersonSpec {
    roles: Vec<String>,
    skills: Vec<String>,
    unit: String,
    title: &'static str,
}

struct Layout {
    title: String,
    /// `[period]` lines.
    period: String,
    start: NaiveDateTime,
    days: usize,
    rules: String,
    posts: Vec<PostSpec>,
    people: Vec<PersonSpec>,
}

const DAY_NIGHT: [(&str, &str, &str); 2] = [("Ngày", "07:30", "19:30"), ("Đêm", "19:30", "07:30")];
const THREE_EIGHT: [(&str, &str, &str); 3] =
    [("Ca 1", "07:30", "15:30"), ("Ca 2", "15:30", "23:30"), ("Ca 3", "23:30", "07:30")];

fn leader_post() -> PostSpec {
    PostSpec {
        id: "leader".into(),
        name: "Lãnh đạo trực".into(),
        roles: vec!["leader".into()],
        skill: None,
        shifts: vec![("Cả ngày", "07:30", "07:30", 1, 1.0)],
    }
}

fn tet_2026() -> (String, NaiveDateTime, usize) {
    let period = "holiday = \"tet\"\nyear = 2026\nhandover = \"07:30\"\ndays_off = { from = 2026-02-14, to = 2026-02-22 }\n";
    let start = NaiveDate::from_ymd_opt(2026, 2, 14).expect("date").and_hms_opt(7, 30, 0).expect("time");
    (period.to_string(), start, 9)
}

fn layout(family: Family, rng: &mut Prng) -> Layout {
    match family {
        Family::Small => {
            let (period, start, days) = tet_2026();
            let mut people = Vec::new();
            for _ in 0..3 {
                people.push(PersonSpec { roles: vec!["leader".into()], skills: vec![], unit: "Ban Giám đốc".into(), title: "Phó Giám đốc" });
            }
            for i in 0..9 {
                let skills = if i < 6 { vec!["security".to_string()] } else { vec![] };
                people.push(PersonSpec { roles: vec!["technical".into()], skills, unit: "Trung tâm CNTT".into(), title: "Chuyên viên" });
            }
            Layout {
                title: "Lịch trực Tết Bính Ngọ 2026 (sinh tự động: nhỏ)".into(),
                period,
                start,
                days,
                rules: "min_rest_hours = 12\nmax_consecutive_days = 2\nmax_shifts = 4\n".into(),
                posts: vec![
                    leader_post(),
                    PostSpec {
                        id: "tech".into(),
                        name: "Cán bộ kỹ thuật trực".into(),
                        roles: vec!["technical".into()],
                        skill: Some("security".into()),
                        shifts: vec![("Ngày", "07:30", "19:30", 2, 1.0), ("Đêm", "19:30", "07:30", 1, 1.5)],
                    },
                ],
                people,
            }
        }
        Family::Medium => {
            let (period, start, days) = tet_2026();
            let mut people = Vec::new();
            for _ in 0..5 {
                people.push(PersonSpec { roles: vec!["leader".into()], skills: vec![], unit: "Ban Giám đốc".into(), title: "Phó Giám đốc" });
            }
            for i in 0..35 {
                let mut skills = Vec::new();
                if i % 2 == 0 || rng.chance(0.3) {
                    skills.push("security".to_string());
                }
                if i % 3 != 0 {
                    skills.push("network".to_string());
                }
                let unit = if i < 20 { "Trung tâm CNTT" } else { "Phòng Hạ tầng số" };
                people.push(PersonSpec { roles: vec!["technical".into()], skills, unit: unit.into(), title: "Chuyên viên" });
            }
            let (a, b, c) = (THREE_EIGHT[0], THREE_EIGHT[1], THREE_EIGHT[2]);
            Layout {
                title: "Lịch trực Tết Bính Ngọ 2026 (sinh tự động: vừa)".into(),
                period,
                start,
                days,
                rules: "min_rest_hours = 12\nmax_consecutive_days = 3\nmax_shifts = 4\n".into(),
                posts: vec![
                    leader_post(),
                    PostSpec {
                        id: "ops".into(),
                        name: "Trực vận hành hệ thống".into(),
                        roles: vec!["technical".into()],
                        skill: Some("security".into()),
                        shifts: vec![(a.0, a.1, a.2, 2, 1.0), (b.0, b.1, b.2, 2, 1.0), (c.0, c.1, c.2, 1, 1.5)],
                    },
                    PostSpec {
                        id: "support".into(),
                        name: "Trực hỗ trợ hạ tầng mạng".into(),
                        roles: vec!["technical".into()],
                        skill: Some("network".into()),
                        shifts: vec![(a.0, a.1, a.2, 1, 1.0), (b.0, b.1, b.2, 1, 1.0), (c.0, c.1, c.2, 1, 1.5)],
                    },
                ],
                people,
            }
        }
        Family::Large => {
            let start = NaiveDate::from_ymd_opt(2026, 12, 15).expect("date").and_hms_opt(7, 30, 0).expect("time");
            let days = 31;
            let end = start + Duration::days(days as i64);
            let period = format!(
                "start = {}\nend = {}\nhandover = \"07:30\"\n",
                start.format("%Y-%m-%dT%H:%M:%S"),
                end.format("%Y-%m-%dT%H:%M:%S")
            );
            let units = ["Văn phòng Sở", "Trung tâm CNTT", "Phòng Bưu chính – Viễn thông", "Phòng Chuyển đổi số", "Trung tâm Giám sát an toàn thông tin"];
            let skills = ["records", "network", "telecom", "platform", "security"];
            let mut posts = vec![leader_post()];
            let mut people = Vec::new();
            for (u, unit) in units.iter().enumerate() {
                let role = format!("unit-{}", u + 1);
                let shifts = if u < 3 {
                    vec![(DAY_NIGHT[0].0, DAY_NIGHT[0].1, DAY_NIGHT[0].2, 2, 1.0), (DAY_NIGHT[1].0, DAY_NIGHT[1].1, DAY_NIGHT[1].2, 2, 1.5)]
                } else {
                    let (a, b, c) = (THREE_EIGHT[0], THREE_EIGHT[1], THREE_EIGHT[2]);
                    vec![(a.0, a.1, a.2, 2, 1.0), (b.0, b.1, b.2, 2, 1.0), (c.0, c.1, c.2, 1, 1.5)]
                };
                posts.push(PostSpec {
                    id: role.clone(),
                    name: format!("Trực kỹ thuật – {unit}"),
                    roles: vec![role.clone()],
                    skill: Some(skills[u].to_string()),
                    shifts,
                });
                for _ in 0..2 {
                    people.push(PersonSpec { roles: vec!["leader".into()], skills: vec![], unit: (*unit).into(), title: "Phó Trưởng phòng" });
                }
                for i in 0..38 {
                    let mut s = Vec::new();
                    if i % 2 == 0 || rng.chance(0.25) {
                        s.push(skills[u].to_string());
                    }
                    if rng.chance(0.2) {
                        s.push(skills[rng.below(skills.len())].to_string());
                    }
                    s.sort();
                    s.dedup();
                    people.push(PersonSpec { roles: vec![role.clone()], skills: s, unit: (*unit).into(), title: "Chuyên viên" });
                }
            }
            Layout {
                title: "Lịch trực cuối năm 2026 – Tết Dương lịch 2027 (sinh tự động: lớn)".into(),
                period,
                start,
                days,
                rules: "min_rest_hours = 12\nmax_consecutive_days = 3\nmax_shifts = 6\nmax_weekends = 3\nno_next_day = { \"Đêm\" = [\"Đêm\"] }\n".into(),
                posts,
                people,
            }
        }
    }
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// The roster file of a family, as TOML text.
pub fn roster_toml(family: Family, seed: u64) -> String {
    let mut rng = Prng::new(seed ^ (family as u64).wrapping_mul(0x9E37_79B9));
    let layout = layout(family, &mut rng);
    let mut t = String::new();
    let _ = writeln!(t, "# Generated by lichtruc::bench::generate ({}, seed {seed}). Do not edit.", family.name());
    let _ = writeln!(t, "[roster]\ntitle = {}", toml_str(&layout.title));
    let _ = writeln!(t, "organization = \"Sở Khoa học và Công nghệ (mẫu)\"\nlanguage = \"vi\"\nhotline = \"0205 3818 657\"\n");
    let _ = writeln!(t, "[period]\n{}", layout.period);
    let _ = writeln!(t, "[rules]\n{}", layout.rules);
    for post in &layout.posts {
        let _ = writeln!(t, "[[post]]\nid = {}\nname = {}", toml_str(&post.id), toml_str(&post.name));
        let _ = writeln!(t, "roles = {}", list(&post.roles));
        if let Some(skill) = &post.skill {
            let _ = writeln!(t, "requires = [ {{ skill = {}, at_least = 1 }} ]", toml_str(skill));
        }
        let shifts: Vec<String> = post
            .shifts
            .iter()
            .map(|(name, start, end, need, weight)| {
                format!("  {{ name = {}, start = \"{start}\", end = \"{end}\", need = {need}, weight = {weight:?} }}", toml_str(name))
            })
            .collect();
        let _ = writeln!(t, "shifts = [\n{},\n]\n", shifts.join(",\n"));
    }
    let day = |d: usize| layout.start.date() + Duration::days(d as i64);
    let shift_names: Vec<&str> = {
        let mut v: Vec<&str> = layout.posts.iter().flat_map(|p| p.shifts.iter().map(|s| s.0)).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut used_names = std::collections::BTreeSet::new();
    for (i, person) in layout.people.iter().enumerate() {
        let name = loop {
            let n = format!("{} {} {}", rng.pick(FAMILY_NAMES), rng.pick(MIDDLE_NAMES), rng.pick(GIVEN_NAMES));
            if used_names.insert(n.clone()) {
                break n;
            }
        };
        let _ = writeln!(t, "[[staff]]\nid = \"nv{:03}\"\nname = {}", i + 1, toml_str(&name));
        let _ = writeln!(t, "title = {}\nunit = {}", toml_str(person.title), toml_str(&person.unit));
        let _ = writeln!(t, "phone = \"09{:02} {:03} {:03}\"", rng.below(100), rng.below(1000), rng.below(1000));
        let _ = writeln!(t, "roles = {}\nskills = {}", list(&person.roles), list(&person.skills));
        // Unavailability: a quarter of the people, a date, a range or hours.
        let mut unavailable = Vec::new();
        if rng.chance(0.25) {
            let d = rng.below(layout.days);
            match rng.below(3) {
                0 => unavailable.push(format!("\"{}\"", day(d))),
                1 => {
                    let to = (d + 1 + rng.below(2)).min(layout.days - 1);
                    unavailable.push(format!("{{ from = {}, to = {} }}", day(d), day(to)))
                }
                _ => {
                    let from = day(d).and_time(NaiveTime::from_hms_opt(13, 0, 0).expect("time"));
                    let to = from + Duration::hours(8 + rng.below(12) as i64);
                    unavailable.push(format!(
                        "{{ from = {}, to = {} }}",
                        from.format("%Y-%m-%dT%H:%M:%S"),
                        to.format("%Y-%m-%dT%H:%M:%S")
                    ));
                }
            }
        }
        if !unavailable.is_empty() {
            let _ = writeln!(t, "unavailable = [{}]", unavailable.join(", "));
        }
        let wish = |rng: &mut Prng| -> String {
            let d = day(rng.below(layout.days));
            let weight = 1 + rng.below(3);
            if rng.chance(0.4) {
                format!("{{ date = {d}, shift = {}, weight = {weight} }}", toml_str(rng.pick::<&str>(&shift_names)))
            } else {
                format!("{{ date = {d}, weight = {weight} }}")
            }
        };
        if rng.chance(0.3) {
            let n = 1 + rng.below(2);
            let w: Vec<String> = (0..n).map(|_| wish(&mut rng)).collect();
            let _ = writeln!(t, "avoid = [{}]", w.join(", "));
        }
        if rng.chance(0.2) {
            let _ = writeln!(t, "prefer = [{}]", wish(&mut rng));
        }
        // A few personal limits.
        if person.roles.iter().any(|r| r != "leader") {
            match rng.below(12) {
                0 => {
                    let _ = writeln!(t, "max_shifts = 2");
                }
                1 => {
                    let night = if shift_names.contains(&"Đêm") { "Đêm" } else { "Ca 3" };
                    let _ = writeln!(t, "max_per_shift = {{ {} = 1 }}", toml_str(night));
                }
                2 if shift_names.contains(&"Ca 3") => {
                    let _ = writeln!(t, "no_next_day = {{ \"Ca 3\" = [\"Ca 2\"] }}");
                }
                _ => {}
            }
        }
        t.push('\n');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_reads_back() {
        for family in Family::ALL {
            let text = roster_toml(family, SEED);
            let problem = crate::input::parse_str(&text, family.name())
                .unwrap_or_else(|e| panic!("{}: {e}\n{text}", family.name()));
            let (staff, days) = match family {
                Family::Small => (12, 9),
                Family::Medium => (40, 9),
                Family::Large => (200, 31),
            };
            // Days with a slot starting on them (the period also touches the
            // morning of the day after, until the handover).
            let mut dates: Vec<_> = problem.slots.iter().map(|s| s.date).collect();
            dates.dedup();
            assert_eq!((problem.staff.len(), dates.len()), (staff, days), "{}", family.name());
            assert_eq!(text, roster_toml(family, SEED), "same seed, same text");
        }
    }
}
