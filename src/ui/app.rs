//! The page: the masthead and tabs, and the view the route names. The figures
//! come from the core (`hooks::use_figures`); each view renders them.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{
    AboutFigures, BriefingPage, CommitteeTables, ContextBar, DataView, MeasurePage,
    NeighbourhoodPage, PackPage, ScorecardTable, SettingsPage,
};
use super::file_actions::use_file_actions;
use super::hooks::{
    current_hash, storage, use_figures, use_heading_focus, use_history_listener,
    use_saved_settings, use_url_sync, SETTINGS_KEY,
};
use super::linked::{open_linked, LinkStatus};
use super::read_files::{dropped, Reader};
use super::route::{Route, View};
use super::scorecard_view::arrange;
use super::state::LookupState;
use super::state::{Action, AppState};
use crate::analysis::card::areas;
use crate::analysis::settings::Settings;

fn initial_state() -> AppState {
    let settings = storage()
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .map(|text| Settings::from_json(&text))
        .unwrap_or_default();
    let mut state = AppState {
        settings,
        place_sort: (crate::analysis::neighbourhoods::PlaceSort::Count, true),
        ..AppState::default()
    };
    state.apply(Action::Navigate(Route::parse(&current_hash())));
    // A published briefing opens its own figures before anything shows.
    match super::published::carried() {
        Some(Ok(open)) => state.apply(open),
        Some(Err(why)) => state.rejected.push(why),
        None => {}
    }
    state
}

/// A view's heading with a notice under it, for a view that cannot show yet.
fn waiting(id: &'static str, heading: String, notice: Html) -> Html {
    html! {
        <section aria-labelledby={id}>
            <h2 id={id}>{ heading }</h2>
            { notice }
        </section>
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
    use_history_listener(dispatch.clone());
    let route = state.route();
    use_url_sync(route.clone());
    // A briefing's settings are its publisher's, not this browser's.
    use_saved_settings(state.settings.clone(), state.published.is_none());
    use_heading_focus(&state.view);
    let actions = use_file_actions(&state, &reader);
    let figures = use_figures(&state);
    // A link naming a workspace on this site opens it, once per name.
    let link_status = use_state(LinkStatus::default);
    {
        let (dispatch, status) = (state.dispatcher(), link_status.clone());
        use_effect_with(state.linked_workspace.clone(), move |name| {
            if let Some(name) = name.clone() {
                open_linked(name, dispatch, status);
            }
        });
    }
    // The neighbourhood table is fetched the first time a view needs it.
    {
        let needs = matches!(state.view, View::Neighbourhoods { .. } | View::Pack)
            && state.settings.home.is_some()
            && !state.dataset.is_empty();
        let (lookup, dispatch) = (state.lookup.clone(), state.dispatcher());
        use_effect_with((needs, lookup), move |(needs, lookup)| {
            if *needs {
                super::fetch::load_lookup(lookup, dispatch);
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
        let (dragging, on_files) = (dragging.clone(), actions.on_files.clone());
        let locked = state.locked;
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if locked {
                return;
            }
            if let Some(transfer) = e.data_transfer() {
                dropped(transfer, on_files.clone());
            }
        })
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
    let link_words = match &*link_status {
        LinkStatus::Opening(name) => html! {
            <p class="notice" role="status">{ format!("Opening the workspace {name} from this site…") }</p>
        },
        LinkStatus::Failed(why) => html! {
            <p class="notice error" role="alert">{ format!("The link's workspace could not be opened: {}.", why.trim_end_matches('.')) }</p>
        },
        _ => Html::default(),
    };
    let no_data = html! {
        <>
        { link_words }
        <p class="notice">
            { "No data is loaded yet. " }
            <a href={link(View::Data)}>{ "Load police.uk, Home Office or your own measures files on the Data page" }</a>
            { home.as_ref().map(|h| format!(": this view opens for {h} once they are loaded.")).unwrap_or_else(|| ".".into()) }
        </p>
        </>
    };
    let no_home = html! {
        <p class="notice">
            { "Choose your home area first, in " }<a href={link(View::Settings)}>{ "Settings" }</a>{ " or on the Data page." }
        </p>
    };
    let group = figures
        .plan
        .as_ref()
        .map(|p| p.group.clone())
        .unwrap_or_else(|| state.settings.peer_group(&state.dataset));
    let force = figures
        .plan
        .as_ref()
        .and_then(|p| p.force.as_ref())
        .map(|f| (f.area.clone(), f.peers.clone()));
    let context = |notices: Vec<String>| {
        html! {
            <ContextBar settings={state.settings.clone()} group={group.clone()} route={route.clone()}
                force={force.clone()} {notices} locked={state.locked} />
        }
    };
    let on_unlock = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Unlock))
    };
    let about = |level: &'static str| {
        html! {
            <AboutFigures published={state.published.clone()} locked={state.locked}
                settings={state.settings.clone()} group={group.clone()} force={force.clone()}
                files={state.dataset.files().to_vec()} route={route.clone()}
                on_unlock={on_unlock.clone()} {level} />
        }
    };

    let toggle_committee = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ToggleCommittee))
    };
    let body = match &state.view {
        // A published briefing loads nothing and changes no setting: both
        // views say where its figures come from instead.
        View::Data | View::Settings if state.locked => about("h2"),
        View::Data => html! {
            <DataView state={state.clone()} actions={actions.clone()}
                reader_problem={reader.as_ref().as_ref().err().cloned()}
                route={route.clone()} dispatch={dispatch.clone()} />
        },
        View::Settings => html! {
            <SettingsPage settings={state.settings.clone()} areas={Rc::new(areas(&state.dataset))} group={group.clone()} offences={Rc::new(crate::analysis::card::offence_choices(&state.dataset))} dispatch={dispatch.clone()} />
        },
        View::Scorecard => match (&home, &figures.card) {
            _ if state.dataset.is_empty() => {
                waiting("scorecard-heading", "Scorecard".into(), no_data)
            }
            (Some(home), Some(card)) => {
                let groups = Rc::new(arrange(
                    &card.measures,
                    &state.settings,
                    state.sort,
                    state.attention_only,
                ));
                html! {
                    <section aria-labelledby="scorecard-heading">
                        <h2 id="scorecard-heading">{ format!("Scorecard for {home}") }</h2>
                        { context(card.notices.clone()) }
                        <button type="button" aria-pressed={state.committee.to_string()} onclick={toggle_committee}>
                            { if state.committee { "Show latest figures" } else { "Show year to date (committee table)" } }
                        </button>
                        if state.committee {
                            <CommitteeTables card={card.clone()} groups={groups} />
                        } else {
                            <ScorecardTable area={home.clone()} card={card.clone()} groups={groups}
                                sort={state.sort} attention_only={state.attention_only}
                                route={route.clone()} dispatch={dispatch.clone()} />
                        }
                        <h3>{ "In words" }</h3>
                        <ul class="summaries">
                            { for card.measures.iter().map(|e| html! { <li>{ &e.summary }</li> }) }
                        </ul>
                    </section>
                }
            }
            _ => waiting("scorecard-heading", "Scorecard".into(), no_home),
        },
        View::Briefing => match (&home, &figures.card) {
            _ if state.dataset.is_empty() => {
                waiting("briefing-heading", "Briefing".into(), no_data.clone())
            }
            (Some(_), Some(card)) => html! {
                <BriefingPage card={card.clone()} route={route.clone()}
                    published={state.published.clone().filter(|_| state.locked)}>
                    { about("h3") }
                </BriefingPage>
            },
            _ => waiting("briefing-heading", "Briefing".into(), no_home.clone()),
        },
        View::Pack => match (&home, &figures.card, &figures.pack) {
            (Some(home), Some(card), Some(details)) if !state.dataset.is_empty() => {
                let groups = Rc::new(arrange(&card.measures, &state.settings, state.sort, false));
                html! {
                    <PackPage area={home.clone()} details={details.clone()} files={state.dataset.files().to_vec()}
                        neighbourhoods={figures.neighbourhoods.as_ref().and_then(|r| r.as_ref().as_ref().ok().cloned()).map(Rc::new)}>
                        { context(card.notices.clone()) }
                        <CommitteeTables card={card.clone()} groups={groups} print=true />
                    </PackPage>
                }
            }
            _ => waiting(
                "pack-heading",
                "Scrutiny pack".into(),
                if state.dataset.is_empty() {
                    no_data
                } else {
                    no_home
                },
            ),
        },
        View::Neighbourhoods { .. } => {
            let heading = format!("Neighbourhoods in {}", home.clone().unwrap_or_default());
            match (&state.lookup, &figures.neighbourhoods) {
                _ if state.dataset.is_empty() => {
                    waiting("neighbourhoods-heading", "Neighbourhoods".into(), no_data)
                }
                _ if home.is_none() => {
                    waiting("neighbourhoods-heading", "Neighbourhoods".into(), no_home)
                }
                (LookupState::Failed(e), _) => {
                    let retry = {
                        let dispatch = dispatch.clone();
                        Callback::from(move |_| {
                            dispatch.dispatch(Action::SetLookup(LookupState::NotLoaded))
                        })
                    };
                    waiting(
                        "neighbourhoods-heading",
                        heading,
                        html! {
                            <>
                            <p class="notice error" role="alert">{ e.clone() }</p>
                            <button type="button" onclick={retry}>{ "Try again" }</button>
                            </>
                        },
                    )
                }
                (_, Some(result)) => match result.as_ref() {
                    Ok(f) => html! {
                        <NeighbourhoodPage figures={Rc::new(f.clone())}
                            measures={Rc::new(crate::analysis::neighbourhoods::measures(&state.dataset))}
                            route={route.clone()} sort={state.place_sort} dispatch={dispatch.clone()} />
                    },
                    Err(e) => waiting(
                        "neighbourhoods-heading",
                        heading,
                        html! { <p class="notice">{ e.clone() }</p> },
                    ),
                },
                _ => waiting(
                    "neighbourhoods-heading",
                    heading,
                    html! {
                        <p class="status" role="status">{ "Loading the neighbourhood map and names…" }</p>
                    },
                ),
            }
        }
        View::Measure(measure) => match (&figures.detail, &home) {
            (Some(detail), Some(_)) => html! {
                <>
                { context(detail.note.iter().cloned().collect()) }
                <MeasurePage detail={detail.clone()} period={state.period} funnel={state.funnel}
                    settings={state.settings.clone()} dispatch={dispatch.clone()} locked={state.locked} />
                </>
            },
            _ => waiting(
                "measure-heading",
                measure.clone(),
                html! {
                    if state.dataset.is_empty() { { no_data } }
                    else if home.is_none() { { no_home } }
                    else {
                        <p class="notice">{ format!("{} has no figures for this measure in the loaded files. ", home.clone().unwrap_or_default()) }
                            <a href={link(View::Scorecard)}>{ "Back to the scorecard" }</a></p>
                    }
                },
            ),
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
                        if !state.locked { { tab(View::Data, "Data".into()) } }
                        { tab(View::Briefing, "Briefing".into()) }
                        { tab(View::Scorecard, "Scorecard".into()) }
                        if let View::Measure(m) = &state.view { { tab(View::Measure(m.clone()), format!("Measure: {m}")) } }
                        { tab(View::Neighbourhoods { measure: None, hex: None }, "Neighbourhoods".into()) }
                        { tab(View::Pack, "Print pack".into()) }
                        if state.locked {
                            { tab(View::Data, "About these figures".into()) }
                        } else {
                            { tab(View::Settings, "Settings".into()) }
                        }
                    </ul>
                </nav>
            </header>
            <main id="main">
                { body }
            </main>
            <footer>
                <p>{ "Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk; Home Office police recorded crime and outcomes; ONS mid-2019 population estimates)." }</p>
            </footer>
        </div>
    }
}
