//! One measure in depth, for its page: the home area's scorecard entry, every
//! compared area's series (the small multiples), the latest figures with 95%
//! intervals (the peer chart) and, for a proportion, a funnel plot.

use serde::Serialize;

use super::intervals::{poisson, wilson, Interval, Level};
use super::measures::{Kind, Observation};
use super::peers::{proportion_limits, FunnelLimits};
use super::scorecard::{scorecard_from, series_for, Entry, ScorecardOptions, SeriesPoint};
use super::spc::Direction;
use crate::model::{Dataset, Period};

/// One area's figure for the latest period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigure {
    pub area: String,
    pub home: bool,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// 95%: exact Poisson for counts, Wilson for proportions; none for values.
    pub interval: Option<Interval>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaSeries {
    pub area: String,
    pub home: bool,
    pub series: Vec<SeriesPoint>,
}

/// A funnel plot: each area's proportion against its denominator, with limits
/// around the group's proportion. Values are in the measure's units (% or 0-1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    pub centre: f64,
    /// (denominator, area, home, value)
    pub points: Vec<(f64, String, bool, f64)>,
    /// Limits at a spread of denominators, for drawing the curves.
    pub curve: Vec<(f64, FunnelLimits)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureDetail {
    pub entry: Entry,
    /// The period the peer figures are for: the home area's latest.
    pub period: Option<Period>,
    /// Best first, by the measure's polarity.
    pub figures: Vec<AreaFigure>,
    /// The home area first, then the peers in the order given.
    pub areas: Vec<AreaSeries>,
    pub funnel: Result<Funnel, String>,
}

/// Points along the funnel's curves.
const CURVE_POINTS: usize = 60;

fn interval(kind: Kind, unit: Option<&str>, p: &SeriesPoint) -> Option<Interval> {
    match kind {
        Kind::Count => poisson(p.value?, Level::NinetyFive),
        Kind::Proportion => {
            let scale = if unit == Some("%") { 100.0 } else { 1.0 };
            let i = wilson(p.numerator?, p.denominator?, Level::NinetyFive)?;
            Some(Interval {
                lower: i.lower * scale,
                upper: i.upper * scale,
            })
        }
        Kind::Value => None,
    }
}

fn funnel(entry: &Entry, figures: &[AreaFigure]) -> Result<Funnel, String> {
    if entry.kind != Kind::Proportion {
        return Err("A funnel plot needs a proportion with its denominator; this measure is a count, so compare the bars instead.".into());
    }
    let scale = if entry.unit.as_deref() == Some("%") {
        100.0
    } else {
        1.0
    };
    let with_sizes: Vec<&AreaFigure> = figures
        .iter()
        .filter(|f| f.numerator.is_some() && f.denominator.is_some_and(|d| d > 0.0))
        .collect();
    if with_sizes.len() < 2 {
        return Err("A funnel plot needs at least two areas with numerators and denominators for the same period.".into());
    }
    let n: f64 = with_sizes.iter().filter_map(|f| f.numerator).sum();
    let d: f64 = with_sizes.iter().filter_map(|f| f.denominator).sum();
    let theta = n / d;
    let sizes = with_sizes.iter().filter_map(|f| f.denominator);
    let (low, high) = sizes.fold((f64::INFINITY, 0f64), |(lo, hi), x| (lo.min(x), hi.max(x)));
    // Room past the largest area for its label.
    let (from, to) = ((low * 0.5).max(1.0), high * 1.3);
    let curve = (0..=CURVE_POINTS)
        .filter_map(|i| {
            // Evenly spaced on a log scale: the curves bend most at small sizes.
            let x = from * (to / from).powf(i as f64 / CURVE_POINTS as f64);
            let l = proportion_limits(theta, x)?;
            Some((
                x,
                FunnelLimits {
                    lower_998: l.lower_998 * scale,
                    lower_95: l.lower_95 * scale,
                    upper_95: l.upper_95 * scale,
                    upper_998: l.upper_998 * scale,
                },
            ))
        })
        .collect();
    Ok(Funnel {
        centre: theta * scale,
        points: with_sizes
            .iter()
            .filter_map(|f| Some((f.denominator?, f.area.clone(), f.home, f.value)))
            .collect(),
        curve,
    })
}

/// The detail of `measure` for `options.area` and its peers, or `None` when
/// the home area has no such measure.
pub fn measure_detail(
    dataset: &Dataset,
    all: &[Observation],
    options: &ScorecardOptions,
    measure: &str,
) -> Option<MeasureDetail> {
    let only: Vec<Observation> = all
        .iter()
        .filter(|o| o.measure == measure)
        .cloned()
        .collect();
    let entry = scorecard_from(dataset, &only, options).into_iter().next()?;
    let mut areas = vec![AreaSeries {
        area: options.area.clone(),
        home: true,
        series: entry.series.clone(),
    }];
    for peer in &options.peers {
        if peer.eq_ignore_ascii_case(&options.area) {
            continue;
        }
        let of_peer: Vec<&Observation> = only
            .iter()
            .filter(|o| o.area.eq_ignore_ascii_case(peer))
            .collect();
        if of_peer.is_empty() {
            continue;
        }
        areas.push(AreaSeries {
            area: peer.clone(),
            home: false,
            series: series_for(&of_peer, options),
        });
    }
    let period = entry.latest.as_ref().map(|l| l.period);
    let mut figures: Vec<AreaFigure> = areas
        .iter()
        .filter_map(|a| {
            let p = a.series.iter().find(|p| Some(p.period) == period)?;
            Some(AreaFigure {
                area: a.area.clone(),
                home: a.home,
                value: p.value?,
                numerator: p.numerator,
                denominator: p.denominator,
                interval: interval(entry.kind, entry.unit.as_deref(), p),
            })
        })
        .collect();
    figures.sort_by(|a, b| {
        let order = a.value.total_cmp(&b.value);
        match entry.direction {
            Direction::Lower => order,
            Direction::Higher | Direction::Neither => order.reverse(),
        }
    });
    let funnel = funnel(&entry, &figures);
    Some(MeasureDetail {
        entry,
        period,
        figures,
        areas,
        funnel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::measures::observations;
    use crate::ingest::ingest_bytes;
    use crate::model::LoadedFile;

    const RATES: &str = "area,period,measure,numerator,denominator,unit,polarity\n\
        Home,2019/20 Q1,Solved,30,100,%,higher is better\n\
        A,2019/20 Q1,Solved,50,200,%,higher is better\n\
        B,2019/20 Q1,Solved,10,100,%,higher is better\n";

    fn detail(text: &str, peers: &[&str]) -> MeasureDetail {
        let mut d = Dataset::default();
        d.add(LoadedFile::new(0, ingest_bytes("m.csv", text.as_bytes()).remove(0)).unwrap())
            .unwrap();
        let all = observations(&d);
        let mut options = ScorecardOptions::new("Home");
        options.peers = peers.iter().map(|p| p.to_string()).collect();
        options.granularity = crate::analysis::periods::Granularity::Quarter;
        measure_detail(&d, &all, &options, "Solved").unwrap()
    }

    #[test]
    fn figures_are_best_first_with_wilson_intervals_in_percent() {
        let m = detail(RATES, &["A", "B", "Missing"]);
        let order: Vec<(&str, f64)> = m
            .figures
            .iter()
            .map(|f| (f.area.as_str(), f.value))
            .collect();
        assert_eq!(order, [("Home", 30.0), ("A", 25.0), ("B", 10.0)]);
        assert!(m.figures[0].home);
        // Wilson 95% for 30/100, by hand: centre (0.3 + 1.92/100) / 1.0384 = 0.30740,
        // half-width 1.96 * sqrt(0.0021 + 0.00009604) / 1.0384 = 0.08846.
        let i = m.figures[0].interval.unwrap();
        assert!((i.lower - 21.89).abs() < 0.01, "{}", i.lower);
        assert!((i.upper - 39.59).abs() < 0.01, "{}", i.upper);
        assert_eq!(m.areas.len(), 3, "an area with no figures is left out");
    }

    #[test]
    fn the_funnel_centres_on_the_group_proportion() {
        let m = detail(RATES, &["A", "B"]);
        let f = m.funnel.unwrap();
        // (30 + 50 + 10) / (100 + 200 + 100) = 22.5%.
        assert!((f.centre - 22.5).abs() < 1e-9);
        assert_eq!(f.points.len(), 3);
        let (x, l) = f.curve[0];
        assert!(x <= 50.0 && l.lower_998 < l.lower_95 && l.upper_95 < l.upper_998);
        // Limits narrow as the denominator grows.
        let (_, last) = f.curve[CURVE_POINTS];
        assert!(last.upper_95 - last.lower_95 < l.upper_95 - l.lower_95);
    }

    #[test]
    fn counts_get_poisson_intervals_and_no_funnel() {
        let mut text = String::from("Crime ID,Month,Falls within,LSOA name,Crime type\n");
        for (i, area) in std::iter::repeat_n("Home 001A", 9)
            .chain(std::iter::repeat_n("A 001A", 4))
            .enumerate()
        {
            text.push_str(&format!("c{i},2019-04,P,{area},Drugs\n"));
        }
        let mut d = Dataset::default();
        d.add(LoadedFile::new(0, ingest_bytes("s.csv", text.as_bytes()).remove(0)).unwrap())
            .unwrap();
        let all = observations(&d);
        let mut options = ScorecardOptions::new("Home");
        options.peers = vec!["A".into()];
        let m = measure_detail(&d, &all, &options, "Crimes: Drugs").unwrap();
        assert_eq!(m.figures.len(), 2);
        assert_eq!(
            (m.figures[0].area.as_str(), m.figures[0].value),
            ("A", 4.0),
            "fewer is better"
        );
        // Garwood 95% for 9: 4.115 to 17.08.
        let i = m.figures.iter().find(|f| f.home).unwrap().interval.unwrap();
        assert!((i.lower - 4.115).abs() < 0.01 && (i.upper - 17.08).abs() < 0.01);
        assert!(m.funnel.is_err());
    }
}
