//! The `scrutineer` command line, run as a council's scheduled job would run it.

use std::path::Path;
use std::process::Command;

fn scrutineer(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scrutineer"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn inspect_reports_every_file_and_exits_1_when_one_failed() {
    let (code, out, _) = scrutineer(&[
        "inspect",
        "tests/fixtures/street-ragged.csv",
        "tests/fixtures/no-such-file.csv",
    ]);
    assert_eq!(code, 1);
    let records: serde_json::Value = serde_json::from_str(&out).unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["kind"], "police.uk street crime");
    assert_eq!(records[0]["warnings"][0]["line"], 7);
    assert_eq!(
        records[0]["warnings"][0]["message"],
        "2 rows skipped: lines 7, 40: have 6 fields, expected 12"
    );
    assert_eq!(records[0]["error"], serde_json::Value::Null);
    assert!(records[1]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("tests/fixtures/no-such-file.csv: could not be read"));
}

#[test]
fn inspect_exits_0_when_everything_loaded() {
    let (code, out, _) = scrutineer(&["inspect", "tests/fixtures/measures-tab.csv"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"delimiter\": \"tab\""));
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = scrutineer(&["measures", "--area"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage:"));
}

#[test]
fn tidy_measures_with_targets_flow_through_unchanged() {
    let (code, out, _) = scrutineer(&[
        "measures",
        "tests/fixtures/measures-own-format.csv",
        "--area",
        "rotherham",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "area,period,measure,value,numerator,denominator");
    assert!(
        lines.contains(&"Rotherham,2018/19 Q1,Hate crime positive outcomes,12.9,,"),
        "{out}"
    );
    assert!(
        lines.contains(&"Rotherham,2018/19 Q4,Hate crime positive outcomes,6.9,,"),
        "{out}"
    );
    assert!(
        lines.contains(&"Rotherham,2018/19,Repeat domestic abuse referrals,30.25,1210,4000"),
        "{out}"
    );
}

#[test]
fn street_files_give_rotherham_monthly_counts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/police-uk/street");
    if !dir.is_dir() {
        eprintln!("SKIPPED: ../shared/data is absent");
        return;
    }
    let april = dir.join("2019-04-south-yorkshire-street.csv");
    let may = dir.join("2019-05-south-yorkshire-street.csv");
    let (code, out, _) = scrutineer(&[
        "measures",
        april.to_str().unwrap(),
        may.to_str().unwrap(),
        "--area",
        "Rotherham",
    ]);
    assert_eq!(code, 0);
    // Independently computed (see tests/real_data.rs).
    for line in [
        "Rotherham,2019-04,All crime excluding anti-social behaviour,1972,,",
        "Rotherham,2019-05,All crime excluding anti-social behaviour,2141,,",
        "Rotherham,2019-04,Crimes: Anti-social behaviour,531,,",
        "Rotherham,2019-04,Crimes: Burglary,210,,",
        "Rotherham,2019-04,Crimes: Violence and sexual offences,708,,",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line}");
    }
    assert!(out.lines().skip(1).all(|l| l.starts_with("Rotherham,")));
}
