//! The briefing: what a councillor sees first, on one screen and on a phone.
//! A headline, then one row per measure: a sparkline of its recent history
//! (the trend chart at a tiny size, with its figures in words beside it), the
//! latest value, the judgement in words and a link to the measure's page.

use std::rc::Rc;

use yew::prelude::*;

use super::ChartView;
use crate::analysis::briefing::{headline, judgement};
use crate::analysis::card::Scorecard;
use crate::analysis::scorecard::{format_rate, format_value, Entry};
use crate::analysis::summary::with_counts;
use crate::charts::measure::period_short;
use crate::charts::Chart;
use crate::ui::route::{Route, View};
use crate::ui::scorecard_view::attention_reasons;

/// Points in a sparkline: a year and a bit of months.
const RECENT: usize = 13;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub card: Rc<Scorecard>,
    pub route: Route,
    /// Where the figures come from (`AboutFigures`), after the measures.
    #[prop_or_default]
    pub children: Html,
    /// Who published this briefing, said under the headline.
    #[prop_or_default]
    pub published: Option<Rc<crate::publish::Publication>>,
}

fn value_words(e: &Entry) -> String {
    let Some(l) = &e.latest else {
        return "No figures".into();
    };
    let Some(v) = l.value else {
        return format!("No figure for {}", period_short(l.period));
    };
    let mut text = with_counts(
        format_value(v, e.kind, e.unit.as_deref()),
        e.kind,
        l.numerator,
        l.denominator,
    );
    if let Some(rate) = l.rate {
        text.push_str(&format!(" ({} per 1,000 residents)", format_rate(rate)));
    }
    format!(
        "{text} in {}{}",
        period_short(l.period),
        if l.provisional { ", provisional" } else { "" }
    )
}

/// The sparkline's figures in words, for anyone who cannot see it.
fn recent_words(e: &Entry) -> String {
    let points: Vec<String> = e
        .series
        .iter()
        .rev()
        .take(RECENT)
        .rev()
        .map(|p| {
            let v = p.value.map_or_else(
                || "no data".to_string(),
                |v| format_value(v, e.kind, e.unit.as_deref()),
            );
            format!("{} {v}", period_short(p.period))
        })
        .collect();
    format!("Recent figures: {}.", points.join(", "))
}

#[component]
pub fn BriefingPage(props: &Props) -> Html {
    let card = &props.card;
    // Each measure's reasons worked out once; those needing attention
    // first, each group in the scorecard's order.
    let mut entries: Vec<(&Entry, Vec<String>)> = card
        .measures
        .iter()
        .map(|e| (e, attention_reasons(e)))
        .collect();
    crate::model::sort::sort_by_key(&mut entries, |(_, reasons)| reasons.is_empty());
    let attention = entries.iter().filter(|(_, r)| !r.is_empty()).count();
    let link = |view: View| {
        Route {
            view,
            ..props.route.clone()
        }
        .to_hash()
    };
    html! {
        <section aria-labelledby="briefing-heading" class="briefing">
            <h2 id="briefing-heading">{ headline(&card.area, &card.measures, attention) }</h2>
            if let Some(p) = &props.published {
                <p class="published-line">
                    { format!("Published by {} on {}. ", p.publisher, p.date_words()) }
                    <a href={link(View::Data)}>{ "About these figures" }</a>
                </p>
            }
            <p class="briefing-links">
                <a href={link(View::Scorecard)}>{ "Full scorecard and committee table" }</a>
                { " · " }
                <a href={link(View::Pack)}>{ "Print pack" }</a>
            </p>
            <p class="hint">{ format!("Compared with {}. Positive outcomes: {}.", card.peer_group, card.outcome_set) }</p>
            <ul class="briefing-list">
                { for entries.iter().enumerate().map(|(i, (e, reasons))| {
                    let route = Route { view: View::Measure(e.measure.clone()), ..props.route.clone() };
                    let recent: Vec<_> = e.series.iter().rev().take(RECENT).rev().cloned().collect();
                    let small = Rc::new(Entry { series: recent, spc: None, target: None, seasonal: Vec::new(), notes: Vec::new(), ..(*e).clone() });
                    let words_id = format!("briefing-recent-{i}");
                    html! {
                        <li class="briefing-item">
                            <h3><a href={route.to_hash()}>{ &e.measure }</a></h3>
                            if e.area != card.area {
                                <p class="hint">{ format!("{} (force area)", e.area) }</p>
                            }
                            <p class="briefing-value">{ value_words(e) }</p>
                            <p>{ judgement(e) }</p>
                            if !reasons.is_empty() {
                                <p class="attention">{ format!("Needs attention: {}", reasons.join("; ")) }</p>
                            }
                            <ChartView chart={Chart::Trend { entry: small, title: None, top: None }}
                                label={format!("Sparkline of {}: its figures are in words below it.", e.measure)}
                                described_by={AttrValue::from(words_id.clone())} class="sparkline" />
                            <p class="hint" id={words_id}>{ recent_words(e) }</p>
                        </li>
                    }
                }) }
            </ul>
            { props.children.clone() }
        </section>
    }
}
