//! Saving a file the app made (CSV, SVG, PNG) to the user's computer: an
//! object URL clicked as a download link. Nothing is sent anywhere.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

fn click_link(name: &str, href: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(href);
    link.set_download(name);
    link.click();
    Ok(())
}

/// Saves `text` as `name` with the given MIME type.
pub fn save_text(name: &str, mime: &str, text: &str) {
    save_part(name, mime, &JsValue::from_str(text));
}

/// Saves `bytes` as `name` with the given MIME type.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) {
    save_part(name, mime, &js_sys::Uint8Array::from(bytes));
}

fn save_part(name: &str, mime: &str, part: &JsValue) {
    let result = (|| -> Result<(), JsValue> {
        let parts = js_sys::Array::of1(part);
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        let blob = Blob::new_with_buffer_source_sequence_and_options(&parts, &options)?;
        let url = Url::create_object_url_with_blob(&blob)?;
        click_link(name, &url)?;
        // Released after the click has started the download.
        gloo::timers::callback::Timeout::new(1_000, move || {
            let _ = Url::revoke_object_url(&url);
        })
        .forget();
        Ok(())
    })();
    if let Err(e) = result {
        gloo::console::error!(format!("Scrutineer: could not save {name}: {e:?}"));
    }
}

/// Saves a `data:` URL (a canvas's PNG) as `name`.
pub fn save_data_url(name: &str, url: &str) {
    if let Err(e) = click_link(name, url) {
        gloo::console::error!(format!("Scrutineer: could not save {name}: {e:?}"));
    }
}

/// The text of a table's rows, header included, cell by cell.
pub fn table_rows(table_id: &str) -> Vec<Vec<String>> {
    let Some(table) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(table_id))
    else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let Ok(trs) = table.query_selector_all("tr") else {
        return rows;
    };
    for i in 0..trs.length() {
        let Some(tr) = trs
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Ok(cells) = tr.query_selector_all("th, td") else {
            continue;
        };
        let row: Vec<String> = (0..cells.length())
            .filter_map(|j| cells.item(j))
            .map(|c| {
                c.dyn_into::<web_sys::HtmlElement>()
                    .map(|e| e.inner_text())
                    .unwrap_or_default()
                    // Sort arrows are decoration, not data.
                    .replace(['▲', '▼'], "")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        rows.push(row);
    }
    rows
}
