//! The ingestion worker. Files are read 4 MB at a time (by the reader worker,
//! `src/web/reader-worker.js`, else here with `Blob.slice`) and pushed through
//! [`Ingest`], so the page stays responsive and no file is ever held whole
//! (zip archives are read by random access, member by member: `worker_zip`). Between chunks it reports
//! progress and checks for a cancel. The crime registry lives here, so
//! duplicates are found across every file loaded in the session.
//!
//! The messages it takes and sends are `crate::protocol`'s.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent, MessagePort};

use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::{ingest_bytes, needs_whole_file, FileReport, Ingest, Loaded, Registry};
use crate::ingest::{Rejection, RejectionKind};
use crate::model::{FileId, FileIds};
use crate::protocol::web::{attachment, envelope, open};
use crate::protocol::{FromWorker, ReadReply, ReadRequest, Timing, ToWorker, READMIT};

/// Bytes read per step: large enough for speed, small enough to stay responsive.
const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;
/// An archive member's bytes read ahead, at most: a force's month of street
/// data is 1-6 MB zipped; what a larger member has past this is read a window
/// at a time as before.
const READ_AHEAD_BYTES: u64 = 8 << 20;
/// Chunks requested ahead of the one being parsed. Two ahead waited ~100 ms
/// less on a 231 MB file but took ~15 MB more memory (BENCHMARKS.md).
const READ_AHEAD: usize = 1;
/// Rows of the made-up file read at start (`ingest::warm_up`): about 14 MB,
/// made and read 1 MB at a time, in about 200 ms.
const WARM_UP_ROWS: usize = 60_000;
/// Between members of an archive, the worker lets messages in (a Cancel)
/// when it has been this long, in ms, since it last did.
const YIELD_EVERY_MS: f64 = 50.0;
/// Progress is sent at most this often, in ms. Each message re-renders the
/// page, and a message per 4 MB chunk (58 for a 231 MB file) took the page
/// about 1 ms each, on a core the parsing needs.
const PROGRESS_EVERY_MS: f64 = 100.0;

struct Job {
    request: u32,
    file: File,
    mapping: Option<ColumnMapping>,
    crash_for_test: bool,
    crash_helper_for_test: bool,
    /// For a `Readmit`: the ids the entries take in the registry.
    readmit: Option<Vec<Option<FileId>>>,
}

pub(crate) fn now() -> f64 {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .performance()
        .map_or(0.0, |p| p.now())
}

#[derive(Default)]
struct State {
    timing: Timing,
    /// The reader worker's port, once the page has connected it.
    reader: Option<MessagePort>,
    /// Reads asked of the reader worker: id -> (resolve, reject).
    reads: HashMap<u32, (Function, Function)>,
    /// Buffers the reader worker filled and this worker has copied out: sent
    /// back with the next reads, so reading allocates none per chunk.
    spare: Vec<js_sys::ArrayBuffer>,
    /// The request being read: the reader worker keeps one stream open per
    /// request (a `File` posted twice arrives as two objects).
    reading: u32,
    next_read: u32,
    registry: Registry,
    ids: Option<FileIds>,
    queue: VecDeque<Job>,
    busy: bool,
    cancelled: HashSet<u32>,
    last_progress: f64,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_message(&e.data()));
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    // Messages sent before this point were dropped: the page waits for this.
    post(&FromWorker::Ready);
    let start = now();
    let (loaded, _) = crate::ingest::warm_up(WARM_UP_ROWS);
    post(&FromWorker::Warm {
        ms: now() - start,
        rows: loaded.report.rows,
    });
}

fn post(message: &FromWorker) {
    post_with(message, &[], &js_sys::Array::new());
}

fn post_with(message: &FromWorker, attachments: &[(&str, &JsValue)], transfer: &js_sys::Array) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message_with_transfer(&envelope(message, attachments), transfer);
}

fn on_message(data: &JsValue) {
    let message = match open::<ToWorker>(data) {
        Ok(message) => message,
        Err(e) => {
            gloo::console::error!(format!("Scrutineer worker: a message it cannot read ({e})"));
            return;
        }
    };
    match message {
        ToWorker::Ingest {
            request,
            mapping,
            crash_for_test,
            crash_helper_for_test,
        } => {
            let Ok(file) = attachment(data, "file").dyn_into::<File>() else {
                return;
            };
            STATE.with(|s| {
                s.borrow_mut().queue.push_back(Job {
                    request,
                    file,
                    mapping: mapping.map(|m| *m),
                    crash_for_test,
                    crash_helper_for_test,
                    readmit: None,
                })
            });
            run_queue();
        }
        ToWorker::Cancel { request } => STATE.with(|s| {
            s.borrow_mut().cancelled.insert(request);
        }),
        ToWorker::Forget { file } => STATE.with(|s| s.borrow_mut().registry.forget(file)),
        ToWorker::Restore { next_file } => {
            STATE.with(|s| s.borrow_mut().ids = Some(FileIds::from(next_file)));
        }
        ToWorker::Readmit { ids, mapping } => {
            let Ok(file) = attachment(data, "file").dyn_into::<File>() else {
                return;
            };
            STATE.with(|s| {
                s.borrow_mut().queue.push_back(Job {
                    request: READMIT,
                    file,
                    mapping: mapping.map(|m| *m),
                    crash_for_test: false,
                    crash_helper_for_test: false,
                    readmit: Some(ids),
                })
            });
            run_queue();
        }
        ToWorker::Reader => {
            let Ok(port) = attachment(data, "port").dyn_into::<MessagePort>() else {
                return;
            };
            let handler =
                Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_read(&e.data()));
            port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            handler.forget();
            STATE.with(|s| s.borrow_mut().reader = Some(port));
        }
        ToWorker::Helper { slot } => {
            if let Ok(port) = attachment(data, "port").dyn_into::<MessagePort>() {
                crate::worker_parts::connect(slot, port);
            }
        }
        ToWorker::HelperLost { slot } => crate::worker_parts::lost(slot),
        ToWorker::Serve => {
            if let Ok(port) = attachment(data, "port").dyn_into::<MessagePort>() {
                crate::worker_parts::serve(port);
            }
        }
    }
}

fn run_queue() {
    let start = STATE.with(|s| {
        let mut s = s.borrow_mut();
        !std::mem::replace(&mut s.busy, true)
    });
    if !start {
        return;
    }
    spawn_local(async {
        loop {
            let Some(job) = STATE.with(|s| s.borrow_mut().queue.pop_front()) else {
                STATE.with(|s| s.borrow_mut().busy = false);
                return;
            };
            let request = job.request;
            STATE.with(|s| s.borrow_mut().timing = Timing::default());
            process(job).await;
            let mut timing = STATE.with(|s| {
                let mut s = s.borrow_mut();
                s.cancelled.remove(&request);
                s.timing
            });
            timing.memory_bytes = memory_bytes();
            post(&FromWorker::Done { request, timing });
        }
    });
}

/// The size of this worker's WebAssembly memory, which only ever grows: the
/// most its data has needed at once, for the benchmark.
fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

fn cancelled(request: u32) -> bool {
    STATE.with(|s| s.borrow().cancelled.contains(&request))
}

/// A JavaScript error's message, for the user.
pub(crate) fn describe(error: JsValue) -> String {
    js_sys::Error::from(error)
        .message()
        .as_string()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "unknown error".into())
}

/// A reply from the reader worker: settles the read it answers.
fn on_read(data: &JsValue) {
    let Ok(reply) = open::<ReadReply>(data) else {
        return;
    };
    let Some((resolve, reject)) = STATE.with(|s| s.borrow_mut().reads.remove(&reply.id)) else {
        return;
    };
    let _ = match reply.error {
        None => resolve.call1(&JsValue::NULL, data),
        Some(error) => reject.call1(&JsValue::NULL, &js_sys::Error::new(&error)),
    };
}

/// Starts reading bytes `start..end`: through the reader worker when it is
/// connected (so reading runs on another core while this one parses), else here.
fn start_read(file: &File, start: f64, end: f64) -> Result<JsFuture, String> {
    let via_reader = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let port = s.reader.clone()?;
        s.next_read += 1;
        let id = s.next_read;
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        s.reads.insert(id, settle?);
        let spare = s.spare.pop();
        let request = ReadRequest {
            id,
            stream: s.reading,
            start,
            end,
        };
        let buffer = spare.clone().map_or(JsValue::UNDEFINED, JsValue::from);
        let message = envelope(&request, &[("file", file.as_ref()), ("buffer", &buffer)]);
        let transfer = js_sys::Array::new();
        if let Some(buffer) = spare {
            transfer.push(&buffer);
        }
        port.post_message_with_transferable(&message, &transfer)
            .ok()?;
        Some(JsFuture::from(promise))
    });
    if let Some(read) = via_reader {
        return Ok(read);
    }
    read_here(file, start, end)
}

/// Starts reading bytes `start..end` on this thread, as a new `ArrayBuffer`.
pub(crate) fn read_here(file: &File, start: f64, end: f64) -> Result<JsFuture, String> {
    let blob = file.slice_with_f64_and_f64(start, end).map_err(describe)?;
    Ok(JsFuture::from(blob.array_buffer()))
}

/// The bytes of a finished read: an `ArrayBuffer` read here, or the reader
/// worker's `{buffer, length}`, whose buffer is kept to be filled again.
async fn finish_read(read: JsFuture) -> Result<Vec<u8>, String> {
    let result = read.await.map_err(describe)?;
    if result.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(&result).to_vec());
    }
    let Ok(buffer) = attachment(&result, "buffer").dyn_into::<js_sys::ArrayBuffer>() else {
        return Err("the reader sent no bytes".into());
    };
    let length = open::<ReadReply>(&result).map_or(0, |r| r.length);
    let bytes =
        Uint8Array::new_with_byte_offset_and_length(&buffer, 0, length.min(buffer.byte_length()))
            .to_vec();
    STATE.with(|s| s.borrow_mut().spare.push(buffer));
    Ok(bytes)
}

async fn read_chunk(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    finish_read(start_read(file, start, end)?).await
}

fn failed(path: &str, reason: String) -> Vec<Loaded> {
    failed_as(RejectionKind::Unreadable, path, reason)
}

fn failed_as(kind: RejectionKind, path: &str, reason: String) -> Vec<Loaded> {
    vec![Loaded {
        report: FileReport {
            path: path.to_string(),
            error: Some(Rejection::of(kind, path, reason)),
            ..FileReport::default()
        },
        content: None,
    }]
}

fn progress(request: u32, bytes: f64, rows: u64) {
    let at = now();
    let due = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let due = at - s.last_progress >= PROGRESS_EVERY_MS;
        if due {
            s.last_progress = at;
        }
        due
    });
    if !due {
        return;
    }
    let (helpers_bytes, helpers_rows) = crate::worker_parts::helpers_progress();
    post(&FromWorker::Progress {
        request,
        bytes: bytes + helpers_bytes,
        rows: rows + helpers_rows,
    });
}

/// Reads one file; `None` when cancelled.
async fn read(job: &Job) -> Option<Vec<Loaded>> {
    read_whole(job, true).await
}

/// Reads one file, its later parts on helpers if `in_parts` and it can be.
async fn read_whole(job: &Job, in_parts: bool) -> Option<Vec<Loaded>> {
    let (file, request) = (&job.file, job.request);
    STATE.with(|s| s.borrow_mut().reading = request);
    let name = file.name();
    let size = file.size();
    let first = match read_chunk(file, 0.0, CHUNK.min(size)).await {
        Ok(bytes) => bytes,
        Err(e) => {
            return Some(failed(
                &name,
                format!("the browser could not read it ({e})"),
            ))
        }
    };
    let mut offset = first.len() as f64;
    if crate::ingest::is_zip_archive(&first) {
        // Each member is handed over as it is read: nothing left to return.
        return read_zip(job).await.map(|()| Vec::new());
    }
    if needs_whole_file(&first) {
        if let Some(workbook) = crate::ingest::Workbook::of(&first) {
            // Said before reading it all only to refuse it.
            if size > crate::ingest::MAX_WORKBOOK as f64 {
                return Some(failed_as(
                    RejectionKind::TooLarge,
                    &name,
                    workbook.too_large(),
                ));
            }
            crate::sheets_module::load().await;
        }
        let mut whole = first;
        while offset < size {
            if cancelled(request) {
                return None;
            }
            match read_chunk(file, offset, (offset + CHUNK).min(size)).await {
                Ok(bytes) => whole.extend_from_slice(&bytes),
                Err(e) => {
                    return Some(failed(
                        &name,
                        format!("the browser could not read it ({e})"),
                    ))
                }
            }
            offset = whole.len() as f64;
            progress(request, offset, 0);
        }
        return Some(ingest_bytes(&name, &whole));
    }
    let mut ingest = match &job.mapping {
        Some(mapping) => Ingest::with_mapping(&name, mapping.clone()),
        None => Ingest::new(&name),
    };
    ingest.expect_bytes(size as u64);
    ingest.push(&first);
    drop(first);
    if job.crash_for_test {
        // Test-only (see `ToWorker::Ingest`): stops as a bug in a reader would.
        panic!("the test asked this worker to crash");
    }
    // A large street file: its later parts read on helpers, at once.
    let split = ingest.split().filter(|_| in_parts && offset < size);
    let mut shared = None;
    if let Some(split) = split {
        shared = crate::worker_parts::share_out(file, offset, &split, job.crash_helper_for_test)
            .await
            .map(|(own_end, stretches)| (own_end, stretches, split));
    }
    let own_end = shared.as_ref().map_or(size, |(end, _, _)| *end);
    // Keep READ_AHEAD chunks requested ahead of the one being parsed, so reading
    // (on the reader thread) and parsing (here) overlap.
    let mut requested = offset;
    let mut pending: VecDeque<Result<JsFuture, String>> = VecDeque::new();
    let ask = |pending: &mut VecDeque<_>, requested: &mut f64| {
        while pending.len() < READ_AHEAD && *requested < own_end {
            let end = (*requested + CHUNK).min(own_end);
            pending.push_back(start_read(file, *requested, end));
            *requested = end;
        }
    };
    ask(&mut pending, &mut requested);
    progress(request, offset, ingest.rows());
    while let Some(read) = pending.pop_front() {
        if cancelled(request) || !ingest.is_going() {
            break;
        }
        let waiting = now();
        let bytes = match read {
            Ok(read) => finish_read(read).await,
            Err(e) => Err(e),
        };
        let parsing = now();
        STATE.with(|s| s.borrow_mut().timing.waiting_for_reads_ms += parsing - waiting);
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                return Some(failed(
                    &name,
                    format!(
                        "the browser could not read it after {} bytes ({e})",
                        offset as u64
                    ),
                ))
            }
        };
        offset += bytes.len() as f64;
        ask(&mut pending, &mut requested);
        ingest.push(&bytes);
        progress(request, offset, ingest.rows());
        let done = now();
        STATE.with(|s| s.borrow_mut().timing.parsing_ms += done - parsing);
    }
    let Some((_, stretches, split)) = shared else {
        if cancelled(request) {
            return None;
        }
        return Some(vec![ingest.finish()]);
    };
    if cancelled(request) || !ingest.is_going() {
        crate::worker_parts::call_off(&stretches);
        if cancelled(request) {
            return None;
        }
        return Some(vec![ingest.finish()]);
    }
    let waiting = now();
    let count = stretches.len() as u32;
    let mut stretches = stretches.into_iter();
    // Why the parts were not all taken, if they were not.
    let stopped = loop {
        let Some(stretch) = stretches.next() else {
            break None;
        };
        let part = match crate::worker_parts::take(stretch, file, &split).await {
            Ok(part) => part,
            Err(e) => break Some(Err(e)),
        };
        if cancelled(request) {
            break Some(Ok(false));
        }
        if !ingest.absorb(part) {
            break Some(Ok(true));
        }
        progress(request, size, ingest.rows());
    };
    crate::worker_parts::call_off(&stretches.collect::<Vec<_>>());
    match stopped {
        None => {}
        Some(Err(e)) => {
            return Some(failed(
                &name,
                format!("the browser could not read it ({e})"),
            ))
        }
        // Cancelled.
        Some(Ok(false)) => return None,
        Some(Ok(true)) => {
            gloo::console::debug!(format!(
                "Scrutineer: {name} could not be read in parts (a line break inside quotes); reading it alone"
            ));
            return Box::pin(read_whole(job, false)).await;
        }
    }
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.timing.waiting_for_parts_ms += now() - waiting;
        s.timing.parts += count;
    });
    Some(vec![ingest.finish()])
}

/// A zip archive of any size, by random access (`crate::worker_zip`): the
/// directory, then each member in turn, each handed to the page as soon as
/// it is read, so neither the archive nor its members' figures pile up here.
/// With helpers, street members are also read by them (`worker_members`),
/// and every member is still handed on in the archive's order.
/// Progress is the archive's bytes read (with helpers, the packed bytes of
/// the members handed on) and the rows of members read so far; a Cancel
/// stops it between members (those handed over are kept).
async fn read_zip(job: &Job) -> Option<()> {
    use crate::worker_members::Asked;
    enum Pending {
        Read(Vec<crate::ingest::Loaded>),
        Asked(Asked),
    }
    let (file, request) = (&job.file, job.request);
    let name = file.name();
    let rows = std::rc::Rc::new(std::cell::Cell::new(0u64));
    // With helpers, this worker's own position in the file says little.
    let by_position = std::rc::Rc::new(std::cell::Cell::new(true));
    let (seen, position_counts) = (rows.clone(), by_position.clone());
    let source = match crate::worker_zip::FileSource::new(
        file.clone(),
        Box::new(move |at| {
            if position_counts.get() {
                progress(request, at as f64, seen.get())
            }
        }),
    ) {
        Ok(source) => source,
        Err(e) => {
            deliver(
                job,
                &mut 0,
                failed(&name, format!("the browser could not read it ({e})")),
            );
            return Some(());
        }
    };
    let ahead = source.ahead();
    let (members, own) = crate::ingest::ZipMembers::open(&name, file.size() as u64, source);
    let mut delivered = 0;
    deliver(job, &mut delivered, own.into_iter().collect());
    let Some(mut members) = members else {
        return Some(());
    };
    if members.has_workbooks() {
        crate::sheets_module::load().await;
    }
    let helped = file.size() >= crate::worker_parts::MIN_SPLIT_BYTES;
    // Members read ahead of the one handed on next: bounded, since each
    // holds its figures until then.
    let ahead_members = 2 * (crate::worker_parts::helper_count() + 1) + 2;
    let mut crash = job.crash_helper_for_test;
    let mut window: VecDeque<(u64, Pending)> = VecDeque::new();
    let mut handed_on = 0u64;
    let mut last_yield = now();
    // The next member to be read here, being read ahead on the reader
    // thread while this one is parsed: where it starts, and the read.
    let mut reading_ahead: Option<(u64, JsFuture)> = None;
    loop {
        if now() - last_yield > YIELD_EVERY_MS {
            yield_to_messages().await;
            last_yield = now();
        }
        if cancelled(request) {
            crate::worker_parts::call_off_jobs(window.iter().filter_map(|(_, p)| match p {
                Pending::Asked(a) => Some(a.job()),
                Pending::Read(_) => None,
            }));
            return None;
        }
        // Helpers with room take the street members next in line.
        while helped
            && window.len() < ahead_members
            && members.peek_next().is_some_and(|m| m.is_street())
        {
            let Some(slot) = crate::worker_parts::free_slot() else {
                break;
            };
            let Some(member) = members.take_next() else {
                break;
            };
            let packed = member.packed;
            by_position.set(false);
            let pending = match crate::worker_members::ask(
                slot,
                file,
                request,
                member,
                std::mem::take(&mut crash),
            ) {
                Ok(asked) => Pending::Asked(asked),
                Err(member) => Pending::Read(read_member(&mut members, member)),
            };
            window.push_back((packed, pending));
        }
        // Then one here.
        if window.len() < ahead_members {
            if let Some(member) = members.take_next() {
                let packed = member.packed;
                if let Some((start, read)) = reading_ahead.take() {
                    let waiting = now();
                    // A failed read ahead is read again, a window at a time.
                    *ahead.borrow_mut() = finish_read(read).await.ok().map(|b| (start, b));
                    add_read_ms(now() - waiting);
                }
                reading_ahead = members
                    .peek_next()
                    // Not one a helper is likely to take.
                    .filter(|next| {
                        !(helped && next.is_street() && crate::worker_parts::helper_count() > 0)
                    })
                    .and_then(|next| members.span(next))
                    .and_then(|(start, end)| {
                        let end = end.min(start + READ_AHEAD_BYTES).min(file.size() as u64);
                        let read = start_read(file, start as f64, end as f64).ok()?;
                        Some((start, read))
                    });
                let results = read_member(&mut members, member);
                rows.set(rows.get() + results.iter().map(|l| l.report.rows).sum::<u64>());
                window.push_back((packed, Pending::Read(results)));
            }
        }
        // Hand on what is at the front; wait for a helper's answer only when
        // there is nothing else to read here.
        let waits = members.remaining() == 0 || window.len() >= ahead_members;
        let front_ready = matches!(window.front(), Some((_, Pending::Read(_))));
        if !front_ready && !waits {
            continue;
        }
        let Some((packed, pending)) = window.pop_front() else {
            break;
        };
        let results = match pending {
            Pending::Read(results) => results,
            Pending::Asked(asked) => {
                let waiting = now();
                let results = match crate::worker_members::take(asked).await {
                    Ok(results) => {
                        STATE.with(|s| s.borrow_mut().timing.parts += 1);
                        for refused in results.iter().filter(|l| l.report.error.is_some()) {
                            gloo::console::debug!(format!(
                                "Scrutineer: a helper read {} and refused it",
                                refused.report.path
                            ));
                        }
                        rows.set(rows.get() + results.iter().map(|l| l.report.rows).sum::<u64>());
                        results
                    }
                    Err((member, why)) => {
                        gloo::console::debug!(format!(
                            "Scrutineer: a helper did not read an archive member ({why}); read here instead"
                        ));
                        let results = read_member(&mut members, member);
                        rows.set(rows.get() + results.iter().map(|l| l.report.rows).sum::<u64>());
                        results
                    }
                };
                STATE.with(|s| s.borrow_mut().timing.waiting_for_parts_ms += now() - waiting);
                results
            }
        };
        deliver(job, &mut delivered, results);
        handed_on += packed;
        if !by_position.get() {
            progress(request, handed_on as f64, rows.get());
        }
    }
    Some(())
}

/// Time spent reading an archive's bytes (`worker_zip`), for the timing line.
pub(crate) fn add_read_ms(ms: f64) {
    STATE.with(|s| s.borrow_mut().timing.waiting_for_reads_ms += ms);
}

/// An archive's member read here: its results, with the time reading its
/// bytes and the rest (inflating and parsing) told apart in the timing line.
fn read_member<R: std::io::Read + std::io::Seek>(
    members: &mut crate::ingest::ZipMembers<R>,
    member: crate::ingest::Member,
) -> Vec<crate::ingest::Loaded> {
    let reads_before = STATE.with(|s| s.borrow().timing.waiting_for_reads_ms);
    let start = now();
    let results = members.read(member);
    let took = now() - start;
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let reading = s.timing.waiting_for_reads_ms - reads_before;
        s.timing.parsing_ms += took - reading;
    });
    results
}

/// Lets queued messages (a Cancel) be handled before going on.
async fn yield_to_messages() {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let promise = Promise::new(&mut |resolve, _| {
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

async fn process(job: Job) {
    let request = job.request;
    let results = read(&job).await;
    // Spare read buffers are for the next chunk of this file, not to be held idle.
    STATE.with(|s| s.borrow_mut().spare.clear());
    let Some(results) = results else {
        post(&FromWorker::Cancelled { request });
        return;
    };
    deliver(&job, &mut 0, results);
}

/// Admits results to the registry and posts them to the page; `delivered`
/// counts those of this job already posted (a `Readmit` names each one's id).
fn deliver(job: &Job, delivered: &mut usize, results: Vec<Loaded>) {
    let request = job.request;
    let finishing = now();
    let count = results.len();
    if let Some(ids) = &job.readmit {
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            for (mut loaded, id) in results.into_iter().zip(ids.iter().skip(*delivered)) {
                if let (Some(content), Some(id)) = (loaded.content.as_mut(), id) {
                    s.registry.admit(*id, content);
                }
            }
        });
        *delivered += count;
        return;
    }
    *delivered += count;
    for mut loaded in results {
        let file = STATE.with(|s| {
            let mut s = s.borrow_mut();
            let id = s.ids.get_or_insert_with(FileIds::read).give();
            if let Some(content) = loaded.content.as_mut() {
                if let Some(notice) = s.registry.admit(id, content) {
                    loaded.report.notices.push(notice);
                }
            }
            id
        });
        let mut message = FromWorker::Loaded {
            request,
            file,
            loaded: Box::new(loaded),
        };
        match message.take_detail() {
            Some(detail) => {
                let detail = js_sys::Uint8Array::from(&detail[..]).buffer();
                post_with(
                    &message,
                    &[("detail", &detail)],
                    &js_sys::Array::of1(&detail),
                );
            }
            None => post(&message),
        }
    }
    let done = now();
    STATE.with(|s| s.borrow_mut().timing.finishing_ms += done - finishing);
}
