//! What went wrong with a file, and where, in words an officer can act on.
//!
//! Modelled on `csv::Error::position`: every message carries the file name and,
//! where it applies, the line and column, so the user can open the file and look.

use std::fmt;

/// A column, by 1-based position (as a spreadsheet user counts) and header name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnRef {
    pub number: usize,
    pub name: String,
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {} ({})", self.number, self.name)
    }
}

/// What kind of refusal: for code (and tests) to act on, where the words of
/// `reason` are for people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionKind {
    /// Damaged, cut short, or not readable for another reason.
    #[default]
    Unreadable,
    /// Not a table at all: empty, a PDF, a web page, binary, a workbook with
    /// no sheet of data.
    NotATable,
    /// A table, but not one Scrutineer can use: columns missing, a mapping
    /// that does not fit.
    WrongLayout,
    /// Past a bound no real extract reaches: size, rows, a line's length,
    /// inflation.
    TooLarge,
    /// The same file twice.
    AlreadyLoaded,
    /// The user cancelled it.
    Cancelled,
    /// The reader stopped while reading it.
    ReaderStopped,
    /// A saved workspace that cannot be opened.
    Workspace,
}

/// Why a whole file was not loaded. Nothing from it reaches the dataset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rejection {
    #[serde(default)]
    pub kind: RejectionKind,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<ColumnRef>,
    pub reason: String,
}

impl Rejection {
    pub fn new(file: &str, reason: impl Into<String>) -> Rejection {
        Rejection::of(RejectionKind::Unreadable, file, reason)
    }

    pub fn of(kind: RejectionKind, file: &str, reason: impl Into<String>) -> Rejection {
        Rejection {
            kind,
            file: file.to_string(),
            line: None,
            column: None,
            reason: reason.into(),
        }
    }

    pub fn at_line(mut self, line: u64) -> Rejection {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", {column}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for Rejection {}

/// Rows skipped for one reason. Grouped, because a broken export usually breaks
/// the same way thousands of times and a list of thousands helps nobody.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SkippedRows {
    pub column: Option<ColumnRef>,
    /// Finishes the sentence "lines 7, 11 …", e.g. "have 6 fields, expected 12".
    pub reason: String,
    /// The first few line numbers, in file order.
    pub lines: Vec<u64>,
    pub count: u64,
}

/// How many line numbers a warning lists before it says "and N more".
pub const LINES_LISTED: usize = 10;

impl SkippedRows {
    fn record(&mut self, line: u64) {
        self.count += 1;
        if self.lines.len() < LINES_LISTED {
            self.lines.push(line);
        }
    }
}

impl fmt::Display for SkippedRows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.count == 1 { "row" } else { "rows" };
        let lines = self
            .lines
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let label = if self.lines.len() == 1 {
            "line"
        } else {
            "lines"
        };
        write!(f, "{} {rows} skipped: {label} {lines}", group(self.count))?;
        let unlisted = self.count - self.lines.len() as u64;
        if unlisted > 0 {
            write!(f, " and {} more", group(unlisted))?;
        }
        if let Some(column) = &self.column {
            write!(f, ", {column}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Collects skipped rows, grouping identical reasons in the order first seen.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warnings {
    groups: Vec<SkippedRows>,
}

impl Warnings {
    pub fn skip(&mut self, line: u64, column: Option<ColumnRef>, reason: String) {
        match self
            .groups
            .iter_mut()
            .find(|g| g.column == column && g.reason == reason)
        {
            Some(group) => group.record(line),
            None => {
                let mut group = SkippedRows {
                    column,
                    reason,
                    lines: Vec::new(),
                    count: 0,
                };
                group.record(line);
                self.groups.push(group);
            }
        }
    }

    /// Adds the warnings of the rows that follow, read separately with
    /// lines counted from `offset` + 1: as if read here, line by line.
    pub fn absorb(&mut self, later: Warnings, offset: u64) {
        for group in later.groups {
            let lines = group.lines.iter().map(|l| l + offset);
            match self
                .groups
                .iter_mut()
                .find(|g| g.column == group.column && g.reason == group.reason)
            {
                Some(mine) => {
                    let room = LINES_LISTED.saturating_sub(mine.lines.len());
                    mine.lines.extend(lines.take(room));
                    mine.count += group.count;
                }
                None => self.groups.push(SkippedRows {
                    lines: lines.collect(),
                    ..group
                }),
            }
        }
    }

    pub fn groups(&self) -> &[SkippedRows] {
        &self.groups
    }

    pub fn rows_skipped(&self) -> u64 {
        self.groups.iter().map(|g| g.count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// 12345 -> "12,345": UK reports group thousands with commas.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    #[test]
    fn skipped_rows_read_as_a_sentence() {
        let mut w = Warnings::default();
        for line in [7, 11, 40] {
            w.skip(line, None, "have 6 fields, expected 12".into());
        }
        assert_eq!(
            w.groups()[0].to_string(),
            "3 rows skipped: lines 7, 11, 40: have 6 fields, expected 12"
        );
        assert_eq!(w.rows_skipped(), 3);
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let mut w = Warnings::default();
        let column = Some(ColumnRef {
            number: 2,
            name: "Month".into(),
        });
        for line in 2..=1001 {
            w.skip(line, column.clone(), "not a month".into());
        }
        let text = w.groups()[0].to_string();
        assert!(
            text.starts_with("1,000 rows skipped: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 990 more, column 2 (Month): not a month"),
            "{text}"
        );
    }

    #[test]
    fn rejection_names_file_line_and_column() {
        let mut r = Rejection::new("a.csv", "bad").at_line(3);
        r.column = Some(ColumnRef {
            number: 1,
            name: "Crime ID".into(),
        });
        assert_eq!(r.to_string(), "a.csv, line 3, column 1 (Crime ID): bad");
    }
}
