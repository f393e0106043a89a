//! The app's hooks: keeping the address bar, the saved settings and focus in
//! step with the state, and the figures the core works out from it, each
//! recomputed only when what it depends on changes.

use std::rc::Rc;

use yew::prelude::*;

use super::route::{Route, View};
use super::state::{Action, AppState, Dispatch, LookupState};
use crate::analysis::card::{build_from, detail_for, plan, Plan, Scorecard};
use crate::analysis::detail::{measure_detail, MeasureDetail};
use crate::analysis::measures::{observations_with, Observation};
use crate::analysis::monthly::TOTAL_EXCLUDING_ASB;
use crate::analysis::neighbourhoods::{neighbourhood_figures, NeighbourhoodFigures};
use crate::analysis::population::Populations;
use crate::analysis::settings::Settings;

/// An `Rc` compared by pointer: the neighbourhood table is loaded once.
#[derive(Clone)]
pub struct PtrEq<T>(pub Rc<T>);

impl<T> PartialEq for PtrEq<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

pub const SETTINGS_KEY: &str = "scrutineer.settings.v1";

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
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

/// Back, forward, or a hash typed or followed: show what the URL says.
#[hook]
pub fn use_history_listener(dispatch: Dispatch) {
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

/// The route into the address bar after the render, not during it: writing
/// history takes a few milliseconds that the user would otherwise wait for.
/// If the address changes before then (a link followed), that navigation wins.
#[hook]
pub fn use_url_sync(route: Route) {
    use_effect_with(route, |route| {
        let (route, seen) = (route.clone(), current_hash());
        gloo::timers::callback::Timeout::new(0, move || {
            if current_hash() == seen {
                sync_url(&route);
            }
        })
        .forget();
    });
}

/// Settings are saved in this browser, and nowhere else.
#[hook]
pub fn use_saved_settings(settings: Settings, save: bool) {
    use_effect_with(settings, move |settings| {
        if let Some(s) = storage().filter(|_| save) {
            let _ = s.set_item(SETTINGS_KEY, &settings.to_json());
        }
    });
}

/// Focus moves to the new view's heading, as a page load would. Not from one
/// measure to the next: the heading and live content change in place.
#[hook]
pub fn use_heading_focus(view: &View) {
    let kind = std::mem::discriminant(view);
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

/// What the core works out from the state, for the views.
pub struct Figures {
    pub plan: Option<Plan>,
    /// While the scorecard or the pack is shown.
    pub card: Option<Rc<Scorecard>>,
    /// While a measure's page is shown.
    pub detail: Option<Rc<MeasureDetail>>,
    /// While the pack is shown: every measure's detail.
    pub pack: Option<Rc<Vec<Rc<MeasureDetail>>>>,
    /// While the neighbourhood view or the pack is shown, once the
    /// neighbourhood table is loaded; `Err` says why there are none.
    pub neighbourhoods: Option<Rc<Result<NeighbourhoodFigures, String>>>,
}

#[hook]
pub fn use_figures(state: &AppState) -> Figures {
    let file_ids: Vec<u32> = state.dataset.files().iter().map(|f| f.id).collect();
    let observations = {
        let dataset = state.dataset.clone();
        use_memo(
            (file_ids.clone(), state.settings.outcomes()),
            move |(_, outcomes)| Rc::new(observations_with(&dataset, outcomes)),
        )
    };
    let observations: Rc<Vec<Observation>> = (*observations).clone();
    let plan = plan(&state.dataset, &observations, &state.settings, state.period);
    let card = {
        let (dataset, observations) = (state.dataset.clone(), observations.clone());
        use_memo(
            (
                plan.clone(),
                state.settings.clone(),
                file_ids.clone(),
                observations.len(),
                matches!(state.view, View::Scorecard | View::Briefing | View::Pack),
            ),
            move |(plan, settings, _, _, shown)| {
                let plan = plan.as_ref().filter(|_| *shown)?;
                Some(Rc::new(build_from(&dataset, &observations, settings, plan)))
            },
        )
    };
    let detail = {
        let (dataset, observations) = (state.dataset.clone(), observations.clone());
        let settings = state.settings.clone();
        let measure = match &state.view {
            View::Measure(m) => Some(m.clone()),
            _ => None,
        };
        use_memo(
            (
                plan.clone(),
                measure,
                file_ids.clone(),
                observations.len(),
                state.settings.force_offences.clone(),
            ),
            move |(plan, measure, _, _, _)| {
                let (plan, m) = (plan.as_ref()?, measure.as_ref()?);
                detail_for(&dataset, &observations, &settings, plan, m).map(Rc::new)
            },
        )
    };
    let pack = {
        let (dataset, observations) = (state.dataset.clone(), observations.clone());
        let settings = state.settings.clone();
        use_memo(
            (plan.clone(), (*card).clone(), state.view == View::Pack),
            move |(plan, card, shown)| {
                let (plan, card) = (plan.as_ref().filter(|_| *shown)?, card.as_ref()?);
                let details: Vec<Rc<MeasureDetail>> = card
                    .measures
                    .iter()
                    .filter_map(|e| {
                        if e.area == plan.home.area {
                            detail_for(&dataset, &observations, &settings, plan, &e.measure)
                        } else {
                            measure_detail(
                                &dataset,
                                &observations,
                                plan.options_for(&e.area),
                                &e.measure,
                            )
                        }
                    })
                    .map(Rc::new)
                    .collect();
                Some(Rc::new(details))
            },
        )
    };
    let neighbourhoods = {
        let dataset = state.dataset.clone();
        let wanted = match &state.view {
            View::Neighbourhoods { measure, hex } => Some((
                measure
                    .clone()
                    .unwrap_or_else(|| TOTAL_EXCLUDING_ASB.to_string()),
                hex.clone(),
            )),
            View::Pack => Some((TOTAL_EXCLUDING_ASB.to_string(), None)),
            _ => None,
        };
        let lookup = match &state.lookup {
            LookupState::Loaded(l) => Some(l.clone()),
            _ => None,
        };
        use_memo(
            (
                wanted,
                lookup.map(PtrEq),
                state.settings.home.clone(),
                file_ids.clone(),
            ),
            move |(wanted, lookup, home, _)| {
                let ((measure, hex), lookup, home) =
                    (wanted.as_ref()?, lookup.as_ref()?, home.as_ref()?);
                Some(Rc::new(neighbourhood_figures(
                    &dataset,
                    &lookup.0,
                    &Populations::new(&dataset),
                    home,
                    measure,
                    hex.as_deref(),
                )))
            },
        )
    };
    Figures {
        neighbourhoods: (*neighbourhoods).clone(),
        plan,
        card: (*card).clone(),
        detail: (*detail).clone(),
        pack: (*pack).clone(),
    }
}
