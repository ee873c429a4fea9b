//! The spread of one figure over repeated runs of the same instance.
//!
//! The solver is deterministic given the same timings, but its search
//! trades rosters between threads by the clock, so two runs of a large
//! instance may end several per cent apart (Curtois Instance8 at 60 s:
//! 1362 to 1644 with the same code, the same day). One run is weak
//! evidence; the benchmark's `--runs N` repeats each instance and prints
//! this summary of the runs.

/// Least, median and greatest of a set of figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// How many figures (NaN ones left out).
    pub count: usize,
    pub least: f64,
    /// The middle figure; for an even count, the mean of the two middle ones.
    pub median: f64,
    pub greatest: f64,
}

impl Spread {
    /// The spread of `values`, leaving out NaN (a run that failed); None
    /// when nothing is left.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        sorted.sort_by(f64::total_cmp);
        let count = sorted.len();
        let (&least, &greatest) = (sorted.first()?, sorted.last()?);
        let median = if count % 2 == 1 { sorted[count / 2] } else { (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0 };
        Some(Spread { count, least, median, greatest })
    }
}

#[cfg(test)]
mod tests {
    use super::Spread;

    #[test]
    fn an_odd_count_takes_the_middle_figure() {
        let s = Spread::of(&[1644.0, 1362.0, 1541.0]).unwrap();
        assert_eq!(s, Spread { count: 3, least: 1362.0, median: 1541.0, greatest: 1644.0 });
    }

    #[test]
    fn an_even_count_takes_the_mean_of_the_two_middle_figures() {
        let s = Spread::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!((s.least, s.median, s.greatest), (1.0, 2.5, 4.0));
    }

    #[test]
    fn failed_runs_are_left_out_and_nothing_gives_none() {
        let s = Spread::of(&[f64::NAN, 7.0]).unwrap();
        assert_eq!(s, Spread { count: 1, least: 7.0, median: 7.0, greatest: 7.0 });
        assert_eq!(Spread::of(&[f64::NAN]), None);
        assert_eq!(Spread::of(&[]), None);
    }
}
