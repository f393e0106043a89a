//! The ONS "Police force area data tables" workbook as published (year ending
//! December 2024, in ../shared/data), read whole: Rotherham against its ONS
//! similar areas and England and Wales. Figures from
//! `tests/independent/ons_tables_rotherham.py`, which reads the workbook with
//! Python's zipfile and XML parser only: Rotherham 25,612 crimes, 95.4247 per
//! 1,000 on C4's population of 268,400; England and Wales 5,350,405 /
//! 60,854,700 = 87.9210; Rotherham 6th of 21, similar areas' mean 103.0621.

use std::path::Path;

use scrutineer::analysis::card::build;
use scrutineer::analysis::measures::observations;
use scrutineer::analysis::periods::Granularity;
use scrutineer::analysis::settings::Settings;
use scrutineer::ingest::formats::ons_crime_tables::FORCES_NAMED_AS_COUNCILS;

const WORKBOOK: &str = "../shared/data/ons-crime-tables/policeforceareatablesyedecember2024.xlsx";
const TOTAL: &str = "ONS recorded crime: Total recorded crime (excluding fraud)";

#[test]
fn the_workbook_alone_compares_rotherham_with_its_similar_areas_and_the_nation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(WORKBOOK);
    if !path.is_file() {
        eprintln!("SKIPPED: {} not found", path.display());
        return;
    }
    let (reports, dataset) = scrutineer::cli::load(&[path.display().to_string()]);
    assert!(reports.iter().all(|r| r.error.is_none()));
    let all = observations(&dataset);
    let settings = Settings {
        home: Some("Rotherham".into()),
        ..Settings::default()
    };
    let card = build(&dataset, &all, &settings, Granularity::Month).unwrap();
    assert_eq!(card.peers.len(), 20, "every similar area is in the tables");
    let total = card.measures.iter().find(|e| e.measure == TOTAL).unwrap();
    let latest = total.latest.as_ref().unwrap();
    assert_eq!(latest.period.to_string(), "year ending December 2024");
    assert_eq!(latest.value, Some(25_612.0));
    assert!((latest.rate.unwrap() - 95.4247).abs() < 1e-4);
    let r = total.residents.as_ref().unwrap();
    assert_eq!((r.people, r.year), (268_400.0, Some(2022)));
    // A year earlier from Table C5: 26,480, so down 3.3% (Table C3: -3.278%).
    let change = total.change_on_year.as_ref().unwrap();
    assert_eq!((change.from, change.to), (26_480.0, 25_612.0));
    assert!((change.percent.unwrap() + 3.2779).abs() < 1e-3);
    let p = total.peers.as_ref().unwrap();
    assert_eq!((p.rank, p.of), (6, 21));
    assert!((p.peer_mean - 103.0621).abs() < 1e-4);
    let n = total.national.as_ref().unwrap();
    assert_eq!(n.value, 5_350_405.0);
    assert!((n.rate.unwrap() - 87.9210).abs() < 1e-4);
    assert!(
        total.summary.contains(
            "6th of 21 similar areas on that rate; their average 103.06; England and Wales 87.92."
        ),
        "{}",
        total.summary
    );
}

#[test]
fn a_force_named_like_a_council_is_kept_apart_from_it() {
    use scrutineer::analysis::population::{normalise, Populations};
    use scrutineer::analysis::similar::Table;
    // The list is exactly the forces whose names are councils' names.
    let councils: Vec<String> = Table::built_in()
        .authorities()
        .map(|(_, n)| normalise(n))
        .collect();
    let shared: Vec<String> = Populations::built_in()
        .forces()
        .into_iter()
        .filter(|f| councils.contains(&normalise(f)))
        .collect();
    assert_eq!(shared, FORCES_NAMED_AS_COUNCILS);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(WORKBOOK);
    if !path.is_file() {
        return;
    }
    let (_, dataset) = scrutineer::cli::load(&[path.display().to_string()]);
    let all = observations(&dataset);
    // Dorset the council (C2: 21,476) and Dorset Police (P1: 51,779) apart.
    let value = |area: &str| {
        all.iter()
            .filter(|o| o.area == area && o.measure == TOTAL)
            .filter(|o| o.period.to_string() == "year ending December 2024")
            .map(|o| o.value.unwrap())
            .collect::<Vec<f64>>()
    };
    let council = value("Dorset");
    let force = value("Dorset Police");
    assert_eq!((council.len(), force.len()), (1, 1));
    assert_eq!((council[0], force[0]), (21_476.0, 51_779.0));
    // Bournemouth and Poole share a council code: each has its own residents.
    let populations = scrutineer::analysis::population::Populations::new(&dataset);
    let of = |a: &str, c: &str| populations.of(a, Some(c)).unwrap().people;
    assert_ne!(of("Bournemouth", "E22000063"), of("Poole", "E22000067"));
}

/// Two editions build a series: the year before comes from the newer
/// edition's Table C5, which is current over the older edition's Table C2 for
/// the same year, and the older figure is kept as a revision. The older
/// edition here is made up (26,300), the newer one's C5 figure is ONS's
/// (26,480); the layout is the CSV Excel saves ("26,480 " with a space).
#[test]
fn a_newer_editions_previous_year_revises_the_older_edition() {
    use scrutineer::analysis::card::build;
    let dir = std::env::temp_dir().join(format!("scrutineer-editions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = |name: &str, title: &str, rotherham: &str, barnsley: &str| {
        let text = format!(
            "\"{title}\",,,,,,\n\
             \"Police Force\nArea code\",\"Police Force\nArea name\",\"Community Safety\nPartnership code\",\"Community Safety\nPartnership name\",Local Authority code,Local Authority name,\"Total recorded crime\n (excluding fraud)\"\n\
             E23000011,South Yorkshire,E22000261,Rotherham,E08000018,Rotherham,\"{rotherham} \"\n\
             E23000011,South Yorkshire,E22000259,Barnsley,E08000016,Barnsley,\"{barnsley} \"\n"
        );
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let older = table(
        "csptablesyedec23-Table C2.csv",
        "Table C2: Number of police recorded crimes by Community Safety Partnership area, year ending December 2023",
        "26,300",
        "25,000",
    );
    let newer = table(
        "policeforceareatablesyedecember2024-Table C5.csv",
        "Table C5: Number of police recorded crimes by Community Safety Partnership area, year ending December 2023",
        "26,480",
        "25,100",
    );
    // The newer loaded first: which is current does not depend on order.
    let (reports, dataset) = scrutineer::cli::load(&[newer, older]);
    assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
    let all = observations(&dataset);
    let settings = Settings {
        home: Some("Rotherham".into()),
        ..Settings::default()
    };
    let card = build(&dataset, &all, &settings, Granularity::Month).unwrap();
    let total = card.measures.iter().find(|e| e.measure == TOTAL).unwrap();
    assert_eq!(total.latest.as_ref().unwrap().value, Some(26_480.0));
    assert_eq!(total.revisions.len(), 1);
    let r = &total.revisions[0];
    assert_eq!((r.earlier, r.later), (26_300.0, 26_480.0));
    std::fs::remove_dir_all(&dir).ok();
}

/// An edition and a saving no one here made: Tables C2 and P1 of ONS's year
/// ending June 2025 edition, saved as CSV by someone else and kept in the
/// public repository tom-draper/uk-data-atlas
/// (`public/data/crime/policeforceareatablesyejune25final.csv`: C2 at commit
/// 8718b54, P1 at 35ab745), ONS data under the Open Government Licence v3.0.
/// Figures from `tests/independent/ons_saved_sheets_june_2025.py`: Rotherham
/// 25,265; England and Wales 5,287,312. With the December 2024 workbook too,
/// the three years build one series, rates use the latest populations the
/// files give (C4 2022, P3 2023): Rotherham 94.1319 per 1,000, 7th of 21,
/// similar areas' mean 101.3547; England and Wales 86.8842. The year ending
/// December 2024 overlaps June 2025 by six months, so the two are not tested
/// against each other.
#[test]
fn another_publishers_saved_sheets_of_a_later_edition_join_the_workbook() {
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
            .display()
            .to_string()
    };
    let sheets = [
        fixture("policeforceareatablesyejune25-table-c2.csv"),
        fixture("policeforceareatablesyejune25-table-p1.csv"),
    ];
    let settings = Settings {
        home: Some("Rotherham".into()),
        ..Settings::default()
    };
    let total_of = |files: &[String]| {
        let (reports, dataset) = scrutineer::cli::load(files);
        assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
        let all = observations(&dataset);
        let card = build(&dataset, &all, &settings, Granularity::Month).unwrap();
        card.measures
            .into_iter()
            .find(|e| e.measure == TOTAL)
            .unwrap()
    };
    let alone = total_of(&sheets);
    let latest = alone.latest.as_ref().unwrap();
    assert_eq!(latest.period.to_string(), "year ending June 2025");
    assert_eq!(latest.value, Some(25_265.0));
    let n = alone.national.as_ref().unwrap();
    assert_eq!(n.value, 5_287_312.0);
    assert_eq!(n.source, "England and Wales, as the loaded tables give it");

    let workbook = Path::new(env!("CARGO_MANIFEST_DIR")).join(WORKBOOK);
    if !workbook.is_file() {
        eprintln!("SKIPPED: {} not found", workbook.display());
        return;
    }
    let mut files = sheets.to_vec();
    files.push(workbook.display().to_string());
    let total = total_of(&files);
    let periods: Vec<(String, Option<f64>)> = total
        .series
        .iter()
        .map(|p| (p.period.to_string(), p.value))
        .collect();
    assert_eq!(
        periods,
        [
            ("year ending December 2023".to_string(), Some(26_480.0)),
            ("year ending December 2024".to_string(), Some(25_612.0)),
            ("year ending June 2025".to_string(), Some(25_265.0)),
        ]
    );
    let latest = total.latest.as_ref().unwrap();
    assert!((latest.rate.unwrap() - 94.1319).abs() < 1e-4);
    let p = total.peers.as_ref().unwrap();
    assert_eq!((p.rank, p.of), (7, 21));
    assert!((p.peer_mean - 101.3547).abs() < 1e-4);
    assert!((total.national.as_ref().unwrap().rate.unwrap() - 86.8842).abs() < 1e-4);
    assert!(total.change_on_previous.is_none(), "overlapping years");
    assert!(total.change_on_year.is_none(), "no year ending June 2024");
    assert!(
        !total.summary.contains("on the period before"),
        "{}",
        total.summary
    );
}
