//! True line numbers for records, whatever the line endings.
//!
//! The csv crate's `Position::line` lags by one on CRLF files (police.uk's own
//! line ending): it counts the `\n` of a CRLF when the next record starts. Its
//! byte offset is reliable, but may point at the terminator of the previous line
//! or at skipped blank lines, so the record really starts after those.

/// Counts line breaks (`\r\n`, `\n`, or a lone `\r`) up to a byte offset. Offsets
/// must be asked for in increasing order; each byte is scanned once in total, and
/// only when a line number is actually wanted.
#[derive(Debug, Default)]
pub struct LineCounter {
    scanned: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line on which the record whose csv byte offset is `offset` starts.
    pub fn line_of(&mut self, bytes: &[u8], offset: u64) -> u64 {
        let mut start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.scanned {
            // Asked out of order: recount from the start rather than answer wrongly.
            *self = LineCounter::default();
        }
        for i in self.scanned..start {
            let is_break = match bytes[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if is_break {
                self.line += 1;
            }
        }
        self.scanned = start;
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_lines(data: &str) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(data.as_bytes());
        let mut counter = LineCounter::default();
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let offset = record.position().unwrap().byte();
            lines.push(counter.line_of(data.as_bytes(), offset));
        }
        lines
    }

    #[test]
    fn crlf_lf_and_cr_endings_agree() {
        assert_eq!(record_lines("h\r\na\r\nb\r\nc\r\n"), [2, 3, 4]);
        assert_eq!(record_lines("h\na\nb\nc\n"), [2, 3, 4]);
        assert_eq!(record_lines("h\ra\rb\rc\r"), [2, 3, 4]);
    }

    #[test]
    fn blank_lines_and_quoted_newlines_are_counted() {
        assert_eq!(record_lines("h\r\na\r\n\r\n\r\nb\r\n"), [2, 5]);
        assert_eq!(record_lines("h,x\na,\"1\r\n2\n3\"\nb,4\n"), [2, 5]);
    }
}
