//! Recognise files that are not CSV text before trying to parse them, so the user
//! hears "this is an Excel workbook" rather than a parse error on line 1.

/// What the first bytes say a file is, when that rules out reading it as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCsv {
    Empty,
    ExcelWorkbook,
    LegacyExcelWorkbook,
    OpenDocument,
    Zip,
    Gzip,
    Pdf,
    WebPage,
    Utf16,
    Binary,
}

impl NotCsv {
    /// The reason shown to the user, phrased as what to do about it.
    pub fn reason(self) -> &'static str {
        match self {
            NotCsv::Empty => "the file is empty",
            NotCsv::ExcelWorkbook => {
                "this is an Excel workbook (.xlsx), not CSV: open it in Excel and save the sheet as \"CSV UTF-8\""
            }
            NotCsv::LegacyExcelWorkbook => {
                "this is an old-style Excel workbook (.xls), not CSV: open it in Excel and save the sheet as \"CSV UTF-8\""
            }
            NotCsv::OpenDocument => {
                "this is an OpenDocument spreadsheet (.ods), not CSV: open it and save the sheet as CSV"
            }
            NotCsv::Zip => {
                "this is a zip archive: this version reads CSV files only, so unzip it and choose the CSV files inside"
            }
            NotCsv::Gzip => {
                "this is a gzip-compressed file: this version reads plain CSV only, so decompress it first"
            }
            NotCsv::Pdf => "this is a PDF document, not CSV",
            NotCsv::WebPage => {
                "this is a web page, not CSV: the download may have failed or saved the page instead of the data"
            }
            NotCsv::Utf16 => {
                "this file is UTF-16 text (Excel's \"Unicode text\"): this version reads UTF-8 only, so save it as \"CSV UTF-8\""
            }
            NotCsv::Binary => "this is not a text file: it contains binary data",
        }
    }
}

/// Looks at the start of a file. `None` means "plausibly text; try to parse it".
pub fn not_csv(bytes: &[u8]) -> Option<NotCsv> {
    let text_start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if text_start.iter().all(u8::is_ascii_whitespace) {
        return Some(NotCsv::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // An .xlsx is a zip whose first entries name the OOXML parts.
        let head = &bytes[..bytes.len().min(4096)];
        let ooxml = contains(head, b"[Content_Types].xml") || contains(head, b"xl/");
        // An .ods is a zip whose first entry, stored, is its media type.
        let ods = contains(
            head,
            b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
        );
        return Some(if ooxml {
            NotCsv::ExcelWorkbook
        } else if ods {
            NotCsv::OpenDocument
        } else {
            NotCsv::Zip
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(NotCsv::LegacyExcelWorkbook);
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Some(NotCsv::Gzip);
    }
    if bytes.starts_with(b"%PDF") {
        return Some(NotCsv::Pdf);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(NotCsv::Utf16);
    }
    let head = &text_start[..text_start.len().min(1024)];
    let trimmed: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    if trimmed.starts_with(b"<!doctype html") || trimmed.starts_with(b"<html") {
        return Some(NotCsv::WebPage);
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Some(NotCsv::Binary);
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_is_not_csv() {
        let cases: &[(&[u8], Option<NotCsv>)] = &[
            (b"", Some(NotCsv::Empty)),
            (b"\xEF\xBB\xBF\r\n  \n", Some(NotCsv::Empty)),
            (
                b"PK\x03\x04....[Content_Types].xml....",
                Some(NotCsv::ExcelWorkbook),
            ),
            (b"PK\x03\x04....2019-04/2019-04-x.csv", Some(NotCsv::Zip)),
            (
                b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK",
                Some(NotCsv::OpenDocument),
            ),
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                Some(NotCsv::LegacyExcelWorkbook),
            ),
            (&[0x1F, 0x8B, 8, 0], Some(NotCsv::Gzip)),
            (b"%PDF-1.7", Some(NotCsv::Pdf)),
            (b"\n  <!DOCTYPE html><html>", Some(NotCsv::WebPage)),
            (b"<HTML><body>", Some(NotCsv::WebPage)),
            (&[0xFF, 0xFE, b'a', 0], Some(NotCsv::Utf16)),
            (b"a,b\n1,\x002\n", Some(NotCsv::Binary)),
            (b"Crime ID,Month\n,2019-04\n", None),
            (b"\xEF\xBB\xBFCrime ID,Month\n", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                not_csv(bytes),
                *expected,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
