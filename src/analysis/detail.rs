//! One measure in depth, for its page: the home area's scorecard entry, every
//! compared area's series (the small multiples), the latest figures with 95%
//! intervals (the peer chart) and, for a proportion, a funnel plot.

use serde::Serialize;

use super::intervals::{poisson, wilson, Interval, Level};
use super::measures::{Kind, Observation};
use super::peers::{proportion_limits, rate_limits, FunnelLimits};
use super::population::{Populations, PER};
use super::scorecard::{
    scorecard_from, series_for, Entry, NationalFigure, ScorecardOptions, SeriesPoint,
};
use super::spc::Direction;
use crate::dataset::Dataset;
use crate::model::Period;

/// One area's figure for the latest period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigure {
    pub area: String,
    pub home: bool,
    /// The figure areas are compared on: for a count, per 1,000 residents.
    pub value: f64,
    /// For a count: the count itself and the residents it is divided by.
    pub count: Option<f64>,
    pub residents: Option<f64>,
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
    /// What the x axis counts: "cases" or "residents".
    pub x_label: String,
    pub centre: f64,
    /// What the centre is: "England and Wales" where the data gives it (the
    /// scorecard's funnel position is then against it too), else "the group".
    pub around: String,
    /// (denominator, area, home, value)
    pub points: Vec<(f64, String, bool, f64)>,
    /// Limits at a spread of denominators, for drawing the curves.
    pub curve: Vec<(f64, FunnelLimits)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureDetail {
    pub entry: Entry,
    /// The period the peer figures are for: the home area's latest mature one.
    pub period: Option<Period>,
    /// Best first, by the measure's polarity.
    pub figures: Vec<AreaFigure>,
    /// The home area first, then the peers in the order given.
    pub areas: Vec<AreaSeries>,
    pub funnel: Result<Funnel, String>,
    /// How the figures, bars, funnel and small multiples are expressed: a
    /// count's rate is a value per 1,000 residents.
    pub compare_kind: Kind,
    pub compare_unit: Option<String>,
    /// "per 1,000 residents, ONS mid-2019" when counts are compared as rates.
    pub basis: Option<String>,
    /// Why some areas, or all, are not compared.
    pub note: Option<String>,
    /// England and Wales on the same footing as the figures (a rate for a
    /// count), where the loaded data covers all of it.
    pub national: Option<f64>,
}

impl MeasureDetail {
    /// A figure as areas are compared on it (a count's rate per 1,000 residents).
    pub fn show_compared(&self, value: f64) -> String {
        super::scorecard::format_value(value, self.compare_kind, self.compare_unit.as_deref())
    }
}

/// Points along the funnel's curves.
const CURVE_POINTS: usize = 60;

fn interval(
    kind: Kind,
    unit: Option<&str>,
    p: &SeriesPoint,
    residents: Option<f64>,
) -> Option<Interval> {
    match kind {
        // Exact Poisson on the count, scaled to the rate.
        Kind::Count => {
            let i = poisson(p.value?, Level::NinetyFive)?;
            let scale = residents.map_or(1.0, |r| PER / r);
            Some(Interval {
                lower: i.lower * scale,
                upper: i.upper * scale,
            })
        }
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

/// A count's funnel: each area's rate per 1,000 against its residents, limits
/// around the group's rate (Spiegelhalter 2005, as `peers::rate_limits`).
fn rate_funnel(figures: &[AreaFigure]) -> Result<Funnel, String> {
    let with_sizes: Vec<(&AreaFigure, f64, f64)> = figures
        .iter()
        .filter_map(|f| Some((f, f.count?, f.residents.filter(|r| *r > 0.0)?)))
        .collect();
    if with_sizes.len() < 2 {
        return Err("A funnel plot needs at least two areas with a figure and a population for the same period.".into());
    }
    let count: f64 = with_sizes.iter().map(|(_, c, _)| c).sum();
    let people: f64 = with_sizes.iter().map(|(_, _, r)| r).sum();
    let theta = count * PER / people;
    let (low, high) = with_sizes
        .iter()
        .fold((f64::INFINITY, 0f64), |(lo, hi), (_, _, r)| {
            (lo.min(*r), hi.max(*r))
        });
    let (from, to) = ((low * 0.5).max(1.0), high * 1.3);
    let curve = (0..=CURVE_POINTS)
        .filter_map(|i| {
            let x = from * (to / from).powf(i as f64 / CURVE_POINTS as f64);
            Some((x, rate_limits(theta, x, PER)?))
        })
        .collect();
    Ok(Funnel {
        x_label: "residents".into(),
        centre: theta,
        around: "the group".into(),
        points: with_sizes
            .iter()
            .map(|(f, _, r)| (*r, f.area.clone(), f.home, f.value))
            .collect(),
        curve,
    })
}

fn funnel(entry: &Entry, figures: &[AreaFigure]) -> Result<Funnel, String> {
    if entry.kind == Kind::Count {
        return rate_funnel(figures);
    }
    if entry.kind != Kind::Proportion {
        return Err("A funnel plot needs a proportion with its denominator, or a count with populations; this measure is a figure given as it is, so compare the bars instead.".into());
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
    let (theta, around) = match &entry.national {
        Some(NationalFigure {
            numerator: Some(n),
            denominator: Some(d),
            ..
        }) if *d > 0.0 => (n / d, "England and Wales"),
        _ => {
            let n: f64 = with_sizes.iter().filter_map(|f| f.numerator).sum();
            let d: f64 = with_sizes.iter().filter_map(|f| f.denominator).sum();
            (n / d, "the group")
        }
    };
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
        x_label: "cases".into(),
        centre: theta * scale,
        around: around.into(),
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
    let populations = Populations::new(dataset);
    let count = entry.kind == Kind::Count;
    // (area, home, series, residents)
    let mut areas: Vec<(String, bool, Vec<SeriesPoint>, Option<f64>)> = vec![(
        options.area.clone(),
        true,
        entry.series.clone(),
        entry.residents.as_ref().map(|r| r.people),
    )];
    // The peers the entry was compared with: the group's areas with figures
    // for this measure, or the fallback group's.
    for peer in &entry.compared_with {
        if peer.eq_ignore_ascii_case(&options.area) {
            continue;
        }
        let of_peer: Vec<&Observation> = only
            .iter()
            .filter(|o| o.area.eq_ignore_ascii_case(peer))
            .collect();
        let Some(first) = of_peer.first() else {
            continue;
        };
        let residents = count
            .then(|| populations.of(peer, first.code.as_deref()))
            .flatten()
            .map(|r| r.people);
        areas.push((
            peer.clone(),
            false,
            series_for(&of_peer, options),
            residents,
        ));
    }
    let mut note = None;
    if count {
        // Counts are compared only as rates: an area without a population is
        // left out of every comparison, and named.
        let missing: Vec<String> = areas
            .iter()
            .filter(|a| a.3.is_none())
            .map(|a| a.0.clone())
            .collect();
        if !missing.is_empty() {
            note = Some(format!(
                "Not compared, with no population figure: {}. Counts are compared only per 1,000 residents; load a population table covering {} on the Data page.",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ));
        }
        if entry.residents.is_none() {
            areas.truncate(1);
        } else {
            areas.retain(|a| a.3.is_some());
        }
    }
    // Compared on the latest mature period, as the scorecard ranks: a
    // provisional figure is compared with nobody's.
    let period = entry.judged.as_ref().map(|l| l.period);
    let mut figures: Vec<AreaFigure> = if count && entry.residents.is_none() {
        Vec::new()
    } else {
        areas
            .iter()
            .filter_map(|(area, home, series, residents)| {
                let p = series
                    .iter()
                    .find(|p| Some(p.period) == period && !p.provisional)?;
                let value = p.value?;
                Some(AreaFigure {
                    area: area.clone(),
                    home: *home,
                    value: match residents {
                        Some(r) if count => value * PER / r,
                        _ => value,
                    },
                    count: count.then_some(value),
                    residents: *residents,
                    numerator: p.numerator,
                    denominator: p.denominator,
                    interval: interval(entry.kind, entry.unit.as_deref(), p, *residents),
                })
            })
            .collect()
    };
    crate::model::sort::sort_by(&mut figures, |a, b| {
        let order = a.value.total_cmp(&b.value);
        match entry.direction {
            Direction::Lower => order,
            Direction::Higher | Direction::Neither => order.reverse(),
        }
    });
    let funnel = funnel(&entry, &figures);
    let basis = entry.residents.as_ref().map(|r| r.basis());
    let rated = count && basis.is_some();
    let areas = areas
        .into_iter()
        .map(|(area, home, mut series, residents)| {
            if let (true, Some(r)) = (rated, residents) {
                // On one scale: the rate per 1,000 residents.
                for p in &mut series {
                    p.rate = p.value.map(|v| v * PER / r);
                    p.value = p.rate;
                }
            }
            AreaSeries { area, home, series }
        })
        .collect();
    let national = entry
        .national
        .as_ref()
        .and_then(|n| if rated { n.rate } else { Some(n.value) });
    Some(MeasureDetail {
        national,
        compare_kind: if rated { Kind::Value } else { entry.kind },
        // The basis ("per 1,000 residents, …") is stated beside every chart
        // and table; a unit on each axis label would not fit a small chart.
        compare_unit: if rated { None } else { entry.unit.clone() },
        basis,
        note,
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
    use crate::dataset::LoadedFile;
    use crate::ingest::ingest_bytes;

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

    fn street_detail(populations: Option<&str>) -> MeasureDetail {
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
        if let Some(table) = populations {
            let loaded = ingest_bytes("population-2019.csv", table.as_bytes()).remove(0);
            d.add(LoadedFile::new(1, loaded).unwrap()).unwrap();
        }
        let all = observations(&d);
        let mut options = ScorecardOptions::new("Home");
        options.peers = vec!["A".into()];
        measure_detail(&d, &all, &options, "Crimes: Drugs").unwrap()
    }

    #[test]
    fn counts_are_compared_per_1000_residents_with_scaled_poisson_intervals() {
        // 9 crimes among 9,000 people is 1.0 per 1,000; 4 among 2,000 is 2.0.
        let m = street_detail(Some("area,population\nHome,9000\nA,2000\n"));
        let order: Vec<(&str, f64, Option<f64>)> = m
            .figures
            .iter()
            .map(|f| (f.area.as_str(), f.value, f.count))
            .collect();
        assert_eq!(
            order,
            [("Home", 1.0, Some(9.0)), ("A", 2.0, Some(4.0))],
            "fewer per 1,000 is better, though Home has more crimes"
        );
        assert_eq!(
            m.basis.as_deref(),
            Some("per 1,000 residents, population-2019.csv (2019)")
        );
        // Garwood 95% for 9 is 4.115 to 17.08; per 1,000 of 9,000 divide by 9.
        let i = m.figures[0].interval.unwrap();
        assert!((i.lower - 0.4572).abs() < 0.001 && (i.upper - 1.8978).abs() < 0.001);
        // The funnel centres on (9 + 4) / 11,000 people = 1.1818 per 1,000.
        let f = m.funnel.unwrap();
        assert!((f.centre - 13.0 / 11.0).abs() < 1e-9);
        assert_eq!(f.x_label, "residents");
        let p = m.entry.peers.as_ref().unwrap();
        assert_eq!((p.rank, p.of), (1, 2));
        // Small multiples share the rate scale.
        assert_eq!(m.areas[1].series[0].value, Some(2.0));
        assert_eq!(m.entry.series[0].rate, Some(1.0));
    }

    #[test]
    fn counts_without_populations_are_never_ranked() {
        let m = street_detail(None);
        assert!(m.figures.is_empty());
        assert!(m.entry.peers.is_none());
        assert!(m.funnel.is_err());
        assert_eq!(
            m.note.as_deref(),
            Some("Not compared, with no population figure: Home, A. Counts are compared only per 1,000 residents; load a population table covering them on the Data page.")
        );
        assert!(m
            .entry
            .peer_note
            .as_deref()
            .unwrap()
            .starts_with("Home is not ranked"));
        // With Home's population only, A is named and left out.
        let m = street_detail(Some("area,population\nHome,9000\n"));
        assert_eq!(m.figures.len(), 1);
        assert_eq!(
            m.entry.peer_note.as_deref(),
            Some("Not ranked, with no population figure: A. Load a population table covering it on the Data page.")
        );
    }
}
