//! Zip archives (police.uk's downloads, national archives of every force):
//! the central directory is read first (zip64 included, by the `zip` crate),
//! then each table member is unpacked a megabyte at a time through the
//! ordinary readers. Generic over any `Read + Seek`, so an archive in memory
//! and one read piecemeal from a `File` in the browser (`crate::worker`) go
//! through the same code; neither holds more than the member being unpacked.

use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

use super::{spreadsheet, text, Content, FileReport, Ingest, Loaded, Rejection, RejectionKind};

/// Member order within an archive: street crimes before outcomes, so outcomes
/// can be joined to the crimes they conclude.
fn member_rank(name: &str) -> u8 {
    let lower = name.to_ascii_lowercase();
    if lower.contains("street") {
        0
    } else if lower.contains("outcomes") {
        2
    } else {
        1
    }
}

/// A table in the archive: its index, name, packed size and date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    index: usize,
    name: String,
    pub packed: u64,
    modified: Option<String>,
}

impl Member {
    /// A police.uk street file by its name: what a helper may read
    /// (`crate::worker_parts`), since street data is the one content a
    /// helper's answer carries back.
    pub fn is_street(&self) -> bool {
        member_rank(&self.name) == 0 && spreadsheet::Workbook::by_name(&self.name).is_none()
    }
}

/// An archive being read member by member.
pub struct ZipMembers<R: Read + Seek> {
    path: String,
    archive: zip::ZipArchive<R>,
    /// In the order they are read, the next last.
    members: Vec<Member>,
}

impl<R: Read + Seek> ZipMembers<R> {
    /// Reads the archive's directory. Gives the archive's own entry when
    /// there is something to say of it (entries ignored, or no tables), and
    /// only that when it cannot be opened.
    pub fn open(path: &str, size: u64, reader: R) -> (Option<ZipMembers<R>>, Option<Loaded>) {
        let entry = |notices: Vec<String>, error: Option<Rejection>| Loaded {
            report: FileReport {
                path: path.to_string(),
                kind: Some("zip archive".into()),
                bytes: size,
                notices,
                error: error.clone(),
                ..FileReport::default()
            },
            content: error.is_none().then_some(Content::Archive),
        };
        let mut archive = match zip::ZipArchive::new(reader) {
            Ok(a) => a,
            Err(e) => {
                let why = format!(
                    "this zip archive cannot be opened ({e}); it may be damaged or incomplete"
                );
                let mut failed = entry(Vec::new(), Some(Rejection::new(path, why)));
                failed.report.kind = None;
                return (None, Some(failed));
            }
        };
        let mut members = Vec::new();
        let mut ignored: Vec<String> = Vec::new();
        for index in 0..archive.len() {
            let Ok(file) = archive.by_index_raw(index) else {
                continue;
            };
            let name = match file.name() {
                Ok(n) => n.into_owned(),
                Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
            };
            if file.is_dir() {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let table = [".csv", ".csv.gz", ".txt", ".xlsx", ".xls", ".ods"];
            if table.iter().any(|e| lower.ends_with(e)) {
                let modified = file.last_modified().map(|d| {
                    format!(
                        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                        d.year(),
                        d.month(),
                        d.day(),
                        d.hour(),
                        d.minute(),
                        d.second()
                    )
                });
                members.push(Member {
                    index,
                    name,
                    packed: file.compressed_size(),
                    modified,
                });
            } else {
                ignored.push(name);
            }
        }
        crate::model::sort::sort_by(&mut members, |a, b| {
            (member_rank(&b.name), &b.name).cmp(&(member_rank(&a.name), &a.name))
        });

        let mut notices = Vec::new();
        if !ignored.is_empty() {
            let shown: Vec<&str> = ignored.iter().take(5).map(String::as_str).collect();
            notices.push(format!(
                "{} other {} in the archive ignored (not CSV): {}{}",
                ignored.len(),
                if ignored.len() == 1 {
                    "entry"
                } else {
                    "entries"
                },
                shown.join(", "),
                if ignored.len() > 5 { ", …" } else { "" }
            ));
        }
        let error = members.is_empty().then(|| {
            Rejection::of(
                RejectionKind::NotATable,
                path,
                "this zip archive holds no CSV files or spreadsheets",
            )
        });
        let own = (!notices.is_empty() || error.is_some()).then(|| entry(notices, error));
        let members = (!members.is_empty()).then(|| ZipMembers {
            path: path.to_string(),
            archive,
            members,
        });
        (members, own)
    }

    /// Whether any member left to read is a spreadsheet (which the browser
    /// reads with a module it loads only then).
    pub fn has_workbooks(&self) -> bool {
        self.members
            .iter()
            .any(|m| spreadsheet::Workbook::by_name(&m.name).is_some())
    }

    /// How many members are left to read.
    pub fn remaining(&self) -> usize {
        self.members.len()
    }

    /// The next member, read: one result, or one per sheet of a workbook.
    pub fn next_member(&mut self) -> Option<Vec<Loaded>> {
        let member = self.take_next()?;
        Some(self.read(member))
    }

    /// The member to be read next, if any is left.
    pub fn peek_next(&self) -> Option<&Member> {
        self.members.last()
    }

    /// The archive's bytes a member's reading takes, as far as the central
    /// directory tells (its local header's own name and extra field may run
    /// on a little): what the worker reads ahead while the member before is
    /// parsed. `None` if the directory does not hold it.
    pub fn span(&self, member: &Member) -> Option<(u64, u64)> {
        let entry = self.archive.by_index_data(member.index).ok()?;
        // A local header is 30 bytes and the name; the extra field and a data
        // descriptor are allowed a kilobyte.
        let start = entry.header_start();
        let end = start
            .checked_add(30 + 1024)?
            .checked_add(member.name.len() as u64)?
            .checked_add(entry.compressed_size())?;
        Some((start, end))
    }

    /// The member to be read next, taken off the list unread.
    pub fn take_next(&mut self) -> Option<Member> {
        self.members.pop()
    }

    /// One member of this archive (taken from this list, or from another
    /// reader's of the same archive), read: one result, or one per sheet
    /// of a workbook.
    pub fn read(&mut self, member: Member) -> Vec<Loaded> {
        let Member {
            index,
            name,
            packed,
            modified,
        } = member;
        let member_path = format!("{}/{name}", self.path);
        let failed = |loaded: &mut Loaded, (kind, e): (RejectionKind, String)| {
            // Rows read before the damage showed are not the file's: their
            // counts, months and skipped-row warnings would only mislead.
            loaded.report = FileReport {
                path: member_path.clone(),
                kind: loaded.report.kind.take(),
                error: Some(Rejection::of(
                    kind,
                    &member_path,
                    match kind {
                        RejectionKind::Unreadable => format!(
                            "could not be unpacked from the archive ({e}); the archive may be damaged or incomplete"
                        ),
                        _ => format!("could not be unpacked from the archive ({e})"),
                    },
                )),
                ..FileReport::default()
            };
            loaded.content = None;
        };
        if let Some(workbook) = spreadsheet::Workbook::by_name(&name) {
            let mut whole = Vec::new();
            let read = unpack(&mut self.archive, index, packed, &mut |bytes| {
                whole.extend_from_slice(bytes);
                whole.len() <= spreadsheet::MAX_WORKBOOK
            });
            return match read {
                Ok(()) => spreadsheet::ingest_workbook(&member_path, &whole, workbook),
                Err(e) => {
                    let mut loaded = Loaded {
                        report: FileReport {
                            path: member_path.clone(),
                            ..FileReport::default()
                        },
                        content: None,
                    };
                    failed(&mut loaded, e);
                    vec![loaded]
                }
            };
        }
        let mut ingest = Ingest::new(&member_path);
        let read = unpack(&mut self.archive, index, packed, &mut |bytes| {
            ingest.push(bytes);
            ingest.is_going()
        });
        let mut loaded = ingest.finish();
        if let Err(e) = read {
            failed(&mut loaded, e);
        }
        loaded.report.modified = modified;
        vec![loaded]
    }
}

/// Unpacks member `index` a megabyte at a time into `sink` (which answers
/// whether it wants more), stopping if it unpacks past a sane ratio (as a
/// gzip file is, in `text`).
fn unpack<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    packed: u64,
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> Result<(), (RejectionKind, String)> {
    let unreadable = |e: zip::result::ZipError| (RejectionKind::Unreadable, e.to_string());
    let mut entry = archive.by_index(index).map_err(unreadable)?;
    let mut buffer = vec![0u8; 1 << 20];
    let mut unpacked = 0u64;
    loop {
        let n = entry
            .read(&mut buffer)
            .map_err(|e| (RejectionKind::Unreadable, e.to_string()))?;
        if n == 0 {
            return Ok(());
        }
        unpacked += n as u64;
        if unpacked > text::INFLATE_FLOOR && unpacked > text::MAX_INFLATION * packed.max(1) {
            return Err((
                RejectionKind::TooLarge,
                format!(
                    "it unpacks to more than {} times its size, so it is not a table",
                    text::MAX_INFLATION
                ),
            ));
        }
        if !sink(&buffer[..n]) {
            return Ok(());
        }
    }
}

/// An archive in memory: the archive's own entry first (when there is
/// something to say of it), then each member's results.
pub fn ingest_zip(path: &str, bytes: &[u8]) -> Vec<Loaded> {
    ingest_zip_from(path, bytes.len() as u64, std::io::Cursor::new(bytes))
}

/// An archive read by random access from anything seekable (a file on disk
/// for the command line), never held whole.
pub fn ingest_zip_from<R: Read + Seek>(path: &str, size: u64, reader: R) -> Vec<Loaded> {
    let (members, own) = ZipMembers::open(path, size, reader);
    let mut out: Vec<Loaded> = own.into_iter().collect();
    if let Some(mut members) = members {
        while let Some(mut results) = members.next_member() {
            out.append(&mut results);
        }
    }
    out
}
