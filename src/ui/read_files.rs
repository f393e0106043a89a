//! Reading the files a user chose or dropped, one at a time, and parsing each.

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, FileList};
use yew::UseReducerDispatcher;

use super::state::{Action, AppState};
use crate::ingest::police_uk_street::parse;
use crate::ingest::problem::Rejection;

pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads and parses `files` in turn, reporting each as it finishes. One at a
/// time, so only one file's bytes are in memory at once.
pub fn read_and_parse(files: Vec<File>, dispatch: UseReducerDispatcher<AppState>) {
    if files.is_empty() {
        return;
    }
    dispatch.dispatch(Action::ReadStarted(files.len()));
    spawn_local(async move {
        for file in files {
            let name = file.name();
            let result = match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => parse(&name, &Uint8Array::new(&buffer).to_vec()),
                Err(error) => Err(Rejection::new(
                    &name,
                    format!("the browser could not read it ({})", describe(&error)),
                )),
            };
            dispatch.dispatch(Action::Parsed(Box::new(result)));
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
