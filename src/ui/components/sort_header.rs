//! A column heading that sorts its table: a button inside the `<th>`, with
//! `aria-sort` for screen readers and an arrow for everyone else.

use yew::prelude::*;

/// `sorted`: `None` when the table is not sorted by this column, else
/// whether it runs descending.
pub fn sort_header(label: &str, sorted: Option<bool>, onclick: Callback<MouseEvent>) -> Html {
    let (aria_sort, arrow) = match sorted {
        None => (None, ""),
        Some(false) => (Some("ascending"), " ▲"),
        Some(true) => (Some("descending"), " ▼"),
    };
    html! {
        <th scope="col" aria-sort={aria_sort}>
            <button type="button" class="sort" {onclick}>{ label.to_string() }<span aria-hidden="true">{ arrow }</span></button>
        </th>
    }
}
