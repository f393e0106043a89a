//! Two real police.uk downloads of South Yorkshire's street files for the
//! same months (../shared/data/police-uk/two-extracts: one taken soon after
//! September 2021, one at least three months later). The newer download's
//! records are current, the older one's outcome rates are kept as earlier
//! figures, and each judgement of the rate says how old its figures are.
//!
//! Expected figures are from tests/independent/two_extracts_revisions.py,
//! which counts the gzipped CSVs itself. The tests skip when ../shared/data
//! is absent.

use std::path::Path;

use scrutineer::analysis::measures::POLICE_UK_POSITIVE_RATE;
use scrutineer::analysis::scorecard::{scorecard, Entry, ScorecardOptions};
use scrutineer::dataset::Dataset;
use scrutineer::model::{Month, Period};

fn folder(which: &str) -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/police-uk/two-extracts")
        .join(which);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with("-street.csv.gz"))
        .collect();
    files.sort();
    (!files.is_empty()).then_some(files)
}

fn load(folders: &[&str]) -> Option<Dataset> {
    let mut paths = Vec::new();
    for f in folders {
        paths.extend(folder(f)?);
    }
    let (reports, dataset) = scrutineer::cli::load(&paths);
    assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
    Some(dataset)
}

fn rate(d: &Dataset) -> Entry {
    scorecard(d, &ScorecardOptions::new("Rotherham"))
        .into_iter()
        .find(|e| e.measure == POLICE_UK_POSITIVE_RATE)
        .expect("Rotherham's police.uk positive-outcome rate")
}

/// A notice says the current download is the one with fewer cases open.
fn assert_newer_by_open_cases(d: &Dataset) {
    let notices: Vec<&String> = d.files().iter().flat_map(|f| &f.report.notices).collect();
    assert!(
        notices.iter().any(|n| n.contains("fewer cases still open")),
        "{notices:?}"
    );
}

fn month(m: u8) -> Period {
    Period::Month(Month::new(2021, m).unwrap())
}

/// (month, positive, crimes) in the later download, from the script.
const LATER: [(u8, f64, f64); 7] = [
    (6, 222.0, 2016.0),
    (7, 214.0, 2242.0),
    (8, 189.0, 2024.0),
    (9, 208.0, 2185.0),
    (10, 176.0, 2202.0),
    (11, 144.0, 2179.0),
    (12, 81.0, 1895.0),
];

/// (month, age in the earlier download, earlier rate %, later rate %).
const REVISED: [(u8, usize, f64, f64); 4] = [
    (6, 3, 10.3175, 11.0119),
    (7, 2, 9.0544, 9.5450),
    (8, 1, 8.1028, 9.3379),
    (9, 0, 8.2838, 9.5195),
];

#[test]
fn the_newer_download_is_current_and_the_older_ones_rates_are_revisions_in_either_order() {
    for order in [["earlier", "later"], ["later", "earlier"]] {
        let Some(d) = load(&order) else {
            return;
        };
        let e = rate(&d);
        let current: Vec<(Period, f64, f64)> = e
            .series
            .iter()
            .filter_map(|p| Some((p.period, p.numerator?, p.denominator?)))
            .collect();
        let expected: Vec<(Period, f64, f64)> =
            LATER.iter().map(|&(m, n, d)| (month(m), n, d)).collect();
        assert_eq!(current, expected, "loaded {order:?}");
        assert_eq!(e.revisions.len(), 4, "{order:?}: {:?}", e.revisions);
        for (r, &(m, age, before, after)) in e.revisions.iter().zip(&REVISED) {
            assert_eq!((r.period, r.age), (month(m), age), "{order:?}");
            assert!((r.earlier - before).abs() < 1e-4, "{r:?}");
            assert!((r.later - after).abs() < 1e-4, "{r:?}");
            assert_eq!(r.extract, "the police.uk download to September 2021");
        }
        // Ages 0-2 rose by +0.9872 points on average over 3 months (script).
        let young = e.ages.as_ref().and_then(|a| a.young.clone()).unwrap();
        assert_eq!((young.ages, young.periods, young.downloads), ((0, 2), 3, 2));
        assert!((young.mean - 0.9872).abs() < 1e-4, "{young:?}");
        assert!(
            e.summary.contains(
                "After first publication, months 0 to 2 months old rose by 1.0 point on average (3 months, 2 downloads)."
            ),
            "{}",
            e.summary
        );
        // Whichever came first, the notices say which download is current and why.
        assert_newer_by_open_cases(&d);
    }
}

#[test]
fn months_younger_than_three_in_their_download_are_provisional_and_the_judgement_names_the_ages() {
    let Some(d) = load(&["later"]) else {
        return;
    };
    let e = rate(&d);
    // December is the download's latest month: October to December are
    // under three months old, whatever their open share (October: 14.9%).
    let provisional: Vec<(Period, Option<u32>)> = e
        .series
        .iter()
        .filter(|p| p.provisional)
        .map(|p| (p.period, p.age))
        .collect();
    assert_eq!(
        provisional,
        [
            (month(10), Some(2)),
            (month(11), Some(1)),
            (month(12), Some(0))
        ]
    );
    let judged = e.judged.as_ref().unwrap();
    assert_eq!((judged.period, judged.age), (month(9), Some(3)));
    // Against August, one month older: the ages are said.
    assert!(
        e.summary.contains(
            "The two are of different ages: September 2021 is 3 months old in its download, August 2021 is 4 months old."
        ),
        "{}",
        e.summary
    );
    assert!(e
        .summary
        .contains("October 2021 (15% of cases still open, 2 months old)"));
}

#[test]
fn the_earlier_download_alone_judges_june_and_calls_july_to_september_provisional() {
    let Some(d) = load(&["earlier"]) else {
        return;
    };
    let e = rate(&d);
    let ages: Vec<(Period, Option<u32>, bool)> = e
        .series
        .iter()
        .map(|p| (p.period, p.age, p.provisional))
        .collect();
    assert_eq!(
        ages,
        [
            (month(6), Some(3), false),
            (month(7), Some(2), true),
            // 16.7% open, under the 20% threshold: provisional by its age.
            (month(8), Some(1), true),
            (month(9), Some(0), true),
        ]
    );
    assert!(e.revisions.is_empty());
}

/// A second real pair, of another force: Merseyside's September 2019 street
/// file as downloaded around November 2019 (tests/fixtures/
/// merseyside-download-2019-11, from the public repository avelasqu/Crime_UK,
/// OGL v3) and as in ../shared/data/police-uk/street (a download to March
/// 2020). Expected figures are from tests/independent/merseyside_two_downloads.py.
#[test]
fn a_second_force_pair_merseyside_september_2019_is_revised_from_6_3_to_16_6_percent_in_liverpool()
{
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let early = root
        .join("tests/fixtures/merseyside-download-2019-11/2019-09-merseyside-street.csv.gz")
        .display()
        .to_string();
    let Ok(dir) = std::fs::read_dir(root.join("../shared/data/police-uk/street")) else {
        return;
    };
    let mut later: Vec<String> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with("-merseyside-street.csv"))
        .collect();
    later.sort();
    let september = Period::Month(Month::new(2019, 9).unwrap());
    for early_first in [true, false] {
        let mut paths = later.clone();
        if early_first {
            paths.insert(0, early.clone());
        } else {
            paths.push(early.clone());
        }
        let (reports, d) = scrutineer::cli::load(&paths);
        assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
        let e = scorecard(&d, &ScorecardOptions::new("Liverpool"))
            .into_iter()
            .find(|e| e.measure == POLICE_UK_POSITIVE_RATE)
            .unwrap();
        let now = e.series.iter().find(|p| p.period == september).unwrap();
        assert_eq!(
            (now.numerator, now.denominator, now.age),
            (Some(783.0), Some(4714.0), Some(6)),
            "early first: {early_first}"
        );
        assert_eq!(e.revisions.len(), 1, "{:?}", e.revisions);
        let r = &e.revisions[0];
        assert_eq!((r.period, r.age), (september, 0));
        assert!((r.earlier - 6.3216).abs() < 1e-4, "{r:?}");
        assert!((r.later - 16.6101).abs() < 1e-4, "{r:?}");
        assert_eq!(r.extract, "the police.uk download to September 2019");
        assert!(
            e.summary.contains(
                "After first publication, months that were 0 months old rose by 10.3 points on average (1 month, 2 downloads)."
            ),
            "{}",
            e.summary
        );
        assert_newer_by_open_cases(&d);
    }
}
