//! Which part of a roster one step of the large-neighbourhood search may
//! change: the whole schedules of a few related people, or every place on
//! a few days (a window, or the days the person at an extreme burden
//! works). The sizes adapt to what the exact re-solves manage: a
//! neighbourhood solved to optimality without a gain grows, one that ran
//! out of time shrinks. With HiGHS on mid-sized models, one round in
//! sixteen of a stage other than fairness is a long window: a few days
//! more than the usual ones, with four times their time
//! ([`Chooser::with_long_windows`]).
//!
//! Where the stage's LP relaxation was solved, half the neighbourhoods go
//! where the incumbent and the relaxation disagree most: the people, or
//! the days, whose places the relaxation fills differently. Where the
//! relaxation is close to the optimum (Curtois–Qu Instance8: 1232 against
//! the best known 1300) those are where the incumbent is likely wrong;
//! where it is far below (Instance9 was at 39 against 439 before the
//! whole-slot rows on `max_hours`, `rules/whole_slots.rs`; 406 with them)
//! the guidance is little better than chance, and the other half still
//! searches everywhere.
//!
//! People are related when they can hold the same slots (a burden can only
//! move between people who share slots); the fairness tiers seed the choice
//! with the people at the largest (or smallest) burden, because only a
//! change to their schedules can lower the tier, and the other tiers mostly
//! with someone the tier charges for ([`rules::charged`]: an unmet wish).

use crate::model::Problem;
use crate::prng::Prng;
use crate::roster::Roster;
use crate::rules::{self, MilpModel, Tier};

/// The part of the roster a re-solve may change; everything else stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Neighbourhood {
    /// These people's schedules (sorted).
    People(Vec<usize>),
    /// Every place of the slots starting on these days (sorted): a window
    /// of consecutive days, or the days someone at an extreme burden works.
    Days(Vec<usize>),
    /// Every place on these consecutive days (sorted): a window longer
    /// than the usual ones, given [`LONG_WINDOW_TIME`] times their time
    /// ([`Chooser::with_long_windows`]).
    LongWindow(Vec<usize>),
}

impl Neighbourhood {
    /// Whether the assignment of `person` to `slot` is free to change.
    pub(super) fn frees(&self, problem: &Problem, person: usize, slot: usize) -> bool {
        match self {
            Neighbourhood::People(people) => people.binary_search(&person).is_ok(),
            Neighbourhood::Days(days) | Neighbourhood::LongWindow(days) => {
                days.binary_search(&problem.slots[slot].day).is_ok()
            }
        }
    }

    /// Its kind's name, as [`crate::solve::NeighbourhoodTally`] lists it.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Neighbourhood::People(_) => "people",
            Neighbourhood::Days(_) => "days",
            Neighbourhood::LongWindow(_) => "long_window",
        }
    }

    /// How many times the usual re-solve time this neighbourhood gets.
    pub(super) fn time(&self) -> f64 {
        match self {
            Neighbourhood::LongWindow(_) => LONG_WINDOW_TIME,
            Neighbourhood::People(_) | Neighbourhood::Days(_) => 1.0,
        }
    }
}

/// One round in this many of a stage other than fairness is a long window
/// ([`Chooser::with_long_windows`]): with each given four times the time
/// of the others, at most about a fifth of the search's time.
const LONG_WINDOW_EVERY: usize = 16;

/// How many days a long window frees at least beyond the usual window.
const LONG_WINDOW_EXTRA: usize = 3;

/// How many times the usual re-solve time a long window gets.
pub(super) const LONG_WINDOW_TIME: f64 = 4.0;

/// How a re-solve of a neighbourhood ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// It found a better roster.
    Improved,
    /// Proven optimal within the neighbourhood, and no better.
    Exhausted,
    /// Ran out of time (or failed) without a better roster.
    Stopped,
}

/// Chooses neighbourhoods, one after another.
pub(super) struct Chooser<'p> {
    problem: &'p Problem,
    tier: Tier,
    /// `overlap[p][q]`: how many slots both p and q may hold.
    overlap: Vec<Vec<u32>>,
    /// The people who could serve (whose burdens fairness compares).
    serving: Vec<usize>,
    rng: Prng,
    /// Where the LP relaxation puts each assignment (person, slot,
    /// value), when known; for the tiers other than fairness, whose
    /// re-solves minimise the relaxed objective itself.
    relaxation: Option<Vec<(usize, usize, f64)>>,
    /// People freed by a people neighbourhood.
    people: usize,
    /// Days freed by a day window.
    days: usize,
    /// Days freed by a long window, when there are long windows
    /// ([`Chooser::with_long_windows`]); 0 when there are none.
    long_days: usize,
    round: usize,
}

impl<'p> Chooser<'p> {
    pub(super) fn new(model: &MilpModel<'p>, tier: Tier) -> Chooser<'p> {
        let problem = model.problem;
        let n = problem.staff.len();
        let mut overlap = vec![vec![0u32; n]; n];
        for slot in 0..problem.slots.len() {
            let holders = model.slot_vars(slot);
            for &(p, _) in holders {
                for &(q, _) in holders {
                    overlap[p][q] += 1;
                }
            }
        }
        let serving = (0..n).filter(|&p| !model.person_vars(p).is_empty()).collect();
        Chooser {
            problem,
            tier,
            overlap,
            serving,
            // A fixed seed: the same input searches the same way.
            rng: Prng::new(0x6c69_6368_7472_7563),
            relaxation: None,
            people: (n / 4).clamp(2.min(n), 8),
            days: (problem.days.len() / 4).clamp(1, 3),
            long_days: 0,
            round: 0,
        }
    }

    /// Long windows besides the usual neighbourhoods, in the tiers other
    /// than fairness: one round in [`LONG_WINDOW_EVERY`] frees at least
    /// [`LONG_WINDOW_EXTRA`] more consecutive days than the usual window,
    /// for [`LONG_WINDOW_TIME`] times as long, its size adapting on its own.
    /// The usual windows stay within what a re-solve proves in its time,
    /// and some rosters need more to improve: on Curtois–Qu Instance9, a
    /// roster with one more place short than the best (+100) stayed so
    /// for over half of a 60 s run, where every window of 6–8 days
    /// re-solved exactly kept it, and windows of 10–14 days over days 6–23
    /// (1.2–3.8 s each) took the place short away.
    pub(super) fn with_long_windows(mut self) -> Self {
        self.long_days = (self.days + LONG_WINDOW_EXTRA).min(self.problem.days.len());
        self
    }

    /// Guides half the pairs of neighbourhoods by where the LP
    /// relaxation puts each assignment (person, slot, value); ignored for
    /// the fairness tiers, whose re-solves minimise a surrogate.
    pub(super) fn guide(&mut self, relaxation: Vec<(usize, usize, f64)>) {
        if !matches!(self.tier, Tier::MaxBurden | Tier::Spread) {
            self.relaxation = Some(relaxation);
        }
    }

    /// The next neighbourhood to try from `incumbent`.
    pub(super) fn next(&mut self, incumbent: &Roster) -> Neighbourhood {
        self.round += 1;
        // A broken minimum is the person's own to meet: every other
        // neighbourhood frees one person it charges, alone, a small exact
        // re-solve. With partners beside (the other kind), Curtois–Qu
        // Instance20 (30 s) had every minimum met 2–3 s after the walks
        // ([`super::minimums`]) in some runs, and minimums still broken at
        // the end of the stage in others (368 hours short in one); alone,
        // met within 0.2 s in three runs of three.
        if self.tier == Tier::Broken && self.round % 2 == 1 {
            let charged = rules::charged(self.problem, incumbent, self.tier);
            if !charged.is_empty() {
                return Neighbourhood::People(vec![charged[self.rng.below(charged.len())]]);
            }
        }
        let fairness = matches!(self.tier, Tier::MaxBurden | Tier::Spread);
        // Fairness is about people, so mostly people; the other tiers are
        // as often about days (a cover pattern, a run of shifts).
        let by_days = if fairness { self.round.is_multiple_of(3) } else { self.round.is_multiple_of(2) };
        // Two neighbourhoods run at a time: one pair guided, the next not.
        // (Pairs of one kind, people with people and days with days, kept
        // both cores busier, 10–20 % more re-solves, but ended Curtois
        // Instance9 at 459, 570 and 656 in three runs of 60 s, against
        // 452–459 with mixed pairs.)
        if ((self.round - 1) / 2).is_multiple_of(2) {
            if let Some(guided) = self.guided(incumbent, by_days) {
                return guided;
            }
        }
        let long = self.long_days > 0 && self.round % LONG_WINDOW_EVERY == 4;
        if by_days && long && !fairness && self.problem.days.len() > 1 {
            let count = self.long_days.max(self.days + LONG_WINDOW_EXTRA).min(self.problem.days.len());
            self.long_days = count;
            let first = self.rng.below(self.problem.days.len() - count + 1);
            return Neighbourhood::LongWindow((first..first + count).collect());
        }
        if by_days && self.problem.days.len() > 1 {
            let count = self.days.min(self.problem.days.len());
            // For fairness, every other day neighbourhood is the days the
            // person at the extreme works: everyone on duty then may take
            // over a piece of that person's load.
            if fairness && self.round.is_multiple_of(2) {
                if let Some(days) = self.days_of_extreme(incumbent, count) {
                    return Neighbourhood::Days(days);
                }
            }
            // For the other tiers, every other unguided day neighbourhood is
            // about a charge on a day: gen-large's last unmet wish (someone
            // at the largest burden who would like a lighter shift on
            // another day) took a chain of three people's places on those
            // days, which the plateau search's moves and the people
            // neighbourhoods took 5–10 s to find.
            if !fairness && self.round.is_multiple_of(8) {
                if let Some(days) = self.days_of_charge(incumbent, count) {
                    return Neighbourhood::Days(days);
                }
            }
            let first = self.rng.below(self.problem.days.len() - count + 1);
            return Neighbourhood::Days((first..first + count).collect());
        }
        Neighbourhood::People(self.related_people(incumbent, fairness))
    }

    /// How many neighbourhoods were chosen so far.
    pub(super) fn round(&self) -> usize {
        self.round
    }

    /// Adapts the sizes to how a neighbourhood went.
    pub(super) fn learn(&mut self, neighbourhood: &Neighbourhood, step: Step) {
        let (size, most) = match neighbourhood {
            Neighbourhood::People(_) => (&mut self.people, self.problem.staff.len()),
            Neighbourhood::Days(_) => (&mut self.days, self.problem.days.len()),
            Neighbourhood::LongWindow(_) => (&mut self.long_days, self.problem.days.len()),
        };
        match step {
            Step::Improved => {}
            Step::Exhausted => *size = (*size + 1).min(most),
            Step::Stopped => *size = size.saturating_sub(1).max(1),
        }
    }

    /// Whether a neighbourhood frees the whole roster, so that solving it to
    /// optimality proves the stage.
    pub(super) fn is_everything(&self, neighbourhood: &Neighbourhood) -> bool {
        match neighbourhood {
            Neighbourhood::People(p) => p.len() >= self.problem.staff.len(),
            Neighbourhood::Days(days) | Neighbourhood::LongWindow(days) => days.len() >= self.problem.days.len(),
        }
    }

    /// A neighbourhood where the incumbent and the LP relaxation disagree:
    /// a window of days around a day drawn with chance in proportion to
    /// how much they disagree on it, or people drawn in that proportion.
    /// None without a relaxation, or when they agree everywhere.
    fn guided(&mut self, incumbent: &Roster, by_days: bool) -> Option<Neighbourhood> {
        let relaxation = self.relaxation.as_ref()?;
        let problem = self.problem;
        let by_days = by_days && problem.days.len() > 1;
        let mut weights = vec![0.0; if by_days { problem.days.len() } else { problem.staff.len() }];
        for &(p, s, value) in relaxation {
            let held = if incumbent.holds(p, s) { 1.0 } else { 0.0 };
            let apart = f64::abs(value - held);
            // Below the LP's own tolerance they agree.
            if apart > 1e-6 {
                weights[if by_days { problem.slots[s].day } else { p }] += apart;
            }
        }
        if by_days {
            let day = self.rng.weighted(&weights)?;
            let count = self.days.min(problem.days.len());
            // Anywhere in the window, so that windows around a day differ.
            let first = day.saturating_sub(self.rng.below(count)).min(problem.days.len() - count);
            return Some(Neighbourhood::Days((first..first + count).collect()));
        }
        let size = self.people.min(problem.staff.len());
        let mut chosen = Vec::with_capacity(size);
        while chosen.len() < size {
            let Some(p) = self.rng.weighted(&weights) else { break };
            weights[p] = 0.0;
            chosen.push(p);
        }
        if chosen.is_empty() {
            return None;
        }
        chosen.sort_unstable();
        Some(Neighbourhood::People(chosen))
    }

    /// Up to `count` of the days worked by someone at the largest burden
    /// (for the spread, at the smallest on every other such round).
    fn days_of_extreme(&mut self, incumbent: &Roster, count: usize) -> Option<Vec<usize>> {
        let serving = &self.serving;
        let load = |p: usize| rules::fairness::burden_units(self.problem, incumbent, p);
        let bottom = self.tier == Tier::Spread && self.round.is_multiple_of(4);
        let extreme =
            if bottom { serving.iter().map(|&p| load(p)).min()? } else { serving.iter().map(|&p| load(p)).max()? };
        let people: Vec<usize> = serving.iter().copied().filter(|&p| load(p) == extreme).collect();
        let person = people[self.rng.below(people.len())];
        let mut days = self.worked_days(incumbent, person);
        if days.is_empty() {
            return None;
        }
        self.rng.shuffle(&mut days);
        days.truncate(count);
        days.sort_unstable();
        Some(days)
    }

    /// The days `person` works, sorted, without repeats.
    fn worked_days(&self, incumbent: &Roster, person: usize) -> Vec<usize> {
        let mut days: Vec<usize> = incumbent.slots_of(person).iter().map(|&s| self.problem.slots[s].day).collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// The day of a charge ([`rules::charged_days`]: an unmet wish's date)
    /// and up to `count - 1` of the days the person charged works, who may
    /// hand one of them on to make room for the wish.
    fn days_of_charge(&mut self, incumbent: &Roster, count: usize) -> Option<Vec<usize>> {
        let charges = rules::charged_days(self.problem, incumbent, self.tier);
        if charges.is_empty() {
            return None;
        }
        let (person, day) = charges[self.rng.below(charges.len())];
        let mut worked = self.worked_days(incumbent, person);
        worked.retain(|&d| d != day);
        self.rng.shuffle(&mut worked);
        let mut days = vec![day];
        days.extend(worked.into_iter().take(count.saturating_sub(1)));
        days.sort_unstable();
        Some(days)
    }

    /// Seeds (the people at the largest burden, or for the spread at the
    /// largest or the smallest in turn; for other tiers mostly someone the
    /// tier charges for) and the people who share the most slots with them,
    /// with some noise so that rounds differ.
    fn related_people(&mut self, incumbent: &Roster, fairness: bool) -> Vec<usize> {
        let n = self.problem.staff.len();
        let size = self.people.min(n);
        let mut chosen: Vec<usize> = Vec::with_capacity(size);
        if fairness {
            let serving = &self.serving;
            let load = |p: usize| rules::fairness::burden(self.problem, incumbent, p);
            let max = serving.iter().map(|&p| load(p)).fold(f64::MIN, f64::max);
            let min = serving.iter().map(|&p| load(p)).fold(f64::MAX, f64::min);
            // The spread has two ends, often held by people of different
            // pools (a leader at the bottom, a technician at the top) who
            // share no slots: one end a round, with the people related to
            // it, so that each end gets the partners that can move it.
            let bottom = self.tier == Tier::Spread && self.round.is_multiple_of(2);
            let mut seeds: Vec<usize> = serving
                .iter()
                .copied()
                .filter(|&p| if bottom { load(p) <= min + 1e-9 } else { load(p) >= max - 1e-9 })
                .collect();
            // Several people may share the largest burden: a different few
            // of them each round.
            self.rng.shuffle(&mut seeds);
            seeds.truncate((size / 2).max(1));
            chosen.extend(seeds);
        }
        if chosen.is_empty() && n > 0 {
            // Someone a rule charges for in this tier (an unmet wish), or
            // anyone when nobody is charged. A broken minimum (hours,
            // shifts, a fixed assignment) is cured within the person's own
            // schedule, so there it takes as many of them as the
            // neighbourhood holds: Curtois Instance20 (30 s) had every
            // minimum met after 10 s of re-solves, where one of them among
            // partners left 12 636 minutes short.
            let mut charged = rules::charged(self.problem, incumbent, self.tier);
            if charged.is_empty() {
                chosen.push(self.rng.below(n));
            } else if self.tier == Tier::Broken {
                self.rng.shuffle(&mut charged);
                charged.truncate(size);
                chosen.extend(charged);
            } else {
                chosen.push(charged[self.rng.below(charged.len())]);
            }
        }
        // For the fairness tiers a partner helps by having room to take
        // burden on (or, at the bottom of the spread, to give it up): among
        // people who share slots, those furthest from the seeds' burden
        // count up to twice as much.
        let room: Vec<u64> = if fairness {
            let load = |p: usize| rules::fairness::burden_units(self.problem, incumbent, p);
            let seed = chosen.iter().map(|&p| load(p)).sum::<i64>() / chosen.len().max(1) as i64;
            let gaps: Vec<u64> = (0..n).map(|q| (seed - load(q)).unsigned_abs()).collect();
            let widest = gaps.iter().copied().max().unwrap_or(0).max(1);
            gaps.into_iter().map(|g| 8 + 8 * g / widest).collect()
        } else {
            vec![8; n]
        };
        let mut others: Vec<(u64, usize)> = (0..n)
            .filter(|p| !chosen.contains(p))
            .map(|q| {
                let shared: u64 = chosen.iter().map(|&p| self.overlap[p][q] as u64).sum::<u64>() * room[q];
                // Noise of up to half the score reorders close candidates.
                let noise = self.rng.below(shared as usize / 2 + 2) as u64;
                (shared * 2 + noise, q)
            })
            .collect();
        others.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        chosen.extend(others.into_iter().map(|(_, q)| q).take(size.saturating_sub(chosen.len())));
        chosen.sort_unstable();
        chosen
    }
}

/// `theirs`'s changes to `base` laid onto `ours` (another change of
/// `base`), where the two touch no (person, slot) pair in common: a
/// re-solve's answer onto an incumbent that moved while it ran. Whether
/// the result is legal and better is the caller's to judge: the rules and
/// the cover tie the two changes together.
pub(super) fn merged(base: &Roster, theirs: &Roster, ours: &Roster) -> Option<Roster> {
    use std::collections::BTreeSet;
    type Pairs = BTreeSet<(usize, usize)>;
    let start: Pairs = base.pairs().collect();
    // What a roster added to `base`, and what it took off.
    let changes = |r: &Roster| -> (Pairs, Pairs) {
        let now: Pairs = r.pairs().collect();
        (now.difference(&start).copied().collect(), start.difference(&now).copied().collect())
    };
    let (added, removed) = changes(theirs);
    let (ours_added, ours_removed) = changes(ours);
    if added.iter().chain(&removed).any(|p| ours_added.contains(p) || ours_removed.contains(p)) {
        return None;
    }
    let mut both = ours.clone();
    for &(person, slot) in &removed {
        both.unassign(person, slot);
    }
    for &(person, slot) in &added {
        both.assign(person, slot);
    }
    Some(both)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tet() -> Problem {
        let text = include_str!("../../rosters/tet-2026-so-khcn.toml");
        crate::input::parse_str(text, "tet-2026-so-khcn.toml").expect("bundled roster")
    }

    #[test]
    fn fairness_neighbourhoods_free_the_heaviest_person() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        let loads: Vec<f64> = (0..problem.staff.len()).map(|p| rules::fairness::burden(&problem, &roster, p)).collect();
        let max = loads.iter().copied().fold(f64::MIN, f64::max);
        let heaviest: Vec<usize> = (0..loads.len()).filter(|&p| loads[p] >= max - 1e-9).collect();
        let mut chooser = Chooser::new(&model, Tier::MaxBurden);
        let mut people_seen = 0;
        for _ in 0..12 {
            match chooser.next(&roster) {
                Neighbourhood::People(people) => {
                    people_seen += 1;
                    assert!(people.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats: {people:?}");
                    assert!(people.iter().any(|p| heaviest.contains(p)), "{people:?} misses {heaviest:?}");
                }
                Neighbourhood::Days(days) | Neighbourhood::LongWindow(days) => {
                    assert!(!days.is_empty() && days.windows(2).all(|w| w[0] < w[1]));
                    assert!(days.iter().all(|&d| d < problem.days.len()));
                }
            }
        }
        assert!(people_seen >= 8, "fairness is mostly about people");
    }

    #[test]
    fn wish_neighbourhoods_mostly_free_someone_whose_wish_is_missed() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        let charged = rules::charged(&problem, &roster, Tier::Wishes);
        assert!(!charged.is_empty() && charged.len() < problem.staff.len() / 2, "{charged:?}");
        let mut chooser = Chooser::new(&model, Tier::Wishes);
        let (mut people, mut with_charged) = (0, 0);
        for _ in 0..40 {
            if let Neighbourhood::People(p) = chooser.next(&roster) {
                people += 1;
                with_charged += usize::from(p.iter().any(|q| charged.contains(q)));
            }
        }
        assert!(with_charged * 4 >= people * 3, "{with_charged} of {people}");
    }

    #[test]
    fn wish_day_neighbourhoods_free_the_day_of_a_missed_wish_and_days_its_person_works() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        let charges = rules::charged_days(&problem, &roster, Tier::Wishes);
        assert!(!charges.is_empty());
        let works = |p: usize, d: usize| roster.slots_of(p).iter().any(|&s| problem.slots[s].day == d);
        let mut chooser = Chooser::new(&model, Tier::Wishes);
        let mut about_a_wish = 0;
        for _ in 0..40 {
            let neighbourhood = chooser.next(&roster);
            if !chooser.round().is_multiple_of(8) {
                continue;
            }
            let Neighbourhood::Days(days) = neighbourhood else { panic!("a day neighbourhood: {neighbourhood:?}") };
            assert!(days.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats: {days:?}");
            let cured = charges.iter().any(|&(p, d)| days.contains(&d) && days.iter().all(|&e| e == d || works(p, e)));
            assert!(cured, "{days:?} is not about any of {charges:?}");
            about_a_wish += 1;
        }
        assert_eq!(about_a_wish, 5);
    }

    #[test]
    fn broken_minimum_neighbourhoods_free_as_many_people_short_of_them_as_they_hold() {
        let mut problem = tet();
        // Half the staff must work more hours than the whole period holds.
        let short: Vec<usize> = (0..problem.staff.len()).step_by(2).collect();
        for &p in &short {
            problem.staff[p].rules.min_hours = Some(10_000.0);
        }
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        assert_eq!(rules::charged(&problem, &roster, Tier::Broken), short);
        let mut chooser = Chooser::new(&model, Tier::Broken);
        let (mut people, mut only_short, mut alone) = (0, 0, 0);
        for _ in 0..40 {
            if let Neighbourhood::People(p) = chooser.next(&roster) {
                people += 1;
                let held = p.iter().filter(|q| short.contains(q)).count();
                only_short += usize::from(held == p.len().min(short.len()));
                alone += usize::from(p.len() == 1 && held == 1);
            }
        }
        assert!(people >= 10 && only_short == people, "{only_short} of {people}");
        assert_eq!(alone, 20, "every other neighbourhood frees one person short, alone");
    }

    /// The next people neighbourhood (day windows skipped).
    fn next_people(chooser: &mut Chooser<'_>, roster: &Roster) -> Neighbourhood {
        loop {
            let n = chooser.next(roster);
            if matches!(n, Neighbourhood::People(_)) {
                return n;
            }
        }
    }

    #[test]
    fn sizes_grow_when_exhausted_and_shrink_when_stopped() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        let mut chooser = Chooser::new(&model, Tier::Wishes);
        let size = |n: &Neighbourhood| match n {
            Neighbourhood::People(p) => p.len(),
            Neighbourhood::Days(days) | Neighbourhood::LongWindow(days) => days.len(),
        };
        let people = next_people(&mut chooser, &roster);
        let before = size(&people);
        chooser.learn(&people, Step::Exhausted);
        chooser.learn(&people, Step::Exhausted);
        let grown = next_people(&mut chooser, &roster);
        assert_eq!(size(&grown), before + 2);
        for _ in 0..problem.staff.len() * 2 {
            chooser.learn(&grown, Step::Stopped);
        }
        let shrunk = next_people(&mut chooser, &roster);
        assert_eq!(size(&shrunk), 1, "never below one person");
        for _ in 0..problem.staff.len() * 2 {
            chooser.learn(&shrunk, Step::Exhausted);
        }
        let everyone = next_people(&mut chooser, &roster);
        assert!(chooser.is_everything(&everyone));
        assert!(!chooser.is_everything(&people));
    }

    #[test]
    fn guided_neighbourhoods_go_where_the_relaxation_disagrees() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        // A relaxation that agrees with the roster except on one slot of
        // one person's, which it fills half.
        let (person, slot) =
            model.assignment_vars().map(|(p, s, _)| (p, s)).find(|&(p, s)| !roster.holds(p, s)).expect("a free place");
        let relaxation: Vec<(usize, usize, f64)> = model
            .assignment_vars()
            .map(|(p, s, _)| {
                (p, s, if (p, s) == (person, slot) { 0.5 } else { f64::from(u8::from(roster.holds(p, s))) })
            })
            .collect();
        let day = problem.slots[slot].day;
        let mut chooser = Chooser::new(&model, Tier::Wishes);
        chooser.guide(relaxation.clone());
        let (mut people, mut windows) = (0, 0);
        for round in 1..=40usize {
            let neighbourhood = chooser.next(&roster);
            if !((round - 1) / 2).is_multiple_of(2) {
                continue;
            }
            match neighbourhood {
                Neighbourhood::People(p) => {
                    people += 1;
                    assert_eq!(p, vec![person], "only the person they disagree on");
                }
                Neighbourhood::Days(days) | Neighbourhood::LongWindow(days) => {
                    windows += 1;
                    assert!(days.contains(&day), "{days:?} misses day {day}");
                }
            }
        }
        assert!(people >= 8 && windows >= 8, "{people} people, {windows} windows");
        // Fairness re-solves minimise a surrogate: no guidance there.
        let mut fair = Chooser::new(&model, Tier::MaxBurden);
        fair.guide(relaxation);
        assert!(fair.relaxation.is_none());
    }

    #[test]
    fn long_windows_come_only_when_asked_and_never_for_fairness() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        let long_windows = |tier: Tier, asked: bool| {
            let mut chooser = Chooser::new(&model, tier);
            if asked {
                chooser = chooser.with_long_windows();
            }
            (0..4 * LONG_WINDOW_EVERY).filter(|_| matches!(chooser.next(&roster), Neighbourhood::LongWindow(_))).count()
        };
        assert_eq!(long_windows(Tier::Wishes, false), 0);
        assert_eq!(long_windows(Tier::Wishes, true), 4, "one round in {LONG_WINDOW_EVERY}");
        assert_eq!(long_windows(Tier::MaxBurden, true), 0);
        assert_eq!(long_windows(Tier::Spread, true), 0);
    }

    #[test]
    fn a_long_window_frees_more_consecutive_days_for_longer_and_adapts_on_its_own() {
        let problem = tet();
        let model = super::super::milp::build(&problem);
        let roster = super::super::construct(&problem).roster;
        let mut chooser = Chooser::new(&model, Tier::Wishes).with_long_windows();
        let next_long = |chooser: &mut Chooser<'_>| loop {
            if let Neighbourhood::LongWindow(days) = chooser.next(&roster) {
                assert!(days.windows(2).all(|w| w[1] == w[0] + 1), "consecutive: {days:?}");
                return Neighbourhood::LongWindow(days);
            }
        };
        let usual = chooser.days;
        let first = next_long(&mut chooser);
        let size = |n: &Neighbourhood| if let Neighbourhood::LongWindow(days) = n { days.len() } else { 0 };
        assert_eq!(size(&first), usual + LONG_WINDOW_EXTRA);
        assert_eq!(first.time(), LONG_WINDOW_TIME);
        assert_eq!(Neighbourhood::Days(vec![0]).time(), 1.0);
        chooser.learn(&first, Step::Exhausted);
        assert_eq!(size(&next_long(&mut chooser)), usual + LONG_WINDOW_EXTRA + 1);
        for _ in 0..problem.days.len() {
            chooser.learn(&first, Step::Stopped);
        }
        assert_eq!(size(&next_long(&mut chooser)), usual + LONG_WINDOW_EXTRA, "never shorter than usual + extra");
        assert_eq!(chooser.days, usual, "the usual windows keep their own size");
    }

    #[test]
    fn a_day_window_frees_exactly_its_days() {
        let problem = tet();
        let window = Neighbourhood::Days(vec![2, 3, 4]);
        for (s, slot) in problem.slots.iter().enumerate() {
            assert_eq!(window.frees(&problem, 0, s), (2..5).contains(&slot.day));
        }
        let people = Neighbourhood::People(vec![1, 4]);
        assert!(people.frees(&problem, 4, 0) && !people.frees(&problem, 3, 0));
    }

    /// A re-solve's changes go onto an incumbent that moved meanwhile,
    /// both kept; where both changed the same place there is no merge.
    #[test]
    fn an_answer_is_laid_onto_the_moved_incumbent_unless_both_changed_a_place() {
        let problem = tet();
        let base = Roster::from_pairs(&problem, [(0, 0), (1, 1), (2, 2)]);
        // Theirs: 0 off slot 0, 3 on slot 0. Ours: 2 off slot 2, 4 on slot 3.
        let theirs = Roster::from_pairs(&problem, [(3, 0), (1, 1), (2, 2)]);
        let ours = Roster::from_pairs(&problem, [(0, 0), (1, 1), (4, 3)]);
        let both = merged(&base, &theirs, &ours).expect("no place changed twice");
        assert_eq!(both, Roster::from_pairs(&problem, [(3, 0), (1, 1), (4, 3)]));
        // Unchanged answers and unmoved incumbents merge to the other.
        assert_eq!(merged(&base, &base, &ours), Some(ours.clone()));
        assert_eq!(merged(&base, &theirs, &base), Some(theirs.clone()));
        // One took 1 off slot 1 and the other put 5 on slot 2: merged. Both
        // took 1 off slot 1 (one moved him to slot 4): a place changed twice.
        let theirs = Roster::from_pairs(&problem, [(0, 0), (2, 2)]);
        let ours = Roster::from_pairs(&problem, [(0, 0), (1, 1), (2, 2), (5, 2)]);
        assert_eq!(merged(&base, &theirs, &ours), Some(Roster::from_pairs(&problem, [(0, 0), (2, 2), (5, 2)])));
        let ours = Roster::from_pairs(&problem, [(0, 0), (1, 4), (2, 2)]);
        assert_eq!(merged(&base, &theirs, &ours), None, "both took 1 off slot 1");
    }
}
