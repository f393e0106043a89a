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
use crate::model::{Month, Period};

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

/// The cells whose keys are not in `gone`, and those that are.
fn split<T: Clone>(
    cells: &[T],
    keys: impl Iterator<Item = RowKey>,
    gone: &BTreeSet<RowKey>,
) -> (Vec<T>, Vec<T>) {
    let (gone, kept): (Vec<_>, Vec<_>) = cells
        .iter()
        .zip(keys)
        .partition(|(_, key)| gone.contains(key));
    let strip = |v: Vec<(&T, RowKey)>| v.into_iter().map(|(c, _)| c.clone()).collect();
    (strip(kept), strip(gone))
}

/// `content` with its rows for `gone` moved to its earlier figures (another
/// extract is current for them), and how many rows moved.
pub fn supersede(content: &Content, gone: &BTreeSet<RowKey>) -> Option<(Content, usize)> {
    let (content, moved) = match content {
        Content::RecordedCrime(d) => {
            let (cells, moved) = split(&d.cells, crime_keys(d), gone);
            let n = moved.len();
            let mut earlier = d.earlier.clone();
            earlier.extend(moved);
            (
                Content::RecordedCrime(RecordedCrimeData {
                    cells,
                    earlier,
                    ..d.clone()
                }),
                n,
            )
        }
        Content::CrimeOutcomes(d) => {
            let (cells, moved) = split(&d.cells, outcome_keys(d), gone);
            let n = moved.len();
            let mut earlier = d.earlier.clone();
            earlier.extend(moved);
            (
                Content::CrimeOutcomes(HomeOfficeOutcomeData {
                    cells,
                    earlier,
                    ..d.clone()
                }),
                n,
            )
        }
        Content::Measures(d) => {
            let (rows, moved) = split(&d.rows, d.rows.iter().map(measure_key), gone);
            let n = moved.len();
            let mut earlier = d.earlier.clone();
            earlier.extend(moved);
            (
                Content::Measures(MeasureData {
                    rows,
                    earlier,
                    extracted: d.extracted.clone(),
                }),
                n,
            )
        }
        _ => return None,
    };
    (moved > 0).then_some((content, moved))
}

/// A file's earlier figures as content of their own (to work measures out
/// from), when it has any.
pub fn earlier(content: &Content) -> Option<Content> {
    match content {
        Content::RecordedCrime(d) if !d.earlier.is_empty() => {
            Some(Content::RecordedCrime(RecordedCrimeData {
                cells: d.earlier.clone(),
                earlier: Vec::new(),
                ..d.clone()
            }))
        }
        Content::CrimeOutcomes(d) if !d.earlier.is_empty() => {
            Some(Content::CrimeOutcomes(HomeOfficeOutcomeData {
                cells: d.earlier.clone(),
                earlier: Vec::new(),
                ..d.clone()
            }))
        }
        Content::Measures(d) if !d.earlier.is_empty() => Some(Content::Measures(MeasureData {
            rows: d.earlier.clone(),
            earlier: Vec::new(),
            extracted: d.extracted.clone(),
        })),
        _ => None,
    }
}

/// The date a file's figures were extracted, written into its name:
/// "hate-crime-extract-2019-05-31.csv", "…20190531…", "…may-2019…" or
/// "…2019-05…". A year pair such as "2017-18" is a financial year, not a
/// month, and is not taken for one.
pub fn extract_from_name(name: &str) -> Option<String> {
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.split('.').next().unwrap_or(stem).to_ascii_lowercase();
    let tokens: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let number = |t: &str| {
        t.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let month = |y: u32, m: u32| Month::new(i32::try_from(y).ok()?, u8::try_from(m).ok()?);
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month_name = |t: &str| {
        NAMES
            .iter()
            .position(|n| t.starts_with(n) && t.len() <= 9)
            .map(|i| i as u32 + 1)
    };
    for (i, t) in tokens.iter().enumerate() {
        let next = |k: usize| tokens.get(i + k).copied();
        if t.len() == 4 {
            let Some(y) = number(t) else { continue };
            let m = next(1).filter(|n| n.len() == 2).and_then(number);
            let d = next(2).filter(|n| n.len() == 2).and_then(number);
            if let (Some(m), Some(d)) = (m, d) {
                if month(y, m).is_some() && (1..=31).contains(&d) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
            if let Some(m) = m {
                let financial_year = m == (y + 1) % 100;
                if let (Some(_), false) = (month(y, m), financial_year) {
                    return Some(format!("{y:04}-{m:02}"));
                }
            }
        }
        if t.len() == 8 {
            if let Some(n) = number(t) {
                let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
                if month(y, m).is_some() && (1..=31).contains(&d) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        if let Some(m) = month_name(t) {
            let y = next(1).filter(|n| n.len() == 4).and_then(number);
            if let Some(y) = y.filter(|&y| month(y, m).is_some()) {
                return Some(format!("{y:04}-{m:02}"));
            }
        }
    }
    None
}

/// "31 May 2019" or "May 2019", for sentences.
pub fn extract_words(iso: &str) -> String {
    match crate::model::Period::parse(iso, false) {
        Some(crate::model::Period::Day { year, month, day }) => match Month::new(year, month) {
            Some(m) => format!("{day} {}", m.long_name()),
            None => iso.to_string(),
        },
        Some(crate::model::Period::Month(m)) => m.long_name(),
        _ => iso.to_string(),
    }
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
