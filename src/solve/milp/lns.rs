//! A stage's large-neighbourhood search: exact re-solves of small
//! neighbourhoods of the incumbent, in rounds or with each core on its own,
//! with the plateau search's walks between them ([`Walks`]) and, for the
//! fairness tiers, an objective that moves people off the extremes
//! ([`Surrogate`]).

use std::time::Instant;

use good_lp::{variable, Expression, ProblemVariables, ResolutionError};

use super::policy::{long_windows, re_solves_apart};
use super::stage::StageModel;
use super::StageResult;
use crate::model::Problem;
use crate::roster::Roster;
use crate::rules::{self, MilpModel, Tier};
use crate::solve::neighbourhood::{merged, Chooser, Neighbourhood, Step};
use crate::solve::{NeighbourhoodTally, StageStatus};

/// Rounds of re-solves without a better roster after which the plateau
/// search walks again from the incumbent.
const PLATEAU_AGAIN_AFTER: usize = 10;

/// The plateau search's part in the neighbourhood search.
struct Walks {
    /// Whether it found anything the last time it followed a gain.
    plateau_helps: bool,
    /// Re-solves (or rounds of them) since the last gain.
    stalled: usize,
    /// How many of them before it walks again from the incumbent.
    patience: usize,
}

impl Walks {
    /// After a re-solve or a round of them: with a gain, the plateau search
    /// where it helps; after `patience` without, a walk from another seed.
    #[allow(clippy::too_many_arguments)]
    fn after(
        &mut self,
        model: &MilpModel<'_>,
        incumbent: &mut Roster,
        best: &mut (f64, usize),
        improved: bool,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        seed: u64,
    ) {
        if improved && self.plateau_helps {
            // A re-solve that moved the incumbent often opens moves the
            // plateau search finishes faster than further re-solves — on
            // rosters where it helps at all: where hard minimums leave
            // single moves little room (Curtois), it only takes time from
            // the re-solves.
            self.plateau_helps = crate::solve::plateau::search(model, incumbent, tier, deadline, bound, seed);
            *best = progress(model.problem, incumbent, tier);
            self.stalled = 0;
        } else if improved {
            self.stalled = 0;
        } else {
            self.stalled += 1;
            if self.stalled >= self.patience {
                // Re-solves that have stopped helping: a walk from another
                // seed often finds what they do not (gen-large: 37 wishes
                // after 17 s of re-solves, where 35 exists).
                self.stalled = 0;
                if crate::solve::plateau::search(model, incumbent, tier, deadline, bound, seed) {
                    *best = progress(model.problem, incumbent, tier);
                }
            }
        }
    }
}

/// Longest single re-solve of a neighbourhood, in seconds.
pub(super) const LNS_STEP: f64 = 0.4;

/// How a stage's large-neighbourhood search ended.
pub(super) struct Searched {
    /// A neighbourhood holding the whole roster was solved to optimality:
    /// the stage is proven.
    pub(super) proven: bool,
    /// How each kind of neighbourhood's re-solves went.
    pub(super) tallies: Vec<NeighbourhoodTally>,
}

/// Adds a re-solve of `neighbourhood` that ended as `step` after `seconds`
/// to its kind's tally (a new one at the end for a kind not tried yet).
fn record(tallies: &mut Vec<NeighbourhoodTally>, neighbourhood: &Neighbourhood, step: Step, seconds: f64) {
    let kind = neighbourhood.kind();
    let at = tallies.iter().position(|t| t.kind == kind).unwrap_or_else(|| {
        tallies.push(NeighbourhoodTally { kind, re_solves: 0, gains: 0, stopped: 0, seconds: 0.0 });
        tallies.len() - 1
    });
    let tally = &mut tallies[at];
    tally.re_solves += 1;
    tally.gains += usize::from(step == Step::Improved);
    tally.stopped += usize::from(step == Step::Stopped);
    tally.seconds += seconds;
}

impl StageModel<'_, '_> {
    /// Large-neighbourhood search: keeps most of the incumbent as it is,
    /// frees a neighbourhood (see [`crate::solve::neighbourhood`]) and solves that
    /// small MILP exactly for the stage's objective; two neighbourhoods at
    /// a time when there are two cores. An answer is kept when it is legal
    /// and no worse (an equal one moves the search elsewhere); each better
    /// one is reported ([`StageModel::report`]).
    pub(super) fn search_neighbourhoods(
        &self,
        incumbent: &mut Roster,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        plateau_helps: bool,
        relaxation: Option<&[f64]>,
    ) -> Searched {
        let problem = self.model.problem;
        let mut tallies = Vec::new();
        if problem.staff.len() < 2 {
            return Searched { proven: false, tallies };
        }
        let mut chooser = Chooser::new(self.model, tier);
        if long_windows(self.backend, self.x.len()) {
            chooser = chooser.with_long_windows();
        }
        if let Some(lp) = relaxation {
            chooser.guide(self.x.iter().zip(lp).map(|(&(p, s, _), &value)| (p, s, value)).collect());
        }
        let parallel = crate::solve::cores();
        if parallel > 1 && re_solves_apart(self.backend, self.x.len()) {
            return self.search_neighbourhoods_apart(incumbent, tier, deadline, bound, chooser, plateau_helps);
        }
        let mut best = progress(problem, incumbent, tier);
        let mut reported = best.0;
        let reached = |p: &(f64, usize)| bound.is_some_and(|b| p.0 <= b + 1e-9);
        let mut walks = Walks { plateau_helps, stalled: 0, patience: PLATEAU_AGAIN_AFTER };
        while !reached(&best) {
            let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < 0.01 {
                break;
            }
            let before = best;
            let tries: Vec<Neighbourhood> = (0..parallel).map(|_| chooser.next(incumbent)).collect();
            let start = &*incumbent;
            // Each re-solve's result, and its time.
            let results: Vec<(Result<StageResult, ResolutionError>, f64)> = std::thread::scope(|scope| {
                let handles: Vec<_> = tries
                    .iter()
                    .map(|n| {
                        scope.spawn(move || {
                            let started = Instant::now();
                            let surrogate = Surrogate::new(problem, start, tier, n);
                            let step = left.min(LNS_STEP * n.time());
                            let result = self.run(&self.fixing(start, n), surrogate.as_ref(), None, start, step);
                            (result, started.elapsed().as_secs_f64())
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| (Err(ResolutionError::Str("the re-solve panicked".into())), 0.0))
                    })
                    .collect()
            });
            let mut winner: Option<Roster> = None;
            let mut proven = false;
            for (neighbourhood, (result, seconds)) in tries.iter().zip(results) {
                let step = match result {
                    Ok(r) => {
                        let reached = progress(problem, &r.roster, tier);
                        let legal = crate::solve::illegal(problem, &r.roster).is_empty();
                        if legal && reached < best {
                            best = reached;
                            winner = Some(r.roster);
                            Step::Improved
                        } else {
                            // An equal roster moves the search elsewhere.
                            if legal && winner.is_none() && reached == best && r.roster != *incumbent {
                                winner = Some(r.roster);
                            }
                            if r.status == StageStatus::Optimal {
                                // Its optimum is the stage's optimum: nothing
                                // is better than what `best` now holds.
                                proven |= chooser.is_everything(neighbourhood)
                                    && tier_objective(tier)
                                    && reached.0 >= best.0 - 1e-9;
                                Step::Exhausted
                            } else {
                                Step::Stopped
                            }
                        }
                    }
                    Err(_) => Step::Stopped,
                };
                chooser.learn(neighbourhood, step);
                record(&mut tallies, neighbourhood, step, seconds);
            }
            let improved = best < before;
            if let Some(r) = winner {
                *incumbent = r;
            }
            if proven {
                return Searched { proven, tallies };
            }
            walks.after(self.model, incumbent, &mut best, improved, tier, deadline, bound, chooser.round() as u64);
            if best.0 < reported {
                reported = best.0;
                (self.report)(tier.key(), reported);
            }
        }
        Searched { proven: false, tallies }
    }

    /// [`Self::search_neighbourhoods`] with each core on its own instead
    /// of in rounds: a worker frees a neighbourhood of the incumbent as it
    /// is when the worker starts, and lays its answer onto the incumbent as
    /// it is when it ends, with what the other worker changed meanwhile
    /// ([`merged`]). Rounds in step left a core idle while the other's
    /// re-solve ran on: 20–23 % of the search's time on Curtois Instance13
    /// and 20. What a worker finds then depends on timing, as a re-solve
    /// stopped at its time limit already makes it; small rosters, whose
    /// re-solves end well within it, keep the rounds and their
    /// deterministic results.
    fn search_neighbourhoods_apart(
        &self,
        incumbent: &mut Roster,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        chooser: Chooser<'_>,
        plateau_helps: bool,
    ) -> Searched {
        let problem = self.model.problem;
        let parallel = crate::solve::cores();
        let reached = |p: &(f64, usize)| bound.is_some_and(|b| p.0 <= b + 1e-9);
        struct Shared<'p> {
            incumbent: Roster,
            best: (f64, usize),
            chooser: Chooser<'p>,
            walks: Walks,
            proven: bool,
            tallies: Vec<NeighbourhoodTally>,
            /// The value last reported.
            reported: f64,
        }
        let best = progress(problem, incumbent, tier);
        let shared = std::sync::Mutex::new(Shared {
            best,
            reported: best.0,
            incumbent: incumbent.clone(),
            chooser,
            // Counted in re-solves, not rounds of `parallel`.
            walks: Walks { plateau_helps, stalled: 0, patience: PLATEAU_AGAIN_AFTER * parallel },
            proven: false,
            tallies: Vec::new(),
        });
        let work = || loop {
            let (neighbourhood, start, from, step) = {
                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
                if s.proven || reached(&s.best) || left < 0.01 {
                    return;
                }
                let start = s.incumbent.clone();
                let neighbourhood = s.chooser.next(&start);
                let step = left.min(LNS_STEP * neighbourhood.time());
                (neighbourhood, start, s.best, step)
            };
            let started = Instant::now();
            let surrogate = Surrogate::new(problem, &start, tier, &neighbourhood);
            let result = self.run(&self.fixing(&start, &neighbourhood), surrogate.as_ref(), None, &start, step);
            let seconds = started.elapsed().as_secs_f64();
            // Checked before the lock: the other worker need not wait.
            let result = result.map(|r| {
                let reached = progress(problem, &r.roster, tier);
                let legal = crate::solve::illegal(problem, &r.roster).is_empty();
                (r, reached, legal)
            });
            let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
            let before = s.best;
            let step = match result {
                Ok((r, reached, legal)) => {
                    // Onto the incumbent as it is now; the answer as it is
                    // where the two changed the same places.
                    let rebased = if s.incumbent == start {
                        None
                    } else {
                        rebased(problem, &start, &r.roster, &s.incumbent, tier)
                            .filter(|(value, _)| *value <= reached && *value <= s.best)
                    };
                    let answer = rebased.or_else(|| legal.then_some((reached, r.roster)));
                    if let Some((value, roster)) = answer {
                        // An equal roster moves the search elsewhere.
                        if value < s.best || (value == s.best && roster != s.incumbent) {
                            s.best = value;
                            s.incumbent = roster;
                        }
                    }
                    if legal && reached < from {
                        Step::Improved
                    } else if r.status == StageStatus::Optimal {
                        // Its optimum is the stage's optimum: nothing is
                        // better than what `best` now holds.
                        s.proven |= s.chooser.is_everything(&neighbourhood)
                            && tier_objective(tier)
                            && reached.0 >= s.best.0 - 1e-9;
                        Step::Exhausted
                    } else {
                        Step::Stopped
                    }
                }
                Err(_) => Step::Stopped,
            };
            s.chooser.learn(&neighbourhood, step);
            record(&mut s.tallies, &neighbourhood, step, seconds);
            let improved = s.best < before;
            let seed = s.chooser.round() as u64;
            let Shared { incumbent, best, walks, reported, .. } = &mut *s;
            walks.after(self.model, incumbent, best, improved, tier, deadline, bound, seed);
            if best.0 < *reported {
                *reported = best.0;
                (self.report)(tier.key(), best.0);
            }
        };
        std::thread::scope(|scope| {
            for _ in 0..parallel {
                // A re-solve that panics ends its worker only, as a round's
                // does its neighbourhood; the other keeps searching.
                scope.spawn(move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_ok());
            }
        });
        let s = shared.into_inner().unwrap_or_else(|e| e.into_inner());
        *incumbent = s.incumbent;
        Searched { proven: s.proven, tallies: s.tallies }
    }
}

/// A re-solve's answer from `start` laid onto `incumbent`, which the other
/// worker moved meanwhile ([`merged`]), with its progress; None where the
/// two changed the same places, or where the merge breaks a hard rule or
/// costs more than `incumbent` in a tier before `tier`. Each change kept
/// the earlier tiers on its own (the stage's rows hold them), but not
/// always both together: two answers that each took one of a person's
/// shifts away left Curtois Instance17 (30 s) with five minimums broken
/// in some runs, after which every re-solve, pinned to that roster, was
/// infeasible, and the search ended at 11 100–12 800 against 6 600–7 500.
fn rebased(
    problem: &Problem,
    start: &Roster,
    answer: &Roster,
    incumbent: &Roster,
    tier: Tier,
) -> Option<((f64, usize), Roster)> {
    let both = merged(start, answer, incumbent)?;
    if !crate::solve::illegal(problem, &both).is_empty() {
        return None;
    }
    let (now, before) = (rules::costs(problem, &both), rules::costs(problem, incumbent));
    if Tier::ALL.into_iter().take_while(|&t| t < tier).any(|t| now.get(t) > before.get(t) + 1e-6) {
        return None;
    }
    Some((progress_with(problem, &both, tier, &now), both))
}

/// How far a roster has come in a stage, smaller is better: the tier's
/// value and, for the fairness tiers, how many people sit at the extreme
/// burdens (fewer there is progress towards a lower value, which a
/// neighbourhood that cannot free them all can only make step by step).
/// Compared as a pair; the value is exact (whole burden units or whole
/// prices), so equality is meaningful.
fn progress(problem: &Problem, roster: &Roster, tier: Tier) -> (f64, usize) {
    progress_with(problem, roster, tier, &rules::costs(problem, roster))
}

/// [`progress`] from the roster's costs, where the caller has them already.
fn progress_with(problem: &Problem, roster: &Roster, tier: Tier, costs: &rules::Costs) -> (f64, usize) {
    let value = (costs.get(tier) * 1e6).round() / 1e6;
    let crowd = match tier {
        Tier::MaxBurden | Tier::Spread => {
            let loads: Vec<i64> = rules::fairness::could_serve(problem)
                .into_iter()
                .map(|p| rules::fairness::burden_units(problem, roster, p))
                .collect();
            let max = loads.iter().copied().max().unwrap_or(0);
            let min = loads.iter().copied().min().unwrap_or(0);
            let at_max = loads.iter().filter(|&&l| l == max).count();
            let at_min = loads.iter().filter(|&&l| l == min).count();
            if tier == Tier::MaxBurden {
                at_max
            } else {
                at_max + at_min
            }
        }
        _ => 0,
    };
    (value, crowd)
}

/// Whether a neighbourhood re-solve minimises the tier's own objective (not
/// a [`Surrogate`]), so that its optimum over the whole roster proves the
/// stage.
fn tier_objective(tier: Tier) -> bool {
    !matches!(tier, Tier::MaxBurden | Tier::Spread)
}

/// The objective of a fairness stage's re-solve. The tier's own objective
/// (the largest burden, or largest minus smallest) only moves when every
/// person at the extreme is freed at once, and gives the MILP no gradient
/// towards it; this one keeps every freed person's burden within the
/// current extremes and minimises the units they sit above (largest − 1)
/// and below (smallest + 1): the people at the extremes leave them one by
/// one.
pub(super) struct Surrogate {
    people: Vec<usize>,
    largest: i64,
    /// Kept for the spread tier only.
    smallest: Option<i64>,
}

impl Surrogate {
    pub(super) fn new(
        problem: &Problem,
        roster: &Roster,
        tier: Tier,
        neighbourhood: &Neighbourhood,
    ) -> Option<Surrogate> {
        if !matches!(tier, Tier::MaxBurden | Tier::Spread) {
            return None;
        }
        let serving = rules::fairness::could_serve(problem);
        let loads: Vec<i64> = serving.iter().map(|&p| rules::fairness::burden_units(problem, roster, p)).collect();
        let people = match neighbourhood {
            Neighbourhood::People(people) => people.iter().copied().filter(|p| serving.contains(p)).collect(),
            Neighbourhood::Days(_) | Neighbourhood::LongWindow(_) => serving.clone(),
        };
        Some(Surrogate {
            people,
            largest: loads.iter().copied().max()?,
            smallest: (tier == Tier::Spread).then(|| loads.iter().copied().min()).flatten(),
        })
    }

    /// Adds the surrogate's variables and rows; returns its objective.
    pub(super) fn objective(
        &self,
        model: &MilpModel<'_>,
        vars: &mut ProblemVariables,
        rows: &mut Vec<good_lp::Constraint>,
    ) -> Expression {
        let mut objective = Expression::from(0.0);
        for &p in &self.people {
            let load = rules::fairness::load_units(model, p);
            rows.push(load.clone().leq(self.largest as f64));
            let above = vars.add(variable().min(0));
            rows.push((load.clone() - above).leq((self.largest - 1) as f64));
            objective += above;
            if let Some(smallest) = self.smallest {
                rows.push(load.clone().geq(smallest as f64));
                let below = vars.add(variable().min(0));
                rows.push((load + below).geq((smallest + 1) as f64));
                objective += below;
            }
        }
        objective
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::solve::milp::testing::{check_reports, on_the_week_cover_stage, reported};
    use crate::solve::Backend;

    /// Each re-solve counts under its kind, kinds in the order first tried,
    /// with its gain or stop and its time.
    #[test]
    fn a_re_solve_is_tallied_under_its_kind() {
        let mut tallies = Vec::new();
        record(&mut tallies, &Neighbourhood::Days(vec![0, 1]), Step::Improved, 0.5);
        record(&mut tallies, &Neighbourhood::People(vec![3]), Step::Stopped, 0.4);
        record(&mut tallies, &Neighbourhood::Days(vec![4]), Step::Exhausted, 0.25);
        record(&mut tallies, &Neighbourhood::LongWindow(vec![1, 2, 3]), Step::Exhausted, 1.0);
        let tally =
            |kind, re_solves, gains, stopped, seconds| NeighbourhoodTally { kind, re_solves, gains, stopped, seconds };
        assert_eq!(
            tallies,
            [tally("days", 2, 1, 0, 0.75), tally("people", 1, 0, 1, 0.4), tally("long_window", 1, 0, 0, 1.0)]
        );
    }

    /// Two answers that each take one of a person's shifts keep her
    /// minimum on their own, not together: their merge is refused. With a
    /// minimum one shift lower, the same merge is taken.
    #[test]
    fn a_merge_that_breaks_an_earlier_tier_is_refused() {
        let text = include_str!("../../../rosters/tet-2026-so-khcn.toml");
        let mut problem = crate::input::parse_str(text, "tet-2026-so-khcn.toml").expect("bundled roster");
        let start = crate::solve::construct(&problem).roster;
        let broken = |problem: &Problem, r: &Roster| rules::costs(problem, r).get(Tier::Broken);
        let without = |person: usize, slots: &[usize]| {
            let mut r = start.clone();
            for &slot in slots {
                r.unassign(person, slot);
            }
            r
        };
        // Someone two of whose shifts can go without breaking anything else.
        let (person, a, b) = (0..problem.staff.len())
            .flat_map(|p| start.slots_of(p).windows(2).map(|w| (p, w[0], w[1])).collect::<Vec<_>>())
            .find(|&(p, a, b)| broken(&problem, &without(p, &[a, b])) == broken(&problem, &start))
            .expect("two shifts free to go");
        let (theirs, ours) = (without(person, &[a]), without(person, &[b]));
        let held = start.slots_of(person).len() as u32;
        problem.staff[person].rules.min_shifts = Some(held - 1);
        assert_eq!(broken(&problem, &ours), broken(&problem, &start), "one shift off keeps the minimum");
        // In the stage after the minimums' (the unfilled places'), whose
        // rows hold the broken minimums at their value.
        assert!(rebased(&problem, &start, &theirs, &ours, Tier::Unfilled).is_none(), "two off break it");
        problem.staff[person].rules.min_shifts = Some(held - 2);
        let (_, both) = rebased(&problem, &start, &theirs, &ours, Tier::Unfilled).expect("the minimum is kept");
        assert_eq!(both, without(person, &[a, b]));
    }

    /// What a search tallies adds up: every re-solve under one known kind,
    /// gains and stops among them, their time within what the cores had,
    /// a gain only where the roster improved, and a proof only after a
    /// re-solve proven optimal.
    fn check_tallies(searched: &Searched, wall: f64, improved: bool) {
        let tallies = &searched.tallies;
        assert!(tallies.iter().map(|t| t.re_solves).sum::<usize>() >= 1, "{tallies:?}");
        for (i, t) in tallies.iter().enumerate() {
            assert!(["people", "days", "long_window"].contains(&t.kind), "{t:?}");
            assert!(tallies[..i].iter().all(|u| u.kind != t.kind), "one entry a kind: {tallies:?}");
            assert!(t.re_solves >= 1 && t.gains + t.stopped <= t.re_solves, "{t:?}");
            assert!(t.seconds >= 0.0);
        }
        let seconds: f64 = tallies.iter().map(|t| t.seconds).sum();
        assert!(seconds <= wall * crate::solve::cores() as f64 + 1e-3, "{seconds} s in re-solves, {wall} s wall");
        let gains: usize = tallies.iter().map(|t| t.gains).sum();
        assert!(gains == 0 || improved, "{gains} gains, and no better roster");
        // Proven by a re-solve of everything that ended optimal.
        assert!(!searched.proven || tallies.iter().any(|t| t.re_solves > t.gains + t.stopped), "{tallies:?}");
    }

    /// The neighbourhood search in rounds (microlp's way), on the
    /// Curtois-format week: it keeps the rules, reports each better roster
    /// and tallies its re-solves.
    #[test]
    fn neighbourhoods_re_solved_in_rounds_keep_the_rules_are_reported_and_tallied() {
        on_the_week_cover_stage(Backend::Microlp, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let mut roster = start.clone();
            let started = Instant::now();
            let until = started + Duration::from_secs(2);
            let (searched, reports) =
                reported(stage, |stage| stage.search_neighbourhoods(&mut roster, tier, until, None, false, None));
            let wall = started.elapsed().as_secs_f64();
            assert!(crate::solve::illegal(problem, &roster).is_empty());
            let improved = cost(&roster).compare_up_to(&cost(start), tier).is_lt();
            assert!(improved || cost(&roster).get(tier) == cost(start).get(tier));
            check_tallies(&searched, wall, improved);
            check_reports(&reports, cost(start).get(tier), cost(&roster).get(tier));
        });
    }

    /// The neighbourhood search with each core on its own, on the
    /// Curtois-format week: what it keeps breaks no rule and gains on the
    /// start, each better roster reported and the re-solves tallied; given
    /// the week's optimum as the bound, it ends there.
    #[cfg(feature = "highs")]
    #[test]
    fn neighbourhoods_re_solved_apart_keep_the_rules_and_only_gain() {
        on_the_week_cover_stage(Backend::Highs, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let mut roster = start.clone();
            let started = Instant::now();
            let until = started + Duration::from_secs(3);
            let chooser = Chooser::new(stage.model, tier);
            let (searched, reports) = reported(stage, |stage| {
                stage.search_neighbourhoods_apart(&mut roster, tier, until, None, chooser, false)
            });
            let wall = started.elapsed().as_secs_f64();
            assert!(crate::solve::illegal(problem, &roster).is_empty());
            assert!(cost(&roster).compare_up_to(&cost(start), tier).is_lt());
            check_tallies(&searched, wall, true);
            check_reports(&reports, cost(start).get(tier), cost(&roster).get(tier));
            let optimum = stage.run(&Default::default(), None, None, start, 20.0).expect("HiGHS solves the week");
            assert_eq!(optimum.status, StageStatus::Optimal);
            let best = cost(&optimum.roster).get(tier);
            let mut roster = start.clone();
            let until = Instant::now() + Duration::from_secs(60);
            let chooser = Chooser::new(stage.model, tier);
            stage.search_neighbourhoods_apart(&mut roster, tier, until, Some(best), chooser, false);
            assert!(crate::solve::illegal(problem, &roster).is_empty());
            assert!(cost(&roster).get(tier) <= best + 1e-9, "{} against {best}", cost(&roster).get(tier));
        });
    }
}
