//! The labelled file input: the keyboard route to loading files (dropping them
//! anywhere on the page is the mouse route).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::app::Dispatch;
use crate::ui::read_files::{files_of, read_and_parse};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub dispatch: Dispatch,
}

#[component]
pub fn FilePicker(props: &Props) -> Html {
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            read_and_parse(files_of(input.files()), dispatch.clone());
            // Cleared so that choosing the same file again (after fixing it) fires.
            input.set_value("");
        })
    };
    html! {
        <div class="file-picker">
            <label for="file-input">{ "Choose police.uk street crime CSV files" }</label>
            <input id="file-input" type="file" multiple=true accept=".csv,text/csv"
                aria-describedby="file-input-help" {onchange} />
            <p id="file-input-help" class="hint">
                { "Or drag and drop them anywhere on this page. Choose several months at once, for example every monthly " }
                <code>{ "YYYY-MM-force-street.csv" }</code>
                { " file from a police.uk download." }
            </p>
        </div>
    }
}
