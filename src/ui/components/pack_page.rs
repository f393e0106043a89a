//! The scrutiny pack: everything a committee paper needs on one printable
//! page, laid out for A4 by the print stylesheet: the settings and sources,
//! the scorecard, then each measure with its trend, peers and footnotes.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::measure_page::{peer_table, trend_table};
use super::scorecard_table::provisional_text;
use super::ChartView;
use crate::analysis::detail::MeasureDetail;
use crate::charts::Chart;
use crate::dataset::LoadedFile;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub area: String,
    pub details: Rc<Vec<Rc<MeasureDetail>>>,
    pub files: Vec<Rc<LoadedFile>>,
    /// The settings panel and the scorecard, rendered by the app.
    pub children: Html,
    /// The home council's neighbourhoods, once the map's table is loaded.
    #[prop_or_default]
    pub neighbourhoods: Option<Rc<crate::analysis::neighbourhoods::NeighbourhoodFigures>>,
}

/// Each file: what it is, its periods and rows, and when it was extracted
/// or saved where that is known.
pub(super) fn sources(files: &[Rc<LoadedFile>]) -> Html {
    html! {
        <ul class="sources">
            { for files.iter().map(|f| {
                let r = &f.report;
                let periods = match (r.periods.first(), r.periods.last()) {
                    (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
                    (Some(a), _) => a.clone(),
                    _ => String::new(),
                };
                let when = match (&r.extracted, &r.modified) {
                    (Some(e), _) => format!(", extracted {}", crate::dataset::revisions::extract_words(e)),
                    (None, Some(m)) => format!(", file dated {}", m.get(..10).unwrap_or(m)),
                    _ => String::new(),
                };
                html! { <li>{ format!("{}: {}, {periods}, {} rows{when}", r.path, r.kind.clone().unwrap_or_default(), crate::ingest::group(r.rows)) }</li> }
            }) }
        </ul>
    }
}

/// The running header every printed page carries: area, the latest period,
/// and when the figures were extracted where the files say.
fn running_header(area: &str, details: &[Rc<MeasureDetail>], files: &[Rc<LoadedFile>]) -> String {
    let latest = details
        .iter()
        .filter_map(|d| d.entry.latest.as_ref().map(|l| l.period))
        .filter_map(|p| p.last_month().map(|m| (m, p)))
        .max_by_key(|(m, _)| *m)
        .map(|(m, _)| format!("figures to {}", m.long_name()))
        .unwrap_or_default();
    let extracted = files
        .iter()
        .filter_map(|f| f.report.extracted.as_deref())
        .max()
        .map(|d| format!("extracted {}", crate::dataset::revisions::extract_words(d)))
        .unwrap_or_else(|| "police.uk figures as at each file's extract".into());
    format!("Scrutineer · {area} · {latest} · {extracted}")
}

/// A CSS string literal: quotes and backslashes escaped, one line.
fn css_string(text: &str) -> String {
    let escaped: String = text
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

#[component]
pub fn PackPage(props: &Props) -> Html {
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let header = running_header(&props.area, &props.details, &props.files);
    // The print stylesheet's @page boxes read the header from the root
    // element (CSS cannot take it from the page otherwise); gone on leaving.
    {
        let header = header.clone();
        use_effect_with(header, |header| {
            let root = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(root) = &root {
                let _ = root
                    .style()
                    .set_property("--pack-header", &css_string(header));
            }
            move || {
                if let Some(root) = root {
                    let _ = root.style().remove_property("--pack-header");
                }
            }
        });
    }
    html! {
        <section aria-labelledby="pack-heading" class="pack">
            <h2 id="pack-heading">{ format!("Community safety scrutiny pack: {}", props.area) }</h2>
            <p class="print-only">{ header }</p>
            <p class="no-print">{ "Laid out for A4 paper: print it, or save it as a PDF from the print dialogue." }</p>
            <button type="button" class="no-print" onclick={print}>{ "Print scrutiny pack" }</button>
            <nav class="contents" aria-labelledby="contents-heading">
                <h3 id="contents-heading">{ "Contents" }</h3>
                <ol>
                    <li><a href="#pack-settings">{ "Settings, and the year to date by priority" }</a></li>
                    <li><a href="#pack-sources">{ "Sources" }</a></li>
                    { for props.details.iter().enumerate().map(|(i, d)| html! {
                        <li><a href={format!("#pack-{i}-heading")}>{ format!("{} in {}", d.entry.measure, d.entry.area) }</a></li>
                    }) }
                    if props.neighbourhoods.is_some() {
                        <li><a href="#pack-neighbourhoods">{ format!("Neighbourhoods in {}", props.area) }</a></li>
                    }
                </ol>
            </nav>
            <div id="pack-settings">{ props.children.clone() }</div>
            <h3 id="pack-sources">{ "Sources" }</h3>
            <p>{ "Contains public sector information licensed under the Open Government Licence v3.0. police.uk figures are as at each file's extract; outcomes for recent months change as investigations conclude." }</p>
            { sources(&props.files) }
            { for props.details.iter().enumerate().map(|(i, d)| {
                let e = &d.entry;
                let id = format!("pack-{i}");
                let area = e.area.clone();
                let provisional = provisional_text(e);
                html! {
                    <article class="pack-measure" aria-labelledby={format!("{id}-heading")}>
                        <h3 id={format!("{id}-heading")}>{ format!("{} in {area}", e.measure) }</h3>
                        <p class="summary" id={format!("{id}-summary")}>{ &e.summary }</p>
                        <ChartView chart={Chart::Trend { entry: Rc::new(e.clone()), title: None, top: None }}
                            label={format!("Trend of {} in {area}. The figures are in the table below.", e.measure)}
                            described_by={AttrValue::from(format!("{id}-summary"))} />
                        { trend_table(e, &area, &format!("{id}-trend")) }
                        if d.figures.len() > 1 {
                            <ChartView chart={Chart::Peers(d.clone())}
                                label={format!("Bar chart of {} for {area} and similar areas. The figures are in the table below.", e.measure)} />
                            { peer_table(d, &format!("{id}-peers")) }
                        }
                        <p class="footnote">
                            { if provisional == "No" { "No figure here is provisional.".to_string() } else { format!("Provisional: {}; these figures are likely to change as cases conclude.", provisional.trim_start_matches("Yes: ")) } }
                            { e.spc_note.as_ref().map(|n| format!(" SPC limits are not shown: {n}.")).unwrap_or_default() }
                        </p>
                    </article>
                }
            }) }
            { props.neighbourhoods.as_ref().map(|f| super::neighbourhood_page::pack_section(f)).unwrap_or_default() }
        </section>
    }
}
