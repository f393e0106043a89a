//! The labelled file input: the keyboard route to loading files (dropping them
//! anywhere on the page is the mouse route).

use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

use crate::ui::read_files::{files_of, is_data_file};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_files: Callback<Vec<File>>,
}

#[component]
pub fn FilePicker(props: &Props) -> Html {
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_files.emit(files_of(input.files()));
            // Cleared so that choosing the same file again (after fixing it) fires.
            input.set_value("");
        })
    };
    let on_folder = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = files_of(input.files())
                .into_iter()
                .filter(|f| is_data_file(&f.name()))
                .collect();
            on_files.emit(files);
            input.set_value("");
        })
    };
    html! {
        <div class="file-picker">
            <label for="file-input">{ "Choose data files" }</label>
            <input id="file-input" type="file" multiple=true accept=".csv,.gz,.zip,.txt,.json,.html,.xlsx,.xls,.ods,text/csv"
                aria-describedby="file-input-help" {onchange} />
            <label for="folder-input" class="folder-label">{ "Or choose a whole folder" }</label>
            <input id="folder-input" type="file" webkitdirectory=true multiple=true onchange={on_folder} />
            <p id="file-input-help" class="hint">
                { "Or drag and drop them anywhere on this page. police.uk street, outcomes and stop-and-search files (or a whole police.uk " }
                <code>{ ".zip" }</code>
                { "), Home Office tables (also " }
                <code>{ ".csv.gz" }</code>
                { "), spreadsheets as published (" }
                <code>{ ".xlsx" }</code>{ ", " }<code>{ ".xls" }</code>{ ", " }<code>{ ".ods" }</code>
                { ", each sheet read as a table), your own measures, populations, comparator lists and area lookups. Choose several at once." }
            </p>
        </div>
    }
}
