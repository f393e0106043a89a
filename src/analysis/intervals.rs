//! Uncertainty for the figures councillors compare: how far a rate or count
//! could move by chance alone.
//!
//! - Proportions (e.g. a positive-outcome rate): the Wilson score interval,
//!   centre (p + z²/2n) / (1 + z²/n), half-width z √(p(1-p)/n + z²/4n²) / (1 + z²/n).
//!   Wilson E. B. (1927), JASA 22:209-212. It stays inside [0, 1] and behaves at
//!   0 and n, where the normal approximation does not.
//! - Counts: the exact Poisson (Garwood) interval, lower χ²(α/2; 2x)/2 and upper
//!   χ²(1-α/2; 2x+2)/2, with the lower limit 0 when x = 0. Garwood F. (1936),
//!   Biometrika 28:437-442. Rates per population divide both by the population.
//!
//! Both at 95% and at 99.8%, the levels funnel plots and SPC-style comparisons use.

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Level {
    /// 95%: about two standard errors.
    NinetyFive,
    /// 99.8%: about three standard errors.
    NinetyNinePointEight,
}

impl Level {
    /// The two-sided tail probability α.
    pub fn alpha(self) -> f64 {
        match self {
            Level::NinetyFive => 0.05,
            Level::NinetyNinePointEight => 0.002,
        }
    }

    /// The standard normal quantile z for 1 - α/2 (1.959964, 3.090232).
    pub fn z(self) -> f64 {
        Normal::standard().inverse_cdf(1.0 - self.alpha() / 2.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    pub fn contains(self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }
}

/// Wilson score interval for `successes` out of `trials`, as proportions (0-1).
/// `None` when there are no trials or the counts are impossible.
pub fn wilson(successes: f64, trials: f64, level: Level) -> Option<Interval> {
    // NaN fails every comparison, so it is rejected here too.
    let valid = trials > 0.0 && (0.0..=trials).contains(&successes);
    if !valid {
        return None;
    }
    let z = level.z();
    let p = successes / trials;
    let z2n = z * z / trials;
    let denominator = 1.0 + z2n;
    let centre = (p + z2n / 2.0) / denominator;
    let half = z * (p * (1.0 - p) / trials + z2n / (4.0 * trials)).sqrt() / denominator;
    Some(Interval {
        lower: (centre - half).max(0.0),
        upper: (centre + half).min(1.0),
    })
}

/// Exact (Garwood) Poisson interval for an observed count. `None` for a
/// negative count; counts are rounded to whole numbers.
pub fn poisson(count: f64, level: Level) -> Option<Interval> {
    if !count.is_finite() || count < 0.0 {
        return None;
    }
    let x = count.round();
    let alpha = level.alpha();
    let lower = if x == 0.0 {
        0.0
    } else {
        ChiSquared::new(2.0 * x).ok()?.inverse_cdf(alpha / 2.0) / 2.0
    };
    let upper = ChiSquared::new(2.0 * x + 2.0)
        .ok()?
        .inverse_cdf(1.0 - alpha / 2.0)
        / 2.0;
    Some(Interval { lower, upper })
}

/// A rate per `per` people (e.g. per 1,000) with its exact Poisson interval.
pub fn rate(count: f64, population: f64, per: f64, level: Level) -> Option<(f64, Interval)> {
    if population.is_nan() || population <= 0.0 {
        return None;
    }
    let scale = per / population;
    let i = poisson(count, level)?;
    Some((
        count * scale,
        Interval {
            lower: i.lower * scale,
            upper: i.upper * scale,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn z_values() {
        assert!(close(Level::NinetyFive.z(), 1.959964, 1e-6));
        assert!(close(Level::NinetyNinePointEight.z(), 3.090232, 1e-6));
    }

    /// Expected values from an independent Python implementation of the closed
    /// form (statistics.NormalDist for z), not from this code.
    #[test]
    fn wilson_matches_independent_figures() {
        let cases = [
            (81.0, 263.0, Level::NinetyFive, 0.255289, 0.366210),
            (81.0, 263.0, Level::NinetyNinePointEight, 0.228036, 0.401389),
            (0.0, 10.0, Level::NinetyFive, 0.0, 0.277533),
            (10.0, 10.0, Level::NinetyFive, 0.722467, 1.0),
            (10.0, 10.0, Level::NinetyNinePointEight, 0.511521, 1.0),
            (134.0, 1000.0, Level::NinetyFive, 0.114281, 0.156520),
            (
                134.0,
                1000.0,
                Level::NinetyNinePointEight,
                0.104150,
                0.170774,
            ),
        ];
        for (x, n, level, lower, upper) in cases {
            let i = wilson(x, n, level).unwrap();
            assert!(
                close(i.lower, lower, 2e-6) && close(i.upper, upper, 2e-6),
                "{x}/{n} {level:?}: {i:?}"
            );
        }
        assert_eq!(wilson(1.0, 0.0, Level::NinetyFive), None);
        assert_eq!(wilson(11.0, 10.0, Level::NinetyFive), None);
    }

    /// Closed forms where they exist (x = 0: upper = -ln(α/2); x = 1: lower =
    /// -ln(1 - α/2)) and published exact Poisson tables otherwise.
    #[test]
    fn poisson_matches_closed_forms_and_tables() {
        let i = poisson(0.0, Level::NinetyFive).unwrap();
        assert_eq!(i.lower, 0.0);
        assert!(close(i.upper, -(0.025f64).ln(), 1e-6), "{i:?}");
        let i = poisson(0.0, Level::NinetyNinePointEight).unwrap();
        assert!(close(i.upper, -(0.001f64).ln(), 1e-6), "{i:?}");
        let i = poisson(1.0, Level::NinetyFive).unwrap();
        assert!(close(i.lower, -(0.975f64).ln(), 1e-6), "{i:?}");
        assert!(close(i.upper, 5.5716, 1e-4), "{i:?}");
        for (x, lower, upper) in [
            (5.0, 1.6235, 11.6683),
            (10.0, 4.7954, 18.3904),
            (100.0, 81.3640, 121.6268),
        ] {
            let i = poisson(x, Level::NinetyFive).unwrap();
            assert!(
                close(i.lower, lower, 1e-3) && close(i.upper, upper, 1e-3),
                "{x}: {i:?}"
            );
        }
        assert_eq!(poisson(-1.0, Level::NinetyFive), None);
    }

    #[test]
    fn rates_scale_counts_by_population() {
        // 531 ASB incidents in Rotherham in April 2019; population 257,280 (2011).
        let (r, i) = rate(531.0, 257_280.0, 1000.0, Level::NinetyFive).unwrap();
        assert!(close(r, 2.0639, 1e-4), "{r}");
        let counts = poisson(531.0, Level::NinetyFive).unwrap();
        assert!(
            close(i.lower, counts.lower / 257.28, 1e-9)
                && close(i.upper, counts.upper / 257.28, 1e-9)
        );
        assert_eq!(rate(5.0, 0.0, 1000.0, Level::NinetyFive), None);
    }
}
