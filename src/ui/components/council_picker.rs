//! Choosing the council whose figures are shown.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ingest::problem::group;
use crate::model::CouncilInfo;
use crate::ui::app::Dispatch;
use crate::ui::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub councils: Rc<Vec<CouncilInfo>>,
    pub selected: Option<String>,
    pub dispatch: Dispatch,
}

#[component]
pub fn CouncilPicker(props: &Props) -> Html {
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            dispatch.dispatch(Action::ChooseCouncil((!value.is_empty()).then_some(value)));
        })
    };
    let option = |c: &CouncilInfo| {
        let selected = props.selected.as_deref() == Some(c.name.as_str());
        html! {
            <option value={c.name.clone()} {selected}>
                { format!("{} ({} records)", c.name, group(c.records)) }
            </option>
        }
    };
    let (main, edge): (Vec<&CouncilInfo>, Vec<&CouncilInfo>) =
        props.councils.iter().partition(|c| !c.edge_of_area);
    html! {
        <div class="field">
            <label for="council">{ "Council" }</label>
            <select id="council" {onchange} aria-describedby="council-help">
                <option value="" selected={props.selected.is_none()}>{ "Choose a council…" }</option>
                <optgroup label="Councils in the loaded force areas">
                    { for main.into_iter().map(option) }
                </optgroup>
                if !edge.is_empty() {
                    <optgroup label="Few records: neighbours at the edge of a force area (figures incomplete)">
                        { for edge.into_iter().map(option) }
                    </optgroup>
                }
            </select>
            <p id="council-help" class="hint">
                { "Councils come from each crime's LSOA name, e.g. \"Rotherham 016A\" is in Rotherham." }
            </p>
        </div>
    }
}
