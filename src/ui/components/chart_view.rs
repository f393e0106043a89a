//! Any chart on a canvas, sharp at the screen's pixel density, with tooltips:
//! hover a point, or focus the chart and move between points with the arrow
//! keys while a live region reads each one out.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::charts::{Chart, Hit};
use crate::export::file_name;
use crate::ui::download::{save_data_url, save_text};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub chart: Chart,
    /// What the chart shows, for screen readers (the table has the figures).
    pub label: AttrValue,
    /// The id of the text summary describing it.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    /// Offer PNG and SVG downloads, named after this title.
    #[prop_or_default]
    pub export_as: Option<AttrValue>,
    /// Choosing a point (a click, or Enter on the one read out) calls this
    /// with its index among the points.
    #[prop_or_default]
    pub on_select: Option<Callback<usize>>,
}

/// The chart as a PNG at twice its on-screen size, drawn afresh by the same
/// code, as a `data:` URL.
fn png_at_2x(chart: &Chart, css_width: f64) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width((css_width * 2.0).round() as u32);
    canvas.set_height((chart.height(css_width) * 2.0).round() as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    chart.draw(&backend.into_drawing_area(), 2.0).ok()?;
    canvas.to_data_url_with_type("image/png").ok()
}

/// Draws at the canvas's CSS width times the device pixel ratio, and returns
/// the points in CSS pixels.
fn draw(canvas: &HtmlCanvasElement, chart: &Chart) -> Vec<Hit> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let ratio = window.device_pixel_ratio().max(1.0);
    let css_width = f64::from(canvas.client_width().max(200));
    let css_height = chart.height(css_width);
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (css_height * ratio).round() as u32,
    );
    // Resizing a canvas invalidates the page's layout, and the next chart's
    // width read would then force it again: only resize when the size changed.
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        gloo::console::error!("Scrutineer: the chart canvas has no 2D context");
        return Vec::new();
    };
    match chart.draw(&backend.into_drawing_area(), ratio) {
        Ok(hits) => hits
            .into_iter()
            .map(|h| Hit {
                x: h.x / ratio,
                y: h.y / ratio,
                ..h
            })
            .collect(),
        Err(e) => {
            gloo::console::error!(format!("Scrutineer: the chart could not be drawn: {e}"));
            Vec::new()
        }
    }
}

/// Within this many CSS pixels of a point, hovering shows it.
const REACH: f64 = 28.0;

/// The point under the mouse, if one is within reach.
fn nearest(hits: &[Hit], e: &MouseEvent) -> Option<usize> {
    let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
    hits.iter()
        .enumerate()
        .map(|(i, h)| (i, (h.x - x).hypot(h.y - y)))
        .filter(|(_, d)| *d <= REACH)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

#[component]
pub fn ChartView(props: &Props) -> Html {
    let canvas_ref = use_node_ref();
    let hits: Rc<RefCell<Vec<Hit>>> = use_mut_ref(Vec::new);
    let active = use_state(|| None::<usize>);
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
        let (canvas_ref, hits, active) = (canvas_ref.clone(), hits.clone(), active.clone());
        use_effect_with((props.chart.clone(), *resized), move |(chart, _)| {
            if let Some(canvas) = canvas_ref
                .get()
                .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
            {
                *hits.borrow_mut() = draw(&canvas, chart);
                if active.is_some_and(|i| i >= hits.borrow().len()) {
                    active.set(None);
                }
            }
        });
    }
    let onmousemove = {
        let (hits, active) = (hits.clone(), active.clone());
        Callback::from(move |e: MouseEvent| {
            let nearest = nearest(&hits.borrow(), &e);
            if *active != nearest {
                active.set(nearest);
            }
        })
    };
    let onclick = {
        let (hits, on_select) = (hits.clone(), props.on_select.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(on_select) = &on_select else { return };
            if let Some(i) = nearest(&hits.borrow(), &e) {
                on_select.emit(i);
            }
        })
    };
    let onmouseleave = {
        let active = active.clone();
        Callback::from(move |_| active.set(None))
    };
    let onkeydown = {
        let (hits, active, on_select) = (hits.clone(), active.clone(), props.on_select.clone());
        Callback::from(move |e: KeyboardEvent| {
            let n = hits.borrow().len();
            if n == 0 {
                return;
            }
            if let (Some(on_select), "Enter" | " ", Some(i)) =
                (&on_select, e.key().as_str(), *active)
            {
                e.prevent_default();
                on_select.emit(i);
                return;
            }
            let next = match (e.key().as_str(), *active) {
                ("ArrowRight" | "ArrowDown", None) | ("Home", _) => 0,
                ("ArrowLeft" | "ArrowUp", None) | ("End", _) => n - 1,
                ("ArrowRight" | "ArrowDown", Some(i)) => (i + 1).min(n - 1),
                ("ArrowLeft" | "ArrowUp", Some(i)) => i.saturating_sub(1),
                ("Escape", _) => {
                    active.set(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            active.set(Some(next));
        })
    };
    let onblur = {
        let active = active.clone();
        Callback::from(move |_| active.set(None))
    };
    let current = active.and_then(|i| hits.borrow().get(i).cloned());
    let tooltip_style = current.as_ref().map(|h| {
        // Flip to the left of the point past the middle, so it stays on screen.
        let width = canvas_ref
            .cast::<HtmlCanvasElement>()
            .map_or(600.0, |c| f64::from(c.client_width()));
        if h.x > width / 2.0 {
            format!(
                "right: {:.0}px; top: {:.0}px;",
                width - h.x + 12.0,
                h.y + 12.0
            )
        } else {
            format!("left: {:.0}px; top: {:.0}px;", h.x + 12.0, h.y + 12.0)
        }
    });
    let instructions = if props.on_select.is_some() {
        "Use the arrow keys to read each point, and Enter to choose it."
    } else {
        "Use the arrow keys to read each point."
    };
    html! {
        <div class={classes!("chart-frame", props.class.clone())} tabindex="0" role="group"
            aria-label={format!("{} {instructions}", props.label)}
            aria-describedby={props.described_by.clone()}
            {onkeydown} {onblur}>
            <canvas ref={canvas_ref.clone()} role="img" aria-label={props.label.clone()}
                {onmousemove} {onmouseleave} {onclick}
                class={classes!(props.on_select.is_some().then_some("choosable"))}></canvas>
            if let (Some(hit), Some(style)) = (current.as_ref(), tooltip_style) {
                <div class="tooltip" style={style} aria-hidden="true">{ &hit.text }</div>
                <div class="focus-ring" aria-hidden="true"
                    style={format!("left: {:.0}px; top: {:.0}px;", hit.x - 9.0, hit.y - 9.0)}></div>
            }
            <p class="visually-hidden" aria-live="polite">{ current.map(|h| h.text).unwrap_or_default() }</p>
            if let Some(title) = props.export_as.clone() {
                <div class="exports">
                    <button type="button" aria-label={format!("Download PNG: {title}")} onclick={{
                        let (chart, canvas_ref, title) = (props.chart.clone(), canvas_ref.clone(), title.clone());
                        Callback::from(move |_| {
                            let width = canvas_ref.cast::<HtmlCanvasElement>().map_or(800.0, |c| f64::from(c.client_width().max(200)));
                            if let Some(url) = png_at_2x(&chart, width) {
                                save_data_url(&file_name(&title, "png"), &url);
                            }
                        })
                    }}>{ "Download PNG" }</button>
                    <button type="button" aria-label={format!("Download SVG: {title}")} onclick={{
                        let (chart, canvas_ref, title) = (props.chart.clone(), canvas_ref.clone(), title.clone());
                        Callback::from(move |_| {
                            let width = canvas_ref.cast::<HtmlCanvasElement>().map_or(800, |c| c.client_width().max(200) as u32);
                            match chart.svg(width) {
                                Ok((svg, _)) => save_text(&file_name(&title, "svg"), "image/svg+xml", &svg),
                                Err(e) => gloo::console::error!(format!("Scrutineer: the SVG could not be drawn: {e}")),
                            }
                        })
                    }}>{ "Download SVG" }</button>
                </div>
            }
        </div>
    }
}
