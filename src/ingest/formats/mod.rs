//! One reader per file format. Each takes rows as they stream past and
//! aggregates them into its content; none holds the file's rows.

pub mod home_office_crime;
pub mod home_office_outcomes;
pub mod measures;
pub mod ons_crime_tables;
pub mod police_uk_outcomes;
pub mod police_uk_stop_search;
pub mod police_uk_street;
pub mod reference;
mod street_append;
pub mod street_detail;

use super::columns::{Header, Row};
use super::FileReport;
use crate::ingest::Content;

/// A format's reader: fed each data row, then finished into content.
pub trait FormatReader {
    fn row(&mut self, row: &mut Row);
    fn finish(self: Box<Self>, report: &mut FileReport) -> Content;
    /// True for readers that keep every row (and so must be capped).
    fn keeps_rows(&self) -> bool {
        false
    }
    /// Told, once, what fraction of the file has been read, so a reader that
    /// keeps a list per row can size it for the whole file at once.
    fn expect_rest(&mut self, _fraction_read: f64) {}
    /// True for readers whose content can be read in parts, on several
    /// threads, and put back together exactly (`ingest::part`).
    fn splits(&self) -> bool {
        false
    }
    /// Adds the content a reader of the same kind made of the rows that
    /// follow this one's, once this one has had all its own. False when it
    /// cannot be added exactly: the file must then be read in one go.
    fn absorb(&mut self, _part: Content) -> bool {
        false
    }
}

/// Sizes a per-row list for the whole file, from what a fraction of it held
/// (2% spare), so it is not grown by doubling: at its last doubling a list
/// is briefly three times the size it had (old and new both held), and the
/// browser keeps the worker's memory at its peak.
pub fn reserve_for_rest<T>(list: &mut Vec<T>, fraction_read: f64) {
    if !(fraction_read > 0.0 && fraction_read < 1.0) {
        return;
    }
    let total = (list.len() as f64 / fraction_read * 1.02).ceil() as usize;
    list.reserve_exact(total.saturating_sub(list.len()));
}

/// Grows a full list a quarter at a time once it was sized by
/// [`reserve_for_rest`], so an estimate a little short costs a little.
pub fn grow_gently<T>(list: &mut Vec<T>) {
    if list.len() == list.capacity() {
        list.reserve_exact(list.len() / 4 + 1024);
    }
}

/// Recognises a format from its header (and, where it helps, the file name).
pub fn reader_for(
    header: &Header,
    file_name: &str,
    titles: &[String],
) -> Option<Box<dyn FormatReader>> {
    if let Some(r) = ons_crime_tables::Reader::detect(header, file_name, titles) {
        return Some(Box::new(r));
    }
    if let Some(r) = police_uk_street::Reader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = police_uk_outcomes::Reader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = police_uk_stop_search::Reader::detect(header, file_name) {
        return Some(Box::new(r));
    }
    if let Some(r) = home_office_outcomes::Reader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = home_office_crime::Reader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = reference::LookupReader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = measures::Reader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = reference::PopulationReader::detect(header) {
        return Some(Box::new(r));
    }
    if let Some(r) = reference::ComparatorReader::detect(header) {
        return Some(Box::new(r));
    }
    None
}

/// Known formats' required columns, to recognise a header that nearly matches
/// one: then the missing columns are named rather than the file called unknown.
const SIGNATURES: [(&str, &[&str]); 5] = [
    (
        "a police.uk street crime file",
        &[
            "crime id",
            "month",
            "falls within",
            "lsoa name",
            "crime type",
        ],
    ),
    (
        "a police.uk outcomes file",
        &["crime id", "month", "falls within", "outcome type"],
    ),
    (
        "a police.uk stop and search file",
        &[
            "type",
            "date",
            "object of search",
            "outcome",
            "officer defined ethnicity",
        ],
    ),
    (
        "a Home Office crime outcomes table",
        &[
            "financial year",
            "financial quarter",
            "force name",
            "offence group",
            "outcome type",
            "offences",
        ],
    ),
    (
        "a Home Office recorded crime table",
        &[
            "financial year",
            "financial quarter",
            "force name",
            "offence description",
            "number of offences",
        ],
    ),
];

/// For a header no reader accepted: the known format it most resembles (at
/// least half its columns, and two or more), with the columns it lacks.
pub fn near_miss(header: &Header) -> Option<(&'static str, Vec<&'static str>)> {
    SIGNATURES
        .iter()
        .filter_map(|(label, columns)| {
            let missing: Vec<&str> = columns
                .iter()
                .copied()
                .filter(|c| !header.has(&[c]))
                .collect();
            let present = columns.len() - missing.len();
            (present >= 2 && present * 2 >= columns.len() && !missing.is_empty()).then_some((
                present * 100 / columns.len(),
                *label,
                missing,
            ))
        })
        .max_by_key(|(score, _, _)| *score)
        .map(|(_, label, missing)| (label, missing))
}

/// Column indexes for `names`, or the names missing.
pub fn require<const N: usize>(
    header: &Header,
    names: [&[&str]; N],
) -> Result<[usize; N], Vec<String>> {
    let mut out = [0; N];
    let mut missing = Vec::new();
    for (i, aliases) in names.iter().enumerate() {
        match header.find(aliases) {
            Some(c) => out[i] = c,
            None => missing.push(aliases[0].to_string()),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}
