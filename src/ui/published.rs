//! The browser's side of publishing for councillors (`crate::publish`): a
//! briefing page opening its own figures, an officer publishing one, and a
//! briefing dropped into Scrutineer giving up its workspace.

use std::rc::Rc;

use super::state::Action;
use super::workspace;
use crate::ingest::{Rejection, RejectionKind};
use crate::publish::{Publication, ABOUT_ID, WORKSPACE_ID};

/// This page's own published figures, if it is a briefing: the action that
/// opens them, or why they cannot be opened.
pub fn carried() -> Option<Result<Action, Rejection>> {
    let about = web_sys::window()?
        .document()?
        .get_element_by_id(ABOUT_ID)?
        .text_content()?;
    let name = "this briefing";
    let damaged = |why: String| Rejection::of(RejectionKind::Workspace, name, why);
    let opened = crate::publish::parse_about(&about)
        .map_err(damaged)
        .and_then(|about| {
            let bytes = super::embedded::carried_bytes(WORKSPACE_ID)
                .unwrap_or_else(|| Err("its figures are missing".into()))
                .map_err(|e| damaged(format!("this briefing is damaged: {e}")))?;
            let text = workspace::text_of(name, &bytes)?;
            let (settings, files) = workspace::open(name, &text)?;
            Ok(Action::OpenPublished {
                about: Rc::new(about),
                settings: Box::new(settings),
                files,
            })
        });
    Some(opened)
}

/// A briefing page chosen or dropped into Scrutineer: its workspace, opened
/// as a workspace file is (so its version is checked), or why not.
pub fn open_page(name: &str, bytes: &[u8]) -> Result<Action, Rejection> {
    let refuse = |why: String| Rejection::of(RejectionKind::Workspace, name, why);
    let text = String::from_utf8_lossy(bytes);
    let (_, gzipped) = crate::publish::read(&text).map_err(refuse)?;
    let text = workspace::text_of(name, &gzipped)?;
    let (settings, files) = workspace::open(name, &text)?;
    Ok(Action::OpenWorkspace {
        name: name.to_string(),
        settings: Box::new(settings),
        files,
    })
}

/// The one-file app to publish from: this page, if it is the one-file build
/// (it serialises itself: the blocks and the inline script are unchanged), or
/// the served app's copy beside it (`scripts/build.sh` writes it).
async fn template() -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    if document.get_element_by_id("page-wasm").is_some() {
        let html = document
            .document_element()
            .ok_or("no document")?
            .outer_html();
        return Ok(format!("<!DOCTYPE html>\n{html}"));
    }
    let bytes = super::fetch::fetch_bytes("./scrutineer.html")
        .await
        .map_err(|e| format!("the one-file copy of Scrutineer (scrutineer.html) could not be fetched from this site ({e}); publishing needs it, and a connection to the site the first time"))?;
    String::from_utf8(bytes).map_err(|_| "scrutineer.html on this site is damaged".to_string())
}

/// "2026-12-05T09:30:00Z", now.
fn now() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    // "2026-12-05T09:30:00.000Z": to the second.
    match iso.split_once('.') {
        Some((seconds, _)) => format!("{seconds}Z"),
        None => iso,
    }
}

/// Publishes the briefing and saves it; its name and size, or why not.
pub async fn publish(
    settings: &crate::analysis::settings::Settings,
    dataset: &crate::dataset::Dataset,
    publisher: &str,
) -> Result<(String, usize), String> {
    let home = settings.home.clone().ok_or("choose your home area first")?;
    let figures_to = crate::publish::figures_to(dataset, settings)?;
    let template = template().await?;
    let about = Publication::new(publisher, &now(), &home, figures_to);
    let text = workspace::save_published(settings, dataset, &home);
    let page = crate::publish::publish(&template, &about, &workspace::gzip_smallest(&text))?;
    let name = crate::publish::file_name(&home, about.figures_to.as_deref());
    super::download::save_text(&name, "text/html", &page);
    Ok((name, page.len()))
}
