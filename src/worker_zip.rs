//! A zip archive read from a `File` by random access, in the ingestion
//! worker: the `zip` crate asks for the central directory, then each member's
//! bytes, and `FileSource` reads just those, a window at a time, with the
//! worker's synchronous `FileReaderSync`. The archive is never held whole, so
//! any size loads, national archives of every force included.

use std::cell::RefCell;
use std::io::{Error, Read, Seek, SeekFrom};
use std::rc::Rc;

use web_sys::{File, FileReaderSync};

/// Bytes read per window. Each window is a new `ArrayBuffer`, garbage once
/// copied: at 4 MB, a 1.27 GB archive left the tab 559-637 MB above idle;
/// at 1 MB, 514-529 MB, for about a second more (tests/e2e/national_archive).
const WINDOW: u64 = 1 << 20;

/// Bytes of the archive read ahead (asynchronously, on the reader thread)
/// and where they start: served before any window is read here.
pub type Ahead = Rc<RefCell<Option<(u64, Vec<u8>)>>>;

/// A `File` as `Read + Seek`, saying how far it has read.
pub struct FileSource {
    file: File,
    size: u64,
    position: u64,
    window_start: u64,
    window: Vec<u8>,
    reader: FileReaderSync,
    ahead: Ahead,
    /// Called with the file position after each window is read: progress.
    on_read: Box<dyn FnMut(u64)>,
}

impl FileSource {
    pub fn new(file: File, on_read: Box<dyn FnMut(u64)>) -> Result<FileSource, String> {
        let reader = FileReaderSync::new().map_err(|e| format!("{e:?}"))?;
        Ok(FileSource {
            size: file.size() as u64,
            file,
            position: 0,
            window_start: 0,
            window: Vec::new(),
            reader,
            ahead: Ahead::default(),
            on_read,
        })
    }

    /// Where bytes read ahead are to be put.
    pub fn ahead(&self) -> Ahead {
        self.ahead.clone()
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let start = crate::worker::now();
        let end = (self.position + WINDOW).min(self.size);
        let slice = self
            .file
            .slice_with_f64_and_f64(self.position as f64, end as f64)
            .map_err(|e| Error::other(format!("the browser could not read it ({e:?})")))?;
        let buffer = self
            .reader
            .read_as_array_buffer(&slice)
            .map_err(|e| Error::other(format!("the browser could not read it ({e:?})")))?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        self.window.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.window);
        self.window_start = self.position;
        crate::worker::add_read_ms(crate::worker::now() - start);
        (self.on_read)(end);
        Ok(())
    }
}

impl Read for FileSource {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.position >= self.size || out.is_empty() {
            return Ok(0);
        }
        let position = self.position;
        let from_ahead = self
            .ahead
            .borrow()
            .as_ref()
            .and_then(|(start, bytes)| copy_at(out, bytes, *start, position));
        if let Some(n) = from_ahead {
            self.position += n as u64;
            (self.on_read)(self.position);
            return Ok(n);
        }
        let n = match copy_at(out, &self.window, self.window_start, position) {
            Some(n) => n,
            None => {
                self.fill()?;
                copy_at(out, &self.window, self.window_start, position).unwrap_or(0)
            }
        };
        self.position += n as u64;
        Ok(n)
    }
}

/// Copies into `out` what `bytes`, which start at `start` in the file, hold
/// from `position` on; `None` if they do not hold `position`.
fn copy_at(out: &mut [u8], bytes: &[u8], start: u64, position: u64) -> Option<usize> {
    let at = usize::try_from(position.checked_sub(start)?).ok()?;
    let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
    let n = out.len().min(rest.len());
    out[..n].copy_from_slice(&rest[..n]);
    Some(n)
}

impl Seek for FileSource {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(n) => self.size.checked_add_signed(n),
            SeekFrom::Current(n) => self.position.checked_add_signed(n),
        };
        self.position = target.ok_or_else(|| {
            Error::new(
                std::io::ErrorKind::InvalidInput,
                "a seek before the start of the file",
            )
        })?;
        Ok(self.position)
    }
}
