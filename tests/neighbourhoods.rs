//! Neighbourhoods on the real files in ../shared/data: Rotherham's crimes by
//! MSOA and by ward, against `tests/fixtures/rotherham-neighbourhoods.tsv`,
//! which `tests/independent/rotherham_neighbourhoods.py` wrote from the raw
//! police.uk rows and the raw lookups (wards matched by LSOA code there, by
//! LSOA name here). Also: the committed neighbourhood table is what
//! `scripts/neighbourhood-data.sh` derives, and within its size budget.
//! The tests skip, saying so, when ../shared/data is absent.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use scrutineer::analysis::monthly::TOTAL_EXCLUDING_ASB;
use scrutineer::analysis::neighbourhoods::{hot_spots, neighbourhoods, Lookup, UnitKind};
use scrutineer::analysis::population::Populations;
use scrutineer::dataset::{Dataset, LoadedFile};
use scrutineer::ingest::{ingest_bytes, Registry};
use scrutineer::model::{Month, Period};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("police-uk/street-2018-01-to-2019-03").is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/data (with street-2018-01-to-2019-03) not found");
        None
    }
}

fn committed_table() -> String {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/neighbourhoods.tsv.gz"))
            .unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    text
}

mod common;

/// Rotherham's view of all crime.
fn rotherham(dataset: &Dataset) -> scrutineer::analysis::neighbourhoods::Neighbourhoods {
    neighbourhoods(
        dataset,
        &Lookup::parse(&committed_table()).unwrap(),
        &Populations::new(dataset),
        "Rotherham",
        TOTAL_EXCLUDING_ASB,
    )
    .unwrap()
}

/// A unit's count for March 2020.
fn march_2020(unit: &scrutineer::analysis::neighbourhoods::Unit) -> Option<f64> {
    let march = Period::Month(Month::parse_iso("2020-03").unwrap());
    unit.series
        .iter()
        .find(|p| p.period == march)
        .unwrap()
        .value
}

/// (kind, code) → (March 2020, the 11 months to March 2020 without July).
fn expected() -> HashMap<(String, String), (f64, f64)> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rotherham-neighbourhoods.tsv"),
    )
    .unwrap();
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                (f[0].to_string(), f[1].to_string()),
                (f[2].parse().unwrap(), f[3].parse().unwrap()),
            )
        })
        .collect()
}

#[test]
fn the_committed_table_is_derived_from_the_shared_data_and_within_budget() {
    let Some(dir) = data_dir() else { return };
    let derived = scrutineer::neighbourhood_table::derive(
        &std::fs::read(dir.join("geography/hocl-msoa-hex-coords.hexjson")).unwrap(),
        &std::fs::read(dir.join("lookups/ons-lsoa11-to-ward19-to-lad19.csv")).unwrap(),
    )
    .unwrap();
    assert!(
        derived == committed_table(),
        "data/neighbourhoods.tsv.gz is stale: run scripts/neighbourhood-data.sh"
    );
    let size =
        std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/neighbourhoods.tsv.gz"))
            .unwrap()
            .len();
    assert!(
        size <= 400 * 1024,
        "{size} bytes gzip, over the 400 KB budget"
    );
    // The cartogram's one Latin-1 byte is read as the letter it is.
    assert!(derived.contains("Llanarmon-yn-Iâl"));
    let lookup = Lookup::parse(&derived).unwrap();
    let rotherham = lookup.council("Rotherham").unwrap();
    assert_eq!((rotherham.msoas.len(), rotherham.wards.len()), (33, 21));
    // Every MSOA of England and Wales is in some council, once.
    assert_eq!(
        derived.lines().filter(|l| l.starts_with("M\t")).count(),
        7_201
    );
}

#[test]
fn rotherham_by_neighbourhood_and_ward_matches_an_independent_count() {
    let Some(dataset) = common::south_yorkshire(None) else {
        return;
    };
    let view = rotherham(&dataset);
    let expected = expected();
    let mut seen = 0;
    for unit in view.neighbourhoods.iter().chain(&view.wards) {
        let kind = if unit.kind == UnitKind::Neighbourhood {
            "M"
        } else {
            "W"
        };
        let (month, window) = expected[&(kind.to_string(), unit.code.clone())];
        assert_eq!(march_2020(unit), Some(month), "{} March 2020", unit.label());
        assert_eq!(unit.count, Some(window), "{} 12 months", unit.label());
        seen += 1;
    }
    assert_eq!(seen, expected.len());
    assert_eq!(view.unplaced, 0);
    assert_eq!(view.left_out, [Month::parse_iso("2019-07").unwrap()]);
    assert!(
        view.window.contains("leaving out July 2019"),
        "{}",
        view.window
    );
    // The count column's heading says what it holds: 11 months, not 12.
    assert_eq!(view.period, "11 months to March 2020 (no July)");
    // The neighbourhoods add up to the council's own count, 22,810.
    let total: f64 = view.neighbourhoods.iter().filter_map(|u| u.count).sum();
    assert_eq!(total, 22_810.0);
    let c = view.concentration.as_ref().unwrap();
    assert_eq!((c.top, c.of), (4, 33));
    let mut counts: Vec<f64> = view.neighbourhoods.iter().filter_map(|u| u.count).collect();
    counts.sort_by(|a, b| b.total_cmp(a));
    let top4: f64 = counts[..4].iter().sum();
    assert!((c.share - 100.0 * top4 / 22_810.0).abs() < 1e-9);
    // Hot spots hold every crime with coordinates in the window.
    let months: Vec<Month> = Month::range(
        Month::parse_iso("2019-04").unwrap(),
        Month::parse_iso("2020-03").unwrap(),
    );
    let spots = hot_spots(&dataset, "Rotherham", TOTAL_EXCLUDING_ASB, &months, None).unwrap();
    assert_eq!(spots.total, 22_810);
}

/// A second download of March 2020 over the first replaces it: no
/// neighbourhood counts it twice.
#[test]
fn an_overlapping_download_is_not_counted_twice_by_neighbourhood() {
    let Some(dataset) = common::south_yorkshire(Some("2020-03")) else {
        return;
    };
    let view = rotherham(&dataset);
    let expected = expected();
    for unit in &view.neighbourhoods {
        assert_eq!(
            Some(expected[&("M".to_string(), unit.code.clone())].0),
            march_2020(unit)
        );
    }
}

/// The map exported as SVG (the same drawing as the canvas) has a hexagon
/// and a reading for each of Rotherham's 33 neighbourhoods.
#[test]
fn the_hex_map_draws_every_neighbourhood_as_svg() {
    let Some(dataset) = common::south_yorkshire(None) else {
        return;
    };
    let view = rotherham(&dataset);
    let chart = scrutineer::charts::Chart::HexMap {
        view: std::rc::Rc::new(view),
        chosen: Some("E02001594".into()),
    };
    let (svg, hits) = chart.svg(800).unwrap();
    std::fs::create_dir_all(Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output")).unwrap();
    std::fs::write(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output/rotherham-hex-map.svg"),
        &svg,
    )
    .unwrap();
    assert_eq!(hits.len(), 33);
    assert_eq!(svg.matches("<polygon").count(), 33);
    assert!(
        svg.contains("\n2,739\n"),
        "Rotherham Central's count is written on it"
    );
    assert!(svg.contains("Open Parliament Licence"));
    std::fs::create_dir_all(Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output")).unwrap();
    std::fs::write(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output/rotherham-hex-map.svg"),
        svg,
    )
    .unwrap();
}

/// Another force's file: 80 real police.uk rows for Gloucester, September 2022
/// (violence and sexual offences), transcribed from the GeoJSON copy in the
/// public repository EmClo/FullStack_Group3 (`src/components/mapdata.js`),
/// Crime IDs shortened. Counted by hand from the rows: MSOAs 001: 20,
/// 002: 20, 006: 11, 007: 29; wards Longlevens 20, Kingsholm and Wotton 20,
/// Coney Hill 20, Hucclecote 9, Barnwood 7 (006A and 007C: two MSOAs feed it),
/// Abbeydale 4.
#[test]
fn another_councils_file_is_placed_by_neighbourhood_and_ward() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/2022-09-gloucestershire-street-excerpt.csv"),
    )
    .unwrap();
    let mut loaded = ingest_bytes("2022-09-gloucestershire-street.csv", &bytes).remove(0);
    Registry::default().admit(1, loaded.content.as_mut().unwrap());
    let mut dataset = Dataset::default();
    dataset.add(LoadedFile::new(1, loaded).unwrap()).unwrap();
    let view = neighbourhoods(
        &dataset,
        &Lookup::parse(&committed_table()).unwrap(),
        &Populations::new(&dataset),
        "Gloucester",
        "Crimes: Violence and sexual offences",
    )
    .unwrap();
    let count = |units: &[scrutineer::analysis::neighbourhoods::Unit], name: &str| {
        units.iter().find(|u| u.name == name).and_then(|u| u.count)
    };
    assert_eq!(view.neighbourhoods.len(), 15);
    for (name, n) in [
        ("Longlevens", 20.0),
        ("Kingsholm & Wotton", 20.0),
        ("Hucclecote", 11.0),
        ("Coney Hill, Barnwood & Abbeydale", 29.0),
        ("Tuffley", 0.0),
    ] {
        assert_eq!(count(&view.neighbourhoods, name), Some(n), "{name}");
    }
    for (name, n) in [
        ("Longlevens", 20.0),
        ("Kingsholm and Wotton", 20.0),
        ("Coney Hill", 20.0),
        ("Hucclecote", 9.0),
        ("Barnwood", 7.0),
        ("Abbeydale", 4.0),
        ("Moreland", 0.0),
    ] {
        assert_eq!(count(&view.wards, name), Some(n), "{name}");
    }
    assert_eq!(view.unplaced, 0);
    // One month: nothing to compare, and the view says so.
    assert!(view
        .neighbourhoods
        .iter()
        .all(|u| u.change().is_none() && u.status.starts_with("Cannot be compared")));
    assert!(
        !view.summary.contains("more than chance"),
        "{}",
        view.summary
    );
    let spots = hot_spots(
        &dataset,
        "Gloucester",
        "Crimes: Violence and sexual offences",
        &[],
        None,
    )
    .unwrap();
    assert_eq!(spots.total, 80);
}
