//! How an area compares with its peers: rank, quartile, peer mean and median,
//! and where it sits on a funnel plot.
//!
//! Funnel limits follow Spiegelhalter D. J. (2005), "Funnel plots for comparing
//! institutional performance", Statistics in Medicine 24:1185-1202, with the
//! normal approximation (§3.1): around the peer-group value θ, for a
//! denominator n, proportions have limits θ ± z √(θ(1-θ)/n) and rates per
//! population P (per `per` people) θ ± z √(θ·per/P).

use serde::Serialize;

use super::intervals::Level;
use super::spc::Direction;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerComparison {
    /// 1 = best by polarity; tied values share the better rank.
    pub rank: usize,
    /// Areas ranked, the home area included.
    pub of: usize,
    /// 1 = best quarter.
    pub quartile: u8,
    /// Over the peers, the home area excluded.
    pub peer_mean: f64,
    pub peer_median: f64,
    pub difference_from_peer_mean: f64,
}

/// Compares `home` with `peers` (which should not include it). With no peers,
/// `None`; with neither direction better, rank is by value, highest first.
pub fn compare(home: f64, peers: &[f64], direction: Direction) -> Option<PeerComparison> {
    if peers.is_empty() || !home.is_finite() || peers.iter().any(|p| !p.is_finite()) {
        return None;
    }
    let better = |other: f64| match direction {
        Direction::Lower => other < home,
        Direction::Higher | Direction::Neither => other > home,
    };
    let rank = 1 + peers.iter().filter(|&&p| better(p)).count();
    let of = peers.len() + 1;
    let quartile = ((4 * rank).div_ceil(of)).clamp(1, 4) as u8;
    let peer_mean = peers.iter().sum::<f64>() / peers.len() as f64;
    let mut sorted = peers.to_vec();
    crate::model::sort::sort_by(&mut sorted, f64::total_cmp);
    let mid = sorted.len() / 2;
    let peer_median = if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    };
    Some(PeerComparison {
        rank,
        of,
        quartile,
        peer_mean,
        peer_median,
        difference_from_peer_mean: home - peer_mean,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelPosition {
    Within,
    /// Above the 95% limit but within 99.8%.
    Above95,
    /// Above the 99.8% limit.
    Above998,
    Below95,
    Below998,
}

/// Funnel control limits at one denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelLimits {
    pub lower_998: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub upper_998: f64,
}

impl FunnelLimits {
    pub fn position(self, value: f64) -> FunnelPosition {
        if value > self.upper_998 {
            FunnelPosition::Above998
        } else if value > self.upper_95 {
            FunnelPosition::Above95
        } else if value < self.lower_998 {
            FunnelPosition::Below998
        } else if value < self.lower_95 {
            FunnelPosition::Below95
        } else {
            FunnelPosition::Within
        }
    }
}

fn limits(centre: f64, se: f64, floor: f64, ceiling: f64) -> FunnelLimits {
    let at = |level: Level, sign: f64| (centre + sign * level.z() * se).clamp(floor, ceiling);
    FunnelLimits {
        lower_998: at(Level::NinetyNinePointEight, -1.0),
        lower_95: at(Level::NinetyFive, -1.0),
        upper_95: at(Level::NinetyFive, 1.0),
        upper_998: at(Level::NinetyNinePointEight, 1.0),
    }
}

/// Limits for a proportion (0-1) with `n` in the denominator, around the group
/// proportion `theta` (total successes over total trials).
pub fn proportion_limits(theta: f64, n: f64) -> Option<FunnelLimits> {
    (n > 0.0 && (0.0..=1.0).contains(&theta))
        .then(|| limits(theta, (theta * (1.0 - theta) / n).sqrt(), 0.0, 1.0))
}

/// Limits for a rate per `per` people at population `population`, around the
/// group rate `theta` (total count over total population, times `per`).
pub fn rate_limits(theta: f64, population: f64, per: f64) -> Option<FunnelLimits> {
    (population > 0.0 && theta >= 0.0)
        .then(|| limits(theta, (theta * per / population).sqrt(), 0.0, f64::INFINITY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_quartile_mean_and_median() {
        // Higher is better; home 13.4 among seven peers.
        let peers = [10.0, 20.0, 15.0, 12.0, 18.0, 9.0, 14.0];
        let c = compare(13.4, &peers, Direction::Higher).unwrap();
        assert_eq!((c.rank, c.of), (5, 8), "20, 18, 15 and 14 are better");
        assert_eq!(c.quartile, 3);
        assert!((c.peer_mean - 14.0).abs() < 1e-12);
        assert_eq!(c.peer_median, 14.0);
        assert!((c.difference_from_peer_mean - -0.6).abs() < 1e-12);
        // Lower is better: the same value ranks 4th (9, 10, 12 are lower).
        assert_eq!(compare(13.4, &peers, Direction::Lower).unwrap().rank, 4);
        // Ties share the better rank; best and worst.
        assert_eq!(compare(20.0, &peers, Direction::Higher).unwrap().rank, 1);
        let worst = compare(1.0, &peers, Direction::Higher).unwrap();
        assert_eq!((worst.rank, worst.quartile), (8, 4));
        assert_eq!(compare(1.0, &[], Direction::Higher), None);
        assert_eq!(
            compare(1.0, &[2.0, 4.0], Direction::Higher)
                .unwrap()
                .peer_median,
            3.0
        );
    }

    #[test]
    fn proportion_funnel_matches_independent_figures() {
        // Python: p = 0.12, n = 500: 95% 0.091516-0.148484, 99.8% upper 0.164909.
        let l = proportion_limits(0.12, 500.0).unwrap();
        assert!((l.lower_95 - 0.091516).abs() < 1e-6 && (l.upper_95 - 0.148484).abs() < 1e-6);
        assert!((l.upper_998 - 0.164909).abs() < 1e-6);
        assert_eq!(l.position(0.12), FunnelPosition::Within);
        assert_eq!(l.position(0.15), FunnelPosition::Above95);
        assert_eq!(l.position(0.17), FunnelPosition::Above998);
        assert_eq!(l.position(0.09), FunnelPosition::Below95);
        // Limits narrow as the denominator grows, and stay within [0, 1].
        let wide = proportion_limits(0.12, 20.0).unwrap();
        assert!(wide.upper_95 - wide.lower_95 > l.upper_95 - l.lower_95);
        assert_eq!(wide.lower_998, 0.0);
    }

    #[test]
    fn rate_funnel_uses_the_population() {
        // Group rate 2 per 1,000; a council of 250,000: se = sqrt(2 * 1000 / 250000).
        let l = rate_limits(2.0, 250_000.0, 1000.0).unwrap();
        let se = (2.0f64 * 1000.0 / 250_000.0).sqrt();
        assert!((l.upper_95 - (2.0 + 1.959964 * se)).abs() < 1e-5);
        assert_eq!(rate_limits(2.0, 0.0, 1000.0), None);
    }
}
