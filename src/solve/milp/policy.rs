//! Which search runs where, and for how long: the bands, by backend and
//! number of assignments, that choose a stage's searches, what runs beside
//! HiGHS's whole model ([`Beside`]), and the share of a stage each search
//! may take. The comments give the measurements each choice rests on.

use crate::rules::Tier;
use crate::solve::Backend;

/// Share of a stage's time given to the large-neighbourhood search, by
/// backend and number of assignment variables. microlp gains from the
/// search at every size (Curtois Instance2 in 30 s: 2861 without, 1136
/// with) and its whole-model search rarely moves a roster the search has
/// stopped improving; on the largest models (gen-large) it finds nothing
/// within a stage, so all the time goes to the search. HiGHS solves models
/// up to a few thousand assignments whole better than the search helps
/// (NOC roster: 0.4 s without, 2.4 s with; Curtois Instance5–7 in 60 s,
/// the search guided by the relaxation: 1147–1239, 1952–2043 and
/// 1063–1355 without, 1246, 2249 and 1373 with), but on larger ones its
/// whole-model search barely moves from the start within a minute
/// (Instance8: 17320 without, 2060 with), nor from the search's roster
/// beside the walks (Instance8: 1846 to 1844 in the second half): there
/// the search, guided by the relaxation, takes the whole stage (Instance8
/// and 9: 1455–1548 and 447–458, against 1839–1940 and 481–560 with
/// half). So do the largest (Curtois Instance11–20), where a stage the
/// walks price (the cover tiers) gave the search half and the whole model
/// with the walks beside it the other half until session 31: 30 s, after
/// a quarter of the stage to the walks first ([`person_share`]), two runs
/// each, the whole stage to the search / half: Instance11 3681, 3566 /
/// 4113, 4112; 12 5644, 5814 / 6779, 7038; 13 6914, 5691 / 6571, 5670;
/// 17 7660, 7075 / 11234, 9835; 19 6341, 7074 / 18324, 14908; 20 50367,
/// 48794 / 97024 twice; and half the memory on Instance13 (530 MB / 1008 MB),
/// whose whole model HiGHS no longer builds. A stage the walks do not
/// price (the broken minimums, fairness, wishes) gave the search the
/// whole stage before: HiGHS's whole model of Curtois Instance20 (35 000
/// assignments) met every minimum in some runs and left 48–644 minutes
/// short in others (60 s), where the search, freeing the people short of
/// them, met them 19–25 s into every run; gen-large is still proven
/// (12 s).
pub(super) fn lns_share(backend: Backend, assignments: usize) -> f64 {
    match backend {
        Backend::Microlp if assignments > 5000 => 1.0,
        Backend::Microlp => 0.8,
        Backend::Highs if assignments > WALKS_BESIDE_UP_TO => 1.0,
        Backend::Highs => 0.0,
    }
}

/// With HiGHS, models up to this many assignments give each cover stage
/// to the whole model with another search beside it (a second whole
/// model up to [`TWIN_WHOLE_UP_TO`], the whole-schedule walks above);
/// larger ones give the stage to the neighbourhood search, after the
/// walks (see [`lns_share`] and [`person_share`]).
pub(super) const WALKS_BESIDE_UP_TO: usize = 2000;

/// What runs on the other core beside HiGHS's whole model of a cover
/// stage ([`StageModel::whole_with`]).
///
/// [`StageModel::whole_with`]: super::stage::StageModel::whole_with
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Beside {
    /// The whole-schedule search ([`crate::solve::person`]), which polishes what
    /// HiGHS finds and hands it its best.
    Walks,
    /// A second whole model with another random seed ([`TWIN_SEED`]); the
    /// two trade rosters as HiGHS and the walks do.
    Twin,
}

impl Beside {
    pub(super) fn for_model(assignments: usize) -> Beside {
        if assignments <= TWIN_WHOLE_UP_TO {
            Beside::Twin
        } else {
            Beside::Walks
        }
    }
}

/// Whether the walks beside HiGHS's whole model follow each round with
/// re-solves of neighbourhoods of their best
/// ([`StageModel::descend_by_neighbourhoods`]), by number of assignments:
/// up to [`WALKS_BESIDE_UP_TO`] (Curtois Instance6 and 7; smaller models
/// run a second whole model instead, [`Beside::Twin`]). Larger models
/// give their cover stages to the neighbourhood search ([`lns_share`]).
///
/// [`StageModel::descend_by_neighbourhoods`]: super::stage::StageModel::descend_by_neighbourhoods
pub(super) fn re_solves_beside_walks(assignments: usize) -> bool {
    assignments <= WALKS_BESIDE_UP_TO
}

/// Whether, with HiGHS, a cover stage first minimises its heaviest terms
/// alone ([`heaviest_terms`], [`StageModel::minimise_heaviest`]), by
/// number of assignments: where the walks run beside the whole model
/// ([`Beside::Walks`], up to [`WALKS_BESIDE_UP_TO`]; Curtois Instance6
/// and 7).
///
/// Curtois Instance7's runs end near 1064 or near 1160: 10 places short
/// or 11, every one of them on a weekend, and what crosses from 11 to 10
/// changes weeks of most people's schedules at once (see
/// [`StageModel::descend_by_neighbourhoods`]). With only the places short
/// to minimise (the 1–3 of the wishes and the 1 of a place over left
/// out), HiGHS proves 10 the least within 13.5–16 s, and the
/// whole model and the walks, started from that roster (1192–1233), keep
/// its 10 and bring the rest down. Session 29, 60 s, runs interleaved,
/// with / without: Instance7 1099, 1063, 1068, 1068, 1063, 1072 against
/// 1175, 1188, 1160, 1270, 1176, 1182; Instance6 1952, 2044, 1956, 2046
/// against 1952, 2043, 1974, 1950. As committed, eight runs: Instance7
/// 1060–1081 in seven, 1169 in one (CP-SAT, 2 workers, that day: 1091);
/// Instance6 1959, 1960, 2042, 2046.
/// On Instance4 and 5 (a second whole model beside, [`Beside::Twin`])
/// the two whole models already reach the least places short, and on
/// Instance8–10 (above the band) HiGHS does not come near it within
/// half a minute (Instance8: 28 places short found, at least 12).
///
/// [`heaviest_terms`]: super::bounds::heaviest_terms
/// [`StageModel::minimise_heaviest`]: super::stage::StageModel::minimise_heaviest
/// [`StageModel::descend_by_neighbourhoods`]: super::stage::StageModel::descend_by_neighbourhoods
pub(super) fn heaviest_first(assignments: usize) -> bool {
    Beside::for_model(assignments) == Beside::Walks && assignments <= WALKS_BESIDE_UP_TO
}

/// Share of a stage given to minimising its heaviest terms alone
/// ([`heaviest_first`]); it ends sooner when proven.
pub(super) const HEAVIEST_FIRST_SHARE: f64 = 0.3;

/// With HiGHS, models up to this many assignments run a second whole
/// model beside the first in place of the walks ([`Beside::Twin`]).
///
/// On Curtois–Qu Instance5 and 7 the runs end on one side of a gap: near
/// 1150 or 1238 (Instance5), near 1064 or 1160 (Instance7), the second of
/// each leaving one more weekend place short. Only a change to more than
/// three weeks of more than half the staff crosses it (session 27: from
/// Instance5's 1238–1244, every pair and triple of people, windows of up
/// to 21 days with everyone free, and random halves of the staff, each
/// re-solved exactly, found nothing near it), and in every traced run the
/// crossing came from HiGHS's whole model, its sub-MIPs or its restart,
/// never from the walks. Whether one run of HiGHS crosses depends on the
/// path its search takes; two runs with different seeds take two. On
/// larger models the walks beside do better. 60 s, session 27, two whole
/// models / the walks beside (every run in
/// `bench-results/highs-60s-curtois4-7-variants-session27.txt`):
/// Instance4 (468 assignments) 1716 three times / the same;
/// Instance5 (676) 1145–1150 in eleven runs of eleven / at most 1160 in 10
/// of 21, 1235–1240 in the others; Instance6 (1040) 2042 three times /
/// 2055, 1952, 1960 (session 26); Instance7 (1248) 1160 four times and
/// 1256 / 1059–1176, below 1080 in two of eight.
pub(super) const TWIN_WHOLE_UP_TO: usize = 850;

/// HiGHS's `random_seed` for the second whole model (its default is 0).
pub(super) const TWIN_SEED: i32 = 1;

/// Models above this many assignments solve their relaxation in blocks
/// ([`crate::solve::blocks`]): microlp does not solve gen-large's (22 000) whole
/// within a stage's share.
pub(super) const RELAXATION_IN_BLOCKS_ABOVE: usize = 5000;

/// Whether a model above [`RELAXATION_IN_BLOCKS_ABOVE`] assignments that
/// does not split into blocks has its relaxation solved whole: with HiGHS,
/// for the fairness tiers, where the bound may close the stage, and for
/// the soft cover up to [`WHOLE_COVER_RELAXATION_UP_TO`] assignments.
///
/// The soft cover's relaxation was left out until session 45: it said 3
/// to 1 203 against best known values of 1 348 to 4 769 on Curtois–Qu
/// Instance11–20 before the worked-day rows (session 43) and the
/// whole-slot rows (session 44), and HiGHS's simplex took 4 s (Instance11)
/// to more than the share of a 30 s run. With those rows and the interior
/// point method ([`interior_point_relaxation`]) it is a bound worth
/// printing, solved in 1.6–7.4 s (session 45, 120 s runs, the share then
/// about 23 s): Instance11 3418 (best known 3443), 12 3632 (4040), 15 3742
/// (3829 proven), 17 5707 (5746), 19 2691 (3149), where the bound printed
/// was 0. Instance13 (39 936 assignments) and 20 (35 260) do not finish
/// within the share by either method.
pub(super) fn whole_relaxation_above_blocks(backend: Backend, tier: Tier, assignments: usize) -> bool {
    backend == Backend::Highs
        && match tier {
            Tier::MaxBurden | Tier::Spread => true,
            Tier::SoftCover => assignments <= WHOLE_COVER_RELAXATION_UP_TO,
            _ => false,
        }
}

/// The largest model whose soft cover's relaxation HiGHS solves whole
/// above [`RELAXATION_IN_BLOCKS_ABOVE`]: between Curtois–Qu Instance12
/// (10 452 assignments, 5.0 s) and Instance20 (35 260, not within 23 s);
/// see [`whole_relaxation_above_blocks`].
pub(super) const WHOLE_COVER_RELAXATION_UP_TO: usize = 20_000;

/// Whether HiGHS solves a model's whole relaxation by the interior point
/// method (IPX, with crossover to a vertex) rather than its default dual
/// simplex: above [`RELAXATION_IN_BLOCKS_ABOVE`] assignments. Curtois–Qu
/// soft cover (session 45, seconds, simplex / interior point): Instance11
/// 3.9 / 1.6, 12 20.5 / 5.0, 15 18.2 / 5.4, 17 9.0 / 2.1, 19 more than
/// 23.7 / 7.4. Below it the two are closer and simplex's vertex is the one
/// the search was measured with: Instance5–9 0.1–1.4 / 0.2–0.9, Instance10
/// 2.3 / 1.0, 14, 16 and 18 2.2, 1.3, 4.8 / 1.9, 0.5, 1.6; and the broken
/// minimums' relaxation (easy, bound 0) goes the other way: Instance12, 14,
/// 15, 19 0.1–0.5 / 1.0–2.4.
pub(super) fn interior_point_relaxation(assignments: usize) -> bool {
    assignments > RELAXATION_IN_BLOCKS_ABOVE
}

/// Models up to this many assignments try the column bound on the spread
/// ([`crate::solve::columns`]); beyond it, listing schedules is hopeless.
pub(super) const COLUMNS_UP_TO: usize = 2000;

/// Share of what is left of a stage the column bound may take.
pub(super) const COLUMNS_SHARE: f64 = 0.5;

/// Whether the plateau search runs before the LP relaxation, where there
/// is a floor to aim at: on models up to [`PLATEAU_FIRST_UP_TO`]
/// assignments, and on the spread at every size, where the column bound
/// may then prove the plateau's roster without the relaxation.
pub(super) fn plateau_goes_first(tier: Tier, assignments: usize) -> bool {
    assignments <= PLATEAU_FIRST_UP_TO || tier == Tier::Spread
}

/// Whether the whole-schedule search runs column generation
/// ([`crate::solve::pricing`]) between its walks, by backend and number of
/// assignments.
///
/// HiGHS: only above [`RELAXATION_IN_BLOCKS_ABOVE`]. Below it, the time it
/// takes from the walks' core (a third of it) costs more than its
/// schedules bring: the same day, 60 s, Curtois Instance7 ended at
/// 1400–1451 in seven runs with it (1451 in five) and 1163–1411 in eight
/// without; Instance8 at 1748 and 1842 with it, 1552–1657 in four runs of
/// five without (the fifth 1833); Instance5, 6, 9 and 10 about even.
/// Its master there stays far below what the walks reach (Instance7:
/// 862 against 1451, Instance5: 977 against 1242). Above it (Curtois
/// Instance11–20) it gained on nine of ten when it came in (session 12).
///
/// microlp: up to [`WALKS_BESIDE_UP_TO`], where no whole model runs beside
/// the walks and their re-solves are what the stage rests on. On Curtois
/// Instance3 (60 s) the walks settle at about 1100 and the re-solves over
/// their pool stop at 1002 or 1003 (six runs of six): the optimum's
/// schedules are not in it; with the priced ones, 1001 in seven runs of
/// ten, 1002 once and 1003 twice. Instance4–7 about even (session 21,
/// with / without: Instance5 1339, 1248, 1242, 1441 / 1345, 1342, 1335;
/// Instance7 1313, 1218, 1128 / 1205, 1208, 1306). Larger models were
/// not measured with it.
pub(super) fn prices_columns(backend: Backend, assignments: usize) -> bool {
    match backend {
        Backend::Microlp => assignments <= WALKS_BESIDE_UP_TO,
        Backend::Highs => assignments > RELAXATION_IN_BLOCKS_ABOVE,
    }
}

/// Models up to this many assignments run the plateau search before the
/// LP relaxation when there is a floor to aim at. On gen-large (22 000)
/// its walks run out without reaching the floor, and the time they take
/// before the LP left HiGHS too little to prove the largest burden.
const PLATEAU_FIRST_UP_TO: usize = 5000;

/// Share of what is left of a fairness stage the blocks' MILPs may take.
pub(super) const BLOCK_MILPS_SHARE: f64 = 0.3;

/// Share of what is left of a stage given to the plateau search.
pub(super) const PLATEAU_SHARE: f64 = 0.25;

/// Share of a stage the whole-schedule search may take first (microlp).
/// The re-solves after it rarely move what it leaves on Curtois–Qu; the
/// search stops early when it reaches the bound or stops finding better
/// rosters, and the rest flows on.
const PERSON_SHARE: f64 = 0.8;

/// Share of a stage the whole-schedule search may take first, by backend
/// and number of assignment variables. microlp: see [`PERSON_SHARE`].
/// HiGHS, where the neighbourhood search takes the whole stage (above
/// [`WALKS_BESIDE_UP_TO`] assignments): the
/// re-solves of a few people or days descend from the construction one
/// small step at a time (Curtois Instance10: still falling at the end of
/// 60 s, 27 009 to 4 958), where the walks reach the same ground in a few
/// seconds; with a quarter of the stage to the walks first, Instance10
/// ends at 4 676–4 772 (a tenth: 4 970; two fifths: 4 760 with Instance8
/// at 1 639). Below that the walks run beside HiGHS's whole model
/// instead (`whole_with`): given half of the stage before it, they
/// cost Instance8 and 9 (2046 and 590 against 1759 and 473 at 60 s) for
/// a gain on Instance7 (1161 against 1355).
pub(super) fn person_share(backend: Backend, assignments: usize) -> f64 {
    match backend {
        Backend::Microlp => PERSON_SHARE,
        // The band is lns_share's: where the search has the whole of a
        // stage the walks price.
        Backend::Highs if lns_share(backend, assignments) >= 1.0 => HIGHS_PERSON_SHARE,
        Backend::Highs => 0.0,
    }
}

/// The whole-schedule search's share with HiGHS (see [`person_share`]).
const HIGHS_PERSON_SHARE: f64 = 0.25;

/// HiGHS's `mip_heuristic_effort` (its default 0.05: the share of its
/// branch and bound given to primal heuristics) on the whole model beside
/// the walks ([`crate::solve::tandem`]). There the walks polish whatever HiGHS
/// finds, and what they lack is HiGHS's jumps to other regions: on Curtois
/// Instance6 both sides settle at 2141–2143 with the default, and HiGHS
/// alone (one thread, 55 s) ends at 2139 with it and at 2043 with 0.3
/// (Instance7: 1451 and 1257). Only models that run the whole model beside
/// the walks see it: up to [`WALKS_BESIDE_UP_TO`] assignments (Curtois
/// Instance4–7); larger models give their cover stages to the
/// neighbourhood search (since session 31 also Instance11–13, 15, 17, 19
/// and 20, which gave it half until then). Side by side at 0.3, 60 s, the same day
/// (session 23): Instance6 2047, 2140, 2138, 2140 against 2143, 2141,
/// 2142, 2142; Instance4 1716 twice (the default: five of five); Instance5
/// and 7 within their spread (1151–1238 against 1150–1240; 1066–1300
/// against 1070–1191). At 30 s, one or two runs each: ahead on 11, 12, 13
/// and 17 (13: 10030 against 13796), behind on 15, 19 and 20 by 2–7 %.
/// Both whole models of [`Beside::Twin`] run with it.
#[cfg(feature = "highs")]
pub(super) const TRADING_HEURISTIC_EFFORT: f64 = 0.3;

/// Whether the neighbourhood search keeps each core on its own
/// ([`StageModel::search_neighbourhoods_apart`]) rather than in rounds: with
/// HiGHS, on the models whose stages it has whole ([`lns_share`]). Curtois
/// Instance8–10 at 60 s, one run each: 1349, 449, 4764 against 1446, 451,
/// 4775 in rounds; Instance11, 13, 19, 20 at 30 s, two runs each: 3660 and
/// 3670, 4482 and 3691, 4705 and 6841, 20232 and 15479 against 3791 and
/// 3483, 4374 and 4089, 6162 and 6337, 23053 and 23767.
///
/// [`StageModel::search_neighbourhoods_apart`]: super::stage::StageModel::search_neighbourhoods_apart
pub(super) fn re_solves_apart(backend: Backend, assignments: usize) -> bool {
    backend == Backend::Highs && lns_share(backend, assignments) >= 1.0
}

/// Whether the neighbourhood search adds long windows
/// ([`Chooser::with_long_windows`]): with HiGHS, on the models whose stages
/// it has whole ([`lns_share`]), up to [`LONG_WINDOWS_UP_TO`] assignments.
/// Runs interleaved with the code before, session 35 (every run in
/// `bench-results/highs-curtois-long-windows-ab-session35.txt`), means
/// with / without: Curtois Instance8 1545 / 1577 (three runs each),
/// Instance9 469 / 491 (thirteen; two runs ended a place short above the
/// others, against five, most of them while another job took a core) and
/// Instance10 4717 / 4762 (six), at 60 s; Instance14 1608 / 1654 (two),
/// 16 3576 / 3595 and 18 5817 / 5854 (five each), at 30 s.
///
/// [`Chooser::with_long_windows`]: crate::solve::neighbourhood::Chooser::with_long_windows
pub(super) fn long_windows(backend: Backend, assignments: usize) -> bool {
    re_solves_apart(backend, assignments) && assignments <= LONG_WINDOWS_UP_TO
}

/// The largest model given long windows ([`long_windows`]): the larger
/// ones were mixed, Curtois Instance13 4848 / 4439 and 15 5807 / 5606 at
/// 30 s, two runs each with / without, 11 and 19 the other way (3701 /
/// 3781, 5743 / 5941).
pub(super) const LONG_WINDOWS_UP_TO: usize = 5000;

/// Share of a stage's time the LP relaxation may take.
pub(super) const RELAXATION_SHARE: f64 = 0.2;

/// Share of a stage's time the whole relaxation of a model above
/// [`RELAXATION_IN_BLOCKS_ABOVE`] may take, blocks tried first included
/// ([`whole_relaxation_above_blocks`]): the models it is given to finish
/// it, so the share is a cap, not a cost. At 30 s, [`RELAXATION_SHARE`]
/// (about 5.8 s) left Curtois–Qu Instance12 (5.0 s alone) and 19 (7.4 s)
/// without a bound.
pub(super) const WHOLE_RELAXATION_SHARE: f64 = 0.35;

#[cfg(test)]
mod tests {
    use super::*;

    /// Long windows go with HiGHS to the models whose stages the
    /// neighbourhood search has whole, up to the largest measured.
    #[test]
    fn long_windows_only_with_highs_where_the_search_has_the_stage_up_to_its_limit() {
        for assignments in [10, 2000, 2001, 3449, LONG_WINDOWS_UP_TO, LONG_WINDOWS_UP_TO + 1, 35_000] {
            let expected = assignments > WALKS_BESIDE_UP_TO && assignments <= LONG_WINDOWS_UP_TO;
            assert_eq!(long_windows(Backend::Highs, assignments), expected, "{assignments} assignments");
            assert!(!long_windows(Backend::Microlp, assignments), "{assignments} assignments");
        }
    }

    /// With HiGHS, the walks go first exactly where they do not run
    /// beside the whole model: where the neighbourhood search takes the
    /// whole of a stage they price.
    #[test]
    fn with_highs_the_walks_go_first_where_they_do_not_run_beside_the_whole_model() {
        for assignments in [10, 1999, 2000, 2001, 3449, 5000, 5001, 35_000] {
            let first = person_share(Backend::Highs, assignments) > 0.0;
            let search_alone = lns_share(Backend::Highs, assignments) >= 1.0;
            assert_eq!(first, search_alone, "{assignments} assignments");
            assert_eq!(first, assignments > 2000, "{assignments} assignments");
            assert!(person_share(Backend::Highs, assignments) < 1.0, "the search keeps time after the walks");
        }
        assert!(person_share(Backend::Microlp, 10) > 0.0);
    }

    #[test]
    fn the_plateau_goes_first_on_the_spread_at_every_size_and_on_other_tiers_on_small_models() {
        for tier in [Tier::MaxBurden, Tier::Wishes] {
            assert!(plateau_goes_first(tier, PLATEAU_FIRST_UP_TO));
            assert!(!plateau_goes_first(tier, PLATEAU_FIRST_UP_TO + 1));
        }
        assert!(plateau_goes_first(Tier::Spread, 22_070));
    }

    #[test]
    fn above_the_blocks_only_highs_relaxes_the_whole_model_of_fairness_and_the_soft_cover_up_to_its_band() {
        let whole = |assignments: usize| -> Vec<Tier> {
            Tier::ALL.into_iter().filter(|&t| whole_relaxation_above_blocks(Backend::Highs, t, assignments)).collect()
        };
        assert_eq!(whole(10_452), [Tier::SoftCover, Tier::MaxBurden, Tier::Spread]);
        assert_eq!(whole(WHOLE_COVER_RELAXATION_UP_TO), [Tier::SoftCover, Tier::MaxBurden, Tier::Spread]);
        assert_eq!(whole(WHOLE_COVER_RELAXATION_UP_TO + 1), [Tier::MaxBurden, Tier::Spread]);
        assert!(Tier::ALL.into_iter().all(|t| !whole_relaxation_above_blocks(Backend::Microlp, t, 10_452)));
    }

    #[test]
    fn highs_relaxes_by_interior_point_only_above_the_blocks() {
        assert!(!interior_point_relaxation(3484) && !interior_point_relaxation(RELAXATION_IN_BLOCKS_ABOVE));
        assert!(interior_point_relaxation(RELAXATION_IN_BLOCKS_ABOVE + 1));
    }

    #[test]
    fn column_generation_runs_on_large_models_with_highs_and_on_small_ones_with_microlp() {
        // Curtois Instance7 (1680 assignments) walks without it with HiGHS
        // and prices with microlp; Instance20 (35 000) the other way round.
        let (highs, microlp) = (Backend::Highs, Backend::Microlp);
        assert!(!prices_columns(highs, 1680) && !prices_columns(highs, RELAXATION_IN_BLOCKS_ABOVE));
        assert!(prices_columns(highs, RELAXATION_IN_BLOCKS_ABOVE + 1) && prices_columns(highs, 35_000));
        assert!(prices_columns(microlp, 840) && prices_columns(microlp, 1680));
        assert!(!prices_columns(microlp, WALKS_BESIDE_UP_TO + 1) && !prices_columns(microlp, 35_000));
    }

    /// The second whole model takes the other core up to its size; the
    /// walks above it.
    #[test]
    fn a_second_whole_model_runs_beside_the_first_only_on_small_models() {
        assert_eq!(Beside::for_model(1), Beside::Twin);
        assert_eq!(Beside::for_model(TWIN_WHOLE_UP_TO), Beside::Twin);
        assert_eq!(Beside::for_model(TWIN_WHOLE_UP_TO + 1), Beside::Walks);
        assert_eq!(Beside::for_model(35_000), Beside::Walks);
    }

    /// The walks beside HiGHS re-solve neighbourhoods on Instance6 and 7's
    /// sizes, not on the large models whose stages the neighbourhood
    /// search shares with the whole model.
    #[test]
    fn the_walks_beside_re_solve_neighbourhoods_only_below_the_large_models() {
        assert!(re_solves_beside_walks(1040) && re_solves_beside_walks(1248));
        assert!(re_solves_beside_walks(WALKS_BESIDE_UP_TO));
        assert!(!re_solves_beside_walks(RELAXATION_IN_BLOCKS_ABOVE + 1));
        assert!(!re_solves_beside_walks(35_000));
    }

    /// Only the models where the walks run beside the whole model minimise
    /// a cover stage's heaviest terms first.
    #[test]
    fn the_heaviest_terms_go_first_only_where_the_walks_run_beside_the_whole_model() {
        assert!(!heaviest_first(468) && !heaviest_first(TWIN_WHOLE_UP_TO));
        assert!(heaviest_first(TWIN_WHOLE_UP_TO + 1) && heaviest_first(1248) && heaviest_first(WALKS_BESIDE_UP_TO));
        assert!(!heaviest_first(WALKS_BESIDE_UP_TO + 1) && !heaviest_first(3449));
    }
}
