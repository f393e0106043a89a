//! The settings in effect, in words, on every page they affect.

use yew::prelude::*;

use crate::analysis::settings::{PeerGroup, Settings, MIN_PEERS};
use crate::ui::route::{Route, View};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub settings: Settings,
    pub group: PeerGroup,
    pub route: Route,
    /// The home council's force area and the force areas it is compared with.
    #[prop_or_default]
    pub force: Option<(String, Vec<String>)>,
    /// What could not be compared, and how to fix it.
    #[prop_or_default]
    pub notices: Vec<String>,
    /// A published briefing: the settings are the publisher's, not changed here.
    #[prop_or_default]
    pub locked: bool,
}

/// "A, B and C".
pub fn list_words(items: &[String]) -> String {
    match items {
        [] => "no other areas".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[component]
pub fn ContextBar(props: &Props) -> Html {
    let s = &props.settings;
    let settings_link = Route {
        view: View::Settings,
        ..props.route.clone()
    };
    let basis = match s.denominator {
        crate::analysis::outcomes::Denominator::OffencesRecorded => "offences recorded",
        crate::analysis::outcomes::Denominator::OutcomesAssigned => "outcomes assigned",
    };
    html! {
        <aside class="context" aria-label="Settings in use">
            <ul>
                <li>{ format!("Compared with {} ({}).", list_words(&props.group.areas), props.group.description) }</li>
                if let Some(f) = &props.group.fallback {
                    <li>{ format!("A measure that fewer than {MIN_PEERS} of them have figures for is compared with {} ({}) instead, and says so.", list_words(&f.areas), f.description) }</li>
                }
                if let Some((force, peers)) = &props.force {
                    <li>{ if peers.len() > 8 {
                        format!("Home Office figures are for the {force} force area, ranked among the other {} territorial force areas in the loaded data (police forces' \"most similar groups\" are not published).", peers.len())
                    } else {
                        format!("Home Office figures are for the {force} force area, compared with {}.", list_words(peers))
                    } }</li>
                }
                <li>{ "Counts are compared with other areas per 1,000 residents (ONS mid-2019 estimates, or a loaded population table), never as raw counts." }</li>
                <li>{ format!("Positive outcomes: {}, of {basis}.", s.outcome_set.label()) }</li>
                <li>{ provisional_words(s) }</li>
                <li>{ format!("SPC: a shift or trend is {} points in a row; {}.", s.run_length, spc_limits_words(s.screen_outliers)) }</li>
            </ul>
            if !props.notices.is_empty() {
                // The live region wraps the list: a role on the <ul> itself
                // would stop it being a list, orphaning its items.
                <div role="status">
                    <ul class="notices">
                        { for props.notices.iter().map(|n| html! { <li class="notice">{ n }</li> }) }
                    </ul>
                </div>
            }
            if props.locked {
                <p class="hint">{ "Settings fixed by the publisher." }</p>
            } else {
                <a href={settings_link.to_hash()}>{ "Change settings" }</a>
            }
        </aside>
    }
}

/// How SPC limits are worked out, in words, for the context bar and the pack.
pub fn spc_limits_words(screen_outliers: bool) -> &'static str {
    if screen_outliers {
        "limits leave out moving ranges of 3.267 times the mean or more (screened, as NHSRplotthedots does)"
    } else {
        "limits from the plain mean moving range (the NHS Making Data Count method)"
    }
}

/// The provisional rule in words: the open share, and the age in its
/// download for police.uk outcome rates.
pub fn provisional_words(s: &crate::analysis::settings::Settings) -> String {
    let open = format!(
        "Provisional when more than {:.0}% of cases are still open",
        s.provisional_threshold * 100.0
    );
    match s.minimum_age_months {
        0 => format!("{open}."),
        1 => format!("{open}, or (police.uk outcome rates) in the latest month of its download."),
        n => format!(
            "{open}, or (police.uk outcome rates) when under {n} months old in its download."
        ),
    }
}
