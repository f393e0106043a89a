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

/// A count for area `k` in month `i` (0 = April 2018), varied by month and
/// rising in the second year by a different amount for each area.
fn made_up(k: usize, i: usize) -> u64 {
    (100 + 10 * k + (i * 7) % 13 + if i >= 12 { 3 * k } else { 0 }) as u64
}

fn monthly_file(areas: &[String]) -> Dataset {
    use scrutineer::dataset::LoadedFile;
    use scrutineer::ingest::ingest_bytes;
    let start = Month::parse_iso("2018-04").unwrap();
    let mut text = String::from("area,period,measure,unit,value\n");
    for (k, area) in areas.iter().enumerate() {
        let mut m = start;
        for i in 0..24 {
            text.push_str(&format!(
                "\"{area}\",{m},Incidents,count,{}\n",
                made_up(k, i)
            ));
            m = m.next();
        }
    }
    let loaded = ingest_bytes("incidents.csv", text.as_bytes()).remove(0);
    assert_eq!(loaded.report.error, None);
    let mut dataset = Dataset::default();
    dataset.add(LoadedFile::new(1, loaded).unwrap()).unwrap();
    dataset
}

/// The committee's "England and Wales change": the same months' change for
/// England and Wales, from its own row or from all 43 forces added up, and
/// none from some forces. Expected: the sums of the made-up counts.
#[test]
fn the_national_change_over_the_same_months_needs_the_whole_of_england_and_wales() {
    use scrutineer::analysis::population::Populations;
    let percent = |areas: &[usize]| {
        let sum = |range: std::ops::Range<usize>| -> f64 {
            areas
                .iter()
                .map(|&k| range.clone().map(|i| made_up(k, i)).sum::<u64>() as f64)
                .sum()
        };
        100.0 * (sum(12..24) - sum(0..12)) / sum(0..12)
    };
    let national = |dataset: &Dataset, area: &str| {
        let card = scorecard(dataset, &ScorecardOptions::new(area));
        let names: Vec<&str> = card.iter().map(|e| e.measure.as_str()).collect();
        let e = card
            .iter()
            .find(|e| e.measure == "Incidents")
            .unwrap_or_else(|| panic!("{names:?}"));
        e.year_to_date
            .as_ref()
            .unwrap()
            .financial_year
            .national_change
    };
    // England and Wales's own row (area 1).
    let with_row = monthly_file(&["Rotherham".into(), "England and Wales".into()]);
    let got = national(&with_row, "Rotherham").unwrap();
    assert!((got - percent(&[1])).abs() < 1e-9, "{got}");
    // Every force's rows, under the names the built-in table gives them.
    let forces = Populations::built_in().forces();
    assert_eq!(forces.len(), 43);
    let every = monthly_file(&forces);
    let all: Vec<usize> = (0..43).collect();
    let home = forces.iter().position(|f| f == "South Yorkshire").unwrap();
    let got = national(&every, "South Yorkshire").unwrap();
    assert!(
        (got - percent(&all)).abs() < 1e-9,
        "{got} {}",
        percent(&all)
    );
    assert!(
        (got - percent(&[home])).abs() > 0.1,
        "not the force's own change"
    );
    // One force short is not England and Wales.
    let some = monthly_file(&forces[1..]);
    assert_eq!(national(&some, "South Yorkshire"), None);
}
