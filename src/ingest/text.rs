//! From raw file bytes to CSV records, pushed through in chunks: gzip is
//! inflated, the encoding is detected (UTF-8 with or without BOM, UTF-16 LE/BE,
//! Windows-1252 by field), and the delimiter and line endings are sniffed from
//! the start of the text.

use std::borrow::Cow;
use std::io::Write;

use flate2::write::MultiGzDecoder;

use super::decode::{windows_1252, Utf16Decoder};
use super::problem::{Rejection, RejectionKind};
use super::records::{Flow, LineBreaks, Record, RecordReader};
use super::sniff::{not_csv, NotCsv};

/// Bytes of raw input looked at before deciding what the file is.
const RAW_HEAD: usize = 4096;
/// Bytes of text looked at before choosing the delimiter.
const TEXT_HEAD: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn label(self, windows_1252_fields: bool) -> &'static str {
        match (self, windows_1252_fields) {
            (Encoding::Utf8 | Encoding::Utf8Bom, true) => "Windows-1252",
            (Encoding::Utf8, false) => "UTF-8",
            (Encoding::Utf8Bom, false) => "UTF-8 with BOM",
            (Encoding::Utf16Le, _) => "UTF-16LE",
            (Encoding::Utf16Be, _) => "UTF-16BE",
        }
    }
}

/// A field as text. Bytes that are not UTF-8 are read as Windows-1252, the
/// encoding Excel uses for "CSV" on UK Windows; the flag says it happened.
pub fn field_text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (Cow::Owned(windows_1252(bytes)), true),
    }
}

/// The delimiter that splits the first lines most consistently, among
/// `,` `;` tab and `|`; comma when nothing splits them.
pub fn sniff_delimiter(text: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|l| !l.is_empty())
        .take(20)
        .collect();
    // The last line may be cut off mid-record by the sample's end.
    let complete = if lines.len() > 2 {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    let count = |line: &[u8], d: u8| {
        let mut quoted = false;
        line.iter()
            .filter(|&&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                !quoted && b == d
            })
            .count()
    };
    let mut best = (b',', 0usize, 0usize);
    for d in CANDIDATES {
        let Some(first) = complete.first() else { break };
        let header = count(first, d);
        if header == 0 {
            continue;
        }
        let agreeing = complete.iter().filter(|l| count(l, d) == header).count();
        if (agreeing, header) > (best.1, best.2) {
            best = (d, agreeing, header);
        }
    }
    best.0
}

/// UTF-16 without a BOM shows as a NUL beside nearly every ASCII byte.
fn utf16_without_bom(head: &[u8]) -> Option<Encoding> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |offset: usize| (0..pairs).filter(|i| head[2 * i + offset] == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 8 && even * 10 < pairs {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= pairs * 8 && odd * 10 < pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

enum Stage {
    /// Collecting the first raw bytes, to recognise the container.
    RawHead(Vec<u8>),
    /// Collecting the first bytes of content, to recognise encoding and delimiter.
    TextHead(Vec<u8>),
    Records {
        transcoder: Option<Utf16Decoder>,
        reader: Box<RecordReader>,
    },
    Done,
}

/// Raw bytes in, records out.
pub struct TextPipeline {
    name: String,
    gzip: Option<MultiGzDecoder<Vec<u8>>>,
    stage: Stage,
    encoding: Encoding,
    delimiter: u8,
    raw_bytes: u64,
    /// Bytes a gzip file has unpacked to so far.
    inflated: u64,
}

/// A gzip file may unpack to this many times its size once past
/// `INFLATE_FLOOR`: CSV compresses 5 to 30 times (the Home Office outcomes
/// file, 30), a crafted one a thousand.
pub const MAX_INFLATION: u64 = 200;
pub const INFLATE_FLOOR: u64 = 64 << 20;

impl TextPipeline {
    pub fn new(name: &str) -> TextPipeline {
        TextPipeline {
            name: name.to_string(),
            gzip: None,
            stage: Stage::RawHead(Vec::new()),
            encoding: Encoding::Utf8,
            delimiter: b',',
            raw_bytes: 0,
            inflated: 0,
        }
    }

    /// A pipeline for a later part of a plain UTF-8 text file whose start
    /// has been read elsewhere: records from the first byte, split by
    /// `delimiter`, lines counted from 1 (`ingest::part`).
    pub fn continuation(name: &str, delimiter: u8) -> TextPipeline {
        TextPipeline {
            stage: Stage::Records {
                transcoder: None,
                reader: Box::new(RecordReader::new(delimiter, LineBreaks::Lf)),
            },
            delimiter,
            ..TextPipeline::new(name)
        }
    }

    /// Whether the rest of the file can be read in parts: plain text in
    /// UTF-8, where a line break is the byte `\n` whatever surrounds it.
    /// (Whether the cuts fell between records is checked as parts are taken.)
    pub fn splittable(&self) -> bool {
        match &self.stage {
            Stage::Records {
                transcoder: None,
                reader,
            } => {
                self.gzip.is_none()
                    && matches!(self.encoding, Encoding::Utf8 | Encoding::Utf8Bom)
                    && reader.breaks() == LineBreaks::Lf
                    && reader.overflow().is_none()
            }
            _ => false,
        }
    }

    /// Whether the text so far ended a record, and its line breaks.
    pub fn between_records(&self) -> (bool, u64) {
        match &self.stage {
            Stage::Records { reader, .. } => (reader.between_records(), reader.line_breaks()),
            _ => (false, 0),
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    pub fn compressed(&self) -> bool {
        self.gzip.is_some()
    }

    /// Raw bytes taken in so far (compressed bytes, for a gzip file).
    pub fn raw_bytes(&self) -> u64 {
        self.raw_bytes
    }

    pub fn push<F>(&mut self, raw: &[u8], on_record: &mut F) -> Result<Flow, Rejection>
    where
        F: FnMut(&Record) -> Flow,
    {
        self.raw_bytes += raw.len() as u64;
        if let Stage::RawHead(head) = &mut self.stage {
            head.extend_from_slice(raw);
            if head.len() < RAW_HEAD {
                return Ok(Flow::Continue);
            }
            let head = std::mem::take(head);
            return self.start_content(&head, on_record);
        }
        self.content(raw, on_record)
    }

    pub fn finish<F>(&mut self, on_record: &mut F) -> Result<Flow, Rejection>
    where
        F: FnMut(&Record) -> Flow,
    {
        // Reading stopped at a line too long: that is the file's fault, and
        // the rest of the gzip stream was never inflated, so it is not
        // "cut short".
        if let Stage::Records { reader, .. } = &self.stage {
            if reader.overflow().is_some() {
                return self.overflowed(Flow::Stop);
            }
        }
        if let Stage::RawHead(head) = &mut self.stage {
            let head = std::mem::take(head);
            if self.start_content(&head, on_record)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if let Some(mut gzip) = self.gzip.take() {
            let finished = gzip.try_finish();
            let tail = std::mem::take(gzip.get_mut());
            self.gzip = Some(gzip);
            if let Err(e) = finished {
                return Err(self.reject(
                    RejectionKind::Unreadable,
                    format!("the gzip data is damaged or cut short ({e})"),
                ));
            }
            if self.text(&tail, on_record)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if let Stage::TextHead(head) = &mut self.stage {
            let head = std::mem::take(head);
            if self.start_records(head, true, on_record)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        let flow = match &mut self.stage {
            Stage::Records { transcoder, reader } => {
                let mut flow = Flow::Continue;
                if let Some(decoder) = transcoder {
                    let tail = decoder.decode(&[], true);
                    flow = reader.feed(&tail, on_record);
                }
                if flow == Flow::Continue {
                    flow = reader.finish(on_record);
                }
                flow
            }
            _ => Flow::Continue,
        };
        let result = self.overflowed(flow);
        self.stage = Stage::Done;
        result
    }

    /// The flow, or the rejection naming a line too long to read.
    fn overflowed(&self, flow: Flow) -> Result<Flow, Rejection> {
        match &self.stage {
            Stage::Records { reader, .. } => match reader.overflow() {
                Some((line, why)) => Err(self
                    .reject(RejectionKind::TooLarge, why.clone())
                    .at_line(*line)),
                None => Ok(flow),
            },
            _ => Ok(flow),
        }
    }

    fn reject(&self, kind: RejectionKind, reason: impl Into<String>) -> Rejection {
        Rejection::of(kind, &self.name, reason)
    }

    fn not_csv(&self, kind: NotCsv) -> Rejection {
        let rejection = match kind {
            NotCsv::Utf16 => RejectionKind::Unreadable,
            _ => RejectionKind::NotATable,
        };
        self.reject(rejection, kind.reason())
    }

    fn start_content<F>(&mut self, head: &[u8], on_record: &mut F) -> Result<Flow, Rejection>
    where
        F: FnMut(&Record) -> Flow,
    {
        if head.starts_with(&[0x1F, 0x8B]) {
            self.gzip = Some(MultiGzDecoder::new(Vec::new()));
        } else if let Some(kind) = not_csv(head)
            .filter(|k| *k != NotCsv::Empty && *k != NotCsv::Utf16 && *k != NotCsv::Binary)
        {
            // Empty, UTF-16 and binary are judged on the content, after any gzip.
            return Err(self.not_csv(kind));
        }
        self.stage = Stage::TextHead(Vec::new());
        self.content(head, on_record)
    }

    fn content<F>(&mut self, raw: &[u8], on_record: &mut F) -> Result<Flow, Rejection>
    where
        F: FnMut(&Record) -> Flow,
    {
        let Some(mut gzip) = self.gzip.take() else {
            return self.text(raw, on_record);
        };
        let mut result = Ok(Flow::Continue);
        // Inflate in small slices: deflate can grow a slice about a thousand
        // times, so 16 KB in is at most some 16 MB out, however the file
        // was built (a "line bomb" of one 2 GB line included).
        for piece in raw.chunks(16 * 1024) {
            if let Err(e) = gzip.write_all(piece) {
                result = Err(self.reject(
                    RejectionKind::Unreadable,
                    format!("the gzip data is damaged ({e})"),
                ));
                break;
            }
            let out = std::mem::take(gzip.get_mut());
            self.inflated += out.len() as u64;
            if self.inflated > INFLATE_FLOOR && self.inflated > MAX_INFLATION * self.raw_bytes {
                result = Err(self.reject(
                    RejectionKind::TooLarge,
                    format!("this compressed file unpacks to more than {MAX_INFLATION} times its size: it is not a table"),
                ));
                break;
            }
            result = self.text(&out, on_record);
            if !matches!(result, Ok(Flow::Continue)) {
                break;
            }
        }
        self.gzip = Some(gzip);
        // A line too long stops reading: say so, not that the data is damaged.
        match result {
            Ok(flow) => self.overflowed(flow),
            err => err,
        }
    }

    fn text<F>(&mut self, bytes: &[u8], on_record: &mut F) -> Result<Flow, Rejection>
    where
        F: FnMut(&Record) -> Flow,
    {
        if bytes.is_empty() {
            return Ok(Flow::Continue);
        }
        match &mut self.stage {
            Stage::TextHead(head) => {
                head.extend_from_slice(bytes);
                if head.len() < TEXT_HEAD {
                    return Ok(Flow::Continue);
                }
                let head = std::mem::take(head);
                self.start_records(head, false, on_record)
            }
            Stage::Records { transcoder, reader } => {
                let flow = match transcoder {
                    Some(decoder) => reader.feed(&decoder.decode(bytes, false), on_record),
                    None => reader.feed(bytes, on_record),
                };
                self.overflowed(flow)
            }
            Stage::RawHead(_) | Stage::Done => Ok(Flow::Continue),
        }
    }

    fn start_records<F>(
        &mut self,
        head: Vec<u8>,
        at_end: bool,
        on_record: &mut F,
    ) -> Result<Flow, Rejection>
    where
        F: FnMut(&Record) -> Flow,
    {
        let (encoding, skip) = if head.starts_with(b"\xEF\xBB\xBF") {
            (Encoding::Utf8Bom, 3)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            (Encoding::Utf16Le, 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Encoding::Utf16Be, 2)
        } else if let Some(utf16) = utf16_without_bom(&head) {
            (utf16, 0)
        } else {
            (Encoding::Utf8, 0)
        };
        self.encoding = encoding;
        let mut transcoder = match encoding {
            Encoding::Utf16Le => Some(Utf16Decoder::new(false)),
            Encoding::Utf16Be => Some(Utf16Decoder::new(true)),
            _ => None,
        };
        let text: Vec<u8> = match &mut transcoder {
            Some(decoder) => decoder.decode(&head[skip..], false),
            None => head[skip..].to_vec(),
        };
        if text.iter().all(u8::is_ascii_whitespace) && at_end {
            return Err(self.not_csv(NotCsv::Empty));
        }
        if let Some(kind) = not_csv(&text).filter(|k| *k != NotCsv::Empty) {
            return Err(self.not_csv(kind));
        }
        self.delimiter = sniff_delimiter(&text);
        let mut reader = Box::new(RecordReader::new(self.delimiter, LineBreaks::sniff(&text)));
        let flow = reader.feed(&text, on_record);
        self.stage = Stage::Records { transcoder, reader };
        Ok(flow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows = Vec<(u64, Vec<String>)>;

    /// Every record as (line, fields), feeding `raw` in chunks of `chunk` bytes.
    fn records(raw: &[u8], chunk: usize) -> Result<(Rows, TextPipeline), Rejection> {
        let mut pipeline = TextPipeline::new("t.csv");
        let mut rows = Vec::new();
        let mut collect = |r: &Record| {
            rows.push((
                r.line(),
                r.iter().map(|f| field_text(f).0.into_owned()).collect(),
            ));
            Flow::Continue
        };
        for piece in raw.chunks(chunk.max(1)) {
            pipeline.push(piece, &mut collect)?;
        }
        pipeline.finish(&mut collect)?;
        Ok((rows, pipeline))
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if big_endian {
                &[0xFE, 0xFF]
            } else {
                &[0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            let bytes = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&bytes);
        }
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    const TEXT: &str = "Area,Value\r\nCafé £5,1\r\nRotherham,2\r\n";

    fn want() -> Rows {
        vec![
            (1, vec!["Area".into(), "Value".into()]),
            (2, vec!["Café £5".into(), "1".into()]),
            (3, vec!["Rotherham".into(), "2".into()]),
        ]
    }

    #[test]
    fn every_encoding_and_container_reads_the_same() {
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(TEXT);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("utf-8", TEXT.as_bytes().to_vec(), "UTF-8"),
            (
                "utf-8 bom",
                [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat(),
                "UTF-8 with BOM",
            ),
            ("utf-16le bom", utf16(TEXT, false, true), "UTF-16LE"),
            ("utf-16be bom", utf16(TEXT, true, true), "UTF-16BE"),
            ("utf-16le no bom", utf16(TEXT, false, false), "UTF-16LE"),
            ("windows-1252", cp1252.to_vec(), "Windows-1252"),
            ("gzip utf-8", gzip(TEXT.as_bytes()), "UTF-8"),
            ("gzip utf-16", gzip(&utf16(TEXT, false, true)), "UTF-16LE"),
        ];
        for (label, raw, encoding) in cases {
            for chunk in [1, 2, 3, 5, 64, 4096, 1 << 20] {
                let (rows, pipeline) =
                    records(&raw, chunk).unwrap_or_else(|e| panic!("{label}: {e}"));
                assert_eq!(rows, want(), "{label}, chunk {chunk}");
                let fallback = encoding == "Windows-1252";
                assert_eq!(pipeline.encoding().label(fallback), encoding, "{label}");
            }
        }
    }

    #[test]
    fn delimiters_are_sniffed() {
        for (text, d) in [
            ("a,b,c\n1,2,3\n", b','),
            ("a;b;c\r\n1;2,5;3\r\n", b';'),
            ("a\tb\n1\t2\n", b'\t'),
            ("a|b\n1|2\n", b'|'),
            ("\"x,y\";b\n\"1,2\";3\n", b';'),
            ("single\nvalue\n", b','),
            (
                "lad-code;lad-name;csp-code\r\nE09000002;Barking and Dagenham;E22000186\r\n",
                b';',
            ),
        ] {
            assert_eq!(sniff_delimiter(text.as_bytes()), d, "{text:?}");
            let (rows, pipeline) = records(text.as_bytes(), 3).unwrap();
            assert_eq!(pipeline.delimiter(), d);
            assert_eq!(rows.len(), 2);
        }
    }

    #[test]
    fn not_csv_is_named_even_inside_gzip() {
        let xlsx = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml".to_vec();
        let html = b"<!DOCTYPE html><html><body>Not found</body></html>".to_vec();
        for (raw, expect, kind) in [
            (xlsx.clone(), "Excel workbook", RejectionKind::NotATable),
            (html.clone(), "web page", RejectionKind::NotATable),
            (gzip(&html), "web page", RejectionKind::NotATable),
            (Vec::new(), "the file is empty", RejectionKind::NotATable),
            (
                gzip(b"  \r\n"),
                "the file is empty",
                RejectionKind::NotATable,
            ),
            (
                vec![0u8, 1, 2, 3, 0, 0, 9, 8, 7, 0, 200, 201],
                "binary",
                RejectionKind::NotATable,
            ),
        ] {
            let err = records(&raw, 2)
                .err()
                .unwrap_or_else(|| panic!("{expect} accepted"));
            assert_eq!(err.kind, kind, "{expect}");
            assert!(err.reason.contains(expect), "{expect}: {}", err.reason);
        }
    }

    #[test]
    fn truncated_gzip_is_reported() {
        let whole = gzip("a,b\n1,2\n".repeat(1000).as_bytes());
        let err = records(&whole[..whole.len() / 2], 1000).err().unwrap();
        assert_eq!(err.kind, RejectionKind::Unreadable);
        assert!(
            err.reason.contains("gzip data is damaged or cut short"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn a_gzip_line_bomb_is_a_line_too_long_not_damaged_data() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(b"Month,Crime type\n").unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..40 {
            gz.write_all(&chunk).unwrap();
        }
        gz.write_all(b"\n").unwrap();
        let bytes = gz.finish().unwrap();
        let mut stream = TextPipeline::new("bomb.csv.gz");
        let mut sink = |_: &Record| Flow::Continue;
        let mut result = Ok(Flow::Continue);
        for piece in bytes.chunks(64 * 1024) {
            result = stream.push(piece, &mut sink);
            if !matches!(result, Ok(Flow::Continue)) {
                break;
            }
        }
        if matches!(result, Ok(Flow::Continue)) {
            result = stream.finish(&mut sink);
        }
        let err = result.unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(
            err.reason.contains("this line is longer than 16 MB"),
            "{err}"
        );
        // Whatever the caller does next, finishing says the same.
        let again = stream.finish(&mut sink).unwrap_err();
        assert!(again.reason.contains("longer than 16 MB"), "{again}");
    }
}
