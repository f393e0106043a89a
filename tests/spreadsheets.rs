//! Spreadsheets as published, read sheet by sheet: the real workbooks in
//! ../shared/data (skipped, saying so, when absent) and a fixture.
//!
//! Expected figures were read independently of calamine: the ONS `.xls` with
//! Python's xlrd (Rotherham 265,411; Sheffield 584,853; "Kingston upon Hull,
//! City of" 259,778), and the Home Office `.ods` by parsing its content.xml
//! with Python's ElementTree (Table_1: Cleveland 1223.92 officers at
//! 30 September 2018, South Yorkshire 2393.33).

use std::path::{Path, PathBuf};

use scrutineer::ingest::{ingest_bytes, Content, Loaded, RejectionKind};

fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(relative);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("SKIPPED: {} not found", path.display());
        None
    }
}

fn read(path: &Path) -> Vec<Loaded> {
    let bytes = std::fs::read(path).expect("the file");
    ingest_bytes(&path.file_name().unwrap().to_string_lossy(), &bytes)
}

fn sheet<'a>(loaded: &'a [Loaded], name: &str) -> &'a Loaded {
    loaded
        .iter()
        .find(|l| l.report.path.ends_with(&format!("/{name}")))
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

#[test]
fn the_ons_population_workbook_reads_as_a_population_table() {
    let Some(path) =
        shared("population/ons-mid-2019-population-estimates-lad-april-2020-codes.xls")
    else {
        return;
    };
    let loaded = read(&path);
    let book = &loaded[0].report;
    assert_eq!(book.kind.as_deref(), Some("Excel workbook (old style)"));
    assert!(
        book.notices.iter().any(|n| n.contains("'MYE2 - Persons'")),
        "{:?}",
        book.notices
    );
    // The three MYE2 sheets are populations; contents, notes and tables in
    // other layouts are listed, not loaded.
    let paths: Vec<&str> = loaded[1..].iter().map(|l| l.report.path.as_str()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(
        book.notices.iter().any(|n| n.starts_with(
            "not loaded, as their layouts are not ones Scrutineer knows: 'Contents ', "
        )),
        "{:?}",
        book.notices
    );
    let persons = sheet(&loaded, "MYE2 - Persons");
    assert!(
        persons.report.notices[0].contains("the header is row 5"),
        "{:?}",
        persons.report.notices
    );
    let Some(Content::Population(data)) = &persons.content else {
        panic!("not read as a population: {:?}", persons.report);
    };
    let find = |name: &str| {
        data.rows
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.population)
    };
    assert_eq!(find("Rotherham"), Some(265_411.0));
    assert_eq!(find("Sheffield"), Some(584_853.0));
    // A quoted name in a row of 95 columns: once split in two by the reader.
    assert_eq!(find("Kingston upon Hull, City of"), Some(259_778.0));
    assert!(
        persons
            .report
            .warnings
            .groups()
            .iter()
            .all(|g| g.count <= 1),
        "{:?}",
        persons.report.warnings
    );
    // The footnote on "Geography1" was dropped.
    assert!(persons
        .report
        .notices
        .iter()
        .any(|n| n.starts_with("footnote markers dropped from 1 cell")));
}

#[test]
fn home_office_tables_in_opendocument_read_below_their_titles() {
    let Some(path) = shared("spreadsheets/home-office-police-workforce-sep19-tables.ods") else {
        return;
    };
    let loaded = read(&path);
    assert_eq!(
        loaded[0].report.kind.as_deref(),
        Some("OpenDocument spreadsheet")
    );
    let table = sheet(&loaded, "Table_1");
    let Some(Content::Unrecognised(preview)) = &table.content else {
        panic!("{:?}", table.report);
    };
    // Headings in two rows read as one; dates as dates.
    assert_eq!(
        preview.header[0], "Column 1",
        "the forces' column has no heading"
    );
    assert_eq!(preview.header[1], "As at: 2018-09-30");
    assert_eq!(
        preview.header[4],
        "Change in 12 months Sep-18 to Sep-19 number"
    );
    let row = |name: &str| {
        preview
            .rows
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", preview.rows))
    };
    assert_eq!(row("Cleveland")[1], "1223.92");
    assert!(table.report.notices[0].contains("the header is row 6"));
}

#[test]
fn the_commons_library_workbook_reads_its_one_table() {
    let Some(path) = shared("spreadsheets/hocl-msoa-names-1.14.xlsx") else {
        return;
    };
    let loaded = read(&path);
    assert_eq!(loaded[0].report.kind.as_deref(), Some("Excel workbook"));
    let table = sheet(&loaded, "Sheet1");
    assert_eq!(table.report.rows, 7201);
    let Some(Content::Unrecognised(preview)) = &table.content else {
        panic!("{:?}", table.report);
    };
    assert_eq!(preview.header[0], "msoa11cd");
    assert_eq!(preview.rows[0][..2], ["E02006534", "Adur 001"]);
}

#[test]
fn a_workbook_with_no_table_says_why_by_name() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/title-only.ods");
    let loaded = read(&fixture);
    assert_eq!(loaded.len(), 1);
    let error = loaded[0].report.error.as_ref().expect("refused");
    assert_eq!(error.kind, RejectionKind::NotATable);
    assert_eq!(
        error.reason,
        "this is an OpenDocument spreadsheet (.ods), and none of its sheets has a table Scrutineer can read: 'Table 1' has no header row Scrutineer recognises (a row of column names above the data)"
    );
    // Damaged: the same bytes cut short.
    let bytes = std::fs::read(&fixture).unwrap();
    let cut = ingest_bytes("cut.ods", &bytes[..bytes.len() / 2]);
    let error = cut[0].report.error.as_ref().expect("refused");
    assert_eq!(error.kind, RejectionKind::Unreadable);
    assert!(
        error
            .reason
            .starts_with("this is an OpenDocument spreadsheet (.ods), but it cannot be opened"),
        "{}",
        error.reason
    );
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, bytes) in members {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_workbook_inside_an_archive_is_read_too() {
    let ods =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/title-only.ods"))
            .unwrap();
    let archive = zip_of(&[("tables/title-only.ods", &ods)]);
    let loaded = ingest_bytes("download.zip", &archive);
    let member = loaded
        .iter()
        .find(|l| l.report.path == "download.zip/tables/title-only.ods")
        .expect("the member");
    let error = member.report.error.as_ref().expect("refused");
    assert!(
        error.reason.contains("'Table 1' has no header row"),
        "{}",
        error.reason
    );
}

#[test]
fn an_archive_member_that_unpacks_past_200_times_its_size_is_stopped() {
    // 80 MB of one long line repeated packs about a thousand times smaller.
    let mut line = vec![b'a'; 4095];
    line.push(b'\n');
    let mut text = b"area,period,value\n".to_vec();
    text.extend(line.repeat(20 << 10));
    let archive = zip_of(&[("big.csv", &text)]);
    assert!(archive.len() * 200 < text.len(), "{}", archive.len());
    drop(text);
    let loaded = ingest_bytes("bomb.zip", &archive);
    let member = loaded
        .iter()
        .find(|l| l.report.path == "bomb.zip/big.csv")
        .expect("the member");
    let error = member.report.error.as_ref().expect("stopped");
    assert_eq!(error.kind, RejectionKind::TooLarge);
    assert_eq!(
        error.reason,
        "could not be unpacked from the archive (it unpacks to more than 200 times its size, so it is not a table)"
    );
    assert!(member.content.is_none());
}
