//! Large street files read on several cores. The page starts helpers (more
//! copies of the ingestion worker, one per spare core) and connects each to
//! the ingestion worker by a `MessagePort`. The ingestion worker reads a
//! file's start itself, and if the file can be read in parts
//! (`Ingest::split`) cuts the rest into stretches just after line breaks,
//! one per helper; each helper reads its stretch straight from the `File`
//! and sends back a `Part`, its per-row lists as one buffer. The ingestion
//! worker takes the parts in file order (`Ingest::absorb`), so the result
//! is the one reading the file alone gives; if a cut fell inside a quoted
//! field, it reads the file again alone. A helper that stops is named by
//! the page (`ToWorker::HelperLost`): its stretch is read here instead, and
//! the page starts another.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, MessageEvent, MessagePort};

use crate::ingest::{restore_row_lists, row_lists, Ingest, Part, Split};
use crate::protocol::web::{attachment, envelope, open};
use crate::protocol::{FromHelper, ToHelper};

/// Files smaller than this are read by the ingestion worker alone: a part
/// costs a message, a second read of its first bytes and a join.
pub const MIN_SPLIT_BYTES: f64 = 24.0 * 1024.0 * 1024.0;
/// Bytes read per step by a helper.
const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;
/// Reads a helper keeps under way: three waited no less than one on a
/// 231 MB file (reading slices is what limits a helper, not how many).
const READS_AHEAD: usize = 1;
/// Bytes looked through past a stretch's nominal start for a line break.
const WINDOW: f64 = 256.0 * 1024.0;

#[derive(Default)]
struct Helpers {
    /// Each helper's port, by slot; `None` while the page replaces one.
    slots: Vec<Option<MessagePort>>,
    next_job: u32,
    /// Parts asked for and not answered: job -> (slot, resolve, reject).
    asked: HashMap<u32, (u32, Function, Function)>,
    /// Bytes and rows read so far by each part under way.
    progress: HashMap<u32, (f64, u64)>,
    /// In a helper: parts the ingestion worker no longer wants.
    cancelled: HashSet<u32>,
}

thread_local! {
    static HELPERS: RefCell<Helpers> = RefCell::new(Helpers::default());
}

/// A helper connected (or replaced) in `slot`.
pub fn connect(slot: u32, port: MessagePort) {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| answer(&e.data()));
    port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // Lives as long as the port; a replaced helper's port is closed.
    handler.forget();
    HELPERS.with(|h| {
        let mut h = h.borrow_mut();
        let slot = slot as usize;
        if h.slots.len() <= slot {
            h.slots.resize(slot + 1, None);
        }
        if let Some(old) = h.slots[slot].replace(port) {
            old.close();
        }
    });
}

/// The helper in `slot` stopped: its parts under way fail, to be read here.
pub fn lost(slot: u32) {
    let failed: Vec<Function> = HELPERS.with(|h| {
        let mut h = h.borrow_mut();
        if let Some(port) = h.slots.get_mut(slot as usize).and_then(Option::take) {
            port.close();
        }
        let jobs: Vec<u32> = h
            .asked
            .iter()
            .filter(|(_, (s, _, _))| *s == slot)
            .map(|(job, _)| *job)
            .collect();
        jobs.iter()
            .filter_map(|job| h.asked.remove(job).map(|(_, _, reject)| reject))
            .collect()
    });
    for reject in failed {
        let _ = reject.call1(&JsValue::NULL, &js_sys::Error::new("the helper stopped"));
    }
}

/// How many helpers are connected now.
pub(crate) fn helper_count() -> usize {
    ready_slots().len()
}

/// Helpers connected now, by slot.
fn ready_slots() -> Vec<u32> {
    HELPERS.with(|h| {
        h.borrow()
            .slots
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_some())
            .map(|(i, _)| i as u32)
            .collect()
    })
}

/// A reply from a helper: progress, or a part that settles its promise.
fn answer(data: &JsValue) {
    let Ok(message) = open::<FromHelper>(data) else {
        return;
    };
    match message {
        FromHelper::Progress { job, bytes, rows } => HELPERS.with(|h| {
            h.borrow_mut().progress.insert(job, (bytes, rows));
        }),
        FromHelper::Part { job, .. } | FromHelper::Member { job, .. } => {
            if let Some((_, resolve, _)) = HELPERS.with(|h| h.borrow_mut().asked.remove(&job)) {
                let _ = resolve.call1(&JsValue::NULL, data);
            }
        }
    }
}

/// Bytes and rows the helpers have read of the parts under way.
pub fn helpers_progress() -> (f64, u64) {
    HELPERS.with(|h| {
        h.borrow()
            .progress
            .values()
            .fold((0.0, 0), |(b, r), (pb, pr)| (b + pb, r + pr))
    })
}

/// A stretch of the file after the ingestion worker's own, and who reads it.
pub struct Stretch {
    pub start: f64,
    pub end: f64,
    /// The helper's answer, or `None`: read it here.
    asked: Option<(u32, JsFuture)>,
}

/// Cuts the file after `own_from` into one stretch for this worker (up to
/// the first cut, returned) and one per helper, each cut just after a line
/// break near an equal share, and asks the helpers to read theirs. None
/// when there are no helpers or the file is too small.
pub async fn share_out(
    file: &File,
    own_from: f64,
    split: &Split,
    crash_for_test: bool,
) -> Option<(f64, Vec<Stretch>)> {
    let size = file.size();
    let slots = ready_slots();
    if slots.is_empty() || size < MIN_SPLIT_BYTES {
        return None;
    }
    let shares = slots.len() as f64 + 1.0;
    let mut cuts = Vec::new();
    for i in 1..slots.len() + 1 {
        let nominal = (size * i as f64 / shares).floor().max(own_from);
        let Some(cut) = line_break_after(file, nominal).await else {
            continue;
        };
        if cut < size && cuts.last().is_none_or(|&last| cut > last) {
            cuts.push(cut);
        }
    }
    let own_end = *cuts.first()?;
    let ends = cuts.iter().skip(1).copied().chain([size]);
    let path = file.name();
    let stretches = cuts
        .iter()
        .zip(ends)
        .zip(slots)
        .enumerate()
        .map(|(i, ((&start, end), slot))| Stretch {
            start,
            end,
            asked: ask(
                slot,
                file,
                ToHelper::Part {
                    job: 0,
                    path: path.clone(),
                    start,
                    end,
                    split: split.clone(),
                    crash_for_test: crash_for_test && i == 0,
                },
            ),
        })
        .collect();
    Some((own_end, stretches))
}

/// Just past the first line break at or after `at`, if one is near.
async fn line_break_after(file: &File, at: f64) -> Option<f64> {
    let end = (at + WINDOW).min(file.size());
    let bytes = read_slice(file, at, end).await.ok()?;
    let i = memchr::memchr(b'\n', &bytes)?;
    Some(at + i as f64 + 1.0)
}

async fn read_slice(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let buffer = crate::worker::read_here(file, start, end)?
        .await
        .map_err(crate::worker::describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A connected helper with fewer than two requests under way: room for
/// another, so it never waits for the next.
pub(crate) fn free_slot() -> Option<u32> {
    HELPERS.with(|h| {
        let h = h.borrow();
        let under_way = |slot: u32| h.asked.values().filter(|(s, _, _)| *s == slot).count();
        (0..h.slots.len() as u32)
            .find(|&slot| h.slots[slot as usize].is_some() && under_way(slot) < 2)
    })
}

/// Sends a request to the helper in `slot`; `None` if it could not be sent.
pub(crate) fn ask(slot: u32, file: &File, mut message: ToHelper) -> Option<(u32, JsFuture)> {
    HELPERS.with(|h| {
        let mut h = h.borrow_mut();
        h.next_job += 1;
        let job = h.next_job;
        message.set_job(job);
        let port = h.slots.get(slot as usize)?.clone()?;
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        let (resolve, reject) = settle?;
        port.post_message(&envelope(&message, &[("file", file.as_ref())]))
            .ok()?;
        h.asked.insert(job, (slot, resolve, reject));
        Some((job, JsFuture::from(promise)))
    })
}

/// Stops the helpers reading these stretches (a Cancel, or the file is to
/// be read alone after all).
pub fn call_off(stretches: &[Stretch]) {
    call_off_jobs(
        stretches
            .iter()
            .filter_map(|s| s.asked.as_ref().map(|(job, _)| *job)),
    );
}

pub(crate) fn call_off_jobs(jobs: impl Iterator<Item = u32>) {
    HELPERS.with(|h| {
        let mut h = h.borrow_mut();
        for job in jobs {
            if let Some((slot, _, _)) = h.asked.remove(&job) {
                if let Some(Some(port)) = h.slots.get(slot as usize) {
                    let _ = port.post_message(&envelope(&ToHelper::Cancel { job }, &[]));
                }
            }
            h.progress.remove(&job);
        }
    });
}

/// The stretch's part: the helper's, or read here if the helper could
/// not (it stopped, or was never asked). `Err` names why it could not be read.
pub async fn take(stretch: Stretch, file: &File, split: &Split) -> Result<Part, String> {
    if let Some((job, answer)) = stretch.asked {
        let answered = answer.await;
        HELPERS.with(|h| h.borrow_mut().progress.remove(&job));
        if let Ok(data) = answered {
            // A helper that could not read its part: try here, and say
            // why if not.
            if let Ok(FromHelper::Part { part: Ok(part), .. }) = open::<FromHelper>(&data) {
                let mut part = *part;
                let rows = attachment(&data, "rows")
                    .dyn_into::<js_sys::ArrayBuffer>()
                    .map(|b| Uint8Array::new(&b).to_vec())
                    .unwrap_or_default();
                if let Some(data) = part.street.as_mut() {
                    restore_row_lists(data, &rows)?;
                }
                return Ok(part);
            }
        }
    }
    read_part(
        file,
        stretch.start,
        stretch.end,
        split,
        &|| false,
        &|_, _| {},
    )
    .await?
    .ok_or_else(|| "reading stopped".to_string())
}

/// Reads bytes `start..end` of `file` as a part, one chunk read ahead of
/// the one parsed. `Ok(None)` when `stop` says to.
async fn read_part(
    file: &File,
    start: f64,
    end: f64,
    split: &Split,
    stop: &dyn Fn() -> bool,
    progress: &dyn Fn(f64, u64),
) -> Result<Option<Part>, String> {
    let mut ingest = Ingest::part(&file.name(), split);
    ingest.expect_bytes((end - start) as u64);
    let slice = |from: f64| crate::worker::read_here(file, from, (from + CHUNK).min(end));
    let mut at = start;
    let mut asked = start;
    let mut reads = std::collections::VecDeque::new();
    loop {
        while reads.len() < READS_AHEAD && asked < end {
            reads.push_back(slice(asked)?);
            asked = (asked + CHUNK).min(end);
        }
        let Some(read) = reads.pop_front() else { break };
        let buffer = read.await.map_err(|e| {
            format!(
                "the browser could not read it after {} bytes ({})",
                at as u64,
                crate::worker::describe(e)
            )
        })?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        at += bytes.len() as f64;
        ingest.push(&bytes);
        progress(at - start, ingest.rows());
        if stop() || !ingest.is_going() {
            break;
        }
    }
    if stop() {
        return Ok(None);
    }
    Ok(Some(ingest.finish_part()))
}

/// In a helper: read the parts asked for on `port`, one at a time.
pub fn serve(port: MessagePort) {
    let reply = port.clone();
    let queue = std::rc::Rc::new(RefCell::new(std::collections::VecDeque::new()));
    let busy = std::rc::Rc::new(std::cell::Cell::new(false));
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        match open::<ToHelper>(&data) {
            Ok(ToHelper::Cancel { job }) => HELPERS.with(|h| {
                h.borrow_mut().cancelled.insert(job);
            }),
            Ok(part) => {
                let Ok(file) = attachment(&data, "file").dyn_into::<File>() else {
                    return;
                };
                queue.borrow_mut().push_back((part, file));
                if !busy.replace(true) {
                    let (queue, busy, reply) = (queue.clone(), busy.clone(), reply.clone());
                    spawn_local(async move {
                        loop {
                            let next = queue.borrow_mut().pop_front();
                            let Some((message, file)) = next else { break };
                            read_asked(&reply, message, &file).await;
                        }
                        busy.set(false);
                    });
                }
            }
            Err(e) => gloo::console::error!(format!("Scrutineer helper: {e}")),
        }
    });
    port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
}

async fn read_asked(port: &MessagePort, message: ToHelper, file: &File) {
    if let ToHelper::Member { job, .. } = &message {
        if !HELPERS.with(|h| h.borrow_mut().cancelled.remove(job)) {
            crate::worker_members::read(port, message, file.clone());
        }
        return;
    }
    let ToHelper::Part {
        job,
        start,
        end,
        split,
        crash_for_test,
        ..
    } = message
    else {
        return;
    };
    let cancelled = move || HELPERS.with(|h| h.borrow().cancelled.contains(&job));
    let last = std::cell::Cell::new(0.0);
    let progress = |bytes: f64, rows: u64| {
        if crash_for_test {
            // Test-only (see `ToWorker::Ingest`): stops as a bug would.
            panic!("the test asked this helper to crash");
        }
        // Every 16 MB or so: enough for a progress bar.
        if bytes - last.get() >= 4.0 * CHUNK {
            last.set(bytes);
            let message = FromHelper::Progress { job, bytes, rows };
            let _ = port.post_message(&envelope(&message, &[]));
        }
    };
    let read = read_part(file, start, end, &split, &cancelled, &progress).await;
    HELPERS.with(|h| h.borrow_mut().cancelled.remove(&job));
    let (part, rows) = match read {
        Ok(None) => return,
        Ok(Some(mut part)) => {
            let rows = part.street.as_mut().map(row_lists).unwrap_or_default();
            (Ok(Box::new(part)), rows)
        }
        Err(e) => (Err(e), Vec::new()),
    };
    answer_with_rows(port, &FromHelper::Part { job, part }, &rows);
}

/// In a helper: answers the ingestion worker, the street data's per-row
/// lists moved across (not copied) as the `rows` attachment.
pub(crate) fn answer_with_rows(port: &MessagePort, message: &FromHelper, rows: &[u8]) {
    let rows = Uint8Array::from(rows).buffer();
    let _ = port.post_message_with_transferable(
        &envelope(message, &[("rows", rows.as_ref())]),
        &js_sys::Array::of1(&rows),
    );
}
