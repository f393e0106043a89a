//! The page's side of the ingestion worker: hand it files, turn its messages
//! into actions.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, MessageEvent, Worker};

use super::state::Dispatch;
use super::state::{Action, AppState};
use crate::ingest::problem::Rejection;
use crate::ingest::Loaded;

pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Whether a file found in a folder is worth reading: data files, not hidden
/// files or the READMEs and spreadsheets that sit beside them.
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

/// The worker, and the handler that turns its messages into actions.
pub struct Reader {
    worker: Worker,
    /// Messages wait here until the worker says it is ready: any sent before
    /// its wasm has started would be dropped.
    ready: Cell<bool>,
    waiting: std::cell::RefCell<Vec<Object>>,
    next_request: Cell<u32>,
    names: std::cell::RefCell<std::collections::HashMap<u32, String>>,
    /// Files whose layout was not recognised, by name: kept so they can be
    /// read again once the user maps their columns.
    unmapped: std::cell::RefCell<std::collections::HashMap<String, File>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl PartialEq for Reader {
    fn eq(&self, other: &Reader) -> bool {
        std::ptr::eq(self, other)
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn number(object: &JsValue, key: &str) -> f64 {
    get(object, key).as_f64().unwrap_or(0.0)
}

/// Starts the reader worker and connects it to the ingestion worker, so files
/// are read on one core while they are parsed on the other. Without it the
/// ingestion worker reads for itself, more slowly; so failure is only logged.
fn connect_reader(ingestion: &Worker) {
    let connected = (|| -> Result<(), JsValue> {
        let reader = Worker::new(&super::embedded::worker_url(
            "data-reader-worker",
            "./reader-worker.js",
        ))?;
        let channel = web_sys::MessageChannel::new()?;
        let to_reader = Object::new();
        Reflect::set(&to_reader, &"port".into(), &channel.port1())?;
        reader.post_message_with_transfer(&to_reader, &js_sys::Array::of1(&channel.port1()))?;
        let to_ingestion = Object::new();
        Reflect::set(&to_ingestion, &"kind".into(), &"reader".into())?;
        Reflect::set(&to_ingestion, &"port".into(), &channel.port2())?;
        ingestion.post_message_with_transfer(&to_ingestion, &js_sys::Array::of1(&channel.port2()))
    })();
    if let Err(e) = connected {
        gloo::console::warn!(format!(
            "Scrutineer: reading on a second thread is unavailable ({e:?})"
        ));
    }
}

impl Reader {
    /// Starts the worker (a classic worker: its loader uses `importScripts`).
    pub fn start(dispatch: Dispatch) -> Result<Rc<Reader>, String> {
        let worker = Worker::new(&super::embedded::worker_url(
            "data-worker",
            "./worker_loader.js",
        ))
        .map_err(|e| format!("{e:?}"))?;
        let names = std::cell::RefCell::new(std::collections::HashMap::new());
        let reader = Rc::new_cyclic(|weak: &std::rc::Weak<Reader>| {
            let weak = weak.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                let request = number(&data, "request") as u32;
                let name = weak
                    .upgrade()
                    .and_then(|r| r.names.borrow().get(&request).cloned())
                    .unwrap_or_default();
                match get(&data, "kind").as_string().as_deref() {
                    Some("ready") => {
                        if let Some(r) = weak.upgrade() {
                            connect_reader(&r.worker);
                            r.ready.set(true);
                            for message in r.waiting.take() {
                                r.send(&message);
                            }
                        }
                    }
                    Some("progress") => dispatch.dispatch(Action::Progress {
                        request,
                        bytes: number(&data, "bytes") as u64,
                        rows: number(&data, "rows") as u64,
                    }),
                    Some("loaded") => {
                        let json = get(&data, "json").as_string().unwrap_or_default();
                        match serde_json::from_str::<Loaded>(&json) {
                            Ok(loaded) => dispatch.dispatch(Action::Loaded {
                                file: number(&data, "file") as u32,
                                loaded: Box::new(loaded),
                            }),
                            Err(e) => dispatch.dispatch(Action::Rejected(Rejection::new(
                                &name,
                                format!("the worker's result could not be read ({e})"),
                            ))),
                        }
                    }
                    Some("cancelled") => dispatch.dispatch(Action::Rejected(Rejection::new(
                        &name,
                        "loading was cancelled, so nothing from this file was kept",
                    ))),
                    Some("warm") => gloo::console::debug!(format!(
                        "Scrutineer timing: worker warmed up on {} made-up rows in {:.0} ms",
                        number(&data, "rows"),
                        number(&data, "ms")
                    )),
                    Some("done") => {
                        // For the benchmark: where the worker's time went.
                        gloo::console::debug!(format!(
                            "Scrutineer timing: {name}: waiting for reads {:.0} ms, parsing {:.0} ms, finishing {:.0} ms; worker memory {:.1} MB",
                            number(&data, "waitingForReadsMs"),
                            number(&data, "parsingMs"),
                            number(&data, "finishingMs"),
                            number(&data, "memoryBytes") / 1e6
                        ));
                        if let Some(r) = weak.upgrade() {
                            r.names.borrow_mut().remove(&request);
                        }
                        dispatch.dispatch(Action::ReadFinished(request));
                    }
                    _ => {}
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            Reader {
                worker,
                ready: Cell::new(false),
                waiting: std::cell::RefCell::new(Vec::new()),
                next_request: Cell::new(1),
                names,
                unmapped: std::cell::RefCell::new(std::collections::HashMap::new()),
                _on_message: on_message,
            }
        });
        Ok(reader)
    }

    fn post(&self, fields: &[(&str, JsValue)]) {
        let message = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&message, &JsValue::from_str(k), v);
        }
        if self.ready.get() {
            self.send(&message);
        } else {
            self.waiting.borrow_mut().push(message);
        }
    }

    fn send(&self, message: &Object) {
        if let Err(e) = self.worker.post_message(message) {
            gloo::console::error!(format!("Scrutineer: could not reach the worker: {e:?}"));
        }
    }

    /// Hands files to the worker, refusing at once any already loaded.
    pub fn read(&self, files: Vec<File>, state: &AppState, dispatch: &Dispatch) {
        let mut started = Vec::new();
        for file in files {
            let (name, size) = (file.name(), file.size() as u64);
            let queued = state
                .reading
                .iter()
                .any(|r| r.name == name && r.size == size);
            if state.dataset.has_file(&name, size) || queued {
                dispatch.dispatch(Action::Rejected(Rejection::new(
                    &name,
                    "this file is already loaded, so it was not loaded again",
                )));
                continue;
            }
            let request = self.next_request.get();
            self.next_request.set(request + 1);
            self.names.borrow_mut().insert(request, name.clone());
            self.unmapped
                .borrow_mut()
                .insert(name.clone(), file.clone());
            self.post(&[
                ("kind", "ingest".into()),
                ("request", request.into()),
                ("file", file.into()),
            ]);
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
        mapping: &crate::ingest::formats::measures::ColumnMapping,
        dispatch: &Dispatch,
    ) -> bool {
        let Some(file) = self.unmapped.borrow().get(name).cloned() else {
            return false;
        };
        let request = self.next_request.get();
        self.next_request.set(request + 1);
        self.names.borrow_mut().insert(request, name.to_string());
        let size = file.size() as u64;
        self.post(&[
            ("kind", "ingest".into()),
            ("request", request.into()),
            ("file", file.into()),
            (
                "mapping",
                serde_json::to_string(mapping).unwrap_or_default().into(),
            ),
        ]);
        dispatch.dispatch(Action::ReadStarted(vec![(request, name.to_string(), size)]));
        true
    }

    pub fn cancel(&self, request: u32, dispatch: &Dispatch) {
        self.post(&[("kind", "cancel".into()), ("request", request.into())]);
        dispatch.dispatch(Action::CancelRequested(request));
    }

    /// Forgets a removed file's crimes, so loading it again counts them.
    pub fn forget(&self, file: u32) {
        self.post(&[("kind", "forget".into()), ("file", file.into())]);
    }
}
