//! Choosing the home area: any area named in any loaded file, grouped by the
//! kind of file that names it.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::card::AreaGroup;
use crate::ui::state::{Action, Dispatch};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub groups: Rc<Vec<AreaGroup>>,
    pub selected: Option<String>,
    pub dispatch: Dispatch,
}

#[component]
pub fn AreaPicker(props: &Props) -> Html {
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            dispatch.dispatch(Action::ChooseCouncil((!value.is_empty()).then_some(value)));
        })
    };
    let listed = |name: &str| {
        props
            .groups
            .iter()
            .any(|g| g.areas.iter().any(|a| a == name))
    };
    html! {
        <div class="field">
            <label for="council">{ "Your area" }</label>
            <select id="council" {onchange} aria-describedby="council-help">
                <option value="" selected={props.selected.is_none()}>{ "Choose an area…" }</option>
                // A home area from a link or an earlier visit stays chosen.
                if let Some(s) = props.selected.as_ref().filter(|s| !listed(s)) {
                    <option value={s.clone()} selected=true>{ format!("{s} (no figures in the loaded files)") }</option>
                }
                { for props.groups.iter().map(|g| html! {
                    <optgroup label={g.source.clone()}>
                        { for g.areas.iter().map(|a| html! {
                            <option value={a.clone()} selected={props.selected.as_deref() == Some(a.as_str())}>{ a }</option>
                        }) }
                    </optgroup>
                }) }
            </select>
            <p id="council-help" class="hint">
                { "Areas come from every loaded file: councils from each police.uk crime's LSOA name (\"Rotherham 016A\" is in Rotherham), areas in your own measures files, and the partnerships and force areas in Home Office tables." }
            </p>
        </div>
    }
}
