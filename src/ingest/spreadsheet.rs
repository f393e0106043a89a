//! Spreadsheets as they are published (.xlsx, .xls, .ods), read with
//! `calamine`. Each sheet with a table becomes a file of its own, named
//! `workbook.ods/Sheet name`, and goes through the same readers as a CSV file:
//! its table is written out as CSV text, with the title rows above the header
//! left as blank lines so that "line N" in any message is the sheet's row N.
//!
//! Published tables put titles and notes above the header, merge cells across
//! headings and down repeated labels, and mark footnotes in the text ("2019 1"
//! flattened to "20191", "Officers[note 2]"). The header row is found below
//! the titles, merged cells take the value they show, and footnote markers are
//! dropped from headings and labels.

use std::io::Cursor;

use calamine::{
    open_workbook_auto_from_rs, Data, Dimensions, Range, Reader, SheetType, SheetVisible, Sheets,
};

use super::problem::{group, Rejection, RejectionKind};
use super::{Content, FileReport, Ingest, Loaded};

/// Which kind of spreadsheet the bytes are, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workbook {
    Xlsx,
    Xls,
    Ods,
}

impl Workbook {
    pub fn of(bytes: &[u8]) -> Option<Workbook> {
        match super::sniff::not_csv(bytes)? {
            super::sniff::NotCsv::ExcelWorkbook => Some(Workbook::Xlsx),
            super::sniff::NotCsv::LegacyExcelWorkbook => Some(Workbook::Xls),
            super::sniff::NotCsv::OpenDocument => Some(Workbook::Ods),
            _ => None,
        }
    }

    /// By a file name's extension, for members of an archive, which are
    /// unpacked before their bytes can be looked at.
    pub fn by_name(name: &str) -> Option<Workbook> {
        let lower = name.to_ascii_lowercase();
        [
            (".xlsx", Workbook::Xlsx),
            (".xls", Workbook::Xls),
            (".ods", Workbook::Ods),
        ]
        .into_iter()
        .find(|(e, _)| lower.ends_with(e))
        .map(|(_, w)| w)
    }

    /// How the user hears of it: "this is an OpenDocument spreadsheet".
    pub fn name(self) -> &'static str {
        match self {
            Workbook::Xlsx => "an Excel workbook (.xlsx)",
            Workbook::Xls => "an old-style Excel workbook (.xls)",
            Workbook::Ods => "an OpenDocument spreadsheet (.ods)",
        }
    }

    pub fn too_large(self) -> String {
        format!(
            "this is {} larger than {} MB: save the sheet you need as CSV and choose that",
            self.name(),
            MAX_WORKBOOK >> 20
        )
    }

    fn kind(self) -> &'static str {
        match self {
            Workbook::Xlsx => "Excel workbook",
            Workbook::Xls => "Excel workbook (old style)",
            Workbook::Ods => "OpenDocument spreadsheet",
        }
    }
}

/// A workbook larger than this is refused: it is read whole, and its cells
/// take several times its size once unpacked.
pub const MAX_WORKBOOK: usize = 100 * 1024 * 1024;
/// Rows looked through for the header, below any titles.
const HEADER_SEARCH: usize = 60;

/// What `calamine` makes of a workbook: each sheet's table as CSV text, and
/// why other sheets were not read. Kept apart from reading the tables, so the
/// browser can do this part in a module of its own, loaded only when a
/// spreadsheet arrives (`sheets_module`), and pass the result back as JSON.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkbookRead {
    /// Why the workbook could not be opened at all.
    pub unopened: Option<String>,
    /// Why the spreadsheet reader itself failed (in the browser, where it is
    /// a module of its own): nothing to do with the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader_failed: Option<String>,
    pub tables: Vec<SheetTable>,
    /// One sentence per sheet left out ("'Chart1' is a chart, not a table").
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SheetTable {
    pub sheet: String,
    /// CSV text whose line N is the sheet's row N.
    pub csv: String,
    /// 1-based, as the spreadsheet shows it.
    pub header_row: usize,
    pub notes_dropped: u64,
    /// The rows above the header, each as its cells' text.
    pub titles: Vec<String>,
}

/// Opens a workbook with `calamine` and finds each sheet's table.
pub fn read_workbook(bytes: &[u8]) -> WorkbookRead {
    let mut book = match open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(e) => {
            return WorkbookRead {
                unopened: Some(e.to_string()),
                ..WorkbookRead::default()
            }
        }
    };
    let mut read = WorkbookRead::default();
    for sheet in book.sheets_metadata().to_vec() {
        let name = sheet.name.clone();
        if sheet.typ != SheetType::WorkSheet {
            read.skipped
                .push(format!("'{name}' is a chart, not a table"));
            continue;
        }
        if sheet.visible != SheetVisible::Visible {
            read.skipped.push(format!("'{name}' is hidden"));
            continue;
        }
        let range = match book.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                read.skipped
                    .push(format!("'{name}' could not be read ({e})"));
                continue;
            }
        };
        let merged = merged_cells(&mut book, &name);
        let mut grid = Grid::new(&range, &merged);
        match grid.table(name.clone()) {
            None => read.skipped.push(format!(
                "'{name}' has no header row Scrutineer recognises (a row of column names above the data)"
            )),
            Some(table) => read.tables.push(table),
        }
    }
    read
}

/// Natively, and in the spreadsheet module itself, `calamine` is at hand.
#[cfg(not(target_arch = "wasm32"))]
fn read_sheets(bytes: &[u8]) -> WorkbookRead {
    read_workbook(bytes)
}

/// In the browser's ingestion worker, the spreadsheet module does it: the
/// worker loads that module before it reads a spreadsheet.
#[cfg(target_arch = "wasm32")]
fn read_sheets(bytes: &[u8]) -> WorkbookRead {
    crate::sheets_module::read(bytes)
}

/// Reads every sheet of a workbook: an entry for the workbook, saying what
/// was read and what was not, then one per sheet with a table.
pub fn ingest_workbook(path: &str, bytes: &[u8], workbook: Workbook) -> Vec<Loaded> {
    if bytes.len() > MAX_WORKBOOK {
        return vec![workbook_entry(
            path,
            bytes.len(),
            workbook,
            Vec::new(),
            Some((RejectionKind::TooLarge, workbook.too_large())),
        )];
    }
    ingest_sheets(path, bytes.len(), workbook, read_sheets(bytes))
}

fn workbook_entry(
    path: &str,
    bytes: usize,
    workbook: Workbook,
    notices: Vec<String>,
    error: Option<(RejectionKind, String)>,
) -> Loaded {
    Loaded {
        report: FileReport {
            path: path.to_string(),
            kind: Some(workbook.kind().into()),
            bytes: bytes as u64,
            notices,
            error: error.map(|(kind, e)| Rejection::of(kind, path, e)),
            ..FileReport::default()
        },
        content: None,
    }
}

/// The workbook's tables through the ordinary readers.
fn ingest_sheets(path: &str, bytes: usize, workbook: Workbook, book: WorkbookRead) -> Vec<Loaded> {
    let failed = book
        .reader_failed
        .map(|e| format!("this is {}, but {e}; reload Scrutineer and choose it again", workbook.name()))
        .or_else(|| {
            book.unopened.map(|e| {
                format!(
                    "this is {}, but it cannot be opened ({e}); it may be damaged, incomplete or password-protected",
                    workbook.name()
                )
            })
        });
    if let Some(why) = failed {
        return vec![workbook_entry(
            path,
            bytes,
            workbook,
            Vec::new(),
            Some((RejectionKind::Unreadable, why)),
        )];
    }
    let skipped = book.skipped;
    let mut out = Vec::new();
    let mut read = Vec::new();
    for table in book.tables {
        let name = table.sheet;
        let sheet_path = format!("{path}/{name}");
        let mut ingest = Ingest::with_titles(&sheet_path, table.titles);
        ingest.push(table.csv.as_bytes());
        let mut loaded = ingest.finish();
        // The CSV in between is Scrutineer's own: its encoding and
        // delimiter say nothing about the workbook.
        loaded.report.encoding = None;
        loaded.report.delimiter = None;
        loaded.report.notices.insert(
            0,
            format!(
                "read from sheet '{name}' of the workbook: the header is row {}, and line numbers here are the sheet's rows",
                table.header_row
            ),
        );
        if table.notes_dropped > 0 {
            loaded.report.notices.push(format!(
                "footnote markers dropped from {} {} (as in \"20191\" for 2019, note 1)",
                group(table.notes_dropped),
                if table.notes_dropped == 1 {
                    "cell"
                } else {
                    "cells"
                }
            ));
        }
        read.push((
            name,
            matches!(loaded.content, Some(Content::Unrecognised(_))),
        ));
        out.push(loaded);
    }
    // Beside a sheet in a layout Scrutineer knows (the population sheet of
    // ONS's workbook), its contents, notes and other tables are not loaded:
    // listed, not each offered for column mapping.
    let known = read.iter().any(|(_, unknown)| !unknown);
    if known {
        out.retain(|l| !matches!(l.content, Some(Content::Unrecognised(_))));
    }
    let (unknown, read): (Vec<_>, Vec<_>) = read.into_iter().partition(|(_, u)| known && *u);
    let names = |list: Vec<(String, bool)>| list.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    let (unknown, read) = (names(unknown), names(read));
    let mut notices = Vec::new();
    if !read.is_empty() {
        notices.push(format!(
            "{} {} read as tables: {}",
            read.len(),
            if read.len() == 1 { "sheet" } else { "sheets" },
            quoted(&read)
        ));
    }
    if !unknown.is_empty() {
        notices.push(format!(
            "not loaded, as their layouts are not ones Scrutineer knows: {} (to map one's columns, save that sheet as CSV and choose it)",
            quoted(&unknown)
        ));
    }
    if !skipped.is_empty() {
        notices.push(format!("not read: {}", skipped.join("; ")));
    }
    let error = out.is_empty().then(|| {
        let reason = format!(
            "this is {}, and none of its sheets has a table Scrutineer can read: {}",
            workbook.name(),
            if skipped.is_empty() {
                "it has no sheets".to_string()
            } else {
                skipped.join("; ")
            }
        );
        (RejectionKind::NotATable, reason)
    });
    let notices = if error.is_some() { Vec::new() } else { notices };
    let mut first = workbook_entry(path, bytes, workbook, notices, error);
    if first.report.error.is_none() {
        first.content = Some(Content::Archive);
    }
    out.insert(0, first);
    out
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sheet's merged cells, where the format says (xlsx and xls do; ods
/// leaves the shown value in the first cell only, which is read as it is).
fn merged_cells(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A cell as text, and whether it held a number (or a date) rather than words.
#[derive(Debug, Clone, Default, PartialEq)]
struct Cell {
    text: String,
    number: bool,
}

/// A sheet's cells as text, row 0 being the sheet's row 1, and its merged
/// cells (filled in only once the header is found: a title merged across the
/// page would otherwise look like a row of headings).
struct Grid {
    rows: Vec<Vec<Cell>>,
    merged: Vec<Dimensions>,
}

impl Grid {
    fn new(range: &Range<Data>, merged: &[Dimensions]) -> Grid {
        let (top, left) = range.start().unwrap_or((0, 0));
        let (top, left) = (top as usize, left as usize);
        let width = left + range.width();
        let mut rows = vec![Vec::new(); top];
        for row in range.rows() {
            let mut cells = vec![Cell::default(); left];
            cells.extend(row.iter().map(cell_text));
            cells.resize(width, Cell::default());
            rows.push(cells);
        }
        Grid {
            rows,
            merged: merged.to_vec(),
        }
    }

    /// A merged cell shows its first cell's value across the whole region:
    /// headings across the columns they head, labels down the rows they label.
    fn fill_merged(&mut self, from_row: usize) {
        for region in &self.merged {
            let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
            if r0 < from_row {
                continue;
            }
            let Some(value) = self.rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
                continue;
            };
            let last_row = (region.end.0 as usize).min(self.rows.len().saturating_sub(1));
            for row in &mut self.rows[r0..=last_row] {
                let last = (region.end.1 as usize).min(row.len().saturating_sub(1));
                for cell in row.iter_mut().take(last + 1).skip(c0) {
                    if cell.text.is_empty() {
                        *cell = value.clone();
                    }
                }
            }
        }
    }

    fn filled(row: &[Cell]) -> usize {
        row.iter().filter(|c| !c.text.is_empty()).count()
    }

    /// The header is the first row, among the first few, that fills at
    /// least half the table's width and starts with at least two different
    /// words (years count as words): titles and notes above it fill one or
    /// two cells, and a data row has numbers after its label.
    fn header(&self) -> Option<usize> {
        let widest = self
            .rows
            .iter()
            .take(HEADER_SEARCH + 200)
            .map(|r| Self::filled(r))
            .max()?;
        let needed = 2.max(widest.div_ceil(2));
        let wordy = |c: &Cell| !c.text.is_empty() && (!c.number || is_year(&c.text));
        self.rows
            .iter()
            .take(HEADER_SEARCH)
            .position(|row| {
                let mut filled = row.iter().filter(|c| !c.text.is_empty());
                let first_is_word = filled.next().is_some_and(wordy);
                let words: std::collections::HashSet<&str> = row
                    .iter()
                    .filter(|c| wordy(c))
                    .map(|c| c.text.as_str())
                    .collect();
                Self::filled(row) >= needed && first_is_word && words.len() >= 2
            })
            // A table has data below its header.
            .filter(|&h| self.rows[h + 1..].iter().any(|r| Self::filled(r) >= 2))
    }

    /// Headings in two rows ("Change in 12 months" over "number" and "%")
    /// as one: when the header repeats a name, the nearest row of headings
    /// above it (within two rows) prefixes the names below it.
    fn combine_headings(&mut self, header: usize) {
        let names: Vec<&str> = self.rows[header]
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
        if unique.len() == names.len() {
            return;
        }
        let Some(above) = (header.saturating_sub(2)..header)
            .rev()
            .find(|&r| Self::filled(&self.rows[r]) >= 2)
        else {
            return;
        };
        let mut group = String::new();
        let groups: Vec<String> = self.rows[above]
            .iter()
            .map(|c| {
                if !c.text.is_empty() {
                    group = c.text.clone();
                }
                group.clone()
            })
            .collect();
        for (cell, group) in self.rows[header].iter_mut().zip(groups) {
            if !cell.text.is_empty() && !group.is_empty() && cell.text != group {
                cell.text = format!("{group} {}", cell.text);
                cell.number = false;
            }
        }
    }

    fn table(&mut self, sheet: String) -> Option<SheetTable> {
        let header = self.header()?;
        self.fill_merged(header.saturating_sub(2));
        self.combine_headings(header);
        for cell in &mut self.rows[header] {
            cell.text = cell.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        let columns = self.rows[header]
            .iter()
            .rposition(|c| !c.text.is_empty())
            .map_or(0, |last| last + 1);
        // The first column with anything in it from the header down: a
        // column of labels often has no heading ("Column 1" then).
        let first = self.rows[header..]
            .iter()
            .filter_map(|r| r.iter().position(|c| !c.text.is_empty()))
            .min()
            .unwrap_or(0);
        let mut notes_dropped = 0u64;
        let mut csv = String::new();
        // Rows above the header as blank lines, so line numbers are rows.
        csv.extend(std::iter::repeat_n('\n', header));
        for (i, row) in self.rows.iter().enumerate().skip(header) {
            let cells = row.get(first..columns.max(first)).unwrap_or(&[]);
            if Self::filled(cells) == 0 {
                csv.push('\n');
                continue;
            }
            let fields: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    // Data numbers are left as they are; a heading's run-on
                    // note ("20191") may have been stored as a number.
                    if cell.number && i != header {
                        return cell.text.clone();
                    }
                    let (text, dropped) = without_footnote(&cell.text, i == header);
                    notes_dropped += u64::from(dropped);
                    if i == header && text.is_empty() {
                        format!("Column {}", first + c + 1)
                    } else {
                        text
                    }
                })
                .collect();
            let fields: Vec<String> = fields.iter().map(|f| crate::export::quote(f)).collect();
            csv.push_str(&fields.join(","));
            csv.push('\n');
        }
        let titles = self.rows[..header]
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|t| !t.is_empty())
            .collect();
        Some(SheetTable {
            sheet,
            csv,
            header_row: header + 1,
            notes_dropped,
            titles,
        })
    }
}

fn is_year(text: &str) -> bool {
    text.len() == 4
        && text
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

fn cell_text(data: &Data) -> Cell {
    // A line break in a cell is layout: kept, it would also make the CSV's
    // line numbers drift from the sheet's rows.
    let text = |t: String| Cell {
        text: t.trim().replace("\r\n", " ").replace(['\n', '\r'], " "),
        number: false,
    };
    let number = |t: String| Cell {
        text: t,
        number: true,
    };
    match data {
        Data::Empty | Data::Error(_) => Cell::default(),
        // OpenDocument gives dates as "2019-09-30T00:00:00".
        Data::DateTimeIso(s) => text(s.strip_suffix("T00:00:00").unwrap_or(s).to_string()),
        Data::String(s) | Data::DurationIso(s) => text(s.clone()),
        Data::Bool(b) => text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::Int(i) => number(i.to_string()),
        Data::Float(f) => number(float_text(*f)),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            number(if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            })
        }
        Data::DateTime(d) => number(float_text(d.as_f64())),
    }
}

/// A number as a person would type it: 12 not 12.0, and no float noise
/// (0.1 + 0.2 is 0.3): ten decimal places, trailing zeros dropped.
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded = format!("{f:.10}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// A heading or label without its footnote marker, and whether it had one:
/// "[note 3]" or "[Note 3]" anywhere; a year with a note number run on
/// ("20191", "2019/201"); in headings, a word with one run on ("Officers1").
fn without_footnote(text: &str, heading: bool) -> (String, bool) {
    let mut out = text.to_string();
    let mut dropped = false;
    while let Some(start) = out.to_ascii_lowercase().find("[note") {
        let Some(len) = out[start..].find(']') else {
            break;
        };
        out.replace_range(start..start + len + 1, "");
        dropped = true;
    }
    let trimmed = out.trim_end().to_string();
    if trimmed.len() != out.len() {
        out = trimmed;
    }
    let digits = out.len() - out.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let stem = &out[..out.len() - digits];
    // Five digits only: "201912" may be December 2019.
    let year_with_note = out.len() == 5 && stem.is_empty() && is_year(&out[..4]);
    let fiscal_with_note = digits >= 3
        && stem.len() == 5
        && stem.ends_with('/')
        && is_year(&stem[..4])
        && out[5..7] == format!("{:02}", (out[2..4].parse::<u32>().unwrap_or(0) + 1) % 100);
    if year_with_note {
        out.truncate(4);
        dropped = true;
    } else if fiscal_with_note {
        out.truncate(7);
        dropped = true;
    } else if heading
        && (1..=2).contains(&digits)
        && stem.len() >= 4
        && stem.ends_with(|c: char| c.is_ascii_lowercase())
    {
        out.truncate(stem.len());
        dropped = true;
    }
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser passes a `WorkbookRead` from the spreadsheet module to the
    /// ingestion worker as JSON: what arrives must read as what was sent.
    #[test]
    fn a_workbook_read_crosses_between_modules_unchanged() {
        let path = "../shared/data/spreadsheets/home-office-police-workforce-sep19-tables.ods";
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("skipped: {path} is absent");
            return;
        };
        let read = read_workbook(&bytes);
        assert!(read.unopened.is_none());
        assert!(read.tables.len() >= 14, "{} tables", read.tables.len());
        let json = serde_json::to_string(&read).expect("serialises");
        let back: WorkbookRead = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, read);
        let direct = ingest_workbook("tables.ods", &bytes, Workbook::Ods);
        let crossed = ingest_sheets("tables.ods", bytes.len(), Workbook::Ods, back);
        assert_eq!(format!("{direct:?}"), format!("{crossed:?}"));
        // A reader that failed is said to have failed, not the file.
        let failed = ingest_sheets(
            "tables.ods",
            bytes.len(),
            Workbook::Ods,
            WorkbookRead {
                reader_failed: Some("it could not be loaded".into()),
                ..WorkbookRead::default()
            },
        );
        let error = failed[0].report.error.as_ref().expect("an error");
        assert!(
            format!("{error:?}").contains("but it could not be loaded; reload Scrutineer"),
            "{error:?}"
        );
    }

    #[test]
    fn footnote_markers_are_dropped_from_years_and_headings() {
        let cases = [
            ("20191", true, "2019", true),
            ("201912", true, "201912", false),
            ("2019", true, "2019", false),
            ("2019/201", false, "2019/20", true),
            ("2019/20", false, "2019/20", false),
            ("Officers1", true, "Officers", true),
            ("Officers1", false, "Officers1", false),
            ("Q1", true, "Q1", false),
            ("Quarter 1", true, "Quarter 1", false),
            ("Headcount [note 2]", true, "Headcount", true),
            ("Rotherham [Note 4] x", false, "Rotherham  x", true),
            ("E08000018", false, "E08000018", false),
        ];
        for (text, heading, expected, dropped) in cases {
            assert_eq!(
                without_footnote(text, heading),
                (expected.to_string(), dropped),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(float_text(12.0), "12");
        assert_eq!(float_text(265411.0), "265411");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(-2.5), "-2.5");
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            merged: Vec::new(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| Cell {
                            text: t.to_string(),
                            number: t.parse::<f64>().is_ok(),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn the_header_is_found_below_titles_and_lines_are_rows() {
        let g = grid(&[
            &["Table 1: Police officers", "", ""],
            &["Source: Home Office", "", ""],
            &["", "", ""],
            &["Force", "2019", "20201"],
            &["Avon", "3000", "3100"],
            &["", "", ""],
            &["Notes: 1. provisional", "", ""],
        ]);
        let table = { g }.table(String::new()).expect("a table");
        assert_eq!(table.header_row, 4);
        assert_eq!(table.notes_dropped, 1);
        let lines: Vec<&str> = table.csv.split('\n').collect();
        assert_eq!(lines[3], "Force,2019,2020");
        assert_eq!(lines[4], "Avon,3000,3100");
        assert_eq!(lines[6], "Notes: 1. provisional,,");
    }

    #[test]
    fn a_sheet_of_words_or_numbers_only_has_no_table() {
        assert!(grid(&[&["Contents"], &["Table 1"], &["Table 2"]])
            .table(String::new())
            .is_none());
        assert!(grid(&[&["1", "2"], &["3", "4"]])
            .table(String::new())
            .is_none());
        assert!(grid(&[&["Force", "Officers"]])
            .table(String::new())
            .is_none());
        // A data row with no header above it is not taken for one.
        assert!(grid(&[&["Avon", "3000", "3100"], &["Dorset", "1", "2"]])
            .table(String::new())
            .is_none());
    }

    #[test]
    fn headings_in_two_rows_and_merged_titles() {
        let mut g = grid(&[
            &[
                "Table 1: a title merged across the page",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "",
                "As at:",
                "",
                "Change in 12 months",
                "",
                "Change in 6 months",
                "",
            ],
            &["Force", "2018", "2019", "number", "%", "number", "%"],
            &["Avon", "3000", "3100", "100", "3.3", "50", "1.6"],
        ]);
        g.merged.push(Dimensions {
            start: (0, 0),
            end: (0, 6),
        });
        let table = g.table(String::new()).expect("a table");
        assert_eq!(table.header_row, 3);
        assert_eq!(
            table.csv.split('\n').nth(2),
            Some("Force,As at: 2018,As at: 2019,Change in 12 months number,Change in 12 months %,Change in 6 months number,Change in 6 months %")
        );
    }
}
