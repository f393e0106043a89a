//! Every format, encoding, delimiter and line ending, on small fixtures written
//! for the purpose (tests/fixtures). Expected values are read off the fixtures.

use std::io::Write;
use std::path::Path;

use scrutineer::ingest::formats::home_office_crime::AreaLevel;
use scrutineer::ingest::formats::measures::{Across, ColumnMapping, Polarity, WideColumns};
use scrutineer::ingest::{ingest_bytes, Content, Ingest, Loaded, Registry, RejectionKind};
use scrutineer::model::{Month, Period};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn load(name: &str) -> Loaded {
    let mut all = ingest_bytes(name, &fixture(name));
    assert_eq!(all.len(), 1);
    let l = all.remove(0);
    assert_eq!(l.report.error, None, "{name}");
    l
}

/// Each group of skipped rows, in words.
fn warnings(loaded: &Loaded) -> Vec<String> {
    loaded
        .report
        .warnings
        .groups()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn q(year: i32, quarter: u8) -> Period {
    Period::Quarter { year, quarter }
}

#[test]
fn home_office_recorded_crime_by_csp_with_negative_and_grouped_counts() {
    let l = load("ho-recorded-crime-csp.csv");
    assert_eq!(
        l.report.kind.as_deref(),
        Some("Home Office recorded crime by CSP")
    );
    assert_eq!(l.report.areas, ["Barnsley", "Rotherham"]);
    let Some(Content::RecordedCrime(d)) = l.content else {
        panic!()
    };
    assert_eq!(d.level, AreaLevel::CommunitySafetyPartnership);
    let rotherham = d.names.id("Rotherham").unwrap();
    let count = |quarter| {
        d.cells
            .iter()
            .filter(|(k, _)| k.area == rotherham && k.quarter == quarter)
            .map(|(_, n)| n)
            .sum::<i64>()
    };
    assert_eq!(count(q(2018, 1)), 164, "166 then a reclassification of -2");
    assert_eq!(
        count(q(2018, 2)),
        1204,
        "\"1,204\" has a thousands separator"
    );
}

#[test]
fn home_office_recorded_crime_by_force_with_offence_count_header() {
    let l = load("ho-recorded-crime-force.csv");
    assert_eq!(
        l.report.kind.as_deref(),
        Some("Home Office recorded crime by force")
    );
    assert_eq!(
        l.report.periods,
        ["2018/19 Q3", "2018/19 Q4"],
        "quarters written Q3 and Q4"
    );
    let Some(Content::RecordedCrime(d)) = l.content else {
        panic!()
    };
    assert_eq!(d.level, AreaLevel::Force);
    assert_eq!(d.cells.iter().map(|(_, n)| n).sum::<i64>(), 21);
}

#[test]
fn home_office_outcomes_in_title_case_keep_na_as_missing() {
    let l = load("ho-outcomes-title-case.csv");
    assert_eq!(l.report.kind.as_deref(), Some("Home Office crime outcomes"));
    assert_eq!(l.report.rows, 2);
    assert_eq!(
        l.report.notices,
        ["ignored a notes row with no data (blank or NA) on line 4"]
    );
    let Some(Content::CrimeOutcomes(d)) = l.content else {
        panic!()
    };
    let not_yet = d
        .cells
        .iter()
        .find(|(k, _, _)| k.outcome_type == 0)
        .unwrap();
    assert_eq!((not_yet.1.total, not_yet.1.na), (30, 0));
    assert_eq!(
        (not_yet.2.total, not_yet.2.na),
        (0, 1),
        "NA is missing, not zero"
    );
    assert_eq!(
        d.outcome_names.get(&1).map(String::as_str),
        Some("Charged/Summonsed")
    );
}

/// Found by the fuzzer: a count of 1e300 became i64::MAX, and adding to it
/// panicked in a debug build (and wrapped to a wrong total in a release one).
#[test]
fn absurd_counts_are_skipped_and_named_not_summed() {
    let mut crime = String::from_utf8(fixture("ho-recorded-crime-force.csv")).unwrap();
    for count in ["1e300", "9000000000000", "NaN"] {
        crime.push_str(&format!(
            "2018/19,Q4,Merseyside,Robbery of business property,Robbery,Robbery of business property,34A,{count}\n"
        ));
    }
    let l = ingest_bytes("absurd.csv", crime.as_bytes()).remove(0);
    assert_eq!(l.report.error, None);
    let warnings: Vec<String> = l
        .report
        .warnings
        .groups()
        .iter()
        .map(|g| g.to_string())
        .collect();
    assert_eq!(
        warnings,
        [
            "2 rows skipped: lines 4, 5, column 8 (Offence Count): the number of offences is too large to be a count",
            "1 row skipped: line 6, column 8 (Offence Count): the number of offences is not a number",
        ]
    );
    let Some(Content::RecordedCrime(d)) = l.content else {
        panic!()
    };
    assert_eq!(d.cells.iter().map(|(_, n)| n).sum::<i64>(), 21);

    let mut outcomes = String::from_utf8(fixture("ho-outcomes-title-case.csv")).unwrap();
    // Before the notes row that ends the file.
    let notes = outcomes.find("\nNA,").unwrap() + 1;
    outcomes.insert_str(
        notes,
        "2017/18,1,South Yorkshire,Burglary,Theft offences,Domestic burglary,28A,NA,Charged/Summonsed,Charged/Summonsed,1,1e19,12\n",
    );
    let l = ingest_bytes("absurd-outcomes.csv", outcomes.as_bytes()).remove(0);
    assert_eq!(l.report.error, None);
    assert_eq!(l.report.warnings.rows_skipped(), 1);
    assert!(
        l.report.warnings.groups()[0].to_string().contains(
            "line 4, column 12 (Offences): the offences count is too large to be a count"
        ),
        "{:?}",
        l.report.warnings.groups()[0].to_string()
    );
}

#[test]
fn own_measures_format_with_every_period_form_target_and_polarity() {
    let l = load("measures-own-format.csv");
    assert_eq!(l.report.kind.as_deref(), Some("local measures"));
    let Some(Content::Measures(m)) = l.content else {
        panic!()
    };
    let hate: Vec<_> = m
        .rows
        .iter()
        .filter(|r| r.measure == "Hate crime positive outcomes")
        .collect();
    let periods: Vec<Period> = hate.iter().map(|r| r.period).collect();
    assert_eq!(periods, [q(2018, 1), q(2018, 2), q(2018, 3), q(2018, 4)]);
    let values: Vec<Option<f64>> = hate.iter().map(|r| r.value).collect();
    assert_eq!(values, [Some(12.9), Some(19.7), Some(14.3), Some(6.9)]);
    assert_eq!(hate[0].unit.as_deref(), Some("%"), "from the % sign");
    assert_eq!(hate[0].target, Some(20.0));
    assert_eq!(hate[0].polarity, Some(Polarity::Higher));
    assert_eq!(
        hate[0].theme.as_deref(),
        Some("Building Confident and Cohesive Communities")
    );
    let repeat = m
        .rows
        .iter()
        .find(|r| r.measure == "Repeat domestic abuse referrals")
        .unwrap();
    assert_eq!(
        (repeat.numerator, repeat.denominator, repeat.value),
        (Some(1210.0), Some(4000.0), None)
    );
    assert_eq!(repeat.period, Period::FinancialYear(2018));
    assert_eq!(repeat.polarity, Some(Polarity::Lower));
}

#[test]
fn open_data_tidy_shape() {
    let l = load("measures-open-data.csv");
    let Some(Content::Measures(m)) = l.content else {
        panic!()
    };
    assert_eq!(m.rows.len(), 3);
    assert_eq!(
        m.rows[0].measure,
        "Anti-social behaviour incidents (Rate per 1000)"
    );
    assert_eq!(m.rows[0].area_code.as_deref(), Some("E08000018"));
    assert_eq!(
        m.rows[0].period,
        Period::Month(Month::parse_iso("2019-04").unwrap())
    );
    assert_eq!(m.rows[2].value, None, "'..' is a suppressed value");
    assert_eq!(m.rows[0].theme.as_deref(), Some("Community safety"));
}

#[test]
fn semicolons_decimal_commas_and_uk_dates() {
    let l = load("measures-semicolon-decimal-comma.csv");
    assert_eq!(l.report.delimiter.as_deref(), Some(";"));
    let Some(Content::Measures(m)) = l.content else {
        panic!()
    };
    assert_eq!(m.rows[0].value, Some(81.5));
    assert_eq!(m.rows[0].unit.as_deref(), Some("%"));
    assert_eq!(m.rows[1].value, Some(1234.5));
    assert_eq!(
        m.rows[1].period,
        Period::Day {
            year: 2019,
            month: 5,
            day: 31
        }
    );
}

#[test]
fn tab_and_pipe_delimiters_and_cr_line_endings() {
    let tab = load("measures-tab.csv");
    assert_eq!(tab.report.delimiter.as_deref(), Some("tab"));
    assert_eq!(tab.report.periods, ["2019"]);
    let pipe = load("measures-pipe-cr.csv");
    assert_eq!(pipe.report.delimiter.as_deref(), Some("|"));
    assert_eq!(pipe.report.rows, 2);
    assert_eq!(pipe.report.periods, ["2019/20"]);
}

#[test]
fn windows_1252_and_utf16_text_is_read_correctly() {
    let l = load("measures-windows-1252.csv");
    assert_eq!(l.report.encoding.as_deref(), Some("Windows-1252"));
    let Some(Content::Measures(m)) = l.content else {
        panic!()
    };
    assert_eq!(m.rows[0].area, "Saint-Étienne Café");
    assert_eq!(m.rows[0].value, Some(1200.0));
    assert_eq!(m.rows[0].unit.as_deref(), Some("£"));
    let l = load("measures-utf16.csv");
    assert_eq!(l.report.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(l.report.areas, ["Rotherham"]);
}

#[test]
fn ragged_rows_are_skipped_and_named_by_line() {
    let l = load("street-ragged.csv");
    let warnings: Vec<String> = l
        .report
        .warnings
        .groups()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "2 rows skipped: lines 7, 40: have 6 fields, expected 12",
            "1 row skipped: line 11: have 3 fields, expected 12",
        ]
    );
    assert_eq!(l.report.rows, 44);
    assert_eq!(l.report.rows_kept(), 41);
}

/// A police.uk-style archive, built here: two months of street crime and one
/// of outcomes, plus a readme that is not CSV.
fn archive() -> Vec<u8> {
    let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\r\n";
    let street = |month: &str, ids: &[u32]| {
        let mut s = header.to_string();
        for id in ids {
            s.push_str(&format!("{id:064x},{month},P,Test Police,0,0,X,E0,Rotherham 001A,Burglary,Under investigation,\r\n"));
        }
        s.push_str(&format!(
            ",{month},P,Test Police,0,0,X,E0,Rotherham 001A,Anti-social behaviour,,\r\n"
        ));
        s
    };
    let outcomes = format!(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\r\n\
         {:064x},2019-06,P,Test Police,0,0,X,E0,Rotherham 001A,Suspect charged\r\n\
         {:064x},2019-06,P,Test Police,0,0,X,E0,Rotherham 001A,Suspect charged\r\n",
        1, 999
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    // Outcomes first in the archive: ingestion must still join them afterwards.
    for (name, body) in [
        ("2019-06/2019-06-test-outcomes.csv", outcomes),
        (
            "2019-04/2019-04-test-street.csv",
            street("2019-04", &[1, 2, 3]),
        ),
        (
            "2019-05/2019-05-test-street.csv",
            street("2019-05", &[4, 5]),
        ),
        ("README.txt.md", "not data".to_string()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_police_uk_archive_loads_member_by_member_and_joins_outcomes() {
    let loaded = ingest_bytes("archive.zip", &archive());
    let paths: Vec<&str> = loaded.iter().map(|l| l.report.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "archive.zip",
            "archive.zip/2019-04/2019-04-test-street.csv",
            "archive.zip/2019-05/2019-05-test-street.csv",
            "archive.zip/2019-06/2019-06-test-outcomes.csv",
        ]
    );
    assert_eq!(
        loaded[0].report.notices,
        ["1 other entry in the archive ignored (not CSV): README.txt.md"]
    );
    let mut registry = Registry::default();
    let mut notices = Vec::new();
    for (id, mut l) in loaded.into_iter().enumerate() {
        if let Some(content) = l.content.as_mut() {
            notices.push(registry.admit(id as u32, content));
        }
        if let Some(Content::Outcomes(o)) = &l.content {
            assert_eq!(o.joined.len(), 1);
            let (key, n) = o.joined[0];
            assert_eq!(n, 1);
            assert_eq!(key.crime_month, Month::parse_iso("2019-04").unwrap());
            assert_eq!(key.lag_months, 2);
            assert_eq!(o.councils.name(key.council), "Rotherham");
            assert_eq!(o.unmatched, 1);
        }
    }
    assert_eq!(registry.crimes(), 5);
    let notices: Vec<String> = notices.into_iter().flatten().collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].starts_with("1 outcomes are for crimes not in the loaded street files"));
}

#[test]
fn a_damaged_archive_is_rejected_with_a_reason() {
    let whole = archive();
    let cut = &whole[..whole.len() / 2];
    let loaded = ingest_bytes("cut.zip", cut);
    let error = loaded[0].report.error.as_ref().unwrap();
    assert!(
        error
            .to_string()
            .starts_with("cut.zip: this zip archive cannot be opened"),
        "{error}"
    );
}

/// A real street file deflated in an archive whose copy was overwritten in
/// the middle (as a bad copy or download leaves it): the member is refused
/// as damaged, with none of the garbage read before the damage showed
/// (rows, months, skipped-row warnings); the member before it is intact.
#[test]
fn a_member_damaged_in_the_middle_is_refused_without_its_garbage() {
    let street = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/police-uk/street/2019-04-south-yorkshire-street.csv");
    let Ok(body) = std::fs::read(&street) else {
        eprintln!("skipped: {} is absent", street.display());
        return;
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in [
        "a/2019-04-south-yorkshire-street.csv",
        "b/2019-04-south-yorkshire-street.csv",
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(&body).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    let second = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let entry = archive.by_index(1).unwrap();
        (entry.data_start().unwrap() + entry.compressed_size() / 2) as usize
    };
    bytes[second..second + 64].fill(0xFF);

    let loaded = ingest_bytes("copy.zip", &bytes);
    let intact = &loaded[0].report;
    assert_eq!(intact.path, "copy.zip/a/2019-04-south-yorkshire-street.csv");
    let lines = body.iter().filter(|&&b| b == b'\n').count() as u64;
    assert!(
        intact.error.is_none() && intact.rows == lines - 1,
        "{intact:?}"
    );
    assert!(matches!(loaded[0].content, Some(Content::Street(_))));

    let damaged = &loaded[1];
    let report = &damaged.report;
    let error = report.error.as_ref().expect("refused");
    assert_eq!(error.kind, RejectionKind::Unreadable);
    let message = error.to_string();
    assert!(
        message.starts_with("copy.zip/b/2019-04-south-yorkshire-street.csv: could not be unpacked from the archive (")
            && message.ends_with("); the archive may be damaged or incomplete"),
        "{message}"
    );
    assert!(damaged.content.is_none());
    assert_eq!(report.kind.as_deref(), Some("police.uk street crime"));
    assert_eq!((report.rows, report.warnings.rows_skipped()), (0, 0));
    assert!(report.periods.is_empty() && report.areas.is_empty() && report.forces.is_empty());
}

#[test]
fn every_chunk_size_gives_the_same_result() {
    let bytes = fixture("street-ragged.csv");
    let whole = ingest_bytes("s.csv", &bytes).remove(0);
    for chunk in [1, 2, 3, 7, 64, 1000] {
        let mut ingest = Ingest::new("s.csv");
        for piece in bytes.chunks(chunk) {
            ingest.push(piece);
        }
        assert_eq!(ingest.finish(), whole, "chunk {chunk}");
    }
}

/// "year ending" with no month once panicked in the period parser, which
/// aborted `scrutineer` and stopped the browser's ingestion worker for good.
#[test]
fn a_period_of_just_year_ending_skips_the_row_and_names_it() {
    let text = "area,period,measure,value\nRotherham,year ending,X,1\nRotherham,year ending Mar 2019,X,2\n";
    let loaded = ingest_bytes("ye.csv", text.as_bytes()).remove(0);
    assert_eq!(loaded.report.error, None);
    let warnings = warnings(&loaded);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("1 row skipped: line 2, column 2 (period): not a period"),
        "{}",
        warnings[0]
    );
    assert_eq!(loaded.report.rows_kept(), 1);
}

/// A measure whose polarity says neither direction is better loads, with no
/// direction; an unreadable polarity still skips its row, by name.
#[test]
fn polarity_neither_loads_and_nonsense_is_named() {
    let text = "area,period,measure,value,polarity\n\
        Rotherham,2019-04,Calls,10,neither\n\
        Rotherham,2019-05,Calls,12,No direction\n\
        Rotherham,2019-06,Calls,11,\n\
        Rotherham,2019-07,Calls,9,sideways\n";
    let loaded = ingest_bytes("p.csv", text.as_bytes()).remove(0);
    let Some(Content::Measures(m)) = &loaded.content else {
        panic!("not measures: {:?}", loaded.report)
    };
    assert_eq!(m.rows.len(), 3);
    assert!(m.rows.iter().all(|r| r.polarity.is_none()));
    let warnings = warnings(&loaded);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("line 5"), "{}", warnings[0]);
    assert!(warnings[0].contains("\"neither\""), "{}", warnings[0]);
}

/// Trafford Data Lab labels periods as spans of months ("2017-11 to 2018-10").
#[test]
fn spans_of_months_are_a_year_ending_a_quarter_or_a_month() {
    let p = |t: &str| Period::parse(t, false).map(|p| p.to_string());
    assert_eq!(
        p("2017-11 to 2018-10").as_deref(),
        Some("year ending October 2018")
    );
    assert_eq!(p("2019-04 to 2019-06").as_deref(), Some("2019/20 Q1"));
    assert_eq!(p("2019-04 to 2019-04").as_deref(), Some("2019-04"));
    // Trafford's burglary table says "2017-10 to 2018-11": 14 months is no
    // period that compares with another, so it is refused, not guessed.
    assert_eq!(p("2017-10 to 2018-11"), None);
    assert_eq!(p("2019-05 to 2019-07"), None, "not a financial quarter");
    assert_eq!(p("2019-06 to 2019-04"), None, "backwards");
}

/// A council open-data table (`area_code,area_name,period,value,indicator,measure,unit,group`)
/// whose `group` is the offence group: one series per group, never 13 groups
/// run together with every period repeated. Made for this test in that shape;
/// the figures are invented.
#[test]
fn an_open_data_table_gives_one_measure_per_group_and_refuses_conflicts() {
    let loaded = load("open-data-offence-groups.csv");
    let Some(Content::Measures(m)) = &loaded.content else {
        panic!("not measures: {:?}", loaded.report)
    };
    let mut measures: Vec<&str> = m.rows.iter().map(|r| r.measure.as_str()).collect();
    measures.sort();
    measures.dedup();
    assert_eq!(
        measures,
        [
            "Recorded crime (Count): Burglary (financial years)",
            "Recorded crime (Count): Vehicle offences",
            "Recorded crime (Count): Violence against the person",
            "Recorded crime (Rate): Burglary",
        ],
        "Barnsley's burglary mixes 2019 with 2019/20, so it is split by kind, and its two 2019 figures conflict"
    );
    let rotherham_burglary: Vec<(String, Option<f64>)> = m
        .rows
        .iter()
        .filter(|r| {
            r.area == "Rotherham"
                && r.measure == "Recorded crime (Count): Burglary (financial years)"
        })
        .map(|r| (r.period.to_string(), r.value))
        .collect();
    assert_eq!(
        rotherham_burglary,
        [
            ("2018/19".to_string(), Some(2140.0)),
            ("2019/20".to_string(), Some(2010.0))
        ]
    );
    let notices = loaded.report.notices.join("\n");
    assert!(
        notices.contains("The group column divides the measures"),
        "{notices}"
    );
    assert!(
        m.rows.iter().all(|r| r.theme.is_none()),
        "a group that divides is not a theme"
    );
    assert!(
        notices
            .contains("Recorded crime (Count): Burglary mixes calendar years and financial years"),
        "{notices}"
    );
    assert!(
        notices.contains("Recorded crime (Count): Burglary (calendar years) is left out: lines 13 and 14 both give Barnsley, 2019, with different figures."),
        "{notices}"
    );
    assert!(
        notices.contains("1 repeated row counted once: line 15 repeats line 10."),
        "{notices}"
    );
    assert!(
        loaded.report.notices[0].starts_with("Read as 4 measures, 2 areas, "),
        "{notices}"
    );
}

/// Two columns with one name: the first is used, and the file says so.
#[test]
fn repeated_column_names_are_named() {
    let text = "area,period,measure,Value,value\nRotherham,2019-04,X,1,2\n";
    let loaded = ingest_bytes("twice.csv", text.as_bytes()).remove(0);
    assert!(
        loaded
            .report
            .notices
            .iter()
            .any(|n| n == "two columns are called \"Value\" (columns 4 and 5): the first is used."),
        "{:?}",
        loaded.report.notices
    );
    let Some(Content::Measures(m)) = &loaded.content else {
        panic!()
    };
    assert_eq!(m.rows[0].value, Some(1.0));
}

/// One line of 2 GB, from a 2 MB .csv.gz, once held the whole line in memory
/// (13 s and 2.4 GB natively; the end of a browser tab's worker). A line is
/// capped at 16 MB and named; an archive that inflates past 200 times its size
/// is stopped. Made here: 40 MB of one letter after a header, gzipped.
#[test]
fn one_huge_line_is_refused_by_number_and_a_gzip_bomb_is_stopped() {
    use std::io::Write as _;
    let mut text = b"area,period,measure,value\n".to_vec();
    text.extend(std::iter::repeat_n(b'a', 40 << 20));
    let loaded = ingest_bytes("long.csv", &text).remove(0);
    let error = loaded.report.error.expect("refused");
    assert_eq!(error.kind, RejectionKind::TooLarge);
    assert_eq!(error.line, Some(2));
    assert_eq!(
        error.to_string(),
        "long.csv, line 2: this line is longer than 16 MB, so the file is not a table"
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&text).unwrap();
    let packed = gz.finish().unwrap();
    assert!(packed.len() < 100_000, "{}", packed.len());
    let loaded = ingest_bytes("long.csv.gz", &packed).remove(0);
    let error = loaded.report.error.expect("refused");
    assert_eq!(error.kind, RejectionKind::TooLarge);
    let error = error.to_string();
    assert!(
        error.starts_with("long.csv.gz, line 2: this line is longer than 16 MB"),
        "{error}"
    );
}

/// A gzip file that unpacks to more than 200 times its size, past 64 MB, is
/// stopped: ordinary lines, so only the ratio can catch it.
#[test]
fn a_gzip_that_inflates_past_200_times_is_stopped() {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"Crime ID,Month,Falls within,LSOA name,Crime type\n")
        .unwrap();
    let block = ",2019-04,Force,Rotherham 001A,Drugs\n".repeat(30_000);
    for _ in 0..70 {
        gz.write_all(block.as_bytes()).unwrap();
    }
    let packed = gz.finish().unwrap();
    let unpacked = 70 * block.len();
    assert!(unpacked > 64 << 20 && unpacked > 200 * packed.len());
    let loaded = ingest_bytes("bomb.csv.gz", &packed).remove(0);
    let error = loaded.report.error.expect("stopped");
    assert_eq!(error.kind, RejectionKind::TooLarge);
    assert_eq!(
        error.to_string(),
        "bomb.csv.gz: this compressed file unpacks to more than 200 times its size: it is not a table"
    );
}

/// A measures file arriving again with revised figures: the later file's
/// value for an area, period and measure replaces the earlier one, which is
/// never added to it or repeated beside it; the earlier file's other rows stay.
#[test]
fn a_later_measures_file_replaces_the_rows_it_shares() {
    use scrutineer::analysis::measures::observations;
    use scrutineer::dataset::{Dataset, LoadedFile};
    let first = "area_name,period,measure,value\nRotherham,2018/19,Burglary,10\nRotherham,2019/20,Burglary,20\nRotherham,2019/20,Robbery,5\n";
    let later = "area_name,period,measure,value\nRotherham,2019/20,Burglary,22\nRotherham,2020/21,Burglary,30\n";
    let mut dataset = Dataset::default();
    for (id, (name, text)) in [("q1.csv", first), ("q1-revised.csv", later)]
        .iter()
        .enumerate()
    {
        let loaded = ingest_bytes(name, text.as_bytes()).remove(0);
        dataset
            .add(LoadedFile::new(id as u32, loaded).unwrap())
            .unwrap();
    }
    let mut burglary: Vec<(String, Option<f64>)> = observations(&dataset)
        .into_iter()
        .filter(|o| o.measure == "Burglary")
        .map(|o| (o.period.to_string(), o.value))
        .collect();
    burglary.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        burglary,
        vec![
            ("2018/19".to_string(), Some(10.0)),
            ("2019/20".to_string(), Some(22.0)),
            ("2020/21".to_string(), Some(30.0)),
        ]
    );
    let robbery = observations(&dataset)
        .into_iter()
        .filter(|o| o.measure == "Robbery")
        .count();
    assert_eq!(robbery, 1, "the earlier file's other rows stay");
    let files = dataset.files();
    assert_eq!(
        files[1].report.notices.last().map(String::as_str),
        Some("Replaces 1 figure from q1.csv (Rotherham, 2019/20): a later extract's figures for the same area, period and measure are current, never added to the earlier ones, which are shown as earlier figures. Taken as the later extract because it was loaded later: give both files an extract date (an `extracted` column, or the date in the file name) to be sure.")
    );
    assert_eq!(
        files[0].report.notices.last().map(String::as_str),
        Some("1 figure (Rotherham, 2019/20) replaced by q1-revised.csv, a later extract; kept as earlier figures.")
    );
}

/// The visibly incomplete end of a series ("2020/21 YTD", "2020/21
/// (Apr-Sep)") is not set beside whole years, where it would read as a fall:
/// it is skipped, by line, saying why. "(provisional)" marks a whole period
/// and is not taken for part of one.
#[test]
fn a_period_so_far_is_not_compared_with_whole_ones() {
    let text = "area_name,period,measure,value\nRotherham,2018/19,Burglary,10\nRotherham,2019/20,Burglary,20\nRotherham,2020/21 YTD,Burglary,5\nRotherham,2020/21 (Apr-Sep),Burglary,6\nRotherham,2020/21 (provisional),Burglary,8\n";
    let loaded = ingest_bytes("so-far.csv", text.as_bytes()).remove(0);
    assert_eq!(loaded.report.periods, vec!["2018/19", "2019/20"]);
    let said = warnings(&loaded);
    assert_eq!(
        said[0],
        "2 rows skipped: lines 4, 5, column 2 (period): part of a period so far (year to date), so not set beside whole periods; load it when the period is complete"
    );
    assert!(
        said[1].starts_with("1 row skipped: line 6, column 2 (period): not a period"),
        "{said:?}"
    );
}

/// A real council file (Trafford Data Lab's ward_data,
/// community_safety/data/burglary.csv, Open Government Licence): its period
/// "2017-10 to 2018-11" spans 14 months, though its README calls it 2017-11
/// to 2018-10. A 14-month figure set beside 12-month ones would mislead, so
/// the rows are refused saying what the span is, rather than guessed at.
#[test]
fn a_councils_fourteen_month_span_is_refused_by_what_it_is() {
    let loaded = load("trafford-ward-burglary.csv");
    assert_eq!(loaded.report.rows, 21);
    assert_eq!(
        warnings(&loaded),
        vec!["21 rows skipped: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 11 more, column 4 (period): a span of 14 months, which is no period Scrutineer can compare (it reads spans of one month, a quarter, or 12 months, the year ending)"]
    );
    // Relabelled as its README describes it, the same rows load as the
    // year ending October 2018, one measure over 21 wards.
    let text = String::from_utf8(fixture("trafford-ward-burglary.csv"))
        .unwrap()
        .replace("2017-10 to 2018-11", "2017-11 to 2018-10");
    let loaded = ingest_bytes("relabelled.csv", text.as_bytes()).remove(0);
    assert!(warnings(&loaded).is_empty(), "{:?}", warnings(&loaded));
    assert_eq!(loaded.report.areas.len(), 21);
    assert_eq!(loaded.report.periods, vec!["year ending October 2018"]);
}

fn mapped(name: &str, bytes: &[u8], mapping: ColumnMapping) -> Loaded {
    let mut ingest = Ingest::with_mapping(name, mapping);
    ingest.push(bytes);
    ingest.finish()
}

/// A real table from another publisher, one column per month: the
/// Metropolitan Police's "MPS Borough Level Crime (most recent 24 months)"
/// from the London Datastore (Open Government Licence), as kept in the
/// public repository RuSaBin/LondonCrime (commit c5d73f7); the excerpt is its
/// header and its three first boroughs' rows, unchanged. Expected figures
/// from tests/independent/mps_borough_wide.py: 95 rows, 2,280 figures,
/// 32 measures, 3 boroughs, January 2017 to December 2018; Barnet's
/// residential burglaries 247 in December 2018 and 2,912 in 2018.
#[test]
fn a_borough_by_month_table_maps_its_month_columns_as_periods() {
    let bytes = fixture("mps-borough-crime-2017-2018-excerpt.csv");
    let header = String::from_utf8(bytes.clone()).unwrap();
    let width = header.lines().next().unwrap().split(',').count();
    let mapping = ColumnMapping {
        area: Some(0),
        period: usize::MAX,
        measure: Some(1),
        breakdown: Some(2),
        wide: Some(WideColumns {
            from: 3,
            to: width - 1,
            kind: Across::Periods,
        }),
        ..ColumnMapping::default()
    };
    let loaded = mapped("mps.csv", &bytes, mapping);
    assert_eq!(loaded.report.error, None);
    assert!(warnings(&loaded).is_empty(), "{:?}", warnings(&loaded));
    assert_eq!(loaded.report.rows, 95);
    assert_eq!(
        loaded.report.areas,
        ["Barking and Dagenham", "Barnet", "Bexley"]
    );
    assert_eq!(loaded.report.periods.len(), 24);
    assert_eq!(
        loaded.report.notices[0],
        "Read as 32 measures, 3 areas, 2017-01 to 2018-12."
    );
    let Some(Content::Measures(m)) = &loaded.content else {
        panic!("{:?}", loaded.report)
    };
    assert_eq!(m.rows.len(), 2280);
    let barnet: Vec<(Period, f64)> = m
        .rows
        .iter()
        .filter(|r| r.area == "Barnet" && r.measure == "Burglary: Burglary - Residential")
        .map(|r| (r.period, r.value.unwrap()))
        .collect();
    assert_eq!(barnet.len(), 24);
    let december = Period::Month(Month::parse_iso("2018-12").unwrap());
    assert!(barnet.contains(&(december, 247.0)), "{barnet:?}");
    let in_2018: f64 = barnet
        .iter()
        .filter(|(p, _)| matches!(p, Period::Month(m) if m.year() == 2018))
        .map(|(_, v)| v)
        .sum();
    assert_eq!(in_2018, 2912.0);
}

/// One measure per column, a period per row: blanks and ONS's `[x]` are
/// figures not given; a word where a number belongs is named by line and
/// column, and the row's other figures still load.
#[test]
fn a_table_with_one_column_per_measure_maps_its_columns_as_measures() {
    let text = "Area,Year,Burglary,Robbery,Vehicle\nRotherham,2019/20,1200,[x],300\nBarnsley,2019/20,900,80,lots\n";
    let mapping = ColumnMapping {
        area: Some(0),
        period: 1,
        wide: Some(WideColumns {
            from: 2,
            to: 4,
            kind: Across::Measures,
        }),
        ..ColumnMapping::default()
    };
    let loaded = mapped("wide.csv", text.as_bytes(), mapping);
    let Some(Content::Measures(m)) = &loaded.content else {
        panic!("{:?}", loaded.report)
    };
    let got: Vec<(&str, &str, f64)> = m
        .rows
        .iter()
        .map(|r| (r.area.as_str(), r.measure.as_str(), r.value.unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Rotherham", "Burglary", 1200.0),
            ("Rotherham", "Vehicle", 300.0),
            ("Barnsley", "Burglary", 900.0),
            ("Barnsley", "Robbery", 80.0),
        ]
    );
    assert!(m
        .rows
        .iter()
        .all(|r| r.period == Period::FinancialYear(2019)));
    assert_eq!(
        warnings(&loaded),
        ["1 row skipped: line 3, column 5 (Vehicle): the value is not a number"]
    );
}

#[test]
fn a_wide_mapping_that_does_not_fit_says_why() {
    let headings: Vec<String> = ["Borough", "Crime", "201004", "201005", "Total"]
        .map(String::from)
        .to_vec();
    let mut mapping = ColumnMapping {
        area: Some(0),
        period: usize::MAX,
        measure: Some(1),
        wide: Some(WideColumns {
            from: 2,
            to: 4,
            kind: Across::Periods,
        }),
        ..ColumnMapping::default()
    };
    assert_eq!(
        mapping.problem(&headings).as_deref(),
        Some("column 5 (Total) is not a period, so the columns that are periods must stop before it or start after it")
    );
    mapping.wide = Some(WideColumns {
        from: 1,
        to: 3,
        kind: Across::Periods,
    });
    assert!(mapping
        .problem(&headings)
        .is_some_and(|p| p.contains("cannot also hold the area")));
    mapping.wide = Some(WideColumns {
        from: 2,
        to: 3,
        kind: Across::Periods,
    });
    assert_eq!(mapping.problem(&headings), None);
    // Remembered in settings as any mapping is; an older mapping without it
    // still reads.
    let json = serde_json::to_string(&mapping).unwrap();
    assert!(
        json.contains(r#""wide":{"from":2,"to":3,"kind":"periods"}"#),
        "{json}"
    );
    let back: ColumnMapping = serde_json::from_str(&json).unwrap();
    assert_eq!(back, mapping);
    let old = json.replace(r#","wide":{"from":2,"to":3,"kind":"periods"}"#, "");
    let old: ColumnMapping = serde_json::from_str(&old).unwrap();
    assert_eq!(old.wide, None);
}

/// A reader that gives at most 5 bytes per read, as a `File` read by random
/// access is asked for pieces.
struct Piecemeal {
    inner: std::io::Cursor<Vec<u8>>,
}

impl std::io::Read for Piecemeal {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(5);
        self.inner.read(&mut out[..n])
    }
}

impl std::io::Seek for Piecemeal {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

#[test]
fn a_zip64_archive_read_piecemeal_gives_what_the_archive_in_memory_gives() {
    use std::io::Read as _;
    // The same members written as zip64 (national archives over 4 GB are).
    let plain = archive();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(plain.clone())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().large_file(true);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut body = Vec::new();
        entry.read_to_end(&mut body).unwrap();
        out.start_file(name, options).unwrap();
        out.write_all(&body).unwrap();
    }
    let zip64 = out.finish().unwrap().into_inner();
    let rows = |loaded: &[Loaded]| -> Vec<(String, u64)> {
        loaded
            .iter()
            .map(|l| (l.report.path.clone(), l.report.rows))
            .collect()
    };
    let expected = rows(&ingest_bytes("archive.zip", &plain));
    let size = zip64.len() as u64;
    let (members, own) = scrutineer::ingest::ZipMembers::open(
        "archive.zip",
        size,
        Piecemeal {
            inner: std::io::Cursor::new(zip64),
        },
    );
    let mut members = members.expect("a zip64 archive opens");
    let mut got: Vec<Loaded> = own.into_iter().collect();
    assert_eq!(members.remaining(), 3);
    while let Some(mut results) = members.next_member() {
        got.append(&mut results);
    }
    assert_eq!(rows(&got), expected);
    assert_eq!(
        rows(&got)[1..].iter().map(|(_, r)| r).sum::<u64>(),
        3 + 1 + 2 + 1 + 2,
        "3 and 2 crimes plus an ASB row a month, and 2 outcomes"
    );
}

#[test]
fn a_cut_short_archive_read_piecemeal_says_so() {
    let mut cut = archive();
    cut.truncate(cut.len() - 30);
    let size = cut.len() as u64;
    let (members, own) = scrutineer::ingest::ZipMembers::open(
        "cut.zip",
        size,
        Piecemeal {
            inner: std::io::Cursor::new(cut),
        },
    );
    assert!(members.is_none());
    let error = own.unwrap().report.error.unwrap().to_string();
    assert!(
        error.contains("cannot be opened") && error.contains("damaged or incomplete"),
        "{error}"
    );
}

/// Reads only within a fence that can be moved: any read outside it fails.
struct Fenced {
    inner: std::io::Cursor<Vec<u8>>,
    fence: std::rc::Rc<std::cell::Cell<(u64, u64)>>,
}

impl std::io::Read for Fenced {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let (start, end) = self.fence.get();
        let at = self.inner.position();
        if at < start || at >= end {
            return Err(std::io::Error::other(format!(
                "read at {at}, outside {start}..{end}"
            )));
        }
        let n = out.len().min((end - at) as usize);
        self.inner.read(&mut out[..n])
    }
}

impl std::io::Seek for Fenced {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

/// The span `ZipMembers::span` gives a member (what the browser's worker
/// reads ahead while the member before is parsed) holds every byte reading
/// that member takes: read through a reader that refuses anything outside
/// it, each real South Yorkshire month loads whole, deflated or stored, and
/// with a member read out of the archive's order.
#[test]
fn a_members_span_holds_all_its_reading_takes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/police-uk/street");
    let months = ["2019-04", "2019-05", "2019-06"];
    let mut bodies = Vec::new();
    for month in months {
        let Ok(body) = std::fs::read(dir.join(format!("{month}-south-yorkshire-street.csv")))
        else {
            eprintln!("skipped: {} is absent", dir.display());
            return;
        };
        bodies.push(body);
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (month, body)) in months.iter().zip(&bodies).enumerate() {
        let method = if i == 1 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(
            format!("{month}/{month}-south-yorkshire-street.csv"),
            options,
        )
        .unwrap();
        zip.write_all(body).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let size = bytes.len() as u64;
    let fence = std::rc::Rc::new(std::cell::Cell::new((0, size)));
    let (members, _) = scrutineer::ingest::ZipMembers::open(
        "sy.zip",
        size,
        Fenced {
            inner: std::io::Cursor::new(bytes),
            fence: fence.clone(),
        },
    );
    let mut members = members.expect("the archive opens");
    let mut taken = Vec::new();
    while let Some(member) = members.take_next() {
        taken.push(member);
    }
    // The last first: out of the archive's order.
    taken.reverse();
    let mut rows = Vec::new();
    for member in taken {
        let span = members.span(&member).expect("a span");
        fence.set(span);
        let loaded = members.read(member);
        assert_eq!(loaded.len(), 1);
        assert!(loaded[0].report.error.is_none(), "{:?}", loaded[0].report);
        rows.push((loaded[0].report.path.clone(), loaded[0].report.rows));
    }
    rows.sort();
    let expected: Vec<(String, u64)> = months
        .iter()
        .zip(&bodies)
        .map(|(month, body)| {
            let lines = body.iter().filter(|&&b| b == b'\n').count() as u64;
            (
                format!("sy.zip/{month}/{month}-south-yorkshire-street.csv"),
                lines - 1,
            )
        })
        .collect();
    assert_eq!(rows, expected);
}
