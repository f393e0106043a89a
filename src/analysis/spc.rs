//! Statistical process control: XmR charts as NHS England's "Making Data Count"
//! uses them, with the rules as NHSRplotthedots implements them.
//!
//! - Centre line: the mean. Moving range mR_i = |x_i - x_(i-1)|.
//! - Process limits: mean ± 2.66 × mean(mR). Two-sigma lines: mean ± (2/3) × 2.66 ×
//!   mean(mR). Moving ranges of 3.267 × mean(mR) or more can be screened out
//!   before the limits are worked out (on by default, as in NHSRplotthedots).
//! - Special causes: (1) a point outside the limits (strictly); (2) a shift: a run
//!   of `run_length` (6, or 7) or more points on one side of the mean, where a
//!   point on the mean breaks the run; (3) a trend: `run_length` or more points
//!   each higher (or each lower) than the one before, where a tie breaks it;
//!   (4) two of three consecutive points beyond the same two-sigma line, all
//!   three on that side of the mean (beyond the limits too, with
//!   `two_of_three_includes_outside`). Every point of a qualifying run is flagged.
//! - At least 13 points are needed in each segment.
//! - A missing period is a gap, never a zero: no moving range spans it, and no
//!   run (shift, trend, two of three) counts across it. The limits come from the
//!   points there are; the gap stays a gap on the chart.
//! - Assurance: a target strictly outside the limits is consistently passed or
//!   failed (by polarity); inside or on a limit, it is hit and miss.
//!
//! Sources: NHS England, "Making Data Count" (2019); NHSRplotthedots
//! (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R,
//! R/ptd_calculate_assurance_type.R).

use serde::Serialize;

/// The constant relating the mean moving range to three sigma.
pub const LIMIT: f64 = 2.66;
/// Moving ranges this many times the mean are screened out as outliers.
pub const SCREEN: f64 = 3.267;
/// The fewest points Making Data Count will draw limits from.
pub const MINIMUM_POINTS: usize = 13;

/// Which way is better, for judging a special cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
    Neither,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcOptions {
    /// Points in a shift or trend: 6 (the default) or 7.
    pub run_length: usize,
    /// Count points beyond the process limits towards "two of three".
    pub two_of_three_includes_outside: bool,
    pub screen_outliers: bool,
    /// Work the limits out from the first this-many points of each segment only.
    pub baseline: Option<usize>,
    /// Indexes where the process changed (a recording break): limits are
    /// recalculated from each.
    pub breaks: Vec<usize>,
}

impl Default for SpcOptions {
    fn default() -> Self {
        SpcOptions {
            run_length: 6,
            two_of_three_includes_outside: false,
            screen_outliers: false,
            baseline: None,
            breaks: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointClass {
    CommonCause,
    Improvement,
    Concern,
    /// Special cause, when neither direction is better.
    NeutralHigh,
    NeutralLow,
    /// Left out of the judgement (a provisional figure).
    Excluded,
    /// No figure for the period: a gap.
    Missing,
}

/// The icon for the latest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    NeutralHigh,
    NeutralLow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    ConsistentlyPassing,
    HitAndMiss,
    ConsistentlyFailing,
}

/// One segment's limits (a segment runs from a break to the next).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limits {
    pub start: usize,
    pub end: usize,
    pub mean: f64,
    pub mean_moving_range: f64,
    pub lower: f64,
    pub upper: f64,
    pub lower_two_sigma: f64,
    pub upper_two_sigma: f64,
}

/// Which rules flagged a point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rules {
    pub outside_limits: bool,
    pub shift: bool,
    pub trend: bool,
    pub two_of_three: bool,
}

impl Rules {
    pub fn any(self) -> bool {
        self.outside_limits || self.shift || self.trend || self.two_of_three
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spc {
    pub segments: Vec<Limits>,
    pub points: Vec<PointClass>,
    pub rules: Vec<Rules>,
    /// From the latest point that was judged.
    pub variation: Option<Variation>,
    /// Against the latest segment's limits, when there is a target.
    pub assurance: Option<Assurance>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpcError {
    /// A segment has fewer judged points than [`MINIMUM_POINTS`].
    TooFewPoints { segment_start: usize, have: usize },
    /// Gaps leave no two consecutive points in a segment, so no moving range.
    NoMovingRange { segment_start: usize },
}

impl std::fmt::Display for SpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpcError::TooFewPoints { have, .. } => write!(
                f,
                "SPC limits need at least {MINIMUM_POINTS} points; there are {have}"
            ),
            SpcError::NoMovingRange { .. } => write!(
                f,
                "SPC limits need some consecutive periods; gaps leave no moving range"
            ),
        }
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Limits from `values` (judged points in time order). `joined[k]` says point
/// k follows point k - 1 with no gap between, so a moving range may span them.
fn limits(values: &[f64], joined: &[bool], start: usize, options: &SpcOptions) -> Limits {
    let n = match options.baseline {
        Some(n) => n.clamp(2, values.len()),
        None => values.len(),
    };
    let centre = mean(&values[..n]);
    let ranges: Vec<f64> = (1..n)
        .filter(|&k| joined[k])
        .map(|k| (values[k] - values[k - 1]).abs())
        .collect();
    let mut average = if ranges.is_empty() {
        0.0
    } else {
        mean(&ranges)
    };
    if options.screen_outliers {
        let kept: Vec<f64> = ranges
            .iter()
            .copied()
            .filter(|r| *r < SCREEN * average)
            .collect();
        if !kept.is_empty() {
            average = mean(&kept);
        }
    }
    let close = 2.0 * LIMIT / 3.0;
    Limits {
        start,
        end: start + values.len(),
        mean: centre,
        mean_moving_range: average,
        lower: centre - LIMIT * average,
        upper: centre + LIMIT * average,
        lower_two_sigma: centre - close * average,
        upper_two_sigma: centre + close * average,
    }
}

/// Flags every point that belongs to a run of at least `n` consecutive points
/// for which `same(i - 1, i)` holds between neighbours.
fn runs(len: usize, n: usize, same: impl Fn(usize, usize) -> bool) -> Vec<bool> {
    let mut flags = vec![false; len];
    let mut start = 0;
    for i in 1..=len {
        if i == len || !same(i - 1, i) {
            if i - start >= n {
                flags[start..i].iter_mut().for_each(|f| *f = true);
            }
            start = i;
        }
    }
    flags
}

fn judge(values: &[f64], joined: &[bool], l: &Limits, options: &SpcOptions) -> Vec<Rules> {
    let n = values.len();
    let side: Vec<i8> = values
        .iter()
        .map(|&y| {
            if y > l.mean {
                1
            } else if y < l.mean {
                -1
            } else {
                0
            }
        })
        .collect();
    let outside: Vec<bool> = values.iter().map(|&y| y > l.upper || y < l.lower).collect();
    let close: Vec<bool> = values
        .iter()
        .zip(&outside)
        .map(|(&y, &out)| {
            (!out || options.two_of_three_includes_outside)
                && (y > l.upper_two_sigma || y < l.lower_two_sigma)
        })
        .collect();
    let run = options.run_length.max(2);
    // No run counts across a gap.
    let shift = runs(n, run, |a, b| {
        joined[b] && side[a] != 0 && side[a] == side[b]
    });
    // A trend of `run` points has run - 1 steps all the same way.
    let up = runs(n, run, |a, b| joined[b] && values[b] > values[a]);
    let down = runs(n, run, |a, b| joined[b] && values[b] < values[a]);
    let mut two_of_three = vec![false; n];
    for start in 0..n.saturating_sub(2) {
        if !(joined[start + 1] && joined[start + 2]) {
            continue;
        }
        let w = start..start + 3;
        let same_side =
            side[w.clone()].iter().all(|&s| s == 1) || side[w.clone()].iter().all(|&s| s == -1);
        if same_side && close[w.clone()].iter().filter(|&&c| c).count() >= 2 {
            for i in w {
                if close[i] {
                    two_of_three[i] = true;
                }
            }
        }
    }
    (0..n)
        .map(|i| Rules {
            outside_limits: outside[i],
            shift: shift[i],
            trend: up[i] || down[i],
            two_of_three: two_of_three[i],
        })
        .collect()
}

fn classify(y: f64, mean: f64, rules: Rules, direction: Direction) -> PointClass {
    if !rules.any() {
        return PointClass::CommonCause;
    }
    let high = y > mean;
    match direction {
        Direction::Neither if high => PointClass::NeutralHigh,
        Direction::Neither => PointClass::NeutralLow,
        Direction::Higher if high => PointClass::Improvement,
        Direction::Lower if !high => PointClass::Improvement,
        _ => PointClass::Concern,
    }
}

/// XmR limits and special causes for `values`, in time order. `excluded[i]`
/// (e.g. a provisional figure) leaves point i out of the limits and the rules;
/// the rest are judged as one series without it.
pub fn xmr(
    values: &[Option<f64>],
    excluded: &[bool],
    direction: Direction,
    target: Option<f64>,
    options: &SpcOptions,
) -> Result<Spc, SpcError> {
    let is_excluded = |i: usize| excluded.get(i).copied().unwrap_or(false);
    let mut bounds: Vec<usize> = options
        .breaks
        .iter()
        .copied()
        .filter(|&b| b > 0 && b < values.len())
        .collect();
    crate::model::sort::sort(&mut bounds);
    bounds.dedup();
    bounds.insert(0, 0);
    bounds.push(values.len());

    let mut points: Vec<PointClass> = values
        .iter()
        .map(|v| match v {
            Some(_) => PointClass::Excluded,
            None => PointClass::Missing,
        })
        .collect();
    let mut rules = vec![Rules::default(); values.len()];
    let mut segments = Vec::new();
    for pair in bounds.windows(2) {
        let judged: Vec<usize> = (pair[0]..pair[1])
            .filter(|&i| values[i].is_some() && !is_excluded(i))
            .collect();
        if judged.len() < MINIMUM_POINTS {
            return Err(SpcError::TooFewPoints {
                segment_start: pair[0],
                have: judged.len(),
            });
        }
        // A provisional point between two judged ones is stepped over; a gap is not.
        let joined: Vec<bool> = (0..judged.len())
            .map(|k| k > 0 && (judged[k - 1]..judged[k]).all(|i| values[i].is_some()))
            .collect();
        if !joined.iter().any(|&j| j) {
            return Err(SpcError::NoMovingRange {
                segment_start: pair[0],
            });
        }
        let series: Vec<f64> = judged.iter().filter_map(|&i| values[i]).collect();
        let mut l = limits(&series, &joined, pair[0], options);
        l.end = pair[1];
        for (k, r) in judge(&series, &joined, &l, options).into_iter().enumerate() {
            let i = judged[k];
            rules[i] = r;
            points[i] = classify(series[k], l.mean, r, direction);
        }
        segments.push(l);
    }
    let latest = (0..values.len())
        .rev()
        .find(|&i| values[i].is_some() && !is_excluded(i));
    let last_segment = segments.last().copied();
    let variation = latest.zip(last_segment).map(|(i, l)| {
        let high = values[i].unwrap_or(l.mean) > l.mean;
        match (points[i], high) {
            (PointClass::Improvement, true) => Variation::ImprovementHigh,
            (PointClass::Improvement, false) => Variation::ImprovementLow,
            (PointClass::Concern, true) => Variation::ConcernHigh,
            (PointClass::Concern, false) => Variation::ConcernLow,
            (PointClass::NeutralHigh, _) => Variation::NeutralHigh,
            (PointClass::NeutralLow, _) => Variation::NeutralLow,
            _ => Variation::CommonCause,
        }
    });
    let assurance = match (target, last_segment, direction) {
        (Some(t), Some(l), Direction::Higher) if t < l.lower => {
            Some(Assurance::ConsistentlyPassing)
        }
        (Some(t), Some(l), Direction::Higher) if t > l.upper => {
            Some(Assurance::ConsistentlyFailing)
        }
        (Some(t), Some(l), Direction::Lower) if t > l.upper => Some(Assurance::ConsistentlyPassing),
        (Some(t), Some(l), Direction::Lower) if t < l.lower => Some(Assurance::ConsistentlyFailing),
        (Some(_), Some(_), Direction::Higher | Direction::Lower) => Some(Assurance::HitAndMiss),
        _ => None,
    };
    Ok(Spc {
        segments,
        points,
        rules,
        variation,
        assurance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().map(|&v| Some(v)).collect()
    }

    fn run(values: &[f64], direction: Direction) -> Spc {
        xmr(&some(values), &[], direction, None, &SpcOptions::default()).unwrap()
    }

    /// R: `set.seed(123); rnorm(20)`, the data of NHSRplotthedots'
    /// tests/testthat/test-ptd_spc_standard.R, whose snapshot
    /// (_snaps/ptd_spc_standard.md) gives mean 0.142, lpl -3.01, upl 3.29.
    /// Checked independently in Python: mean 0.1416, mR-bar 1.1853, limits
    /// -3.011 and 3.295; no moving range reaches 3.267 × mR-bar.
    const RNORM_123: [f64; 20] = [
        -0.56047565,
        -0.23017749,
        1.55870831,
        0.07050839,
        0.12928774,
        1.71506499,
        0.46091621,
        -1.26506123,
        -0.68685285,
        -0.44566197,
        1.22408180,
        0.35981383,
        0.40077145,
        0.11068272,
        -0.55584113,
        1.78691314,
        0.49785048,
        -1.96661716,
        0.70135590,
        -0.47279141,
    ];

    #[test]
    fn reproduces_the_nhsrplotthedots_worked_example() {
        let s = run(&RNORM_123, Direction::Higher);
        let l = s.segments[0];
        assert!((l.mean - 0.1416).abs() < 5e-4, "{}", l.mean);
        assert!((l.mean_moving_range - 1.1853).abs() < 5e-4);
        assert!((l.lower - -3.011).abs() < 1e-3, "{}", l.lower);
        assert!((l.upper - 3.295).abs() < 1e-3, "{}", l.upper);
        assert!(
            (l.upper_two_sigma - (l.mean + 2.0 * 2.66 / 3.0 * l.mean_moving_range)).abs() < 1e-12
        );
        assert!(s.points.iter().all(|p| *p == PointClass::CommonCause));
        assert_eq!(s.variation, Some(Variation::CommonCause));
    }

    /// The case NHSRplotthedots' vignette "Deviations from Excel defaults" uses
    /// to show where it departs from the Making Data Count Excel tool: one large
    /// value among 1s and 2s. Worked by hand: 18 points summing to 35, mean
    /// 1.9444; 17 moving ranges summing to 32 (fifteen 1s, an 8 and a 9), mean
    /// 1.88235; so the MDC tool's limits are 1.9444 ± 2.66 × 1.88235 = -3.0627
    /// and 6.9515. Screening drops the 8 and the 9 (each at least 3.267 ×
    /// 1.88235 = 6.1496), leaving mR-bar 1 and limits -0.7156 and 4.6044.
    const MDC_VIGNETTE: [f64; 18] = [
        1.0, 2.0, 1.0, 2.0, 10.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0,
    ];

    #[test]
    fn the_default_is_the_making_data_count_method_and_screening_is_a_setting() {
        let mdc = run(&MDC_VIGNETTE, Direction::Higher);
        let l = mdc.segments[0];
        assert!((l.mean - 35.0 / 18.0).abs() < 1e-12);
        assert!((l.mean_moving_range - 32.0 / 17.0).abs() < 1e-12);
        assert!((l.upper - 6.9515).abs() < 5e-4, "{}", l.upper);
        assert!((l.lower - -3.0627).abs() < 5e-4, "{}", l.lower);
        assert_eq!(mdc.points[4], PointClass::Improvement, "10 is above 6.95");
        let screened = xmr(
            &some(&MDC_VIGNETTE),
            &[],
            Direction::Higher,
            None,
            &SpcOptions {
                screen_outliers: true,
                ..SpcOptions::default()
            },
        )
        .unwrap()
        .segments[0];
        assert_eq!(screened.mean_moving_range, 1.0);
        assert!((screened.upper - 4.6044).abs() < 5e-4, "{}", screened.upper);
        assert!((screened.lower - -0.7156).abs() < 5e-4);
    }

    #[test]
    fn screening_moving_range_outliers_narrows_the_limits() {
        let mut values = RNORM_123;
        values[14] = 10.0;
        let options = SpcOptions {
            screen_outliers: true,
            ..SpcOptions::default()
        };
        let screened = xmr(&some(&values), &[], Direction::Higher, None, &options)
            .unwrap()
            .segments[0];
        let raw = run(&values, Direction::Higher).segments[0];
        assert!(raw.upper - raw.lower > screened.upper - screened.lower);
    }

    #[test]
    fn a_gap_is_spanned_by_no_moving_range_and_no_run() {
        // 26 months with the 19th missing, as police.uk's South Yorkshire series
        // from January 2018 lacks July 2019.
        let mut v: Vec<Option<f64>> = (0..26).map(|i| Some(f64::from(i % 4))).collect();
        v[18] = None;
        let s = xmr(&v, &[], Direction::Higher, None, &SpcOptions::default()).unwrap();
        let l = s.segments[0];
        // By hand: 0,1,2,3 repeating over 26 months sum to 6 x 6 + 0 + 1 = 37;
        // without index 18 (a 2), 35 over 25 points.
        assert!((l.mean - 35.0 / 25.0).abs() < 1e-12);
        // Moving ranges only between neighbours both present: runs of 18 and 7
        // values give 17 + 6 = 23 ranges.
        let joined_sum: f64 = (1..26)
            .filter_map(|i| Some((v[i]? - v[i - 1]?).abs()))
            .sum();
        assert!((l.mean_moving_range - joined_sum / 23.0).abs() < 1e-12);
        assert_eq!(s.points[18], PointClass::Missing);
        // Four points above the mean before the gap and two after are no shift of six.
        let mut w: Vec<Option<f64>> = (0..26)
            .map(|i| Some(if i % 2 == 0 { 1.0 } else { -1.0 }))
            .collect();
        for x in &mut w[14..20] {
            *x = Some(0.5);
        }
        w[18] = None;
        let g = xmr(&w, &[], Direction::Higher, None, &SpcOptions::default()).unwrap();
        assert!(g.segments[0].mean < 0.5);
        assert!(!g.rules.iter().any(|r| r.shift), "{:?}", g.rules);
        // The same points with the gap filled are a shift of seven.
        w[18] = Some(0.5);
        let joined = xmr(&w, &[], Direction::Higher, None, &SpcOptions::default()).unwrap();
        assert!(
            (14..21).all(|i| joined.rules[i].shift),
            "{:?}",
            joined.rules
        );
        // A trend of six split by the gap is not a trend either.
        let mut t: Vec<Option<f64>> = (0..20)
            .map(|i| Some(if i % 2 == 0 { 1.0 } else { -1.0 }))
            .collect();
        t.extend([
            Some(-2.0),
            Some(-1.0),
            Some(0.0),
            None,
            Some(1.0),
            Some(2.0),
            Some(3.0),
        ]);
        let tr = xmr(&t, &[], Direction::Higher, None, &SpcOptions::default()).unwrap();
        assert!(!tr.rules.iter().any(|r| r.trend), "{:?}", &tr.rules[18..]);
    }

    #[test]
    fn thirteen_points_are_enough_and_twelve_are_not() {
        let thirteen: Vec<f64> = (0..13).map(|i| f64::from(i % 3)).collect();
        assert!(xmr(
            &some(&thirteen),
            &[],
            Direction::Higher,
            None,
            &SpcOptions::default()
        )
        .is_ok());
        let err = xmr(
            &some(&thirteen[..12]),
            &[],
            Direction::Higher,
            None,
            &SpcOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            SpcError::TooFewPoints {
                segment_start: 0,
                have: 12
            }
        );
        // A gap is no point: thirteen with one missing are twelve.
        let mut gappy = some(&thirteen);
        gappy[5] = None;
        assert_eq!(
            xmr(&gappy, &[], Direction::Higher, None, &SpcOptions::default()).unwrap_err(),
            SpcError::TooFewPoints {
                segment_start: 0,
                have: 12
            }
        );
        let mut scattered: Vec<Option<f64>> = Vec::new();
        for x in &thirteen {
            scattered.extend([Some(*x), None]);
        }
        assert_eq!(
            xmr(
                &scattered,
                &[],
                Direction::Higher,
                None,
                &SpcOptions::default()
            )
            .unwrap_err(),
            SpcError::NoMovingRange { segment_start: 0 }
        );
    }

    #[test]
    fn a_constant_series_has_zero_width_limits_and_no_special_cause() {
        let s = run(&[5.0; 15], Direction::Higher);
        let l = s.segments[0];
        assert_eq!((l.mean, l.lower, l.upper), (5.0, 5.0, 5.0));
        assert!(
            s.points.iter().all(|p| *p == PointClass::CommonCause),
            "every point is on the mean"
        );
    }

    fn alternating(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect()
    }

    #[test]
    fn a_shift_of_six_is_flagged_and_seven_is_an_option() {
        // 14 alternating points (mean 0), then six at +0.5: a shift.
        let mut v = alternating(14);
        v.extend([0.5; 6]);
        let s = run(&v, Direction::Higher);
        assert!((14..20).all(|i| s.rules[i].shift), "{:?}", s.rules);
        assert!((14..20).all(|i| s.points[i] == PointClass::Improvement));
        assert_eq!(s.variation, Some(Variation::ImprovementHigh));
        // Seven: with run length 7, six is not enough.
        let seven = SpcOptions {
            run_length: 7,
            ..SpcOptions::default()
        };
        let s7 = xmr(&some(&v), &[], Direction::Higher, None, &seven).unwrap();
        assert!(!s7.rules.iter().any(|r| r.shift));
    }

    #[test]
    fn a_point_on_the_mean_breaks_a_shift() {
        // Mean is exactly 0: 7 alternating pairs sum to 0, and the run below does too.
        let mut v = vec![1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0];
        v.extend([0.5, 0.5, 0.5, 0.0, 0.5, 0.5, 0.5]); // one point on the mean
        v.extend([-3.0]); // balances the sum: 8 x 0 + 6 x 0.5 - 3 = 0
        let s = run(&v, Direction::Higher);
        assert_eq!(s.segments[0].mean, 0.0);
        assert!(!s.rules.iter().any(|r| r.shift), "{:?}", s.rules);
        // The same seven points all above the mean are a shift.
        let mut unbroken = v.clone();
        unbroken[11] = 0.5;
        let u = run(&unbroken, Direction::Higher);
        assert!(u.segments[0].mean < 0.5);
        assert!((8..15).all(|i| u.rules[i].shift), "{:?}", u.rules);
    }

    #[test]
    fn a_trend_of_six_crossing_the_mean_is_flagged_and_a_tie_breaks_it() {
        let mut v = alternating(12);
        v.extend([-2.0, -1.2, -0.4, 0.4, 1.2, 2.0]);
        let s = run(&v, Direction::Lower);
        assert!((12..18).all(|i| s.rules[i].trend), "{:?}", &s.rules[10..]);
        assert!(!s.rules[11].trend);
        // Higher is worse here: points above the mean are concerns, below improvements.
        assert_eq!(s.points[17], PointClass::Concern);
        assert_eq!(s.points[12], PointClass::Improvement);
        let mut tied = v.clone();
        tied[15] = tied[14];
        let t = run(&tied, Direction::Lower);
        assert!(!t.rules.iter().any(|r| r.trend), "a tie breaks the trend");
    }

    #[test]
    fn two_of_three_beyond_two_sigma_on_the_same_side() {
        // NHSRplotthedots' own case: symmetrical data with two successive points
        // close to the limits on opposite sides: common cause.
        let mut v: Vec<f64> = alternating(16);
        v[14] = 5.5;
        v[15] = -5.5;
        let s = run(&v, Direction::Higher);
        assert_eq!(
            &s.points[14..],
            &[PointClass::CommonCause, PointClass::CommonCause]
        );
        // Two of three above the upper two-sigma line, all three above the mean.
        // Worked by hand: mean 12/19 = 0.632, mR-bar 45.5/18 = 2.528, so the
        // upper two-sigma line is 5.115 and the upper limit 7.356.
        let mut w = alternating(16);
        w.extend([5.5, 1.0, 5.5]);
        let s = run(&w, Direction::Higher);
        let l2 = s.segments[0];
        assert!(
            w[16] > l2.upper_two_sigma && w[16] < l2.upper,
            "the test point must sit between the lines"
        );
        assert!(s.rules[16].two_of_three && s.rules[18].two_of_three);
        assert!(
            !s.rules[17].two_of_three,
            "the middle point is not beyond the line"
        );
    }

    #[test]
    fn assurance_compares_the_target_with_the_limits() {
        let l = run(&RNORM_123, Direction::Higher).segments[0];
        let assure = |target: f64, direction| {
            xmr(
                &some(&RNORM_123),
                &[],
                direction,
                Some(target),
                &SpcOptions::default(),
            )
            .unwrap()
            .assurance
        };
        assert_eq!(
            assure(-4.0, Direction::Higher),
            Some(Assurance::ConsistentlyPassing)
        );
        assert_eq!(
            assure(4.0, Direction::Higher),
            Some(Assurance::ConsistentlyFailing)
        );
        assert_eq!(assure(0.0, Direction::Higher), Some(Assurance::HitAndMiss));
        assert_eq!(
            assure(4.0, Direction::Lower),
            Some(Assurance::ConsistentlyPassing)
        );
        // A target exactly on a limit is inside it: hit and miss.
        assert_eq!(
            assure(l.upper, Direction::Higher),
            Some(Assurance::HitAndMiss)
        );
        assert_eq!(
            assure(l.lower, Direction::Lower),
            Some(Assurance::HitAndMiss)
        );
        assert_eq!(assure(0.0, Direction::Neither), None);
    }

    #[test]
    fn breaks_recalculate_limits_and_baselines_fix_them() {
        let mut v: Vec<f64> = RNORM_123.to_vec();
        v.extend(RNORM_123.iter().map(|x| x + 10.0));
        let options = SpcOptions {
            breaks: vec![20],
            ..SpcOptions::default()
        };
        let s = xmr(&some(&v), &[], Direction::Higher, None, &options).unwrap();
        assert_eq!(s.segments.len(), 2);
        assert!((s.segments[1].mean - (0.1416 + 10.0)).abs() < 5e-4);
        assert!(s.points.iter().all(|p| *p == PointClass::CommonCause));
        // Without the break, the step is a special cause.
        let whole = run(&v, Direction::Higher);
        assert!(whole.points.iter().any(|p| *p != PointClass::CommonCause));
        // A baseline of the first 13 points gives different limits from all 20.
        let fixed = SpcOptions {
            baseline: Some(13),
            ..SpcOptions::default()
        };
        let b = xmr(&some(&RNORM_123), &[], Direction::Higher, None, &fixed)
            .unwrap()
            .segments[0];
        assert_ne!(b.mean, run(&RNORM_123, Direction::Higher).segments[0].mean);
    }

    #[test]
    fn provisional_points_are_left_out_of_the_judgement() {
        let mut v = alternating(14);
        v.push(50.0); // far outside, but provisional
        let excluded: Vec<bool> = (0..15).map(|i| i == 14).collect();
        let s = xmr(
            &some(&v),
            &excluded,
            Direction::Higher,
            None,
            &SpcOptions::default(),
        )
        .unwrap();
        assert_eq!(s.points[14], PointClass::Excluded);
        assert_eq!(
            s.segments[0].mean, 0.0,
            "limits come from the judged points only"
        );
        assert_eq!(
            s.variation,
            Some(Variation::CommonCause),
            "from the latest judged point"
        );
        let judged = xmr(
            &some(&v),
            &[],
            Direction::Higher,
            None,
            &SpcOptions::default(),
        )
        .unwrap();
        assert_eq!(judged.points[14], PointClass::Improvement);
    }
}
