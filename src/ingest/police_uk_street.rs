//! police.uk street-level crime files (`YYYY-MM-<force>-street.csv`).
//!
//! One row per crime (or anti-social behaviour incident). Rows are aggregated as
//! they are read into counts by council, month and crime type, so memory grows with
//! the number of distinct combinations, not with the number of rows.

use std::collections::{BTreeSet, HashMap};

use super::position::LineCounter;
use super::problem::{ColumnRef, Rejection, Warnings};
use super::sniff::not_csv;
use crate::model::{Interner, Month};

/// How the app names this kind of file to users.
pub const KIND_LABEL: &str = "police.uk street crime";

/// The crime type police.uk uses for anti-social behaviour, which is not a crime
/// and is excluded from "total crime" as police.uk itself does.
pub const ANTI_SOCIAL_BEHAVIOUR: &str = "Anti-social behaviour";

/// Columns this reader needs, by their police.uk header names.
const CRIME_ID: &str = "Crime ID";
const MONTH: &str = "Month";
const FALLS_WITHIN: &str = "Falls within";
const LSOA_NAME: &str = "LSOA name";
const CRIME_TYPE: &str = "Crime type";
const REQUIRED: [&str; 5] = [CRIME_ID, MONTH, FALLS_WITHIN, LSOA_NAME, CRIME_TYPE];

/// Key of one aggregated cell: (council id, month, crime type id), ids from the
/// file's own interners.
pub type CountKey = (u32, Month, u32);

/// A parsed street-crime file, already aggregated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreetFile {
    pub name: String,
    /// Size in bytes, as read.
    pub size: u64,
    /// Data rows read (header excluded), including skipped ones.
    pub rows: u64,
    /// Distinct months in the `Month` column, ascending.
    pub months: Vec<Month>,
    /// Distinct `Falls within` values (police forces), ascending.
    pub forces: Vec<String>,
    /// Rows with no `LSOA name`, which belong to no council and so are counted
    /// for none; police.uk publishes some crimes without a location.
    pub no_location: u64,
    pub warnings: Warnings,
    pub councils: Interner,
    pub crime_types: Interner,
    pub counts: HashMap<CountKey, u32>,
}

impl StreetFile {
    /// Rows that were counted: read, not skipped.
    pub fn rows_counted(&self) -> u64 {
        self.rows - self.warnings.rows_skipped()
    }
}

/// The council (local authority district) an LSOA belongs to: its name minus the
/// trailing LSOA code, e.g. "Rotherham 016A" -> "Rotherham". A name with no code
/// is kept whole rather than guessed at.
pub fn council_of(lsoa_name: &str) -> &str {
    let name = lsoa_name.trim();
    match name.rsplit_once(' ') {
        Some((council, code))
            if !council.trim().is_empty()
                && code.bytes().all(|b| b.is_ascii_alphanumeric())
                && code.bytes().any(|b| b.is_ascii_digit()) =>
        {
            council.trim_end()
        }
        _ => name,
    }
}

fn normalise_header(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    text.trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
}

/// The header as found, shortened for a message.
fn header_preview(headers: &csv::ByteRecord) -> String {
    let joined = headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(",");
    match joined.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// When the header is some other file we know of, say so: "missing columns" alone
/// would send the user looking for a fault that is not there.
fn other_known_kind(headers: &[String]) -> Option<&'static str> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("outcome type") {
        Some("a police.uk outcomes file")
    } else if has("object of search") {
        Some("a police.uk stop-and-search file")
    } else if has("offence description") || has("offence_description") {
        Some("a Home Office table")
    } else {
        None
    }
}

/// Parses a whole police.uk street-crime CSV held in memory.
///
/// Returns a `Rejection` (nothing from the file is kept) when the file is not
/// CSV text or lacks the columns needed; otherwise the aggregated file, with any
/// rows that could not be read listed in its warnings.
pub fn parse(name: &str, bytes: &[u8]) -> Result<StreetFile, Rejection> {
    if let Some(kind) = not_csv(bytes) {
        return Err(Rejection::new(name, kind.reason()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers_raw = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(Rejection::new(
                name,
                format!("could not read the header: {e}"),
            ))
        }
    };
    let headers: Vec<String> = headers_raw.iter().map(normalise_header).collect();
    let column = |wanted: &str| -> Option<usize> {
        let wanted = wanted.to_ascii_lowercase();
        headers.iter().position(|h| *h == wanted)
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        let reason = match other_known_kind(&headers) {
            Some(kind) => format!(
                "this looks like {kind}; this version reads police.uk street crime files only (missing columns {})",
                missing.join(", ")
            ),
            None if missing.len() == REQUIRED.len() => format!(
                "missing columns {}: this is not a police.uk street crime file (its header is \"{}\")",
                missing.join(", "),
                header_preview(&headers_raw)
            ),
            None => format!("missing columns {}", missing.join(", ")),
        };
        return Err(Rejection::new(name, reason).at_line(1));
    }
    // Every REQUIRED column was found just above, so these lookups cannot fail.
    let [_, month_col, force_col, lsoa_col, type_col] = REQUIRED.map(|c| column(c).unwrap_or(0));
    let column_ref = |index: usize, name: &str| ColumnRef {
        number: index + 1,
        name: name.to_string(),
    };
    let width = headers.len();

    let mut file = StreetFile {
        name: name.to_string(),
        size: bytes.len() as u64,
        rows: 0,
        months: Vec::new(),
        forces: Vec::new(),
        no_location: 0,
        warnings: Warnings::default(),
        councils: Interner::default(),
        crime_types: Interner::default(),
        counts: HashMap::new(),
    };
    let mut months = BTreeSet::new();
    let mut forces = BTreeSet::new();
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::default();
    loop {
        let offset = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Byte records never fail on encoding; what is left is a reader
                // fault, so the file cannot be trusted past this point.
                let line = lines.line_of(bytes, offset);
                return Err(Rejection::new(name, format!("could not be read: {e}")).at_line(line));
            }
        }
        let offset = record.position().map_or(offset, |p| p.byte());
        // Only rows that are reported need their line number worked out.
        let mut line = || lines.line_of(bytes, offset);
        file.rows += 1;
        if record.len() != width {
            file.warnings.skip(
                line(),
                None,
                format!("have {} fields, expected {width}", record.len()),
            );
            continue;
        }
        let text = |index: usize| std::str::from_utf8(&record[index]).map(str::trim);
        let Ok(month) = text(month_col) else {
            file.warnings.skip(
                line(),
                Some(column_ref(month_col, MONTH)),
                "not valid UTF-8 text".into(),
            );
            continue;
        };
        let Some(month) = Month::parse_iso(month) else {
            file.warnings.skip(
                line(),
                Some(column_ref(month_col, MONTH)),
                "not a month in the form YYYY-MM".into(),
            );
            continue;
        };
        let (Ok(crime_type), Ok(lsoa), Ok(force)) =
            (text(type_col), text(lsoa_col), text(force_col))
        else {
            file.warnings.skip(
                line(),
                None,
                "not valid UTF-8 text: save the file as \"CSV UTF-8\"".into(),
            );
            continue;
        };
        if crime_type.is_empty() {
            file.warnings.skip(
                line(),
                Some(column_ref(type_col, CRIME_TYPE)),
                "no crime type".into(),
            );
            continue;
        }
        months.insert(month);
        if !force.is_empty() && !forces.contains(force) {
            forces.insert(force.to_string());
        }
        if lsoa.is_empty() {
            file.no_location += 1;
            continue;
        }
        let council = file.councils.intern(council_of(lsoa));
        let crime_type = file.crime_types.intern(crime_type);
        *file.counts.entry((council, month, crime_type)).or_insert(0) += 1;
    }
    file.months = months.into_iter().collect();
    file.forces = forces.into_iter().collect();
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\r\n";

    fn row(month: &str, lsoa: &str, crime_type: &str) -> String {
        format!(
            ",{month},Force,Test Police,-1.4,53.6,On or near X,E01000001,{lsoa},{crime_type},,\r\n"
        )
    }

    fn count(file: &StreetFile, council: &str, month: &str, crime_type: &str) -> u32 {
        let key = (
            file.councils.id(council).unwrap(),
            Month::parse_iso(month).unwrap(),
            file.crime_types.id(crime_type).unwrap(),
        );
        file.counts.get(&key).copied().unwrap_or(0)
    }

    #[test]
    fn council_is_lsoa_name_without_its_code() {
        assert_eq!(council_of("Rotherham 016A"), "Rotherham");
        assert_eq!(council_of("Kingston upon Hull 001A"), "Kingston upon Hull");
        assert_eq!(council_of("  Barnsley 001A "), "Barnsley");
        assert_eq!(council_of("Rotherham"), "Rotherham");
        assert_eq!(council_of("County Durham"), "County Durham");
    }

    #[test]
    fn counts_by_council_month_and_type() {
        let text = format!(
            "{HEADER}{}{}{}{}{}",
            row("2019-04", "Rotherham 016A", "Burglary"),
            row("2019-04", "Rotherham 001B", "Burglary"),
            row("2019-04", "Barnsley 001A", "Burglary"),
            row("2019-04", "Rotherham 016A", "Anti-social behaviour"),
            row("2019-04", "", "Drugs"),
        );
        let file = parse("t.csv", text.as_bytes()).unwrap();
        assert_eq!(file.rows, 5);
        assert_eq!(file.no_location, 1);
        assert_eq!(file.months, [Month::parse_iso("2019-04").unwrap()]);
        assert_eq!(file.forces, ["Test Police"]);
        assert_eq!(count(&file, "Rotherham", "2019-04", "Burglary"), 2);
        assert_eq!(count(&file, "Barnsley", "2019-04", "Burglary"), 1);
        assert_eq!(
            count(&file, "Rotherham", "2019-04", "Anti-social behaviour"),
            1
        );
        assert!(file.warnings.is_empty());
    }

    #[test]
    fn ragged_and_malformed_rows_are_skipped_with_their_lines() {
        let text = format!(
            "{HEADER}{}a,b,c,d,e,f\r\n{}{}{}",
            row("2019-04", "Rotherham 016A", "Burglary"),
            row("April", "Rotherham 016A", "Burglary"),
            row("2019-04", "Rotherham 016A", ""),
            row("2019-05", "Rotherham 016A", "Drugs"),
        );
        let file = parse("ragged.csv", text.as_bytes()).unwrap();
        let messages: Vec<String> = file
            .warnings
            .groups()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            messages,
            [
                "1 row skipped: line 3: have 6 fields, expected 12",
                "1 row skipped: line 4, column 2 (Month): not a month in the form YYYY-MM",
                "1 row skipped: line 5, column 10 (Crime type): no crime type",
            ]
        );
        assert_eq!(file.rows, 5);
        assert_eq!(file.rows_counted(), 2);
        assert_eq!(count(&file, "Rotherham", "2019-05", "Drugs"), 1);
    }

    #[test]
    fn quoted_multiline_field_keeps_line_numbers_true() {
        let text = format!(
            "{HEADER},2019-04,F,Test Police,0,0,\"On or near\r\nsomewhere\",E0,Rotherham 016A,Drugs,,\r\nbad\r\n"
        );
        let file = parse("q.csv", text.as_bytes()).unwrap();
        assert_eq!(count(&file, "Rotherham", "2019-04", "Drugs"), 1);
        // The quoted field spans lines 2-3, so the broken row is on line 4.
        assert_eq!(file.warnings.groups()[0].lines, [4]);
    }

    #[test]
    fn header_is_matched_loosely_and_bom_is_ignored() {
        let text = "\u{feff}crime id, MONTH ,falls within,lsoa name,crime type\n,2019-04,P,Sheffield 001A,Drugs\n";
        let file = parse("bom.csv", text.as_bytes()).unwrap();
        assert_eq!(count(&file, "Sheffield", "2019-04", "Drugs"), 1);
    }

    #[test]
    fn missing_columns_are_named() {
        let err = parse("x.csv", b"Month,Crime type\n2019-04,Drugs\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(
            err.reason
                .starts_with("missing columns Crime ID, Falls within, LSOA name"),
            "{err}"
        );
        assert!(err
            .to_string()
            .starts_with("x.csv, line 1: missing columns"));
    }

    #[test]
    fn other_police_uk_files_are_recognised() {
        let outcomes = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n";
        let err = parse("o.csv", outcomes.as_bytes()).unwrap_err();
        assert!(
            err.reason.contains("police.uk outcomes file"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn not_csv_is_rejected_before_parsing() {
        let err = parse("book.csv", b"PK\x03\x04\x14\0[Content_Types].xml").unwrap_err();
        assert!(err.reason.contains("Excel workbook"), "{}", err.reason);
        assert_eq!(parse("e.csv", b"").unwrap_err().reason, "the file is empty");
    }

    #[test]
    fn invalid_utf8_rows_are_skipped_not_fatal() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes
            .extend_from_slice(b",2019-04,P,Test Police,0,0,X,E0,Rotherham 016A,Burglar\xFF,,\r\n");
        bytes.extend_from_slice(row("2019-04", "Rotherham 016A", "Drugs").as_bytes());
        let file = parse("w.csv", &bytes).unwrap();
        assert_eq!(file.warnings.rows_skipped(), 1);
        assert_eq!(file.warnings.groups()[0].lines, [2]);
        assert_eq!(count(&file, "Rotherham", "2019-04", "Drugs"), 1);
    }

    #[test]
    fn header_only_file_loads_with_no_rows() {
        let file = parse("h.csv", HEADER.as_bytes()).unwrap();
        assert_eq!(file.rows, 0);
        assert!(file.months.is_empty());
    }
}
