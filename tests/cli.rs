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

fn shared(path: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path);
    if p.exists() {
        Some(p.to_string_lossy().into_owned())
    } else {
        eprintln!("SKIPPED: ../shared/data is absent");
        None
    }
}

#[test]
fn scorecard_passes_tidy_measures_and_targets_through_unchanged() {
    let (code, out, _) = scrutineer(&[
        "scorecard",
        "tests/fixtures/measures-own-format.csv",
        "--area",
        "Rotherham",
        "--period",
        "quarter",
    ]);
    assert_eq!(code, 0);
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hate = card["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["measure"] == "Hate crime positive outcomes")
        .unwrap();
    let values: Vec<f64> = hate["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [12.9, 19.7, 14.3, 6.9]);
    assert_eq!(hate["target"], 20.0);
    assert_eq!(hate["rag"]["rag"], "Red");
    assert_eq!(hate["theme"], "Building Confident and Cohesive Communities");
    assert!(hate["summary"]
        .as_str()
        .unwrap()
        .starts_with("Hate crime positive outcomes: 6.9% in 2018/19 Q4, below the 20.0% target"));
}

#[test]
fn scorecard_for_rotherham_and_its_peers_on_real_files() {
    let Some(march) = shared("police-uk/street/2020-03-south-yorkshire-street.csv") else {
        return;
    };
    let Some(february) = shared("police-uk/street/2020-02-south-yorkshire-street.csv") else {
        return;
    };
    let (code, out, _) = scrutineer(&[
        "scorecard",
        &february,
        &march,
        "--area",
        "Rotherham",
        "--peers",
        "Barnsley,Doncaster,Sheffield",
    ]);
    assert_eq!(code, 0);
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    let total = card["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["measure"] == "All crime excluding anti-social behaviour")
        .unwrap();
    // Python: March 2020 excluding ASB: Rotherham 1,974, Barnsley 1,974,
    // Doncaster 2,939, Sheffield 4,232; February Rotherham 1,952.
    assert_eq!(total["latest"]["value"], 1974.0);
    // Per 1,000 residents (ONS mid-2019: 265,411, 246,866, 311,890, 584,853),
    // Sheffield (7.24) is lowest, then Rotherham (7.44): raw counts would tie
    // Rotherham with Barnsley for 1st.
    assert_eq!(total["peers"]["rank"], 2, "lower is better, on rates");
    assert_eq!(total["peers"]["of"], 4);
    assert_eq!(
        total["comparison_basis"],
        "per 1,000 residents, ONS mid-2019"
    );
    let rate = |n: f64, p: f64| n * 1000.0 / p;
    assert!((total["latest"]["rate"].as_f64().unwrap() - rate(1974.0, 265_411.0)).abs() < 1e-9);
    let peer_mean =
        (rate(1974.0, 246_866.0) + rate(2939.0, 311_890.0) + rate(4232.0, 584_853.0)) / 3.0;
    assert!((total["peers"]["peer_mean"].as_f64().unwrap() - peer_mean).abs() < 1e-9);
    assert_eq!(total["change_on_previous"]["absolute"], 22.0);
    assert_eq!(total["change_on_previous"]["significant"], false);
    assert_eq!(
        total["spc_note"],
        "SPC limits need at least 13 points; there are 2"
    );
}

#[test]
fn scorecard_for_a_force_ranks_and_places_it_on_the_funnel() {
    let Some(outcomes) = shared("home-office/prc-outcomes-open-data-2017-18.csv.gz") else {
        return;
    };
    let (code, out, _) = scrutineer(&[
        "scorecard",
        &outcomes,
        "--area",
        "South Yorkshire",
        "--peers",
        "Merseyside,West Yorkshire,Greater Manchester",
        "--period",
        "quarter",
    ]);
    assert_eq!(code, 0);
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rate = &card["measures"][0];
    // Python: Q4 2017/18, types 1,2,3,4,6,7,8 over all offences recorded:
    // South Yorkshire 3,722/32,392 = 11.4905%; Merseyside 15.9487%, West
    // Yorkshire 11.0914%, Greater Manchester 8.4858%.
    assert!((rate["latest"]["value"].as_f64().unwrap() - 11.4905).abs() < 1e-4);
    assert_eq!(rate["peers"]["rank"], 2);
    // The funnel is around England and Wales (the 43 territorial forces,
    // all in the file), not the four picked: Q4 163,605/1,170,674 = 13.9753%;
    // 99.8% lower limit at n = 32,392: 13.9753 - 3.090232 * 0.19265 = 13.38%.
    assert_eq!(rate["funnel"], "below998");
    assert_eq!(rate["funnel_limits"]["around"], "England and Wales");
    assert!((rate["funnel_limits"]["lower_998"].as_f64().unwrap() - 13.3800).abs() < 1e-3);
    // Q3 to Q4: 11.17% to 11.49%, not significant (p = 0.18).
    assert_eq!(rate["change_on_previous"]["significant"], false);
}

/// The example the app offers is exactly what `scripts/example-data.sh`
/// derives from the real files (compared decompressed: gzip bytes vary).
#[test]
fn the_committed_example_is_derived_from_the_shared_data() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !data.join("home-office").exists() {
        eprintln!("skipped: ../shared/data is absent");
        return;
    }
    let mut args: Vec<String> = vec!["workspace".into()];
    for (folder, force) in [
        ("police-uk/street-2018-01-to-2019-03", "south-yorkshire"),
        ("police-uk/street", "south-yorkshire"),
        ("police-uk/street", "merseyside"),
    ] {
        let mut names: Vec<String> = std::fs::read_dir(data.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .filter(|p| p.ends_with(&format!("-{force}-street.csv")))
            .collect();
        names.sort();
        args.extend(names);
    }
    args.push(
        data.join("home-office/prc-outcomes-open-data-2017-18.csv.gz")
            .display()
            .to_string(),
    );
    args.extend([
        "examples/hate-crime-2018-19.csv".into(),
        "--area".into(),
        "Rotherham".into(),
        "--home-detail-only".into(),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = scrutineer(&refs);
    assert_eq!(code, 0, "{err}");
    let committed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/example.scrutineer.json.gz"),
    )
    .unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&committed[..]), &mut text)
        .unwrap();
    assert!(
        text == out,
        "examples/example.scrutineer.json.gz is stale: run scripts/example-data.sh"
    );
    // Neighbourhood detail (Rotherham's LSOA and grid-square counts, 26
    // months) is about half of it: the example shows the neighbourhood view.
    assert!(
        committed.len() <= 640 * 1024,
        "{} bytes gzip",
        committed.len()
    );
    // It holds what the app's example promises.
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["settings"]["home"], "Rotherham");
    // 15 + 11 South Yorkshire months, 11 Merseyside, Home Office, hate crime.
    assert_eq!(json["files"].as_array().unwrap().len(), 39);
    // Neighbourhood detail is Rotherham's alone.
    for file in json["files"].as_array().unwrap() {
        if let Some(lsoas) = file["content"]["Street"]["lsoas"].as_array() {
            assert!(!lsoas.is_empty());
            assert!(lsoas
                .iter()
                .all(|l| l.as_str().unwrap().starts_with("Rotherham ")));
        }
    }
}

#[test]
fn scorecard_takes_the_apps_settings_and_prints_the_force_section() {
    let Some(march) = shared("police-uk/street/2020-03-south-yorkshire-street.csv") else {
        return;
    };
    let Some(outcomes) = shared("home-office/prc-outcomes-open-data-2017-18.csv.gz") else {
        return;
    };
    let settings = std::env::temp_dir().join("scrutineer-cli-settings.json");
    std::fs::write(
        &settings,
        r#"{"home": "Rotherham", "peer_mode": "picked", "picked_peers": ["Sheffield"], "run_length": 7, "provisional_threshold": 0.3}"#,
    )
    .unwrap();
    let (code, out, _) = scrutineer(&[
        "scorecard",
        &march,
        &outcomes,
        "--settings",
        settings.to_str().unwrap(),
        "--outcome-set",
        "sanction-detections",
    ]);
    assert_eq!(code, 0);
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(card["area"], "Rotherham");
    assert_eq!(card["peer_mode"], "picked");
    assert_eq!(card["peers"], serde_json::json!(["Sheffield"]));
    assert_eq!(
        (
            card["run_length"].as_u64(),
            card["provisional_threshold"].as_f64()
        ),
        (Some(7), Some(0.3))
    );
    assert_eq!(card["outcome_set"], "outcome types 1,2,3,4,6,7");
    assert_eq!(card["force"]["area"], "South Yorkshire");
    let force_measure = card["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["theme"] == "Force area: South Yorkshire (Home Office figures)")
        .unwrap();
    assert_eq!(force_measure["area"], "South Yorkshire");
    // A flag overrides the file; a bad value is a usage error.
    let (code, out, _) = scrutineer(&[
        "scorecard",
        &march,
        "--settings",
        settings.to_str().unwrap(),
        "--peer-mode",
        "same-force",
    ]);
    assert_eq!(code, 0);
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        card["peers"],
        serde_json::json!(["Barnsley", "Doncaster", "Sheffield"])
    );
    assert_eq!(
        scrutineer(&[
            "scorecard",
            &march,
            "--area",
            "Rotherham",
            "--run-length",
            "9"
        ])
        .0,
        2
    );
    // A damaged settings file is refused by line and column, not replaced by defaults.
    let damaged = std::env::temp_dir().join("scrutineer-cli-damaged-settings.json");
    std::fs::write(&damaged, "{\"home\": \"Rotherham\",\n \"run_length\": }").unwrap();
    let (code, _, err) =
        scrutineer(&["scorecard", &march, "--settings", damaged.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("scrutineer-cli-damaged-settings.json, line 2, column 16: not settings JSON"),
        "{err}"
    );
}

/// Spreadsheets read on the command line as in the browser: the ONS
/// workbook's population sheets, and a workbook with no table refused with
/// its kind and the sheet named.
#[test]
fn inspect_reads_spreadsheets_sheet_by_sheet() {
    let (code, out, _) = scrutineer(&["inspect", "tests/fixtures/title-only.ods"]);
    assert_eq!(code, 1);
    let records: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(records[0]["kind"], "OpenDocument spreadsheet");
    assert_eq!(records[0]["error"]["kind"], "not_a_table");
    assert!(records[0]["error"]["message"].as_str().unwrap().ends_with(
        "'Table 1' has no header row Scrutineer recognises (a row of column names above the data)"
    ));
    let ons =
        "../shared/data/population/ons-mid-2019-population-estimates-lad-april-2020-codes.xls";
    if !Path::new(env!("CARGO_MANIFEST_DIR")).join(ons).is_file() {
        eprintln!("SKIPPED: {ons} not found");
        return;
    }
    let (code, out, _) = scrutineer(&["inspect", ons]);
    assert_eq!(code, 0, "{out}");
    let records: serde_json::Value = serde_json::from_str(&out).unwrap();
    let persons = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(".xls/MYE2 - Persons"))
        .expect("the persons sheet");
    assert_eq!(persons["kind"], "population");
    assert_eq!(persons["rows_kept"], 426);
}

/// Revisions and the SPC setting reach the command line: two extracts of the
/// hate-crime file (tests/revisions.rs tells their story).
#[test]
fn scorecard_prints_revisions_and_the_spc_method() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let may = fixtures.join("hate-crime-extract-2019-05.csv");
    let august = fixtures.join("hate-crime-extract-2019-08.csv");
    let (code, out, err) = scrutineer(&[
        "scorecard",
        august.to_str().unwrap(),
        may.to_str().unwrap(),
        "--area",
        "Rotherham",
        "--screen-outliers",
        "--equal-age-months",
        "6",
    ]);
    assert_eq!(code, 0, "{err}");
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(card["screen_outliers"], true);
    assert_eq!(card["equal_age_months"], 6);
    let hate = &card["measures"][0];
    assert_eq!(hate["judged"]["period"], "2018/19 Q3");
    let q2 = &hate["revisions"][1];
    assert_eq!(
        (q2["earlier"].as_f64(), q2["later"].as_f64()),
        (Some(15.2), Some(19.7))
    );
    assert_eq!(q2["extract"], "the extract of 31 May 2019");
    let (code, _, _) = scrutineer(&[
        "scorecard",
        may.to_str().unwrap(),
        "--area",
        "Rotherham",
        "--equal-age-months",
        "0",
    ]);
    assert_eq!(code, 2, "0 months is no setting");
}

/// A saved workspace given as a data file brings its figures, as in the app,
/// rather than being read as a table it is not.
#[test]
fn a_workspace_among_the_files_brings_its_figures() {
    let dir = std::env::temp_dir().join(format!("scrutineer-cli-ws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let august = fixtures.join("hate-crime-extract-2019-08.csv");
    let (code, saved, err) =
        scrutineer(&["workspace", august.to_str().unwrap(), "--area", "Rotherham"]);
    assert_eq!(code, 0, "{err}");
    let ws = dir.join("hate.scrutineer.json");
    std::fs::write(&ws, saved).unwrap();
    let (code, out, err) = scrutineer(&["scorecard", ws.to_str().unwrap(), "--area", "Rotherham"]);
    assert_eq!(code, 0, "{err}");
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(card["measures"][0]["latest"]["value"], 6.9);
    std::fs::write(
        &ws,
        "{\"format\": \"scrutineer-workspace\", \"version\": 1, \"files\": 3}",
    )
    .unwrap();
    let (code, out, _) = scrutineer(&["scorecard", ws.to_str().unwrap(), "--area", "Rotherham"]);
    assert_eq!(code, 1);
    assert!(out.contains("this workspace is damaged"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The scorecard's JSON carries the year to date for every measure that adds
/// up (tests/ytd.rs checks the figures).
#[test]
fn scorecard_json_has_the_year_to_date() {
    let Some(first) = shared("police-uk/street/2019-04-south-yorkshire-street.csv") else {
        return;
    };
    let (code, out, err) = scrutineer(&["scorecard", &first, "--area", "Rotherham"]);
    assert_eq!(code, 0, "{err}");
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    let total = card["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["measure"] == "All crime excluding anti-social behaviour")
        .unwrap();
    let fy = &total["year_to_date"]["financial_year"];
    assert_eq!(fy["label"], "2019/20 to date");
    // April 2019 alone: a year earlier is not loaded, so no change, and no
    // like-for-like either (nothing in both years).
    assert_eq!(fy["this"]["value"], total["latest"]["value"]);
    assert!(fy["change"].is_null());
    assert_eq!(fy["last"]["missing"].as_array().unwrap().len(), 1);
}

#[test]
fn publish_refuses_a_file_it_could_not_read_or_recognise_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("scrutineer-publish-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let odd = dir.join("odd-columns.csv");
    std::fs::write(&odd, "a,b\n1,2\n").unwrap();
    let template = dir.join("app.html");
    std::fs::write(
        &template,
        "<html><head></head><body id=\"page-wasm\"></body></html>",
    )
    .unwrap();
    let street = "../shared/data/police-uk/street/2020-03-south-yorkshire-street.csv";
    let publish = |files: &[&str], app: &str| {
        let mut args = vec!["publish"];
        args.extend_from_slice(files);
        args.extend([
            "--area",
            "Rotherham",
            "--app",
            app,
            "--publisher",
            "Team",
            "--out",
            dir.to_str().unwrap(),
        ]);
        scrutineer(&args)
    };
    let (code, out, _) = publish(&[odd.to_str().unwrap(), street], template.to_str().unwrap());
    assert_eq!(code, 1);
    assert!(
        out.contains("Not published: odd-columns.csv's columns were not recognised"),
        "{out}"
    );
    let (code, out, _) = publish(&[street], "/no/such/app.html");
    assert_eq!(code, 1);
    assert!(
        out.contains("/no/such/app.html: the one-file app could not be read"),
        "{out}"
    );
    let written: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with("community-safety-2020-03.html")
        })
        .collect();
    assert!(written.is_empty(), "nothing published");
    let _ = std::fs::remove_dir_all(&dir);
}
