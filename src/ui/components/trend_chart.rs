//! The monthly trend chart on a canvas, with its legend and text summary.

use std::rc::Rc;

use yew::prelude::*;

use super::ChartView;
use crate::analysis::monthly::MonthlyTable;
use crate::charts::trend::{css_colour, series_style, Shape};
use crate::charts::Chart;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub table: Rc<MonthlyTable>,
}

/// A small SVG of the series' line and marker, so the legend matches the chart
/// without relying on colour.
fn legend_key(index: usize) -> Html {
    let (colour, shape) = series_style(index);
    let colour = css_colour(colour);
    let marker = match shape {
        Shape::Circle => html! { <circle cx="14" cy="8" r="4" fill={colour.clone()} /> },
        Shape::Square => html! { <rect x="10" y="4" width="8" height="8" fill={colour.clone()} /> },
        Shape::Triangle => html! { <polygon points="14,3 19,13 9,13" fill={colour.clone()} /> },
        Shape::Diamond => html! { <polygon points="14,2 20,8 14,14 8,8" fill={colour.clone()} /> },
        Shape::Cross => html! {
            <path d="M10 4 L18 12 M18 4 L10 12" stroke={colour.clone()} stroke-width="2" />
        },
    };
    html! {
        <svg class="legend-key" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">
            <line x1="0" y1="8" x2="28" y2="8" stroke={colour} stroke-width="2" />
            { marker }
        </svg>
    }
}

#[component]
pub fn TrendChart(props: &Props) -> Html {
    let table = &props.table;
    html! {
        <figure class="chart">
            <p class="summary" id="trend-summary">{ table.summary() }</p>
            <ul class="legend" aria-label="Chart key">
                { for table.series.iter().enumerate().map(|(i, s)| html! {
                    <li>
                        { legend_key(i) }
                        { &s.name }
                        <span class="visually-hidden">{ format!(" ({} markers)", series_style(i).1.name()) }</span>
                    </li>
                }) }
                if !table.missing().is_empty() {
                    <li><span class="gap-key" aria-hidden="true"></span>{ "No data: month not loaded" }</li>
                }
            </ul>
            <ChartView chart={Chart::Monthly(table.clone())}
                label={format!("Line chart of monthly crime in {}. The figures are in the table below.", table.council)}
                described_by="trend-summary"
                export_as={format!("Monthly crime in {}", table.council)} />
        </figure>
    }
}
