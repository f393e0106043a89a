//! A link that names a workspace on the app's own site
//! (`#/scorecard?workspace=rotherham-2021-09.scrutineer.json.gz`) opens it,
//! so a councillor who follows the link sees the figures with nothing to
//! load. Only a plain file in the app's folder is fetched (the CSP's
//! `connect-src 'self'` holds too); a missing or damaged one is said on the page.

use super::route::linkable_workspace;
use super::state::{Action, Dispatch};
use crate::ingest::Rejection;
use crate::ui::workspace;

/// Where the linked workspace has got to, for the page to say.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LinkStatus {
    #[default]
    None,
    Opening(String),
    Opened(String),
    Failed(String),
}

/// Fetches and opens `name`, saying how it went through `status`.
pub fn open_linked(name: String, dispatch: Dispatch, status: yew::UseStateHandle<LinkStatus>) {
    if let Err(why) = linkable_workspace(&name) {
        let message = format!("{name}: {why}.");
        dispatch.dispatch(Action::Rejected(Rejection::new(&name, why)));
        status.set(LinkStatus::Failed(message));
        return;
    }
    status.set(LinkStatus::Opening(name.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        let opened = match super::fetch::fetch_bytes(&format!("./{name}")).await {
            Ok(bytes) => workspace::text_of(&name, &bytes)
                .and_then(|text| workspace::open(&name, &text)),
            Err(why) => Err(Rejection::new(
                &name,
                format!("this workspace could not be fetched from this site ({why}); check the link, or ask whoever sent it"),
            )),
        };
        match opened {
            Ok((settings, files)) => {
                dispatch.dispatch(Action::OpenWorkspace {
                    name: name.clone(),
                    settings: Box::new(settings),
                    files,
                });
                status.set(LinkStatus::Opened(name));
            }
            Err(why) => {
                status.set(LinkStatus::Failed(why.to_string()));
                dispatch.dispatch(Action::Rejected(why));
            }
        }
    });
}
