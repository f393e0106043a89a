//! The scorecard: one row per measure, grouped by priority theme, sortable,
//! every judgement in words as well as colour.

use std::rc::Rc;

use yew::prelude::*;

use super::sort_header::sort_header;
use super::spc_icons::{assurance_icon, variation_icon};
use super::TableExport;
use crate::analysis::card::Scorecard;
use crate::analysis::scorecard::{format_rate, format_value, ordinal, Entry};
use crate::analysis::summary::with_counts;
use crate::analysis::targets::Rag;
use crate::charts::measure::period_short;
use crate::ui::route::{Route, View};
use crate::ui::scorecard_view::{attention_reasons, Group, SortKey};
use crate::ui::state::Action;
use crate::ui::state::Dispatch;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub area: String,
    pub card: Rc<Scorecard>,
    pub groups: Rc<Vec<Group>>,
    pub sort: (SortKey, bool),
    pub attention_only: bool,
    /// The current route: measure links keep its area, period and peers.
    pub route: Route,
    pub dispatch: Dispatch,
}

/// The latest figure, with the counts behind a rate.
fn value_text(e: &Entry) -> String {
    match e.latest.as_ref() {
        Some(l) if l.value.is_some() => with_counts(
            format_value(l.value.unwrap_or_default(), e.kind, e.unit.as_deref()),
            e.kind,
            l.numerator,
            l.denominator,
        ),
        _ => "No data".into(),
    }
}

/// A count's rate per 1,000 residents, with its population's source; why
/// there is none otherwise.
pub fn rate_text(e: &Entry) -> String {
    match (e.latest.as_ref().and_then(|l| l.rate), &e.residents) {
        (Some(rate), Some(r)) => format!("{} ({})", format_rate(rate), r.source),
        _ if e.kind == crate::analysis::measures::Kind::Count => "No population figure".into(),
        _ => "Not a count".into(),
    }
}

fn rank_text(e: &Entry) -> String {
    let average = |p: &crate::analysis::peers::PeerComparison| match e.residents {
        Some(_) => format_rate(p.peer_mean),
        None => format_value(p.peer_mean, e.kind, e.unit.as_deref()),
    };
    match (&e.peers, &e.peer_note) {
        (Some(p), _) if e.residents.is_some() => format!(
            "{} of {} {} (per 1,000 residents); their average {}",
            ordinal(p.rank),
            p.of,
            e.peer_noun,
            average(p)
        ),
        (Some(p), _) => format!(
            "{} of {} {}; their average {}",
            ordinal(p.rank),
            p.of,
            e.peer_noun,
            average(p)
        ),
        (None, Some(_)) if e.kind == crate::analysis::measures::Kind::Count => {
            "Not ranked: no population".into()
        }
        _ => "No peer has a figure for this period".into(),
    }
}

/// England and Wales on the same footing as the area's figure (a rate for
/// a count), where the loaded data covers all of it.
pub fn national_text(e: &Entry) -> String {
    match &e.national {
        Some(n) if e.residents.is_some() => match n.rate {
            Some(r) => format!("{} per 1,000", format_rate(r)),
            None => format_value(n.value, e.kind, e.unit.as_deref()),
        },
        Some(n) => with_counts(
            format_value(n.value, e.kind, e.unit.as_deref()),
            e.kind,
            n.numerator,
            n.denominator,
        ),
        None => "Not covered by the loaded data".into(),
    }
}

pub fn target_cell(e: &Entry) -> Html {
    match (e.target, e.rag) {
        (Some(t), Some(r)) => {
            let class = match r.rag {
                Rag::Red => "rag rag-red",
                Rag::Amber => "rag rag-amber",
                Rag::Green => "rag rag-green",
            };
            let provisional = e.latest.as_ref().is_some_and(|l| l.provisional);
            html! { <><span class={class}>{ r.rag.label() }</span>{ format!(" ({}target {})", if provisional { "provisional; " } else { "" }, format_value(t, e.kind, e.unit.as_deref())) }</> }
        }
        (Some(t), None) => {
            html! { { format!("target {}", format_value(t, e.kind, e.unit.as_deref())) } }
        }
        _ => html! { { "No target" } },
    }
}

pub fn change_cell(e: &Entry) -> Html {
    let Some(c) = e.change_on_year.as_ref().or(e.change_on_previous.as_ref()) else {
        return html! { { "No earlier figure" } };
    };
    let against = if e.change_on_year.is_some() {
        "on a year earlier"
    } else {
        "on the period before"
    };
    // Changes are tested on the latest mature period, which may not be the latest.
    let against = match (&e.judged, &e.latest) {
        (Some(j), Some(l)) if j.period != l.period => {
            format!(
                "{against} (for {}, the latest mature period)",
                period_short(j.period)
            )
        }
        _ => against.to_string(),
    };
    let sign = if c.absolute > 0.0 { "+" } else { "" };
    let amount = if e.unit.as_deref() == Some("%") {
        format!("{sign}{:.1} points", c.absolute)
    } else {
        format!(
            "{sign}{}",
            format_value(c.absolute, e.kind, e.unit.as_deref()).replace('-', "−")
        )
    };
    let within = e.ages.as_ref().is_some_and(|a| a.within_typical);
    let verdict = match c.p_value {
        _ if within => "could be figures still maturing",
        Some(_) if c.significant => "a real change",
        Some(_) => "could be chance",
        None => "not tested",
    };
    // Outcome rates of different ages in their downloads: said beside it.
    let ages = e
        .ages
        .as_ref()
        .and_then(|a| Some((a.judged.1, a.compared?.1)))
        .filter(|(young, old)| young != old)
        .map(|(young, old)| format!(" (figures {young} and {old} months old in their downloads)"))
        .unwrap_or_default();
    html! { <>{ format!("{amount} {against}: ") }<strong>{ verdict }</strong>{ ages }</> }
}

pub fn variation_cell(e: &Entry) -> Html {
    match (&e.spc, &e.spc_note) {
        (Some(s), _) => s.variation.map(variation_icon).unwrap_or_default(),
        (None, Some(note)) => html! { <span class="hint">{ format!("Not shown: {note}") }</span> },
        _ => Html::default(),
    }
}

fn assurance_cell(e: &Entry) -> Html {
    match (e.spc.as_ref().and_then(|s| s.assurance), e.target) {
        (Some(a), _) => assurance_icon(a),
        (None, None) => html! { <span class="hint">{ "No target" }</span> },
        (None, Some(_)) => html! { <span class="hint">{ "Needs SPC limits" }</span> },
    }
}

pub fn provisional_text(e: &Entry) -> String {
    let periods: Vec<String> = e
        .series
        .iter()
        .filter(|p| p.provisional)
        .map(|p| match (p.open_share, p.age) {
            (Some(s), Some(age)) => format!(
                "{} ({:.0}% open, {})",
                period_short(p.period),
                100.0 * s,
                crate::analysis::summary::months_old(age)
            ),
            (Some(s), None) => format!("{} ({:.0}% open)", period_short(p.period), 100.0 * s),
            _ => period_short(p.period),
        })
        .collect();
    if periods.is_empty() {
        "No".into()
    } else {
        format!("Yes: {}", periods.join(", "))
    }
}

/// Columns, with the sort each heading offers: the rate sorts with the rank
/// it decides, and assurance with variation, so only one heading sorts each.
const COLUMNS: [(Option<SortKey>, &str); 10] = [
    (Some(SortKey::Measure), "Measure"),
    (Some(SortKey::Value), "Value"),
    (None, "Per 1,000 residents"),
    (Some(SortKey::Target), "Target"),
    (Some(SortKey::Change), "Change"),
    (Some(SortKey::Variation), "Variation (SPC)"),
    (None, "Assurance"),
    (Some(SortKey::Rank), "Rank among peers"),
    (None, "England and Wales"),
    (Some(SortKey::Provisional), "Provisional"),
];

#[component]
pub fn ScorecardTable(props: &Props) -> Html {
    let header = |(key, label): &(Option<SortKey>, &'static str)| {
        let Some(key) = *key else {
            return html! { <th scope="col">{ *label }</th> };
        };
        let onclick = {
            let dispatch = props.dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::SortBy(key)))
        };
        sort_header(
            label,
            (props.sort.0 == key).then_some(props.sort.1),
            onclick,
        )
    };
    let toggle = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ToggleAttention))
    };
    let shown: usize = props.groups.iter().map(|g| g.rows.len()).sum();
    let row = |e: &Entry| {
        let route = Route {
            view: View::Measure(e.measure.clone()),
            ..props.route.clone()
        };
        let reasons = attention_reasons(e);
        html! {
            <tr data-measure={e.measure.clone()}>
                <th scope="row">
                    <a href={route.to_hash()}>{ &e.measure }</a>
                    <span class="hint block">{ e.latest.as_ref().map(|l| period_short(l.period)).unwrap_or_default() }</span>
                    if !reasons.is_empty() {
                        <span class="attention">{ format!("Needs attention: {}", reasons.join("; ")) }</span>
                    }
                </th>
                <td class="num" data-label="Value">{ value_text(e) }</td>
                <td class="num" data-label="Per 1,000 residents">{ rate_text(e) }</td>
                <td data-label="Target">{ target_cell(e) }</td>
                <td data-label="Change">{ change_cell(e) }</td>
                <td data-label="Variation (SPC)">{ variation_cell(e) }</td>
                <td data-label="Assurance">{ assurance_cell(e) }</td>
                <td data-label="Rank among peers">{ rank_text(e) }
                    if e.fell_back { <span class="hint block">{ format!("Compared with {}.", e.peer_group) }</span> }
                    if let Some(note) = &e.peer_note { <span class="hint block">{ note }</span> }
                </td>
                <td class="num" data-label="England and Wales">{ national_text(e) }</td>
                <td data-label="Provisional">{ provisional_text(e) }</td>
            </tr>
        }
    };
    html! {
        <>
        <div class="checkbox">
            <input type="checkbox" id="attention-only" checked={props.attention_only} onchange={toggle} />
            <label for="attention-only">{ "Show only measures that need attention (off target, special-cause concern, failing assurance or bottom quarter of the areas compared)" }</label>
        </div>
        <p class="status" role="status">{ format!("Showing {shown} of {} measures.", props.card.measures.len()) }</p>
        <div class="table-scroll" role="region" aria-labelledby="scorecard-caption" tabindex="0">
            <table class="scorecard" id="scorecard-table">
                <caption id="scorecard-caption">
                    { format!("Scorecard for {}: latest figures. Select a column heading to sort; select a measure for its charts.", props.area) }
                </caption>
                <thead>
                    <tr>{ for COLUMNS.iter().map(header) }</tr>
                </thead>
                { for props.groups.iter().map(|g| html! {
                    <tbody>
                        <tr class="theme-row"><th colspan="10" scope="colgroup">{ &g.theme }</th></tr>
                        { for g.rows.iter().filter_map(|&i| props.card.measures.get(i)).map(row) }
                    </tbody>
                }) }
            </table>
        </div>
        <TableExport table="scorecard-table" title={format!("Scorecard for {}", props.area)} />
        </>
    }
}
