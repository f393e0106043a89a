//! The committee table: for each priority theme, the financial year to date
//! against the same months last year, as performance reports lead with it.
//! On the scorecard as a view, in the print pack, and exported as CSV.

use std::rc::Rc;

use yew::prelude::*;

use super::TableExport;
use crate::analysis::card::Scorecard;
use crate::analysis::scorecard::{format_rate, format_value, Entry};
use crate::analysis::ytd::{compared, status, Comparison};
use crate::charts::measure::period_short;
use crate::ui::scorecard_view::Group;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub card: Rc<Scorecard>,
    pub groups: Rc<Vec<Group>>,
    /// Print: no export buttons.
    #[prop_or_default]
    pub print: bool,
}

fn signed(e: &Entry, x: Option<f64>) -> String {
    let percent_unit = e.unit.as_deref() == Some("%");
    match x {
        Some(v) if percent_unit => format!("{v:+.1} points"),
        Some(v) => format!("{v:+.1}%"),
        None => "–".into(),
    }
}

/// The cells of one measure's row.
fn cells(e: &Entry, c: &Comparison) -> [String; 9] {
    let show = |v: Option<f64>| {
        v.map(|v| format_value(v, e.kind, e.unit.as_deref()))
            .unwrap_or_else(|| "–".into())
    };
    let percent_unit = e.unit.as_deref() == Some("%");
    let Some((this, last, change, _)) = compared(c) else {
        return [
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
            signed(e, c.force_change),
            signed(e, c.peer_average_change),
            signed(e, c.national_change),
            status(c, e.direction).into(),
        ];
    };
    let rate = this
        .rate
        .map(|r| format!(" ({} per 1,000 residents)", format_rate(r)))
        .unwrap_or_default();
    let difference = change.map(|ch| {
        if percent_unit {
            format!("{:+.1} points", ch.absolute)
        } else {
            format!(
                "{}{}",
                if ch.absolute > 0.0 { "+" } else { "" },
                format_value(ch.absolute, e.kind, e.unit.as_deref())
            )
        }
    });
    // Which test is said once above the tables; here, its p-value.
    let test = change.map(|ch| match ch.p_value {
        Some(p) if p < 0.001 => "p < 0.001".to_string(),
        Some(p) => format!("p = {p:.3}"),
        None => "not tested".to_string(),
    });
    [
        format!("{}{rate}", show(this.value)),
        show(last.value),
        difference.unwrap_or_else(|| "–".into()),
        change
            .and_then(|ch| (!percent_unit).then_some(ch.percent).flatten())
            .map(|p| format!("{p:+.1}%"))
            .unwrap_or_else(|| "–".into()),
        test.unwrap_or_else(|| "–".into()),
        signed(e, c.force_change),
        signed(e, c.peer_average_change),
        signed(e, c.national_change),
        status(c, e.direction).into(),
    ]
}

/// "Apr 16 to Mar 17, Jul 19": months, with runs joined.
fn month_runs(months: &[crate::model::Month]) -> String {
    let mut runs: Vec<(crate::model::Month, crate::model::Month)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, end)) if end.next() == m => *end = m,
            _ => runs.push((m, m)),
        }
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.short_name()
            } else {
                format!("{} to {}", a.short_name(), b.short_name())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the reader must know about a row: months left out, provisional months.
pub fn caveats(c: &Comparison) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((_, _, _, left_out)) = compared(c) {
        if !left_out.is_empty() {
            out.push(format!(
                "Incomplete: no data for {}; compared without {} in both years.",
                month_runs(left_out),
                if left_out.len() == 1 { "it" } else { "them" }
            ));
        }
    } else if !c.missing().is_empty() {
        out.push(format!(
            "Incomplete: no data for {}.",
            month_runs(&c.missing())
        ));
    }
    if !c.this.provisional.is_empty() {
        let periods: Vec<String> = c
            .this
            .provisional
            .iter()
            .map(|p| period_short(*p))
            .collect();
        out.push(format!("Provisional: {}.", periods.join(", ")));
    }
    out
}

/// The header row of a committee table: what its rows are, then the two
/// windows and the seven columns every such table has, with England and
/// Wales's change where any row has it.
pub fn head(rows: &str, this: &str, last: &str, national: bool) -> Html {
    html! {
        <thead><tr>
            <th scope="col">{ rows }</th>
            <th scope="col" class="num">{ this }</th>
            <th scope="col" class="num">{ last }</th>
            <th scope="col" class="num">{ "Change" }</th>
            <th scope="col" class="num">{ "%" }</th>
            <th scope="col">{ "Significance" }</th>
            <th scope="col" class="num">{ "Force change" }</th>
            <th scope="col" class="num">{ "Peer average change" }</th>
            if national {
                <th scope="col" class="num">{ "England and Wales change" }</th>
            }
            <th scope="col">{ "Status" }</th>
        </tr></thead>
    }
}

/// Whether any of these comparisons has England and Wales's change.
pub fn any_national<'a>(mut comparisons: impl Iterator<Item = &'a Comparison>) -> bool {
    comparisons.any(|c| c.national_change.is_some())
}

/// One comparison's row: its name and caveats, then the cells `head` named.
pub fn row(
    e: &Entry,
    c: &Comparison,
    name: String,
    notes: &[String],
    measure: Option<String>,
    national: bool,
) -> Html {
    let [this, last, change, percent, test, force, peers, england_and_wales, state] = cells(e, c);
    html! {
        <tr data-measure={measure}>
            <th scope="row">{ name }
                { for notes.iter().map(|t| html! { <span class="hint block">{ t }</span> }) }
            </th>
            <td class="num">{ this }</td>
            <td class="num">{ last }</td>
            <td class="num">{ change }</td>
            <td class="num">{ percent }</td>
            <td>{ test }</td>
            <td class="num">{ force }</td>
            <td class="num">{ peers }</td>
            if national {
                <td class="num">{ england_and_wales }</td>
            }
            <td>{ state }</td>
        </tr>
    }
}

/// Caveats every one of these comparisons shares (police.uk's missing July),
/// to be said once rather than on every row.
fn shared_caveats(comparisons: &[&Comparison]) -> Vec<String> {
    let all: Vec<Vec<String>> = comparisons.iter().map(|c| caveats(c)).collect();
    all.first()
        .map(|first| {
            first
                .iter()
                .filter(|c| all.iter().all(|r| r.contains(c)))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[component]
pub fn CommitteeTables(props: &Props) -> Html {
    let card = &props.card;
    let entry_of = |i: &usize| card.measures.get(*i);
    if !card.measures.iter().any(|e| e.year_to_date.is_some()) {
        return html! { <p class="notice">{ "No measure here adds up over months, so there is no year to date to compare." }</p> };
    }
    html! {
        <div class="committee">
            <p class="hint">{ "Each financial year so far against the same months a year earlier. Counts are compared with the exact Poisson test, rates with the two-proportion test; a change is significant at p < 0.05. A month missing in either year is left out of both and named." }</p>
            { for props.groups.iter().enumerate().map(|(g, group)| {
                let id = format!("committee-{g}");
                let rows: Vec<&Entry> = group.rows.iter().filter_map(entry_of).filter(|e| e.year_to_date.is_some()).collect();
                let comparisons: Vec<&Comparison> = rows.iter().filter_map(|e| e.year_to_date.as_ref()).map(|y| &y.financial_year).collect();
                // Each table's own years: a force's Home Office figures may end
                // years before the street files.
                let Some(first) = comparisons.first() else {
                    return Html::default();
                };
                let (label, this_span, last_span) = (first.label.clone(), first.this.span(), first.last.span());
                let shared = shared_caveats(&comparisons);
                let national = any_national(comparisons.iter().copied());
                html! {
                    <>
                    if !shared.is_empty() {
                        <p class="notice">{ format!("{}, every measure: {}", group.theme, shared.join(" ")) }</p>
                    }
                    <div class="table-scroll" role="region" aria-labelledby={format!("{id}-caption")} tabindex="0">
                        <table class="committee-table" id={id.clone()}>
                            <caption id={format!("{id}-caption")}>{ format!("{}: {label} against last year, {}", group.theme, card.area) }</caption>
                            { head("Measure", &format!("This year to date ({this_span})"), &format!("Last year ({last_span})"), national) }
                            <tbody>
                                { for rows.iter().map(|e| {
                                    let Some(y) = &e.year_to_date else { return Html::default() };
                                    let c = &y.financial_year;
                                    let notes: Vec<String> = caveats(c).into_iter().filter(|t| !shared.contains(t)).collect();
                                    row(e, c, e.measure.clone(), &notes, Some(e.measure.clone()), national)
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if !props.print {
                        <TableExport table={id.clone()} title={format!("{} year to date, {}", group.theme, card.area)} />
                    }
                    </>
                }
            }) }
        </div>
    }
}
