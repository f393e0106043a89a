//! The core on the real police.uk files in ../shared/data.
//!
//! Expected figures were computed independently with Python's csv module over the
//! same files (council = `LSOA name` minus its last word; total = every row whose
//! crime type is not "Anti-social behaviour"):
//!
//! ```text
//! for f in sorted(glob('police-uk/street/*south-yorkshire*')):
//!     c = Counter(r['Crime type'] for r in csv.DictReader(open(f, newline=''))
//!                 if r['LSOA name'].rsplit(' ', 1)[0] == 'Rotherham')
//! ```
//!
//! The tests skip, saying so, when ../shared/data is absent.

use std::path::{Path, PathBuf};

use scrutineer::analysis::monthly::{monthly_counts, TOTAL_EXCLUDING_ASB};
use scrutineer::ingest::police_uk_street::{parse, ANTI_SOCIAL_BEHAVIOUR};
use scrutineer::model::{Dataset, Month};

fn street_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/police-uk/street");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} not found; the real-data tests need ../shared/data",
            dir.display()
        );
        None
    }
}

fn load(dir: &Path, force: &str) -> Dataset {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy()
                .ends_with(&format!("-{force}-street.csv"))
        })
        .collect();
    paths.sort();
    let mut dataset = Dataset::default();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = parse(&name, &std::fs::read(&path).unwrap()).unwrap();
        assert!(file.warnings.is_empty(), "{name}: {:?}", file.warnings);
        dataset.add(file).unwrap();
    }
    dataset
}

#[test]
fn rotherham_monthly_counts_match_independent_figures() {
    let Some(dir) = street_dir() else { return };
    let dataset = load(&dir, "south-yorkshire");
    assert_eq!(dataset.files().len(), 11);
    let types = [
        "Anti-social behaviour",
        "Burglary",
        "Violence and sexual offences",
    ]
    .map(String::from);
    let table = monthly_counts(&dataset, "Rotherham", &types);
    let months: Vec<String> = table.months.iter().map(ToString::to_string).collect();
    assert_eq!(months.first().map(String::as_str), Some("2019-04"));
    assert_eq!(months.last().map(String::as_str), Some("2020-03"));
    assert_eq!(months.len(), 12, "April to March, the gap included");
    assert_eq!(table.missing(), [Month::parse_iso("2019-07").unwrap()]);

    // (total excl. ASB, ASB, burglary, violence and sexual offences), by month;
    // None for July 2019, which police.uk did not publish.
    let expected: [Option<[u64; 4]>; 12] = [
        Some([1972, 531, 210, 708]),
        Some([2141, 567, 200, 781]),
        Some([1970, 509, 138, 740]),
        None,
        Some([2166, 545, 179, 793]),
        Some([2151, 417, 200, 751]),
        Some([2258, 551, 236, 797]),
        Some([2013, 361, 178, 737]),
        Some([2021, 383, 219, 786]),
        Some([2192, 402, 193, 840]),
        Some([1952, 363, 166, 708]),
        Some([1974, 474, 175, 777]),
    ];
    assert_eq!(table.series[0].name, TOTAL_EXCLUDING_ASB);
    assert_eq!(table.series[1].name, ANTI_SOCIAL_BEHAVIOUR);
    for (i, want) in expected.iter().enumerate() {
        let got: Vec<Option<u64>> = table.series.iter().map(|s| s.values[i]).collect();
        let want: Vec<Option<u64>> = match want {
            Some(w) => w.iter().map(|&v| Some(v)).collect(),
            None => vec![None; 4],
        };
        assert_eq!(got, want, "{}", table.months[i]);
    }
    let summary = table.summary();
    assert!(summary.starts_with("Rotherham, April 2019 to March 2020: 22,810 crimes excluding anti-social behaviour in the 11 months with data. July 2019 is missing"), "{summary}");
    assert!(
        summary.contains(
            "highest month was October 2019 (2,258) and the lowest February 2020 (1,952)"
        ),
        "{summary}"
    );
}

#[test]
fn councils_include_the_four_and_flag_edge_neighbours() {
    let Some(dir) = street_dir() else { return };
    let dataset = load(&dir, "south-yorkshire");
    let councils = dataset.councils();
    let main: Vec<&str> = councils
        .iter()
        .filter(|c| !c.edge_of_area)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(main, ["Barnsley", "Doncaster", "Rotherham", "Sheffield"]);
    let wakefield = councils.iter().find(|c| c.name == "Wakefield").unwrap();
    assert!(wakefield.edge_of_area);
    // April 2019 alone holds 2,503 Rotherham records (1,972 crimes + 531 ASB).
    let rotherham = councils.iter().find(|c| c.name == "Rotherham").unwrap();
    assert!(rotherham.records > 2503);
}

#[test]
fn a_second_force_adds_its_councils_without_changing_the_first() {
    let Some(dir) = street_dir() else { return };
    let mut dataset = load(&dir, "south-yorkshire");
    let before = monthly_counts(&dataset, "Rotherham", &[]);
    for file in load(&dir, "merseyside").files() {
        dataset.add((**file).clone()).unwrap();
    }
    assert_eq!(dataset.files().len(), 22);
    let after = monthly_counts(&dataset, "Rotherham", &[]);
    assert_eq!(before, after);
    let names: Vec<String> = dataset
        .councils()
        .into_iter()
        .filter(|c| !c.edge_of_area)
        .map(|c| c.name)
        .collect();
    for council in ["Liverpool", "Wirral", "Sefton", "Knowsley", "St. Helens"] {
        assert!(names.iter().any(|n| n == council), "{council} in {names:?}");
    }
}
