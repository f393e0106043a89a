//! Turning files into data: recognise what a file is, stream it through the
//! matching reader, and say clearly what could not be read and where.
//!
//! ```text
//! bytes --push--> TextPipeline (gzip, encoding, delimiter) --records--> FormatReader --finish--> Loaded
//! ```
//!
//! [`Ingest`] takes a file in chunks of any size, so the browser can read a
//! large file a few MB at a time and report progress; [`ingest_bytes`] does the
//! same for bytes already in memory, and opens zip archives.

mod archive;
mod columns;
mod decode;
pub mod formats;
mod number;
mod part;
mod problem;
mod records;
mod registry;
mod sniff;
mod sorted_crimes;
mod spreadsheet;
mod text;
mod warm_up;

use serde::{Deserialize, Serialize};

#[cfg(test)]
use crate::model::Period;
use columns::{Header, Row};
use formats::home_office_crime::RecordedCrimeData;
use formats::home_office_outcomes::HomeOfficeOutcomeData;
use formats::measures::{ColumnMapping, MeasureData};
use formats::police_uk_outcomes::OutcomeData;
use formats::police_uk_stop_search::StopSearchData;
use formats::police_uk_street::StreetData;
use formats::reference::{ComparatorList, LookupData, PopulationData};
use formats::{reader_for, FormatReader};
use records::{Flow, Record};
use text::TextPipeline;

// What ingestion offers; the readers' workings stay inside. `formats` is
// public for the data types each format reads into.
pub use archive::{ingest_zip_from, Member, ZipMembers};
pub use decode::windows_1252;
pub use number::parse_number;
pub use part::{restore_row_lists, row_lists, Part, Split};
pub use problem::{group, ColumnRef, Rejection, RejectionKind, SkippedRows, Warnings};
pub use registry::Registry;
pub use spreadsheet::{read_workbook, SheetTable, Workbook, WorkbookRead, MAX_WORKBOOK};
pub use warm_up::warm_up;

/// The text and record stages on their own, for the ingest benchmark.
#[doc(hidden)]
pub mod stages {
    pub use super::records::{Flow, Record};
    pub use super::text::TextPipeline;
}

/// Row-keeping formats (measures, reference tables) stop here: anything larger
/// is not a table of measures, and holding it would exhaust a browser tab.
pub const MAX_KEPT_ROWS: u64 = 2_000_000;

/// What a loaded file holds, by format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Content {
    Street(StreetData),
    Outcomes(OutcomeData),
    StopSearch(StopSearchData),
    RecordedCrime(RecordedCrimeData),
    CrimeOutcomes(HomeOfficeOutcomeData),
    Measures(MeasureData),
    Population(PopulationData),
    Comparators(ComparatorList),
    Lookup(LookupData),
    /// A layout not recognised: the header and first rows, for column mapping.
    Unrecognised(Preview),
    /// A zip archive's own entry: its members are listed separately; this one
    /// carries what was said about the archive as a whole.
    Archive,
}

impl Content {
    /// How the app names this kind of file to users.
    pub fn label(&self) -> &'static str {
        match self {
            Content::Street(_) => "police.uk street crime",
            Content::Outcomes(_) => "police.uk outcomes",
            Content::StopSearch(_) => "police.uk stop and search",
            Content::RecordedCrime(d) => match d.level {
                formats::home_office_crime::AreaLevel::CommunitySafetyPartnership => {
                    "Home Office recorded crime by CSP"
                }
                formats::home_office_crime::AreaLevel::Force => {
                    "Home Office recorded crime by force"
                }
            },
            Content::CrimeOutcomes(_) => "Home Office crime outcomes",
            Content::Measures(_) => "local measures",
            Content::Population(_) => "population",
            Content::Comparators(_) => "comparator list",
            Content::Lookup(_) => "area lookup (council, CSP, force)",
            Content::Unrecognised(_) => "unrecognised layout",
            Content::Archive => "zip archive",
        }
    }
}

/// The header and first rows of an unrecognised file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Identifies the layout, so a mapping can be remembered for it.
    pub signature: String,
}

/// Everything a user (or a pipeline) needs to know about one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file name, or `archive.zip/member.csv` for a member of an archive.
    pub path: String,
    /// `None` until recognised.
    pub kind: Option<String>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub compressed: bool,
    pub bytes: u64,
    /// Data rows read, the header and notes rows not counted.
    pub rows: u64,
    pub periods: Vec<String>,
    pub areas: Vec<String>,
    pub forces: Vec<String>,
    pub warnings: Warnings,
    pub notices: Vec<String>,
    pub error: Option<Rejection>,
    /// When the figures were extracted (ISO date or month), where known:
    /// of two files with the same figures, the later extract is current.
    #[serde(default)]
    pub extracted: Option<String>,
    /// Which download the file came in, where the path does not say (an
    /// archive or a folder does): the files chosen together in one go.
    /// Files of one download share their latest month, which is what a
    /// month's age in it is counted from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<String>,
    /// The file's own date (an archive member's, or the file's
    /// last-modified date), ISO 8601: of two downloads of a force's month
    /// with as many cases open, the later is current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

impl FileReport {
    /// Rows read and kept: not skipped with a warning.
    pub fn rows_kept(&self) -> u64 {
        self.rows.saturating_sub(self.warnings.rows_skipped())
    }
}

/// A file after ingestion: its report, and its content unless it was rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub report: FileReport,
    pub content: Option<Content>,
}

struct Sink {
    report: FileReport,
    header: Option<Header>,
    reader: Option<Box<dyn FormatReader>>,
    mapping: Option<ColumnMapping>,
    preview: Option<Preview>,
    windows_1252: std::cell::Cell<bool>,
    notes_rows: Vec<u64>,
    keeps_rows: bool,
    error: Option<Rejection>,
    /// Title rows above the header (a published table's "Table C2: ...,
    /// year ending December 2024"): some readers take their period from it.
    titles: Vec<String>,
}

/// Most title rows looked past for a header: published tables have a handful.
const MAX_TITLE_ROWS: usize = 20;

/// A row above a published table's header: a title, a source or a note in
/// its first cell or two, the rest of a wide row blank. A header fills more.
/// The first must read as a sentence ("Table C2: Number of police recorded
/// crimes ..."), so a short header with trailing blank columns ("area_name,
/// population,") is never taken for a title.
fn is_title_row(record: &Record, first: bool) -> bool {
    let filled = record
        .iter()
        .filter(|f| !text::field_text(f).0.trim().is_empty())
        .count();
    let sentence = || text::field_text(record.get(0)).0.split_whitespace().count() >= 4;
    record.len() >= 3 && filled <= 2 && (!first || sentence())
}

const PREVIEW_ROWS: usize = 10;

impl Sink {
    fn record(&mut self, record: &Record) -> Flow {
        let Some(header) = &self.header else {
            return self.start(record);
        };
        if let Some(preview) = &mut self.preview {
            self.report.rows += 1;
            if preview.rows.len() < PREVIEW_ROWS {
                preview.rows.push(
                    record
                        .iter()
                        .map(|f| text::field_text(f).0.into_owned())
                        .collect(),
                );
            }
            return Flow::Continue;
        }
        let Some(reader) = &mut self.reader else {
            return Flow::Stop;
        };
        let mut row = Row {
            record,
            header,
            warnings: &mut self.report.warnings,
            windows_1252: &self.windows_1252,
            comma_delimited: record.delimiter() == b',',
        };
        if row.is_notes_row() {
            self.notes_rows.push(record.line());
            return Flow::Continue;
        }
        self.report.rows += 1;
        if self.keeps_rows && self.report.rows > MAX_KEPT_ROWS {
            self.error = Some(
                Rejection::of(
                    RejectionKind::TooLarge,
                    &self.report.path,
                    format!(
                        "this file has more than {} rows, more than a table of measures or reference data should; \
                         nothing from it was loaded",
                        group(MAX_KEPT_ROWS)
                    ),
                )
                .at_line(record.line()),
            );
            return Flow::Stop;
        }
        if record.len() != header.width() {
            // A trailing empty field (a trailing comma) is not a different shape.
            let trailing_blank =
                record.len() == header.width() + 1 && record.get(header.width()).is_empty();
            if !trailing_blank {
                row.skip(
                    None,
                    format!("have {} fields, expected {}", record.len(), header.width()),
                );
                return Flow::Continue;
            }
        }
        reader.row(&mut row);
        Flow::Continue
    }

    fn start(&mut self, record: &Record) -> Flow {
        if self.mapping.is_none()
            && self.titles.len() < MAX_TITLE_ROWS
            && is_title_row(record, self.titles.is_empty())
        {
            let text: Vec<String> = record
                .iter()
                .map(|f| text::field_text(f).0.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            self.titles.push(text.join(" "));
            return Flow::Continue;
        }
        let line = record.line();
        let header = Header::from_record(record);
        for (name, columns) in header.repeated() {
            let numbers: Vec<String> = columns.iter().map(ToString::to_string).collect();
            self.report.notices.push(format!(
                "{} columns are called \"{name}\" (columns {}): the first is used.",
                if columns.len() == 2 {
                    "two".to_string()
                } else {
                    columns.len().to_string()
                },
                numbers.join(" and ")
            ));
        }
        self.report.delimiter = Some(match record.delimiter() {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        });
        let reader = match &self.mapping {
            Some(mapping) => match mapping.problem(&header.raw) {
                Some(problem) => {
                    self.error = Some(
                        Rejection::of(
                            RejectionKind::WrongLayout,
                            &self.report.path,
                            format!("the column mapping does not fit: {problem}"),
                        )
                        .at_line(line),
                    );
                    return Flow::Stop;
                }
                None => Some(Box::new(formats::measures::Reader::with_mapping(
                    &header,
                    mapping.clone(),
                )) as Box<dyn FormatReader>),
            },
            None => reader_for(&header, &self.report.path, &self.titles),
        };
        if reader.is_none() {
            if let Some((label, missing)) = formats::near_miss(&header) {
                let names: Vec<String> = missing.iter().map(|m| canonical_column(m)).collect();
                self.error = Some(
                    Rejection::of(
                        RejectionKind::WrongLayout,
                        &self.report.path,
                        format!(
                            "missing columns {}: this looks like {label}",
                            names.join(", ")
                        ),
                    )
                    .at_line(line),
                );
                return Flow::Stop;
            }
        }
        match reader {
            Some(reader) => {
                self.keeps_rows = reader.keeps_rows();
                self.reader = Some(reader);
            }
            None => {
                self.preview = Some(Preview {
                    header: header.raw.clone(),
                    rows: Vec::new(),
                    signature: header.signature(),
                });
            }
        }
        self.header = Some(header);
        Flow::Continue
    }
}

/// A normalised column name as publishers write it ("lsoa name" -> "LSOA name").
fn canonical_column(normalised: &str) -> String {
    match normalised {
        "crime id" => "Crime ID".into(),
        "lsoa name" => "LSOA name".into(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// One file being ingested: push its bytes in chunks, then finish.
pub struct Ingest {
    pipeline: TextPipeline,
    sink: Sink,
    /// The file's size, when known, and whether the reader has been told how
    /// much of it it has seen (see [`Ingest::expect_bytes`]).
    expected_bytes: Option<u64>,
    told: bool,
    /// Later parts of the file read on other threads (`part`).
    absorbed: Option<part::Absorbed>,
}

/// Rows to read before estimating the whole file's from them.
const ROWS_TO_ESTIMATE_FROM: u64 = 10_000;

impl Ingest {
    pub fn new(path: &str) -> Ingest {
        Ingest {
            pipeline: TextPipeline::new(path),
            sink: Sink {
                report: FileReport {
                    path: path.to_string(),
                    ..FileReport::default()
                },
                header: None,
                reader: None,
                mapping: None,
                preview: None,
                windows_1252: std::cell::Cell::new(false),
                notes_rows: Vec::new(),
                keeps_rows: false,
                error: None,
                titles: Vec::new(),
            },
            expected_bytes: None,
            told: false,
            absorbed: None,
        }
    }

    /// The file's size in bytes, so readers that keep a list per row can size
    /// it for the whole file once they have read some of it.
    pub fn expect_bytes(&mut self, total: u64) {
        self.expected_bytes = Some(total);
    }

    /// The title rows a spreadsheet had above its table's header (the CSV
    /// made from it leaves them out).
    pub fn with_titles(path: &str, titles: Vec<String>) -> Ingest {
        let mut ingest = Ingest::new(path);
        ingest.sink.titles = titles;
        ingest
    }

    /// Reads a file of unrecognised layout as measures, by a user's mapping.
    pub fn with_mapping(path: &str, mapping: ColumnMapping) -> Ingest {
        let mut ingest = Ingest::new(path);
        ingest.sink.mapping = Some(mapping);
        ingest
    }

    /// Bytes taken in so far.
    pub fn bytes(&self) -> u64 {
        self.pipeline.raw_bytes()
    }

    /// Data rows read so far.
    pub fn rows(&self) -> u64 {
        self.sink.report.rows
    }

    /// False once the file has failed: pushing more is pointless.
    pub fn is_going(&self) -> bool {
        self.sink.error.is_none()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        if self.sink.error.is_some() {
            return;
        }
        let sink = &mut self.sink;
        let result = self.pipeline.push(bytes, &mut |record| sink.record(record));
        if let Err(e) = result {
            self.sink.error = Some(e);
        }
        if let (Some(total), false) = (self.expected_bytes, self.told) {
            if self.sink.report.rows >= ROWS_TO_ESTIMATE_FROM && total > 0 {
                self.told = true;
                let fraction = self.pipeline.raw_bytes() as f64 / total as f64;
                if let Some(reader) = self.sink.reader.as_mut() {
                    reader.expect_rest(fraction);
                }
            }
        }
    }

    pub fn finish(mut self) -> Loaded {
        if self.sink.error.is_none() {
            let sink = &mut self.sink;
            if let Err(e) = self.pipeline.finish(&mut |record| sink.record(record)) {
                self.sink.error = Some(e);
            }
        }
        let mut sink = self.sink;
        let report = &mut sink.report;
        report.bytes = self.pipeline.raw_bytes() + self.absorbed.map_or(0, |a| a.bytes());
        report.compressed = self.pipeline.compressed();
        if report.delimiter.is_some() {
            report.encoding = Some(
                self.pipeline
                    .encoding()
                    .label(sink.windows_1252.get())
                    .to_string(),
            );
        }
        if let Some(error) = sink.error.take() {
            report.error = Some(error);
            return Loaded {
                report: sink.report,
                content: None,
            };
        }
        if !sink.notes_rows.is_empty() {
            let lines: Vec<String> = sink.notes_rows.iter().map(u64::to_string).collect();
            report.notices.push(format!(
                "ignored {} with no data (blank or NA) on line {}",
                if lines.len() == 1 {
                    "a notes row"
                } else {
                    "notes rows"
                },
                lines.join(", ")
            ));
        }
        let content = match (sink.reader, sink.preview) {
            (Some(reader), _) => reader.finish(report),
            (None, Some(preview)) => {
                report.notices.push(
                    "this layout is not one Scrutineer knows: say which column holds the area, period, measure and value to load it"
                        .into(),
                );
                Content::Unrecognised(preview)
            }
            (None, None) => {
                report.error = Some(Rejection::of(
                    RejectionKind::NotATable,
                    &report.path,
                    "the file is empty",
                ));
                return Loaded {
                    report: sink.report,
                    content: None,
                };
            }
        };
        report.kind = Some(content.label().to_string());
        if report.rows == 0 && !matches!(content, Content::Unrecognised(_)) {
            report
                .notices
                .push("the file has a header but no rows of data".into());
        }
        Loaded {
            report: sink.report,
            content: Some(content),
        }
    }
}

/// How much of a file to push at a time when it is already in memory.
const CHUNK: usize = 4 << 20;

/// Ingests a file held in memory: a zip archive gives one result per CSV
/// member; anything else gives one result.
pub fn ingest_bytes(path: &str, bytes: &[u8]) -> Vec<Loaded> {
    if is_zip_archive(bytes) {
        return archive::ingest_zip(path, bytes);
    }
    if let Some(workbook) = spreadsheet::Workbook::of(bytes) {
        return spreadsheet::ingest_workbook(path, bytes, workbook);
    }
    let mut ingest = Ingest::new(path);
    ingest.expect_bytes(bytes.len() as u64);
    for chunk in bytes.chunks(CHUNK) {
        ingest.push(chunk);
        if !ingest.is_going() {
            break;
        }
    }
    vec![ingest.finish()]
}

/// A zip archive that is not an Office document (those are zips too).
pub fn is_zip_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && sniff::not_csv(bytes) == Some(sniff::NotCsv::Zip)
}

/// Whether a file starting with `head` must be read whole, with
/// [`ingest_bytes`]: zip archives and spreadsheets need random access.
pub fn needs_whole_file(head: &[u8]) -> bool {
    is_zip_archive(head) || spreadsheet::Workbook::of(head).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str, text: &[u8]) -> Loaded {
        let mut all = ingest_bytes(name, text);
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    #[test]
    fn near_misses_name_their_missing_columns() {
        let l = one(
            "x.csv",
            b"Crime ID,Month,Falls within,Crime type\n,2019-04,P,Drugs\n",
        );
        assert_eq!(
            l.report.error.unwrap().to_string(),
            "x.csv, line 1: missing columns LSOA name: this looks like a police.uk street crime file"
        );
        let l = one(
            "ho.csv",
            b"Financial Year,Financial Quarter,Force Name,Offence Group\n2018/19,1,X,Y\n",
        );
        let e = l.report.error.unwrap().reason;
        assert!(e.starts_with("missing columns Outcome type, Offences: this looks like a Home Office crime outcomes table"), "{e}");
    }

    #[test]
    fn unknown_layouts_are_previewed_for_mapping() {
        let l = one(
            "own.csv",
            b"Ward,Quarter,Incidents\nA,2019/20 Q1,5\nB,2019/20 Q1,7\n",
        );
        assert_eq!(l.report.error, None);
        assert_eq!(l.report.kind.as_deref(), Some("unrecognised layout"));
        assert_eq!(l.report.rows, 2);
        let Some(Content::Unrecognised(p)) = l.content else {
            panic!()
        };
        assert_eq!(p.header, ["Ward", "Quarter", "Incidents"]);
        assert_eq!(p.rows[1], ["B", "2019/20 Q1", "7"]);
        assert_eq!(p.signature, "ward|quarter|incidents");
        // Mapped, the same file becomes measures.
        let mapping = ColumnMapping {
            area: Some(0),
            period: 1,
            measure_name: Some("Incidents".into()),
            value: Some(2),
            ..ColumnMapping::default()
        };
        let mut ingest = Ingest::with_mapping("own.csv", mapping);
        ingest.push(b"Ward,Quarter,Incidents\nA,2019/20 Q1,5\nB,2019/20 Q1,7\n");
        let l = ingest.finish();
        let Some(Content::Measures(m)) = l.content else {
            panic!("{:?}", l.report.error)
        };
        assert_eq!(m.rows.len(), 2);
        assert_eq!(m.rows[1].value, Some(7.0));
        assert_eq!(
            m.rows[1].period,
            Period::Quarter {
                year: 2019,
                quarter: 1
            }
        );
    }
}
