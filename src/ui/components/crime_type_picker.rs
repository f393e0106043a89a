//! Adding crime types to the chart, next to the headline total.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::state::Action;
use crate::ui::state::Dispatch;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub available: Rc<Vec<String>>,
    pub picked: Rc<Vec<String>>,
    pub dispatch: Dispatch,
}

#[component]
pub fn CrimeTypePicker(props: &Props) -> Html {
    html! {
        <fieldset class="crime-types">
            <legend>{ "Crime types to show beside the total" }</legend>
            <div class="checkbox-grid">
                { for props.available.iter().enumerate().map(|(i, crime_type)| {
                    let id = format!("crime-type-{i}");
                    let checked = props.picked.contains(crime_type);
                    let onchange = {
                        let dispatch = props.dispatch.clone();
                        let crime_type = crime_type.clone();
                        Callback::from(move |_: Event| dispatch.dispatch(Action::ToggleCrimeType(crime_type.clone())))
                    };
                    html! {
                        <div class="checkbox">
                            <input type="checkbox" id={id.clone()} {checked} {onchange} />
                            <label for={id}>{ crime_type }</label>
                        </div>
                    }
                }) }
            </div>
        </fieldset>
    }
}
