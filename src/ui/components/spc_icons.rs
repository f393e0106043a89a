//! The SPC variation and assurance icons, after NHS "Making Data Count": a
//! coloured disc with a letter, a shape inside, and words beside it, so no
//! judgement rests on colour alone.

use yew::prelude::*;

use crate::analysis::spc::{Assurance, Variation};

struct Icon {
    fill: &'static str,
    ink: &'static str,
    letter: &'static str,
    words: &'static str,
}

fn disc(icon: Icon, class: &'static str) -> Html {
    html! {
        <span class={classes!("spc-icon", class)}>
            <svg width="28" height="28" viewBox="0 0 28 28" role="img" aria-label={icon.words} focusable="false">
                <title>{ icon.words }</title>
                <circle cx="14" cy="14" r="12" fill={icon.fill} stroke="#0b0c0c" stroke-width="1.5" />
                <text x="14" y="19" text-anchor="middle" font-size="14" font-weight="700"
                    font-family="sans-serif" fill={icon.ink}>{ icon.letter }</text>
            </svg>
            <span class="spc-words" aria-hidden="true">{ icon.words }</span>
        </span>
    }
}

/// DOMAIN.md's colours: improvement blue, concern orange, neither purple,
/// common cause grey.
pub fn variation_icon(v: Variation) -> Html {
    let (fill, ink, letter, words) = match v {
        Variation::CommonCause => ("#A6A6A6", "#0b0c0c", "~", "Common cause"),
        Variation::ImprovementHigh => ("#00B0F0", "#0b0c0c", "H", "Improvement (high)"),
        Variation::ImprovementLow => ("#00B0F0", "#0b0c0c", "L", "Improvement (low)"),
        Variation::ConcernHigh => ("#E46C0A", "#0b0c0c", "H", "Concern (high)"),
        Variation::ConcernLow => ("#E46C0A", "#0b0c0c", "L", "Concern (low)"),
        Variation::NeutralHigh => ("#490092", "#ffffff", "H", "Special cause (high)"),
        Variation::NeutralLow => ("#490092", "#ffffff", "L", "Special cause (low)"),
    };
    disc(
        Icon {
            fill,
            ink,
            letter,
            words,
        },
        "variation",
    )
}

pub fn assurance_icon(a: Assurance) -> Html {
    let (fill, letter, words) = match a {
        Assurance::ConsistentlyPassing => ("#00B0F0", "P", "Consistently passing"),
        Assurance::HitAndMiss => ("#A6A6A6", "?", "Hit and miss"),
        Assurance::ConsistentlyFailing => ("#E46C0A", "F", "Consistently failing"),
    };
    disc(
        Icon {
            fill,
            ink: "#0b0c0c",
            letter,
            words,
        },
        "assurance",
    )
}
