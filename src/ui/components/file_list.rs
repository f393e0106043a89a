//! What was loaded, what was not, and why.

use std::rc::Rc;

use yew::prelude::*;

use crate::dataset::LoadedFile;
use crate::ingest::{group, Rejection};
use crate::ui::state::Dispatch;
use crate::ui::state::{Action, Reading};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<Rc<LoadedFile>>,
    pub rejected: Rc<Vec<Rejection>>,
    pub reading: Rc<Vec<Reading>>,
    pub on_cancel: Callback<u32>,
    pub on_remove: Callback<(usize, u32)>,
    pub dispatch: Dispatch,
}

/// A path that may wrap after each `/`, rather than mid-word.
fn breakable_path(path: &str) -> Html {
    let parts: Vec<&str> = path.split_inclusive('/').collect();
    html! { <>{ for parts.iter().map(|p| html! { <>{ *p }<wbr /></> }) }</> }
}

fn periods_text(periods: &[String]) -> String {
    match (periods.first(), periods.last()) {
        (Some(first), Some(last)) if first == last => first.clone(),
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => String::new(),
    }
}

fn file_row(index: usize, file: &LoadedFile, on_remove: &Callback<(usize, u32)>) -> Html {
    let remove = {
        let on_remove = on_remove.clone();
        let id = file.id;
        Callback::from(move |_| on_remove.emit((index, id)))
    };
    let report = &file.report;
    let mut notes: Vec<String> = report
        .warnings
        .groups()
        .iter()
        .map(ToString::to_string)
        .collect();
    notes.extend(report.notices.iter().cloned());
    let details: Vec<String> = [
        report.encoding.clone(),
        report.delimiter.as_ref().map(|d| format!("delimiter {d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let areas = match report.areas.len() {
        0 => String::new(),
        n if n <= 6 => report.areas.join(", "),
        n => format!("{} and {} more", report.areas[..5].join(", "), n - 5),
    };
    html! {
        <tr>
            <th scope="row" class="file-name">{ breakable_path(&report.path) }</th>
            <td>{ report.kind.clone().unwrap_or_default() }
                if !details.is_empty() {
                    <span class="hint">{ format!(" ({})", details.join(", ")) }</span>
                }
            </td>
            <td>{ periods_text(&report.periods) }</td>
            <td>{ areas }</td>
            <td class="num">{ group(report.rows) }</td>
            <td>
                if report.warnings.is_empty() {
                    { "Loaded" }
                } else {
                    <strong>{ "Loaded with warnings" }</strong>
                }
                if !notes.is_empty() {
                    <ul class="notes">
                        { for notes.iter().map(|n| html! { <li>{ n }</li> }) }
                    </ul>
                }
            </td>
            <td>
                <button type="button" onclick={remove} aria-label={format!("Remove {}", report.path)}>
                    { "Remove" }
                </button>
            </td>
        </tr>
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn reading_row(r: &Reading, on_cancel: &Callback<u32>) -> Html {
    let cancel = {
        let on_cancel = on_cancel.clone();
        let request = r.request;
        Callback::from(move |_| on_cancel.emit(request))
    };
    let id = format!("progress-{}", r.request);
    html! {
        <li class="reading-file">
            <label for={id.clone()}>
                { format!("{}: {} of {} read, {} rows", r.name, megabytes(r.bytes), megabytes(r.size), group(r.rows)) }
            </label>
            <progress id={id} max={r.size.max(1).to_string()} value={r.bytes.to_string()}></progress>
            <button type="button" onclick={cancel} disabled={r.cancelling}
                aria-label={format!("Cancel loading {}", r.name)}>
                { if r.cancelling { "Cancelling…" } else { "Cancel" } }
            </button>
        </li>
    }
}

#[component]
pub fn FileList(props: &Props) -> Html {
    let status = if !props.reading.is_empty() {
        format!(
            "Reading {}: {} to go…",
            if props.reading.len() == 1 {
                "a file"
            } else {
                "files"
            },
            props.reading.len()
        )
    } else if !props.files.is_empty() {
        format!(
            "{} loaded, {} rows in all.",
            match props.files.len() {
                1 => "1 file".to_string(),
                n => format!("{n} files"),
            },
            group(props.files.iter().map(|f| f.report.rows).sum())
        )
    } else {
        String::new()
    };
    html! {
        <>
            <p class="status" role="status" aria-live="polite">{ status }</p>
            if !props.reading.is_empty() {
                <ul class="reading">
                    { for props.reading.iter().map(|r| reading_row(r, &props.on_cancel)) }
                </ul>
            }
            if !props.rejected.is_empty() {
                <div class="rejected" role="alert">
                    <h3>{ "Not loaded" }</h3>
                    <ul>
                        { for props.rejected.iter().enumerate().map(|(i, r)| {
                            let dispatch = props.dispatch.clone();
                            let dismiss = Callback::from(move |_| dispatch.dispatch(Action::DismissRejection(i)));
                            html! {
                                <li>
                                    <span class="rejection">{ r.to_string() }</span>
                                    { " " }
                                    <button type="button" onclick={dismiss}
                                        aria-label={format!("Dismiss the message about {}", r.file)}>
                                        { "Dismiss" }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="hint">{ "Files already loaded are unchanged." }</p>
                </div>
            }
            if !props.files.is_empty() {
                <div class="table-scroll" role="region" aria-labelledby="files-caption" tabindex="0">
                    <table class="files">
                        <caption id="files-caption">{ "Loaded files" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "File" }</th>
                                <th scope="col">{ "Kind" }</th>
                                <th scope="col">{ "Periods" }</th>
                                <th scope="col">{ "Areas" }</th>
                                <th scope="col" class="num">{ "Rows" }</th>
                                <th scope="col">{ "Status" }</th>
                                <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for props.files.iter().enumerate().map(|(i, f)| file_row(i, f, &props.on_remove)) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    }
}
