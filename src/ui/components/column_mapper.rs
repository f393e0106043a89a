//! Mapping the columns of a file Scrutineer does not recognise onto its own
//! measure format, with the first rows shown. The mapping is remembered for
//! the file's header, so the same extract maps itself next time.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::Preview;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub path: String,
    pub preview: Preview,
    pub on_apply: Callback<ColumnMapping>,
}

/// The roles a column can play, in the order asked.
const ROLES: [(&str, &str, bool); 10] = [
    ("area", "Area name", true),
    ("period", "Period (month, quarter or year)", true),
    ("measure", "Measure name", false),
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
            "ward",
            "council",
            "district",
            "authority",
            "csp",
        ],
        "period" => &["period", "month", "quarter", "year", "date"],
        "measure" => &["measure", "indicator", "metric"],
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
            for (role, _, _) in ROLES {
                set(&mut m, role, guess(&header, role));
            }
            if m.measure.is_none() {
                // One measure per file is common: name it after the value column.
                m.measure_name = m.value.and_then(|v| header.get(v).cloned());
            }
            m
        }
    };
    let mapping = use_state(initial);
    let problem = use_state(|| None::<String>);
    let width = header.len();

    let select = |(role, label, required): (&'static str, &'static str, bool)| {
        let id = id_for(&props.path, role);
        let current = match role {
            "area" => mapping.area,
            "period" => (mapping.period != usize::MAX).then_some(mapping.period),
            "measure" => mapping.measure,
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
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let m = (*mapping).clone();
            let issue = if m.period == usize::MAX {
                Some("choose the column holding the period".to_string())
            } else {
                m.problem(width)
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
