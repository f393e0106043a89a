//! Revisions between extracts: the hate-crime figures the board saw in May
//! 2019 and again, refreshed, in August ("the data has recently been
//! refreshed, which has seen performance for quarter two and three improve").
//!
//! tests/fixtures/hate-crime-extract-2019-08.csv holds the published 2018/19
//! figures (DOMAIN.md: 12.9, 19.7, 14.3, 6.9%) with an `extracted` column of
//! 31/08/2019; hate-crime-extract-2019-05.csv is the earlier extract, made up
//! for this test with Q2 to Q4 lower (15.2, 12.1, 4.2%) and more cases open.

use scrutineer::analysis::measures::Kind;
use scrutineer::analysis::periods::Granularity;
use scrutineer::analysis::scorecard::{scorecard, Entry, ScorecardOptions};
use scrutineer::dataset::{Dataset, LoadedFile};
use scrutineer::ingest::{ingest_bytes, Registry};

const MAY: &str = "hate-crime-extract-2019-05.csv";
const AUGUST: &str = "hate-crime-extract-2019-08.csv";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn load(files: &[(&str, String)]) -> Dataset {
    let mut d = Dataset::default();
    let mut registry = Registry::default();
    for (i, (name, text)) in files.iter().enumerate() {
        let mut loaded = ingest_bytes(name, text.as_bytes()).remove(0);
        registry.admit(i as u32 + 1, loaded.content.as_mut().unwrap());
        d.add(LoadedFile::new(i as u32 + 1, loaded).unwrap())
            .unwrap();
    }
    d
}

fn hate(d: &Dataset) -> Entry {
    let mut options = ScorecardOptions::new("Rotherham");
    options.granularity = Granularity::Quarter;
    scorecard(d, &options).remove(0)
}

/// The file without its last column, `extracted`.
fn strip(text: String) -> String {
    text.lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect()
}

fn values(e: &Entry) -> Vec<f64> {
    e.series.iter().filter_map(|p| p.value).collect()
}

#[test]
fn the_later_extract_is_current_whichever_is_loaded_first() {
    for order in [[MAY, AUGUST], [AUGUST, MAY]] {
        let d = load(&order.map(|n| (n, fixture(n))));
        let e = hate(&d);
        assert_eq!(e.kind, Kind::Value);
        assert_eq!(values(&e), [12.9, 19.7, 14.3, 6.9], "{order:?}");
        let revised: Vec<(String, f64, f64, usize)> = e
            .revisions
            .iter()
            .map(|r| (r.period.to_string(), r.earlier, r.later, r.age))
            .collect();
        assert_eq!(
            revised,
            [
                ("2018/19 Q1".to_string(), 12.9, 12.9, 3),
                ("2018/19 Q2".to_string(), 15.2, 19.7, 2),
                ("2018/19 Q3".to_string(), 12.1, 14.3, 1),
                ("2018/19 Q4".to_string(), 4.2, 6.9, 0),
            ]
        );
        assert!(e
            .revisions
            .iter()
            .all(|r| r.extract == "the extract of 31 May 2019"));
        // By hand: Q4 rose 2.7 points after first publication, Q3 2.2.
        assert!(
            e.summary.contains(
                "Revised since earlier extracts: 2018/19 Q2 was 15.2% in the extract of 31 May 2019 and is 19.7% now; \
                 2018/19 Q3 was 12.1% in the extract of 31 May 2019 and is 14.3% now; \
                 2018/19 Q4 was 4.2% in the extract of 31 May 2019 and is 6.9% now. \
                 After first publication, the latest period rose by 2.7 points (1 revision), \
                 and the one before rose by 2.2 points (1 revision)."
            ),
            "{order:?}: {}",
            e.summary
        );
        // Q4 is still 38% open in August: provisional, and not judged.
        assert!(e.series[3].provisional);
        assert_eq!(e.judged.as_ref().and_then(|j| j.value), Some(14.3));
        // The earlier extract is never added in: one file's figures count.
        let notices: Vec<&String> = d.files().iter().flat_map(|f| &f.report.notices).collect();
        assert!(
            notices
                .iter()
                .any(|n| n.contains("(extracted 31 May 2019)")),
            "{notices:?}"
        );
        assert!(
            !notices.iter().any(|n| n.contains("loaded later")),
            "{notices:?}"
        );
    }
}

#[test]
fn without_extract_dates_the_file_loaded_later_is_current_and_the_user_is_told() {
    let d = load(&[
        ("hate-first.csv", strip(fixture(AUGUST))),
        ("hate-second.csv", strip(fixture(MAY))),
    ]);
    let e = hate(&d);
    assert_eq!(values(&e), [12.9, 15.2, 12.1, 4.2]);
    assert_eq!(e.revisions[1].extract, "hate-first.csv");
    let notices = &d.files()[1].report.notices;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("Taken as the later extract because it was loaded later")),
        "{notices:?}"
    );
}

#[test]
fn an_extract_date_in_the_file_name_orders_the_extracts() {
    let d = load(&[
        ("hate-extract-2019-08-31.csv", strip(fixture(AUGUST))),
        ("hate-extract-2019-05-31.csv", strip(fixture(MAY))),
    ]);
    assert_eq!(values(&hate(&d)), [12.9, 19.7, 14.3, 6.9]);
    assert!(d.files()[0]
        .report
        .notices
        .contains(&"Extracted 31 August 2019, from its file name.".to_string()));
}

#[test]
fn a_saved_workspace_keeps_the_earlier_figures() {
    use scrutineer::analysis::settings::Settings;
    use scrutineer::ui::workspace;
    let d = load(&[(MAY, fixture(MAY)), (AUGUST, fixture(AUGUST))]);
    let text = workspace::save(&Settings::default(), &d);
    let (_, files) = workspace::open("w.scrutineer.json", &text).unwrap();
    let mut reopened = Dataset::default();
    for (i, f) in files.into_iter().enumerate() {
        reopened
            .add(LoadedFile::new(scrutineer::model::WORKSPACE_IDS + i as u32, f).unwrap())
            .unwrap();
    }
    let (before, after) = (hate(&d), hate(&reopened));
    assert_eq!(before.revisions, after.revisions);
    assert_eq!(values(&after), [12.9, 19.7, 14.3, 6.9]);
}
