//! The page: load files, choose a council, see its monthly figures.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{
    CouncilPicker, CountsTable, CrimeTypePicker, FileList, FilePicker, ScorecardTable, TrendChart,
};
use super::read_files::{dropped, Reader};
use super::state::{Action, AppState};
use crate::analysis::monthly::monthly_counts;
use crate::analysis::scorecard::{scorecard, ScorecardOptions};

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let dragging = use_state(|| false);
    // One worker for the session: it holds the crime registry across files.
    let reader = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| Reader::start(dispatch))
    };
    let on_files = {
        let (state, reader) = (state.clone(), reader.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            if let Ok(reader) = reader.as_ref() {
                reader.read(files, &state, &state.dispatcher());
            }
        })
    };
    let on_cancel = {
        let (dispatch, reader) = (state.dispatcher(), reader.clone());
        Callback::from(move |request: u32| {
            if let Ok(reader) = reader.as_ref() {
                reader.cancel(request, &dispatch);
            }
        })
    };
    let on_remove = {
        let (dispatch, reader) = (state.dispatcher(), reader.clone());
        Callback::from(move |(index, file): (usize, u32)| {
            if let Ok(reader) = reader.as_ref() {
                reader.forget(file);
            }
            dispatch.dispatch(Action::RemoveFile(index));
        })
    };

    // The whole page takes drops: a file dropped just outside a small target
    // would otherwise be opened by the browser, replacing the app and its data.
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(transfer) = e.data_transfer() {
                dropped(transfer, on_files.clone());
            }
        })
    };

    let table = state.council.as_ref().map(|council| {
        Rc::new(monthly_counts(
            &state.dataset,
            council,
            &state.chart_crime_types(),
        ))
    });
    let dispatch = state.dispatcher();
    // Peers default to the other councils of the loaded force areas. Worked out
    // again only when the files or the council change.
    let card = {
        let file_ids: Vec<u32> = state.dataset.files().iter().map(|f| f.id).collect();
        let (council, dataset) = (state.council.clone(), state.dataset.clone());
        use_memo((council, file_ids), move |(council, _)| {
            council.as_ref().map(|council| {
                let peers: Vec<String> = dataset
                    .councils()
                    .into_iter()
                    .filter(|c| !c.edge_of_area && &c.name != council)
                    .map(|c| c.name)
                    .collect();
                let mut options = ScorecardOptions::new(council);
                options.peers = peers.clone();
                (Rc::new(peers), Rc::new(scorecard(&dataset, &options)))
            })
        })
    };

    html! {
        <div class={classes!("page", (*dragging).then_some("dragging"))}
            {ondragover} {ondragleave} {ondrop}>
            <header class="masthead">
                <h1>{ "Scrutineer" }</h1>
                <p>{ "Community-safety figures from police.uk data, worked out in your browser. Your files never leave this computer." }</p>
            </header>
            <main>
                <section aria-labelledby="load-heading">
                    <h2 id="load-heading">{ "1. Load data" }</h2>
                    if let Err(problem) = reader.as_ref() {
                        <p class="rejected" role="alert">
                            { format!("Scrutineer could not start its file reader in this browser ({problem}). Please use an up-to-date Edge, Chrome or Firefox.") }
                        </p>
                    }
                    <FilePicker {on_files} />
                    <FileList
                        files={state.dataset.files().to_vec()}
                        rejected={Rc::new(state.rejected.clone())}
                        reading={Rc::new(state.reading.clone())}
                        {on_cancel}
                        {on_remove}
                        dispatch={dispatch.clone()} />
                </section>
                if !state.dataset.is_empty() {
                    <section aria-labelledby="choose-heading">
                        <h2 id="choose-heading">{ "2. Choose a council and crime types" }</h2>
                        <CouncilPicker
                            councils={Rc::new(state.dataset.councils())}
                            selected={state.council.clone()}
                            dispatch={dispatch.clone()} />
                        <CrimeTypePicker
                            available={Rc::new(state.dataset.crime_types())}
                            picked={Rc::new(state.crime_types.clone())}
                            dispatch={dispatch.clone()} />
                    </section>
                }
                if let Some(table) = table {
                    <section aria-labelledby="trend-heading">
                        <h2 id="trend-heading">{ format!("3. Monthly crime in {}", table.council) }</h2>
                        <TrendChart table={table.clone()} />
                        <CountsTable {table} />
                    </section>
                }
                if let (Some(council), Some((peers, entries))) = (state.council.clone(), (*card).clone()) {
                    <section aria-labelledby="scorecard-heading">
                        <h2 id="scorecard-heading">{ format!("4. Scorecard for {council}") }</h2>
                        <ScorecardTable area={council.clone()} peers={peers.clone()} entries={entries.clone()} />
                        <h3>{ "In words" }</h3>
                        <ul class="summaries">
                            { for entries.iter().map(|e| html! { <li>{ &e.summary }</li> }) }
                        </ul>
                    </section>
                }
            </main>
            <footer>
                <p>{ "Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk)." }</p>
            </footer>
        </div>
    }
}

/// Shared by the components: every one that changes state takes the dispatcher.
pub type Dispatch = UseReducerDispatcher<AppState>;
