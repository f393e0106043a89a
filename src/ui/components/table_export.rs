//! A button that saves a table, as shown, to CSV for Excel.

use yew::prelude::*;

use crate::export::{file_name, to_csv};
use crate::ui::download::{save_text, table_rows};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The `id` of the `<table>`.
    pub table: AttrValue,
    /// What the table shows: the file's name and the button's label.
    pub title: AttrValue,
}

#[component]
pub fn TableExport(props: &Props) -> Html {
    let onclick = {
        let (table, title) = (props.table.clone(), props.title.clone());
        Callback::from(move |_| {
            let csv = to_csv(&table_rows(&table));
            save_text(&file_name(&title, "csv"), "text/csv;charset=utf-8", &csv);
        })
    };
    html! {
        <div class="exports">
            <button type="button" {onclick} aria-label={format!("Download table (CSV): {}", props.title)}>{ "Download table (CSV)" }</button>
        </div>
    }
}
