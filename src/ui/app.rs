//! The page: views for data, settings, the scorecard and each measure, kept
//! in step with the URL hash and with settings saved in this browser.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{
    ColumnMapper, ContextBar, CouncilPicker, CountsTable, CrimeTypePicker, FileList, FilePicker,
    MeasurePage, PackPage, ScorecardTable, SettingsPage, TrendChart,
};
use super::force_level::force_context;
use super::read_files::{dropped, Reader};
use super::route::{Route, View};
use super::scorecard_view::arrange;
use super::state::{Action, AppState};
use super::workspace;
use crate::analysis::detail::measure_detail;
use crate::analysis::measures::observations_with;
use crate::analysis::monthly::monthly_counts;
use crate::analysis::scorecard::{scorecard_from, Entry, ScorecardOptions};
use crate::analysis::settings::Settings;
use crate::analysis::spc::SpcOptions;
use crate::ingest::Content;

const SETTINGS_KEY: &str = "scrutineer.settings.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn initial_state() -> AppState {
    let settings = storage()
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .map(|text| Settings::from_json(&text))
        .unwrap_or_default();
    let mut state = AppState {
        settings,
        ..AppState::default()
    };
    state.apply(Action::Navigate(Route::parse(&current_hash())));
    state
}

/// The example workspace, gunzipped: from the page itself in the single-file
/// build, else from the server.
async fn fetch_example() -> Result<String, String> {
    let bytes = match super::embedded::example_bytes() {
        Some(bytes) => bytes?,
        None => fetch_bytes("./example.scrutineer.json.gz").await?,
    };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .map_err(|e| e.to_string())?;
    Ok(text)
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await
            .map_err(|e| format!("{e:?}"))?
            .dyn_into()
            .map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(
        response.array_buffer().map_err(|e| format!("{e:?}"))?,
    )
    .await
    .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Puts the route in the address bar: a new history entry when the view,
/// area or period changed (so Back returns to it), a replacement otherwise.
fn sync_url(route: &Route) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = route.to_hash();
    let now = current_hash();
    if now == hash {
        return;
    }
    let Ok(history) = window.history() else {
        return;
    };
    let was = Route::parse(&now);
    let moved = was.view != route.view || was.area != route.area || was.period != route.period;
    let result = if moved && !now.is_empty() {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash))
    };
    if let Err(e) = result {
        gloo::console::warn!(format!("Scrutineer: could not update the address: {e:?}"));
    }
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dragging = use_state(|| false);
    // One worker for the session: it holds the crime registry across files.
    let reader = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| Reader::start(dispatch))
    };
    let dispatch = state.dispatcher();

    // Back, forward, or a hash typed or followed: show what the URL says.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|w| {
                let on = |event: &'static str| {
                    let dispatch = dispatch.clone();
                    gloo::events::EventListener::new(&w, event, move |_| {
                        dispatch.dispatch(Action::Navigate(Route::parse(&current_hash())))
                    })
                };
                (on("popstate"), on("hashchange"))
            });
            move || drop(listeners)
        });
    }
    let route = state.route();
    // After the render, not during it: writing history takes a few
    // milliseconds that the user would otherwise wait for.
    // If the address changes before then (a link followed), that navigation
    // wins and brings its own update.
    use_effect_with(route.clone(), |route| {
        let (route, seen) = (route.clone(), current_hash());
        gloo::timers::callback::Timeout::new(0, move || {
            if current_hash() == seen {
                sync_url(&route);
            }
        })
        .forget();
    });
    use_effect_with(state.settings.clone(), |settings| {
        if let Some(s) = storage() {
            let _ = s.set_item(SETTINGS_KEY, &settings.to_json());
        }
    });
    // Move focus to the new view's heading, as a page load would. Not from
    // one measure to the next: the heading and live content change in place.
    {
        let kind = std::mem::discriminant(&state.view);
        use_effect_with(kind, |_| {
            if let Some(h) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("main h2").ok().flatten())
            {
                use wasm_bindgen::JsCast;
                if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h.set_attribute("tabindex", "-1");
                    let _ = h.focus();
                }
            }
        });
    }

    let on_files = {
        let (state, reader) = (state.clone(), reader.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            let (workspaces, data): (Vec<_>, Vec<_>) = files
                .into_iter()
                .partition(|f| workspace::is_workspace(&f.name()));
            for file in workspaces {
                let dispatch = state.dispatcher();
                wasm_bindgen_futures::spawn_local(async move {
                    let name = file.name();
                    let text = wasm_bindgen_futures::JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string());
                    let action = match text.map(|t| workspace::open(&name, &t)) {
                        Some(Ok((settings, files))) => Action::OpenWorkspace {
                            name,
                            settings: Box::new(settings),
                            files,
                        },
                        Some(Err(why)) => Action::Rejected(why),
                        None => Action::Rejected(crate::ingest::problem::Rejection::new(
                            &name,
                            "the browser could not read this file",
                        )),
                    };
                    dispatch.dispatch(action);
                });
            }
            if let Ok(reader) = reader.as_ref() {
                if !data.is_empty() {
                    reader.read(data, &state, &state.dispatcher());
                }
            }
        })
    };
    // Files that left the dataset (removed, or replaced by a workspace) are
    // forgotten by the worker, so loading them again counts their crimes.
    {
        let reader = reader.clone();
        let known = use_mut_ref(Vec::<u32>::new);
        let ids: Vec<u32> = state.dataset.files().iter().map(|f| f.id).collect();
        use_effect_with(ids, move |ids| {
            if let Ok(reader) = reader.as_ref() {
                for gone in known.borrow().iter().filter(|id| !ids.contains(id)) {
                    reader.forget(*gone);
                }
            }
            *known.borrow_mut() = ids.clone();
        });
    }
    // The example: a workspace built from the sample files, fetched from the
    // app's own folder and opened like one the user saved.
    let opening_example = use_state(|| false);
    let on_example = {
        let (dispatch, opening) = (dispatch.clone(), opening_example.clone());
        Callback::from(move |_| {
            let (dispatch, opening) = (dispatch.clone(), opening.clone());
            opening.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let name = "example.scrutineer.json";
                let action = match fetch_example().await {
                    Ok(text) => match workspace::open(name, &text) {
                        Ok((settings, files)) => Some(Action::OpenWorkspace {
                            name: name.into(),
                            settings: Box::new(settings),
                            files,
                        }),
                        Err(why) => Some(Action::Rejected(why)),
                    },
                    Err(why) => Some(Action::Rejected(crate::ingest::problem::Rejection::new(
                        name,
                        format!("the example could not be opened ({why})"),
                    ))),
                };
                if let Some(action) = action {
                    let opened = matches!(action, Action::OpenWorkspace { .. });
                    dispatch.dispatch(action);
                    if opened {
                        dispatch.dispatch(Action::Navigate(Route {
                            view: View::Scorecard,
                            area: Some("Rotherham".into()),
                            ..Route::default()
                        }));
                    }
                }
                opening.set(false);
            });
        })
    };
    let on_save = {
        let state = state.clone();
        Callback::from(move |_| {
            let text = workspace::save(&state.settings, &state.dataset);
            let title = state
                .settings
                .home
                .clone()
                .unwrap_or_else(|| "Scrutineer".into());
            let name = crate::export::file_name(&format!("{title} workspace"), "scrutineer.json");
            super::download::save_text(&name, "application/json", &text);
        })
    };
    let on_cancel = {
        let (dispatch, reader) = (dispatch.clone(), reader.clone());
        Callback::from(move |request: u32| {
            if let Ok(reader) = reader.as_ref() {
                reader.cancel(request, &dispatch);
            }
        })
    };
    let on_remove = {
        let (dispatch, reader) = (dispatch.clone(), reader.clone());
        Callback::from(move |(index, file): (usize, u32)| {
            if let Ok(reader) = reader.as_ref() {
                reader.forget(file);
            }
            dispatch.dispatch(Action::RemoveFile(index));
        })
    };
    // A mapping, chosen or remembered: forget the unrecognised copy and read
    // the file again through it.
    let apply_mapping = {
        let (dispatch, reader, state) = (dispatch.clone(), reader.clone(), state.clone());
        Callback::from(
            move |(path, signature, mapping): (
                String,
                String,
                crate::ingest::formats::measures::ColumnMapping,
            )| {
                let Ok(reader) = reader.as_ref() else {
                    return;
                };
                dispatch.dispatch(Action::SaveMapping {
                    signature,
                    mapping: mapping.clone(),
                });
                if let Some(index) = state
                    .dataset
                    .files()
                    .iter()
                    .position(|f| f.report.path == path)
                {
                    reader.forget(state.dataset.files()[index].id);
                    dispatch.dispatch(Action::RemoveFile(index));
                }
                if !reader.read_with_mapping(&path, &mapping, &dispatch) {
                    dispatch.dispatch(Action::Rejected(crate::ingest::problem::Rejection::new(
                        &path,
                        "choose the file again to read it with this mapping (files inside archives cannot be re-read)",
                    )));
                }
            },
        )
    };
    // Files whose header has a remembered mapping map themselves.
    {
        let (apply_mapping, settings) = (apply_mapping.clone(), state.settings.clone());
        let unmapped: Vec<(String, String)> = state
            .dataset
            .files()
            .iter()
            .filter_map(|f| match &f.content {
                Content::Unrecognised(p) => Some((f.report.path.clone(), p.signature.clone())),
                _ => None,
            })
            .collect();
        use_effect_with(unmapped, move |unmapped| {
            for (path, signature) in unmapped {
                if let Some(m) = settings.mappings.get(signature) {
                    apply_mapping.emit((path.clone(), signature.clone(), m.clone()));
                }
            }
        });
    }

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

    // Derived figures, each worked out again only when what it depends on changes.
    let file_ids: Vec<u32> = state.dataset.files().iter().map(|f| f.id).collect();
    let observations = {
        let dataset = state.dataset.clone();
        use_memo(
            (file_ids.clone(), state.settings.outcomes()),
            move |(_, outcomes)| Rc::new(observations_with(&dataset, outcomes)),
        )
    };
    let group = state.settings.peer_group(&state.dataset);
    let options = state.settings.home.as_ref().map(|home| {
        let mut o = ScorecardOptions::new(home);
        o.peers = group.areas.clone();
        o.granularity = state.period;
        o.provisional_threshold = state.settings.provisional_threshold;
        o.outcomes = state.settings.outcomes();
        o.breaks = state.settings.breaks.clone();
        o.spc = SpcOptions {
            run_length: state.settings.run_length,
            ..SpcOptions::default()
        };
        o
    });
    // Home Office figures exist only for force areas: shown for the home
    // council's force, against the other force areas loaded.
    let force_options = options.as_ref().and_then(|o| {
        let (area, peers) = force_context(&state.dataset, &observations, &o.area)?;
        Some(ScorecardOptions {
            area,
            peers,
            ..o.clone()
        })
    });
    let card = {
        let (dataset, observations) = (state.dataset.clone(), (*observations).clone());
        use_memo(
            (
                options.clone(),
                force_options.clone(),
                file_ids.clone(),
                observations.len(),
                matches!(state.view, View::Scorecard | View::Pack),
            ),
            move |(options, force, _, _, shown)| {
                if !shown {
                    return None;
                }
                let mut entries = scorecard_from(&dataset, &observations, options.as_ref()?);
                if let Some(f) = force {
                    let group = format!("Force area: {} (Home Office figures)", f.area);
                    let known: Vec<String> = entries.iter().map(|e| e.measure.clone()).collect();
                    entries.extend(
                        scorecard_from(&dataset, &observations, f)
                            .into_iter()
                            .filter(|e| !known.contains(&e.measure))
                            .map(|e| Entry {
                                theme: Some(group.clone()),
                                ..e
                            }),
                    );
                }
                Some(Rc::new(entries))
            },
        )
    };
    let detail = {
        let (dataset, observations) = (state.dataset.clone(), (*observations).clone());
        let measure = match &state.view {
            View::Measure(m) => Some(m.clone()),
            _ => None,
        };
        use_memo(
            (
                options.clone(),
                force_options.clone(),
                measure,
                file_ids.clone(),
                observations.len(),
            ),
            move |(options, force, measure, _, _)| {
                let (o, m) = (options.as_ref()?, measure.as_ref()?);
                measure_detail(&dataset, &observations, o, m)
                    .or_else(|| measure_detail(&dataset, &observations, force.as_ref()?, m))
                    .map(Rc::new)
            },
        )
    };

    // The pack: every measure's detail, only while it is open.
    let pack = {
        let (dataset, observations) = (state.dataset.clone(), (*observations).clone());
        use_memo(
            (
                options.clone(),
                force_options.clone(),
                (*card).clone(),
                state.view == View::Pack,
            ),
            move |(options, force, card, shown)| {
                if !shown {
                    return None;
                }
                let (o, entries) = (options.as_ref()?, card.as_ref()?);
                let details: Vec<Rc<crate::analysis::detail::MeasureDetail>> = entries
                    .iter()
                    .filter_map(|e| {
                        let opts = if e.area == o.area { o } else { force.as_ref()? };
                        measure_detail(&dataset, &observations, opts, &e.measure)
                    })
                    .map(Rc::new)
                    .collect();
                Some(Rc::new(details))
            },
        )
    };

    let link = |view: View| {
        Route {
            view,
            ..route.clone()
        }
        .to_hash()
    };
    let tab = |view: View, label: String| {
        let current = std::mem::discriminant(&view) == std::mem::discriminant(&state.view);
        html! {
            <li><a href={link(view)} aria-current={current.then_some("page")}>{ label }</a></li>
        }
    };
    let home = state.settings.home.clone();
    let councils = Rc::new(state.dataset.councils());
    let no_data = html! {
        <p class="notice">
            { "No data is loaded yet. " }
            <a href={link(View::Data)}>{ "Load police.uk or Home Office files on the Data page" }</a>
            { home.as_ref().map(|h| format!(": this view opens for {h} once they are loaded.")).unwrap_or_else(|| ".".into()) }
        </p>
    };
    let no_home = html! {
        <p class="notice">
            { "Choose your home area first, in " }<a href={link(View::Settings)}>{ "Settings" }</a>{ " or on the Data page." }
        </p>
    };
    let context = html! {
        <ContextBar settings={state.settings.clone()} group={group.clone()} route={route.clone()}
            force={force_options.as_ref().map(|f| (f.area.clone(), f.peers.clone()))} />
    };

    let body = match &state.view {
        View::Data => {
            let table = home.as_ref().map(|council| {
                Rc::new(monthly_counts(
                    &state.dataset,
                    council,
                    &state.chart_crime_types(),
                ))
            });
            let mappers = state.dataset.files().iter().filter_map(|f| match &f.content {
                Content::Unrecognised(p) => {
                    let apply = apply_mapping.clone();
                    let (path, signature) = (f.report.path.clone(), p.signature.clone());
                    let on_apply = Callback::from(move |m| apply.emit((path.clone(), signature.clone(), m)));
                    Some(html! { <ColumnMapper path={f.report.path.clone()} preview={p.clone()} {on_apply} /> })
                }
                _ => None,
            }).collect::<Html>();
            html! {
                <>
                <section aria-labelledby="load-heading">
                    <h2 id="load-heading">{ "1. Load data" }</h2>
                    if let Err(problem) = reader.as_ref() {
                        <p class="rejected" role="alert">
                            { format!("Scrutineer could not start its file reader in this browser ({problem}). Please use an up-to-date Edge, Chrome or Firefox.") }
                        </p>
                    }
                    if state.dataset.is_empty() {
                        <div class="example">
                            <button type="button" onclick={on_example} disabled={*opening_example}>
                                { if *opening_example { "Opening the example…" } else { "Explore the example data" } }
                            </button>
                            <p class="hint">{ "A full dashboard for Rotherham in one click, from real published data: police.uk street-level crime for South Yorkshire and Merseyside, April 2019 to March 2020 (July 2019 is missing from the sample); Home Office crime outcomes for every force, 2017/18; and a council's published 2018/19 hate-crime positive-outcome rates. Contains public sector information licensed under the Open Government Licence v3.0." }</p>
                        </div>
                    }
                    <FilePicker {on_files} />
                    <FileList
                        files={state.dataset.files().to_vec()}
                        rejected={Rc::new(state.rejected.clone())}
                        reading={Rc::new(state.reading.clone())}
                        {on_cancel}
                        {on_remove}
                        dispatch={dispatch.clone()} />
                    { mappers }
                </section>
                <section aria-labelledby="workspace-heading">
                    <h2 id="workspace-heading">{ "Save your work" }</h2>
                    <p>{ "A workspace file holds your settings, peer group, column mappings, recording breaks and the loaded figures. Open it again by choosing or dropping it above: the data need not be loaded again." }</p>
                    <p class="hint">{ "Scrutineer keeps only totals (crimes by month, area, type and outcome; measures; reference tables), never individual crime records, so a workspace holds no record-level rows." }</p>
                    <button type="button" onclick={on_save} disabled={state.dataset.is_empty()}>{ "Save workspace" }</button>
                </section>
                if !state.dataset.is_empty() {
                    <section aria-labelledby="choose-heading">
                        <h2 id="choose-heading">{ "2. Choose a council and crime types" }</h2>
                        <CouncilPicker
                            councils={councils.clone()}
                            selected={home.clone()}
                            dispatch={dispatch.clone()} />
                        <CrimeTypePicker
                            available={Rc::new(state.dataset.crime_types())}
                            picked={Rc::new(state.crime_types.clone())}
                            dispatch={dispatch.clone()} />
                        if let Some(h) = &home {
                            <p class="next"><a href={link(View::Scorecard)}>{ format!("See the scorecard for {h}") }</a></p>
                        }
                    </section>
                }
                if let (Some(table), false) = (table, state.dataset.is_empty()) {
                    <section aria-labelledby="trend-heading">
                        <h2 id="trend-heading">{ format!("3. Monthly crime in {}", table.council) }</h2>
                        <TrendChart table={table.clone()} />
                        <CountsTable {table} />
                    </section>
                }
                </>
            }
        }
        View::Settings => html! {
            <SettingsPage settings={state.settings.clone()} councils={councils.clone()} group={group.clone()} dispatch={dispatch.clone()} />
        },
        View::Scorecard => match (&home, (*card).clone()) {
            _ if state.dataset.is_empty() => html! {
                <section aria-labelledby="scorecard-heading">
                    <h2 id="scorecard-heading">{ "Scorecard" }</h2>
                    { no_data }
                </section>
            },
            (Some(home), Some(entries)) => {
                let groups = Rc::new(arrange(
                    &entries,
                    &state.settings,
                    state.sort,
                    state.attention_only,
                ));
                html! {
                    <section aria-labelledby="scorecard-heading">
                        <h2 id="scorecard-heading">{ format!("Scorecard for {home}") }</h2>
                        { context }
                        <ScorecardTable area={home.clone()} entries={entries.clone()} groups={groups}
                            sort={state.sort} attention_only={state.attention_only}
                            route={route.clone()} dispatch={dispatch.clone()} />
                        <h3>{ "In words" }</h3>
                        <ul class="summaries">
                            { for entries.iter().map(|e| html! { <li>{ &e.summary }</li> }) }
                        </ul>
                    </section>
                }
            }
            _ => html! {
                <section aria-labelledby="scorecard-heading">
                    <h2 id="scorecard-heading">{ "Scorecard" }</h2>
                    { no_home }
                </section>
            },
        },
        View::Pack => match (&home, (*card).clone(), (*pack).clone()) {
            (Some(home), Some(entries), Some(details)) if !state.dataset.is_empty() => {
                let groups = Rc::new(arrange(&entries, &state.settings, state.sort, false));
                html! {
                    <PackPage area={home.clone()} details={details} files={state.dataset.files().to_vec()}>
                        { context }
                        <ScorecardTable area={home.clone()} entries={entries.clone()} groups={groups}
                            sort={state.sort} attention_only={false}
                            route={route.clone()} dispatch={dispatch.clone()} />
                    </PackPage>
                }
            }
            _ => html! {
                <section aria-labelledby="pack-heading">
                    <h2 id="pack-heading">{ "Scrutiny pack" }</h2>
                    if state.dataset.is_empty() { { no_data } } else { { no_home } }
                </section>
            },
        },
        View::Measure(measure) => match (&*detail, &home) {
            (Some(detail), Some(_)) => html! {
                <>
                { context }
                <MeasurePage detail={detail.clone()} period={state.period} funnel={state.funnel}
                    settings={state.settings.clone()} dispatch={dispatch.clone()} />
                </>
            },
            _ => html! {
                <section aria-labelledby="measure-heading">
                    <h2 id="measure-heading">{ measure.clone() }</h2>
                    if state.dataset.is_empty() { { no_data } }
                    else if home.is_none() { { no_home } }
                    else {
                        <p class="notice">{ format!("{} has no figures for this measure in the loaded files. ", home.clone().unwrap_or_default()) }
                            <a href={link(View::Scorecard)}>{ "Back to the scorecard" }</a></p>
                    }
                </section>
            },
        },
    };

    html! {
        <div class={classes!("page", (*dragging).then_some("dragging"))}
            {ondragover} {ondragleave} {ondrop}>
            <header class="masthead">
                <h1>{ "Scrutineer" }</h1>
                <p>{ "Community-safety figures, worked out in your browser. Your files never leave this computer." }</p>
                <nav aria-label="Views" class="views">
                    <ul>
                        { tab(View::Data, "Data".into()) }
                        { tab(View::Scorecard, "Scorecard".into()) }
                        if let View::Measure(m) = &state.view { { tab(View::Measure(m.clone()), format!("Measure: {m}")) } }
                        { tab(View::Pack, "Print pack".into()) }
                        { tab(View::Settings, "Settings".into()) }
                    </ul>
                </nav>
            </header>
            <main id="main">
                { body }
            </main>
            <footer>
                <p>{ "Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk; Home Office police recorded crime and outcomes)." }</p>
            </footer>
        </div>
    }
}

/// Shared by the components: every one that changes state takes the dispatcher.
pub type Dispatch = UseReducerDispatcher<AppState>;
