//! What the user does with files: choose or drop them, open the example or a
//! workspace, save one, cancel a read, remove a file, map an unrecognised
//! layout. Each is a callback; the worker does the reading.

use std::rc::Rc;

use yew::prelude::*;

use super::read_files::Reader;
use super::route::{Route, View};
use super::state::{Action, AppState};
use super::workspace;
use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::Content;

/// The example workspace, gunzipped: from the page itself in the single-file
/// build, else from the server.
async fn fetch_example() -> Result<String, String> {
    super::fetch::gzipped_text("example-data", "./example.scrutineer.json.gz").await
}

#[derive(Clone, PartialEq)]
pub struct FileActions {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_example: Callback<MouseEvent>,
    pub opening_example: bool,
    pub on_save: Callback<MouseEvent>,
    pub on_cancel: Callback<u32>,
    pub on_remove: Callback<(usize, u32)>,
    /// (path, header signature, mapping)
    pub apply_mapping: Callback<(String, String, ColumnMapping)>,
}

#[hook]
pub fn use_file_actions(
    state: &UseReducerHandle<AppState>,
    reader: &Rc<Result<Rc<Reader>, String>>,
) -> FileActions {
    let dispatch = state.dispatcher();
    let on_files = {
        let (state, reader) = (state.clone(), reader.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            // A briefing page gives up its workspace, so it opens as one.
            let (workspaces, data): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
                workspace::is_workspace(&f.name()) || crate::publish::is_page(&f.name())
            });
            for file in workspaces {
                let dispatch = state.dispatcher();
                wasm_bindgen_futures::spawn_local(async move {
                    let name = file.name();
                    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                        .await
                        .ok()
                        .map(|b| js_sys::Uint8Array::new(&b).to_vec());
                    let opened = bytes.map(|b| {
                        if crate::publish::is_page(&name) {
                            return super::published::open_page(&name, &b);
                        }
                        workspace::text_of(&name, &b)
                            .and_then(|t| workspace::open(&name, &t))
                            .map(|(settings, files)| Action::OpenWorkspace {
                                name: name.clone(),
                                settings: Box::new(settings),
                                files,
                            })
                    });
                    let action = match opened {
                        Some(Ok(open)) => open,
                        Some(Err(why)) => Action::Rejected(why),
                        None => Action::Rejected(crate::ingest::Rejection::new(
                            &name,
                            "the browser could not read this file",
                        )),
                    };
                    dispatch.dispatch(action);
                });
            }
            if let Ok(reader) = reader.as_ref() {
                if !data.is_empty() {
                    reader.read(data, &state, &state.dispatcher());
                }
            }
        })
    };
    // Files that left the dataset (removed, or replaced by a workspace) are
    // forgotten by the worker, so loading them again counts their crimes.
    {
        let reader = reader.clone();
        let known = use_mut_ref(Vec::<u32>::new);
        let ids: Vec<u32> = state.dataset.files().iter().map(|f| f.id).collect();
        use_effect_with(ids, move |ids| {
            if let Ok(reader) = reader.as_ref() {
                for gone in known.borrow().iter().filter(|id| !ids.contains(id)) {
                    reader.forget(*gone);
                }
            }
            *known.borrow_mut() = ids.clone();
        });
    }
    // The example: a workspace built from the sample files, fetched from the
    // app's own folder and opened like one the user saved.
    let opening_example = use_state(|| false);
    let on_example = {
        let (dispatch, opening) = (dispatch.clone(), opening_example.clone());
        Callback::from(move |_| {
            let (dispatch, opening) = (dispatch.clone(), opening.clone());
            opening.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let name = "example.scrutineer.json";
                let action = match fetch_example().await {
                    Ok(text) => match workspace::open(name, &text) {
                        Ok((settings, files)) => Some(Action::OpenWorkspace {
                            name: name.into(),
                            settings: Box::new(settings),
                            files,
                        }),
                        Err(why) => Some(Action::Rejected(why)),
                    },
                    Err(why) => Some(Action::Rejected(crate::ingest::Rejection::new(
                        name,
                        format!("the example could not be opened ({why})"),
                    ))),
                };
                if let Some(action) = action {
                    let opened = matches!(action, Action::OpenWorkspace { .. });
                    dispatch.dispatch(action);
                    if opened {
                        dispatch.dispatch(Action::Navigate(Route {
                            view: View::Scorecard,
                            area: Some("Rotherham".into()),
                            ..Route::default()
                        }));
                    }
                }
                opening.set(false);
            });
        })
    };
    let on_save = {
        let state = state.clone();
        Callback::from(move |_| {
            let text = workspace::save(&state.settings, &state.dataset);
            let title = state
                .settings
                .home
                .clone()
                .unwrap_or_else(|| "Scrutineer".into());
            let name =
                crate::export::file_name(&format!("{title} workspace"), "scrutineer.json.gz");
            super::download::save_bytes(&name, "application/gzip", &workspace::gzip(&text));
        })
    };
    let on_cancel = {
        let (dispatch, reader) = (dispatch.clone(), reader.clone());
        Callback::from(move |request: u32| {
            if let Ok(reader) = reader.as_ref() {
                reader.cancel(request, &dispatch);
            }
        })
    };
    let on_remove = {
        let (dispatch, reader) = (dispatch.clone(), reader.clone());
        Callback::from(move |(index, file): (usize, u32)| {
            if let Ok(reader) = reader.as_ref() {
                reader.forget(file);
            }
            dispatch.dispatch(Action::RemoveFile(index));
        })
    };
    // A mapping, chosen or remembered: forget the unrecognised copy and read
    // the file again through it.
    let apply_mapping = {
        let (dispatch, reader, state) = (dispatch.clone(), reader.clone(), state.clone());
        Callback::from(
            move |(path, signature, mapping): (
                String,
                String,
                crate::ingest::formats::measures::ColumnMapping,
            )| {
                let Ok(reader) = reader.as_ref() else {
                    return;
                };
                dispatch.dispatch(Action::SaveMapping {
                    signature,
                    mapping: Box::new(mapping.clone()),
                });
                if let Some(index) = state
                    .dataset
                    .files()
                    .iter()
                    .position(|f| f.report.path == path)
                {
                    reader.forget(state.dataset.files()[index].id);
                    dispatch.dispatch(Action::RemoveFile(index));
                }
                if !reader.read_with_mapping(&path, &mapping, &dispatch) {
                    dispatch.dispatch(Action::Rejected(crate::ingest::Rejection::new(
                        &path,
                        "choose the file again to read it with this mapping (files inside archives cannot be re-read)",
                    )));
                }
            },
        )
    };
    // Files whose header has a remembered mapping map themselves.
    {
        let (apply_mapping, settings) = (apply_mapping.clone(), state.settings.clone());
        let unmapped: Vec<(String, String)> = state
            .dataset
            .files()
            .iter()
            .filter_map(|f| match &f.content {
                Content::Unrecognised(p) => Some((f.report.path.clone(), p.signature.clone())),
                _ => None,
            })
            .collect();
        use_effect_with(unmapped, move |unmapped| {
            for (path, signature) in unmapped {
                if let Some(m) = settings.mappings.get(signature) {
                    apply_mapping.emit((path.clone(), signature.clone(), m.clone()));
                }
            }
        });
    }

    FileActions {
        on_files,
        on_example,
        opening_example: *opening_example,
        on_save,
        on_cancel,
        on_remove,
        apply_mapping,
    }
}
