//! The Data page's "Publish for councillors": one HTML file holding the app
//! and these figures, which opens on the briefing with nothing to load
//! (`crate::ui::published`). Who publishes it is remembered in this browser.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::state::AppState;

const PUBLISHER_KEY: &str = "scrutineer-publisher";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Publishing,
    Done(String, usize),
    Failed(String),
}

#[component]
pub fn PublishSection(props: &Props) -> Html {
    let publisher = use_state(|| {
        crate::ui::hooks::storage()
            .and_then(|s| s.get_item(PUBLISHER_KEY).ok().flatten())
            .unwrap_or_default()
    });
    let status = use_state(|| Status::Idle);
    let state = &props.state;
    let home = state.settings.home.clone();
    let on_input = {
        let publisher = publisher.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            publisher.set(input.value());
        })
    };
    let on_publish = {
        let (publisher, status, state) = (publisher.clone(), status.clone(), state.clone());
        Callback::from(move |_| {
            let name = publisher.trim().to_string();
            if name.is_empty() {
                status.set(Status::Failed(
                    "Say who is publishing it first (a team or an officer): a figure in a forwarded file cannot be trusted without it.".into(),
                ));
                return;
            }
            if let Some(s) = crate::ui::hooks::storage() {
                let _ = s.set_item(PUBLISHER_KEY, &name);
            }
            if let Some(path) = crate::publish::unmapped_file(&state.dataset) {
                status.set(Status::Failed(format!(
                    "Not published: {path}'s columns are not mapped yet, so its figures would be left out. Map its columns above, or remove it, then publish."
                )));
                return;
            }
            status.set(Status::Publishing);
            let (status, state) = (status.clone(), state.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result =
                    crate::ui::published::publish(&state.settings, &state.dataset, &name).await;
                status.set(match result {
                    Ok((file, size)) => Status::Done(file, size),
                    Err(why) => Status::Failed(format!("Not published: {why}.")),
                });
            });
        })
    };
    let ready = home.is_some() && !state.dataset.is_empty();
    let publishing = *status == Status::Publishing;
    let words = Rc::new(match &*status {
        Status::Idle => Html::default(),
        Status::Publishing => {
            html! { <p class="status" role="status">{ "Publishing the briefing…" }</p> }
        }
        Status::Done(file, size) => html! {
            <p class="status" role="status">{ format!(
                "Saved {file} ({} KB). Send it, or put it on a shared drive or the intranet: it opens on the briefing in any up-to-date browser, with no connection.",
                crate::ingest::group(((*size + 512) / 1024) as u64)
            ) }</p>
        },
        Status::Failed(why) => html! { <p class="notice error" role="alert">{ why.clone() }</p> },
    });
    html! {
        <section aria-labelledby="publish-heading">
            <h2 id="publish-heading">{ "Publish for councillors" }</h2>
            <p>{ format!(
                "One web page holding Scrutineer and these figures, for {}: it opens on the briefing with nothing to load, from an e-mail, a shared drive or the intranet, and councillors can read it but not change it. It shows who published it, when, the sources and the settings.",
                home.as_deref().unwrap_or("your home area")
            ) }</p>
            <div class="field">
                <label for="publisher">{ "Published by" }</label>
                <input id="publisher" type="text" autocomplete="organization" value={(*publisher).clone()}
                    oninput={on_input} aria-describedby="publisher-hint" />
                <p class="hint" id="publisher-hint">{ "A team or an officer, shown on the briefing." }</p>
            </div>
            <button type="button" onclick={on_publish} disabled={!ready || publishing}>
                { "Publish for councillors" }
            </button>
            if !ready {
                <p class="hint">{ "Load data and choose your home area first." }</p>
            }
            { (*words).clone() }
        </section>
    }
}
