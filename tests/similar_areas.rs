//! The similar-areas table built into the app is exactly what
//! `scripts/similar-areas-data.sh` derives from ONS's files in ../shared/data,
//! every similar area of England and Wales has a population (under its code or
//! the districts it replaced), and Rotherham's list is ONS's, in ONS's order
//! (`tests/independent/similar_areas.py` prints it from the CSV).

use std::path::Path;

use scrutineer::analysis::population::Populations;
use scrutineer::analysis::similar::{Basis, Table};

#[test]
fn the_built_in_similar_areas_table_is_derived_from_the_ons_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data/similar-areas");
    if !data.is_dir() {
        eprintln!("SKIPPED: {} not found", data.display());
        return;
    }
    let derived = scrutineer::similar_areas_table::derive(&data).unwrap();
    let committed = std::fs::read_to_string(root.join("data/ons-similar-areas.tsv")).unwrap();
    assert!(
        derived == committed,
        "data/ons-similar-areas.tsv is stale: run scripts/similar-areas-data.sh"
    );
}

#[test]
fn rotherhams_similar_areas_are_onss_in_order() {
    // From tests/independent/similar_areas.py over global-neighbours.csv.
    let expected = "Wakefield|Barnsley|Stockton-on-Tees|Doncaster|Dudley|Sunderland|St. Helens|South Tyneside|Gateshead|Halton|Wigan|Tameside|Rochdale|Kingston upon Hull, City of|Redcar and Cleveland|Hartlepool|Knowsley|Derby|Tamworth|Harlow";
    let list = Table::built_in()
        .similar("Rotherham", Basis::Overall, 20)
        .unwrap();
    let names: Vec<&str> = list.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.join("|"), expected);
    assert_eq!(list[1].code, "E08000038", "Barnsley's 2023 code");
    assert_eq!(list.len(), 20);
    assert_eq!(
        Table::built_in()
            .similar("Rotherham", Basis::Economic, 3)
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn every_similar_area_in_england_and_wales_has_residents() {
    let table = Table::built_in();
    let populations = Populations::built_in();
    let mut missing = Vec::new();
    let mut checked = 0;
    for (code, name) in table.authorities() {
        if !(code.starts_with('E') || code.starts_with('W')) {
            continue;
        }
        checked += 1;
        if populations.of(name, Some(code)).is_none() {
            missing.push(format!("{code} {name}"));
        }
    }
    // 318 authorities of England and Wales appear in the lists.
    assert_eq!(checked, 318);
    assert!(missing.is_empty(), "no population: {missing:?}");
}
