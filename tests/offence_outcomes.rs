//! Positive outcomes by offence group against England and Wales, from the
//! Home Office outcomes table for 2017/18 (../shared/data). Expected figures
//! are from tests/independent/ho_outcomes_by_offence.py, which counts the CSV
//! itself. The tests skip when ../shared/data is absent.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn shared(path: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path);
    p.exists().then(|| p.to_string_lossy().into_owned())
}

fn scorecard(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_scrutineer"))
        .arg("scorecard")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

const SET: &str = "(%, outcome types 1,2,3,4,6,7,8, of offences recorded in the period)";

fn measure<'a>(card: &'a Value, name: &str) -> Option<&'a Value> {
    card["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["measure"] == name)
}

fn close(v: &Value, expected: f64) {
    assert!(
        (v.as_f64().unwrap() - expected).abs() < 1e-4,
        "{v} against {expected}"
    );
}

#[test]
fn hate_crime_and_sexual_offences_against_england_and_wales_for_south_yorkshire() {
    let Some(ho) = shared("home-office/prc-outcomes-open-data-2017-18.csv.gz") else {
        return;
    };
    let Some(street) = shared("police-uk/street/2019-04-south-yorkshire-street.csv") else {
        return;
    };
    let card = scorecard(&[
        &street,
        &ho,
        "examples/hate-crime-2018-19.csv",
        "--area",
        "Rotherham",
        "--period",
        "year",
    ]);
    // The force section: South Yorkshire against every other territorial force.
    assert_eq!(card["force"]["area"], "South Yorkshire");
    let peers = card["force"]["peers"].as_array().unwrap();
    assert_eq!(peers.len(), 42, "{peers:?}");
    assert!(!peers.iter().any(|p| p == "British Transport Police"));
    // (measure, SY positive, SY all, rate, E&W positive, E&W all, E&W rate,
    //  rank, of, 99.8% lower limit, BTP positive, BTP all).
    let expected = [
        (
            format!("Positive outcome rate for racially or religiously aggravated offences {SET}"),
            186.0,
            1223.0,
            15.2085,
            10608.0,
            53541.0,
            19.8129,
            // 42nd of 43; North Yorkshire (over 20% open) is not ranked.
            41,
            42,
            16.2907,
            "26.3% (672 of 2,552)",
        ),
        (
            format!("Positive outcome rate for sexual offences {SET}"),
            233.0,
            4088.0,
            5.6996,
            11981.0,
            148976.0,
            8.0422,
            // 41st of 43; Derbyshire and North Yorkshire are not ranked.
            40,
            41,
            6.7279,
            "13.7% (250 of 1,822)",
        ),
        (
            format!("Positive outcome rate {SET}"),
            16878.0,
            141918.0,
            11.8928,
            714576.0,
            4818517.0,
            14.8298,
            40,
            42,
            14.5383,
            "16.5% (9,883 of 59,785)",
        ),
    ];
    for (name, num, den, value, n_num, n_den, n_value, rank, of, lower, btp) in expected.clone() {
        let e = measure(&card, &name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(e["area"], "South Yorkshire");
        let j = &e["judged"];
        assert_eq!(j["period"], "2017/18");
        assert_eq!(
            (j["numerator"].as_f64(), j["denominator"].as_f64()),
            (Some(num), Some(den))
        );
        close(&j["value"], value);
        let n = &e["national"];
        assert_eq!(
            (n["numerator"].as_f64(), n["denominator"].as_f64()),
            (Some(n_num), Some(n_den))
        );
        close(&n["value"], n_value);
        assert_eq!(
            n["source"],
            "England and Wales: the 43 territorial forces added up"
        );
        assert_eq!(
            (e["peers"]["rank"].as_u64(), e["peers"]["of"].as_u64()),
            (Some(rank), Some(of))
        );
        assert_eq!(e["funnel"], "below998");
        assert_eq!(e["funnel_limits"]["around"], "England and Wales");
        close(&e["funnel_limits"]["lower_998"], lower);
        let summary = e["summary"].as_str().unwrap();
        assert!(summary.contains("it is below the 99.8% limit"), "{summary}");
        assert!(
            summary.contains("a difference chance alone would very rarely give"),
            "{summary}"
        );
        assert!(
            summary.contains(&format!("British Transport Police, not a territorial force, is not in England and Wales: {btp}.")),
            "{summary}"
        );
    }
    let rra = measure(&card, &expected[0].0).unwrap();
    let summary = rra["summary"].as_str().unwrap();
    assert!(
        summary.contains("15.2% (186 of 1,223) in 2017/18"),
        "{summary}"
    );
    assert!(
        summary.contains("England and Wales 19.8% (10,608 of 53,541)"),
        "{summary}"
    );
    let definition = rra["definition"].as_str().unwrap();
    assert!(
        definition.contains("Racially or religiously aggravated harassment"),
        "{definition}"
    );
    // Only the three ticked by default: no robbery, drugs or theft rates.
    assert!(measure(&card, &format!("Positive outcome rate for robbery {SET}")).is_none());
    // Beside the council's own hate-crime measure: context, not its place.
    let hate = measure(&card, "Hate crime positive outcomes").unwrap();
    assert_eq!(hate["area"], "Rotherham");
    close(&hate["latest"]["value"], 6.9);
    let words = hate["summary"].as_str().unwrap();
    assert!(
        words.starts_with("Hate crime positive outcomes: 6.9% in 2018/19 Q4"),
        "{words}"
    );
    assert!(words.contains("For context, not in place of this figure: in 2017/18, South Yorkshire's positive-outcome rate for racially or religiously aggravated offences (Home Office) was 15.2% (186 of 1,223); England and Wales 19.8% (10,608 of 53,541). That covers the whole force area, not Rotherham alone"), "{words}");
    assert!(
        words.contains("different period from this figure's 2018/19 Q4"),
        "{words}"
    );
}

#[test]
fn the_officer_ticks_which_offence_groups_the_force_section_shows() {
    let Some(ho) = shared("home-office/prc-outcomes-open-data-2017-18.csv.gz") else {
        return;
    };
    let card = scorecard(&[
        &ho,
        "--area",
        "South Yorkshire",
        "--period",
        "year",
        "--offences",
        "Robbery,Drug offences",
    ]);
    let names: Vec<&str> = card["measures"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["measure"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            format!("Positive outcome rate for drug offences {SET}"),
            format!("Positive outcome rate for robbery {SET}"),
        ],
        "{names:?}"
    );
    let drugs = measure(&card, names[0]).unwrap().clone();
    assert!(drugs["definition"]
        .as_str()
        .unwrap()
        .starts_with("Offences in the Home Office offence group \"Drug offences\"."));
}
