//! Every rule of a roster, each one named unit in its own file.
//!
//! A rule contributes three things, the way a constraint provider does:
//!
//! 1. its **MILP rows** ([`Rule::add_rows`]) — constraints and objective terms;
//! 2. its **check** of a given roster ([`Rule::check`]) — the violations, in
//!    words, that `lichtruc check` prints;
//! 3. its **words** for why a person cannot take a slot — derived from the
//!    check: what the check would newly report if the person took the slot
//!    ([`explain`]).
//!
//! Soft rules (wishes, soft cover, fairness) add objective terms and their
//! cost on a roster ([`Rule::cost`]); they report no violations.
//!
//! To add a rule: write a file with a unit struct implementing [`Rule`] and
//! list it in [`ALL`].

mod avoid;
mod consecutive_days;
mod cover;
mod days_off;
pub mod fairness;
mod fixed;
mod hours;
mod max_per_day;
mod max_per_shift;
mod max_weekends;
pub mod milp;
mod no_next_day;
pub mod packing;
mod prefer;
mod rest;
mod roles;
mod rotation;
mod shift_count;
mod skills;
mod stability;
mod unavailable;
mod whole_slots;

use serde::Serialize;

use crate::model::Problem;
use crate::roster::Roster;
pub use milp::MilpModel;

/// The levels of the objective, most important first. The solver minimises
/// them in this order (lexicographically).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Hard rules that could not all be kept: minimum shifts or hours not
    /// reached, fixed assignments dropped.
    Broken = 0,
    /// Places of hard-cover slots left empty.
    Unfilled = 1,
    /// With `--previous`: assignments of the previous roster dropped plus
    /// assignments added (a reassigned place counts 2). Zero otherwise.
    Changes = 2,
    /// Soft-cover prices: people short of or beyond the need.
    SoftCover = 3,
    /// The largest burden of any person, in points.
    MaxBurden = 4,
    /// Largest minus smallest burden among the people who could serve.
    Spread = 5,
    /// Wishes not met: `avoid` days worked, `prefer` days not worked.
    Wishes = 6,
    /// With a history ledger: Giao thừa shifts given to people who worked
    /// Giao thừa before, weighted by how recently (all else equal, they
    /// are the last choice). Zero otherwise.
    Rotation = 7,
}

impl Tier {
    /// The tier wishes are counted in for this problem.
    pub fn of_wishes(problem: &Problem) -> Tier {
        match problem.wish_priority {
            crate::model::WishPriority::AfterFairness => Tier::Wishes,
            crate::model::WishPriority::WithSoftCover => Tier::SoftCover,
        }
    }

    pub const ALL: [Tier; 8] = [
        Tier::Broken,
        Tier::Unfilled,
        Tier::Changes,
        Tier::SoftCover,
        Tier::MaxBurden,
        Tier::Spread,
        Tier::Wishes,
        Tier::Rotation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Tier::Broken => "broken",
            Tier::Unfilled => "unfilled",
            Tier::Changes => "changes",
            Tier::SoftCover => "soft_cover",
            Tier::MaxBurden => "max_burden",
            Tier::Spread => "spread",
            Tier::Wishes => "wishes",
            Tier::Rotation => "rotation",
        }
    }
}

/// The value of every tier for one roster (lower is better, compared in
/// order).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Costs(pub [f64; Tier::ALL.len()]);

impl Costs {
    pub fn get(&self, tier: Tier) -> f64 {
        self.0[tier as usize]
    }

    pub fn add(&mut self, tier: Tier, value: f64) {
        self.0[tier as usize] += value;
    }

    /// Lexicographic comparison of the tiers up to `tier` only, with a
    /// small tolerance per tier: a stage's searches let later tiers change
    /// freely.
    pub fn compare_up_to(&self, other: &Costs, tier: Tier) -> std::cmp::Ordering {
        for t in Tier::ALL.into_iter().take_while(|t| *t <= tier) {
            let (a, b) = (self.get(t), other.get(t));
            if a + 1e-6 < b {
                return std::cmp::Ordering::Less;
            }
            if b + 1e-6 < a {
                return std::cmp::Ordering::Greater;
            }
        }
        std::cmp::Ordering::Equal
    }

    /// Lexicographic comparison with a small tolerance per tier.
    pub fn better_than(&self, other: &Costs) -> bool {
        for (a, b) in self.0.iter().zip(other.0.iter()) {
            if a + 1e-6 < *b {
                return true;
            }
            if b + 1e-6 < *a {
                return false;
            }
        }
        false
    }
}

/// One broken rule in a roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The rule's id (`max_consecutive_days`).
    pub rule: &'static str,
    /// The person it is about, if any.
    pub person: Option<usize>,
    /// The slots involved.
    pub slots: Vec<usize>,
    /// What is wrong, in the roster's language, without the person's name.
    pub message: String,
}

impl Violation {
    /// Whether no violation in `before` is the same breach: the same rule,
    /// person and slots. The message is left out on purpose — "needs 2, has
    /// 0" becoming "needs 2, has 1" is the same unfilled slot, not a new
    /// breach.
    pub fn is_new(&self, before: &[Violation]) -> bool {
        !before.iter().any(|b| b.rule == self.rule && b.person == self.person && b.slots == self.slots)
    }

    /// The message with the person's name in front, when there is one.
    pub fn describe(&self, problem: &Problem) -> String {
        match self.person {
            Some(p) => format!("{}: {}", problem.staff[p].name, self.message),
            None => self.message.clone(),
        }
    }
}

/// Where a rule's check reports what it finds.
///
/// The search only asks whether a breach is new, never what it says, so it
/// collects breaches without their words: formatting the dates of every
/// move it tried and rejected was most of its running time.
#[derive(Debug)]
pub struct Findings {
    found: Vec<Violation>,
    words: bool,
}

impl Findings {
    /// Violations with their messages, for people to read.
    pub fn with_words() -> Findings {
        Findings { found: Vec::new(), words: true }
    }

    /// Breaches only: the messages stay empty.
    pub fn breaches() -> Findings {
        Findings { found: Vec::new(), words: false }
    }

    /// Reports one violation; `message` is only called when words are
    /// wanted.
    pub fn report(
        &mut self,
        rule: &'static str,
        person: Option<usize>,
        slots: Vec<usize>,
        message: impl FnOnce() -> String,
    ) {
        let message = if self.words { message() } else { String::new() };
        self.found.push(Violation { rule, person, slots, message });
    }

    pub fn list(&self) -> &[Violation] {
        &self.found
    }

    pub fn clear(&mut self) {
        self.found.clear();
    }

    pub fn into_vec(self) -> Vec<Violation> {
        self.found
    }
}

/// Which part of a roster a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The whole roster.
    All,
    /// Only what concerns this person or this slot (for explanations and the
    /// construction heuristic: "what changes if this person takes this slot").
    Pair { person: usize, slot: usize },
}

impl Focus {
    /// The people a per-person rule must look at.
    pub fn people(self, problem: &Problem) -> std::ops::Range<usize> {
        match self {
            Focus::All => 0..problem.staff.len(),
            Focus::Pair { person, .. } => person..person + 1,
        }
    }

    /// The slots a per-slot rule must look at.
    pub fn slots(self, problem: &Problem) -> std::ops::Range<usize> {
        match self {
            Focus::All => 0..problem.slots.len(),
            Focus::Pair { slot, .. } => slot..slot + 1,
        }
    }
}

/// One rule of a roster. See the module docs.
pub trait Rule: Sync {
    /// Stable identifier, as in the roster file where there is a key.
    fn id(&self) -> &'static str;

    /// Whether this rule alone forbids the person from ever holding the slot
    /// (the MILP then has no variable for the pair).
    fn forbids(&self, _problem: &Problem, _person: usize, _slot: usize) -> bool {
        false
    }

    /// Whether taking one more slot can only ever add violations of this
    /// rule (maximum-type rules). The construction heuristic keeps these;
    /// minimum-type rules are left to the MILP.
    fn blocks_additions(&self) -> bool {
        true
    }

    /// Whether breaking this rule is priced in the objective (empty places,
    /// unreached minimums, dropped fixed assignments) rather than forbidden:
    /// the solver may return a roster that breaks it, and reports it.
    fn elastic(&self) -> bool {
        false
    }

    /// Adds the rule's constraints and objective terms.
    fn add_rows(&self, model: &mut MilpModel<'_>);

    /// Lists the roster's violations of this rule within `focus`.
    fn check(&self, problem: &Problem, roster: &Roster, focus: Focus, out: &mut Findings);

    /// Adds the rule's objective cost on a roster (soft rules), within
    /// `focus`: under [`Focus::Pair`], at least every term that can change
    /// when that person takes or leaves that slot, so that between two
    /// rosters that differ only there, the focused costs differ exactly as
    /// the whole ones do, at a fraction of the price. The fairness tiers
    /// ([`Tier::MaxBurden`], [`Tier::Spread`]) depend on everyone's burden
    /// and are left out under a pair focus.
    fn cost(&self, _problem: &Problem, _roster: &Roster, _focus: Focus, _costs: &mut Costs) {}

    /// The people whose own schedules this rule charges for in `tier` on
    /// this roster (an unmet wish, say): where a search for a better roster
    /// starts.
    fn charged(&self, _problem: &Problem, _roster: &Roster, _tier: Tier, _out: &mut Vec<usize>) {}

    /// The (person, day) pairs a charge in `tier` is about, where it is
    /// about a day (an unmet wish's date): a re-solve of that day with the
    /// days the person works may cure it where one of a few people cannot.
    fn charged_days(&self, _problem: &Problem, _roster: &Roster, _tier: Tier, _out: &mut Vec<(usize, usize)>) {}

    /// A proven lower bound on the rule's cost in `tier`, for every roster
    /// that fills every hard-cover place, given proven lower bounds of the
    /// earlier tiers (`earlier(t)`). Combinatorial bounds the LP relaxation
    /// misses; the solver uses them to stop a stage that reached them.
    fn floor(&self, _problem: &Problem, _tier: Tier, _earlier: &dyn Fn(Tier) -> Option<f64>) -> Option<f64> {
        None
    }
}

/// Every rule, in the order their violations are listed.
pub static ALL: &[&dyn Rule] = &[
    &cover::Cover,
    &roles::Roles,
    &skills::Skills,
    &unavailable::Unavailable,
    &rest::Rest,
    &shift_count::MaxShifts,
    &shift_count::MinShifts,
    &hours::MaxHours,
    &hours::MinHours,
    &consecutive_days::MaxConsecutiveDays,
    &consecutive_days::MinConsecutiveDays,
    &days_off::MinDaysOff,
    &max_weekends::MaxWeekends,
    &max_per_day::MaxPerDay,
    &max_per_shift::MaxPerShift,
    &no_next_day::NoNextDay,
    &fixed::Fixed,
    &avoid::Avoid,
    &prefer::Prefer,
    &fairness::Fairness,
    &stability::Stability,
    &rotation::Rotation,
];

/// Whether the rule with this id is [`Rule::elastic`].
pub fn is_elastic(id: &str) -> bool {
    ALL.iter().any(|r| r.id() == id && r.elastic())
}

/// Every hard-rule violation of a roster.
pub fn check_all(problem: &Problem, roster: &Roster) -> Vec<Violation> {
    let mut out = Findings::with_words();
    for rule in ALL {
        rule.check(problem, roster, Focus::All, &mut out);
    }
    out.into_vec()
}

/// The strongest [`Rule::floor`] on a tier, when every hard-cover place is
/// filled.
pub fn floor(problem: &Problem, tier: Tier, earlier: &dyn Fn(Tier) -> Option<f64>) -> Option<f64> {
    ALL.iter().filter_map(|r| r.floor(problem, tier, earlier)).reduce(f64::max)
}

/// The people some rule charges for in `tier` ([`Rule::charged`]), sorted,
/// without repeats.
pub fn charged(problem: &Problem, roster: &Roster, tier: Tier) -> Vec<usize> {
    gathered(|rule, out| rule.charged(problem, roster, tier, out))
}

/// The (person, day) pairs some rule charges for in `tier`
/// ([`Rule::charged_days`]), sorted, without repeats.
pub fn charged_days(problem: &Problem, roster: &Roster, tier: Tier) -> Vec<(usize, usize)> {
    gathered(|rule, out| rule.charged_days(problem, roster, tier, out))
}

/// What every rule adds to a list, sorted, without repeats.
fn gathered<T: Ord>(add: impl Fn(&dyn Rule, &mut Vec<T>)) -> Vec<T> {
    let mut out = Vec::new();
    for rule in ALL {
        add(*rule, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The (person, day) of every wish in `wishes(person)` that `missed` says
/// is missed, within the period.
fn missed_wish_days<'a>(
    problem: &'a Problem,
    wishes: impl Fn(usize) -> &'a [crate::model::Wish],
    missed: impl Fn(usize, &crate::model::Wish) -> bool,
    out: &mut Vec<(usize, usize)>,
) {
    for person in 0..problem.staff.len() {
        for wish in wishes(person).iter().filter(|w| missed(person, w)) {
            out.extend(problem.day_index(wish.date).map(|day| (person, day)));
        }
    }
}

/// Whether the person works a slot the wish is about (what `avoid` charges
/// and `prefer` asks for).
fn works_wish(problem: &Problem, roster: &Roster, person: usize, wish: &crate::model::Wish) -> bool {
    roster.slots_of(person).iter().any(|&s| wish.matches(problem, &problem.slots[s]))
}

/// Whether any rule forbids the pair outright.
pub fn forbidden(problem: &Problem, person: usize, slot: usize) -> bool {
    ALL.iter().any(|r| r.forbids(problem, person, slot))
}

/// Why a person cannot take a slot in this roster: what the rules would
/// newly report if they did. Empty when nothing stops them.
pub fn explain(problem: &Problem, roster: &Roster, person: usize, slot: usize) -> Vec<Violation> {
    new_violations(problem, roster, person, slot, ALL.iter().copied())
}

/// Whether the person can take the slot without breaking a maximum-type
/// rule (used to build rosters step by step).
pub fn allows(problem: &Problem, roster: &mut Roster, person: usize, slot: usize) -> bool {
    if roster.holds(person, slot) || forbidden(problem, person, slot) {
        return false;
    }
    let focus = Focus::Pair { person, slot };
    let mut before = Findings::breaches();
    let mut after = Findings::breaches();
    for rule in ALL.iter().filter(|r| r.blocks_additions()) {
        before.clear();
        after.clear();
        rule.check(problem, roster, focus, &mut before);
        roster.assign(person, slot);
        rule.check(problem, roster, focus, &mut after);
        roster.unassign(person, slot);
        if after.list().iter().any(|v| v.is_new(before.list())) {
            return false;
        }
    }
    true
}

fn new_violations<'r>(
    problem: &Problem,
    roster: &Roster,
    person: usize,
    slot: usize,
    rules: impl Iterator<Item = &'r dyn Rule>,
) -> Vec<Violation> {
    let focus = Focus::Pair { person, slot };
    let mut with = roster.clone();
    with.assign(person, slot);
    let mut found = Vec::new();
    for rule in rules {
        let mut before = Findings::breaches();
        let mut after = Findings::with_words();
        rule.check(problem, roster, focus, &mut before);
        rule.check(problem, &with, focus, &mut after);
        found.extend(after.into_vec().into_iter().filter(|v| v.is_new(before.list())));
    }
    found
}

/// The objective value of every tier for a roster.
pub fn costs(problem: &Problem, roster: &Roster) -> Costs {
    costs_within(problem, roster, Focus::All)
}

/// The part of the roster's costs that concerns `focus` (see
/// [`Rule::cost`]): what one person taking or leaving one slot changes,
/// without adding up everyone else's.
pub fn costs_within(problem: &Problem, roster: &Roster, focus: Focus) -> Costs {
    let mut costs = Costs::default();
    for rule in ALL {
        rule.cost(problem, roster, focus, &mut costs);
    }
    costs
}

/// The days (indices) on which a person works, ascending and distinct.
pub(crate) fn worked_days(problem: &Problem, roster: &Roster, person: usize) -> Vec<usize> {
    let mut days: Vec<usize> = roster.slots_of(person).iter().map(|&s| problem.slots[s].day).collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// The last duty date (index): the input keeps only dates on which some
/// slot starts, so this is the period's last date for the minimum-run
/// rules even though duty ends at the handover on the next morning.
pub(crate) fn last_duty_day(problem: &Problem) -> usize {
    problem.days.len().saturating_sub(1)
}

/// Maximal runs of consecutive worked days as (first, last) day indices.
pub(crate) fn runs(days: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &d in days {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == d => *last = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// "14/02–17/02" or "14/02" for a run of days.
pub(crate) fn day_span(problem: &Problem, first: usize, last: usize) -> String {
    let a = crate::text::short_date(problem.days[first].date);
    if first == last {
        a
    } else {
        format!("{a}–{}", crate::text::short_date(problem.days[last].date))
    }
}
