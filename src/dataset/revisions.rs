//! Tables arriving again: a later file's rows for a key already loaded
//! (force and quarter in Home Office tables; area, period and measure in
//! measures files) replace the earlier file's rows for that key, and are
//! never added to them. Street data is handled by force and month in
//! `dataset`, with the crime registry.

use std::collections::BTreeSet;

use crate::ingest::formats::home_office_crime::RecordedCrimeData;
use crate::ingest::formats::home_office_outcomes::HomeOfficeOutcomeData;
use crate::ingest::formats::measures::MeasureData;
use crate::ingest::group;
use crate::ingest::Content;
use crate::model::Period;

/// What says what a row is: an area (or force), a period and, for measures,
/// the measure. Rows of different kinds of content never share keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowKey {
    kind: &'static str,
    pub area: String,
    pub period: Period,
    measure: String,
}

fn crime_keys(d: &RecordedCrimeData) -> impl Iterator<Item = RowKey> + '_ {
    let kind = match d.level {
        crate::ingest::formats::home_office_crime::AreaLevel::CommunitySafetyPartnership => "csp",
        crate::ingest::formats::home_office_crime::AreaLevel::Force => "force",
    };
    d.cells.iter().map(move |(k, _)| RowKey {
        kind,
        area: d.names.name(k.area).to_string(),
        period: k.quarter,
        measure: String::new(),
    })
}

fn outcome_keys(d: &HomeOfficeOutcomeData) -> impl Iterator<Item = RowKey> + '_ {
    d.cells.iter().map(|(k, _, _)| RowKey {
        kind: "outcomes",
        area: d.names.name(k.force).to_string(),
        period: k.quarter,
        measure: String::new(),
    })
}

fn measure_key(r: &crate::ingest::formats::measures::MeasureRow) -> RowKey {
    RowKey {
        kind: "measures",
        area: r.area.clone(),
        period: r.period,
        measure: r.measure.clone(),
    }
}

/// The keys of a file's rows, if its content is keyed this way.
pub fn keys(content: &Content) -> Option<BTreeSet<RowKey>> {
    match content {
        Content::RecordedCrime(d) => Some(crime_keys(d).collect()),
        Content::CrimeOutcomes(d) => Some(outcome_keys(d).collect()),
        Content::Measures(d) => Some(d.rows.iter().map(measure_key).collect()),
        _ => None,
    }
}

/// The cells whose keys are not in `gone`.
fn kept<T: Clone>(
    cells: &[T],
    keys: impl Iterator<Item = RowKey>,
    gone: &BTreeSet<RowKey>,
) -> Vec<T> {
    cells
        .iter()
        .zip(keys)
        .filter(|(_, key)| !gone.contains(key))
        .map(|(cell, _)| cell.clone())
        .collect()
}

/// `content` without its rows for `gone`, and how many rows went.
pub fn without(content: &Content, gone: &BTreeSet<RowKey>) -> Option<(Content, usize)> {
    let (kept, before, after) = match content {
        Content::RecordedCrime(d) => {
            let cells = kept(&d.cells, crime_keys(d), gone);
            let n = cells.len();
            (
                Content::RecordedCrime(RecordedCrimeData { cells, ..d.clone() }),
                d.cells.len(),
                n,
            )
        }
        Content::CrimeOutcomes(d) => {
            let cells = kept(&d.cells, outcome_keys(d), gone);
            let n = cells.len();
            (
                Content::CrimeOutcomes(HomeOfficeOutcomeData { cells, ..d.clone() }),
                d.cells.len(),
                n,
            )
        }
        Content::Measures(d) => {
            let rows = kept(&d.rows, d.rows.iter().map(measure_key), gone);
            let n = rows.len();
            (
                Content::Measures(MeasureData {
                    rows,
                    extracted: d.extracted.clone(),
                }),
                d.rows.len(),
                n,
            )
        }
        _ => return None,
    };
    (after < before).then_some((kept, before - after))
}

/// "South Yorkshire and 42 others, 2017/18 Q1 to 2017/18 Q4": what a set of
/// replaced keys covers, in a few words.
pub fn describe(keys: &BTreeSet<RowKey>) -> String {
    let areas: BTreeSet<&str> = keys.iter().map(|k| k.area.as_str()).collect();
    let periods: BTreeSet<Period> = keys.iter().map(|k| k.period).collect();
    let area = match areas.len() {
        0 => String::new(),
        1 => areas
            .iter()
            .next()
            .map(|a| a.to_string())
            .unwrap_or_default(),
        n => format!(
            "{} and {} other {}",
            areas.iter().next().copied().unwrap_or_default(),
            group(n as u64 - 1),
            if n == 2 { "area" } else { "areas" }
        ),
    };
    let period = match (periods.first(), periods.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => String::new(),
    };
    format!("{area}, {period}")
}
