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

/// `content` without its rows for `gone`, and how many rows went.
pub fn without(content: &Content, gone: &BTreeSet<RowKey>) -> Option<(Content, usize)> {
    let (kept, before, after) = match content {
        Content::RecordedCrime(d) => {
            let keys: Vec<RowKey> = crime_keys(d).collect();
            let mut kept = d.clone();
            let mut i = 0;
            kept.cells.retain(|_| {
                i += 1;
                !gone.contains(&keys[i - 1])
            });
            let n = kept.cells.len();
            (Content::RecordedCrime(kept), d.cells.len(), n)
        }
        Content::CrimeOutcomes(d) => {
            let keys: Vec<RowKey> = outcome_keys(d).collect();
            let mut kept = d.clone();
            let mut i = 0;
            kept.cells.retain(|_| {
                i += 1;
                !gone.contains(&keys[i - 1])
            });
            let n = kept.cells.len();
            (Content::CrimeOutcomes(kept), d.cells.len(), n)
        }
        Content::Measures(d) => {
            let kept = MeasureData {
                rows: d
                    .rows
                    .iter()
                    .filter(|r| !gone.contains(&measure_key(r)))
                    .cloned()
                    .collect(),
            };
            let n = kept.rows.len();
            (Content::Measures(kept), d.rows.len(), n)
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
