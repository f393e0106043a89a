//! Year to date on the real South Yorkshire files: January 2018 to March 2020
//! (`street-2018-01-to-2019-03/` with `street/`), police.uk having no July 2019.
//!
//! Expected figures from Python's csv module over the same files (council =
//! `LSOA name` less its last word; anti-social behaviour left out):
//!
//! ```text
//! this = [2019-04 … 2020-03 without 2019-07]; last = the same months a year before
//! Rotherham all crime: 22,810 against 22,981 (-0.7441%)
//! Rotherham burglary:   2,094 against  2,452 (-14.6003%)
//! the four councils:  128,260 against 126,492 (+1.3977%)
//! ```

use scrutineer::analysis::scorecard::{scorecard, ScorecardOptions};
use scrutineer::dataset::Dataset;
use scrutineer::model::Month;

mod common;

fn load() -> Option<Dataset> {
    common::south_yorkshire(None)
}

#[test]
fn rotherham_2019_20_to_date_against_2018_19_like_for_like_without_july() {
    let Some(dataset) = load() else { return };
    let mut options = ScorecardOptions::new("Rotherham");
    options.peers = vec!["Barnsley".into(), "Doncaster".into(), "Sheffield".into()];
    let card = scorecard(&dataset, &options);
    let july = Month::parse_iso("2019-07").unwrap();
    for (measure, this, last, percent) in [
        (
            "All crime excluding anti-social behaviour",
            22_810.0,
            22_981.0,
            -0.7441,
        ),
        ("Crimes: Burglary", 2_094.0, 2_452.0, -14.6003),
    ] {
        let e = card.iter().find(|e| e.measure == measure).unwrap();
        let fy = &e.year_to_date.as_ref().unwrap().financial_year;
        assert_eq!(fy.label, "2019/20 to date");
        assert_eq!(
            (fy.this.span(), fy.last.span()),
            ("Apr 19 to Mar 20".into(), "Apr 18 to Mar 19".into())
        );
        // July 2019 is missing: incomplete, named, never a zero.
        assert_eq!(fy.missing(), [july]);
        assert_eq!(fy.this.value, None);
        assert!(fy.change.is_none());
        let like = fy.like_for_like.as_ref().unwrap();
        assert_eq!(like.left_out, [july]);
        assert_eq!(
            (like.this.value, like.last.value),
            (Some(this), Some(last)),
            "{measure}"
        );
        let c = like.change.as_ref().unwrap();
        assert!(
            (c.percent.unwrap() - percent).abs() < 5e-4,
            "{measure}: {:?}",
            c.percent
        );
        assert_eq!(c.test, "exact Poisson comparison of counts");
        // Rates per 1,000 residents (ONS mid-2019: 265,411).
        assert!((like.this.rate.unwrap() - this * 1000.0 / 265_411.0).abs() < 1e-9);
        assert!(fy.peer_average_change.is_some());
    }
    let total = card
        .iter()
        .find(|e| e.measure == "All crime excluding anti-social behaviour")
        .unwrap();
    let fy = &total.year_to_date.as_ref().unwrap().financial_year;
    assert!(
        (fy.force_change.unwrap() - 1.3977).abs() < 5e-4,
        "{:?}",
        fy.force_change
    );
}

/// Each month against the same month of earlier years. Python over the same
/// files: Rotherham's March 1,935 (2018) and 2,155 (2019), so March 2020's
/// 1,974 is within their range; January 2020's 2,192 is above 1,853 and 2,131.
#[test]
fn a_month_is_set_beside_the_same_month_of_earlier_years() {
    let Some(dataset) = load() else { return };
    let card = scorecard(&dataset, &ScorecardOptions::new("Rotherham"));
    let e = card
        .iter()
        .find(|e| e.measure == "All crime excluding anti-social behaviour")
        .unwrap();
    let at = |m: &str| {
        let i = e
            .series
            .iter()
            .position(|p| p.period.to_string() == m)
            .unwrap();
        e.seasonal[i]
    };
    let march = at("2020-03").unwrap();
    assert_eq!(
        (march.lowest, march.highest, march.years),
        (1935.0, 2155.0, 2)
    );
    assert_eq!(march.mean, (1935.0 + 2155.0) / 2.0);
    let january = at("2020-01").unwrap();
    assert_eq!((january.lowest, january.highest), (1853.0, 2131.0));
    // 2019 has only 2018 before it: one year is no range.
    assert_eq!(at("2019-03"), None);
    assert!(
        e.summary.contains(
            "March 2020 is within the range of March in the last 2 years (1,935 to 2,155)."
        ),
        "{}",
        e.summary
    );
}
