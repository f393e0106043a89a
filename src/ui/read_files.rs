//! The page's side of the ingestion worker: hand it files, turn its messages
//! into actions.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::{Rc, Weak};

use js_sys::Object;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, File, FileList, MessageEvent, Worker};

use super::state::Dispatch;
use super::state::{Action, AppState};
use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::{Content, Loaded};
use crate::ingest::{Rejection, RejectionKind};
use crate::protocol::web::{attachment, envelope, open};
use crate::protocol::{FileId, FromWorker, RequestId, ToWorker, READMIT};

pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Whether a file found in a folder is worth reading: data files and
/// spreadsheets, not hidden files or the READMEs and documents beside them.
pub fn is_data_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.starts_with('.')
        && [
            ".csv",
            ".csv.gz",
            ".gz",
            ".zip",
            ".txt",
            ".tsv",
            ".xlsx",
            ".xls",
            ".ods",
            ".scrutineer.json",
        ]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// A callback-style browser API as a future.
async fn settle(
    start: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<JsValue, JsValue> {
    let mut start = Some(start);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(start) = start.take() {
            start(&resolve, &reject);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).await
}

/// Every data file under a dropped entry, folders walked to any depth.
async fn walk(entry: web_sys::FileSystemEntry, out: &mut Vec<File>) {
    let mut stack = vec![entry];
    while let Some(entry) = stack.pop() {
        if entry.is_file() {
            let file_entry: web_sys::FileSystemFileEntry = entry.unchecked_into();
            if let Ok(file) =
                settle(|ok, err| file_entry.file_with_callback_and_callback(ok, err)).await
            {
                if let Ok(file) = file.dyn_into::<File>() {
                    if is_data_file(&file.name()) {
                        out.push(file);
                    }
                }
            }
        } else if entry.is_directory() {
            let directory: web_sys::FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = directory.create_reader();
            // readEntries answers in batches until it answers with none.
            loop {
                let Ok(batch) = settle(|ok, err| {
                    if let Err(e) = reader.read_entries_with_callback_and_callback(ok, err) {
                        let _ = err.call1(&JsValue::NULL, &e);
                    }
                })
                .await
                else {
                    break;
                };
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                stack.extend(
                    batch
                        .iter()
                        .filter_map(|e| e.dyn_into::<web_sys::FileSystemEntry>().ok()),
                );
            }
        }
    }
}

/// The files in a drop: plain files as they are, folders walked for data files.
/// The drop's items must be taken during the event; walking happens after.
pub fn dropped(transfer: web_sys::DataTransfer, on_files: yew::Callback<Vec<File>>) {
    let items = transfer.items();
    let entries: Vec<web_sys::FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if entries.is_empty() || entries.iter().all(|e| e.is_file()) {
        on_files.emit(files_of(transfer.files()));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut files = Vec::new();
        for entry in entries {
            walk(entry, &mut files).await;
        }
        on_files.emit(files);
    });
}

/// A file handed to the worker and not yet finished: kept so that, if the
/// worker dies, the file it was reading can be named and the rest sent again.
struct Job {
    name: String,
    file: File,
    mapping: Option<ColumnMapping>,
}

/// A file read into the crime registry (see `Reader::sources`).
struct Source {
    file: File,
    mapping: Option<ColumnMapping>,
    ids: Vec<Option<FileId>>,
}

/// Restarts in a row, with no file loaded between, before the page gives up:
/// a worker that dies as it starts would otherwise be restarted for ever.
const MAX_RESTARTS: u32 = 3;
/// How long, in ms, loaded files wait to be handed over with the ones after
/// them: half a second of an archive's members at a time.
const LOADED_EVERY_MS: u32 = 500;

/// The ingestion worker, and the handlers that turn its messages into actions.
/// If the worker dies (a bug, or the tab's memory running out), the file it
/// was reading is named as not loaded, a new worker is started with what the
/// crime registry held, and the files still waiting are sent to it.
pub struct Reader {
    worker: RefCell<Worker>,
    /// The reader worker connected to the ingestion worker, if it started.
    reading_thread: RefCell<Option<Worker>>,
    /// Helpers reading later parts of large files (`worker_parts`), by slot.
    helpers: RefCell<Vec<Option<Helper>>>,
    helper_restarts: Cell<u32>,
    this: Weak<Reader>,
    /// Messages wait here until the worker says it is ready: any sent before
    /// its wasm has started would be dropped.
    ready: Cell<bool>,
    waiting: RefCell<Vec<(Object, js_sys::Array)>>,
    next_request: Cell<RequestId>,
    /// Sent and not yet done, in the order the worker takes them.
    jobs: RefCell<BTreeMap<RequestId, Job>>,
    /// Files whose street data is in the crime registry, in the order
    /// read, with the ids their entries were given: read again into a new
    /// worker's registry if the worker dies (`ToWorker::Readmit`).
    sources: RefCell<Vec<Source>>,
    /// The entries of each request under way: `Some(id)` for street data.
    arriving: RefCell<HashMap<RequestId, Vec<Option<FileId>>>>,
    /// The files chosen or dropped together, by request: the first request
    /// of the choice. Files chosen together are taken as one download.
    choices: RefCell<HashMap<RequestId, RequestId>>,
    /// The id after the highest the worker has given: a new worker goes on from it.
    next_file: Cell<FileId>,
    restarts: Cell<u32>,
    /// Files whose layout was not recognised, by name: kept so they can be
    /// read again once the user maps their columns.
    unmapped: RefCell<HashMap<String, File>>,
    /// Files loaded and not yet handed to the state: an archive's members
    /// are handed over a batch at a time (`LOADED_EVERY_MS`), since every
    /// hand-over works the views out again over everything loaded.
    loaded: RefCell<Vec<(FileId, Box<Loaded>)>>,
    hand_over: RefCell<Option<gloo::timers::callback::Timeout>>,
    dispatch: Dispatch,
    on_message: Closure<dyn FnMut(MessageEvent)>,
    on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl PartialEq for Reader {
    fn eq(&self, other: &Reader) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Starts the reader worker and connects it to the ingestion worker, so files
/// are read on one core while they are parsed on the other. Without it the
/// ingestion worker reads for itself, more slowly; so failure is only logged.
fn connect_reader(ingestion: &Worker) -> Option<Worker> {
    let connected = (|| -> Result<Worker, JsValue> {
        let reader = Worker::new(&super::embedded::worker_url(
            "data-reader-worker",
            "./reader-worker.js",
        ))?;
        let channel = web_sys::MessageChannel::new()?;
        let to_reader = Object::new();
        js_sys::Reflect::set(&to_reader, &"port".into(), &channel.port1())?;
        reader.post_message_with_transfer(&to_reader, &js_sys::Array::of1(&channel.port1()))?;
        let port: JsValue = channel.port2().into();
        ingestion.post_message_with_transfer(
            &envelope(&ToWorker::Reader, &[("port", &port)]),
            &js_sys::Array::of1(&port),
        )?;
        Ok(reader)
    })();
    match connected {
        Ok(reader) => Some(reader),
        Err(e) => {
            gloo::console::warn!(format!(
                "Scrutineer: reading on a second thread is unavailable ({e:?})"
            ));
            None
        }
    }
}

fn new_worker() -> Result<Worker, String> {
    // A classic worker: its loader uses `importScripts`.
    Worker::new(&super::embedded::worker_url(
        "data-worker",
        "./worker_loader.js",
    ))
    .map_err(|e| format!("{e:?}"))
}

/// Test-only: the browser tests name a file in `window.scrutineerCrashOn` to
/// have the worker die while reading it (see `ToWorker::Ingest`).
fn crash_for_test(name: &str) -> bool {
    test_flag("scrutineerCrashOn").is_some_and(|wanted| wanted.as_string().as_deref() == Some(name))
}

/// A value the browser tests set on `window`, if set.
fn test_flag(name: &str) -> Option<JsValue> {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &name.into()).ok())
        .filter(|v| !v.is_undefined())
}

/// Helpers to start: one per core beyond two (one for the ingestion
/// worker, one for reading the file and the page), at most three (each
/// holds its own copy of the reader). On a 2-core machine that is none: a
/// helper there took the core reading needs, and a 231 MB file loaded in
/// 0.85-0.94 s with one against 0.66-0.78 s with none (BENCHMARKS.md). The
/// browser tests set `window.scrutineerHelpers` to choose a count.
fn helpers_wanted() -> u32 {
    if let Some(n) = test_flag("scrutineerHelpers").and_then(|v| v.as_f64()) {
        return n.clamp(0.0, 8.0) as u32;
    }
    let cores = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
        .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()).ok())
        .and_then(|c| c.as_f64())
        .unwrap_or(1.0);
    ((cores as u32).saturating_sub(2)).min(MAX_HELPERS)
}

const MAX_HELPERS: u32 = 3;
/// Helpers restarted in a session before the page stops replacing them
/// (files are then read by the ingestion worker alone, as before).
const MAX_HELPER_RESTARTS: u32 = 6;

/// A helper worker, with the handlers that keep it connected.
struct Helper {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Reader {
    pub fn start(dispatch: Dispatch) -> Result<Rc<Reader>, String> {
        let worker = new_worker()?;
        let reader = Rc::new_cyclic(|weak: &Weak<Reader>| {
            let on_message = {
                let weak = weak.clone();
                Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                    if let Some(r) = weak.upgrade() {
                        r.on_message(&e.data());
                    }
                })
            };
            let on_error = {
                let weak = weak.clone();
                Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
                    if let Some(r) = weak.upgrade() {
                        r.restart(&e.message());
                    }
                })
            };
            Reader {
                worker: RefCell::new(worker),
                reading_thread: RefCell::new(None),
                helpers: RefCell::new(Vec::new()),
                helper_restarts: Cell::new(0),
                this: weak.clone(),
                ready: Cell::new(false),
                waiting: RefCell::new(Vec::new()),
                next_request: Cell::new(1),
                jobs: RefCell::new(BTreeMap::new()),
                sources: RefCell::new(Vec::new()),
                arriving: RefCell::new(HashMap::new()),
                choices: RefCell::new(HashMap::new()),
                next_file: Cell::new(1),
                restarts: Cell::new(0),
                unmapped: RefCell::new(HashMap::new()),
                loaded: RefCell::new(Vec::new()),
                hand_over: RefCell::new(None),
                dispatch,
                on_message,
                on_error,
            }
        });
        reader.listen();
        Ok(reader)
    }

    fn listen(&self) {
        let worker = self.worker.borrow();
        worker.set_onmessage(Some(self.on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(self.on_error.as_ref().unchecked_ref()));
    }

    fn name_of(&self, request: RequestId) -> String {
        self.jobs
            .borrow()
            .get(&request)
            .map(|j| j.name.clone())
            .unwrap_or_default()
    }

    /// Hands the files loaded so far to the state, in the order read.
    fn hand_over_loaded(&self) {
        self.hand_over.take();
        let files = self.loaded.take();
        if !files.is_empty() {
            self.dispatch.dispatch(Action::Loaded(files));
        }
    }

    fn on_message(&self, data: &JsValue) {
        let dispatch = &self.dispatch;
        let message = open::<FromWorker>(data).and_then(|mut message| {
            let detail = attachment(data, "detail");
            if let Some(detail) = detail.dyn_ref::<js_sys::ArrayBuffer>() {
                message.restore_detail(&js_sys::Uint8Array::new(detail).to_vec())?;
            }
            Ok(message)
        });
        let message = match message {
            Ok(message) => message,
            Err(e) => {
                // Only a bug here sends what the page cannot read: blame the
                // file being read, so it is not waited for in vain.
                let first = self.jobs.borrow().keys().next().copied();
                if let Some(request) = first {
                    dispatch.dispatch(Action::Rejected(Rejection::new(
                        &self.name_of(request),
                        format!("the worker's result could not be read ({e})"),
                    )));
                }
                return;
            }
        };
        // Whatever else the worker says follows the files it loaded before.
        if !matches!(
            message,
            FromWorker::Loaded { .. } | FromWorker::Progress { .. }
        ) {
            self.hand_over_loaded();
        }
        match message {
            FromWorker::Ready => {
                *self.reading_thread.borrow_mut() = connect_reader(&self.worker.borrow());
                self.ready.set(true);
                self.start_helpers();
                for (message, transfer) in self.waiting.take() {
                    self.send(&message, &transfer);
                }
            }
            FromWorker::Progress {
                request,
                bytes,
                rows,
            } => dispatch.dispatch(Action::Progress {
                request,
                bytes: bytes as u64,
                rows,
            }),
            FromWorker::Loaded {
                request,
                file,
                mut loaded,
            } => {
                self.restarts.set(0);
                if let Some(choice) = self.choices.borrow().get(&request) {
                    loaded.report.download = Some(format!("the files chosen together ({choice})"));
                }
                if loaded.report.modified.is_none() {
                    loaded.report.modified = self.jobs.borrow().get(&request).map(|job| {
                        let date = js_sys::Date::new(&JsValue::from(job.file.last_modified()));
                        String::from(date.to_iso_string())
                    });
                }
                self.next_file.set(self.next_file.get().max(file + 1));
                let street = matches!(loaded.content, Some(Content::Street(_)));
                self.arriving
                    .borrow_mut()
                    .entry(request)
                    .or_default()
                    .push(street.then_some(file));
                self.loaded.borrow_mut().push((file, loaded));
                if self.hand_over.borrow().is_none() {
                    let this = self.this.clone();
                    *self.hand_over.borrow_mut() = Some(gloo::timers::callback::Timeout::new(
                        LOADED_EVERY_MS,
                        move || {
                            if let Some(reader) = this.upgrade() {
                                reader.hand_over_loaded();
                            }
                        },
                    ));
                }
            }
            FromWorker::Cancelled { request } => {
                // An archive's members are handed over as they are read.
                let kept = self.arriving.borrow().get(&request).map_or(0, Vec::len);
                let why = match kept {
                    0 => "loading was cancelled, so nothing from this file was kept".to_string(),
                    n => format!(
                        "loading was cancelled; the {n} {} read before then {} kept (listed above; remove any not wanted)",
                        if n == 1 { "entry" } else { "entries" },
                        if n == 1 { "is" } else { "are" }
                    ),
                };
                dispatch.dispatch(Action::Rejected(Rejection::of(
                    RejectionKind::Cancelled,
                    &self.name_of(request),
                    why,
                )))
            }
            FromWorker::Warm { ms, rows } => gloo::console::debug!(format!(
                "Scrutineer timing: worker warmed up on {rows} made-up rows in {ms:.0} ms"
            )),
            FromWorker::Done {
                request: READMIT, ..
            } => {}
            FromWorker::Done { request, timing } => {
                // For the benchmark: where the worker's time went.
                gloo::console::debug!(format!(
                    "Scrutineer timing: {}: waiting for reads {:.0} ms, parsing {:.0} ms, {} parts from helpers {:.0} ms, finishing {:.0} ms; worker memory {:.1} MB",
                    self.name_of(request),
                    timing.waiting_for_reads_ms,
                    timing.parsing_ms,
                    timing.parts,
                    timing.waiting_for_parts_ms,
                    timing.finishing_ms,
                    timing.memory_bytes / 1e6
                ));
                let job = self.jobs.borrow_mut().remove(&request);
                let ids = self
                    .arriving
                    .borrow_mut()
                    .remove(&request)
                    .unwrap_or_default();
                if let Some(job) = job.filter(|_| ids.iter().any(Option::is_some)) {
                    self.sources.borrow_mut().push(Source {
                        file: job.file,
                        mapping: job.mapping,
                        ids,
                    });
                }
                dispatch.dispatch(Action::ReadFinished(request));
            }
        }
    }

    /// The worker died: say which file it was reading, start another with
    /// what the registry held, and send it the files still waiting.
    fn restart(&self, error: &str) {
        gloo::console::error!(format!("Scrutineer: the reading worker stopped ({error})"));
        self.hand_over_loaded();
        self.worker.borrow().terminate();
        if let Some(thread) = self.reading_thread.take() {
            thread.terminate();
        }
        let lost = self.jobs.borrow().keys().next().copied();
        let restarts = self.restarts.get() + 1;
        self.restarts.set(restarts);
        let given_up = restarts > MAX_RESTARTS;
        let lost: Vec<RequestId> = if given_up {
            self.jobs.borrow().keys().copied().collect()
        } else {
            lost.into_iter().collect()
        };
        for request in lost {
            let name = self.name_of(request);
            self.jobs.borrow_mut().remove(&request);
            let reason = if given_up {
                "Scrutineer's file reader could not be started again, so this file was not read. Reload the page to try again; the files already loaded are in the list.".to_string()
            } else {
                "Scrutineer's file reader stopped while reading this file, so nothing from it was kept. The files already loaded are unaffected, and the reader was restarted for any others. Please report this file to the Scrutineer team.".to_string()
            };
            self.dispatch.dispatch(Action::Rejected(Rejection::of(
                RejectionKind::ReaderStopped,
                &name,
                reason,
            )));
            self.dispatch.dispatch(Action::ReadFinished(request));
        }
        if given_up {
            return;
        }
        let worker = match new_worker() {
            Ok(worker) => worker,
            Err(e) => {
                gloo::console::error!(format!("Scrutineer: no new worker ({e})"));
                return;
            }
        };
        *self.worker.borrow_mut() = worker;
        self.ready.set(false);
        self.waiting.borrow_mut().clear();
        self.listen();
        self.arriving.borrow_mut().clear();
        let restore = ToWorker::Restore {
            next_file: self.next_file.get(),
        };
        self.post(&restore, &[], js_sys::Array::new());
        for source in self.sources.borrow().iter() {
            let readmit = ToWorker::Readmit {
                ids: source.ids.clone(),
                mapping: source.mapping.clone().map(Box::new),
            };
            self.post(
                &readmit,
                &[("file", source.file.as_ref())],
                js_sys::Array::new(),
            );
        }
        let again: Vec<(RequestId, File, Option<ColumnMapping>, String)> = self
            .jobs
            .borrow()
            .iter()
            .map(|(r, j)| (*r, j.file.clone(), j.mapping.clone(), j.name.clone()))
            .collect();
        for (request, file, mapping, name) in again {
            self.send_file(request, &file, mapping, &name);
        }
    }

    /// Starts the helpers afresh (their ports reach the ingestion worker
    /// that is running now).
    fn start_helpers(&self) {
        for helper in self.helpers.take().into_iter().flatten() {
            helper.worker.terminate();
        }
        let wanted = helpers_wanted();
        *self.helpers.borrow_mut() = (0..wanted).map(|_| None).collect();
        for slot in 0..wanted {
            self.start_helper(slot);
        }
    }

    fn start_helper(&self, slot: u32) {
        let worker = match new_worker() {
            Ok(worker) => worker,
            Err(e) => {
                gloo::console::warn!(format!("Scrutineer: no helper worker ({e})"));
                return;
            }
        };
        let on_message = {
            let weak = self.this.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                if let (Some(r), Ok(FromWorker::Ready)) = (weak.upgrade(), open(&e.data())) {
                    r.connect_helper(slot);
                }
            })
        };
        let on_error = {
            let weak = self.this.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
                if let Some(r) = weak.upgrade() {
                    r.replace_helper(slot, &e.message());
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        if let Some(place) = self.helpers.borrow_mut().get_mut(slot as usize) {
            *place = Some(Helper {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            });
        }
    }

    /// A helper has started: connect it to the ingestion worker.
    fn connect_helper(&self, slot: u32) {
        let helpers = self.helpers.borrow();
        let Some(Some(helper)) = helpers.get(slot as usize) else {
            return;
        };
        let connected = (|| -> Result<(), JsValue> {
            let channel = web_sys::MessageChannel::new()?;
            let (mine, theirs): (JsValue, JsValue) =
                (channel.port1().into(), channel.port2().into());
            helper.worker.post_message_with_transfer(
                &envelope(&ToWorker::Serve, &[("port", &mine)]),
                &js_sys::Array::of1(&mine),
            )?;
            self.post(
                &ToWorker::Helper { slot },
                &[("port", &theirs)],
                js_sys::Array::of1(&theirs),
            );
            Ok(())
        })();
        if let Err(e) = connected {
            gloo::console::warn!(format!(
                "Scrutineer: a helper could not be connected ({e:?})"
            ));
        }
    }

    /// A helper stopped: what it was reading is read by the ingestion
    /// worker instead, and another helper takes its place.
    fn replace_helper(&self, slot: u32, error: &str) {
        gloo::console::error!(format!("Scrutineer: a helper worker stopped ({error})"));
        if let Some(Some(helper)) = self
            .helpers
            .borrow_mut()
            .get_mut(slot as usize)
            .map(Option::take)
        {
            helper.worker.terminate();
        }
        self.post(&ToWorker::HelperLost { slot }, &[], js_sys::Array::new());
        let restarts = self.helper_restarts.get() + 1;
        self.helper_restarts.set(restarts);
        if restarts <= MAX_HELPER_RESTARTS {
            self.start_helper(slot);
        }
    }

    fn post(&self, message: &ToWorker, attachments: &[(&str, &JsValue)], transfer: js_sys::Array) {
        let message = envelope(message, attachments);
        if self.ready.get() {
            self.send(&message, &transfer);
        } else {
            self.waiting.borrow_mut().push((message, transfer));
        }
    }

    fn send(&self, message: &Object, transfer: &js_sys::Array) {
        if let Err(e) = self
            .worker
            .borrow()
            .post_message_with_transfer(message, transfer)
        {
            gloo::console::error!(format!("Scrutineer: could not reach the worker: {e:?}"));
        }
    }

    fn send_file(
        &self,
        request: RequestId,
        file: &File,
        mapping: Option<ColumnMapping>,
        name: &str,
    ) {
        let message = ToWorker::Ingest {
            request,
            mapping: mapping.map(Box::new),
            crash_for_test: crash_for_test(name),
            crash_helper_for_test: test_flag("scrutineerCrashHelperOn")
                .is_some_and(|wanted| wanted.as_string().as_deref() == Some(name)),
        };
        self.post(&message, &[("file", file.as_ref())], js_sys::Array::new());
    }

    fn start_job(&self, file: File, mapping: Option<ColumnMapping>) -> RequestId {
        let request = self.next_request.get();
        self.next_request.set(request + 1);
        let name = file.name();
        self.send_file(request, &file, mapping.clone(), &name);
        self.jobs.borrow_mut().insert(
            request,
            Job {
                name,
                file,
                mapping,
            },
        );
        request
    }

    /// Hands files to the worker, refusing at once any already loaded.
    pub fn read(&self, files: Vec<File>, state: &AppState, dispatch: &Dispatch) {
        let mut started = Vec::new();
        let mut choice = None;
        for file in files {
            let (name, size) = (file.name(), file.size() as u64);
            let queued = state
                .reading
                .iter()
                .any(|r| r.name == name && r.size == size);
            if state.dataset.has_file(&name, size) || queued {
                dispatch.dispatch(Action::Rejected(Rejection::of(
                    RejectionKind::AlreadyLoaded,
                    &name,
                    "this file is already loaded, so it was not loaded again",
                )));
                continue;
            }
            self.unmapped
                .borrow_mut()
                .insert(name.clone(), file.clone());
            let request = self.start_job(file, None);
            let first = *choice.get_or_insert(request);
            self.choices.borrow_mut().insert(request, first);
            started.push((request, name, size));
        }
        if !started.is_empty() {
            dispatch.dispatch(Action::ReadStarted(started));
        }
    }

    /// Reads a file again with a column mapping. The caller removes the
    /// unrecognised copy first. False when the file is no longer at hand.
    pub fn read_with_mapping(
        &self,
        name: &str,
        mapping: &ColumnMapping,
        dispatch: &Dispatch,
    ) -> bool {
        let Some(file) = self.unmapped.borrow().get(name).cloned() else {
            return false;
        };
        let size = file.size() as u64;
        let request = self.start_job(file, Some(mapping.clone()));
        dispatch.dispatch(Action::ReadStarted(vec![(request, name.to_string(), size)]));
        true
    }

    pub fn cancel(&self, request: RequestId, dispatch: &Dispatch) {
        self.post(&ToWorker::Cancel { request }, &[], js_sys::Array::new());
        dispatch.dispatch(Action::CancelRequested(request));
    }

    /// Forgets a removed file's crimes, so loading it again counts them.
    pub fn forget(&self, file: FileId) {
        let mut sources = self.sources.borrow_mut();
        for source in sources.iter_mut() {
            for id in source.ids.iter_mut().filter(|id| **id == Some(file)) {
                *id = None;
            }
        }
        sources.retain(|s| s.ids.iter().any(Option::is_some));
        drop(sources);
        self.post(&ToWorker::Forget { file }, &[], js_sys::Array::new());
    }
}
