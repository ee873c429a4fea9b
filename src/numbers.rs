//! Whole-number arithmetic that the model, the rules and the solver share.

/// The greatest common divisor (0 with 0: the identity of a fold).
pub(crate) fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::gcd;

    #[test]
    fn gcd_folds_from_zero() {
        assert_eq!([480, 600, 720].into_iter().fold(0, gcd), 120);
        assert_eq!(gcd(0, 0), 0);
        assert_eq!(gcd(7, 0), 7);
    }
}
