//! A stage's whole-schedule searches: the walks over whole schedules with
//! re-solves over the schedules they meet ([`StageModel::search_whole_schedules`]),
//! HiGHS's whole model with a search beside it ([`StageModel::whole_with`]),
//! and the stage's heaviest terms minimised alone first.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use good_lp::{Expression, ResolutionError};

use super::bounds::granularity;
use super::lns::{Surrogate, LNS_STEP};
use super::policy::{prices_columns, re_solves_beside_walks, Beside, TWIN_SEED};
use super::stage::StageModel;
use super::{better_proof, improves_on, StageResult};
use crate::roster::Roster;
use crate::rules::{self, Tier};
use crate::solve::neighbourhood::{Chooser, Step};
use crate::solve::tandem::Exchange;
use crate::solve::{Backend, StageStatus};

/// Rounds of walks, each followed by a re-solve over the schedules they
/// met, that the whole-schedule search's time is cut into: one walk on
/// Curtois Instance8 runs for over 25 s, and its schedules are worth
/// choosing from long before it ends.
const ROUNDS: f64 = 8.0;

/// The longest slice of the whole-schedule search beside HiGHS
/// ([`crate::solve::tandem`]): the two trade rosters between slices, and HiGHS
/// prunes with the walks' best. On Curtois Instance7 (HiGHS at 60 s) the
/// slices of a fixed share (7 s) gave 1301–1323, 4 s 1323, 3 s 1261, 2 s
/// 1157–1163, 1 s 1262; Instance10 at 2 s: 4676–5026.
const TANDEM_SLICE: Duration = Duration::from_secs(2);

/// Rounds in a row that found nothing better after which the whole-schedule
/// search stops: a stage whose bound the walks cannot reach (an LP bound
/// below the optimum) goes on to the exact re-solves.
const FRUITLESS_ROUNDS: usize = 4;

/// Schedules per person in the first re-solve over the pool: it doubles
/// while the re-solves prove their optimum quickly and halves when they run
/// out of time (Curtois Instance3 needs 32 to reach its optimum; 64 already
/// takes microlp over 2 s on Instance5).
const POOL_FIRST: usize = 2;

impl StageModel<'_, '_> {
    /// The whole-schedule search ([`crate::solve::person`]) in [`ROUNDS`] slices
    /// of time, each followed (where [`prices_columns`]) by column
    /// generation over the schedules the walks met, for as long as the
    /// walks took, and by re-solves that pick the best mix of them and of
    /// the schedules the last master LP mixed ([`Pool`]), again for as long
    /// as the walks took, and beside HiGHS on a model of up to
    /// [`WALKS_BESIDE_UP_TO`] assignments by re-solves of neighbourhoods of
    /// the best roster ([`Self::descend_by_neighbourhoods`]), once more for
    /// as long as the walks took;
    /// until the deadline, the bound, or [`FRUITLESS_ROUNDS`] rounds in a
    /// row that found nothing better. A re-solve's optimum is the best
    /// over the pool only, so its bound is no bound on the stage. Each
    /// round that ends with a better roster reports it
    /// ([`StageModel::report`]).
    ///
    /// [`Pool`]: crate::solve::pool::Pool
    /// [`WALKS_BESIDE_UP_TO`]: super::policy::WALKS_BESIDE_UP_TO
    pub(super) fn search_whole_schedules(
        &self,
        incumbent: &mut Roster,
        tier: Tier,
        deadline: Instant,
        bound: Option<f64>,
        seed: u64,
    ) {
        let problem = self.model.problem;
        let at_bound = |r: &Roster| bound.is_some_and(|b| rules::costs(problem, r).get(tier) <= b + 1e-9);
        let Some(mut search) = crate::solve::person::Search::new(self.model, tier, deadline, bound, seed) else {
            return;
        };
        if let Some(exchange) = self.exchange {
            search = search.alongside(exchange.halt_flag());
        }
        let halted = || self.exchange.is_some_and(|e| e.halted());
        // The exchange's version this side last saw.
        let mut seen = 0;
        // Every walk starts from the stage's start, not from the best so
        // far: walks from one roster settle close to it, and the pool
        // needs schedules from many different local optima. Beside
        // HiGHS, a roster of HiGHS's better than the walks' best becomes
        // the start (see below).
        let mut start = incumbent.clone();
        let mut slice = deadline.saturating_duration_since(Instant::now()).div_f64(ROUNDS);
        if self.exchange.is_some() {
            slice = slice.min(TANDEM_SLICE);
        }
        let mut most = POOL_FIRST;
        let mut fruitless = 0;
        // Beside HiGHS, the walks' core has nothing else to do: they go on
        // however long they find nothing.
        let tireless = self.exchange.is_some();
        // Column generation where [`prices_columns`] says, until a master
        // LP is not solved within its time (Curtois Instance13 with HiGHS:
        // 260 000 rows, a second or more each).
        let mut pricing = prices_columns(self.backend, self.x.len());
        let mut reported = rules::costs(problem, incumbent).get(tier);
        // Beside HiGHS, re-solves of neighbourhoods of the walks' best
        // follow each round ([`Self::descend_by_neighbourhoods`]).
        let mut chooser =
            self.exchange.filter(|_| re_solves_beside_walks(self.x.len())).map(|_| Chooser::new(self.model, tier));
        while (fruitless < FRUITLESS_ROUNDS || tireless)
            && Instant::now() < deadline
            && !at_bound(incumbent)
            && !halted()
        {
            let walked = Instant::now();
            let mut improved = search.walk(&start, incumbent, walked + slice);
            // HiGHS's best, beside: its schedules join the pool's.
            if let Some((version, roster)) = self.exchange.and_then(|e| e.newer_than(seen)) {
                seen = version;
                search.meet(&roster);
                if rules::costs(problem, &roster).compare_up_to(&rules::costs(problem, incumbent), tier).is_lt() {
                    // The walks start again from it: HiGHS's branch and
                    // bound finds rosters in regions the walks have not
                    // been to, and the local optima around one are new to
                    // the pool, where the walks from the stage's start
                    // only descend slowly towards it (Curtois Instance7,
                    // 60 s: 1162, 1287, 1165, 1165 against 1305, 1263,
                    // 1182, 1370 walking on from the start).
                    start = roster.clone();
                    search.restart();
                    *incumbent = roster;
                }
            }
            let seconds = walked.elapsed().min(deadline.saturating_duration_since(Instant::now())).as_secs_f64();
            // The master LP's mix of whole schedules: on Curtois Instance5
            // it comes to about 1143 (the best known) where the compact
            // relaxation says 15, and the schedules it mixes are what the
            // re-solves lacked.
            if pricing {
                let until = (Instant::now() + walked.elapsed()).min(deadline);
                pricing = self.generate_columns(&mut search, incumbent, until);
            }
            // Up to as long as the walks took, each re-solve with twice as
            // many schedules per person as the last while they are proven
            // quickly: a larger pool holds better mixes.
            let resolves_end = Instant::now() + Duration::from_secs_f64(seconds);
            let pool = &search.pool;
            while pool.choices() > 0 && !at_bound(incumbent) && !halted() && Instant::now() < resolves_end {
                let solved = Instant::now();
                let seconds = resolves_end.saturating_duration_since(solved).as_secs_f64();
                let result = self.run(&HashMap::new(), None, Some((pool, most)), incumbent, seconds);
                let quick = solved.elapsed().as_secs_f64() < seconds / 4.0;
                let Ok(r) = result else {
                    most = (most / 2).max(1);
                    break;
                };
                if improves_on(problem, &r.roster, incumbent, tier) {
                    *incumbent = r.roster;
                    improved = true;
                }
                if r.status != StageStatus::Optimal {
                    most = (most / 2).max(1);
                    break;
                }
                if !quick || most >= pool.widest() {
                    break;
                }
                most *= 2;
            }
            if let Some(chooser) = chooser.as_mut() {
                let until = (Instant::now() + Duration::from_secs_f64(seconds)).min(deadline);
                improved |= self.descend_by_neighbourhoods(chooser, incumbent, tier, bound, until);
            }
            if improved {
                seen = self.exchange.and_then(|e| e.offer(incumbent)).unwrap_or(seen);
            }
            fruitless = if improved { 0 } else { fruitless + 1 };
            let value = rules::costs(problem, incumbent).get(tier);
            if value < reported {
                reported = value;
                (self.report)(tier.key(), value);
            }
        }
        if at_bound(incumbent) {
            if let Some(exchange) = self.exchange {
                exchange.offer(incumbent);
                exchange.halt();
            }
        }
    }

    /// Re-solves of neighbourhoods of `incumbent` ([`crate::solve::neighbourhood`]),
    /// one at a time on this core, until `until`, the bound, or the
    /// exchange's halt: each better legal roster becomes the incumbent.
    /// Whether any did.
    ///
    /// The walks' side of the whole model beside HiGHS runs them after each
    /// round's walks and pool re-solves, for as long as the walks took. On
    /// Curtois–Qu Instance7 (HiGHS, 60 s) the runs end either near 1064
    /// or near 1160, one under-covered weekend place apart, and what
    /// crosses from one to the other is a change over a week or more of
    /// everyone's days at once: HiGHS's own heuristics found it in about
    /// half the runs, and the walks, which move one person's schedule at a
    /// time, never. A traced run with the re-solves went from 1167 to 1089
    /// by a window of 11 days with everyone free. 60 s, runs interleaved,
    /// with / without: session 28, Instance7 at most 1080 in 6 runs of 8
    /// (1062–1172, median 1070) against 3 of 8 (1062–1170, median 1159),
    /// and in 6 of 15 more runs that day (1059–1191),
    /// Instance6 at most 1958 in 4 of 6 (1950–2045, once at the best known
    /// 1950) against 2 of 6 (1951–2047); session 26, Instance7 at most
    /// 1082 in 11 runs of 17 against 8 of 19. On Instance5 they cost more
    /// than they brought (session 27: at most 1160 in 2 runs of 8 against
    /// 6), but there a second whole model takes this core ([`Beside`]).
    fn descend_by_neighbourhoods(
        &self,
        chooser: &mut Chooser<'_>,
        incumbent: &mut Roster,
        tier: Tier,
        bound: Option<f64>,
        until: Instant,
    ) -> bool {
        let problem = self.model.problem;
        let at_bound = |r: &Roster| bound.is_some_and(|b| rules::costs(problem, r).get(tier) <= b + 1e-9);
        let halted = || self.exchange.is_some_and(|e| e.halted());
        let mut improved = false;
        while !at_bound(incumbent) && !halted() {
            let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < 0.01 {
                break;
            }
            let neighbourhood = chooser.next(incumbent);
            let surrogate = Surrogate::new(problem, incumbent, tier, &neighbourhood);
            let fixed = self.fixing(incumbent, &neighbourhood);
            let step = match self.run(&fixed, surrogate.as_ref(), None, incumbent, left.min(LNS_STEP)) {
                Ok(r) if improves_on(problem, &r.roster, incumbent, tier) => {
                    *incumbent = r.roster;
                    improved = true;
                    Step::Improved
                }
                Ok(r) if r.status == StageStatus::Optimal => Step::Exhausted,
                _ => Step::Stopped,
            };
            chooser.learn(&neighbourhood, step);
        }
        improved
    }

    /// The stage's roster with the least of `heaviest` (its heaviest terms
    /// alone, [`heaviest_terms`]) that the whole model finds within
    /// `seconds`, from `start`, which must keep the symmetry rows; the
    /// earlier tiers' rows hold as in every re-solve. None when it finds
    /// none. The caller keeps it only through [`improves_on`], which also
    /// checks every rule.
    ///
    /// [`heaviest_terms`]: super::bounds::heaviest_terms
    pub(super) fn minimise_heaviest(&self, heaviest: &Expression, start: &Roster, seconds: f64) -> Option<Roster> {
        let first =
            StageModel { objective: heaviest, constant: 0.0, step: granularity(&self.model.vars, heaviest), ..*self };
        Some(first.run(&HashMap::new(), None, None, start, seconds).ok()?.roster)
    }

    /// Column generation over the walks' pool ([`crate::solve::pricing`]) until
    /// `until`, or until no schedule would lower the master LP; the
    /// schedules the last master mixed are the re-solves' to choose.
    /// False when not even the first master LP was solved in time.
    fn generate_columns(&self, search: &mut crate::solve::person::Search, incumbent: &Roster, until: Instant) -> bool {
        let halted = || self.exchange.is_some_and(|e| e.halted());
        let (model, bounds, objective, pool) = (self.model, self.bounds, self.objective, &search.pool);
        match self.backend {
            Backend::Microlp => {
                let mut master =
                    crate::solve::pricing::dual::DualMaster::new(model, bounds, objective, pool, incumbent);
                crate::solve::pricing::generate(&mut master, search, incumbent, until, &halted)
            }
            #[cfg(feature = "highs")]
            Backend::Highs => {
                let Ok(mut master) =
                    crate::solve::pricing::highs::HighsMaster::new(model, bounds, objective, pool, incumbent)
                else {
                    return false;
                };
                crate::solve::pricing::generate(&mut master, search, incumbent, until, &halted)
            }
            #[cfg(not(feature = "highs"))]
            Backend::Highs => false,
        }
    }

    /// The whole model, by HiGHS on one core, and beside it on the other
    /// ([`crate::solve::tandem`]) the whole-schedule search or a second whole
    /// model ([`Beside`]), for at most `seconds`: HiGHS's result (of two
    /// whole models, the better proof), and the best roster the other side
    /// holds at the end.
    pub(super) fn whole_with(
        &self,
        beside: Beside,
        incumbent: &Roster,
        tier: Tier,
        bound: Option<f64>,
        seconds: f64,
        seed: u64,
    ) -> (Result<StageResult, ResolutionError>, Roster) {
        let exchange = Exchange::new(self.model.problem, tier);
        exchange.offer(incumbent);
        let tandem = StageModel { threads: 1, exchange: Some(&exchange), ..*self };
        let twin = StageModel { highs_seed: TWIN_SEED, ..tandem };
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let whole_model = |stage: StageModel| {
            let result = stage.run(&HashMap::new(), None, None, incumbent, seconds);
            // The first to end (proven, or out of time) ends the other.
            exchange.halt();
            result
        };
        let mut walked = incumbent.clone();
        // Both on threads of their own: HiGHS sets its thread count once
        // per thread, and this one's is two.
        let (result, beside) = std::thread::scope(|scope| {
            let beside = scope.spawn(|| match beside {
                Beside::Twin => Some(whole_model(twin)),
                Beside::Walks => {
                    tandem.search_whole_schedules(&mut walked, tier, deadline, bound, seed);
                    None
                }
            });
            let whole = scope.spawn(|| whole_model(tandem));
            let result = whole.join().unwrap_or_else(|_| Err(ResolutionError::Str("the whole model panicked".into())));
            // A side that panicked loses only what it found.
            (result, beside.join().ok().flatten())
        });
        match beside {
            Some(Ok(other)) => {
                let walked = other.roster.clone();
                let result = match result {
                    Ok(first) => better_proof(first, other),
                    Err(_) => other,
                };
                (Ok(result), walked)
            }
            _ => (result, walked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::milp::bounds::heaviest_terms;
    use crate::solve::milp::testing::{check_reports, on_the_week_cover_stage, reported};

    /// The whole-schedule search on the Curtois-format week: it keeps the
    /// rules, gains on the construction's roster and reports each better
    /// roster it keeps.
    #[test]
    fn the_whole_schedule_search_keeps_the_rules_and_reports_each_gain() {
        on_the_week_cover_stage(Backend::Microlp, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r).get(tier);
            let mut roster = start.clone();
            let until = Instant::now() + Duration::from_secs(2);
            let ((), reports) =
                reported(stage, |stage| stage.search_whole_schedules(&mut roster, tier, until, None, 7));
            assert!(crate::solve::illegal(problem, &roster).is_empty());
            assert!(cost(&roster) < cost(start), "{} against {}", cost(&roster), cost(start));
            check_reports(&reports, cost(start), cost(&roster));
        });
    }

    /// The re-solves of neighbourhoods one at a time that follow each
    /// round of the walks beside HiGHS: from the construction's roster of
    /// the Curtois-format week they find a better one, which keeps every
    /// rule; from the whole model's optimum they find nothing.
    #[test]
    fn neighbourhoods_re_solved_one_at_a_time_keep_the_rules_and_only_gain() {
        on_the_week_cover_stage(Backend::Microlp, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let mut chooser = Chooser::new(stage.model, tier);
            let mut roster = start.clone();
            let until = Instant::now() + Duration::from_secs(3);
            assert!(stage.descend_by_neighbourhoods(&mut chooser, &mut roster, tier, None, until));
            assert!(crate::solve::illegal(problem, &roster).is_empty());
            assert!(cost(&roster).compare_up_to(&cost(start), tier).is_lt());
            // The whole model's optimum: no neighbourhood betters it.
            let optimum = stage.run(&HashMap::new(), None, None, &roster, 60.0).expect("the week solves");
            assert_eq!(optimum.status, StageStatus::Optimal);
            let mut at_optimum = optimum.roster.clone();
            let until = Instant::now() + Duration::from_millis(300);
            assert!(!stage.descend_by_neighbourhoods(&mut chooser, &mut at_optimum, tier, None, until));
            assert_eq!(at_optimum, optimum.roster);
        });
    }

    /// HiGHS's whole model with either search beside it ([`Beside`]:
    /// the walks, or a second whole model; [`crate::solve::tandem`]) on
    /// the Curtois-format week: what each side hands back keeps every rule
    /// and is no worse than the start, and the result is the week's
    /// optimum, proven, at least as good as the other side's roster.
    #[cfg(feature = "highs")]
    #[test]
    fn the_whole_model_with_either_search_beside_it_proves_the_week_and_keeps_the_rules() {
        on_the_week_cover_stage(Backend::Highs, |problem, stage, start| {
            let tier = Tier::SoftCover;
            let cost = |r: &Roster| rules::costs(problem, r);
            let alone = stage.run(&HashMap::new(), None, None, start, 20.0).expect("HiGHS solves the week");
            assert_eq!(alone.status, StageStatus::Optimal);
            for beside in [Beside::Walks, Beside::Twin] {
                let (result, other) = stage.whole_with(beside, start, tier, None, 20.0, 3);
                let result = result.expect("HiGHS solves the week");
                for roster in [&result.roster, &other] {
                    assert!(crate::solve::illegal(problem, roster).is_empty(), "{beside:?}");
                    assert!(cost(roster).compare_up_to(&cost(start), tier).is_le(), "{beside:?}");
                }
                assert_eq!(result.status, StageStatus::Optimal, "{beside:?}");
                assert!((cost(&result.roster).get(tier) - cost(&alone.roster).get(tier)).abs() < 1e-9, "{beside:?}");
                assert!(cost(&result.roster).get(tier) <= cost(&other).get(tier) + 1e-9, "{beside:?}");
            }
        });
    }

    /// Minimising the week's places short alone gives a legal roster with
    /// no more places short than the whole stage's optimum has, nor than
    /// the start.
    #[test]
    fn minimising_the_heaviest_terms_alone_leaves_the_fewest_places_short() {
        on_the_week_cover_stage(Backend::Microlp, |problem, stage, start| {
            let short = |r: &Roster| -> u32 {
                (0..problem.slots.len()).map(|s| problem.slots[s].need.saturating_sub(r.people(s).len() as u32)).sum()
            };
            let heaviest = heaviest_terms(stage.objective).expect("places short weigh 100");
            let first = stage.minimise_heaviest(&heaviest, start, 60.0).expect("the week solves");
            assert!(crate::solve::illegal(problem, &first).is_empty());
            let optimum = stage.run(&HashMap::new(), None, None, start, 60.0).expect("the week solves");
            assert_eq!(optimum.status, StageStatus::Optimal);
            assert!(short(&first) <= short(&optimum.roster), "{} > {}", short(&first), short(&optimum.roster));
            assert!(short(&first) <= short(start));
            assert!(short(start) > 0, "the start leaves places short, so the test could fail");
        });
    }
}
