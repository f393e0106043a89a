//! A measure's series at the chosen granularity: its points, which are
//! provisional, where a user's notes fall, and each month's season.

use std::collections::BTreeMap;

use serde::Serialize;

use super::maturity::Maturity;
use super::measures::{Kind, Observation};
use super::periods::{aggregate, Granularity, Point};
use crate::model::{Month, Period};

/// What a series is laid out by: the scorecard's choices that shape it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesOptions {
    pub granularity: Granularity,
    /// Sum a quarter or year with months missing (said so) rather than leave a gap.
    pub allow_incomplete: bool,
    /// Above this share of cases open, a period is provisional.
    pub provisional_threshold: f64,
    /// Younger than this in its download (months), a period whose
    /// observations know their age is provisional too.
    pub minimum_age: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub period: Period,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Share of the period's cases still open, where known.
    pub open_share: Option<f64>,
    pub provisional: bool,
    /// Months with no data inside this period.
    pub missing_months: Vec<Month>,
    /// For a count: per 1,000 residents, where the area's population is known.
    pub rate: Option<f64>,
    /// Months between the period's youngest month and the latest month of
    /// the download it came from, where known (police.uk outcome rates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
}

/// A series' own points at the chosen granularity, each marked provisional
/// when its observations' open cases are above the threshold or their source
/// says so.
pub fn series_for(observations: &[&Observation], options: SeriesOptions) -> Vec<SeriesPoint> {
    let mut series = points_for(observations, options);
    mark_provisional(&mut series, observations, options);
    series
}

fn points_for(observations: &[&Observation], options: SeriesOptions) -> Vec<SeriesPoint> {
    let Some(first) = observations.first() else {
        return Vec::new();
    };
    let percent = first.unit.as_deref() == Some("%");
    let ratio = |n: f64, d: f64| (d != 0.0).then(|| if percent { 100.0 * n / d } else { n / d });
    let native = |o: &Observation| SeriesPoint {
        period: o.period,
        value: o.value,
        numerator: o.numerator,
        denominator: o.denominator,
        open_share: None,
        provisional: false,
        missing_months: Vec::new(),
        rate: None,
        age: None,
    };
    // Monthly data is always aggregated, even to months: that is what lays the
    // series out month by month with the missing ones in place.
    let monthly = observations
        .iter()
        .all(|o| matches!(o.period, Period::Month(_)));
    let quarterly = observations
        .iter()
        .all(|o| matches!(o.period, Period::Quarter { .. }));
    let aggregable = monthly || (quarterly && options.granularity != Granularity::Month);
    if first.kind == Kind::Value && monthly {
        // Lay monthly values out month by month, so a missing month is a gap.
        let by_month: BTreeMap<Period, &Observation> =
            observations.iter().map(|o| (o.period, *o)).collect();
        let (Some(a), Some(b)) = (
            by_month.keys().next().and_then(|p| p.first_month()),
            by_month.keys().next_back().and_then(|p| p.first_month()),
        ) else {
            return Vec::new();
        };
        return Month::range(a, b)
            .into_iter()
            .map(|m| match by_month.get(&Period::Month(m)) {
                Some(o) => native(o),
                None => SeriesPoint {
                    period: Period::Month(m),
                    value: None,
                    numerator: None,
                    denominator: None,
                    open_share: None,
                    provisional: false,
                    missing_months: vec![m],
                    rate: None,
                    age: None,
                },
            })
            .collect();
    }
    if first.kind == Kind::Value || !aggregable {
        return observations.iter().map(|o| native(o)).collect();
    }
    let points: Vec<Point> = observations
        .iter()
        .filter_map(|o| {
            let numerator = match o.kind {
                Kind::Count => o.value?,
                _ => o.numerator?,
            };
            Some(Point {
                period: o.period,
                numerator,
                denominator: o.denominator,
            })
        })
        .collect();
    aggregate(&points, options.granularity, options.allow_incomplete)
        .into_iter()
        .map(|a| SeriesPoint {
            period: a.period,
            value: match first.kind {
                Kind::Count => a.numerator,
                _ => a
                    .numerator
                    .zip(a.denominator)
                    .and_then(|(n, d)| ratio(n, d)),
            },
            numerator: if first.kind == Kind::Count {
                None
            } else {
                a.numerator
            },
            denominator: a.denominator,
            open_share: None,
            provisional: false,
            missing_months: a.missing,
            rate: None,
            age: None,
        })
        .collect()
}

/// Marks provisional points from their observations: open cases summed over
/// the months or quarters inside each point, or the source's own flag (a
/// "yes" anywhere inside makes the point provisional; a "no" is taken at its
/// word).
fn mark_provisional(
    series: &mut [SeriesPoint],
    observations: &[&Observation],
    options: SeriesOptions,
) {
    if observations
        .iter()
        .all(|o| o.maturity.is_none() && o.provisional.is_none())
    {
        return;
    }
    for point in series {
        let (Some(first), Some(last)) = (point.period.first_month(), point.period.last_month())
        else {
            continue;
        };
        let mut sum = Maturity {
            open: 0.0,
            total: 0.0,
            age: None,
        };
        let (mut said_yes, mut said_no) = (false, false);
        for o in observations {
            let inside = o.period.first_month().is_some_and(|f| f >= first)
                && o.period.last_month().is_some_and(|l| l <= last);
            if !inside {
                continue;
            }
            if let Some(m) = o.maturity {
                sum.open += m.open;
                sum.total += m.total;
                if let Some(age) = m.age {
                    point.age = Some(point.age.map_or(age, |a| a.min(age)));
                }
            }
            match o.provisional {
                Some(true) => said_yes = true,
                Some(false) => said_no = true,
                None => {}
            }
        }
        point.open_share = sum.open_share();
        let young = point.age.is_some_and(|a| a < options.minimum_age);
        point.provisional =
            said_yes || (!said_no && (sum.provisional(options.provisional_threshold) || young));
    }
}

/// A note placed on the series: the point whose period holds its month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartNote {
    pub index: usize,
    pub month: Month,
    pub text: String,
    /// On every measure, not this one alone.
    pub everywhere: bool,
}

/// The notes that fall within `series`, each at the point holding its month.
pub fn place_notes(
    series: &[SeriesPoint],
    notes: &[crate::analysis::settings::Note],
    measure: &str,
) -> Vec<ChartNote> {
    notes
        .iter()
        .filter(|n| n.applies_to(measure))
        .filter_map(|n| {
            let index = series.iter().position(|p| {
                p.period.first_month().is_some_and(|f| f <= n.month)
                    && p.period.last_month().is_some_and(|l| n.month <= l)
            })?;
            Some(ChartNote {
                index,
                month: n.month,
                text: n.text.clone(),
                everywhere: n.measure.is_none(),
            })
        })
        .collect()
}

/// The same calendar month in earlier years: how a month compares with its
/// own season, since July is not January.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeasonalRange {
    pub lowest: f64,
    pub highest: f64,
    pub mean: f64,
    /// How many earlier years (2 or 3).
    pub years: usize,
}

/// Years of the same month that make a seasonal range, at most and at least.
pub const SEASONAL_YEARS: usize = 3;
pub const SEASONAL_MINIMUM: usize = 2;

/// Each monthly point's range in the same month of the previous (up to) three
/// years, from mature figures only; `None` where fewer than two are known.
pub fn seasonal(series: &[SeriesPoint]) -> Vec<Option<SeasonalRange>> {
    let by_month: BTreeMap<Month, f64> = series
        .iter()
        .filter(|p| !p.provisional)
        .filter_map(|p| match p.period {
            Period::Month(m) => Some((m, p.value?)),
            _ => None,
        })
        .collect();
    series
        .iter()
        .map(|p| {
            let Period::Month(m) = p.period else {
                return None;
            };
            let earlier: Vec<f64> = (1..=SEASONAL_YEARS as i32)
                .filter_map(|k| Month::new(m.year() - k, m.month()))
                .filter_map(|e| by_month.get(&e).copied())
                .collect();
            (earlier.len() >= SEASONAL_MINIMUM).then(|| SeasonalRange {
                lowest: earlier.iter().copied().fold(f64::INFINITY, f64::min),
                highest: earlier.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                mean: earlier.iter().sum::<f64>() / earlier.len() as f64,
                years: earlier.len(),
            })
        })
        .collect()
}
