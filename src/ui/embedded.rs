//! What the single-file build (`scripts/single-file.mjs`) puts in the page in
//! place of the files a server would serve. Opened from file://, the browser
//! may not load workers or fetch the example from disk, so that build gives
//! the workers as Blob URLs on `<html data-worker data-reader-worker>`, and the
//! example and the neighbourhood table as base64 in `<script id="example-data">`
//! and `<script id="neighbourhood-data">`. Served normally, none of
//! these exist and the served files are used.

/// The URL to start a worker from: the single-file build's Blob URL when
/// there is one, else the served file.
pub fn worker_url(attribute: &str, served: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute(attribute))
        .unwrap_or_else(|| served.to_string())
}

/// A gzipped file carried in the page as base64 in the element `id`
/// (`example-data`, `neighbourhood-data`), if this is the single-file build.
pub fn carried_bytes(id: &str) -> Option<Result<Vec<u8>, String>> {
    let window = web_sys::window()?;
    let text = window.document()?.get_element_by_id(id)?.text_content()?;
    let binary = match window.atob(text.trim()) {
        Ok(binary) => binary,
        Err(_) => return Some(Err("the copy in this page is damaged".into())),
    };
    // atob answers with one character per byte, each below 256.
    Some(
        binary
            .chars()
            .map(|c| u8::try_from(u32::from(c)))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| "the copy in this page is damaged".to_string()),
    )
}
