//! Headers matched loosely, and rows read with their problems recorded.
//!
//! "Financial Year", "financial_year" and " FINANCIAL-YEAR " are one column:
//! Home Office tables come in Title Case and in snake_case, and spreadsheets
//! add stray spaces.

use std::borrow::Cow;
use std::cell::Cell as Flag;

use super::number::{parse_number, Cell};
use super::problem::{ColumnRef, Warnings};
use super::records::Record;
use super::text::field_text;

/// Lower case, every run of non-alphanumerics as one space, trimmed.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// As written in the file (BOM and surrounding spaces removed).
    pub raw: Vec<String>,
    pub names: Vec<String>,
}

impl Header {
    pub fn from_record(record: &Record) -> Header {
        let raw: Vec<String> = record
            .iter()
            .map(|f| {
                field_text(f)
                    .0
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect();
        let names = raw.iter().map(|r| normalise(r)).collect();
        Header { raw, names }
    }

    /// A header from names already read (a file read in parts: `ingest::part`).
    pub fn from_raw(raw: Vec<String>) -> Header {
        let names = raw.iter().map(|r| normalise(r)).collect();
        Header { raw, names }
    }

    pub fn width(&self) -> usize {
        self.raw.len()
    }

    /// The first column whose normalised name is one of `aliases`.
    pub fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|a| self.names.iter().position(|n| n == a))
    }

    /// Headings that name more than one column, as written, with their
    /// column numbers (from 1): `find` takes the first, and the user is told.
    pub fn repeated(&self) -> Vec<(String, Vec<usize>)> {
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            if name.is_empty() || self.names[..i].contains(name) {
                continue;
            }
            let at: Vec<usize> = (i..self.names.len())
                .filter(|&j| self.names[j] == *name)
                .map(|j| j + 1)
                .collect();
            if at.len() > 1 {
                out.push((self.raw[i].clone(), at));
            }
        }
        out
    }

    pub fn has(&self, aliases: &[&str]) -> bool {
        self.find(aliases).is_some()
    }

    pub fn column(&self, index: usize) -> ColumnRef {
        ColumnRef {
            number: index + 1,
            name: self.raw.get(index).cloned().unwrap_or_default(),
        }
    }

    /// Identifies a layout, so a column mapping chosen once applies next time.
    pub fn signature(&self) -> String {
        self.names.join("|")
    }
}

/// A row was skipped (and the reason already recorded in the warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped;

/// The largest count a row may hold. England and Wales record about six million
/// crimes a year, so a billion in one row is a mistake in the file; and at
/// most a billion a row, no sum of a file's counts can leave an `i64` unless
/// the file has more than nine billion rows.
pub const MAX_COUNT: f64 = 1e9;

/// One data row, with what is needed to read its fields and report problems.
pub struct Row<'a, 'r> {
    pub record: &'a Record<'r>,
    pub header: &'a Header,
    pub warnings: &'a mut Warnings,
    /// Set when any field had to be read as Windows-1252.
    pub windows_1252: &'a Flag<bool>,
    pub comma_delimited: bool,
}

impl Row<'_, '_> {
    /// The line the row starts on (worked out only when asked).
    pub fn line(&self) -> u64 {
        self.record.line()
    }

    /// Field `index` as trimmed text.
    pub fn text(&self, index: usize) -> Cow<'_, str> {
        let (text, fallback) = field_text(self.record.get(index));
        if fallback {
            self.windows_1252.set(true);
        }
        match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
            Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
        }
    }

    /// Records that this row was skipped, and why.
    pub fn skip(&mut self, column: Option<usize>, reason: impl Into<String>) {
        let column = column.map(|c| self.header.column(c));
        let line = self.line();
        self.warnings.skip(line, column, reason.into());
    }

    /// A number from field `index`: `Ok(None)` for a deliberate blank such as
    /// `NA`; `Err(Skipped)` (already recorded) when not a number.
    pub fn number(&mut self, index: usize, what: &str) -> Result<Option<f64>, Skipped> {
        let comma = self.comma_delimited;
        let text = self.text(index).into_owned();
        match parse_number(&text, comma) {
            Cell::Number { value, .. } => Ok(Some(value)),
            Cell::Missing => Ok(None),
            Cell::Invalid => {
                self.skip(Some(index), format!("{what} is not a number"));
                Err(Skipped)
            }
        }
    }

    /// A count (of offences, of outcomes): a number, rounded to whole, `None`
    /// when missing. Beyond [`MAX_COUNT`] it is not a count and the row is
    /// skipped, so no total can overflow.
    pub fn count(&mut self, index: usize, what: &str) -> Result<Option<i64>, Skipped> {
        let Some(value) = self.number(index, what)? else {
            return Ok(None);
        };
        if !value.is_finite() || value.abs() > MAX_COUNT {
            self.skip(Some(index), format!("{what} is too large to be a count"));
            return Err(Skipped);
        }
        Ok(Some(value.round() as i64))
    }

    /// True when every field is blank or `NA`: the notes rows statistical
    /// tables end with.
    pub fn is_notes_row(&self) -> bool {
        self.record.iter().all(|f| {
            let t = field_text(f).0;
            let t = t.trim();
            t.is_empty() || t.eq_ignore_ascii_case("na")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_across_styles() {
        assert_eq!(normalise("Financial Year"), "financial year");
        assert_eq!(normalise("financial_year"), "financial year");
        assert_eq!(normalise("\u{feff} FINANCIAL-YEAR "), "financial year");
        assert_eq!(normalise("PFA21CD"), "pfa21cd");
        assert_eq!(normalise(""), "");
    }
}
