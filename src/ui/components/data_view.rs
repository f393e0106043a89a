//! The Data page: load files (or the example), see what each became, save a
//! workspace, choose the home area, and the monthly crime chart.

use std::rc::Rc;

use yew::prelude::*;

use super::{
    AreaPicker, ColumnMapper, CountsTable, CrimeTypePicker, FileList, FilePicker, PublishSection,
    TrendChart,
};
use crate::analysis::card::areas;
use crate::analysis::monthly::monthly_counts;
use crate::ingest::Content;
use crate::ui::file_actions::FileActions;
use crate::ui::route::{Route, View};
use crate::ui::state::{AppState, Dispatch};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub actions: FileActions,
    /// Why the file reader could not start, if it could not.
    pub reader_problem: Option<String>,
    pub route: Route,
    pub dispatch: Dispatch,
}

/// What the example holds, for the button's hint.
const EXAMPLE_HINT: &str = "A full dashboard for Rotherham in one click, from real published data: police.uk street-level crime for South Yorkshire, January 2018 to March 2020, and Merseyside, April 2019 to March 2020 (police.uk has no July 2019); Home Office crime outcomes for every force, 2017/18; and a council's published 2018/19 hate-crime positive-outcome rates. Contains public sector information licensed under the Open Government Licence v3.0.";

#[component]
pub fn DataView(props: &Props) -> Html {
    let state = &props.state;
    let actions = &props.actions;
    let home = state.settings.home.clone();
    let link = |view: View| {
        Route {
            view,
            ..props.route.clone()
        }
        .to_hash()
    };
    let has_street = !state.dataset.councils().is_empty();
    let table = home.as_ref().filter(|_| has_street).map(|area| {
        Rc::new(monthly_counts(
            &state.dataset,
            area,
            &state.chart_crime_types(),
        ))
    });
    let unrecognised: Vec<_> = state
        .dataset
        .files()
        .iter()
        .filter_map(|f| match &f.content {
            Content::Unrecognised(p) => Some((f, p)),
            _ => None,
        })
        .collect();
    // A workbook of many tables would stack a form per sheet: past two, each
    // is folded under its name, to be opened for the sheet wanted.
    let folded = unrecognised.len() > 2;
    let mappers = unrecognised
        .into_iter()
        .map(|(f, p)| {
            let apply = actions.apply_mapping.clone();
            let (path, signature) = (f.report.path.clone(), p.signature.clone());
            let on_apply = Callback::from(move |m| apply.emit((path.clone(), signature.clone(), m)));
            let mapper =
                html! { <ColumnMapper path={f.report.path.clone()} preview={p.clone()} {on_apply} /> };
            if folded {
                html! {
                    <details class="mapper-fold">
                        <summary>{ format!("Map the columns of {}", f.report.path) }</summary>
                        { mapper }
                    </details>
                }
            } else {
                mapper
            }
        })
        .collect::<Html>();
    let opening = actions.opening_example;
    html! {
        <>
        <section aria-labelledby="load-heading">
            <h2 id="load-heading">{ "1. Load data" }</h2>
            if let Some(problem) = &props.reader_problem {
                <p class="rejected" role="alert">
                    { format!("Scrutineer could not start its file reader in this browser ({problem}). Please use an up-to-date Edge, Chrome or Firefox.") }
                </p>
            }
            if state.dataset.is_empty() {
                <div class="example">
                    <button type="button" onclick={actions.on_example.clone()} disabled={opening}>
                        { if opening { "Opening the example…" } else { "Explore the example data" } }
                    </button>
                    <p class="hint">{ EXAMPLE_HINT }</p>
                </div>
            }
            <FilePicker on_files={actions.on_files.clone()} />
            <FileList
                files={state.dataset.files().to_vec()}
                rejected={Rc::new(state.rejected.clone())}
                reading={Rc::new(state.reading.clone())}
                on_cancel={actions.on_cancel.clone()}
                on_remove={actions.on_remove.clone()}
                dispatch={props.dispatch.clone()} />
            { mappers }
        </section>
        <section aria-labelledby="workspace-heading">
            <h2 id="workspace-heading">{ "Save your work" }</h2>
            <p>{ "A workspace file holds your settings, peer group, column mappings, recording breaks and the loaded figures. Open it again by choosing or dropping it above: the data need not be loaded again." }</p>
            <p class="hint">{ "Scrutineer keeps only totals (crimes by month, area, type and outcome; measures; reference tables), never individual crime records, so a workspace holds no record-level rows." }</p>
            <button type="button" onclick={actions.on_save.clone()} disabled={state.dataset.is_empty()}>{ "Save workspace" }</button>
        </section>
        if !state.dataset.is_empty() {
            <section aria-labelledby="choose-heading">
                <h2 id="choose-heading">{ "2. Choose your area" }</h2>
                <AreaPicker
                    groups={Rc::new(areas(&state.dataset))}
                    selected={home.clone()}
                    dispatch={props.dispatch.clone()} />
                if has_street {
                    <CrimeTypePicker
                        available={Rc::new(state.dataset.crime_types())}
                        picked={Rc::new(state.crime_types.clone())}
                        dispatch={props.dispatch.clone()} />
                }
                if let Some(h) = &home {
                    <p class="next"><a href={link(View::Scorecard)}>{ format!("See the scorecard for {h}") }</a></p>
                }
            </section>
        }
        if let Some(table) = table.filter(|t| !t.months.is_empty()) {
            <section aria-labelledby="trend-heading">
                <h2 id="trend-heading">{ format!("3. Monthly crime in {}", table.council) }</h2>
                <TrendChart table={table.clone()} />
                <CountsTable {table} />
            </section>
        }
        <PublishSection state={state.clone()} />
        </>
    }
}
