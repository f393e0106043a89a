//! The home council by neighbourhood and ward: the hex map (choose a hexagon
//! to see that neighbourhood), its trend, the tables, and the hot spots.

use std::rc::Rc;

use yew::prelude::*;

use super::sort_header::sort_header;
use super::{ChartView, CountsTable, TableExport, TrendChart};
use crate::analysis::neighbourhoods::{
    sorted, NeighbourhoodFigures, PlaceSort, Unit, UnitKind, LICENCE, WARD_FOOTNOTE,
};
use crate::charts::neighbourhood::{hot_spot_words, reading_order, NUMBERED};
use crate::charts::Chart;
use crate::ingest::group;
use crate::ui::route::{Route, View};
use crate::ui::state::{Action, Dispatch};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub figures: Rc<NeighbourhoodFigures>,
    /// The measures to choose from.
    pub measures: Rc<Vec<String>>,
    pub route: Route,
    pub sort: (PlaceSort, bool),
    pub dispatch: Dispatch,
}

fn with_view(route: &Route, measure: Option<String>, hex: Option<String>) -> Route {
    Route {
        view: View::Neighbourhoods { measure, hex },
        ..route.clone()
    }
}

fn change_text(u: &Unit) -> String {
    match u.change() {
        Some(c) => format!(
            "{} to {} ({})",
            group(c.from as u64),
            group(c.to as u64),
            c.percent
                .map_or("from none".to_string(), |p| format!("{p:+.1}%"))
        ),
        None => "Not compared".into(),
    }
}

fn p_text(u: &Unit) -> String {
    u.change()
        .and_then(|c| c.p_value)
        .map_or(String::new(), |p| {
            if p < 0.001 {
                "<0.001".into()
            } else {
                format!("{p:.3}")
            }
        })
}

const COLUMNS: [(PlaceSort, &str); 5] = [
    (PlaceSort::Name, "Name"),
    (PlaceSort::Count, "Count"),
    (PlaceSort::Rate, "Per 1,000 residents"),
    (PlaceSort::Share, "Share of council"),
    (PlaceSort::Change, "Change on the year before"),
];

#[component]
pub fn NeighbourhoodPage(props: &Props) -> Html {
    let f = &props.figures;
    let view = &f.view;
    let (measure, hex) = match &props.route.view {
        View::Neighbourhoods { measure, hex } => (measure.clone(), hex.clone()),
        _ => (None, None),
    };
    let chosen = f.chosen.map(|i| &view.neighbourhoods[i]);
    let on_measure = {
        let (dispatch, route) = (props.dispatch.clone(), props.route.clone());
        Callback::from(move |e: Event| {
            use wasm_bindgen::JsCast;
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                let value = select.value();
                let measure =
                    (value != crate::analysis::monthly::TOTAL_EXCLUDING_ASB).then_some(value);
                let hex = match &route.view {
                    View::Neighbourhoods { hex, .. } => hex.clone(),
                    _ => None,
                };
                dispatch.dispatch(Action::Navigate(with_view(&route, measure, hex)));
            }
        })
    };
    let order = Rc::new(reading_order(view));
    let on_select = {
        let (dispatch, route, order, measure) = (
            props.dispatch.clone(),
            props.route.clone(),
            order.clone(),
            measure.clone(),
        );
        let codes: Vec<String> = view.neighbourhoods.iter().map(|u| u.code.clone()).collect();
        Callback::from(move |i: usize| {
            if let Some(code) = order.get(i).and_then(|&u| codes.get(u)) {
                dispatch.dispatch(Action::Navigate(with_view(
                    &route,
                    measure.clone(),
                    Some(code.clone()),
                )));
            }
        })
    };
    let header = |(key, label): &(PlaceSort, &'static str), first: &str| {
        let onclick = {
            let (dispatch, key) = (props.dispatch.clone(), *key);
            Callback::from(move |_| dispatch.dispatch(Action::SortPlaces(key)))
        };
        let label = match key {
            PlaceSort::Name => first.to_string(),
            PlaceSort::Count => format!("Count, {}", view.period),
            _ => label.to_string(),
        };
        sort_header(
            &label,
            (props.sort.0 == *key).then_some(props.sort.1),
            onclick,
        )
    };
    let table = |units: &[Unit], id: &'static str, kind: UnitKind, caption: String| {
        let first = if kind == UnitKind::Ward {
            "Ward"
        } else {
            "Neighbourhood"
        };
        let rows: Vec<usize> = sorted(units, props.sort.0, props.sort.1)
            .into_iter()
            .filter(|&i| kind == UnitKind::Ward || chosen.is_none_or(|c| c.code == units[i].code))
            .collect();
        html! {
            <>
            <div class="table-scroll" role="region" aria-labelledby={format!("{id}-caption")} tabindex="0">
                <table class="places" id={id}>
                    <caption id={format!("{id}-caption")}>{ caption }</caption>
                    <thead><tr>
                        { for COLUMNS.iter().map(|c| header(c, first)) }
                        <th scope="col">{ "p" }</th>
                        <th scope="col">{ "Status" }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|&i| {
                            let u = &units[i];
                            let name = if kind == UnitKind::Neighbourhood {
                                let link = with_view(&props.route, measure.clone(), Some(u.code.clone()));
                                html! { <><a href={link.to_hash()}>{ &u.name }</a><span class="hint block">{ format!("{} · {}", u.ons_name, u.code) }</span></> }
                            } else {
                                html! { <>{ &u.name }<span class="hint block">{ &u.code }</span></> }
                            };
                            html! {
                                <tr data-code={u.code.clone()}>
                                    <th scope="row">{ name }</th>
                                    <td class="num">{ u.count.map_or("No figure".into(), |n| group(n as u64)) }</td>
                                    <td class="num">{ u.rate.map_or("No population".into(), |r| format!("{r:.1}")) }</td>
                                    <td class="num">{ u.share.map_or(String::new(), |s| format!("{s:.1}%")) }</td>
                                    <td>{ change_text(u) }</td>
                                    <td class="num">{ p_text(u) }</td>
                                    <td>{ u.status }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <TableExport table={id} title={format!("{} by {} in {}", view.measure, first.to_lowercase(), view.council)} />
            </>
        }
    };
    let what = view
        .measure
        .strip_prefix("Crimes: ")
        .unwrap_or(&view.measure)
        .to_string();
    let place = chosen.map_or(view.council.clone(), |c| c.label());
    html! {
        <section aria-labelledby="neighbourhoods-heading" class="neighbourhoods">
            <h2 id="neighbourhoods-heading">{ format!("Neighbourhoods in {}", view.council) }</h2>
            <div class="field">
                <label for="place-measure">{ "Measure" }</label>
                <select id="place-measure" onchange={on_measure}>
                    { for props.measures.iter().map(|m| html! {
                        <option value={m.clone()} selected={*m == view.measure}>{ m.clone() }</option>
                    }) }
                </select>
            </div>
            <p class="summary" id="hex-summary">{ &view.summary }</p>
            <h3>{ "Map of neighbourhoods" }</h3>
            <p class="hint">{ "Each hexagon is one neighbourhood (a middle-layer super output area, about 7,000 to 10,000 people), placed near its neighbours but not to scale. The number on each is its count. Select a hexagon, or focus the map and use the arrow keys and Enter, to see that neighbourhood's trend and hot spots." }</p>
            <ChartView chart={Chart::HexMap { view: Rc::new(view.clone()), chosen: hex.clone() }}
                label={format!("Hex map of {}'s {} neighbourhoods: {what}, {}.", view.council, view.neighbourhoods.len(), view.period)}
                described_by="hex-summary"
                export_as={format!("{what} by neighbourhood in {}", view.council)}
                on_select={on_select} class="hex-map" />
            <p class="attribution">{ LICENCE }</p>
            if let Some(c) = chosen {
                <p class="status" role="status">
                    { format!("Showing {}. ", c.label()) }
                    <a href={with_view(&props.route, measure.clone(), None).to_hash()}>{ format!("Show all of {}", view.council) }</a>
                </p>
            }
            <h3>{ format!("Trend: {what} in {place}") }</h3>
            <TrendChart table={Rc::new(f.trend.clone())} />
            <details>
                <summary>{ "Monthly figures" }</summary>
                <CountsTable table={Rc::new(f.trend.clone())} />
            </details>
            <h3>{ "Neighbourhoods" }</h3>
            { table(&view.neighbourhoods, "neighbourhood-table", UnitKind::Neighbourhood,
                format!("{what} by neighbourhood in {}, {}. Select a column heading to sort; select a name to see that neighbourhood.", view.council, view.window)) }
            <h3>{ "Wards" }</h3>
            { table(&view.wards, "ward-table", UnitKind::Ward,
                format!("{what} by ward in {}, {}.", view.council, view.window)) }
            <p class="footnote">{ WARD_FOOTNOTE }</p>
            <h3>{ format!("Hot spots in {place}") }</h3>
            { hot_spots(f, &what, &place) }
        </section>
    }
}

fn hot_spots(f: &NeighbourhoodFigures, what: &str, place: &str) -> Html {
    let Some(spots) = &f.hot_spots else {
        return html! { <p class="notice">{ "The loaded street files carry no coordinates for these records, so there are no hot spots." }</p> };
    };
    let name_of = |lsoa: &str| {
        f.view
            .neighbourhood_of(lsoa)
            .map_or(lsoa.to_string(), |u| u.name.clone())
    };
    let top: Vec<String> = spots
        .spots
        .iter()
        .take(3)
        .map(|s| format!("{} ({})", name_of(&s.main_lsoa), group(s.count)))
        .collect();
    let summary = format!(
        "{} {} records with a location in {place}, {}, fall in {} hexagons {:.1} km across. The busiest are in {}. Each colour holds about a fifth of the records, so the darkest hexagons are where the busiest fifth happens. Grey dots mark every place anything was recorded in the council, which traces its streets.",
        group(spots.total),
        what.to_lowercase(),
        f.view.period,
        spots.spots.len(),
        spots.radius_km * 3f64.sqrt(),
        crate::analysis::monthly::join_words(&top)
    );
    html! {
        <>
        <p class="summary" id="hot-spot-summary">{ summary }</p>
        <ChartView chart={Chart::HotSpots { spots: Rc::new(spots.clone()), title: format!("{what}, {}", f.view.period) }}
            label={format!("Hot-spot map of {what} in {place}, from the crimes' own map points. The busiest {NUMBERED} are numbered and listed below.")}
            described_by="hot-spot-summary"
            export_as={format!("{what} hot spots in {place}")} class="hot-spots" />
        <p class="attribution">{ "Points: data.police.uk, snapped to a nearby street for anonymity; Open Government Licence v3.0. Drawn here, with no map tiles." }</p>
        <div class="table-scroll" role="region" aria-labelledby="hot-spot-caption" tabindex="0">
            <table id="hot-spot-table">
                <caption id="hot-spot-caption">{ format!("The {NUMBERED} busiest hexagons, as numbered on the map") }</caption>
                <thead><tr>
                    <th scope="col">{ "Hot spot" }</th>
                    <th scope="col">{ "Neighbourhood" }</th>
                    <th scope="col" class="num">{ "Count" }</th>
                    <th scope="col">{ "Centre" }</th>
                </tr></thead>
                <tbody>
                    { for spots.spots.iter().take(NUMBERED).enumerate().map(|(i, s)| html! {
                        <tr>
                            <th scope="row">{ i + 1 }</th>
                            <td>{ name_of(&s.main_lsoa) }</td>
                            <td class="num">{ group(s.count) }</td>
                            <td>{ hot_spot_words(i, s.count, s.latitude, s.longitude, spots.total).split_once(", around ").map_or(String::new(), |(_, c)| c.to_string()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        <TableExport table="hot-spot-table" title={format!("{what} hot spots in {place}")} />
        </>
    }
}

/// The pack's section: the map and the neighbourhood table for the total.
pub fn pack_section(f: &NeighbourhoodFigures) -> Html {
    let view = &f.view;
    let what = view
        .measure
        .strip_prefix("Crimes: ")
        .unwrap_or(&view.measure)
        .to_string();
    html! {
        <article class="pack-measure" aria-labelledby="pack-neighbourhoods">
            <h3 id="pack-neighbourhoods">{ format!("Neighbourhoods in {}", view.council) }</h3>
            <p class="summary" id="pack-hex-summary">{ &view.summary }</p>
            <ChartView chart={Chart::HexMap { view: Rc::new(view.clone()), chosen: None }}
                label={format!("Hex map of {}'s neighbourhoods: {what}, {}.", view.council, view.period)}
                described_by="pack-hex-summary" class="hex-map" />
            <p class="attribution">{ LICENCE }</p>
            <table class="places">
                <caption>{ format!("{what} by neighbourhood, {}", view.window) }</caption>
                <thead><tr>
                    <th scope="col">{ "Neighbourhood" }</th>
                    <th scope="col" class="num">{ "Count" }</th>
                    <th scope="col" class="num">{ "Share" }</th>
                    <th scope="col">{ "Change on the year before" }</th>
                    <th scope="col">{ "Status" }</th>
                </tr></thead>
                <tbody>
                    { for sorted(&view.neighbourhoods, PlaceSort::Count, true).into_iter().map(|i| {
                        let u = &view.neighbourhoods[i];
                        html! { <tr>
                            <th scope="row">{ u.label() }</th>
                            <td class="num">{ u.count.map_or(String::new(), |n| group(n as u64)) }</td>
                            <td class="num">{ u.share.map_or(String::new(), |s| format!("{s:.1}%")) }</td>
                            <td>{ change_text(u) }</td>
                            <td>{ u.status }</td>
                        </tr> }
                    }) }
                </tbody>
            </table>
            <p class="footnote">{ WARD_FOOTNOTE }</p>
        </article>
    }
}
