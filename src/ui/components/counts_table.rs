//! The table behind the chart: the same numbers, readable by everyone.

use std::rc::Rc;

use yew::prelude::*;

use super::TableExport;

use crate::analysis::monthly::MonthlyTable;
use crate::ingest::group;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub table: Rc<MonthlyTable>,
}

#[component]
pub fn CountsTable(props: &Props) -> Html {
    let table = &props.table;
    html! {
        <>
        <div class="table-scroll" role="region" aria-labelledby="counts-caption" tabindex="0">
            <table class="counts" id="counts-table">
                <caption id="counts-caption">
                    { format!("Monthly counts for {}, as charted above", table.council) }
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Month" }</th>
                        { for table.series.iter().map(|s| html! { <th scope="col" class="num">{ &s.name }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for table.months.iter().enumerate().map(|(i, month)| {
                        let missing = table.series.first().is_some_and(|s| s.values[i].is_none());
                        html! {
                            <tr data-month={month.to_string()} class={classes!(missing.then_some("missing"))}>
                                <th scope="row">{ month.long_name() }</th>
                                { for table.series.iter().map(|s| match s.values[i] {
                                    Some(v) => html! { <td class="num">{ group(v) }</td> },
                                    None => html! { <td class="num">{ "No data" }</td> },
                                }) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
        <TableExport table="counts-table" title={format!("Monthly counts for {}", table.council)} />
        </>
    }
}
