//! A small seeded pseudo-random generator (SplitMix64): the same seed gives
//! the same sequence on every machine and every version, which the
//! benchmark families and the solver's neighbourhood choice need more than
//! statistical quality. No `rand` dependency.

/// SplitMix64 (Steele, Lea, Flood 2014).
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        // Multiply-shift: unbiased enough for instance generation.
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Puts the items in a random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    /// An index of `weights`, each with probability proportional to its
    /// weight; None when no weight is positive.
    pub fn weighted(&mut self, weights: &[f64]) -> Option<usize> {
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        if total <= 0.0 {
            return None;
        }
        let mut target = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let mut last = None;
        for (i, &w) in weights.iter().enumerate().filter(|(_, w)| **w > 0.0) {
            if target < w {
                return Some(i);
            }
            target -= w;
            last = Some(i);
        }
        // Rounding left a sliver past the last positive weight.
        last
    }

    /// `k` distinct numbers of `0..n`, ascending.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        let mut out = all[..k].to_vec();
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_picks_follow_the_weights() {
        let mut p = Prng::new(11);
        let weights = [0.0, 1.0, 3.0, -2.0];
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[p.weighted(&weights).expect("a positive weight")] += 1;
        }
        assert_eq!((counts[0], counts[3]), (0, 0), "never a weight of zero or less");
        assert!((2600..3400).contains(&counts[2]), "three times as often: {counts:?}");
        assert_eq!(p.weighted(&[0.0, -1.0]), None);
        assert_eq!(p.weighted(&[]), None);
    }

    #[test]
    fn same_seed_same_numbers() {
        let a: Vec<u64> = {
            let mut p = Prng::new(7);
            (0..5).map(|_| p.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut p = Prng::new(7);
            (0..5).map(|_| p.next_u64()).collect()
        };
        assert_eq!(a, b);
        let mut p = Prng::new(1);
        for _ in 0..1000 {
            assert!(p.below(7) < 7);
        }
        let s = p.sample(10, 4);
        assert_eq!(s.len(), 4);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn shuffle_reorders_without_losing_or_repeating() {
        let mut p = Prng::new(3);
        let mut items: Vec<usize> = (0..20).collect();
        p.shuffle(&mut items);
        assert_ne!(items, (0..20).collect::<Vec<_>>(), "20 items keep their order once in 20! shuffles");
        let mut sorted = items.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
    }
}
