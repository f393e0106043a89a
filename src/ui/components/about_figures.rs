//! Where a briefing's figures come from: who published it and when, the
//! settings they were worked out with, and the files. Without these a figure
//! in a forwarded file cannot be trusted. In a published briefing it is also
//! where an officer opens the full app.

use std::rc::Rc;

use yew::prelude::*;

use super::pack_page::sources;
use super::ContextBar;
use crate::analysis::settings::{PeerGroup, Settings};
use crate::dataset::LoadedFile;
use crate::publish::Publication;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub published: Option<Rc<Publication>>,
    pub locked: bool,
    pub settings: Settings,
    pub group: PeerGroup,
    #[prop_or_default]
    pub force: Option<(String, Vec<String>)>,
    pub files: Vec<Rc<LoadedFile>>,
    pub route: Route,
    pub on_unlock: Callback<MouseEvent>,
    /// "h2" as a view of its own, "h3" under the briefing.
    pub level: &'static str,
}

#[component]
pub fn AboutFigures(props: &Props) -> Html {
    let heading = html! {
        <@{props.level} id="about-heading">{ "About these figures" }</@>
    };
    html! {
        <section aria-labelledby="about-heading" class="about-figures">
            { heading }
            if let Some(p) = &props.published {
                <p class="published-by">{ format!(
                    "Published by {} on {} with Scrutineer {}, for {}.",
                    if p.publisher.is_empty() { "an unnamed publisher" } else { &p.publisher },
                    p.date_words(), p.app, p.area
                ) }</p>
            }
            <p>{ if props.locked {
                "Worked out with these settings, fixed by the publisher:"
            } else {
                "Worked out with these settings:"
            } }</p>
            <ContextBar settings={props.settings.clone()} group={props.group.clone()}
                route={props.route.clone()} force={props.force.clone()} locked={props.locked} />
            <details class="about-sources">
                <summary>{ format!("Sources: {} {}", props.files.len(), if props.files.len() == 1 { "file" } else { "files" }) }</summary>
                { sources(&props.files) }
            </details>
            if props.locked {
                <p class="hint">{ "This briefing holds totals only (crimes by month, area, type and outcome), never crime records, and sends nothing anywhere. An officer can open the full app from it to load files or change settings; the file itself does not change." }</p>
                <button type="button" onclick={props.on_unlock.clone()}>{ "Open the full app" }</button>
            }
        </section>
    }
}
