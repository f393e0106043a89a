//! One measure: the summary in words, its trend with target, SPC and
//! provisional periods, how it compares with similar areas (bars or funnel),
//! and the same measure for every peer area. Every chart has a table.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::committee_table::{
    any_national, caveats as committee_caveats, head as committee_head, row as committee_row,
};
use super::scorecard_table::provisional_text;
use super::{ChartView, TableExport};
use crate::analysis::detail::MeasureDetail;
use crate::analysis::periods::Granularity;
use crate::analysis::scorecard::{format_rate, format_value, ordinal, Entry, SeriesPoint};
use crate::analysis::settings::{Note, Settings, NOTE_LENGTH, PRIORITY_THEMES};
use crate::charts::measure::{axis_top, class_words, period_short};
use crate::charts::Chart;
use crate::model::Month;
use crate::ui::route::period_label;
use crate::ui::state::Action;
use crate::ui::state::Dispatch;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub detail: Rc<MeasureDetail>,
    pub period: Granularity,
    pub funnel: bool,
    pub settings: Settings,
    pub dispatch: Dispatch,
    /// A published briefing: no theme, break or note can be changed.
    #[prop_or_default]
    pub locked: bool,
}

const PERIODS: [Granularity; 4] = [
    Granularity::Month,
    Granularity::Quarter,
    Granularity::FinancialYear,
    Granularity::Rolling12,
];

fn show(e: &Entry, v: f64) -> String {
    format_value(v, e.kind, e.unit.as_deref())
}

fn value_or_gap(e: &Entry, p: &SeriesPoint) -> String {
    match p.value {
        Some(v) => show(e, v),
        None if !p.missing_months.is_empty() => {
            let months: Vec<String> = p.missing_months.iter().map(|m| m.short_name()).collect();
            format!("No data (missing {})", months.join(", "))
        }
        None => "No data".into(),
    }
}

pub fn trend_table(e: &Entry, area: &str, id: &str) -> Html {
    let caption = format!("{id}-caption");
    let rates = e.residents.as_ref().map(|r| r.basis());
    html! {
        <div class="table-scroll" role="region" aria-labelledby={caption.clone()} tabindex="0">
            <table class="trend-table" id={id.to_string()}>
                <caption id={caption}>{ format!("{} in {}, by period", e.measure, area) }</caption>
                <thead><tr>
                    <th scope="col">{ "Period" }</th>
                    <th scope="col" class="num">{ "Value" }</th>
                    if let Some(basis) = &rates { <th scope="col" class="num">{ format!("Rate {basis}") }</th> }
                    <th scope="col" class="num">{ "SPC mean" }</th>
                    <th scope="col">{ "SPC limits" }</th>
                    <th scope="col">{ "SPC" }</th>
                    <th scope="col">{ "Provisional" }</th>
                    if e.seasonal.iter().any(Option::is_some) { <th scope="col">{ "Same month, earlier years" }</th> }
                    if !e.notes.is_empty() { <th scope="col">{ "Notes" }</th> }
                    if !e.revisions.is_empty() { <th scope="col">{ "Earlier extracts" }</th> }
                </tr></thead>
                <tbody>
                    { for e.series.iter().enumerate().map(|(i, p)| {
                        let limits = e.spc.as_ref().and_then(|s| s.segments.iter().find(|l| l.start <= i && i < l.end));
                        let class = e.spc.as_ref().and_then(|s| s.points.get(i)).map(|c| class_words(*c));
                        html! {
                            <tr class={classes!(p.value.is_none().then_some("missing"), p.provisional.then_some("provisional"))}>
                                <th scope="row">{ period_short(p.period) }</th>
                                <td class="num">{ value_or_gap(e, p) }</td>
                                if rates.is_some() { <td class="num">{ p.rate.map(format_rate).unwrap_or_default() }</td> }
                                <td class="num">{ limits.map(|l| show(e, l.mean)).unwrap_or_default() }</td>
                                <td class="range">{ limits.map(|l| format!("{} to {}", show(e, l.lower.max(0.0)), show(e, l.upper))).unwrap_or_default() }</td>
                                <td>{ class.unwrap_or_default() }</td>
                                <td>{ provisional_cell(p) }</td>
                                if e.seasonal.iter().any(Option::is_some) {
                                    <td>{ e.seasonal.get(i).copied().flatten().map(|r| format!("{} to {} ({} years)", show(e, r.lowest), show(e, r.highest), r.years)).unwrap_or_default() }</td>
                                }
                                if !e.notes.is_empty() { <td>{ note_text(e, i) }</td> }
                                if !e.revisions.is_empty() { <td>{ earlier_text(e, p) }</td> }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The financial year to date and the rolling year against a year earlier.
fn year_to_date_table(e: &Entry) -> Html {
    let Some(y) = &e.year_to_date else {
        return Html::default();
    };
    let national = any_national([&y.financial_year, &y.rolling].into_iter());
    html! {
        <>
        <h3 id="ytd-heading">{ "Year to date and the last 12 months" }</h3>
        <div class="table-scroll" role="region" aria-labelledby="ytd-caption" tabindex="0">
            <table class="committee-table" id="ytd-table">
                <caption id="ytd-caption">{ format!("{}: against the same months a year earlier", e.measure) }</caption>
                { committee_head("Period", "This year", "A year earlier", national) }
                <tbody>
                    { for [&y.financial_year, &y.rolling].into_iter().map(|c| {
                        let name = format!("{} ({} against {})", c.label, c.this.span(), c.last.span());
                        committee_row(e, c, name, &committee_caveats(c), None, national)
                    }) }
                </tbody>
            </table>
        </div>
        </>
    }
}

/// The notes at point `i`: "N1: first lockdown (Mar 20)".
fn note_text(e: &Entry, i: usize) -> String {
    e.notes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.index == i)
        .map(|(k, n)| format!("N{}: {} ({})", k + 1, n.text, n.month.short_name()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Adding and removing dated notes on this measure (or every measure).
fn notes_form(
    e: &Entry,
    notes: &[Note],
    draft: &UseStateHandle<(Option<Month>, String, bool)>,
    dispatch: &Dispatch,
) -> Html {
    let months: Vec<Month> = e
        .series
        .iter()
        .filter_map(|p| p.period.first_month())
        .collect();
    let (month, text, everywhere) = (**draft).clone();
    let month = month
        .filter(|m| months.contains(m))
        .or(months.last().copied());
    let on_month = {
        let draft = draft.clone();
        Callback::from(move |ev: Event| {
            let s: HtmlSelectElement = ev.target_unchecked_into();
            let mut d = (*draft).clone();
            d.0 = Month::parse_iso(&s.value());
            draft.set(d);
        })
    };
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |ev: InputEvent| {
            let input: web_sys::HtmlInputElement = ev.target_unchecked_into();
            let mut d = (*draft).clone();
            d.1 = input.value();
            draft.set(d);
        })
    };
    let on_everywhere = {
        let draft = draft.clone();
        Callback::from(move |ev: Event| {
            let input: web_sys::HtmlInputElement = ev.target_unchecked_into();
            let mut d = (*draft).clone();
            d.2 = input.checked();
            draft.set(d);
        })
    };
    let add = {
        let (dispatch, draft, measure) = (dispatch.clone(), draft.clone(), e.measure.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let (_, text, everywhere) = (*draft).clone();
            if let (Some(month), false) = (month, text.trim().is_empty()) {
                dispatch.dispatch(Action::AddNote(Note {
                    month,
                    text,
                    measure: (!everywhere).then(|| measure.clone()),
                }));
                draft.set((Some(month), String::new(), everywhere));
            }
        })
    };
    let mine: Vec<&Note> = notes.iter().filter(|n| n.applies_to(&e.measure)).collect();
    html! {
        <form class="group notes-form" onsubmit={add}>
            <fieldset>
                <legend>{ "Notes on the chart" }</legend>
                <p class="hint">{ "Add what happened when, such as \"Hate Crime Strategy launched\" or \"first lockdown\": it shows on the trend charts, in the tables and in the print pack, and is saved with the workspace." }</p>
                if !mine.is_empty() {
                    <ul class="notes-list">
                        { for mine.iter().map(|n| {
                            let remove = {
                                let (dispatch, note) = (dispatch.clone(), (*n).clone());
                                Callback::from(move |_| dispatch.dispatch(Action::RemoveNote(note.clone())))
                            };
                            let scope = if n.measure.is_none() { " (every measure)" } else { "" };
                            html! {
                                <li>{ format!("{}: {}{scope} ", n.month.long_name(), n.text) }
                                    <button type="button" onclick={remove} aria-label={format!("Remove the note {}", n.text)}>{ "Remove" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                }
                if let Some(month) = month {
                    <div class="field inline-options">
                        <label for="note-month">{ "Month" }</label>
                        <select id="note-month" onchange={on_month}>
                            { for months.iter().map(|m| html! { <option value={m.to_string()} selected={*m == month}>{ m.long_name() }</option> }) }
                        </select>
                        <label for="note-text">{ "Note" }</label>
                        <input id="note-text" type="text" maxlength={NOTE_LENGTH.to_string()} value={text} oninput={on_text} />
                    </div>
                    <div class="checkbox">
                        <input type="checkbox" id="note-everywhere" checked={everywhere} onchange={on_everywhere} />
                        <label for="note-everywhere">{ "Show on every measure" }</label>
                    </div>
                    <button type="submit">{ "Add note" }</button>
                }
            </fieldset>
        </form>
    }
}

/// A period's figures in earlier extracts: "15.2% in the extract of 31 May
/// 2019 (now 19.7%)".
/// Whether a period is provisional, with its open share and its age in
/// its download where known.
fn provisional_cell(p: &SeriesPoint) -> String {
    if !p.provisional {
        return "No".into();
    }
    match (p.open_share, p.age) {
        (Some(s), Some(age)) => format!(
            "Yes ({:.0}% of cases open, {})",
            100.0 * s,
            crate::analysis::summary::months_old(age)
        ),
        (Some(s), None) => format!("Yes ({:.0}% of cases open)", 100.0 * s),
        _ => "Yes".into(),
    }
}

fn earlier_text(e: &Entry, p: &SeriesPoint) -> String {
    e.revisions
        .iter()
        .filter(|r| r.period == p.period)
        .map(|r| {
            if r.change == 0.0 {
                format!("{} in {} (unchanged)", show(e, r.earlier), r.extract)
            } else {
                format!("{} in {}", show(e, r.earlier), r.extract)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn trend_key(e: &Entry) -> Html {
    html! {
        <ul class="legend" aria-label="Chart key">
            <li><span class="key-line solid" aria-hidden="true"></span>{ "Value" }</li>
            if e.target.is_some() { <li><span class="key-line target" aria-hidden="true"></span>{ "Target (dashed)" }</li> }
            if e.spc.is_some() {
                <li><span class="key-line mean" aria-hidden="true"></span>{ "SPC mean (solid grey) and limits (dashed grey)" }</li>
                <li><span class="key-marker improvement" aria-hidden="true"></span>{ "Improvement: blue diamond" }</li>
                <li><span class="key-marker concern" aria-hidden="true"></span>{ "Concern: orange square" }</li>
                <li><span class="key-marker neutral" aria-hidden="true"></span>{ "Special cause, neither better nor worse: purple triangle" }</li>
                <li><span class="key-marker common" aria-hidden="true"></span>{ "Common cause: grey circle" }</li>
            }
            if e.spc.as_ref().is_some_and(|s| s.segments.len() > 1) { <li><span class="key-line break" aria-hidden="true"></span>{ "Recording break: dashed upright line; limits start again" }</li> }
            if e.series.iter().any(|p| p.provisional) { <li><span class="key-band provisional" aria-hidden="true"></span>{ "Provisional period: shaded, hollow circle" }</li> }
            if !e.notes.is_empty() { <li><span class="key-line note" aria-hidden="true"></span>{ "Note: dotted teal upright line, numbered N1, N2… (listed under the chart)" }</li> }
            if e.seasonal.iter().any(Option::is_some) { <li><span class="key-band seasonal" aria-hidden="true"></span>{ "The same month in the previous 2 or 3 years, lowest to highest: pale bar" }</li> }
            if e.revisions.iter().any(|r| r.change != 0.0) { <li><span class="key-marker earlier" aria-hidden="true"></span>{ "Figure in an earlier extract: hollow diamond, dotted line to today's figure" }</li> }
            if e.series.iter().any(|p| p.value.is_none()) { <li><span class="gap-key" aria-hidden="true"></span>{ "No data" }</li> }
        </ul>
    }
}

pub fn peer_table(d: &MeasureDetail, id: &str) -> Html {
    let caption = format!("{id}-caption");
    let e = &d.entry;
    let period = d.period.map(period_short).unwrap_or_default();
    let proportion = d.figures.iter().any(|f| f.denominator.is_some());
    let compared = |v: f64| d.show_compared(v);
    let basis = d
        .basis
        .as_ref()
        .map(|b| format!(", {b}"))
        .unwrap_or_default();
    html! {
        <div class="table-scroll" role="region" aria-labelledby={caption.clone()} tabindex="0">
            <table class="peer-table" id={id.to_string()}>
                <caption id={caption}>{ format!("{}, {period}: every compared area, best first{basis}", e.measure) }</caption>
                <thead><tr>
                    <th scope="col" class="num">{ "Position" }</th>
                    <th scope="col">{ "Area" }</th>
                    if d.basis.is_some() {
                        <th scope="col" class="num">{ "Per 1,000 residents" }</th>
                        <th scope="col" class="num">{ "Count" }</th>
                        <th scope="col" class="num">{ "Residents" }</th>
                    } else {
                        <th scope="col" class="num">{ "Value" }</th>
                    }
                    <th scope="col">{ "95% interval" }</th>
                    if proportion { <th scope="col" class="num">{ "Cases" }</th> }
                </tr></thead>
                <tbody>
                    { for d.figures.iter().enumerate().map(|(i, f)| html! {
                        <tr class={classes!(f.home.then_some("home"))}>
                            <td class="num">{ ordinal(i + 1) }</td>
                            <th scope="row">{ if f.home { format!("{} (your area)", f.area) } else { f.area.clone() } }</th>
                            if d.basis.is_some() {
                                <td class="num">{ format_rate(f.value) }</td>
                                <td class="num">{ f.count.map(|c| show(e, c)).unwrap_or_default() }</td>
                                <td class="num">{ f.residents.map(|x| crate::ingest::group(x.round() as u64)).unwrap_or_default() }</td>
                            } else {
                                <td class="num">{ compared(f.value) }</td>
                            }
                            <td>{ f.interval.map(|c| if d.basis.is_some() { format!("{} to {}", format_rate(c.lower), format_rate(c.upper)) } else { format!("{} to {}", compared(c.lower), compared(c.upper)) }).unwrap_or_else(|| "Not available".into()) }</td>
                            if proportion { <td class="num">{ f.denominator.map(|x| crate::ingest::group(x.round() as u64)).unwrap_or_default() }</td> }
                        </tr>
                    }) }
                    if let Some(n) = d.national {
                        <tr class="national">
                            <td class="num">{ "Not ranked" }</td>
                            <th scope="row">{ "England and Wales (for reference)" }</th>
                            if d.basis.is_some() {
                                <td class="num">{ format_rate(n) }</td>
                                <td class="num">{ e.national.as_ref().map(|x| show(e, x.value)).unwrap_or_default() }</td>
                                <td class="num">{ e.national.as_ref().and_then(|x| x.residents.as_ref()).map(|r| crate::ingest::group(r.people.round() as u64)).unwrap_or_default() }</td>
                            } else {
                                <td class="num">{ compared(n) }</td>
                            }
                            <td>{ "Not available" }</td>
                            if proportion { <td class="num">{ e.national.as_ref().and_then(|x| x.denominator).map(|x| crate::ingest::group(x.round() as u64)).unwrap_or_default() }</td> }
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}

fn multiples_table(d: &MeasureDetail) -> Html {
    let e = &Entry {
        kind: d.compare_kind,
        unit: d.compare_unit.clone(),
        ..d.entry.clone()
    };
    let basis = d
        .basis
        .as_ref()
        .map(|b| format!(", {b}"))
        .unwrap_or_default();
    let periods: Vec<_> = e.series.iter().map(|p| p.period).collect();
    html! {
        <div class="table-scroll" role="region" aria-labelledby="multiples-caption" tabindex="0">
            <table class="multiples-table" id="multiples-table">
                <caption id="multiples-caption">{ format!("{} by period for every compared area{basis}", e.measure) }</caption>
                <thead><tr>
                    <th scope="col">{ "Period" }</th>
                    { for d.areas.iter().map(|a| html! { <th scope="col" class="num">{ &a.area }</th> }) }
                </tr></thead>
                <tbody>
                    { for periods.iter().map(|period| html! {
                        <tr>
                            <th scope="row">{ period_short(*period) }</th>
                            { for d.areas.iter().map(|a| html! {
                                <td class="num">{ a.series.iter().find(|p| p.period == *period).map(|p| value_or_gap(e, p)).unwrap_or_else(|| "No data".into()) }</td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Marking where recording changed, so SPC limits start again from there.
fn breaks_form(
    e: &Entry,
    marked: &[Month],
    chosen: &UseStateHandle<Option<Month>>,
    why: &UseStateHandle<String>,
    dispatch: &Dispatch,
) -> Html {
    let starts: Vec<Month> = e
        .series
        .iter()
        .skip(1)
        .filter_map(|p| p.period.first_month())
        .filter(|m| !marked.contains(m))
        .collect();
    let toggle = |month: Month| {
        let (dispatch, measure) = (dispatch.clone(), e.measure.clone());
        Callback::from(move |_| {
            dispatch.dispatch(Action::ToggleBreak {
                measure: measure.clone(),
                month,
            })
        })
    };
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |ev: Event| {
            let s: HtmlSelectElement = ev.target_unchecked_into();
            chosen.set(Month::parse_iso(&s.value()));
        })
    };
    let pick = chosen
        .filter(|m| starts.contains(m))
        .or(starts.first().copied());
    let on_why = {
        let why = why.clone();
        Callback::from(move |ev: InputEvent| {
            let input: web_sys::HtmlInputElement = ev.target_unchecked_into();
            why.set(input.value());
        })
    };
    // Marking a break with a reason also puts the reason on the chart as a note.
    let mark = |month: Month| {
        let (dispatch, measure, why) = (dispatch.clone(), e.measure.clone(), why.clone());
        Callback::from(move |_| {
            dispatch.dispatch(Action::ToggleBreak {
                measure: measure.clone(),
                month,
            });
            if !why.trim().is_empty() {
                dispatch.dispatch(Action::AddNote(Note {
                    month,
                    text: format!("Recording break: {}", why.trim()),
                    measure: Some(measure.clone()),
                }));
                why.set(String::new());
            }
        })
    };
    html! {
        <fieldset class="group breaks">
            <legend>{ "Recording breaks" }</legend>
            <p class="hint">{ "Mark where the way these figures are recorded changed (for example, outcome 22 from April 2019): SPC limits start again from there, and the chart shows the break." }</p>
            if !marked.is_empty() {
                <ul>
                    { for marked.iter().map(|m| html! {
                        <li>{ format!("From {} ", m.long_name()) }
                            <button type="button" onclick={toggle(*m)} aria-label={format!("Remove the break from {}", m.long_name())}>{ "Remove" }</button>
                        </li>
                    }) }
                </ul>
            }
            if let Some(month) = pick {
                <div class="field inline-options">
                    <label for="break-month">{ "Mark a break from" }</label>
                    <select id="break-month" onchange={on_pick}>
                        { for starts.iter().map(|m| html! { <option value={m.to_string()} selected={*m == month}>{ m.long_name() }</option> }) }
                    </select>
                    <label for="break-why">{ "Why (optional, shown as a note)" }</label>
                    <input id="break-why" type="text" maxlength={NOTE_LENGTH.to_string()} value={(**why).clone()} oninput={on_why} />
                    <button type="button" onclick={mark(month)}>{ "Mark break" }</button>
                </div>
            }
        </fieldset>
    }
}

#[component]
pub fn MeasurePage(props: &Props) -> Html {
    let chosen_break = use_state(|| None::<Month>);
    let note_draft = use_state(|| (None::<Month>, String::new(), false));
    let break_why = use_state(String::new);
    let d = &props.detail;
    let e = &d.entry;
    let area = d.areas.first().map(|a| a.area.clone()).unwrap_or_default();
    let dispatch = props.dispatch.clone();
    let period_radio = |g: Granularity| {
        let dispatch = dispatch.clone();
        let id = format!("period-{}", crate::ui::route::period_key(g));
        html! {
            <div class="checkbox">
                <input type="radio" name="period" id={id.clone()} checked={props.period == g}
                    onchange={Callback::from(move |_| dispatch.dispatch(Action::SetPeriod(g)))} />
                <label for={id}>{ period_label(g) }</label>
            </div>
        }
    };
    let on_funnel = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ToggleFunnel))
    };
    let on_theme = {
        let (dispatch, measure) = (dispatch.clone(), e.measure.clone());
        Callback::from(move |ev: Event| {
            let s: HtmlSelectElement = ev.target_unchecked_into();
            let v = s.value();
            dispatch.dispatch(Action::TagTheme {
                measure: measure.clone(),
                theme: (!v.is_empty()).then_some(v),
            });
        })
    };
    let theme = props.settings.theme_of(&e.measure, e.theme.as_deref());
    let top = axis_top(
        d.areas
            .iter()
            .flat_map(|a| a.series.iter().filter_map(|p| p.value))
            .fold(0.0, f64::max),
    );
    let entry = Rc::new(e.clone());
    let period_words = d.period.map(period_short).unwrap_or_default();
    let compared = |v: f64| d.show_compared(v);
    let on_basis = d
        .basis
        .as_ref()
        .map(|b| format!(" ({b})"))
        .unwrap_or_default();
    let peer_words = match &e.peers {
        Some(p) => format!(
            "Compared with {}. {area} is {} of {} in {period_words}{on_basis}; the peer mean is {} (difference {}).{}",
            e.peer_group,
            ordinal(p.rank),
            p.of,
            compared(p.peer_mean),
            if e.unit.as_deref() == Some("%") {
                format!("{:+.1} points", p.difference_from_peer_mean)
            } else {
                compared(p.difference_from_peer_mean)
            },
            d.national
                .map(|n| format!(" England and Wales: {}.", compared(n)))
                .unwrap_or_default()
        ),
        None if d.note.is_some() => "Not ranked: see the note above.".into(),
        None => "No similar areas have a figure for this period: choose a peer group in Settings."
            .into(),
    };
    let small_entry = Entry {
        kind: d.compare_kind,
        unit: d.compare_unit.clone(),
        spc: None,
        target: None,
        ..e.clone()
    };
    let funnel_x = d
        .funnel
        .as_ref()
        .map(|f| f.x_label.clone())
        .unwrap_or_default();
    html! {
        <section aria-labelledby="measure-heading" class="measure-page">
            <h2 id="measure-heading">{ format!("{} in {area}", e.measure) }</h2>
            <p class="summary lead" id="measure-summary">{ &e.summary }</p>
            if let Some(d) = &e.definition {
                <p class="hint" id="measure-definition">{ format!("What it counts: {d}") }</p>
            }
            <p>{ format!("Provisional periods: {}.", provisional_text(e)) }</p>
            <fieldset class="group period-switch">
                <legend>{ "Period" }</legend>
                <div class="inline-options">{ for PERIODS.into_iter().map(period_radio) }</div>
            </fieldset>
            if !props.locked && e.theme.as_deref().is_none_or(|t| t.trim().is_empty()) {
                <div class="field">
                    <label for="theme-tag">{ "Priority theme for this measure" }</label>
                    <select id="theme-tag" onchange={on_theme}>
                        <option value="" selected={theme.is_none()}>{ "Not tagged" }</option>
                        { for PRIORITY_THEMES.iter().map(|t| html! { <option value={*t} selected={theme.as_deref() == Some(*t)}>{ *t }</option> }) }
                    </select>
                </div>
            }
            <h3 id="trend-heading">{ "Trend" }</h3>
            if let Some(note) = &e.spc_note { <p class="hint">{ format!("SPC limits are not shown: {note}.") }</p> }
            if e.seasonal.iter().any(Option::is_some) {
                <p class="hint" id="seasonal-words">{ "Crime rises and falls with the seasons: July is not January. So each month is set beside the same month in earlier years (the pale bars), and its change is judged against the same month a year earlier, not against the month before." }</p>
            }
            { trend_key(e) }
            <ChartView chart={Chart::Trend { entry: entry.clone(), title: None, top: None }}
                label={format!("Trend of {} in {area}. The figures are in the table below.", e.measure)}
                described_by="measure-summary" class="trend-chart"
                export_as={format!("{} in {area} trend chart", e.measure)} />
            if !e.notes.is_empty() {
                <ol class="chart-notes" aria-label="Notes on the chart">
                    { for e.notes.iter().enumerate().map(|(k, n)| html! { <li>{ format!("N{}, {}: {}", k + 1, n.month.short_name(), n.text) }</li> }) }
                </ol>
            }
            { trend_table(e, &area, "trend-table") }
            <TableExport table="trend-table" title={format!("{} in {area} by period", e.measure)} />
            if !props.locked {
                { breaks_form(e, props.settings.breaks.get(&e.measure).map_or(&[], Vec::as_slice), &chosen_break, &break_why, &props.dispatch) }
                { notes_form(e, &props.settings.notes, &note_draft, &props.dispatch) }
            }
            { year_to_date_table(e) }

            <h3 id="peers-heading">{ format!("Compared with {}, {period_words}", e.peer_noun) }</h3>
            <p id="peer-words">{ peer_words }</p>
            <button type="button" aria-pressed={props.funnel.to_string()} onclick={on_funnel}>
                { if props.funnel { "Show bar chart" } else { "Show funnel plot" } }
            </button>
            if props.funnel {
                if let Err(why) = &d.funnel {
                    <p class="hint" role="status">{ why }</p>
                } else {
                    <p class="hint">{ format!("Funnel plot: each area's figure against its number of {funnel_x}. Dashed lines: 95% limits; solid grey: 99.8%; the line across: {}'s figure. Points outside the funnel differ by more than chance.", d.funnel.as_ref().map_or("the group", |f| f.around.as_str())) }</p>
                    <ChartView chart={Chart::Funnel(d.clone())}
                        label={format!("Funnel plot of {} for {area} and similar areas. The figures are in the table below.", e.measure)}
                        described_by="peer-words"
                        export_as={format!("{} funnel plot", e.measure)} />
                }
            } else {
                <p class="hint">{ format!("Bars: each area's figure, best first; whiskers: 95% intervals; dashed line: the peer mean.{} Your area is in blue and named \"your area\".", if d.national.is_some() { " Solid line: England and Wales." } else { "" }) }</p>
                <ChartView chart={Chart::Peers(d.clone())}
                    label={format!("Bar chart of {} for {area} and similar areas. The figures are in the table below.", e.measure)}
                    described_by="peer-words"
                    export_as={format!("{} compared with similar areas chart", e.measure)} />
            }
            { peer_table(d, "peer-table") }
            <TableExport table="peer-table" title={format!("{} compared with similar areas {period_words}", e.measure)} />

            <h3>{ "Every compared area" }</h3>
            <p class="hint">{ format!("Compared with {}.", e.peer_group) }</p>
            <p class="hint">{ match &d.basis { Some(b) => format!("The same measure for each area, on the same scale: {b}."), None => "The same measure for each area, on the same scale.".to_string() } }</p>
            <div class="multiples">
                { for d.areas.iter().map(|a| {
                    let small = Rc::new(Entry { series: a.series.clone(), ..small_entry.clone() });
                    let title = if a.home { format!("{} (your area)", a.area) } else { a.area.clone() };
                    html! {
                        <ChartView chart={Chart::Trend { entry: small, title: Some(title.clone()), top: Some(top) }}
                            label={format!("Small chart of {} in {}.", e.measure, a.area)} class="small-multiple"
                            export_as={format!("{} in {} small chart", e.measure, a.area)} />
                    }
                }) }
            </div>
            { multiples_table(d) }
            <TableExport table="multiples-table" title={format!("{} for every compared area", e.measure)} />
        </section>
    }
}
