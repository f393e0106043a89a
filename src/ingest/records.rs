//! Streaming CSV records from chunks of text, with true line numbers.
//!
//! Built on `csv_core`, which is push-based: it takes whatever bytes are at hand
//! and says how far it got, so a file can be parsed as it is read, a few MB at a
//! time, without ever being held whole. Two traps are handled here:
//! - `csv_core` treats an empty input slice as end of input, so an empty chunk
//!   mid-stream is never passed on (it would silently end a record early);
//! - line numbers are counted from the bytes themselves (csv's own counter lags
//!   on CRLF), lazily: a chunk is scanned for line breaks once, in total, whether
//!   or not any of its lines is ever reported.

use std::cell::RefCell;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// One record, borrowed from the reader's buffers.
pub struct Record<'a> {
    fields: &'a [u8],
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 0 in `core`'s
    /// output, 1 (the delimiter) in a line split by the fast path.
    gap: usize,
    delimiter: u8,
    // What is needed to work out the line, only if someone asks.
    cursor: &'a RefCell<LineCursor>,
    chunk: &'a [u8],
    from: usize,
    breaks: LineBreaks,
    known_line: Option<u64>,
}

impl<'a> Record<'a> {
    /// The 1-based line the record starts on. Worked out on demand: most
    /// records are never reported, and counting costs a pass over their bytes.
    pub fn line(&self) -> u64 {
        if let Some(line) = self.known_line {
            return line;
        }
        let mut cursor = self.cursor.borrow_mut();
        match cursor.line_of_record_at(self.chunk, self.from, self.breaks) {
            Some(line) => line,
            None => cursor.before_chunk + 1,
        }
    }

    /// The delimiter the file was read with.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`'s raw bytes; empty when out of range.
    pub fn get(&self, i: usize) -> &'a [u8] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        &self.fields[start..end]
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// How line breaks are counted: decided once from the start of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineBreaks {
    /// `\n` or `\r\n`: count `\n`.
    Lf,
    /// Old Mac files: a lone `\r` ends each line.
    Cr,
}

impl LineBreaks {
    pub fn sniff(sample: &[u8]) -> LineBreaks {
        if !sample.contains(&b'\n') && sample.contains(&b'\r') {
            LineBreaks::Cr
        } else {
            LineBreaks::Lf
        }
    }

    fn byte(self) -> u8 {
        match self {
            LineBreaks::Lf => b'\n',
            LineBreaks::Cr => b'\r',
        }
    }
}

/// Answers "which line is byte `p` of the current chunk on?" for increasing `p`,
/// scanning each byte at most once.
struct LineCursor {
    /// Line breaks before the current chunk.
    before_chunk: u64,
    /// How far into the current chunk has been scanned, and the breaks found.
    scanned: usize,
    in_chunk: u64,
}

impl LineCursor {
    fn advance(&mut self, chunk: &[u8], to: usize, breaks: LineBreaks) {
        let to = to.min(chunk.len());
        if to > self.scanned {
            let b = breaks.byte();
            self.in_chunk += chunk[self.scanned..to].iter().filter(|&&c| c == b).count() as u64;
            self.scanned = to;
        }
    }

    /// 1-based line of the first non-terminator byte at or after `p`; `None` if
    /// the chunk ends first (the record starts in a later chunk).
    fn line_of_record_at(&mut self, chunk: &[u8], p: usize, breaks: LineBreaks) -> Option<u64> {
        let start = p + chunk
            .get(p..)?
            .iter()
            .position(|&c| c != b'\r' && c != b'\n')?;
        self.advance(chunk, start, breaks);
        Some(self.before_chunk + self.in_chunk + 1)
    }

    fn finish_chunk(&mut self, chunk: &[u8], breaks: LineBreaks) {
        self.advance(chunk, chunk.len(), breaks);
        self.before_chunk += self.in_chunk;
        self.in_chunk = 0;
        self.scanned = 0;
    }
}

/// No real extract has a line this long: past it, the file is not a table,
/// and holding the line would end a browser tab's 32-bit WebAssembly.
pub const MAX_LINE_BYTES: usize = 16 << 20;
/// Nor this many fields on one line.
pub const MAX_FIELDS: usize = 1 << 20;

/// Streams records out of text fed in chunks of any size.
pub struct RecordReader {
    core: Reader,
    delimiter: u8,
    breaks: LineBreaks,
    fields: Vec<u8>,
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    cursor: RefCell<LineCursor>,
    /// Start line of a record begun in an earlier chunk.
    pending_line: Option<u64>,
    /// Position in the current chunk where the current record began.
    record_from: usize,
    records: u64,
    finished: bool,
    /// True when `core` is between records, so a line may be split here
    /// without it (see `simple_line`).
    at_boundary: bool,
    /// Field ends of the line the fast path split last (`core` has `ends`).
    line_ends: Vec<usize>,
    /// A line past `MAX_LINE_BYTES` or `MAX_FIELDS`: its number and why. Reading stops.
    overflow: Option<(u64, String)>,
}

/// What the record callback wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

impl RecordReader {
    pub fn new(delimiter: u8, breaks: LineBreaks) -> RecordReader {
        RecordReader {
            core: ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            breaks,
            fields: vec![0; 4096],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
            cursor: RefCell::new(LineCursor {
                before_chunk: 0,
                scanned: 0,
                in_chunk: 0,
            }),
            pending_line: None,
            record_from: 0,
            records: 0,
            finished: false,
            at_boundary: true,
            line_ends: Vec::with_capacity(64),
            overflow: None,
        }
    }

    /// Whether everything fed so far ended a record: true when the text fed
    /// ended with a line break outside any quoted field. A file read in parts
    /// (`ingest::part`) is split correctly only where this holds.
    pub fn between_records(&self) -> bool {
        self.at_boundary && self.out_len == 0
    }

    pub fn breaks(&self) -> LineBreaks {
        self.breaks
    }

    /// Line breaks in the text fed so far.
    pub fn line_breaks(&self) -> u64 {
        self.cursor.borrow().before_chunk
    }

    /// The line that was too long to read, and why, once reading stopped for it.
    pub fn overflow(&self) -> Option<&(u64, String)> {
        self.overflow.as_ref()
    }

    fn stop_at_overflow(&mut self, chunk: &[u8], why: String) -> Flow {
        let line = self.pending_line.or_else(|| {
            self.cursor
                .get_mut()
                .line_of_record_at(chunk, self.record_from, self.breaks)
        });
        self.overflow = Some((line.unwrap_or(0), why));
        self.finished = true;
        Flow::Stop
    }

    /// Parses `chunk`, calling `on_record(record)` for each completed record.
    /// Returns `Flow::Stop` as soon as the callback does.
    pub fn feed<F>(&mut self, chunk: &[u8], on_record: &mut F) -> Flow
    where
        F: FnMut(&Record) -> Flow,
    {
        if chunk.is_empty() || self.finished {
            return Flow::Continue;
        }
        let flow = self.run(chunk, on_record);
        self.cursor.get_mut().finish_chunk(chunk, self.breaks);
        flow
    }

    /// Signals end of input, delivering a last record that had no final newline.
    pub fn finish<F>(&mut self, on_record: &mut F) -> Flow
    where
        F: FnMut(&Record) -> Flow,
    {
        if self.finished {
            return Flow::Continue;
        }
        self.finished = true;
        self.run(&[], on_record)
    }

    fn run<F>(&mut self, chunk: &[u8], on_record: &mut F) -> Flow
    where
        F: FnMut(&Record) -> Flow,
    {
        let mut pos = 0;
        self.record_from = 0;
        loop {
            // Nothing left of a chunk that ended with a line: `core` must not
            // see an empty slice mid-file (it means end of input to it).
            // Line breaks left after a record are skipped as `core` would
            // skip them, so a chunk ending "\r\n" ends between records.
            if self.at_boundary
                && !chunk.is_empty()
                && chunk[pos..].iter().all(|&c| c == b'\r' || c == b'\n')
            {
                return Flow::Continue;
            }
            if self.at_boundary {
                if let Some((start, end, next)) = self.simple_line(chunk, pos) {
                    self.records += 1;
                    let record = Record {
                        fields: &chunk[start..end],
                        ends: &self.line_ends,
                        gap: 1,
                        delimiter: self.delimiter,
                        cursor: &self.cursor,
                        chunk,
                        from: start,
                        breaks: self.breaks,
                        known_line: None,
                    };
                    let flow = on_record(&record);
                    pos = next;
                    self.record_from = pos;
                    if flow == Flow::Stop {
                        return Flow::Stop;
                    }
                    continue;
                }
            }
            let (result, nin, nout, nend) = self.core.read_record(
                &chunk[pos..],
                &mut self.fields[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            // Mid-record until `core` says the record is done: the fast path
            // must not take the rest of this line for a record of its own.
            self.at_boundary = false;
            match result {
                ReadRecordResult::InputEmpty => {
                    // Perhaps mid-record: `core` alone may go on from here.
                    self.at_boundary = false;
                    // The record under way (if any) began in this chunk unless a
                    // start was already pending; pin it down before the chunk goes.
                    if self.pending_line.is_none() {
                        self.pending_line = self.cursor.get_mut().line_of_record_at(
                            chunk,
                            self.record_from,
                            self.breaks,
                        );
                    }
                    return Flow::Continue;
                }
                ReadRecordResult::OutputFull => {
                    let len = self.fields.len();
                    if len >= MAX_LINE_BYTES {
                        let why = format!(
                            "this line is longer than {} MB, so the file is not a table",
                            MAX_LINE_BYTES >> 20
                        );
                        return self.stop_at_overflow(chunk, why);
                    }
                    self.fields.resize((len * 2).min(MAX_LINE_BYTES), 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    if len >= MAX_FIELDS {
                        let why = format!(
                            "this line has more than {} fields, so the file is not a table",
                            crate::ingest::problem::group(MAX_FIELDS as u64)
                        );
                        return self.stop_at_overflow(chunk, why);
                    }
                    self.ends.resize((len * 2).min(MAX_FIELDS), 0);
                }
                ReadRecordResult::Record => {
                    self.at_boundary = true;
                    self.records += 1;
                    let record = Record {
                        fields: &self.fields[..self.out_len],
                        ends: &self.ends[..self.ends_len],
                        gap: 0,
                        delimiter: self.delimiter,
                        cursor: &self.cursor,
                        chunk,
                        from: self.record_from,
                        breaks: self.breaks,
                        known_line: self.pending_line.take(),
                    };
                    let flow = on_record(&record);
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.record_from = pos;
                    if flow == Flow::Stop {
                        return Flow::Stop;
                    }
                }
                ReadRecordResult::End => return Flow::Continue,
            }
        }
    }
}

impl RecordReader {
    /// The fast path, for the common line with no quotes: `core` copies every
    /// byte through its state machine, which in wasm is most of the cost of a
    /// file. A line with no `"` needs none of that: its fields are the bytes
    /// between delimiters, exactly what `core` would give (a quote only means
    /// something to it at the start of a field, but any quote sends the line
    /// to `core`, to be safe). Returns the line's bounds and where the next
    /// line starts, with the field ends in `self.line_ends`; `None` (nothing
    /// consumed but blank lines, which `core` skips too) for a line with a
    /// quote or that does not end in this chunk. `core` treats `\r`, `\n`
    /// and `\r\n` alike as line ends; so does this.
    fn simple_line(&mut self, chunk: &[u8], pos: usize) -> Option<(usize, usize, usize)> {
        let rest = chunk.get(pos..)?;
        let start = pos + rest.iter().position(|&c| c != b'\r' && c != b'\n')?;
        let line_len = memchr::memchr2(b'\r', b'\n', &chunk[start..])?;
        // Too long a line is refused by `core`'s path, however it was chunked.
        if line_len > MAX_LINE_BYTES {
            return None;
        }
        let end = start + line_len;
        let line = &chunk[start..end];
        if memchr::memchr(b'"', line).is_some() {
            return None;
        }
        self.line_ends.clear();
        self.line_ends
            .extend(memchr::memchr_iter(self.delimiter, line));
        self.line_ends.push(line.len());
        // One terminator: a following `\n` after `\r` is skipped as a blank
        // line next time, as `core` does.
        Some((start, end, end + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows = Vec<(u64, Vec<String>)>;

    fn parse_in_chunks(text: &[u8], chunk: usize, delimiter: u8) -> Rows {
        let mut reader = RecordReader::new(delimiter, LineBreaks::sniff(text));
        let mut rows = Vec::new();
        let mut collect = |r: &Record| {
            rows.push((
                r.line(),
                r.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            ));
            Flow::Continue
        };
        for piece in text.chunks(chunk) {
            reader.feed(piece, &mut collect);
            // An empty chunk mid-stream must change nothing.
            reader.feed(&[], &mut collect);
        }
        reader.finish(&mut collect);
        rows
    }

    /// A quoted line with more fields than the reader first makes room for
    /// (64): found reading the ONS population workbook's 95 columns.
    #[test]
    fn a_quoted_line_wider_than_the_first_buffer_keeps_every_field() {
        let wide = |first: &str| {
            let mut fields = vec![first.to_string()];
            fields.extend((1..95).map(|i| i.to_string()));
            fields.join(",")
        };
        let text = format!("{}\n{}\n{}\n", wide("a"), wide("\"b, c\""), wide("d"));
        for chunk in [7, 64, 1 << 20] {
            let rows = parse_in_chunks(text.as_bytes(), chunk, b',');
            let widths: Vec<usize> = rows.iter().map(|(_, f)| f.len()).collect();
            assert_eq!(widths, vec![95, 95, 95], "chunk {chunk}");
            assert_eq!(rows[1].1[0], "b, c");
            assert_eq!(rows[1].1[94], "94");
        }
    }

    fn expected(rows: &[(u64, &[&str])]) -> Rows {
        rows.iter()
            .map(|(l, fs)| (*l, fs.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn every_chunk_size_gives_the_same_records_and_lines() {
        let cases: Vec<(&[u8], u8, Rows)> = vec![
            (
                b"a,b\r\n1,2\r\n3,4\r\n",
                b',',
                expected(&[(1, &["a", "b"]), (2, &["1", "2"]), (3, &["3", "4"])]),
            ),
            // No final newline: the last record still arrives.
            (
                b"a,b\n1,2\n3,4",
                b',',
                expected(&[(1, &["a", "b"]), (2, &["1", "2"]), (3, &["3", "4"])]),
            ),
            // Old Mac line endings.
            (
                b"a;b\r1;2\r3;4\r",
                b';',
                expected(&[(1, &["a", "b"]), (2, &["1", "2"]), (3, &["3", "4"])]),
            ),
            // Quoted delimiter, quote and newlines; blank lines between records.
            (
                b"h1\th2\r\n\"x\ty\"\t\"say \"\"hi\"\"\"\r\n\r\n\r\n\"multi\r\nline\"\tz\r\nlast\tone\r\n",
                b'\t',
                expected(&[
                    (1, &["h1", "h2"]),
                    (2, &["x\ty", "say \"hi\""]),
                    (5, &["multi\r\nline", "z"]),
                    (7, &["last", "one"]),
                ]),
            ),
            // A record ending exactly at the end of the input.
            (b"x|y", b'|', expected(&[(1, &["x", "y"])])),
        ];
        for (text, delimiter, want) in cases {
            for chunk in 1..=text.len() + 1 {
                assert_eq!(
                    parse_in_chunks(text, chunk, delimiter),
                    want,
                    "chunk size {chunk} of {:?}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    #[test]
    fn long_fields_and_many_columns_grow_the_buffers() {
        let long = "x".repeat(10_000);
        let wide: Vec<String> = (0..300).map(|i| i.to_string()).collect();
        let text = format!("{long},b\n{}\n", wide.join(","));
        for chunk in [1, 7, 4096, 1 << 20] {
            let rows = parse_in_chunks(text.as_bytes(), chunk, b',');
            assert_eq!(rows[0].1[0].len(), 10_000);
            assert_eq!(rows[1].1.len(), 300);
            assert_eq!(rows[1].0, 2);
        }
    }

    /// The `csv` crate's reading of the same text, as the independent answer.
    fn csv_crate(text: &[u8], delimiter: u8) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text)
            .byte_records()
            .map(|r| {
                r.map(|r| {
                    r.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect()
                })
                .unwrap_or_default()
            })
            .collect()
    }

    proptest::proptest! {
        // Lines with and without quotes, mixed line ends and blank lines, in
        // any chunk size: the fast path and `core` together give exactly what
        // the `csv` crate gives, and lines still count from the bytes.
        #[test]
        fn the_fast_path_agrees_with_the_csv_crate(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", " ", "x,y", "\"q,\r\nr\""]),
                0..40,
            ),
            chunk in 1usize..20,
            semicolon in proptest::bool::ANY,
        ) {
            let text = pieces.concat();
            let delimiter = if semicolon { b';' } else { b',' };
            let got = parse_in_chunks(text.as_bytes(), chunk, delimiter);
            let fields: Vec<Vec<String>> = got.iter().map(|(_, f)| f.clone()).collect();
            proptest::prop_assert_eq!(&fields, &csv_crate(text.as_bytes(), delimiter));
            let whole = parse_in_chunks(text.as_bytes(), text.len() + 1, delimiter);
            proptest::prop_assert_eq!(got, whole);
        }
    }

    #[test]
    fn stop_ends_parsing() {
        let mut reader = RecordReader::new(b',', LineBreaks::Lf);
        let mut seen = 0;
        let flow = reader.feed(b"a\nb\nc\n", &mut |_| {
            seen += 1;
            if seen == 2 {
                Flow::Stop
            } else {
                Flow::Continue
            }
        });
        assert_eq!(flow, Flow::Stop);
        assert_eq!(seen, 2);
    }
}
