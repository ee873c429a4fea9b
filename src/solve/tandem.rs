//! HiGHS's search of the whole model and the whole-schedule search
//! ([`super::person`]) side by side, one core each, trading rosters as
//! they go: each roster the walks or their re-solves find better than
//! HiGHS's incumbent is handed to HiGHS (a user solution, through its MIP
//! callback), each one HiGHS finds joins the walks' pool of schedules, and
//! whichever side finishes first stops the other.
//!
//! The two are strong on different rosters: on Curtois–Qu Instance7 the
//! walks and their re-solves, run before HiGHS, reached 1161 in a minute
//! where HiGHS alone ends at 1355 or worse, while on Instance8 and 9 HiGHS
//! alone did better than with half its time given to the walks (1759 and
//! 473 against 2046 and 590). Side by side, neither gives up its time, and
//! each improves from the other's best (HiGHS's branch and bound prunes
//! with the walks' roster; the re-solves mix HiGHS's schedules with the
//! walks'): Instance7 at 1074–1163, Instance10 at 4676–5026 (HiGHS alone
//! that day: 1355 and 5187). HiGHS on one thread proves less quickly
//! (Curtois Instance4: 58.6 s or more, against 32–47 s on two).
//!
//! On models of up to several hundred assignments the other side is
//! a second run of HiGHS's whole model, with another random seed (see
//! `Beside` in [`super::milp`]): the two trade rosters through the same
//! exchange and callbacks, and whichever ends first stops the other. Two
//! branch-and-bound searches take two paths, and on Curtois–Qu Instance5
//! whether a run crosses to the better of two plateaus depends on its
//! path; on larger models the walks beside do better, and up to 2 000
//! assignments their re-solves include neighbourhoods of their best
//! roster (a window of days, or a few people, with everyone else fixed),
//! which make the changes to many people's days at once that separate
//! Instance7's two plateaus.
//!
//! microlp has no callbacks: its whole model runs alone.

use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::Mutex;

use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, Costs, Tier};

/// The best roster either side has found, and the flag that stops both.
pub(super) struct Exchange<'p> {
    problem: &'p Problem,
    tier: Tier,
    best: Mutex<Best>,
    halt: AtomicBool,
}

#[derive(Default)]
struct Best {
    /// Counts the rosters kept, so each side takes only what is new.
    version: u64,
    roster: Option<(Costs, Roster)>,
}

impl<'p> Exchange<'p> {
    pub fn new(problem: &'p Problem, tier: Tier) -> Self {
        Exchange { problem, tier, best: Mutex::default(), halt: AtomicBool::new(false) }
    }

    /// Keeps `roster` when it is better on the tier (and those before it)
    /// than the best so far; its version when it does.
    pub fn offer(&self, roster: &Roster) -> Option<u64> {
        let costs = rules::costs(self.problem, roster);
        let mut best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        let better = match &best.roster {
            Some((kept, _)) => costs.compare_up_to(kept, self.tier).is_lt(),
            None => true,
        };
        if !better {
            return None;
        }
        best.version += 1;
        best.roster = Some((costs, roster.clone()));
        Some(best.version)
    }

    /// The best roster, when it is newer than version `seen`, with its
    /// version.
    pub fn newer_than(&self, seen: u64) -> Option<(u64, Roster)> {
        let best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        match &best.roster {
            Some((_, roster)) if best.version > seen => Some((best.version, roster.clone())),
            _ => None,
        }
    }

    /// Asks both sides to stop.
    pub fn halt(&self) {
        self.halt.store(true, AtomicOrdering::Relaxed);
    }

    pub fn halted(&self) -> bool {
        self.halt.load(AtomicOrdering::Relaxed)
    }

    /// The flag [`Self::halt`] sets, for the walks to watch.
    pub fn halt_flag(&self) -> &AtomicBool {
        &self.halt
    }
}

/// HiGHS's side: its MIP callback, which hands HiGHS the exchange's newer
/// rosters, offers HiGHS's improvements to the exchange, and interrupts
/// HiGHS when the exchange is halted.
#[cfg(feature = "highs")]
pub(super) mod highs_side {
    use std::ffi::{c_char, c_int, c_void};
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut};

    use super::Exchange;
    use crate::roster::Roster;

    // The callback kinds of HiGHS's C API (`kHighsCallback…` in
    // highs_c_api.h, static constants that bindgen does not carry over).
    const MIP_IMPROVING_SOLUTION: c_int = 4;
    const MIP_INTERRUPT: c_int = 6;
    const MIP_USER_SOLUTION: c_int = 9;

    /// What the callback needs to turn HiGHS's columns into a roster and
    /// back.
    pub struct Listener<'a, 'p> {
        pub exchange: &'a Exchange<'p>,
        /// Every assignment (person, slot) and its column, or its value
        /// when the model pinned it.
        pub assignments: Vec<(usize, usize, Result<usize, f64>)>,
        pub columns: usize,
        /// Whether rosters go both ways (the whole model), or HiGHS only
        /// listens for the halt (a re-solve of the walks' side).
        pub trade: bool,
        /// The exchange's version HiGHS last saw.
        pub seen: u64,
    }

    impl Listener<'_, '_> {
        pub(super) fn roster(&self, columns: &[f64]) -> Roster {
            let problem = self.exchange.problem;
            Roster::from_pairs(
                problem,
                self.assignments.iter().filter_map(|&(p, s, at)| {
                    let value = at.map_or_else(|pinned| pinned, |c| columns.get(c).copied().unwrap_or(0.0));
                    (value > 0.5).then_some((p, s))
                }),
            )
        }

        /// The roster as a user solution: every assignment's column set,
        /// the other columns left for HiGHS to complete.
        pub(super) fn columns_of(&self, roster: &Roster) -> Vec<f64> {
            let mut values = vec![f64::INFINITY; self.columns];
            for &(p, s, at) in &self.assignments {
                if let Ok(c) = at {
                    values[c] = if roster.holds(p, s) { 1.0 } else { 0.0 };
                }
            }
            values
        }
    }

    /// Starts the callback on `model`; `listener` must outlive the solve.
    pub fn listen(model: &mut highs::Model, listener: &mut Listener<'_, '_>) {
        let highs = model.as_mut_ptr();
        // SAFETY: `highs` is the live model's own pointer, and the data
        // pointer stays valid for the solve: the caller keeps `listener`
        // borrowed until the solve returns.
        unsafe {
            highs_sys::Highs_setCallback(highs, Some(callback), (listener as *mut Listener).cast());
            highs_sys::Highs_startCallback(highs, MIP_INTERRUPT);
            if listener.trade {
                highs_sys::Highs_startCallback(highs, MIP_IMPROVING_SOLUTION);
                highs_sys::Highs_startCallback(highs, MIP_USER_SOLUTION);
            }
        }
    }

    /// HiGHS calls this on its own thread; a panic must not unwind into C.
    unsafe extern "C" fn callback(
        kind: c_int,
        _message: *const c_char,
        out: *const HighsCallbackDataOut,
        input: *mut HighsCallbackDataIn,
        data: *mut c_void,
    ) {
        if data.is_null() {
            return;
        }
        // SAFETY: `listen` passed a `Listener` that outlives the solve,
        // and HiGHS calls back on one thread at a time.
        let listener = unsafe { &mut *data.cast::<Listener>() };
        let _ = catch_unwind(AssertUnwindSafe(|| match kind {
            MIP_INTERRUPT if !input.is_null() => {
                // SAFETY: HiGHS hands a valid input for this kind.
                unsafe { (*input).user_interrupt = c_int::from(listener.exchange.halted()) };
            }
            MIP_IMPROVING_SOLUTION if !out.is_null() => {
                // SAFETY: HiGHS's solution has `mip_solution_size` values.
                let columns = unsafe {
                    let out = &*out;
                    if out.mip_solution.is_null() || out.mip_solution_size as usize != listener.columns {
                        return;
                    }
                    std::slice::from_raw_parts(out.mip_solution, listener.columns)
                };
                let roster = listener.roster(columns);
                if let Some(version) = listener.exchange.offer(&roster) {
                    listener.seen = version;
                }
            }
            MIP_USER_SOLUTION if !input.is_null() => {
                let Some((version, roster)) = listener.exchange.newer_than(listener.seen) else { return };
                listener.seen = version;
                let values = listener.columns_of(&roster);
                // SAFETY: `values` has one value per column; HiGHS copies
                // it before the call returns. The repair fills the columns
                // left undefined (the rules' helper variables). HiGHS's C
                // wrapper copies `user_has_solution` back from `input`
                // after the callback, over what these calls set: it must
                // be set here too.
                unsafe {
                    let set = highs_sys::Highs_setCallbackSolution(input, values.len() as _, values.as_ptr());
                    let repaired = set == highs_sys::STATUS_OK
                        && highs_sys::Highs_repairCallbackSolution(input) == highs_sys::STATUS_OK;
                    (*input).user_has_solution = c_int::from(repaired);
                }
            }
            _ => {}
        }));
    }
}

#[cfg(test)]
mod tests {
    /// A roster goes to HiGHS's columns and back unchanged, the pinned
    /// assignments kept at their values and every other column left for
    /// HiGHS to complete.
    #[cfg(feature = "highs")]
    #[test]
    fn a_roster_goes_to_columns_and_back() {
        use super::highs_side::Listener;
        let problem = super::super::person::tests::week();
        let exchange = Exchange::new(&problem, Tier::SoftCover);
        let slots = problem.slots.len();
        // Person 0's assignments pinned (1 on slot 0, else 0); the others'
        // in columns 1, 2, … after one helper column 0.
        let mut assignments = Vec::new();
        let mut next = 1;
        for p in 0..problem.staff.len() {
            for s in 0..slots {
                let at = if p == 0 { Err(if s == 0 { 1.0 } else { 0.0 }) } else { Ok(next) };
                if p > 0 {
                    next += 1;
                }
                assignments.push((p, s, at));
            }
        }
        let listener = Listener { exchange: &exchange, assignments, columns: next, trade: true, seen: 0 };
        let roster = Roster::from_pairs(&problem, [(0, 0), (1, 2), (2, slots - 1)]);
        let columns = listener.columns_of(&roster);
        assert!(columns[0].is_infinite(), "a helper column is left undefined");
        assert_eq!(columns.iter().filter(|&&v| v == 1.0).count(), 2);
        assert_eq!(listener.roster(&columns), roster);
    }

    use super::*;

    #[test]
    fn keeps_only_better_rosters_and_counts_them() {
        let problem = super::super::person::tests::week();
        let exchange = Exchange::new(&problem, Tier::SoftCover);
        let empty = Roster::empty(&problem);
        assert_eq!(exchange.offer(&empty), Some(1));
        // Nothing newer than what a side has seen.
        assert!(exchange.newer_than(1).is_none());
        assert_eq!(exchange.newer_than(0).map(|(v, _)| v), Some(1));
        // The same roster again is not better.
        assert_eq!(exchange.offer(&empty), None);
        // One more filled place is.
        let mut fuller = empty.clone();
        let slot = 0;
        let person =
            (0..problem.staff.len()).find(|&p| rules::allows(&problem, &mut fuller, p, slot)).expect("a person");
        fuller.assign(person, slot);
        assert!(rules::costs(&problem, &fuller)
            .compare_up_to(&rules::costs(&problem, &empty), Tier::SoftCover)
            .is_lt());
        assert_eq!(exchange.offer(&fuller), Some(2));
        assert_eq!(exchange.newer_than(1).map(|(_, r)| r), Some(fuller.clone()));
        // And the emptier one is now worse.
        assert_eq!(exchange.offer(&empty), None);
        assert!(!exchange.halted());
        exchange.halt();
        assert!(exchange.halted() && exchange.halt_flag().load(AtomicOrdering::Relaxed));
    }
}
