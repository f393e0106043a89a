//! The monthly trend chart on a canvas, with its legend and text summary.

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::analysis::monthly::MonthlyTable;
use crate::charts::trend::{css_colour, draw_trend, series_style, Shape};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub table: Rc<MonthlyTable>,
}

/// Sizes the canvas to its CSS width times the device pixel ratio, so lines
/// and text are sharp on high-density screens, then draws.
fn draw(canvas: &HtmlCanvasElement, table: &MonthlyTable) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let ratio = window.device_pixel_ratio().max(1.0);
    let css_width = f64::from(canvas.client_width().max(280));
    let css_height = (css_width * 0.45).clamp(240.0, 400.0);
    canvas.set_width((css_width * ratio).round() as u32);
    canvas.set_height((css_height * ratio).round() as u32);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        gloo::console::error!("Scrutineer: the chart canvas has no 2D context");
        return;
    };
    if let Err(e) = draw_trend(&backend.into_drawing_area(), table, ratio) {
        gloo::console::error!(format!("Scrutineer: the chart could not be drawn: {e:?}"));
    }
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
    let canvas_ref = use_node_ref();
    // Bumped on window resize, to redraw at the new width.
    let resized = use_state(|| 0u32);

    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "resize", move |_| resized.set(*resized + 1))
            });
            move || drop(listener)
        });
    }
    {
        let canvas_ref = canvas_ref.clone();
        use_effect_with((props.table.clone(), *resized), move |(table, _)| {
            if let Some(canvas) = canvas_ref
                .get()
                .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
            {
                draw(&canvas, table);
            }
        });
    }

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
            <canvas ref={canvas_ref} role="img"
                aria-label={format!("Line chart of monthly crime in {}. The figures are in the table below.", table.council)}
                aria-describedby="trend-summary">
            </canvas>
        </figure>
    }
}
