//! Whether a change is bigger than chance would make it.
//!
//! - Counts (e.g. crimes this month against last): the exact conditional test
//!   for two Poisson counts. Given x1 + x2 = n, and equal underlying rates, x2
//!   is Binomial(n, e2 / (e1 + e2)) where e are the exposures (periods of equal
//!   length: 1 and 1). Two-sided p-value: the total probability of outcomes no
//!   likelier than the one seen (as R's `binom.test` and `poisson.test`).
//!   Przyborowski J, Wilenski H (1940), Biometrika 31:313-323.
//! - Proportions (e.g. positive-outcome rates): the pooled two-proportion z-test.
//!
//! A change is called significant at p < 0.05.

use serde::Serialize;
use statrs::distribution::{Binomial, ContinuousCDF, Discrete, Normal};

/// Significance threshold for calling a change real.
pub const ALPHA: f64 = 0.05;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub from: f64,
    pub to: f64,
    pub absolute: f64,
    /// `None` when `from` is zero.
    pub percent: Option<f64>,
    /// Which test, in words a report can quote.
    pub test: &'static str,
    /// `None` when there is nothing to test (a figure given without its counts).
    pub p_value: Option<f64>,
    pub significant: bool,
}

fn change(from: f64, to: f64, test: &'static str, p_value: Option<f64>) -> Change {
    Change {
        from,
        to,
        absolute: to - from,
        percent: (from != 0.0).then(|| 100.0 * (to - from) / from),
        test,
        p_value,
        significant: p_value.is_some_and(|p| p < ALPHA),
    }
}

/// A change between two figures given without counts: no test is possible.
pub fn values(from: f64, to: f64) -> Change {
    change(
        from,
        to,
        "not tested: the figures come without their counts",
        None,
    )
}

/// Two-sided exact binomial p-value for `x` successes in `n` at probability `p`.
pub fn binomial_two_sided(x: u64, n: u64, p: f64) -> Option<f64> {
    let b = Binomial::new(p, n).ok()?;
    let observed = b.ln_pmf(x);
    // Outcomes as likely as the observed one, within rounding, count too.
    let p_value: f64 = (0..=n)
        .map(|k| b.ln_pmf(k))
        .filter(|&l| l <= observed + 1e-7)
        .map(f64::exp)
        .sum();
    Some(p_value.min(1.0))
}

/// A change between two counts over periods of equal length.
pub fn counts(from: u64, to: u64) -> Option<Change> {
    let p = binomial_two_sided(to, from + to, 0.5)?;
    Some(change(
        from as f64,
        to as f64,
        "exact Poisson comparison of counts",
        Some(p),
    ))
}

/// A change between two proportions, as percentages (successes / trials).
pub fn proportions(from: (f64, f64), to: (f64, f64)) -> Option<Change> {
    let ((x1, n1), (x2, n2)) = (from, to);
    if n1 <= 0.0 || n2 <= 0.0 {
        return None;
    }
    let (p1, p2) = (x1 / n1, x2 / n2);
    let pooled = (x1 + x2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    let p = if se > 0.0 {
        2.0 * (1.0 - Normal::standard().cdf(((p2 - p1) / se).abs()))
    } else {
        1.0
    };
    Some(change(
        100.0 * p1,
        100.0 * p2,
        "two-proportion z-test",
        Some(p),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected p-values from an independent Python implementation (log-space
    /// binomial sums; statistics.NormalDist), and R's `binom.test` for the first two.
    #[test]
    fn exact_binomial_p_values() {
        for (x, n, p) in [(7, 20, 0.263176), (2, 12, 0.038574), (210, 410, 0.656749)] {
            let got = binomial_two_sided(x, n, 0.5).unwrap();
            assert!((got - p).abs() < 1e-6, "{x}/{n}: {got}");
        }
    }

    #[test]
    fn rotherham_month_on_month_changes() {
        // Crimes excluding ASB: April 2019 1,972, May 2,141 (tests/real_data.rs).
        let c = counts(1972, 2141).unwrap();
        assert_eq!((c.absolute, c.significant), (169.0, true));
        assert!((c.percent.unwrap() - 8.5700).abs() < 1e-3);
        assert!(
            (c.p_value.unwrap() - 0.008796).abs() < 1e-6,
            "{:?}",
            c.p_value
        );
        // Burglary, June 138 against August 179: p = 0.0245.
        let b = counts(138, 179).unwrap();
        assert!((b.p_value.unwrap() - 0.024511).abs() < 1e-6 && b.significant);
        // April 210 against May 200: noise.
        assert!(!counts(210, 200).unwrap().significant);
        assert_eq!(counts(0, 0).unwrap().percent, None);
    }

    #[test]
    fn south_yorkshire_positive_outcome_rate_changes() {
        // Home Office outcomes 2017/18 (tests/real_data.rs): Q1 4,659/35,910,
        // Q2 4,440/37,285, Q3 4,057/36,331, Q4 3,722/32,392.
        let q1q2 = proportions((4659.0, 35910.0), (4440.0, 37285.0)).unwrap();
        assert!(
            q1q2.significant && (q1q2.p_value.unwrap() - 1.2477e-5).abs() < 1e-8,
            "{:?}",
            q1q2.p_value
        );
        assert!((q1q2.from - 12.9741).abs() < 1e-4 && (q1q2.to - 11.9083).abs() < 1e-4);
        let q3q4 = proportions((4057.0, 36331.0), (3722.0, 32392.0)).unwrap();
        assert!(
            !q3q4.significant && (q3q4.p_value.unwrap() - 0.181204).abs() < 1e-6,
            "{:?}",
            q3q4.p_value
        );
        assert_eq!(q3q4.test, "two-proportion z-test");
    }
}
