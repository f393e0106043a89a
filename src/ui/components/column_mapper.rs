//! Mapping the columns of a file Scrutineer does not recognise onto its own
//! measure format, with the first rows shown. The mapping is remembered for
//! the file's header, so the same extract maps itself next time.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ingest::formats::measures::{Across, ColumnMapping, WideColumns};
use crate::ingest::Preview;
use crate::model::Period;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub path: String,
    pub preview: Preview,
    pub on_apply: Callback<ColumnMapping>,
}

/// The roles a column can play, in the order asked.
const ROLES: [(&str, &str, bool); 11] = [
    ("area", "Area name", true),
    ("period", "Period (month, quarter or year)", true),
    ("measure", "Measure name", false),
    (
        "breakdown",
        "Sub-group of the measure (e.g. minor category)",
        false,
    ),
    ("value", "Value", false),
    ("numerator", "Numerator", false),
    ("denominator", "Denominator", false),
    ("target", "Target", false),
    ("polarity", "Which way is better", false),
    ("theme", "Priority theme", false),
    ("unit", "Unit", false),
];

/// A first guess from the header's words, so the common cases need no work.
fn guess(header: &[String], role: &str) -> Option<usize> {
    let words: &[&str] = match role {
        "area" => &[
            "area",
            "area_name",
            "borough",
            "ward",
            "council",
            "district",
            "authority",
            "csp",
        ],
        "period" => &["period", "month", "quarter", "year", "date"],
        "measure" => &[
            "measure",
            "indicator",
            "metric",
            "major category",
            "majortext",
            "offence group",
        ],
        "breakdown" => &["minor category", "minortext", "offence subgroup"],
        "value" => &["value", "count", "total", "incidents", "rate"],
        "numerator" => &["numerator"],
        "denominator" => &["denominator"],
        "target" => &["target"],
        "polarity" => &["polarity", "direction"],
        "theme" => &["theme", "priority", "group"],
        "unit" => &["unit", "units"],
        _ => &[],
    };
    header
        .iter()
        .position(|h| words.contains(&h.trim().to_lowercase().as_str()))
}

fn set(mapping: &mut ColumnMapping, role: &str, column: Option<usize>) {
    match role {
        "area" => mapping.area = column,
        "period" => mapping.period = column.unwrap_or(usize::MAX),
        "measure" => mapping.measure = column,
        "breakdown" => mapping.breakdown = column,
        "value" => mapping.value = column,
        "numerator" => mapping.numerator = column,
        "denominator" => mapping.denominator = column,
        "target" => mapping.target = column,
        "polarity" => mapping.polarity = column,
        "theme" => mapping.theme = column,
        "unit" => mapping.unit = column,
        _ => {}
    }
}

/// The longest run of two or more columns headed by periods (`201004`,
/// `Apr-10`…): a table with one column per month, offered as such.
fn periods_across(header: &[String]) -> Option<WideColumns> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    for (i, h) in header
        .iter()
        .chain(std::iter::once(&String::new()))
        .enumerate()
    {
        match (Period::parse(h, false).is_some(), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                if i - from >= 2 && best.is_none_or(|(a, b)| b - a + 1 < i - from) {
                    best = Some((from, i - 1));
                }
                start = None;
            }
            _ => {}
        }
    }
    best.map(|(from, to)| WideColumns {
        from,
        to,
        kind: Across::Periods,
    })
}

fn id_for(path: &str, role: &str) -> String {
    let safe: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("map-{safe}-{role}")
}

#[component]
pub fn ColumnMapper(props: &Props) -> Html {
    let header = props.preview.header.clone();
    let initial = {
        let header = header.clone();
        move || {
            let mut m = ColumnMapping {
                period: usize::MAX,
                ..ColumnMapping::default()
            };
            m.wide = periods_across(&header);
            for (role, _, _) in ROLES {
                let column =
                    guess(&header, role).filter(|&c| m.wide.is_none_or(|w| !w.contains(c)));
                set(&mut m, role, column);
            }
            if m.measure.is_none() && m.wide.is_none() {
                // One measure per file is common: name it after the value column.
                m.measure_name = m.value.and_then(|v| header.get(v).cloned());
            }
            m
        }
    };
    let mapping = use_state(initial);
    let problem = use_state(|| None::<String>);
    let last = header.len().saturating_sub(1);

    let periods_run_across = mapping.wide.is_some_and(|w| w.kind == Across::Periods);
    let select = |(role, label, required): (&'static str, &'static str, bool)| {
        let id = id_for(&props.path, role);
        let required = required && !(role == "period" && periods_run_across);
        let current = match role {
            "area" => mapping.area,
            "period" => (mapping.period != usize::MAX).then_some(mapping.period),
            "measure" => mapping.measure,
            "breakdown" => mapping.breakdown,
            "value" => mapping.value,
            "numerator" => mapping.numerator,
            "denominator" => mapping.denominator,
            "target" => mapping.target,
            "polarity" => mapping.polarity,
            "theme" => mapping.theme,
            "unit" => mapping.unit,
            _ => None,
        };
        let onchange = {
            let mapping = mapping.clone();
            Callback::from(move |e: Event| {
                let s: HtmlSelectElement = e.target_unchecked_into();
                let mut m = (*mapping).clone();
                set(&mut m, role, s.value().parse().ok());
                mapping.set(m);
            })
        };
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }{ if required { " (required)" } else { "" } }</label>
                <select id={id} {onchange}>
                    <option value="" selected={current.is_none()}>{ "Not in this file" }</option>
                    { for header.iter().enumerate().map(|(i, h)| html! {
                        <option value={i.to_string()} selected={current == Some(i)}>{ h }</option>
                    }) }
                </select>
            </div>
        }
    };
    let on_name = {
        let mapping = mapping.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut m = (*mapping).clone();
            m.measure_name = Some(input.value()).filter(|v| !v.trim().is_empty());
            mapping.set(m);
        })
    };
    let onsubmit = {
        let (mapping, problem, on_apply) =
            (mapping.clone(), problem.clone(), props.on_apply.clone());
        let header_for_check = header.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let m = (*mapping).clone();
            let periods_across = m.wide.is_some_and(|w| w.kind == Across::Periods);
            let issue = if m.period == usize::MAX && !periods_across {
                Some(
                    "choose the column holding the period, or say which columns are periods"
                        .to_string(),
                )
            } else {
                m.problem(&header_for_check)
            };
            match issue {
                Some(p) => problem.set(Some(p)),
                None => {
                    problem.set(None);
                    on_apply.emit(m);
                }
            }
        })
    };
    let across = {
        let kind_id = |k: &str| id_for(&props.path, &format!("across-{k}"));
        let choose_kind = |kind: Option<Across>| {
            let mapping = mapping.clone();
            Callback::from(move |_: Event| {
                let mut m = (*mapping).clone();
                m.wide = kind.map(|kind| {
                    let (from, to) = m.wide.map_or((0, last), |w| (w.from, w.to));
                    WideColumns { from, to, kind }
                });
                mapping.set(m);
            })
        };
        let choose_end = |first: bool| {
            let mapping = mapping.clone();
            Callback::from(move |e: Event| {
                let s: HtmlSelectElement = e.target_unchecked_into();
                let mut m = (*mapping).clone();
                if let (Some(w), Ok(c)) = (m.wide.as_mut(), s.value().parse::<usize>()) {
                    if first {
                        w.from = c;
                    } else {
                        w.to = c;
                    }
                }
                mapping.set(m);
            })
        };
        let kinds = [
            (None, "none", "No: each row holds one figure"),
            (
                Some(Across::Periods),
                "periods",
                "Yes, one column per period (e.g. 201004, 201005, …)",
            ),
            (
                Some(Across::Measures),
                "measures",
                "Yes, one column per measure (e.g. Burglary, Robbery, …)",
            ),
        ];
        let end = |first: bool| {
            let id = id_for(&props.path, if first { "across-from" } else { "across-to" });
            let current = mapping.wide.map(|w| if first { w.from } else { w.to });
            html! {
                <div class="field">
                    <label for={id.clone()}>{ if first { "From column" } else { "To column" } }</label>
                    <select id={id} onchange={choose_end(first)}>
                        { for header.iter().enumerate().map(|(i, h)| html! {
                            <option value={i.to_string()} selected={current == Some(i)}>{ format!("{}: {h}", i + 1) }</option>
                        }) }
                    </select>
                </div>
            }
        };
        html! {
            <fieldset class="group across">
                <legend>{ "Do values run across the columns?" }</legend>
                { for kinds.into_iter().map(|(kind, key, label)| {
                    let id = kind_id(key);
                    html! {
                        <div class="checkbox">
                            <input type="radio" id={id.clone()} name={kind_id("kind")}
                                checked={mapping.wide.map(|w| w.kind) == kind}
                                onchange={choose_kind(kind)} />
                            <label for={id}>{ label }</label>
                        </div>
                    }
                }) }
                if mapping.wide.is_some() {
                    { end(true) }
                    { end(false) }
                    <p class="hint">{ match mapping.wide.map(|w| w.kind) {
                        Some(Across::Periods) => "Each filled cell in these columns is the value for the period its heading names.",
                        _ => "Each filled cell in these columns is the value of the measure its heading names.",
                    } }</p>
                }
            </fieldset>
        }
    };
    let name_id = id_for(&props.path, "measure-name");
    html! {
        <form class="mapper" {onsubmit} aria-label={format!("Map the columns of {}", props.path)}>
            <h3>{ format!("Map the columns of {}", props.path) }</h3>
            <p class="hint">{ "Scrutineer does not recognise this layout. Say which column holds what; the mapping is remembered for files with the same headings." }</p>
            <div class="table-scroll" role="region" tabindex="0" aria-label={format!("First rows of {}", props.path)}>
                <table>
                    <caption>{ format!("First rows of {}", props.path) }</caption>
                    <thead><tr>{ for header.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                    <tbody>
                        { for props.preview.rows.iter().take(5).map(|r| html! {
                            <tr>{ for r.iter().map(|c| html! { <td>{ c }</td> }) }</tr>
                        }) }
                    </tbody>
                </table>
            </div>
            { across }
            <div class="mapper-grid">
                { for ROLES.into_iter().map(select) }
                <div class="field">
                    <label for={name_id.clone()}>{ "Or one measure name for the whole file" }</label>
                    <input id={name_id} type="text" value={mapping.measure_name.clone().unwrap_or_default()} oninput={on_name} />
                </div>
            </div>
            if let Some(p) = &*problem {
                <p class="rejection" role="alert">{ format!("Not yet: {p}.") }</p>
            }
            <button type="submit">{ "Use this mapping" }</button>
        </form>
    }
}
