//! The scorecard: for one area, every measure with its latest value, target
//! and RAG, change and whether it is real, SPC, peers, provisional periods and
//! a plain-English summary. The app shows it; `scrutineer scorecard` prints it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::ages;
use super::change::{self, Change};
pub use super::entry::{ApartFigure, Entry, FunnelDetail, NationalFigure, ENGLAND_AND_WALES};
use super::maturity;
use super::measures::{
    earlier_observations, equal_age_measure, observations_with, offence_definition,
    offences_of_measure, Kind, Observation, OutcomeSettings, POLICE_UK_POSITIVE_RATE,
};
use super::peers::{
    compare, proportion_limits, rate_limits, FunnelLimits, FunnelPosition, PeerComparison,
};
use super::periods::Granularity;
use super::population::{force_key, rate, Populations, Residents, PER};
use super::series::{self, place_notes, seasonal, SeriesOptions};
pub use super::series::{ChartNote, SeasonalRange, SeriesPoint, SEASONAL_MINIMUM, SEASONAL_YEARS};
use super::settings::{Fallback, MIN_PEERS};
use super::spc::{xmr, SpcOptions};
pub use super::summary::{format_rate, format_value, ordinal};
use super::summary::{period_words, summary};
use super::targets::check;
use super::ytd::{
    combined_change, compared, headline, year_to_date, Comparison, Window, YearToDate,
};
use crate::dataset::Dataset;
use crate::model::{Month, Period};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorecardOptions {
    pub area: String,
    pub peers: Vec<String>,
    /// What `peers` are, in words ("Rotherham's 20 most similar areas ...").
    pub peer_group: String,
    /// The peers in a sentence ("similar areas").
    pub peer_noun: String,
    /// Peers for a measure that fewer than three of `peers` have figures for.
    pub fallback: Option<Fallback>,
    pub granularity: Granularity,
    /// Aggregate periods with months missing (they are flagged either way).
    pub allow_incomplete: bool,
    pub provisional_threshold: f64,
    /// police.uk outcome rates' months younger than this are provisional.
    pub minimum_age: u32,
    pub spc: SpcOptions,
    pub outcomes: OutcomeSettings,
    /// Recording breaks by measure: SPC limits start again from the first
    /// period on or after each month.
    pub breaks: BTreeMap<String, Vec<Month>>,
    /// The user's dated notes, placed on each measure's series.
    pub notes: Vec<crate::analysis::settings::Note>,
}

impl ScorecardOptions {
    pub fn new(area: &str) -> ScorecardOptions {
        ScorecardOptions {
            area: area.to_string(),
            peers: Vec::new(),
            peer_group: "peers".into(),
            peer_noun: "similar areas".into(),
            fallback: None,
            granularity: Granularity::Month,
            allow_incomplete: false,
            provisional_threshold: maturity::DEFAULT_THRESHOLD,
            minimum_age: maturity::DEFAULT_MINIMUM_AGE,
            spc: SpcOptions::default(),
            outcomes: OutcomeSettings::default(),
            breaks: BTreeMap::new(),
            notes: Vec::new(),
        }
    }
}

impl ScorecardOptions {
    pub fn series(&self) -> SeriesOptions {
        SeriesOptions {
            granularity: self.granularity,
            allow_incomplete: self.allow_incomplete,
            provisional_threshold: self.provisional_threshold,
            minimum_age: self.minimum_age,
        }
    }
}

/// A series' own points at the chosen granularity, provisional ones marked.
pub(crate) fn series_for(
    observations: &[&Observation],
    options: &ScorecardOptions,
) -> Vec<SeriesPoint> {
    series::series_for(observations, options.series())
}

/// England and Wales's figure for `measure` in `period`: a row the tables
/// give for it (ONS's K04000001), else the sum over every one of the 43
/// territorial forces when each has a figure (Home Office tables of every
/// force). Partial data gives none: a sum over some forces is not national.
fn national_figure<'a>(
    observations_of: &dyn Fn(&str, &str) -> &'a [&'a Observation],
    force_areas: &[Vec<String>],
    measure: &str,
    meta: &Observation,
    period: Period,
    populations: &Populations,
    options: &ScorecardOptions,
) -> Option<NationalFigure> {
    let point_of = |area: &str| -> Option<SeriesPoint> {
        series_for(observations_of(area, measure), options)
            .into_iter()
            .find(|p| p.period == period && p.value.is_some())
    };
    let (point, source) = match point_of(ENGLAND_AND_WALES) {
        Some(p) => (
            p,
            "England and Wales, as the loaded tables give it".to_string(),
        ),
        None => {
            let points: Vec<SeriesPoint> = force_areas
                .iter()
                .map(|names| names.iter().find_map(|a| point_of(a)))
                .collect::<Option<_>>()?;
            let sum = |f: fn(&SeriesPoint) -> Option<f64>| -> Option<f64> {
                points.iter().map(f).sum::<Option<f64>>()
            };
            let (numerator, denominator) = (sum(|p| p.numerator), sum(|p| p.denominator));
            let value = match meta.kind {
                Kind::Proportion => {
                    let (n, d) = (numerator?, denominator.filter(|d| *d > 0.0)?);
                    if meta.unit.as_deref() == Some("%") {
                        100.0 * n / d
                    } else {
                        n / d
                    }
                }
                Kind::Count => sum(|p| p.value)?,
                Kind::Value => return None,
            };
            (
                SeriesPoint {
                    value: Some(value),
                    numerator,
                    denominator,
                    ..points[0].clone()
                },
                format!(
                    "England and Wales: the {} territorial forces added up",
                    force_areas.len()
                ),
            )
        }
    };
    let residents = (meta.kind == Kind::Count)
        .then(|| populations.of(ENGLAND_AND_WALES, Some("K04000001")))
        .flatten();
    let value = point.value?;
    let apart = NOT_TERRITORIAL
        .iter()
        .filter_map(|area| {
            let p = point_of(area)?;
            Some(ApartFigure {
                area: area.to_string(),
                value: p.value?,
                numerator: p.numerator,
                denominator: p.denominator,
            })
        })
        .collect();
    Some(NationalFigure {
        period,
        value,
        numerator: point.numerator,
        denominator: point.denominator,
        rate: residents.as_ref().and_then(|r| rate(value, r.people)),
        residents,
        source,
        apart,
    })
}

/// Forces in the Home Office tables that police no area of their own, so
/// are not in England and Wales's figure: shown apart, by name.
const NOT_TERRITORIAL: [&str; 1] = ["British Transport Police"];

fn area_is_national(area: &str) -> bool {
    area.eq_ignore_ascii_case(ENGLAND_AND_WALES)
}

/// The point, unless it is provisional.
fn mature(p: &SeriesPoint) -> Option<&SeriesPoint> {
    (!p.provisional).then_some(p)
}

/// The period a year before `p`, at the same granularity.
fn year_before(p: Period) -> Option<Period> {
    Some(match p {
        Period::Month(m) => Period::Month(Month::new(m.year() - 1, m.month())?),
        Period::Quarter { year, quarter } => Period::Quarter {
            year: year - 1,
            quarter,
        },
        Period::FinancialYear(y) => Period::FinancialYear(y - 1),
        Period::CalendarYear(y) => Period::CalendarYear(y - 1),
        Period::YearEnding(m) => Period::YearEnding(Month::new(m.year() - 1, m.month())?),
        Period::Day { .. } => return None,
    })
}

fn change_between(kind: Kind, a: &SeriesPoint, b: &SeriesPoint) -> Option<Change> {
    match kind {
        Kind::Count => {
            let (x, y) = (a.value?, b.value?);
            // The exact test needs whole, non-negative counts.
            if x >= 0.0 && y >= 0.0 && x.fract() == 0.0 && y.fract() == 0.0 {
                change::counts(x as u64, y as u64)
            } else {
                Some(change::values(x, y))
            }
        }
        Kind::Proportion => {
            let c = change::proportions(
                (a.numerator?, a.denominator?),
                (b.numerator?, b.denominator?),
            )?;
            // Report in the measure's own units (the test is on the proportions).
            Some(Change {
                from: a.value?,
                to: b.value?,
                absolute: b.value? - a.value?,
                ..c
            })
        }
        Kind::Value => Some(change::values(a.value?, b.value?)),
    }
}

/// Where each break month falls in `series`: the first period starting on or
/// after it. A break before the first period changes nothing.
pub fn break_indexes(series: &[SeriesPoint], months: &[Month]) -> Vec<usize> {
    let mut out: Vec<usize> = months
        .iter()
        .filter_map(|m| {
            series
                .iter()
                .position(|p| p.period.first_month().is_some_and(|f| f >= *m))
        })
        .filter(|&i| i > 0)
        .collect();
    crate::model::sort::sort(&mut out);
    out.dedup();
    out
}

/// Rank, funnel position and a note, from the peers' figures for the home
/// area's latest period. Counts are compared per 1,000 residents: an area
/// without a population is never ranked on its raw count.
fn compare_with_peers(
    home: &str,
    meta: &Observation,
    latest: &SeriesPoint,
    home_residents: Option<&Residents>,
    peers: &[(&String, Option<Residents>, SeriesPoint)],
    national: Option<&NationalFigure>,
) -> (
    Option<PeerComparison>,
    Option<(FunnelPosition, FunnelDetail)>,
    Option<String>,
) {
    if meta.kind != Kind::Count {
        let values: Vec<f64> = peers.iter().filter_map(|(_, _, p)| p.value).collect();
        let comparison = latest
            .value
            .and_then(|v| compare(v, &values, meta.direction));
        let funnel = (meta.kind == Kind::Proportion)
            .then(|| {
                let points = || {
                    peers
                        .iter()
                        .map(|(_, _, p)| p)
                        .chain(std::iter::once(latest))
                };
                // Around England and Wales where the data gives it, else
                // around the compared areas taken together.
                let (n, d, around) = match national {
                    Some(NationalFigure {
                        numerator: Some(n),
                        denominator: Some(d),
                        ..
                    }) => (*n, *d, "England and Wales"),
                    _ => (
                        points().filter_map(|p| p.numerator).sum(),
                        points().filter_map(|p| p.denominator).sum(),
                        "the compared areas together",
                    ),
                };
                let limits = proportion_limits(n / d, latest.denominator?)?;
                let scale = if meta.unit.as_deref() == Some("%") {
                    100.0
                } else {
                    1.0
                };
                Some((
                    limits.position(latest.numerator? / latest.denominator?),
                    funnel_detail(around, scale * n / d, limits, scale),
                ))
            })
            .flatten();
        return (comparison, funnel, None);
    }
    let Some(home_people) = home_residents.map(|r| r.people) else {
        return (
            None,
            None,
            Some(format!(
                "{home} is not ranked: counts are compared only per 1,000 residents, and there is no population figure for {home}. Load a population table (area name or code, and population) on the Data page."
            )),
        );
    };
    let mut unranked = Vec::new();
    let mut ranked: Vec<(f64, f64)> = Vec::new(); // (count, residents)
    for (name, residents, point) in peers {
        match (residents, point.value) {
            (Some(r), Some(v)) if r.people > 0.0 => ranked.push((v, r.people)),
            (None, Some(_)) => unranked.push(name.as_str()),
            _ => {}
        }
    }
    let Some(home_count) = latest.value else {
        return (None, None, None);
    };
    let home_rate = home_count * PER / home_people;
    let rates: Vec<f64> = ranked.iter().map(|(n, p)| n * PER / p).collect();
    let comparison = compare(home_rate, &rates, meta.direction);
    let (count, people) = ranked
        .iter()
        .chain(std::iter::once(&(home_count, home_people)))
        .fold((0.0, 0.0), |(c, p), (n, q)| (c + n, p + q));
    let centre = count * PER / people;
    let funnel = rate_limits(centre, home_people, PER).map(|l| {
        (
            l.position(home_rate),
            funnel_detail("the compared areas together", centre, l, 1.0),
        )
    });
    let note = (!unranked.is_empty()).then(|| {
        format!(
            "Not ranked, with no population figure: {}. Load a population table covering {} on the Data page.",
            unranked.join(", "),
            if unranked.len() == 1 { "it" } else { "them" }
        )
    });
    (comparison, funnel, note)
}

fn funnel_detail(around: &str, centre: f64, l: FunnelLimits, scale: f64) -> FunnelDetail {
    FunnelDetail {
        around: around.to_string(),
        centre,
        lower_998: scale * l.lower_998,
        lower_95: scale * l.lower_95,
        upper_95: scale * l.upper_95,
        upper_998: scale * l.upper_998,
    }
}

/// What "force-wide" means for the home area: its force's councils (summed),
/// or, for a force itself, its own figures.
struct ForceContext {
    councils: Vec<String>,
    is_force: bool,
    /// Each territorial force by the names the files give it, for England
    /// and Wales as their sum.
    every_force: Vec<Vec<String>>,
}

/// The measure's year to date for the home area, with the force-wide change
/// (its councils summed) and the peers' average change beside it.
fn ytd_for<'a>(
    observations_of: &dyn Fn(&str, &str) -> &'a [&'a Observation],
    measure: &str,
    meta: &Observation,
    residents: Option<f64>,
    peers: &[&String],
    force: &ForceContext,
    options: &ScorecardOptions,
) -> Option<YearToDate> {
    let force_areas = &force.every_force;
    let (force_councils, is_force) = (&force.councils, force.is_force);
    let monthly = ScorecardOptions {
        granularity: Granularity::Month,
        ..options.clone()
    };
    let percent = meta.unit.as_deref() == Some("%");
    let base = series_for(observations_of(&options.area, measure), &monthly);
    let mut y = year_to_date(&base, meta.kind, meta.unit.as_deref(), residents)?;
    // Each area worked out once: the peers are mostly the force's councils,
    // and the home area is one of them (its windows' sums need no residents).
    let mut known: HashMap<String, Option<YearToDate>> = HashMap::new();
    known.insert(options.area.to_lowercase(), Some(y.clone()));
    for area in peers
        .iter()
        .map(|p| p.as_str())
        .chain(force_councils.iter().map(String::as_str))
    {
        known.entry(area.to_lowercase()).or_insert_with(|| {
            let base = series_for(observations_of(area, measure), &monthly);
            year_to_date(&base, meta.kind, meta.unit.as_deref(), None)
        });
    }
    // England and Wales: its own row, else every territorial force (each by
    // the first of its names with figures), never some of them.
    let national: Vec<YearToDate> = if area_is_national(&options.area) {
        Vec::new()
    } else if !observations_of(ENGLAND_AND_WALES, measure).is_empty() {
        let base = series_for(observations_of(ENGLAND_AND_WALES, measure), &monthly);
        year_to_date(&base, meta.kind, meta.unit.as_deref(), None)
            .into_iter()
            .collect()
    } else {
        let named: Option<Vec<&String>> = force_areas
            .iter()
            .map(|names| {
                names
                    .iter()
                    .find(|n| !observations_of(n, measure).is_empty())
            })
            .collect();
        named
            .filter(|n| !n.is_empty())
            .map(|named| {
                named
                    .iter()
                    .filter_map(|area| {
                        let base = series_for(observations_of(area, measure), &monthly);
                        year_to_date(&base, meta.kind, meta.unit.as_deref(), None)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let national_forces = if observations_of(ENGLAND_AND_WALES, measure).is_empty() {
        force_areas.len()
    } else {
        1
    };
    let of = |area: &str| known.get(&area.to_lowercase()).cloned().flatten();
    let others: Vec<YearToDate> = peers.iter().filter_map(|p| of(p)).collect();
    let force: Vec<YearToDate> = force_councils.iter().filter_map(|c| of(c)).collect();
    // The windows a comparison stands on (like for like when a month is
    // missing), with the months left out, so areas line up.
    let basis = |c: &Comparison| {
        compared(c).map(|(this, last, change, left_out)| {
            (
                this.clone(),
                last.clone(),
                change.cloned(),
                left_out.to_vec(),
            )
        })
    };
    let headline_of =
        |c: &Comparison| basis(c).and_then(|(_, _, change, _)| headline(change.as_ref()?, percent));
    let average = |picked: Vec<Option<f64>>| {
        let known: Vec<f64> = picked.into_iter().flatten().collect();
        (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64)
    };
    for (comparison, pick) in [
        (
            &mut y.financial_year,
            (|y: &YearToDate| &y.financial_year) as fn(&YearToDate) -> &Comparison,
        ),
        (&mut y.rolling, |y: &YearToDate| &y.rolling),
    ] {
        comparison.peer_average_change =
            average(others.iter().map(|o| headline_of(pick(o))).collect());
        let home = basis(comparison);
        let councils: Vec<_> = force.iter().filter_map(|f| basis(pick(f))).collect();
        // Only when every council's windows are the home area's months.
        let aligned = home.as_ref().is_some_and(|h| {
            councils.len() == force_councils.len()
                && councils
                    .iter()
                    .all(|c| (c.0.first, c.0.last, &c.3) == (h.0.first, h.0.last, &h.3))
        });
        let lines_up = |c: &(Window, Window, Option<Change>, Vec<Month>)| {
            home.as_ref()
                .is_some_and(|h| (c.0.first, c.0.last, &c.3) == (h.0.first, h.0.last, &h.3))
        };
        let whole: Vec<_> = national.iter().filter_map(|n| basis(pick(n))).collect();
        comparison.national_change = (whole.len() == national_forces && whole.iter().all(lines_up))
            .then(|| {
                let pairs: Vec<(&Window, &Window)> = whole.iter().map(|c| (&c.0, &c.1)).collect();
                combined_change(&pairs, meta.kind, percent)
            })
            .flatten();
        let pairs: Vec<(&Window, &Window)> = councils.iter().map(|c| (&c.0, &c.1)).collect();
        comparison.force_change = if aligned {
            combined_change(&pairs, meta.kind, percent)
        } else if is_force {
            // A force's own figures (Home Office) are the force-wide change.
            headline_of(comparison)
        } else {
            None
        };
    }
    Some(y)
}

/// Where the raw police.uk rate's equal-age counterpart is, or why there is none.
fn equal_age_note(dataset: &Dataset, index: &Index, options: &ScorecardOptions) -> String {
    let n = options.outcomes.equal_age_months;
    let measure = equal_age_measure(n);
    let months = if n == 1 { "month" } else { "months" };
    if !lookup(index, &options.area, &measure).is_empty() {
        return format!(
            "This rate falls over the latest months until their cases conclude; to compare months fairly, see \"{measure}\", which gives every month the same {n} {months}."
        );
    }
    let outcomes = dataset
        .files()
        .iter()
        .any(|f| matches!(f.content, crate::ingest::Content::Outcomes(_)));
    if outcomes {
        format!("The rate at equal age (positive outcomes within {n} {months} of the crime) needs outcomes for each crime month and the {n} {months} after it; the loaded outcomes files do not yet cover that for any month of {}.", options.area)
    } else {
        format!("The rate at equal age (positive outcomes within {n} {months} of the crime) needs police.uk outcomes files (YYYY-MM-force-outcomes.csv), which give the month of each outcome; none is loaded, so months are compared only as extracted.")
    }
}

/// Observations by (lower-cased area, measure).
type Index<'a> = HashMap<(String, String), Vec<&'a Observation>>;

fn lookup<'i, 'a>(index: &'i Index<'a>, area: &str, measure: &str) -> &'i [&'a Observation] {
    index
        .get(&(area.to_lowercase(), measure.to_string()))
        .map_or(&[], Vec::as_slice)
}

/// The scorecard for `options.area`, measure by measure (alphabetical).
pub fn scorecard(dataset: &Dataset, options: &ScorecardOptions) -> Vec<Entry> {
    let all = observations_with(dataset, &options.outcomes);
    scorecard_from(dataset, &all, options)
}

/// As [`scorecard`], from observations worked out once for the whole dataset
/// (they change only when files do; the scorecard changes with every choice).
pub fn scorecard_from(
    dataset: &Dataset,
    all: &[Observation],
    options: &ScorecardOptions,
) -> Vec<Entry> {
    let area_matches = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut index: Index = HashMap::new();
    for o in all {
        index
            .entry((o.area.to_lowercase(), o.measure.clone()))
            .or_default()
            .push(o);
    }
    let home = options.area.to_lowercase();
    let measures: BTreeSet<&str> = index
        .keys()
        .filter(|(a, _)| *a == home)
        .map(|(_, m)| m.as_str())
        .collect();
    let observations_of = |area: &str, measure: &str| lookup(&index, area, measure);
    let series_of = |area: &str, measure: &str| -> Vec<SeriesPoint> {
        series_for(observations_of(area, measure), options)
    };
    let populations = Populations::new(dataset);
    let mut earlier: HashMap<(String, String), BTreeMap<String, Vec<Observation>>> = HashMap::new();
    for (extract, o) in earlier_observations(dataset, &options.outcomes) {
        earlier
            .entry((o.area.to_lowercase(), o.measure.clone()))
            .or_default()
            .entry(extract)
            .or_default()
            .push(o);
    }
    // The home council's force and its councils, for force-wide changes.
    let councils = dataset.councils();
    let force_councils: Vec<String> = councils
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(&options.area))
        .map(|home| {
            councils
                .iter()
                .filter(|c| c.force == home.force && !c.edge_of_area)
                .map(|c| c.name.clone())
                .collect()
        })
        .unwrap_or_default();
    // Each territorial force and the names the files give it ("Devon &
    // Cornwall" is the Home Office's "Devon and Cornwall"), matched once.
    let force_areas: Vec<Vec<String>> = {
        let areas: BTreeSet<&str> = index.keys().map(|(a, _)| a.as_str()).collect();
        let keyed: Vec<(String, &str)> = areas.iter().map(|a| (force_key(a), *a)).collect();
        populations
            .forces()
            .iter()
            .map(|f| {
                let key = force_key(f);
                keyed
                    .iter()
                    .filter(|(k, _)| *k == key)
                    .map(|(_, a)| a.to_string())
                    .collect()
            })
            .collect()
    };
    let force_context = ForceContext {
        is_force: !populations.districts_of_force(&options.area).is_empty(),
        councils: force_councils,
        every_force: force_areas,
    };
    let mut out = Vec::new();
    for measure in measures {
        let Some(meta) = observations_of(&options.area, measure).first().copied() else {
            continue;
        };
        let mut series = series_of(&options.area, measure);
        let latest_index = series.iter().rposition(|p| p.value.is_some());
        let judged_index = series
            .iter()
            .rposition(|p| p.value.is_some() && !p.provisional);
        let latest = latest_index.map(|i| series[i].clone());
        let target = observations_of(&options.area, measure)
            .iter()
            .filter_map(|o| o.target)
            .next_back();
        let rag_of = |p: &SeriesPoint| check(p.value?, target?, meta.direction, None);
        let rag = latest.as_ref().and_then(rag_of);
        let judged_rag = judged_index.and_then(|i| rag_of(&series[i]));
        // Provisional periods take part in no test: neither as the latest nor
        // as the period compared with.
        // Rolling years a month or an edition apart share most of their
        // months: their difference is no test of change, so the period before
        // must not overlap (the year before, below, never does).
        let apart = |a: &SeriesPoint, b: &SeriesPoint| matches!((a.period.last_month(), b.period.first_month()), (Some(l), Some(f)) if l < f);
        let mut change_on_previous = judged_index
            .filter(|&i| i > 0 && apart(&series[i - 1], &series[i]))
            .and_then(|i| change_between(meta.kind, mature(&series[i - 1])?, &series[i]));
        let mut change_on_year = judged_index.and_then(|i| {
            let before = year_before(series[i].period)?;
            let earlier = series.iter().find(|p| p.period == before)?;
            change_between(meta.kind, mature(earlier)?, &series[i])
        });
        let excluded: Vec<bool> = series.iter().map(|p| p.provisional).collect();
        let values: Vec<Option<f64>> = series.iter().map(|p| p.value).collect();
        let mut spc_options = options.spc.clone();
        if let Some(months) = options.breaks.get(measure) {
            spc_options.breaks = break_indexes(&series, months);
        }
        let (spc, spc_note) = match xmr(&values, &excluded, meta.direction, target, &spc_options) {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let code = meta.code.as_deref();
        let residents = (meta.kind == Kind::Count)
            .then(|| populations.of(&options.area, code))
            .flatten();
        if let Some(r) = &residents {
            for p in &mut series {
                p.rate = p.value.and_then(|v| rate(v, r.people));
            }
        }
        let latest = latest_index.map(|i| series[i].clone());
        let judged = judged_index.map(|i| series[i].clone());
        let peer_series = |peer: &str| -> Option<(Option<Residents>, SeriesPoint)> {
            let of_peer = observations_of(peer, measure);
            let point = series_for(of_peer, options)
                .into_iter()
                .find(|x| Some(x.period) == judged.as_ref().map(|l| l.period))?;
            let code = of_peer.first().and_then(|o| o.code.as_deref());
            Some((populations.of(peer, code), point))
        };
        // The group's areas with figures for this measure; too few, and the
        // fallback group (the force's councils) is used and said to be.
        let with_figures = |list: &'_ [String]| -> Vec<String> {
            list.iter()
                .filter(|p| !area_matches(p, &options.area))
                .filter(|p| !observations_of(p, measure).is_empty())
                .cloned()
                .collect()
        };
        let mut compared_with = with_figures(&options.peers);
        let mut peer_group = options.peer_group.clone();
        let mut peer_noun = options.peer_noun.clone();
        let fell_back = options.fallback.is_some() && compared_with.len() < MIN_PEERS;
        if let Some(f) = options
            .fallback
            .as_ref()
            .filter(|_| compared_with.len() < MIN_PEERS)
        {
            compared_with = with_figures(&f.areas);
            peer_noun = f.noun.clone();
            peer_group = format!(
                "{}, as fewer than {MIN_PEERS} of {} have figures for this measure",
                f.description, options.peer_group
            );
        }
        let national = judged
            .as_ref()
            .and_then(|j| {
                national_figure(
                    &observations_of,
                    &force_context.every_force,
                    measure,
                    meta,
                    j.period,
                    &populations,
                    options,
                )
            })
            .filter(|_| !area_matches(&options.area, ENGLAND_AND_WALES));
        let peers_named: Vec<&String> = compared_with.iter().collect();
        let (peers, funnel, peer_note) = match &judged {
            Some(l) if !peers_named.is_empty() => {
                let mut figures: Vec<(&String, Option<Residents>, SeriesPoint)> = peers_named
                    .iter()
                    .filter_map(|p| peer_series(p).map(|(r, x)| (*p, r, x)))
                    .collect();
                // A peer's provisional figure is no fairer to rank than ours.
                let young: Vec<&str> = figures
                    .iter()
                    .filter(|(_, _, x)| x.provisional)
                    .map(|(p, _, _)| p.as_str())
                    .collect();
                let young_note = (!young.is_empty()).then(|| {
                    format!(
                        "Not ranked, as provisional for {}: {}.",
                        period_words(l.period),
                        young.join(", ")
                    )
                });
                figures.retain(|(_, _, x)| !x.provisional);
                let (p, f, note) = compare_with_peers(
                    &options.area,
                    meta,
                    l,
                    residents.as_ref(),
                    &figures,
                    national.as_ref(),
                );
                let note = match (note, young_note) {
                    (Some(a), Some(b)) => Some(format!("{a} {b}")),
                    (a, b) => a.or(b),
                };
                (p, f, note)
            }
            _ => (None, None, None),
        };
        let mut revisions = Vec::new();
        if let Some(extracts) = earlier.get(&(home.clone(), measure.to_string())) {
            let now: Vec<(Period, f64)> = series
                .iter()
                .filter_map(|p| Some((p.period, p.value?)))
                .collect();
            for (extract, observations) in extracts {
                let refs: Vec<&Observation> = observations.iter().collect();
                let then: Vec<(Period, f64, Option<u32>)> = series_for(&refs, options)
                    .iter()
                    .filter_map(|p| Some((p.period, p.value?, p.age)))
                    .collect();
                revisions.extend(maturity::revisions(&then, &now, extract));
            }
        }
        // Ages: the change compared is the year-on-year one where there is one.
        let compared = judged_index.and_then(|i| {
            if change_on_year.is_some() {
                year_before(series[i].period)
            } else if change_on_previous.is_some() && i > 0 {
                Some(series[i - 1].period)
            } else {
                None
            }
        });
        let change_tested = if change_on_year.is_some() {
            change_on_year.as_mut()
        } else {
            change_on_previous.as_mut()
        };
        let ages = judged_index.and_then(|i| {
            ages::ages(
                &series,
                i,
                change_tested,
                compared,
                &revisions,
                options.minimum_age,
                spc.is_some(),
            )
        });
        let year_to_date = ytd_for(
            &observations_of,
            measure,
            meta,
            residents.as_ref().map(|r| r.people),
            &peers_named,
            &force_context,
            options,
        );
        let mut entry = Entry {
            area: options.area.clone(),
            measure: measure.to_string(),
            theme: meta.theme.clone(),
            unit: meta.unit.clone(),
            direction: meta.direction,
            kind: meta.kind,
            series,
            latest,
            judged,
            target,
            rag,
            judged_rag,
            change_on_previous,
            change_on_year,
            spc,
            spc_note,
            comparison_basis: residents
                .as_ref()
                .map_or_else(|| "as given".to_string(), Residents::basis),
            residents,
            peers,
            peer_group,
            peer_noun,
            fell_back,
            compared_with: compared_with.clone(),
            peer_note,
            funnel: funnel.as_ref().map(|f| f.0),
            funnel_limits: funnel.map(|f| f.1),
            national,
            revisions,
            ages,
            equal_age_note: (measure == POLICE_UK_POSITIVE_RATE)
                .then(|| equal_age_note(dataset, &index, options)),
            definition: offences_of_measure(&options.outcomes, measure)
                .map(|o| offence_definition(dataset, &options.outcomes, &o)),
            year_to_date,
            seasonal: Vec::new(),
            notes: Vec::new(),
            summary: String::new(),
        };
        entry.seasonal = seasonal(&entry.series);
        entry.notes = place_notes(&entry.series, &options.notes, measure);
        entry.summary = summary(&entry);
        out.push(entry);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::LoadedFile;
    use crate::ingest::{ingest_bytes, Registry};

    fn dataset(files: &[(&str, &str)]) -> Dataset {
        let mut d = Dataset::default();
        let mut registry = Registry::default();
        for (i, (name, text)) in files.iter().enumerate() {
            let mut loaded = ingest_bytes(name, text.as_bytes()).remove(0);
            registry.admit(i as u32, loaded.content.as_mut().unwrap());
            d.add(LoadedFile::new(i as u32, loaded).unwrap()).unwrap();
        }
        d
    }

    /// DOMAIN.md's 2018/19 hate-crime example, with peers for the ranking.
    const HATE: &str = "area,period,measure,value,target,polarity,theme\n\
        Rotherham,2018/19 Q1,Hate crime positive outcomes,12.9%,20,higher is better,Building Confident and Cohesive Communities\n\
        Rotherham,2018/19 Q2,Hate crime positive outcomes,19.7%,20,higher is better,Building Confident and Cohesive Communities\n\
        Rotherham,2018/19 Q3,Hate crime positive outcomes,14.3%,20,higher is better,Building Confident and Cohesive Communities\n\
        Rotherham,2018/19 Q4,Hate crime positive outcomes,6.9%,20,higher is better,Building Confident and Cohesive Communities\n\
        Barnsley,2018/19 Q4,Hate crime positive outcomes,15.0%,,,\n\
        Doncaster,2018/19 Q4,Hate crime positive outcomes,4.0%,,,\n\
        Sheffield,2018/19 Q4,Hate crime positive outcomes,9.5%,,,\n";

    #[test]
    fn hate_crime_is_below_target_every_quarter_and_ranked_among_peers() {
        let d = dataset(&[("hate.csv", HATE)]);
        let mut options = ScorecardOptions::new("Rotherham");
        options.peers = vec!["Barnsley".into(), "Doncaster".into(), "Sheffield".into()];
        options.granularity = Granularity::Quarter;
        let card = scorecard(&d, &options);
        assert_eq!(card.len(), 1);
        let e = &card[0];
        assert_eq!(
            e.theme.as_deref(),
            Some("Building Confident and Cohesive Communities")
        );
        for point in &e.series {
            let c = check(
                point.value.unwrap(),
                20.0,
                crate::analysis::spc::Direction::Higher,
                None,
            )
            .unwrap();
            assert_eq!(c.rag, super::super::targets::Rag::Red, "{:?}", point.period);
        }
        let latest = e.latest.as_ref().unwrap();
        assert_eq!(
            (latest.period.to_string(), latest.value),
            ("2018/19 Q4".to_string(), Some(6.9))
        );
        assert_eq!(e.rag.unwrap().rag, super::super::targets::Rag::Red);
        let p = e.peers.as_ref().unwrap();
        assert_eq!(
            (p.rank, p.of),
            (3, 4),
            "15.0 and 9.5 are better; 4.0 is worse"
        );
        assert_eq!(
            e.spc_note.as_deref(),
            Some("SPC limits need at least 13 points; there are 4")
        );
        assert_eq!(
            e.summary,
            "Hate crime positive outcomes: 6.9% in 2018/19 Q4, below the 20.0% target (off target), 3rd of 4 similar areas; their average 9.5%. \
             That is down 7.4 points on the period before: not tested."
        );
    }

    /// The hate-crime file as a council would keep it with the `open` column:
    /// Q4 still has 38% of its cases open, as the board's report describes.
    const HATE_WITH_OPEN: &str = "area,period,measure,value,target,polarity,open,provisional\n\
        Rotherham,2018/19 Q1,Hate crime positive outcomes,12.9%,20,higher is better,2%,\n\
        Rotherham,2018/19 Q2,Hate crime positive outcomes,19.7%,20,higher is better,5%,\n\
        Rotherham,2018/19 Q3,Hate crime positive outcomes,14.3%,20,higher is better,12%,\n\
        Rotherham,2018/19 Q4,Hate crime positive outcomes,6.9%,20,higher is better,38%,\n\
        Barnsley,2018/19 Q3,Hate crime positive outcomes,15.0%,,,,no\n\
        Barnsley,2018/19 Q4,Hate crime positive outcomes,15.0%,,,,yes\n\
        Doncaster,2018/19 Q3,Hate crime positive outcomes,10.0%,,,,\n\
        Doncaster,2018/19 Q4,Hate crime positive outcomes,4.0%,,,,\n\
        Sheffield,2018/19 Q3,Hate crime positive outcomes,12.0%,,,,\n\
        Sheffield,2018/19 Q4,Hate crime positive outcomes,9.5%,,,,\n";

    #[test]
    fn a_provisional_quarter_is_shown_but_every_judgement_is_on_the_latest_mature_one() {
        let d = dataset(&[("hate.csv", HATE_WITH_OPEN)]);
        let mut options = ScorecardOptions::new("Rotherham");
        options.peers = vec!["Barnsley".into(), "Doncaster".into(), "Sheffield".into()];
        options.granularity = Granularity::Quarter;
        let e = scorecard(&d, &options).remove(0);
        let flags: Vec<bool> = e.series.iter().map(|p| p.provisional).collect();
        assert_eq!(
            flags,
            [false, false, false, true],
            "only Q4 is above 20% open"
        );
        assert_eq!(e.latest.as_ref().unwrap().value, Some(6.9));
        assert_eq!(e.judged.as_ref().unwrap().value, Some(14.3));
        // RAG is shown for Q4, and judged on Q3.
        assert_eq!(e.rag.unwrap().rag, super::super::targets::Rag::Red);
        assert_eq!(e.judged_rag.unwrap().rag, super::super::targets::Rag::Red);
        // Ranked on Q3 among the peers: 15.0 is better, 12.0 and 10.0 worse.
        let p = e.peers.as_ref().unwrap();
        assert_eq!((p.rank, p.of), (2, 4));
        // The change is Q3 on Q2 (19.7 to 14.3), never Q4 on Q3.
        let c = e.change_on_previous.as_ref().unwrap();
        assert_eq!((c.from, c.to), (19.7, 14.3));
        assert_eq!(
            e.summary,
            "Hate crime positive outcomes: 6.9% in 2018/19 Q4, below the 20.0% target (off target, provisional). \
             2018/19 Q4 is provisional: 38% of its cases are still open, so it is not compared. \
             The latest mature quarter, 2018/19 Q3, was 14.3%, below the 20.0% target (off target), 2nd of 4 similar areas; their average 12.3%. \
             That is down 5.4 points on the period before: not tested."
        );
        // Barnsley's own "yes" makes its Q4 provisional; its "no" keeps Q3 mature.
        options.area = "Barnsley".into();
        options.peers = vec!["Rotherham".into(), "Doncaster".into()];
        let b = scorecard(&d, &options).remove(0);
        assert_eq!(
            b.series.iter().map(|p| p.provisional).collect::<Vec<_>>(),
            [false, true]
        );
        // Rotherham's Q3 is mature, so it is ranked against Barnsley's Q3.
        assert_eq!(b.peers.as_ref().map(|p| p.of), Some(3));
    }

    #[test]
    fn a_peer_whose_figure_is_provisional_is_left_out_of_the_rank_and_named() {
        let d = dataset(&[("hate.csv", HATE_WITH_OPEN)]);
        let mut options = ScorecardOptions::new("Doncaster");
        options.peers = vec!["Barnsley".into(), "Rotherham".into(), "Sheffield".into()];
        options.granularity = Granularity::Quarter;
        let e = scorecard(&d, &options).remove(0);
        // Doncaster's Q4 is not provisional; Barnsley's and Rotherham's are.
        assert_eq!(e.judged.as_ref().unwrap().period.to_string(), "2018/19 Q4");
        let p = e.peers.as_ref().unwrap();
        assert_eq!((p.rank, p.of), (2, 2), "4.0 below Sheffield's 9.5");
        assert_eq!(
            e.peer_note.as_deref(),
            Some("Not ranked, as provisional for 2018/19 Q4: Barnsley, Rotherham.")
        );
    }

    #[test]
    fn street_counts_aggregate_to_quarters_with_gaps_and_provisional_flags() {
        let mut text = String::from(
            "Crime ID,Month,Falls within,LSOA name,Crime type,Last outcome category\n",
        );
        let mut id = 0;
        for (month, n, open) in [
            ("2019-04", 10, 0),
            ("2019-05", 12, 0),
            ("2019-06", 8, 0),
            ("2019-08", 9, 0),
            ("2019-10", 11, 5),
        ] {
            for k in 0..n {
                id += 1;
                let outcome = if k < open {
                    "Under investigation"
                } else {
                    "Local resolution"
                };
                text.push_str(&format!(
                    "c{id},{month},P,Rotherham 001A,Burglary,{outcome}\n"
                ));
            }
        }
        let d = dataset(&[("s.csv", &text)]);
        let mut options = ScorecardOptions::new("Rotherham");
        options.granularity = Granularity::Quarter;
        let card = scorecard(&d, &options);
        let total = card
            .iter()
            .find(|e| e.measure == "All crime excluding anti-social behaviour")
            .unwrap();
        let values: Vec<Option<f64>> = total.series.iter().map(|p| p.value).collect();
        // Q1 complete (30); Q2 misses July (refused); Q3 is October alone in the data
        // but its other months are missing too.
        assert_eq!(values, [Some(30.0), None, None]);
        let missing: Vec<String> = total.series[1]
            .missing_months
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(missing, ["2019-07", "2019-09"]);
        // By age alone (months under 3 old in the download are provisional),
        // August and October are provisional; the open share is tested
        // below with the age rule off.
        let by_age = scorecard(&d, &ScorecardOptions::new("Rotherham"));
        let young: Vec<(String, Option<u32>)> = by_age
            .iter()
            .find(|e| e.measure == POLICE_UK_POSITIVE_RATE)
            .unwrap()
            .series
            .iter()
            .filter(|p| p.provisional)
            .map(|p| (p.period.to_string(), p.age))
            .collect();
        assert_eq!(
            young,
            [
                ("2019-08".to_string(), Some(2)),
                ("2019-10".to_string(), Some(0))
            ]
        );
        // Monthly: October has 5 of 11 cases open (45%). That makes its
        // positive-outcome rate provisional, never its count of crimes.
        let mut no_age = ScorecardOptions::new("Rotherham");
        no_age.minimum_age = 0;
        let monthly = scorecard(&d, &no_age);
        let total = monthly
            .iter()
            .find(|e| e.measure == "All crime excluding anti-social behaviour")
            .unwrap();
        assert!(total.series.iter().all(|p| !p.provisional));
        let rate = monthly
            .iter()
            .find(|e| e.measure == POLICE_UK_POSITIVE_RATE)
            .unwrap();
        let october = rate
            .series
            .iter()
            .find(|p| p.period.to_string() == "2019-10")
            .unwrap();
        assert!(october.provisional);
        assert_eq!(october.open_share, Some(5.0 / 11.0));
        // Every other month is all "Local resolution": 100% positive, mature.
        assert_eq!(
            rate.judged
                .as_ref()
                .map(|j| (j.period.to_string(), j.value)),
            Some(("2019-08".to_string(), Some(100.0)))
        );
        assert!(
            rate.summary.starts_with(
                "Positive outcome rate (%, police.uk last outcome, of crimes recorded): 54.5% (6 of 11) in October 2019. \
                 October 2019 is provisional: 45% of its cases are still open and it is 0 months old in its download, so it is not compared. \
                 The latest mature month, August 2019, was 100.0% (9 of 9)."
            ),
            "{}",
            rate.summary
        );
        // Monthly, July and September are in the series as gaps, never zeros…
        let september = total
            .series
            .iter()
            .find(|p| p.period.to_string() == "2019-09")
            .unwrap();
        assert_eq!(september.value, None);
        // …so October has no "previous period" figure to compare with, and SPC
        // refuses the gappy series.
        assert!(total.change_on_previous.is_none());
        assert!(total.spc.is_none());
    }

    #[test]
    fn a_recording_break_restarts_the_limits() {
        // 28 months: 14 around 10, then 14 around 30 (a new recording rule).
        let mut text = String::from("area,period,measure,value\n");
        let months = Month::range(
            Month::parse_iso("2018-01").unwrap(),
            Month::parse_iso("2020-04").unwrap(),
        );
        for (i, m) in months.iter().enumerate() {
            let v = if i < 14 { 10 + i % 3 } else { 30 + i % 3 };
            text.push_str(&format!("Home,{m},Recorded,{v}\n"));
        }
        let d = dataset(&[("m.csv", &text)]);
        let mut options = ScorecardOptions::new("Home");
        let plain = scorecard(&d, &options).remove(0);
        assert_eq!(plain.spc.as_ref().unwrap().segments.len(), 1);
        let march_2019 = Month::parse_iso("2019-03").unwrap();
        options.breaks.insert("Recorded".into(), vec![march_2019]);
        let split = scorecard(&d, &options).remove(0);
        let segments = &split.spc.as_ref().unwrap().segments;
        assert_eq!(segments.len(), 2);
        assert_eq!((segments[0].start, segments[1].start), (0, 14));
        // Means by hand: 10,11,12 repeating over 14 points = (4*33 + 10 + 11) / 14.
        assert!((segments[0].mean - 153.0 / 14.0).abs() < 1e-9);
        assert!(segments[1].mean > 30.0);
        assert_eq!(
            break_indexes(&split.series, &[Month::parse_iso("2017-01").unwrap()]),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn values_are_formatted_as_reports_print_them() {
        assert_eq!(format_value(22810.0, Kind::Count, None), "22,810");
        assert_eq!(format_value(-1022.0, Kind::Count, None), "-1,022");
        assert_eq!(format_value(12.97412, Kind::Proportion, Some("%")), "13.0%");
        assert_eq!(
            format_value(2.0639, Kind::Value, Some("per 1,000 people")),
            "2.06 per 1,000 people"
        );
        assert_eq!(format_value(3048.333, Kind::Count, None), "3,048");
        assert_eq!(format_value(1510.0, Kind::Value, None), "1,510");
        assert_eq!(format_value(2.5, Kind::Value, None), "2.50");
        assert_eq!(format_value(-0.4, Kind::Count, None), "0");
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
    }
}
