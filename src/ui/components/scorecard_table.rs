//! The scorecard: one row per measure, every judgement in words as well as
//! colour.

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::scorecard::{format_value, ordinal, Entry};
use crate::analysis::spc::Variation;
use crate::analysis::targets::Rag;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub area: String,
    pub peers: Rc<Vec<String>>,
    pub entries: Rc<Vec<Entry>>,
}

fn period_text(e: &Entry) -> String {
    e.latest
        .as_ref()
        .map(|l| l.period.to_string())
        .unwrap_or_default()
}

fn value_text(e: &Entry) -> String {
    match e.latest.as_ref().and_then(|l| l.value) {
        Some(v) => format_value(v, e.kind, e.unit.as_deref()),
        None => "No data".into(),
    }
}

fn target_cell(e: &Entry) -> Html {
    match (e.target, e.rag) {
        (Some(t), Some(r)) => {
            let class = match r.rag {
                Rag::Red => "rag rag-red",
                Rag::Amber => "rag rag-amber",
                Rag::Green => "rag rag-green",
            };
            html! { <><span class={class}>{ r.rag.label() }</span>{ format!(" (target {})", format_value(t, e.kind, e.unit.as_deref())) }</> }
        }
        (Some(t), None) => {
            html! { { format!("target {}", format_value(t, e.kind, e.unit.as_deref())) } }
        }
        _ => html! { { "No target" } },
    }
}

fn change_cell(e: &Entry) -> Html {
    let Some(c) = e.change_on_year.as_ref().or(e.change_on_previous.as_ref()) else {
        return html! { { "No earlier figure" } };
    };
    let against = if e.change_on_year.is_some() {
        "on a year earlier"
    } else {
        "on the period before"
    };
    let sign = if c.absolute > 0.0 { "+" } else { "" };
    let amount = if e.unit.as_deref() == Some("%") {
        format!("{sign}{:.1} points", c.absolute)
    } else {
        format!(
            "{sign}{}",
            format_value(c.absolute, e.kind, e.unit.as_deref()).replace("-", "−")
        )
    };
    let verdict = match c.p_value {
        Some(_) if c.significant => "a real change",
        Some(_) => "could be chance",
        None => "not tested",
    };
    html! { <>{ format!("{amount} {against}: ") }<strong>{ verdict }</strong></> }
}

fn spc_cell(e: &Entry) -> String {
    match (&e.spc, &e.spc_note) {
        (Some(s), _) => match s.variation {
            Some(Variation::CommonCause) | None => "Common cause".into(),
            Some(Variation::ImprovementHigh) => "Improvement (H)".into(),
            Some(Variation::ImprovementLow) => "Improvement (L)".into(),
            Some(Variation::ConcernHigh) => "Concern (H)".into(),
            Some(Variation::ConcernLow) => "Concern (L)".into(),
            Some(Variation::NeutralHigh) => "Special cause (H)".into(),
            Some(Variation::NeutralLow) => "Special cause (L)".into(),
        },
        (None, Some(note)) => format!("Not shown: {note}"),
        _ => String::new(),
    }
}

#[component]
pub fn ScorecardTable(props: &Props) -> Html {
    html! {
        <div class="table-scroll" role="region" aria-labelledby="scorecard-caption" tabindex="0">
            <table class="scorecard">
                <caption id="scorecard-caption">
                    { format!("Scorecard for {}: latest figures, compared with {}", props.area, props.peers.join(", ")) }
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Measure" }</th>
                        <th scope="col">{ "Latest" }</th>
                        <th scope="col" class="num">{ "Value" }</th>
                        <th scope="col">{ "Target" }</th>
                        <th scope="col">{ "Change" }</th>
                        <th scope="col">{ "Variation (SPC)" }</th>
                        <th scope="col">{ "Rank among peers" }</th>
                        <th scope="col">{ "Provisional" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.entries.iter().map(|e| html! {
                        <tr data-measure={e.measure.clone()}>
                            <th scope="row">{ &e.measure }</th>
                            <td>{ period_text(e) }</td>
                            <td class="num">{ value_text(e) }</td>
                            <td>{ target_cell(e) }</td>
                            <td>{ change_cell(e) }</td>
                            <td>{ spc_cell(e) }</td>
                            <td>{ e.peers.as_ref().map(|p| format!("{} of {}", ordinal(p.rank), p.of)).unwrap_or_default() }</td>
                            <td>{ if e.series.iter().any(|p| p.provisional) { "Yes" } else { "No" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
