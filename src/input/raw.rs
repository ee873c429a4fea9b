//! The roster file as written: serde structs that mirror the TOML keys of
//! `roster-format.md` one to one. Unknown keys are rejected here, with their
//! line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::values::{DateTimeValue, DateValue, TimeValue, UnavailableValue};

/// Declares a struct with the given fields plus every per-person rule key,
/// so that `[rules]` and `[[staff]]` accept exactly the same rule keys
/// (serde's `flatten` cannot be combined with `deny_unknown_fields`).
macro_rules! with_rule_keys {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$fattr:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$fattr])* pub $field: $ty,)*
            pub min_rest_hours: Option<Spanned<f64>>,
            pub max_consecutive_days: Option<Spanned<u32>>,
            pub min_consecutive_days: Option<u32>,
            pub max_shifts: Option<u32>,
            pub min_shifts: Option<u32>,
            pub max_hours: Option<Spanned<f64>>,
            pub min_hours: Option<Spanned<f64>>,
            pub min_days_off: Option<u32>,
            pub max_weekends: Option<u32>,
            pub max_per_day: Option<u32>,
            pub max_per_shift: Option<BTreeMap<Spanned<String>, u32>>,
            pub no_next_day: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
        }

        impl $name {
            /// The rule keys of this table.
            #[allow(dead_code)]
            pub fn rule_keys(&self) -> RuleKeys {
                RuleKeys {
                    min_rest_hours: self.min_rest_hours.clone(),
                    max_consecutive_days: self.max_consecutive_days.clone(),
                    min_consecutive_days: self.min_consecutive_days,
                    max_shifts: self.max_shifts,
                    min_shifts: self.min_shifts,
                    max_hours: self.max_hours.clone(),
                    min_hours: self.min_hours.clone(),
                    min_days_off: self.min_days_off,
                    max_weekends: self.max_weekends,
                    max_per_day: self.max_per_day,
                    max_per_shift: self.max_per_shift.clone(),
                    no_next_day: self.no_next_day.clone(),
                }
            }
        }
    };
}

with_rule_keys! {
    /// `[rules]`: defaults for every person.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RuleKeys {}
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    #[serde(default)]
    pub roster: RosterTable,
    pub period: Spanned<PeriodTable>,
    #[serde(default)]
    pub rules: RuleKeys,
    #[serde(default)]
    pub burden: BurdenTable,
    #[serde(default)]
    pub post: Vec<Spanned<PostTable>>,
    #[serde(default)]
    pub staff: Vec<Spanned<StaffTable>>,
    #[serde(default)]
    pub demand: Vec<Spanned<DemandTable>>,
    #[serde(default)]
    pub fixed: Vec<Spanned<FixedTable>>,
}

/// `[roster]`: the document.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterTable {
    pub title: Option<String>,
    pub organization: Option<String>,
    pub parent_organization: Option<String>,
    pub document_number: Option<String>,
    pub place: Option<String>,
    pub issued: Option<DateValue>,
    pub signer: Option<SignerTable>,
    #[serde(default)]
    pub recipients: Vec<String>,
    pub language: Option<Spanned<String>>,
    pub timezone: Option<Spanned<String>>,
    pub hotline: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where duty is held; the calendar events' LOCATION.
    pub location: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerTable {
    pub title: String,
    pub name: String,
}

/// `[period]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodTable {
    pub holiday: Option<Spanned<String>>,
    pub year: Option<Spanned<i32>>,
    pub handover: Option<TimeValue>,
    pub days_off: Option<Spanned<DateRange>>,
    pub start: Option<Spanned<DateTimeValue>>,
    pub end: Option<Spanned<DateTimeValue>>,
    pub history: Option<Spanned<String>>,
    /// Weight of a roster one more year back in the history (0 < decay ≤ 1).
    pub history_decay: Option<Spanned<f64>>,
    /// Look-back of the history, in calendar years.
    pub history_years: Option<Spanned<u32>>,
}

/// `{ from = DATE, to = DATE }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub from: DateValue,
    pub to: DateValue,
}

/// `[burden]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurdenTable {
    pub workday: Option<Spanned<f64>>,
    pub weekend: Option<Spanned<f64>>,
    pub holiday: Option<Spanned<f64>>,
    pub tet_eve: Option<Spanned<f64>>,
    pub tet_first_days: Option<Spanned<f64>>,
    pub balance: Option<bool>,
}

/// `[[post]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostTable {
    pub id: Spanned<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Spanned<RequireTable>>,
    pub shifts: Spanned<Vec<Spanned<ShiftTable>>>,
    pub continuous: Option<bool>,
    pub cover: Option<Spanned<String>>,
    pub under_weight: Option<Spanned<f64>>,
    pub over_weight: Option<Spanned<f64>>,
}

/// `requires = [ { skill = "security", at_least = 1 } ]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequireTable {
    pub skill: String,
    pub at_least: Option<u32>,
}

/// One entry of a post's `shifts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftTable {
    pub name: Spanned<String>,
    pub start: TimeValue,
    pub end: TimeValue,
    pub need: Option<u32>,
    pub max: Option<u32>,
    pub weight: Option<Spanned<f64>>,
}

with_rule_keys! {
    /// `[[staff]]`: a person, with rule keys that override `[rules]`.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct StaffTable {
        pub id: Option<Spanned<String>>,
        pub name: Spanned<String>,
        pub title: Option<String>,
        pub phone: Option<String>,
        pub email: Option<String>,
        pub unit: Option<String>,
        #[serde(default)]
        pub roles: Vec<String>,
        #[serde(default)]
        pub skills: Vec<String>,
        #[serde(default)]
        pub unavailable: Vec<Spanned<UnavailableValue>>,
        #[serde(default)]
        pub avoid: Vec<Spanned<WishTable>>,
        #[serde(default)]
        pub prefer: Vec<Spanned<WishTable>>,
    }
}

/// `avoid` / `prefer` entries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WishTable {
    pub date: Spanned<DateValue>,
    pub shift: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
}

/// `[[demand]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandTable {
    pub post: Spanned<String>,
    pub shift: Spanned<String>,
    pub date: Spanned<DateValue>,
    pub need: u32,
    pub max: Option<u32>,
}

/// `[[fixed]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedTable {
    pub staff: Spanned<String>,
    pub post: Spanned<String>,
    pub date: Spanned<DateValue>,
    /// May be left out when the post has a single shift.
    pub shift: Option<Spanned<String>>,
}
