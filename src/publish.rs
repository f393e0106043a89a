//! Publishing for councillors: one HTML file holding the app (the single-file
//! build, `scripts/single-file.mjs`) and a workspace, which opens on the
//! briefing for the home area with nothing to load, from file:// or any
//! server. The workspace is the one "Save workspace" writes (totals only,
//! never crime records), gzipped and in base64 in
//! `<script type="application/octet-stream" id="published-workspace">`; who
//! published it and when is JSON in `<script type="application/json"
//! id="published-about">`. Neither is run, so the page's Content-Security-
//! Policy (which names its one inline script by hash) is unchanged.
//!
//! Pure text work, so the browser (from its own page, or the served app's
//! copy of the single file) and the command line publish the same file.

use base64::Engine;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "scrutineer-publication";
/// Changes only if the page's blocks change; the workspace inside has its
/// own version, checked when it is opened.
pub const VERSION: u32 = 1;
pub const ABOUT_ID: &str = "published-about";
pub const WORKSPACE_ID: &str = "published-workspace";
/// Blocks the single file carries that a briefing does not need, or that
/// belong to an earlier publication of the same page.
const DROPPED: [&str; 3] = ["example-data", ABOUT_ID, WORKSPACE_ID];
/// What the single-file build has and any other page lacks.
const APP_MARK: &str = "id=\"page-wasm\"";
/// As in index.html: shown until the app starts, or instead of it.
const BODY: &str = "<body>\n  <noscript>\n    <p>This briefing needs JavaScript and WebAssembly. It sends nothing anywhere: every figure is in this file.</p>\n  </noscript>\n  <p id=\"boot-status\" class=\"boot-status\">Loading the briefing…</p>\n</body>";

/// Who published a briefing, when, and of what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub format: String,
    pub version: u32,
    /// A team or an officer, as typed when publishing.
    pub publisher: String,
    /// UTC, "2026-12-05T09:30:00Z".
    pub published: String,
    /// The Scrutineer version that published it.
    pub app: String,
    /// The home area the briefing is for.
    pub area: String,
    /// The latest month of the area's figures, "2020-03".
    #[serde(default)]
    pub figures_to: Option<String>,
}

impl Publication {
    pub fn new(publisher: &str, published: &str, area: &str, figures_to: Option<String>) -> Self {
        Publication {
            format: FORMAT.into(),
            version: VERSION,
            publisher: publisher.trim().to_string(),
            published: published.to_string(),
            app: env!("CARGO_PKG_VERSION").to_string(),
            area: area.to_string(),
            figures_to,
        }
    }

    /// "5 December 2026", from the stored UTC time.
    pub fn date_words(&self) -> String {
        let month = self
            .published
            .get(..7)
            .and_then(crate::model::Month::parse_iso);
        let day = self
            .published
            .get(8..10)
            .and_then(|d| d.parse::<u32>().ok());
        match (day, month) {
            (Some(d), Some(m)) => format!("{d} {}", m.long_name()),
            _ => self.published.clone(),
        }
    }

    /// The page's title: what the file is, before it opens.
    pub fn title(&self) -> String {
        let to = self
            .figures_to
            .as_deref()
            .and_then(crate::model::Month::parse_iso)
            .map(|m| format!(", figures to {}", m.long_name()))
            .unwrap_or_default();
        format!("{} community safety{to}: briefing", self.area)
    }
}

/// The latest month of the home area's figures, as the briefing will say
/// it ("figures to March 2020"), or why there is no briefing to publish.
pub fn figures_to(
    dataset: &crate::dataset::Dataset,
    settings: &crate::analysis::settings::Settings,
) -> Result<Option<String>, String> {
    let home = settings
        .home
        .as_deref()
        .ok_or("choose your home area first")?;
    let all = crate::analysis::measures::observations_with(dataset, &settings.outcomes());
    let card = crate::analysis::card::build(
        dataset,
        &all,
        settings,
        crate::analysis::periods::Granularity::Month,
    )
    .ok_or_else(|| format!("{home} has no figures in the loaded files"))?;
    Ok(crate::analysis::briefing::figures_to(&card.measures).map(|m| m.to_string()))
}

/// `rotherham-community-safety-2020-03.html`: the area and the latest month.
pub fn file_name(area: &str, figures_to: Option<&str>) -> String {
    let title = match figures_to {
        Some(month) => format!("{area} community safety {month}"),
        None => format!("{area} community safety"),
    };
    crate::export::file_name(&title, "html")
}

/// Whether a file's name says it is a web page (a briefing, maybe).
pub fn is_page(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// The briefing page: `template` is the single-file build (as written, or as
/// a running copy serialises itself), `workspace_gz` the gzipped workspace.
pub fn publish(template: &str, about: &Publication, workspace_gz: &[u8]) -> Result<String, String> {
    if !template.contains(APP_MARK) {
        return Err("this is not Scrutineer's one-file build (scripts/single-file.mjs writes it), so a briefing cannot be made from it".into());
    }
    let mut page = template.to_string();
    for id in DROPPED {
        page = without_block(&page, id);
    }
    page = with_plain_html_tag(&page)?;
    page = with_body(&page)?;
    page = replace_between(&page, "<title>", "</title>", &escape(&about.title()))
        .ok_or("the one-file build has no <title>")?;
    if !page.trim_start().starts_with("<!DOCTYPE") {
        page.insert_str(0, "<!DOCTYPE html>\n");
    }
    // "<" inside JSON strings only; escaped so no "</script" can occur.
    let json = serde_json::to_string(about)
        .map_err(|e| e.to_string())?
        .replace('<', "\\u003c");
    let blocks = format!(
        "<script type=\"application/json\" id=\"{ABOUT_ID}\">{json}</script>\n<script type=\"application/octet-stream\" id=\"{WORKSPACE_ID}\">{}</script>\n",
        base64::engine::general_purpose::STANDARD.encode(workspace_gz)
    );
    let head_end = page
        .rfind("</head>")
        .ok_or("the one-file build has no </head>")?;
    page.insert_str(head_end, &blocks);
    Ok(page)
}

/// What a published page holds: who published it, and its gzipped workspace.
/// Says why not for any other page, or one from a newer Scrutineer.
pub fn read(html: &str) -> Result<(Publication, Vec<u8>), String> {
    let not_one = "this web page is not a briefing published by Scrutineer, so it holds no figures to open (a workspace or the data files can be opened instead)";
    let about = block(html, ABOUT_ID).ok_or(not_one)?;
    let about = parse_about(about)?;
    let data = block(html, WORKSPACE_ID).ok_or(
        "this briefing is damaged: its figures are missing, so nothing was opened (ask whoever published it for a new copy)",
    )?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| format!("this briefing is damaged ({e}), so nothing was opened (ask whoever published it for a new copy)"))?;
    Ok((about, bytes))
}

/// The `published-about` block's JSON, checked for format and version.
pub fn parse_about(json: &str) -> Result<Publication, String> {
    #[derive(Deserialize)]
    struct Envelope {
        format: Option<String>,
        version: Option<u32>,
    }
    let envelope: Envelope = serde_json::from_str(json)
        .map_err(|e| format!("this briefing's details are damaged ({e})"))?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err("this web page is not a briefing published by Scrutineer".into());
    }
    match envelope.version {
        Some(VERSION) => {}
        Some(v) if v > VERSION => return Err(format!(
            "this briefing was published by a newer Scrutineer (publication version {v}; this one reads version {VERSION}). Open the briefing itself, which carries its own copy of Scrutineer, or update this one"
        )),
        other => return Err(format!(
            "this briefing's publication version ({}) is not one Scrutineer can read",
            other.map_or("missing".to_string(), |v| v.to_string())
        )),
    }
    serde_json::from_str(json).map_err(|e| format!("this briefing's details are damaged ({e})"))
}

/// Where `<script … id="id">…</script>` stands: the whole block (with its
/// line end) and its text, as byte ranges.
fn block_span(html: &str, id: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mark = format!(" id=\"{id}\">");
    let at = html.find(&mark)?;
    let start = html[..at].rfind("<script")?;
    let text = at + mark.len();
    let text_end = text + html[text..].find("</script>")?;
    let mut end = text_end + "</script>".len();
    if html[end..].starts_with('\n') {
        end += 1;
    }
    Some((start..end, text..text_end))
}

/// The text inside `<script … id="id">…</script>`.
fn block<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    block_span(html, id).map(|(_, text)| &html[text])
}

/// The page without the `<script … id="id">…</script>` block, if it has one.
fn without_block(html: &str, id: &str) -> String {
    match block_span(html, id) {
        Some((whole, _)) => format!("{}{}", &html[..whole.start], &html[whole.end..]),
        None => html.to_string(),
    }
}

/// A running copy puts Blob URLs for its workers on `<html>`; they die with
/// its tab, so the published page starts from the plain tag.
fn with_plain_html_tag(html: &str) -> Result<String, String> {
    let start = html
        .find("<html")
        .ok_or("the one-file build has no <html>")?;
    let len = html[start..]
        .find('>')
        .ok_or("the one-file build's <html> tag is cut short")?;
    Ok(format!(
        "{}<html lang=\"en-GB\">{}",
        &html[..start],
        &html[start + len + 1..]
    ))
}

/// The body as index.html has it: a running copy's body is the app's DOM,
/// which the app rebuilds when the page opens.
fn with_body(html: &str) -> Result<String, String> {
    // The body follows the head; the head's scripts hold no "</head>".
    let head_end = html
        .rfind("</head>")
        .ok_or("the one-file build has no </head>")?;
    let start = html[head_end..]
        .find("<body")
        .map(|i| head_end + i)
        .ok_or("the one-file build has no <body>")?;
    let end = html
        .rfind("</body>")
        .map(|i| i + "</body>".len())
        .ok_or("the one-file build has no </body>")?;
    Ok(format!("{}{BODY}{}", &html[..start], &html[end..]))
}

fn replace_between(text: &str, open: &str, close: &str, with: &str) -> Option<String> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(format!("{}{with}{}", &text[..start], &text[start + len..]))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A loaded file whose columns were not recognised (nor mapped): it adds
/// nothing, so a briefing published with it would be short without saying
/// so. Publishing is refused while one is loaded (the app and the CLI).
pub fn unmapped_file(dataset: &crate::dataset::Dataset) -> Option<&str> {
    dataset
        .files()
        .iter()
        .find(|f| matches!(f.content, crate::ingest::Content::Unrecognised(_)))
        .map(|f| f.report.path.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The single file's shape (scripts/single-file.mjs), small.
    const TEMPLATE: &str = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Scrutineer: community-safety scrutiny</title>\n<script type=\"application/octet-stream\" id=\"page-wasm\">AAAA</script>\n<script type=\"application/octet-stream\" id=\"example-data\">EXAMPLE</script>\n<script type=\"module\">run()</script>\n</head>\n<body>\n  <p id=\"boot-status\">Loading Scrutineer…</p>\n</body>\n</html>\n";

    fn about() -> Publication {
        Publication::new(
            "Community Safety Team <Rotherham>",
            "2026-12-05T09:30:00Z",
            "Rotherham",
            Some("2020-03".into()),
        )
    }

    #[test]
    fn a_briefing_holds_the_workspace_and_who_published_it_and_reads_back() {
        let workspace = b"\x1f\x8b gzipped workspace bytes".to_vec();
        let page = publish(TEMPLATE, &about(), &workspace).unwrap();
        assert!(!page.contains("EXAMPLE"), "the example is not carried");
        assert!(page.contains("<script type=\"module\">run()</script>"));
        assert!(page.contains(
            "<title>Rotherham community safety, figures to March 2020: briefing</title>"
        ));
        // No "</script" can come from what the publisher typed.
        assert!(page.contains("Community Safety Team \\u003cRotherham>"));
        let (read_about, bytes) = read(&page).unwrap();
        assert_eq!(read_about, about());
        assert_eq!(bytes, workspace);
        // Published again from the published page (a running copy): one of
        // each block, the new ones.
        let again = publish(&page, &about(), b"second").unwrap();
        assert_eq!(again.matches(WORKSPACE_ID).count(), 1);
        assert_eq!(read(&again).unwrap().1, b"second");
    }

    #[test]
    fn a_running_copy_publishes_the_page_it_started_from() {
        // As document.documentElement.outerHTML gives it: worker Blob URLs on
        // <html>, the app's DOM in the body, no doctype.
        let running = TEMPLATE
            .replace("<!DOCTYPE html>\n", "")
            .replace(
                "<html lang=\"en-GB\">",
                "<html lang=\"en-GB\" data-worker=\"blob:file:///1\">",
            )
            .replace(
                "<p id=\"boot-status\">Loading Scrutineer…</p>",
                "<div class=\"page\"><h1>Scrutineer</h1><p>&lt;/head&gt;</p></div>",
            );
        let page = publish(&running, &about(), b"w").unwrap();
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>"));
        assert!(!page.contains("blob:"));
        assert!(!page.contains("class=\"page\""));
        assert!(page.contains("Loading the briefing…"));
        assert_eq!(read(&page).unwrap().1, b"w");
    }

    #[test]
    fn other_pages_and_newer_briefings_say_why_not() {
        let not_app = publish("<html><head></head><body></body></html>", &about(), b"w");
        assert!(not_app
            .unwrap_err()
            .contains("not Scrutineer's one-file build"));
        let other = read("<html><body>council minutes</body></html>").unwrap_err();
        assert!(
            other.contains("not a briefing published by Scrutineer"),
            "{other}"
        );
        let page = publish(TEMPLATE, &about(), b"w").unwrap();
        let newer = read(&page.replace("\"version\":1", "\"version\":2")).unwrap_err();
        assert!(
            newer.contains("newer Scrutineer (publication version 2"),
            "{newer}"
        );
        let cut = page.replace(&format!("id=\"{WORKSPACE_ID}\""), "id=\"gone\"");
        assert!(read(&cut).unwrap_err().contains("its figures are missing"));
        let damaged = page.replace(
            &base64::engine::general_purpose::STANDARD.encode(b"w"),
            "d@mag*d",
        );
        assert!(read(&damaged)
            .unwrap_err()
            .contains("this briefing is damaged"));
    }

    #[test]
    fn names_and_dates_in_words() {
        assert_eq!(
            file_name("Rotherham", Some("2021-09")),
            "rotherham-community-safety-2021-09.html"
        );
        assert_eq!(
            file_name("Kingston upon Hull, City of", None),
            "kingston-upon-hull-city-of-community-safety.html"
        );
        assert_eq!(about().date_words(), "5 December 2026");
        assert!(is_page("Briefing.HTML") && !is_page("x.csv"));
    }
}
