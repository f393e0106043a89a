//! The population table built into the app is exactly what
//! `scripts/population-data.sh` derives from the ONS workbook in
//! ../shared/data, and its figures agree with the workbook as ONS published it.

use std::path::Path;

#[test]
fn the_built_in_population_table_is_derived_from_the_ons_workbook() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    if !data.is_dir() {
        eprintln!("SKIPPED: {} not found", data.display());
        return;
    }
    let derived = scrutineer::population_table::derive(
        &data.join("population/ons-mid-2019-population-estimates-lad-april-2020-codes.xls"),
        &data.join("lookups/lad-to-csp-to-pfa.csv"),
    )
    .unwrap();
    let committed =
        std::fs::read_to_string(root.join("data/ons-mid-2019-lad-population.csv")).unwrap();
    assert!(
        derived == committed,
        "data/ons-mid-2019-lad-population.csv is stale: run scripts/population-data.sh"
    );
    // The districts add up to ONS's own England and Wales total (K04000001,
    // 59,439,840), so no district is missing or counted twice.
    let total: u64 = csv::Reader::from_reader(committed.as_bytes())
        .records()
        .map(|r| r.unwrap()[2].parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 59_439_840);
    for line in [
        "E08000018,Rotherham,265411,2019,South Yorkshire",
        "E08000016,Barnsley,246866,2019,South Yorkshire",
        "E08000017,Doncaster,311890,2019,South Yorkshire",
        "E08000019,Sheffield,584853,2019,South Yorkshire",
        "E07000150,Corby,72218,2019,Northamptonshire",
    ] {
        assert!(committed.lines().any(|l| l == line), "{line}");
    }
}
