//! The ingestion core on the real files in ../shared/data.
//!
//! Expected figures were computed independently with Python's csv module over
//! the same files, e.g. for street crime (council = `LSOA name` minus its last
//! word; total = every row whose crime type is not "Anti-social behaviour"):
//!
//! ```text
//! for f in sorted(glob('police-uk/street/*south-yorkshire*')):
//!     c = Counter(r['Crime type'] for r in csv.DictReader(open(f, newline=''))
//!                 if r['LSOA name'].rsplit(' ', 1)[0] == 'Rotherham')
//! ```
//!
//! and for the Home Office outcomes file:
//!
//! ```text
//! rows = list(csv.DictReader(gzip.open(path, 'rt', newline='')))
//! data = [r for r in rows if not all(v == 'NA' for v in r.values())]
//! sy = [r for r in data if r['force_name'] == 'South Yorkshire' and r['financial_quarter'] == q]
//! sum(int(r['offences']) for r in sy if r['outcome_type'] in {'1','2','3','4','6','7','8'})
//! ```
//!
//! The tests skip, saying so, when ../shared/data is absent.

use std::path::{Path, PathBuf};

use scrutineer::analysis::monthly::{monthly_counts, TOTAL_EXCLUDING_ASB};
use scrutineer::dataset::{Dataset, LoadedFile};
use scrutineer::ingest::formats::police_uk_street::ANTI_SOCIAL_BEHAVIOUR;
use scrutineer::ingest::{ingest_bytes, Content, Loaded, Registry};
use scrutineer::model::{Month, Period};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
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

fn read(dir: &Path, relative: &str) -> Loaded {
    let path = dir.join(relative);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut loaded = ingest_bytes(&name, &std::fs::read(&path).unwrap());
    assert_eq!(loaded.len(), 1);
    let loaded = loaded.remove(0);
    assert_eq!(loaded.report.error, None, "{relative}");
    loaded
}

fn street_paths(dir: &Path, force: &str) -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir(dir.join("police-uk/street"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(&format!("-{force}-street.csv")))
        .map(|n| format!("police-uk/street/{n}"))
        .collect();
    paths.sort();
    paths
}

fn load_force(dir: &Path, force: &str, dataset: &mut Dataset, registry: &mut Registry) {
    for path in street_paths(dir, force) {
        let mut loaded = read(dir, &path);
        assert!(
            loaded.report.warnings.is_empty(),
            "{path}: {:?}",
            loaded.report.warnings
        );
        let id = dataset.files().len() as u32;
        assert_eq!(
            registry.admit(id, loaded.content.as_mut().unwrap()),
            None,
            "{path}"
        );
        dataset.add(LoadedFile::new(id, loaded).unwrap()).unwrap();
    }
}

#[test]
fn rotherham_monthly_counts_match_independent_figures() {
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    assert_eq!(dataset.files().len(), 11);
    let report = &dataset.files()[0].report;
    assert_eq!(report.kind.as_deref(), Some("police.uk street crime"));
    assert_eq!(report.rows, 14_914);
    assert_eq!(report.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(report.delimiter.as_deref(), Some(","));
    assert_eq!(report.periods, ["2019-04"]);
    assert_eq!(report.forces, ["South Yorkshire Police"]);
    assert_eq!(
        report.areas[..5],
        [
            "Sheffield",
            "Doncaster",
            "Rotherham",
            "Barnsley",
            "Wakefield"
        ]
    );
    assert_eq!(report.areas.len(), 18);
    assert_eq!(
        report.notices,
        ["683 rows have no location, so they are counted for no council"]
    );

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
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let councils = dataset.councils();
    let main: Vec<&str> = councils
        .iter()
        .filter(|c| !c.edge_of_area)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(main, ["Barnsley", "Doncaster", "Rotherham", "Sheffield"]);
    assert!(
        councils
            .iter()
            .find(|c| c.name == "Wakefield")
            .unwrap()
            .edge_of_area
    );
}

/// The same force's month downloaded again (a second archive, or a browser's
/// "(1)" copy) is a newer extract: it replaces the first, so each crime is
/// counted once and nothing is dropped from the newer file.
#[test]
fn the_same_force_month_downloaded_again_replaces_the_first() {
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let asb = ["Anti-social behaviour".to_string()];
    let before = monthly_counts(&dataset, "Rotherham", &asb);
    let mut again = read(&dir, "police-uk/street/2019-04-south-yorkshire-street.csv");
    again.report.path = "other-archive/2019-04-south-yorkshire-street.csv".into();
    assert_eq!(registry.admit(99, again.content.as_mut().unwrap()), None);
    dataset.add(LoadedFile::new(99, again).unwrap()).unwrap();
    assert_eq!(monthly_counts(&dataset, "Rotherham", &asb), before);
    let newest = dataset.files().last().unwrap();
    assert!(
        newest.report.notices.iter().any(|n| n
            == "Replaces the figures from 2019-04-south-yorkshire-street.csv for South Yorkshire Police, April 2019: this is the newer download of them (as many cases are open in both and the files' dates do not tell them apart, so the one loaded later is taken as newer). A newer download of a force's month replaces the earlier one and is never added to it; the earlier one's outcome rates are kept as earlier figures. South Yorkshire Police, April 2019: 14,914 records before, 14,914 records now."),
        "{:?}",
        newest.report.notices
    );
}

/// A newer extract that differs (crimes recorded late, others withdrawn) is
/// taken as it is: Rotherham's April is the newer file's count, worked out
/// here from its text, neither the older count nor the two added.
#[test]
fn a_revised_download_of_a_month_is_taken_as_it_is() {
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let text =
        std::fs::read_to_string(dir.join("police-uk/street/2019-04-south-yorkshire-street.csv"))
            .unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Withdraw 25 Rotherham burglaries; record 7 new ones with new Crime IDs.
    let mut withdrawn = 0;
    lines.retain(|l| {
        let drop = withdrawn < 25 && l.contains(",Rotherham ") && l.contains(",Burglary,");
        withdrawn += usize::from(drop);
        !drop
    });
    let template = lines
        .iter()
        .find(|l| l.contains(",Rotherham ") && l.contains(",Burglary,"))
        .unwrap()
        .clone();
    let id = template.split(',').next().unwrap().to_string();
    for i in 0..7 {
        lines.push(template.replacen(&id, &format!("late{i:058}"), 1));
    }
    let revised = lines.join("\n") + "\n";
    // Independently of the reader: Rotherham rows that are not ASB.
    let rotherham = |text: &str| {
        text.lines()
            .skip(1)
            .filter(|l| {
                let f: Vec<&str> = l.split(',').collect();
                f.len() > 9
                    && f[8].rsplit_once(' ').map(|(c, _)| c) == Some("Rotherham")
                    && f[9] != "Anti-social behaviour"
            })
            .count() as u64
    };
    let expected = rotherham(&revised);
    let mut loaded =
        ingest_bytes("2019-04-south-yorkshire-street (1).csv", revised.as_bytes()).remove(0);
    assert_eq!(registry.admit(99, loaded.content.as_mut().unwrap()), None);
    dataset.add(LoadedFile::new(99, loaded).unwrap()).unwrap();
    let table = monthly_counts(&dataset, "Rotherham", &[]);
    let april = table
        .months
        .iter()
        .position(|m| m.to_string() == "2019-04")
        .unwrap();
    assert_eq!(table.series[0].values[april], Some(expected));
    assert_eq!(
        expected,
        rotherham(&text) - 25 + 7,
        "Rotherham's April, less 25, plus 7"
    );
}

#[test]
fn a_second_force_adds_its_councils_without_changing_the_first() {
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let before = monthly_counts(&dataset, "Rotherham", &[]);
    load_force(&dir, "merseyside", &mut dataset, &mut registry);
    assert_eq!(dataset.files().len(), 22);
    assert_eq!(monthly_counts(&dataset, "Rotherham", &[]), before);
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

#[test]
fn home_office_outcomes_gzip_rows_forces_quarters_and_positive_rate() {
    let Some(dir) = data_dir() else { return };
    let loaded = read(&dir, "home-office/prc-outcomes-open-data-2017-18.csv.gz");
    let report = &loaded.report;
    assert_eq!(report.kind.as_deref(), Some("Home Office crime outcomes"));
    assert!(report.compressed);
    assert_eq!(report.rows, 450_912);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.forces.len(), 44);
    assert_eq!(
        report.periods,
        ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4"]
    );
    assert_eq!(
        report.notices,
        ["ignored a notes row with no data (blank or NA) on line 450914"]
    );
    let Some(Content::CrimeOutcomes(data)) = &loaded.content else {
        panic!("not outcomes")
    };
    let force = data.names.id("South Yorkshire").unwrap();
    let positive = [1u8, 2, 3, 4, 6, 7, 8];
    let expected = [
        (1, 4659, 35910),
        (2, 4440, 37285),
        (3, 4057, 36331),
        (4, 3722, 32392),
    ];
    for (quarter, num, den) in expected {
        let q = Period::Quarter {
            year: 2017,
            quarter,
        };
        let cells = data
            .cells
            .iter()
            .filter(|(k, _, _)| k.force == force && k.quarter == q);
        let (mut n, mut d) = (0, 0);
        for (k, offences, _) in cells {
            d += offences.total;
            if positive.contains(&k.outcome_type) {
                n += offences.total;
            }
        }
        assert_eq!((n, d), (num, den), "Q{quarter}");
    }
    // NA is missing, not zero: 21,472 rows say NA for outcomes recorded in quarter.
    let na: u32 = data.cells.iter().map(|(_, _, recorded)| recorded.na).sum();
    assert_eq!(na, 21_472);
}

#[test]
fn reference_tables_are_recognised() {
    let Some(dir) = data_dir() else { return };
    let lookup = read(&dir, "lookups/lad-to-csp-to-pfa.csv");
    assert_eq!(
        lookup.report.kind.as_deref(),
        Some("area lookup (council, CSP, force)")
    );
    assert_eq!(lookup.report.delimiter.as_deref(), Some(";"));
    assert_eq!(lookup.report.rows, 341);
    let Some(Content::Lookup(l)) = &lookup.content else {
        panic!()
    };
    assert_eq!(l.rows[0].lad_name, "Barking and Dagenham");
    assert_eq!(l.rows[0].force_name, "Metropolitan Police");

    let peers = read(&dir, "lookups/trafford-cipfa-nearest-neighbours-2021.csv");
    assert_eq!(peers.report.kind.as_deref(), Some("comparator list"));
    let Some(Content::Comparators(c)) = &peers.content else {
        panic!()
    };
    assert_eq!(c.areas.len(), 15);
    assert_eq!(c.areas[0], ("E06000030".to_string(), "Swindon".to_string()));

    let population = read(&dir, "population/lad-population-2011-census.csv");
    assert_eq!(population.report.kind.as_deref(), Some("population"));
    assert!(
        population.report.warnings.is_empty(),
        "{:?}",
        population.report.warnings
    );
    let Some(Content::Population(p)) = &population.content else {
        panic!()
    };
    assert_eq!(p.rows.len(), 404);
    // "Rotherham " has a trailing space in the file.
    let rotherham = p.rows.iter().find(|r| r.name == "Rotherham").unwrap();
    assert_eq!(rotherham.population, 257_280.0);
}

#[test]
fn police_uk_outcomes_and_stop_and_search_are_recognised() {
    let Some(dir) = data_dir() else { return };
    let outcomes = read(
        &dir,
        "police-uk/outcomes/2023-06-south-yorkshire-outcomes-first-51-rows.csv",
    );
    assert_eq!(outcomes.report.kind.as_deref(), Some("police.uk outcomes"));
    assert_eq!(outcomes.report.rows, 51);
    let search = read(
        &dir,
        "police-uk/stop-and-search/2021-08-west-yorkshire-stop-and-search.csv",
    );
    assert_eq!(
        search.report.kind.as_deref(),
        Some("police.uk stop and search")
    );
    assert_eq!(search.report.rows, 1312);
    assert_eq!(search.report.forces, ["West Yorkshire"]);
}

#[test]
fn rotherham_open_cases_are_few_in_these_old_extracts() {
    use scrutineer::analysis::maturity::DEFAULT_THRESHOLD;
    use scrutineer::analysis::measures::{observations, POLICE_UK_POSITIVE_RATE};
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let m: std::collections::BTreeMap<Period, _> = observations(&dataset)
        .into_iter()
        .filter(|o| o.area == "Rotherham" && o.measure == POLICE_UK_POSITIVE_RATE)
        .map(|o| (o.period, o.maturity.unwrap()))
        .collect();
    // Python: rows 'Under investigation' or 'Awaiting court outcome', ASB excluded.
    let m: std::collections::BTreeMap<Month, _> = m
        .into_iter()
        .filter_map(|(p, x)| Some((p.first_month()?, x)))
        .collect();
    let feb = m[&Month::parse_iso("2020-02").unwrap()];
    assert_eq!((feb.open, feb.total), (10.0, 1952.0));
    let march = m[&Month::parse_iso("2020-03").unwrap()];
    assert_eq!((march.open, march.total), (5.0, 1974.0));
    assert!(m.values().all(|x| !x.provisional(DEFAULT_THRESHOLD)));
}

#[test]
fn positive_outcome_sets_and_denominators_on_the_home_office_file() {
    use scrutineer::analysis::outcomes::{home_office_rate, Denominator, Offences, OutcomeSet};
    let Some(dir) = data_dir() else { return };
    let loaded = read(&dir, "home-office/prc-outcomes-open-data-2017-18.csv.gz");
    let Some(Content::CrimeOutcomes(data)) = &loaded.content else {
        panic!()
    };
    let q1 = Period::Quarter {
        year: 2017,
        quarter: 1,
    };
    // Python over the same file, South Yorkshire, 2017/18 Q1:
    let rate = |set, denominator| {
        home_office_rate(data, "South Yorkshire", &set, denominator, &Offences::All)[&q1]
    };
    assert_eq!(
        rate(OutcomeSet::Default, Denominator::OffencesRecorded),
        (4659, 35910, 0)
    );
    assert_eq!(
        rate(
            OutcomeSet::SanctionDetections,
            Denominator::OffencesRecorded
        ),
        (3974, 35910, 0)
    );
    // Outcomes assigned in the quarter: 122 rows say NA and are left out of both.
    assert_eq!(
        rate(OutcomeSet::Default, Denominator::OutcomesAssigned),
        (4792, 36715, 122)
    );
    assert_eq!(
        rate(
            OutcomeSet::SanctionDetections,
            Denominator::OutcomesAssigned
        )
        .0,
        4084
    );
}

#[test]
fn a_loaded_population_overrides_the_built_in_one_and_names_its_year() {
    use scrutineer::analysis::measures::observations;
    use scrutineer::analysis::scorecard::{scorecard_from, ScorecardOptions};
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let population = read(&dir, "population/lad-population-2011-census.csv");
    dataset
        .add(LoadedFile::new(500, population).unwrap())
        .unwrap();
    let all = observations(&dataset);
    let card = scorecard_from(&dataset, &all, &ScorecardOptions::new("Rotherham"));
    let total = card
        .iter()
        .find(|e| e.measure == TOTAL_EXCLUDING_ASB)
        .unwrap();
    let april = &total.series[0];
    assert_eq!(april.period.to_string(), "2019-04");
    // 1,972 crimes / 257,280 people (2011 census; "Rotherham " in the file) x 1,000.
    assert!((april.rate.unwrap() - 1972.0 * 1000.0 / 257_280.0).abs() < 1e-9);
    assert!((april.rate.unwrap() - 7.6648).abs() < 1e-4);
    assert_eq!(
        total.comparison_basis,
        "per 1,000 residents, lad-population-2011-census.csv (2011)"
    );
}

/// The board's question, answered on rates: March 2020 burglary, Rotherham
/// against the other South Yorkshire councils. Figures from
/// `tests/independent/march_2020_burglary.py` (raw police.uk rows and the ONS
/// figures typed in from the workbook): Sheffield 333 / 584,853 = 0.569374,
/// Rotherham 175 / 265,411 = 0.659355, Barnsley 186 / 246,866 = 0.753445,
/// Doncaster 266 / 311,890 = 0.852865 per 1,000; peer mean 0.725228; group
/// rate 0.681325.
#[test]
fn march_2020_burglary_is_ranked_per_1000_residents() {
    use scrutineer::analysis::card::build;
    use scrutineer::analysis::detail::measure_detail;
    use scrutineer::analysis::measures::observations;
    use scrutineer::analysis::periods::Granularity;
    use scrutineer::analysis::settings::Settings;
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let all = observations(&dataset);
    let settings = Settings {
        home: Some("Rotherham".into()),
        peer_mode: scrutineer::analysis::settings::PeerMode::SameForce,
        ..Settings::default()
    };
    let card = build(&dataset, &all, &settings, Granularity::Month).unwrap();
    assert_eq!(card.peers, ["Barnsley", "Doncaster", "Sheffield"]);
    let burglary = card
        .measures
        .iter()
        .find(|e| e.measure == "Crimes: Burglary")
        .unwrap();
    let latest = burglary.latest.as_ref().unwrap();
    assert_eq!(
        (latest.period.to_string(), latest.value),
        ("2020-03".to_string(), Some(175.0))
    );
    assert!((latest.rate.unwrap() - 0.659355).abs() < 1e-6);
    let p = burglary.peers.as_ref().unwrap();
    assert_eq!((p.rank, p.of), (2, 4), "raw counts would make it 1st");
    assert!((p.peer_mean - 0.725228).abs() < 1e-6);
    assert_eq!(
        burglary.comparison_basis,
        "per 1,000 residents, ONS mid-2019"
    );
    assert!(burglary.summary.starts_with(
        "Crimes: Burglary: 175 in March 2020 (0.66 per 1,000 residents, ONS mid-2019), 2nd of 4 councils in the force area on that rate; their average 0.73."
    ), "{}", burglary.summary);
    // The peer chart and the funnel use the same rates.
    let detail = measure_detail(&dataset, &all, &card_options(&card), "Crimes: Burglary").unwrap();
    let order: Vec<(&str, String)> = detail
        .figures
        .iter()
        .map(|f| (f.area.as_str(), format!("{:.6}", f.value)))
        .collect();
    assert_eq!(
        order,
        [
            ("Sheffield", "0.569374".to_string()),
            ("Rotherham", "0.659355".to_string()),
            ("Barnsley", "0.753445".to_string()),
            ("Doncaster", "0.852865".to_string()),
        ]
    );
    assert!((detail.funnel.unwrap().centre - 0.681325).abs() < 1e-6);
}

fn card_options(
    card: &scrutineer::analysis::card::Scorecard,
) -> scrutineer::analysis::scorecard::ScorecardOptions {
    let mut o = scrutineer::analysis::scorecard::ScorecardOptions::new(&card.area);
    o.peers = card.peers.clone();
    o
}

#[test]
fn counts_by_outcome_and_council_match_independent_figures() {
    use scrutineer::dataset::Dimension;
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    let april = Month::parse_iso("2019-04").unwrap();
    // Python, April 2019, Rotherham by "Last outcome category" ('' is ASB).
    let outcomes = dataset.counts_by(Some("Rotherham"), Dimension::Outcome);
    let get = |k: &str| outcomes.get(&(april, k.to_string())).copied();
    assert_eq!(
        get("Investigation complete; no suspect identified"),
        Some(862)
    );
    assert_eq!(get("Unable to prosecute suspect"), Some(524));
    assert_eq!(get("Status update unavailable"), Some(362));
    assert_eq!(get(""), Some(531));
    let councils = dataset.counts_by(None, Dimension::Council);
    assert_eq!(councils.get(&(april, "Sheffield".to_string())), Some(&5598));
    let types = dataset.counts_by(Some("Rotherham"), Dimension::CrimeType);
    assert_eq!(types.get(&(april, "Burglary".to_string())), Some(&210));
}

/// The monthly routine: keep the history in a workspace, add each new
/// police.uk download (whose months overlap the last one), save. A workspace
/// keeps no Crime IDs, so the overlap is seen by force and month: the new
/// download replaces the saved month, never adds to it. Rotherham, crimes
/// excluding anti-social behaviour (Python over the raw files): February 2020
/// 1,952, March 2020 1,974; added twice, March would read 3,948.
#[test]
fn a_new_download_over_a_saved_workspace_replaces_its_months() {
    use scrutineer::analysis::settings::Settings;
    use scrutineer::model::WORKSPACE_IDS;
    use scrutineer::ui::workspace;
    let Some(dir) = data_dir() else { return };
    let (mut first, mut registry) = (Dataset::default(), Registry::default());
    for (id, month) in ["2020-02", "2020-03"].iter().enumerate() {
        let mut loaded = read(
            &dir,
            &format!("police-uk/street/{month}-south-yorkshire-street.csv"),
        );
        registry.admit(id as u32, loaded.content.as_mut().unwrap());
        first
            .add(LoadedFile::new(id as u32, loaded).unwrap())
            .unwrap();
    }
    let text = workspace::save(&Settings::default(), &first);
    let (_, files) = workspace::open("rotherham.scrutineer.json", &text).unwrap();
    let mut dataset = Dataset::default();
    for (i, loaded) in files.into_iter().enumerate() {
        dataset
            .add(LoadedFile::new(WORKSPACE_IDS + i as u32, loaded).unwrap())
            .unwrap();
    }
    let total = |d: &Dataset, month: &str| {
        let table = monthly_counts(d, "Rotherham", &[]);
        let at = table
            .months
            .iter()
            .position(|m| m.to_string() == month)
            .unwrap();
        table.series[0].values[at]
    };
    assert_eq!(
        (total(&dataset, "2020-02"), total(&dataset, "2020-03")),
        (Some(1952), Some(1974))
    );

    // The same month downloaded again, as a browser names a second download.
    let mut again = read(&dir, "police-uk/street/2020-03-south-yorkshire-street.csv");
    again.report.path = "2020-03-south-yorkshire-street (1).csv".into();
    let mut fresh = Registry::default();
    fresh.admit(1, again.content.as_mut().unwrap());
    dataset.add(LoadedFile::new(1, again).unwrap()).unwrap();
    assert_eq!(
        (total(&dataset, "2020-02"), total(&dataset, "2020-03")),
        (Some(1952), Some(1974)),
        "replaced, not added"
    );
    let newest = dataset.files().last().unwrap();
    assert!(
        newest.report.notices.iter().any(|n| n
            == "Replaces the saved figures from 2020-03-south-yorkshire-street.csv for South Yorkshire Police, March 2020: this is the newer download of them (as many cases are open in both and the files' dates do not tell them apart, so the one loaded later is taken as newer). A newer download of a force's month replaces the earlier one and is never added to it; the earlier one's outcome rates are kept as earlier figures. South Yorkshire Police, March 2020: 14,347 records before, 14,347 records now."),
        "{:?}",
        newest.report.notices
    );
    let saved = dataset
        .files()
        .iter()
        .find(|f| f.report.path == "2020-03-south-yorkshire-street.csv")
        .unwrap();
    assert!(saved.report.notices.iter().any(|n| n.starts_with(
        "South Yorkshire Police, March 2020 replaced by 2020-03-south-yorkshire-street (1).csv"
    )));

    // A fragment of a saved month is not a newer download: left out, and said so.
    let fragment = "Crime ID,Month,Falls within,LSOA name,Crime type\nx1,2020-02,South Yorkshire Police,Rotherham 001A,Drugs\n";
    let loaded = ingest_bytes("fragment.csv", fragment.as_bytes()).remove(0);
    dataset.add(LoadedFile::new(2, loaded).unwrap()).unwrap();
    assert_eq!(total(&dataset, "2020-02"), Some(1952));
    let notice = &dataset.files().last().unwrap().report.notices;
    assert!(notice.iter().any(|n| n.starts_with("South Yorkshire Police, February 2020 is left out: this file has 1 record for it where the saved workspace's 2020-02-south-yorkshire-street.csv has 14,027 records")), "{notice:?}");
}

/// The Home Office outcomes table loaded twice (a second download): the
/// second replaces the first's force-quarters, so South Yorkshire's figures
/// are the same as with one copy, not doubled. (44 forces in the file, by
/// Python over its `force_name` column.)
#[test]
fn a_home_office_table_loaded_again_replaces_not_adds() {
    use scrutineer::analysis::measures::observations;
    let Some(dir) = data_dir() else { return };
    let path = "home-office/prc-outcomes-open-data-2017-18.csv.gz";
    let mut once = Dataset::default();
    once.add(LoadedFile::new(1, read(&dir, path)).unwrap())
        .unwrap();
    let mut twice = once.clone();
    let mut again = read(&dir, path);
    again.report.path = "prc-outcomes-open-data-2017-18 (1).csv.gz".into();
    twice.add(LoadedFile::new(2, again).unwrap()).unwrap();
    let south_yorkshire = |d: &Dataset| {
        let mut v: Vec<(String, String, Option<f64>)> = observations(d)
            .into_iter()
            .filter(|o| o.area == "South Yorkshire")
            .map(|o| (o.measure, o.period.to_string(), o.value))
            .collect();
        v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        v
    };
    let expected = south_yorkshire(&once);
    assert!(!expected.is_empty());
    assert_eq!(south_yorkshire(&twice), expected);
    let notice = twice.files()[1].report.notices.last().unwrap();
    assert!(
        notice.starts_with("Replaces ") && notice.contains("from prc-outcomes-open-data-2017-18.csv.gz (Avon and Somerset and 43 other areas, 2017/18 Q1 to 2017/18 Q4)"),
        "{notice}"
    );
}

/// The board's question with the default peer group: Rotherham against those
/// of its ONS similar areas that the South Yorkshire and Merseyside files
/// cover. Figures from `tests/independent/march_2020_burglary_similar.py`:
/// Barnsley, Doncaster, St Helens and Knowsley (ONS order); Rotherham 3rd of
/// 5 at 0.659355 per 1,000; peer mean 0.646388. Sheffield is not similar.
#[test]
fn march_2020_burglary_against_similar_areas() {
    use scrutineer::analysis::card::build;
    use scrutineer::analysis::measures::observations;
    use scrutineer::analysis::periods::Granularity;
    use scrutineer::analysis::settings::Settings;
    let Some(dir) = data_dir() else { return };
    let (mut dataset, mut registry) = (Dataset::default(), Registry::default());
    load_force(&dir, "south-yorkshire", &mut dataset, &mut registry);
    load_force(&dir, "merseyside", &mut dataset, &mut registry);
    let all = observations(&dataset);
    let settings = Settings {
        home: Some("Rotherham".into()),
        ..Settings::default()
    };
    let card = build(&dataset, &all, &settings, Granularity::Month).unwrap();
    assert_eq!(
        card.peers,
        ["Barnsley", "Doncaster", "St. Helens", "Knowsley"]
    );
    assert!(card.notices[0].starts_with("Rotherham's 20 similar areas (ONS Explore Local Statistics, overall): 4 in your files (Barnsley, Doncaster, St. Helens, Knowsley). For the rest, add police.uk files for West Yorkshire (Wakefield), Cleveland (Stockton-on-Tees, Redcar and Cleveland, Hartlepool), West Midlands (Dudley)"), "{}", card.notices[0]);
    let burglary = card
        .measures
        .iter()
        .find(|e| e.measure == "Crimes: Burglary")
        .unwrap();
    let p = burglary.peers.as_ref().unwrap();
    assert_eq!((p.rank, p.of), (3, 5));
    assert!((p.peer_mean - 0.646388).abs() < 1e-6);
    assert_eq!(
        burglary.peer_group,
        "Rotherham's 20 most similar areas (ONS Explore Local Statistics, overall)"
    );
    assert!(
        burglary
            .summary
            .contains("3rd of 5 similar areas on that rate"),
        "{}",
        burglary.summary
    );
}
