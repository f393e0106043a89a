//! A large file read in parts, one per thread. The thread that reads a
//! file's start finds its header and format ([`Ingest::split`]); each other
//! thread reads a later stretch of it, cut just after a line break, as a
//! [`Part`] ([`Ingest::part`], [`Ingest::finish_part`]); the first then
//! takes the parts in file order ([`Ingest::absorb`]) and finishes as usual.
//!
//! A cut after a line break inside a quoted field would be wrong. Each
//! stretch is read as if it began between records, and says whether it
//! ended between records: when every stretch before a part did, the part
//! was read exactly as reading the file in one go reads it (by induction
//! from the header). When one did not, [`Ingest::absorb`] says so and the
//! file is read again in one go. Line numbers are counted within each part
//! and moved on by the lines before it, so every warning names the line it
//! would have named.

use serde::{Deserialize, Serialize};

use super::columns::Header;
use super::formats::police_uk_street::{CrimeRow, StreetData, Unidentified};
use super::formats::reader_for;
use super::text::TextPipeline;
use super::{Content, FileReport, Ingest, Rejection, Warnings};
use crate::model::Month;

/// What a thread reading a later stretch of a file needs to know of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub header: Vec<String>,
    pub delimiter: u8,
}

/// A later stretch of a file, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub bytes: u64,
    pub rows: u64,
    /// Line breaks in the stretch: the next part's lines follow on.
    pub lines: u64,
    /// The stretch ended between records (see the module's note).
    pub whole_records: bool,
    pub warnings: Warnings,
    pub notes_rows: Vec<u64>,
    pub windows_1252: bool,
    /// Lines are counted from the part's start.
    pub error: Option<Rejection>,
    /// Street data only: the one format read in parts. (Reading any
    /// content back would build every format's reader of JSON into the
    /// ingestion worker: 248 KB of WebAssembly.)
    pub street: Option<StreetData>,
}

/// What has been absorbed so far.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Absorbed {
    bytes: u64,
    lines: u64,
    /// The last part ended inside a record: the next cannot be exact.
    open_record: bool,
}

impl Ingest {
    /// After the file's first bytes, cut after a line break: how the rest
    /// may be read in parts, if it may (plain UTF-8, a format whose content
    /// can be put back together, no mapping, and nothing gone wrong).
    pub fn split(&self) -> Option<Split> {
        let sink = &self.sink;
        let splits = sink.reader.as_ref().is_some_and(|r| r.splits());
        (splits && sink.error.is_none() && sink.mapping.is_none() && self.pipeline.splittable())
            .then(|| Split {
                header: sink
                    .header
                    .as_ref()
                    .map(|h| h.raw.clone())
                    .unwrap_or_default(),
                delimiter: self.pipeline.delimiter(),
            })
    }

    /// Reads a later stretch of the file `path`, from just after a line break.
    pub fn part(path: &str, split: &Split) -> Ingest {
        let mut ingest = Ingest::new(path);
        ingest.pipeline = TextPipeline::continuation(path, split.delimiter);
        let header = Header::from_raw(split.header.clone());
        ingest.sink.reader = reader_for(&header, path, &[]);
        ingest.sink.header = Some(header);
        ingest
    }

    pub fn finish_part(mut self) -> Part {
        let (whole_records, lines) = self.pipeline.between_records();
        // The file's last part may end without a line break: its last
        // record is read now. (A part that ended inside a quoted field is
        // not used, whatever this reads.)
        if self.sink.error.is_none() {
            let sink = &mut self.sink;
            if let Err(e) = self.pipeline.finish(&mut |record| sink.record(record)) {
                sink.error = Some(e);
            }
        }
        let mut sink = self.sink;
        let error = sink.error.take();
        let street = match (sink.reader, &error) {
            (Some(reader), None) => match reader.finish(&mut FileReport::default()) {
                Content::Street(data) => Some(data),
                _ => None,
            },
            _ => None,
        };
        Part {
            bytes: self.pipeline.raw_bytes(),
            rows: sink.report.rows,
            lines,
            whole_records,
            warnings: sink.report.warnings,
            notes_rows: sink.notes_rows,
            windows_1252: sink.windows_1252.get(),
            error,
            street,
        }
    }

    /// Takes the next part of this file, in file order. False when it
    /// cannot be taken exactly (a cut fell inside a quoted field, or the
    /// contents do not join): read the file again in one go.
    pub fn absorb(&mut self, part: Part) -> bool {
        let (own_whole, own_lines) = self.pipeline.between_records();
        let absorbed = self.absorbed.get_or_insert_with(Absorbed::default);
        let sink = &mut self.sink;
        if sink.error.is_some() {
            // Reading in one go would have stopped before this part.
            return true;
        }
        if !own_whole || absorbed.open_record {
            return false;
        }
        absorbed.open_record = !part.whole_records;
        let offset = own_lines + absorbed.lines;
        absorbed.lines += part.lines;
        absorbed.bytes += part.bytes;
        sink.report.rows += part.rows;
        sink.report.warnings.absorb(part.warnings, offset);
        sink.notes_rows
            .extend(part.notes_rows.iter().map(|l| l + offset));
        if part.windows_1252 {
            sink.windows_1252.set(true);
        }
        if let Some(mut error) = part.error {
            error.line = error.line.map(|l| l + offset);
            sink.error = Some(error);
            return true;
        }
        match (sink.reader.as_mut(), part.street) {
            (Some(reader), Some(data)) => reader.absorb(Content::Street(data)),
            _ => false,
        }
    }
}

impl Absorbed {
    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// The per-row lists of a part's street data, which serde leaves out
/// (they never reach the page), as little-endian bytes: crossing between
/// threads as one buffer costs a copy, where JSON would cost seconds.
pub fn row_lists(data: &mut StreetData) -> Vec<u8> {
    let crimes = std::mem::take(&mut data.crimes);
    let places = std::mem::take(&mut data.crime_places);
    let unidentified = std::mem::take(&mut data.unidentified);
    let mut out = Vec::with_capacity(12 + crimes.len() * 16 + places.len() * 8);
    let put = |v: u32, out: &mut Vec<u8>| out.extend_from_slice(&v.to_le_bytes());
    put(crimes.len() as u32, &mut out);
    for c in &crimes {
        out.extend_from_slice(&c.key.to_le_bytes());
        put(c.cell, &mut out);
        put(c.seq, &mut out);
    }
    put(places.len() as u32, &mut out);
    for (place, spot) in &places {
        put(*place, &mut out);
        put(*spot, &mut out);
    }
    put(unidentified.len() as u32, &mut out);
    for ((force, month), rows) in &unidentified {
        put(u32::from(*force), &mut out);
        put(u32::from(month.index()), &mut out);
        put(rows.len() as u32, &mut out);
        for r in rows {
            put(r.cell, &mut out);
            put(r.place, &mut out);
            put(r.spot, &mut out);
        }
    }
    out
}

/// Puts back what [`row_lists`] took out.
pub fn restore_row_lists(data: &mut StreetData, bytes: &[u8]) -> Result<(), String> {
    let mut at = 0usize;
    let mut word = || -> Result<u32, String> {
        let b = bytes
            .get(at..at + 4)
            .ok_or("a part's row lists were cut short")?;
        at += 4;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let n = word()? as usize;
    let mut crimes = Vec::with_capacity(n.min(bytes.len() / 16));
    for _ in 0..n {
        let (low, high) = (word()?, word()?);
        crimes.push(CrimeRow {
            key: u64::from(low) | u64::from(high) << 32,
            cell: word()?,
            seq: word()?,
        });
    }
    let n = word()? as usize;
    let mut places = Vec::with_capacity(n.min(bytes.len() / 8));
    for _ in 0..n {
        places.push((word()?, word()?));
    }
    let groups = word()?;
    let mut unidentified = std::collections::HashMap::new();
    for _ in 0..groups {
        let force = u16::try_from(word()?).map_err(|_| "a part's force out of range")?;
        let month = u16::try_from(word()?)
            .ok()
            .and_then(Month::from_index)
            .ok_or("a part's month out of range")?;
        let n = word()? as usize;
        let mut rows = Vec::with_capacity(n.min(bytes.len() / 12));
        for _ in 0..n {
            rows.push(Unidentified {
                cell: word()?,
                place: word()?,
                spot: word()?,
            });
        }
        unidentified.insert((force, month), rows);
    }
    data.crimes = crimes;
    data.crime_places = places;
    data.unidentified = unidentified;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_bytes, Loaded};
    use proptest::prelude::*;

    /// A street file of `rows` rows, with what real files bring: blank
    /// Crime IDs and LSOAs, one LSOA written two ways, quoted fields,
    /// Windows-1252 text, and rows to skip (a bad month, too few fields).
    fn street_file(rows: usize, seed: u64, crlf: bool) -> Vec<u8> {
        let mut out = b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n".to_vec();
        let mut x = seed | 1;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let types = ["Burglary", "Drugs", "Anti-social behaviour", "Shoplifting"];
        let lsoas = [
            "Rotherham 001A",
            "Rotherham 001A ",
            "Sheffield 002B",
            "",
            "Barnsley 003C",
        ];
        let forces = ["South Yorkshire Police", "West Yorkshire Police"];
        for i in 0..rows {
            let kind = next(100);
            let id = if next(8) == 0 {
                String::new()
            } else {
                format!("{:064x}", next(rows as u64 * 2))
            };
            let month = if kind == 0 {
                "2019-13".to_string()
            } else {
                format!("2019-{:02}", 1 + next(12))
            };
            let location = match next(20) {
                0 => "\"On or near \"\"The Parade\"\", Main St\"".to_string(),
                1 => "On or near Caf\u{e9} Row".to_string(),
                _ => "On or near High Street".to_string(),
            };
            let line = if kind == 1 {
                format!("{id},{month},X")
            } else {
                format!(
                    "{id},{month},{f},{f},-1.{lon:06},53.{lat:06},{location},E01000{i},{lsoa},{t},{o},",
                    f = forces[next(2) as usize],
                    lon = next(5000),
                    lat = next(5000),
                    lsoa = lsoas[next(lsoas.len() as u64) as usize],
                    t = types[next(4) as usize],
                    o = if next(3) == 0 { "" } else { "Under investigation" },
                )
            };
            let mut bytes = line.into_bytes();
            if kind == 2 {
                // "Café" as Excel on Windows writes it.
                bytes.extend_from_slice(b"Caf\xe9");
            }
            out.extend_from_slice(&bytes);
            out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
        out
    }

    type Whole = (Loaded, Vec<CrimeRow>, Vec<(u32, u32)>);

    fn hidden(mut loaded: Loaded) -> Whole {
        let Some(Content::Street(data)) = loaded.content.as_mut() else {
            return (loaded, Vec::new(), Vec::new());
        };
        let crimes = std::mem::take(&mut data.crimes);
        let places = std::mem::take(&mut data.crime_places);
        (loaded, crimes, places)
    }

    /// The file read from its start to `cuts[0]` here, and each stretch
    /// between cuts as a part crossing threads (JSON and row lists), put
    /// back together; `None` when a part could not be taken exactly.
    fn in_parts(path: &str, bytes: &[u8], cuts: &[usize]) -> Option<Loaded> {
        // As the ingestion worker does: asks how to split after its first
        // chunk (cut anywhere), then reads on to the first cut.
        let mut ingest = Ingest::new(path);
        let mut split = None;
        for chunk in bytes[..cuts[0]].chunks(80_000) {
            ingest.push(chunk);
            split = split.or_else(|| ingest.split());
        }
        let split = split.expect("splittable");
        let ends = cuts.iter().skip(1).copied().chain([bytes.len()]);
        for (from, to) in cuts.iter().copied().zip(ends) {
            let mut reading = Ingest::part(path, &split);
            for chunk in bytes[from..to].chunks(7_000) {
                reading.push(chunk);
            }
            let mut part = reading.finish_part();
            let lists = part.street.as_mut().map(row_lists).unwrap_or_default();
            let json = serde_json::to_string(&part).unwrap();
            let mut part: Part = serde_json::from_str(&json).unwrap();
            if let Some(data) = part.street.as_mut() {
                restore_row_lists(data, &lists).unwrap();
            }
            if !ingest.absorb(part) {
                return None;
            }
        }
        Some(ingest.finish())
    }

    /// Cuts just after line breaks near the given fractions of the file.
    fn cuts_at(bytes: &[u8], fractions: &[f64]) -> Vec<usize> {
        let mut cuts: Vec<usize> = fractions
            .iter()
            .filter_map(|f| {
                let from = (bytes.len() as f64 * f) as usize;
                memchr::memchr(b'\n', &bytes[from..]).map(|i| from + i + 1)
            })
            .filter(|&c| c < bytes.len())
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Read in parts, a file gives what reading it in one go gives:
        /// report, counts, crimes, to the record.
        #[test]
        fn a_file_read_in_parts_is_read_exactly(
            seed in any::<u64>(),
            rows in 1_500usize..4_000,
            fractions in proptest::collection::vec(0.5f64..0.99, 1..5),
            crlf in any::<bool>(),
        ) {
            let bytes = street_file(rows, seed, crlf);
            // The head holds the first 64 KB, where the file is sniffed.
            let mut cuts = cuts_at(&bytes, &[0.45]);
            cuts.extend(cuts_at(&bytes, &fractions));
            cuts.sort_unstable();
            cuts.dedup();
            prop_assume!(cuts[0] > 64 * 1024);
            let whole = hidden(ingest_bytes("s.csv", &bytes).remove(0));
            let parts = hidden(in_parts("s.csv", &bytes, &cuts).expect("exact"));
            prop_assert!(whole.0.report.warnings.rows_skipped() > 0);
            prop_assert_eq!(&parts.0.report, &whole.0.report);
            prop_assert_eq!(&parts.0.content, &whole.0.content);
            prop_assert_eq!(&parts.1, &whole.1);
            prop_assert_eq!(&parts.2, &whole.2);
        }
    }

    /// The anti-social behaviour rows (no Crime ID) are kept by force and
    /// month in file order across parts too: the registry relies on them.
    #[test]
    fn rows_without_a_crime_id_keep_their_order_across_parts() {
        let bytes = street_file(3_000, 7, false);
        let cuts = cuts_at(&bytes, &[0.5, 0.8]);
        let mut whole = ingest_bytes("s.csv", &bytes).remove(0);
        let mut parts = in_parts("s.csv", &bytes, &cuts).unwrap();
        let lists = |l: &mut Loaded| match l.content.as_mut() {
            Some(Content::Street(d)) => std::mem::take(&mut d.unidentified),
            _ => panic!("not street data"),
        };
        let (a, b) = (lists(&mut whole), lists(&mut parts));
        assert!(a.values().map(Vec::len).sum::<usize>() > 100);
        assert_eq!(a, b);
    }

    /// A cut after a line break inside a quoted field is found, and the
    /// file is not taken in parts.
    #[test]
    fn a_cut_inside_a_quoted_field_is_refused() {
        let mut bytes = street_file(2_000, 3, false);
        let at = cuts_at(&bytes, &[0.7])[0];
        let quoted = b"q1,2019-04,P,P,,,\"On or near\nthe corner\",E0,Rotherham 001A,Drugs,,\n";
        let cut = at + quoted.iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.splice(at..at, quoted.iter().copied());
        assert!(in_parts("s.csv", &bytes, &[cuts_at(&bytes, &[0.5])[0], cut]).is_none());
        // Cut at a true record boundary, the same file is read exactly.
        let good = cuts_at(&bytes, &[0.5, 0.9]);
        let whole = hidden(ingest_bytes("s.csv", &bytes).remove(0));
        let parts = hidden(in_parts("s.csv", &bytes, &good).unwrap());
        assert_eq!(parts.0, whole.0);
        assert_eq!(parts.1, whole.1);
    }

    /// A line too long in a later part is named by its line in the file.
    #[test]
    fn an_error_in_a_part_names_the_files_line() {
        let mut bytes = street_file(2_000, 5, false);
        let at = cuts_at(&bytes, &[0.8])[0];
        let long = vec![b'a'; 17 << 20];
        bytes.splice(at..at, long.iter().copied().chain([b'\n']));
        let whole = ingest_bytes("s.csv", &bytes).remove(0);
        // One cut before the long line, one after it.
        let before = at
            - 1
            - bytes[..at - 1]
                .iter()
                .rev()
                .position(|&b| b == b'\n')
                .unwrap();
        let parts = in_parts("s.csv", &bytes, &[before, at + long.len() + 1]).unwrap();
        let error = whole.report.error.clone().expect("too long");
        assert!(error.line.unwrap() > 1_000);
        // Bytes taken before stopping depend on how the file was chunked.
        let bytes = FileReport {
            bytes: 0,
            ..whole.report
        };
        assert_eq!(
            FileReport {
                bytes: 0,
                ..parts.report
            },
            bytes
        );
    }

    /// Another publisher's copy of a real police.uk file (Merseyside,
    /// September 2019: see tests/fixtures/merseyside-download-2019-11/SOURCE.md),
    /// read in four parts, gives what one read gives.
    #[test]
    fn a_real_street_file_read_in_parts_is_read_exactly() {
        use std::io::Read;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/merseyside-download-2019-11/2019-09-merseyside-street.csv.gz"
        );
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_end(&mut bytes)
            .unwrap();
        let cuts = cuts_at(&bytes, &[0.3, 0.55, 0.8]);
        assert_eq!(cuts.len(), 3);
        let whole = hidden(ingest_bytes("m.csv", &bytes).remove(0));
        let parts = hidden(in_parts("m.csv", &bytes, &cuts).expect("exact"));
        assert!(whole.0.report.rows > 10_000, "{}", whole.0.report.rows);
        assert_eq!(parts.0, whole.0);
        assert_eq!(parts.1, whole.1);
        assert_eq!(parts.2, whole.2);
    }

    #[test]
    fn only_plain_street_files_are_split() {
        let street = street_file(2_000, 9, false);
        let mut ingest = Ingest::new("s.csv");
        ingest.push(&street[..cuts_at(&street, &[0.6])[0]]);
        assert!(ingest.split().is_some());
        let gzipped = {
            use std::io::Write;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&street).unwrap();
            gz.finish().unwrap()
        };
        let mut ingest = Ingest::new("s.csv.gz");
        ingest.push(&gzipped);
        assert!(ingest.split().is_none());
        let measures = "area,period,measure,value\n".to_string()
            + &"Rotherham,2019-04,Burglary,5\n".repeat(4_000);
        let mut ingest = Ingest::new("m.csv");
        ingest.push(measures.as_bytes());
        assert!(ingest.split().is_none());
    }
}
