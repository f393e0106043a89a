//! The settings: home area, peer group, positive-outcome set, provisional
//! threshold, equal-age months and SPC run length and screening. Saved in this browser only.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::card::AreaGroup;
use crate::analysis::maturity::MAX_EQUAL_AGE_MONTHS;
use crate::analysis::outcomes::{Denominator, OutcomeSet};
use crate::analysis::settings::{PeerGroup, PeerMode, Settings};
use crate::analysis::similar::{Basis, Table, MAX_COUNT};
use crate::ui::state::Action;
use crate::ui::state::Dispatch;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub settings: Settings,
    pub areas: Rc<Vec<AreaGroup>>,
    pub group: PeerGroup,
    /// The Home Office outcome rates by offence the loaded tables offer.
    pub offences: Rc<Vec<String>>,
    pub dispatch: Dispatch,
}

fn radio(
    name: &'static str,
    id: String,
    label: String,
    checked: bool,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="checkbox">
            <input type="radio" {name} id={id.clone()} {checked} {onchange} />
            <label for={id}>{ label }</label>
        </div>
    }
}

fn basis_words(basis: Basis) -> &'static str {
    match basis {
        Basis::Overall => "Overall: all of ONS's local indicators together (ONS's default)",
        Basis::Demographic => "Demographic indicators only",
        Basis::Economic => "Economic indicators only",
    }
}

#[component]
pub fn SettingsPage(props: &Props) -> Html {
    let dispatch = &props.dispatch;
    let s = &props.settings;
    let search = use_state(String::new);
    let on = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(action.clone()))
    };
    let on_home = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let v = select.value();
            dispatch.dispatch(Action::ChooseCouncil((!v.is_empty()).then_some(v)));
        })
    };
    let on_threshold = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<f64>() {
                dispatch.dispatch(Action::SetProvisionalThreshold(v / 100.0));
            }
        })
    };
    let on_minimum_age = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<u32>() {
                dispatch.dispatch(Action::SetMinimumAge(v));
            }
        })
    };
    let on_equal_age = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<u32>() {
                dispatch.dispatch(Action::SetEqualAgeMonths(v));
            }
        })
    };
    let on_screen = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetScreenOutliers(input.checked()));
        })
    };
    let on_similar_count = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<usize>() {
                dispatch.dispatch(Action::SetSimilarCount(v));
            }
        })
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            search.set(input.value());
        })
    };
    // Every area in the data, the group in use, and any picked name not (yet) loaded.
    let mut areas: Vec<String> = props
        .areas
        .iter()
        .flat_map(|g| g.areas.iter().cloned())
        .collect();
    for p in props.group.areas.iter().chain(&s.picked_peers) {
        if !areas.contains(p) {
            areas.push(p.clone());
        }
    }
    let needle = search.to_lowercase();
    let home = s.home.clone().unwrap_or_default();
    let in_group = |a: &String| props.group.areas.contains(a);
    let sets = [
        (OutcomeSet::Default, "Default: charge or summons, cautions, taken into consideration, penalty notice, cannabis or khat warning, community resolution"),
        (OutcomeSet::SanctionDetections, "Sanction detections: the default without community resolutions"),
        (OutcomeSet::DefaultPlusDiversion, "Default plus outcome 22: diversionary, educational or intervention activity"),
    ];
    html! {
        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{ "Settings" }</h2>
            <p class="hint">{ "Saved in this browser only, and shown on every page they affect." }</p>
            <div class="field">
                <label for="home-area">{ "Home area" }</label>
                <select id="home-area" onchange={on_home}>
                    <option value="" selected={s.home.is_none()}>{ "Choose an area…" }</option>
                    { for props.areas.iter().map(|g| html! {
                        <optgroup label={g.source.clone()}>
                            { for g.areas.iter().map(|a| html! {
                                <option value={a.clone()} selected={*a == home}>{ a }</option>
                            }) }
                        </optgroup>
                    }) }
                    if !home.is_empty() && !props.areas.iter().any(|g| g.areas.contains(&home)) {
                        <option value={home.clone()} selected=true>{ format!("{home} (not in the loaded files)") }</option>
                    }
                </select>
            </div>
            <fieldset class="group">
                <legend>{ "Peer group (similar areas to compare with)" }</legend>
                { for PeerMode::ALL.iter().map(|m| radio("peer-mode", format!("peers-{}", m.key()), m.label().into(), s.peer_mode == *m, on(Action::SetPeerMode(*m)))) }
                if s.peer_mode == PeerMode::Similar {
                    <fieldset class="group nested">
                        <legend>{ "Similar on (ONS Explore Local Statistics)" }</legend>
                        { for Basis::ALL.iter().map(|b| radio("similar-basis", format!("similar-{}", b.key()), basis_words(*b).into(), s.similar_basis == *b, on(Action::SetSimilarBasis(*b)))) }
                    </fieldset>
                    <div class="field">
                        <label for="similar-count">{ format!("How many of the most similar areas (1 to {MAX_COUNT})") }</label>
                        <input id="similar-count" type="number" min="1" max={MAX_COUNT.to_string()} step="1"
                            value={s.similar_count.to_string()} onchange={on_similar_count} />
                    </div>
                    if let Some(home) = &s.home {
                        if let Some((letter, about)) = Table::built_in().cluster(home, s.similar_basis) {
                            <p class="hint">{ format!("ONS puts {home} in cluster {letter} on this basis: {about}") }</p>
                        }
                    }
                }
                <p class="hint" id="peer-group-now">
                    { format!("In use: {} ({}).", if props.group.areas.is_empty() { "none".to_string() } else { props.group.areas.join(", ") }, props.group.description) }
                </p>
                <div class="field">
                    <label for="peer-search">{ "Find areas to pick by hand" }</label>
                    <input id="peer-search" type="search" value={(*search).clone()} oninput={on_search} aria-describedby="peer-group-now" />
                </div>
                <div class="checkbox-grid" role="group" aria-label="Areas to compare with">
                    { for areas.iter().filter(|a| **a != home && a.to_lowercase().contains(&needle)).map(|a| {
                        let id = format!("peer-{}", a.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                        html! {
                            <div class="checkbox">
                                <input type="checkbox" id={id.clone()} checked={in_group(a)} onchange={on(Action::TogglePeer(a.clone()))} />
                                <label for={id}>{ a }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
            <fieldset class="group">
                <legend>{ "Positive outcomes (Home Office outcome types)" }</legend>
                { for sets.iter().enumerate().map(|(i, (set, words))| radio("outcome-set", format!("outcome-set-{i}"), format!("{words} ({})", set.label()), s.outcome_set == *set, on(Action::SetOutcomeSet(set.clone())))) }
                { radio("denominator", "denominator-offences".into(), "Out of offences recorded in the period".into(), s.denominator == Denominator::OffencesRecorded, on(Action::SetDenominator(Denominator::OffencesRecorded))) }
                { radio("denominator", "denominator-outcomes".into(), "Out of outcomes assigned in the period".into(), s.denominator == Denominator::OutcomesAssigned, on(Action::SetDenominator(Denominator::OutcomesAssigned))) }
            </fieldset>
            <fieldset class="group" id="force-offences">
                <legend>{ "Force section: Home Office positive-outcome rates by offence" }</legend>
                <p class="hint">{ "Each is the force area's rate, beside England and Wales and ranked among all territorial forces. Racially or religiously aggravated offences are the offences whose description begins so; they are only part of recorded hate crime." }</p>
                if props.offences.is_empty() {
                    <p class="hint">{ "Load a Home Office crime outcomes table (prc-outcomes-open-data) to choose among its offence groups." }</p>
                } else {
                    <div class="checkbox-grid" role="group" aria-label="Outcome rates by offence">
                        { for props.offences.iter().map(|label| {
                            let id = format!("offence-{}", label.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                            let checked = s.force_offences.iter().any(|t| t.eq_ignore_ascii_case(label));
                            html! {
                                <div class="checkbox">
                                    <input type="checkbox" id={id.clone()} {checked} onchange={on(Action::ToggleForceOffence(label.clone()))} />
                                    <label for={id}>{ label }</label>
                                </div>
                            }
                        }) }
                    </div>
                }
            </fieldset>
            <div class="field">
                <label for="provisional-threshold">{ "Provisional when more than this share of cases is still open (%)" }</label>
                <input id="provisional-threshold" type="number" min="0" max="100" step="1"
                    value={format!("{:.0}", s.provisional_threshold * 100.0)} onchange={on_threshold} />
            </div>
            <div class="field">
                <label for="minimum-age">{ "police.uk outcome rates: provisional when fewer than this many months old in their download" }</label>
                <p class="hint" id="minimum-age-hint">{ "A month's outcome rate keeps rising for months after it is first published, even when few cases are open: in two real South Yorkshire downloads, months 0 to 2 months old rose by 1.0 point on average. 0 turns this off." }</p>
                <input id="minimum-age" type="number" min="0" max={MAX_EQUAL_AGE_MONTHS.to_string()} step="1"
                    aria-describedby="minimum-age-hint"
                    value={s.minimum_age_months.to_string()} onchange={on_minimum_age} />
            </div>
            <div class="field">
                <label for="equal-age-months">{ "Equal-age outcome rate: count outcomes given within this many months of the crime month" }</label>
                <input id="equal-age-months" type="number" min="1" max={MAX_EQUAL_AGE_MONTHS.to_string()} step="1"
                    value={s.equal_age_months.to_string()} onchange={on_equal_age} />
            </div>
            <fieldset class="group">
                <legend>{ "SPC: points in a row that signal a shift or trend" }</legend>
                { radio("run-length", "run-length-6".into(), "6 (NHS Making Data Count default)".into(), s.run_length == 6, on(Action::SetRunLength(6))) }
                { radio("run-length", "run-length-7".into(), "7".into(), s.run_length == 7, on(Action::SetRunLength(7))) }
            </fieldset>
            <div class="checkbox">
                <input type="checkbox" id="screen-outliers" checked={s.screen_outliers} onchange={on_screen} aria-describedby="screen-outliers-hint" />
                <label for="screen-outliers">{ "SPC: screen large moving ranges out of the limits" }</label>
                <p class="hint" id="screen-outliers-hint">{ "Off is the NHS Making Data Count tool's method: limits from the plain mean moving range. On leaves out moving ranges of 3.267 times the mean or more, as NHSRplotthedots does, which narrows the limits after one large jump." }</p>
            </div>
        </section>
    }
}
