//! Files the app fetches from its own origin once loaded: the example
//! workspace and the neighbourhood table, each gzipped. The single-file build
//! carries them in the page instead (`embedded`).

use std::rc::Rc;

use super::state::{Action, Dispatch, LookupState};
use crate::analysis::neighbourhoods::Lookup;

pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await
            .map_err(|e| format!("{e:?}"))?
            .dyn_into()
            .map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(
        response.array_buffer().map_err(|e| format!("{e:?}"))?,
    )
    .await
    .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A gzipped text file: from the page's element `carried` in the single-file
/// build, else from `url`.
pub async fn gzipped_text(carried: &str, url: &str) -> Result<String, String> {
    let bytes = match super::embedded::carried_bytes(carried) {
        Some(bytes) => bytes?,
        None => fetch_bytes(url).await?,
    };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .map_err(|e| e.to_string())?;
    Ok(text)
}

/// Fetches the neighbourhood table unless it is loaded or on its way.
pub fn load_lookup(current: &LookupState, dispatch: Dispatch) {
    if !matches!(current, LookupState::NotLoaded) {
        return;
    }
    dispatch.dispatch(Action::SetLookup(LookupState::Loading));
    wasm_bindgen_futures::spawn_local(async move {
        let result = gzipped_text("neighbourhood-data", "./neighbourhoods.tsv.gz")
            .await
            .and_then(|text| Lookup::parse(&text));
        dispatch.dispatch(Action::SetLookup(match result {
            Ok(lookup) => LookupState::Loaded(Rc::new(lookup)),
            Err(e) => LookupState::Failed(format!(
                "The neighbourhood map could not be loaded ({e}). Select Try again, or reload the page; your loaded data is kept."
            )),
        }));
    });
}
