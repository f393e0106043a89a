//! The scrutiny pack: everything a committee paper needs on one printable
//! page, laid out for A4 by the print stylesheet: the settings and sources,
//! the scorecard, then each measure with its trend, peers and footnotes.

use std::rc::Rc;

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
}

fn sources(files: &[Rc<LoadedFile>]) -> Html {
    html! {
        <ul class="sources">
            { for files.iter().map(|f| {
                let r = &f.report;
                let periods = match (r.periods.first(), r.periods.last()) {
                    (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
                    (Some(a), _) => a.clone(),
                    _ => String::new(),
                };
                html! { <li>{ format!("{}: {}, {periods}, {} rows", r.path, r.kind.clone().unwrap_or_default(), crate::ingest::group(r.rows)) }</li> }
            }) }
        </ul>
    }
}

#[component]
pub fn PackPage(props: &Props) -> Html {
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <section aria-labelledby="pack-heading" class="pack">
            <h2 id="pack-heading">{ format!("Community safety scrutiny pack: {}", props.area) }</h2>
            <p class="no-print">{ "Laid out for A4 paper: print it, or save it as a PDF from the print dialogue." }</p>
            <button type="button" class="no-print" onclick={print}>{ "Print scrutiny pack" }</button>
            { props.children.clone() }
            <h3>{ "Sources" }</h3>
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
        </section>
    }
}
