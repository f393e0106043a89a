//! Two police.uk downloads of the same force's month: which is newer, what
//! the older one's outcome figures were, and how far apart their counts are.
//! Outcomes only move forward, so the download with fewer cases still open
//! is the newer one; the dataset keeps its records and the other's outcome
//! figures as earlier figures, which show how outcome rates mature.

use std::collections::BTreeMap;

use crate::analysis::maturity::is_open;
use crate::ingest::formats::police_uk_outcomes::police_uk_positive;
pub use crate::ingest::formats::police_uk_street::EarlierOutcomes;
use crate::ingest::formats::police_uk_street::{StreetData, ANTI_SOCIAL_BEHAVIOUR};
use crate::ingest::FileReport;
use crate::model::Month;

/// Which download a file came in: the archive it was a member of, the
/// download the page or command line named (files chosen together), or the
/// folder it is in; else it is a download of its own.
pub fn download_of(report: &FileReport, id: u32) -> String {
    let path = report.path.as_str();
    let lower = path.to_ascii_lowercase();
    if let Some(at) = lower.find(".zip/") {
        return path[..at + 4].to_string();
    }
    if let Some(d) = &report.download {
        return d.clone();
    }
    match path.rsplit_once('/') {
        Some((folder, _)) => folder.to_string(),
        None => format!("file {id}"),
    }
}

/// Why one download of a force's month was taken as the newer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// It has fewer cases still open: outcomes only move forward.
    FewerOpen,
    /// As many open; its file is dated later.
    FileDate,
    /// As many open and no dates to tell: the one loaded later.
    LoadOrder,
}

impl Rule {
    pub fn words(self) -> &'static str {
        match self {
            Rule::FewerOpen => "it has fewer cases still open, and outcomes only move forward",
            Rule::FileDate => "as many cases are open in both, and its file is dated later",
            Rule::LoadOrder => {
                "as many cases are open in both and the files' dates do not tell them apart, so the one loaded later is taken as newer"
            }
        }
    }
}

fn is_asb(data: &StreetData, crime_type: u16) -> bool {
    data.crime_types.name(u32::from(crime_type)) == ANTI_SOCIAL_BEHAVIOUR
}

fn force_is(data: &StreetData, force: u16, name: &str) -> bool {
    data.forces.name(u32::from(force)) == name
}

/// Crimes of a force's month still open (anti-social behaviour has no outcome).
pub fn open_cases(data: &StreetData, force: &str, month: Month) -> u64 {
    data.cells
        .iter()
        .filter(|(k, _)| k.month == month && force_is(data, k.force, force))
        .filter(|(k, _)| !is_asb(data, k.crime_type))
        .filter(|(k, _)| is_open(data.outcomes.name(u32::from(k.outcome))))
        .map(|(_, n)| u64::from(*n))
        .sum()
}

/// Whether the file read last (`new`) holds the newer download of the
/// force's month than `old`, and by which rule.
pub fn newer(
    (old, old_report): (&StreetData, &FileReport),
    (new, new_report): (&StreetData, &FileReport),
    force: &str,
    month: Month,
) -> (bool, Rule) {
    let (before, after) = (open_cases(old, force, month), open_cases(new, force, month));
    if before != after {
        return (after < before, Rule::FewerOpen);
    }
    match (&old_report.modified, &new_report.modified) {
        (Some(a), Some(b)) if a != b => (b > a, Rule::FileDate),
        _ => (true, Rule::LoadOrder),
    }
}

/// A force-month's outcome figures by council, as `data` gives them, and
/// the earlier figures it already kept for that force-month.
pub fn outcomes_of(
    data: &StreetData,
    force: &str,
    month: Month,
    (download, latest): (&str, Month),
) -> Vec<EarlierOutcomes> {
    let mut by_council: BTreeMap<&str, (u32, u32, u32)> = BTreeMap::new();
    for (k, n) in &data.cells {
        if k.month != month || !force_is(data, k.force, force) || is_asb(data, k.crime_type) {
            continue;
        }
        let council = data.councils.name(k.council);
        if council.is_empty() {
            continue;
        }
        let outcome = data.outcomes.name(u32::from(k.outcome));
        let e = by_council.entry(council).or_default();
        e.0 += n;
        if police_uk_positive(outcome) {
            e.1 += n;
        }
        if is_open(outcome) {
            e.2 += n;
        }
    }
    let mut out: Vec<EarlierOutcomes> = by_council
        .into_iter()
        .map(|(council, (crimes, positive, open))| EarlierOutcomes {
            force: force.to_string(),
            council: council.to_string(),
            month,
            crimes,
            positive,
            open,
            latest,
            download: download.to_string(),
        })
        .collect();
    out.extend(
        data.earlier
            .iter()
            .filter(|e| e.force == force && e.month == month)
            .cloned(),
    );
    out
}

/// Records of a force's month that one download counts under another
/// council or crime type than the other, or has and the other lacks.
pub fn records_differing(old: &StreetData, new: &StreetData, force: &str, month: Month) -> u64 {
    let counts = |d: &StreetData| {
        let mut out: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (k, n) in &d.cells {
            if k.month == month && force_is(d, k.force, force) {
                *out.entry((
                    d.councils.name(k.council).to_string(),
                    d.crime_types.name(u32::from(k.crime_type)).to_string(),
                ))
                .or_default() += i64::from(*n);
            }
        }
        out
    };
    let (a, b) = (counts(old), counts(new));
    let gone: i64 = a
        .iter()
        .map(|(k, n)| (n - b.get(k).copied().unwrap_or(0)).max(0))
        .sum();
    let came: i64 = b
        .iter()
        .map(|(k, n)| (n - a.get(k).copied().unwrap_or(0)).max(0))
        .sum();
    gone.max(came).max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, download: Option<&str>) -> FileReport {
        FileReport {
            path: path.into(),
            download: download.map(str::to_string),
            ..FileReport::default()
        }
    }

    #[test]
    fn a_download_is_an_archive_then_a_choice_then_a_folder() {
        let zip = report(
            "sy-2021.zip/2021-06/2021-06-south-yorkshire-street.csv",
            Some("pick 3"),
        );
        assert_eq!(download_of(&zip, 1), "sy-2021.zip");
        assert_eq!(download_of(&report("a.csv", Some("pick 3")), 1), "pick 3");
        assert_eq!(download_of(&report("earlier/a.csv", None), 1), "earlier");
        assert_eq!(download_of(&report("a.csv", None), 7), "file 7");
    }
}
