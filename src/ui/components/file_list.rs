//! What was loaded, what was not, and why.

use std::rc::Rc;

use yew::prelude::*;

use crate::ingest::police_uk_street::{StreetFile, KIND_LABEL};
use crate::ingest::problem::{group, Rejection};
use crate::ui::app::Dispatch;
use crate::ui::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<Rc<StreetFile>>,
    pub rejected: Rc<Vec<Rejection>>,
    pub reading: usize,
    pub dispatch: Dispatch,
}

fn months_text(file: &StreetFile) -> String {
    match (file.months.first(), file.months.last()) {
        (Some(first), Some(last)) if first == last => first.long_name(),
        (Some(first), Some(last)) => format!("{} to {}", first.long_name(), last.long_name()),
        _ => "none".into(),
    }
}

fn file_row(index: usize, file: &StreetFile, dispatch: &Dispatch) -> Html {
    let remove = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::RemoveFile(index)))
    };
    let mut notes: Vec<String> = file
        .warnings
        .groups()
        .iter()
        .map(ToString::to_string)
        .collect();
    if file.no_location > 0 {
        notes.push(format!(
            "{} rows have no location, so they are not counted for any council",
            group(file.no_location)
        ));
    }
    html! {
        <tr>
            <th scope="row" class="file-name">{ &file.name }</th>
            <td>{ KIND_LABEL }</td>
            <td>{ months_text(file) }</td>
            <td>{ file.forces.join(", ") }</td>
            <td class="num">{ group(file.rows) }</td>
            <td>
                if file.warnings.is_empty() {
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
                <button type="button" onclick={remove} aria-label={format!("Remove {}", file.name)}>
                    { "Remove" }
                </button>
            </td>
        </tr>
    }
}

#[component]
pub fn FileList(props: &Props) -> Html {
    let status = if props.reading > 0 {
        format!("Reading files: {} to go…", props.reading)
    } else if !props.files.is_empty() {
        format!(
            "{} loaded, {} rows in all.",
            match props.files.len() {
                1 => "1 file".to_string(),
                n => format!("{n} files"),
            },
            group(props.files.iter().map(|f| f.rows).sum())
        )
    } else {
        String::new()
    };
    html! {
        <>
            <p class="status" role="status" aria-live="polite">{ status }</p>
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
                                <th scope="col">{ "Month" }</th>
                                <th scope="col">{ "Force" }</th>
                                <th scope="col" class="num">{ "Rows" }</th>
                                <th scope="col">{ "Status" }</th>
                                <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for props.files.iter().enumerate().map(|(i, f)| file_row(i, f, &props.dispatch)) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    }
}
