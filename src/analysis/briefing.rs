//! The briefing: what a councillor reads first. One line of judgement per
//! measure, in words, from the scorecard's own results: better or worse than
//! a year ago and whether that is more than chance, on or off target, and how
//! it compares with its peers. Nothing here is worked out afresh.

use super::entry::Entry;
use super::spc::Direction;
use super::summary::{format_value, ordinal, period_words};

/// "Rotherham community safety, figures to March 2020: 20 measures, 3 need
/// attention".
pub fn headline(area: &str, entries: &[Entry], needing_attention: usize) -> String {
    let to =
        figures_to(entries).map_or_else(String::new, |m| format!(", figures to {}", m.long_name()));
    format!(
        "{area} community safety{to}: {} {}, {} {} attention",
        entries.len(),
        if entries.len() == 1 {
            "measure"
        } else {
            "measures"
        },
        needing_attention,
        if needing_attention == 1 {
            "needs"
        } else {
            "need"
        }
    )
}

/// The latest month of any measure's latest figure.
pub fn figures_to(entries: &[Entry]) -> Option<crate::model::Month> {
    entries
        .iter()
        .filter_map(|e| e.latest.as_ref())
        .filter_map(|l| l.period.last_month())
        .max()
}

/// The measure's judgement in a few words, each part only where the
/// scorecard could judge it.
pub fn judgement(e: &Entry) -> String {
    let mut parts = Vec::new();
    let (change, against) = match (&e.change_on_year, &e.change_on_previous) {
        (Some(c), _) => (Some(c), "a year earlier"),
        (None, Some(c)) => (Some(c), "the period before"),
        _ => (None, ""),
    };
    if let Some(c) = change {
        let up = c.absolute > 0.0;
        let moved = match (e.direction, c.absolute == 0.0) {
            (_, true) => format!("the same as {against}"),
            (Direction::Higher, _) if up => format!("better than {against}"),
            (Direction::Higher, _) => format!("worse than {against}"),
            (Direction::Lower, _) if up => format!("worse than {against}"),
            (Direction::Lower, _) => format!("better than {against}"),
            (Direction::Neither, _) if up => format!("up on {against}"),
            (Direction::Neither, _) => format!("down on {against}"),
        };
        let chance = match (c.p_value, c.significant) {
            (None, _) => "not tested",
            (Some(_), true) => "more than chance",
            (Some(_), false) => "could be chance",
        };
        parts.push(format!("{moved} ({chance})"));
    }
    if let Some(r) = e.judged_rag {
        parts.push(r.rag.label().to_lowercase());
    }
    if let Some(p) = &e.peers {
        parts.push(format!("{} of {} {}", ordinal(p.rank), p.of, e.peer_noun));
    }
    if let (Some(n), None) = (&e.national, &e.residents) {
        parts.push(format!(
            "England and Wales {}",
            format_value(n.value, e.kind, e.unit.as_deref())
        ));
    }
    if let (Some(l), Some(j)) = (&e.latest, &e.judged) {
        if l.period != j.period {
            parts.push(format!(
                "judged on {}: the latest is provisional",
                period_words(j.period)
            ));
        }
    }
    if parts.is_empty() {
        return "Not enough figures to judge yet".into();
    }
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::scorecard::{scorecard, ScorecardOptions};
    use crate::dataset::test_dataset;

    #[test]
    fn a_judgement_says_better_or_worse_chance_target_and_peers() {
        let measures = "area,period,measure,value,target,polarity\n\
            Rotherham,2019-04,Hate crime positive outcomes,14.3,20,higher\n\
            Rotherham,2020-04,Hate crime positive outcomes,6.9,20,higher\n";
        let d = test_dataset(&[("m.csv", measures)]);
        let e = scorecard(&d, &ScorecardOptions::new("Rotherham")).remove(0);
        // Down 7.4 points with no counts to test: worse, not tested, off target.
        assert_eq!(
            judgement(&e),
            "Worse than a year earlier (not tested); off target"
        );
        assert_eq!(
            headline("Rotherham", &[e], 1),
            "Rotherham community safety, figures to April 2020: 1 measure, 1 needs attention"
        );
    }
}
