//! Reading the files a user chose or dropped, one at a time, and ingesting each.

use std::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, FileList};
use yew::UseReducerDispatcher;

use super::state::{Action, AppState};
use crate::ingest::problem::Rejection;
use crate::ingest::{ingest_bytes, Registry};

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Forgets a removed file's crimes, so loading it again counts them.
pub fn forget(file: u32) {
    REGISTRY.with(|r| r.borrow_mut().forget(file));
}

/// Reads and ingests `files` in turn, reporting each as it finishes.
pub fn read_and_parse(files: Vec<File>, dispatch: UseReducerDispatcher<AppState>) {
    if files.is_empty() {
        return;
    }
    let requests: Vec<(u32, File)> = files.into_iter().map(|f| (next_id(), f)).collect();
    dispatch.dispatch(Action::ReadStarted(
        requests
            .iter()
            .map(|(id, f)| (*id, f.name(), f.size() as u64))
            .collect(),
    ));
    spawn_local(async move {
        for (request, file) in requests {
            let name = file.name();
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    for mut loaded in ingest_bytes(&name, &Uint8Array::new(&buffer).to_vec()) {
                        let id = next_id();
                        if let Some(content) = loaded.content.as_mut() {
                            if let Some(notice) =
                                REGISTRY.with(|r| r.borrow_mut().admit(id, content))
                            {
                                loaded.report.notices.push(notice);
                            }
                        }
                        dispatch.dispatch(Action::Loaded {
                            file: id,
                            loaded: Box::new(loaded),
                        });
                    }
                }
                Err(error) => dispatch.dispatch(Action::Rejected(Rejection::new(
                    &name,
                    format!("the browser could not read it ({})", describe(&error)),
                ))),
            }
            dispatch.dispatch(Action::ReadFinished(request));
        }
    });
}

fn describe(error: &JsValue) -> String {
    js_sys::Error::from(error.clone())
        .message()
        .as_string()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "unknown error".into())
}
