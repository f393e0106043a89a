//! The scorecard's sentences: a measure's figures and judgements in words,
//! and the number formats every view shares.

use super::entry::Entry;
use super::maturity;
use super::measures::Kind;
use super::series::SeriesPoint;
use super::targets::TargetCheck;
use crate::ingest::group;
use crate::model::Period;

/// "higher than any July in the last 2 years": the judged month against
/// its season.
fn seasonal_words(e: &Entry) -> Option<String> {
    let judged = e.judged.as_ref()?;
    let Period::Month(m) = judged.period else {
        return None;
    };
    let i = e.series.iter().position(|p| p.period == judged.period)?;
    let range = e.seasonal.get(i).copied().flatten()?;
    let value = judged.value?;
    let month = m.name();
    let show = |v: f64| format_value(v, e.kind, e.unit.as_deref());
    let years = range.years;
    Some(if value > range.highest {
        format!(
            "{} is higher than any {month} in the last {years} years ({} to {}).",
            period_words(judged.period),
            show(range.lowest),
            show(range.highest)
        )
    } else if value < range.lowest {
        format!(
            "{} is lower than any {month} in the last {years} years ({} to {}).",
            period_words(judged.period),
            show(range.lowest),
            show(range.highest)
        )
    } else {
        format!(
            "{} is within the range of {month} in the last {years} years ({} to {}).",
            period_words(judged.period),
            show(range.lowest),
            show(range.highest)
        )
    })
}

/// Numbers as a report would print them: counts grouped, percentages to one
/// decimal place, other values to two.
pub fn format_value(value: f64, kind: Kind, unit: Option<&str>) -> String {
    // A count's unit ("count", "crimes") is what it counts, not a suffix.
    let unit = unit.filter(|u| !(kind == Kind::Count && super::measures::is_count_unit(Some(u))));
    match (kind, unit) {
        (_, Some("%")) => format!("{value:.1}%"),
        // Counts print whole; a mean or interval of counts is rounded to one.
        (Kind::Count, None) if value.round() >= 0.0 => group(value.round() as u64),
        (Kind::Count, None) => format!("-{}", group(value.round().abs() as u64)),
        (_, Some(u)) if !u.is_empty() => format!("{value:.2} {u}"),
        (_, _) if value.fract() == 0.0 && value.abs() < 1e15 => {
            let sign = if value < 0.0 { "-" } else { "" };
            format!("{sign}{}", group(value.abs() as u64))
        }
        _ => format!("{value:.2}"),
    }
}

/// A rate per 1,000 residents: two decimal places, or three below 0.1 so a
/// small rate does not print as 0.00.
pub fn format_rate(rate: f64) -> String {
    if rate.abs() < 0.1 && rate != 0.0 {
        format!("{rate:.3}")
    } else {
        format!("{rate:.2}")
    }
}

/// 1 -> "1st", 12 -> "12th", 23 -> "23rd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub(crate) fn period_words(p: Period) -> String {
    match p {
        Period::Month(m) => m.long_name(),
        other => other.to_string(),
    }
}

/// The word for a positive, negative or zero difference.
fn by_sign(x: f64, [positive, negative, zero]: [&'static str; 3]) -> &'static str {
    if x > 0.0 {
        positive
    } else if x < 0.0 {
        negative
    } else {
        zero
    }
}

/// "month", "quarter"…: what one period of the series is called.
fn period_noun(p: Period) -> &'static str {
    match p {
        Period::Month(_) => "month",
        Period::Quarter { .. } => "quarter",
        Period::FinancialYear(_) | Period::CalendarYear(_) => "year",
        Period::YearEnding(_) => "rolling year",
        Period::Day { .. } => "day",
    }
}

/// How earlier extracts' figures were revised, in words: the periods that
/// changed, then how much the latest periods have typically moved.
fn revision_words(e: &Entry, show: &dyn Fn(f64) -> String) -> String {
    let changed: Vec<&maturity::Revision> =
        e.revisions.iter().filter(|r| r.change != 0.0).collect();
    if e.revisions.is_empty() {
        return String::new();
    }
    if changed.is_empty() {
        return " Earlier extracts gave the same figures.".into();
    }
    const LISTED: usize = 3;
    let mut listed: Vec<String> = changed
        .iter()
        .rev()
        .take(LISTED)
        .rev()
        .map(|r| {
            format!(
                "{} was {} in {} and is {} now",
                period_words(r.period),
                show(r.earlier),
                r.extract,
                show(r.later)
            )
        })
        .collect();
    if changed.len() > LISTED {
        listed.push(format!("{} more periods changed", changed.len() - LISTED));
    }
    let mut text = format!(" Revised since earlier extracts: {}.", listed.join("; "));
    let points = e.unit.as_deref() == Some("%");
    let amount = |x: f64| {
        let direction = by_sign(x, ["rose", "fell", "did not move"]);
        if x == 0.0 {
            direction.to_string()
        } else if points {
            format!("{direction} by {:.1} points", x.abs())
        } else {
            format!("{direction} by {}", show(x.abs()))
        }
    };
    // Figures that know their age say how young ones rise in `age_words`.
    let typical = if e.ages.is_some() {
        Vec::new()
    } else {
        maturity::typical_revision(&e.revisions)
    };
    let words: Vec<String> = typical
        .iter()
        .take(2)
        .map(|(age, mean, n)| {
            let which = match age {
                0 => "the latest period".to_string(),
                1 => "the one before".to_string(),
                k => format!("the period {k} before the latest"),
            };
            let seen = if *n == 1 {
                "1 revision".to_string()
            } else {
                format!("{n} revisions, on average")
            };
            format!("{which} {} ({seen})", amount(*mean))
        })
        .collect();
    if !words.is_empty() {
        text.push_str(&format!(
            " After first publication, {}.",
            words.join(", and ")
        ));
    }
    text
}

pub fn months_old(n: u32) -> String {
    format!("{n} {} old", if n == 1 { "month" } else { "months" })
}

fn points(x: f64) -> String {
    format!(
        "{:.1} {}",
        x,
        if (x - 1.0).abs() < 0.05 {
            "point"
        } else {
            "points"
        }
    )
}

/// How old the compared figures are in their downloads, and whether the
/// change is larger than what such young figures typically still rise.
fn age_words(e: &Entry) -> String {
    let Some(a) = &e.ages else {
        return String::new();
    };
    let mut text = String::new();
    let (judged, age) = a.judged;
    match a.compared {
        Some((before, older)) if older != age => text.push_str(&format!(
            " The two are of different ages: {} is {} in its download, {} is {}.",
            period_words(judged),
            months_old(age),
            period_words(before),
            months_old(older)
        )),
        _ => {}
    }
    let change = e.change_on_year.as_ref().or(e.change_on_previous.as_ref());
    if let (Some(t), Some(c), Some(_)) = (&a.at_judged, change, a.compared) {
        let unit = |x: f64| {
            if e.unit.as_deref() == Some("%") {
                points(x.abs())
            } else {
                format_value(x.abs(), e.kind, e.unit.as_deref())
            }
        };
        let typical = format!(
            "the {} {} that figures {} typically see after first publication",
            unit(t.mean)
                .replace(" points", "-point")
                .replace(" point", "-point"),
            by_sign(t.mean, ["rise", "fall", "change"]),
            months_old(age)
        );
        let what = by_sign(c.absolute, ["A rise", "A fall", "No change"]);
        if c.absolute * t.mean < 0.0 {
            if a.within_typical {
                text.push_str(&format!(
                    " {what} of {} is no larger than {typical}, so it is not called real.",
                    unit(c.absolute)
                ));
            } else {
                let size = if c.absolute.abs() > 3.0 * t.mean.abs() {
                    "much larger"
                } else {
                    "larger"
                };
                text.push_str(&format!(
                    " {what} of {} is {size} than {typical}.",
                    unit(c.absolute)
                ));
            }
        } else if c.absolute != 0.0 {
            text.push_str(&format!(
                " Later outcomes would add to this change: figures {} typically {} by a further {} after first publication.",
                months_old(age),
                by_sign(t.mean, ["rise", "fall", "change"]),
                unit(t.mean)
            ));
        }
    }
    if let (Some((young, old)), Some(_)) = (a.spc, &e.spc) {
        if young != old {
            text.push_str(&format!(
                " Its SPC limits come from months {young} to {} in their downloads.",
                months_old(old)
            ));
        }
    }
    if let Some(t) = &a.young {
        let ages = if t.ages.0 == t.ages.1 {
            format!("that were {}", months_old(t.ages.0))
        } else {
            format!("{} to {}", t.ages.0, months_old(t.ages.1))
        };
        let moved = by_sign(t.mean, ["rose", "fell", "did not move"]);
        let amount = if t.mean == 0.0 {
            String::new()
        } else if e.unit.as_deref() == Some("%") {
            format!(" by {}", points(t.mean.abs()))
        } else {
            format!(
                " by {}",
                format_value(t.mean.abs(), e.kind, e.unit.as_deref())
            )
        };
        text.push_str(&format!(
            " After first publication, months {ages} {moved}{amount} on average ({} {}, {} downloads).",
            t.periods,
            if t.periods == 1 { "month" } else { "months" },
            t.downloads
        ));
    }
    text
}

/// "38% of its cases are still open" or the source's word.
fn open_words(p: &SeriesPoint) -> String {
    match (p.open_share, p.age) {
        (Some(s), Some(age)) => format!(
            "{:.0}% of its cases are still open and it is {} in its download",
            100.0 * s,
            months_old(age)
        ),
        (Some(s), None) => format!("{:.0}% of its cases are still open", 100.0 * s),
        (None, _) => "its source marks it provisional".into(),
    }
}

/// A rate with the counts behind it, "15.2% (186 of 1,223)": a rate on a
/// few dozen cases says little without them. Other figures as they are.
pub fn with_counts(
    text: String,
    kind: Kind,
    numerator: Option<f64>,
    denominator: Option<f64>,
) -> String {
    match (kind, numerator, denominator) {
        (Kind::Proportion, Some(n), Some(d)) if n >= 0.0 && d > 0.0 => format!(
            "{text} ({} of {})",
            group(n.round() as u64),
            group(d.round() as u64)
        ),
        _ => text,
    }
}

/// Where the area stands in the funnel, in words, with the limits.
fn funnel_words(e: &Entry) -> Option<String> {
    use super::peers::FunnelPosition as F;
    // Rates of a proportion only: a count's funnel (per 1,000 residents) is
    // drawn on the measure page, and its rank already says where it stands.
    if e.kind != Kind::Proportion {
        return None;
    }
    let (position, f) = (e.funnel?, e.funnel_limits.as_ref()?);
    let show = |v: f64| format_value(v, e.kind, e.unit.as_deref());
    let (limit, value, meaning) = match position {
        F::Above998 => ("above the 99.8% limit", f.upper_998, "a difference chance alone would very rarely give"),
        F::Below998 => ("below the 99.8% limit", f.lower_998, "a difference chance alone would very rarely give"),
        F::Above95 => ("above the 95% limit but within 99.8%", f.upper_95, "a difference chance alone would seldom give"),
        F::Below95 => ("below the 95% limit but within 99.8%", f.lower_95, "a difference chance alone would seldom give"),
        F::Within => {
            return Some(format!(
                " In the funnel around {} ({}), it is within the 95% limits ({} to {}): a difference chance alone could give.",
                f.around,
                show(f.centre),
                show(f.lower_95),
                show(f.upper_95)
            ))
        }
    };
    Some(format!(
        " In the funnel around {} ({}), it is {limit} ({}): {meaning}.",
        f.around,
        show(f.centre),
        show(value)
    ))
}

/// One or two sentences from the computed results. Every judgement in them
/// is on the latest mature period; a provisional latest figure is given,
/// said to be provisional, and not compared.
pub(crate) fn summary(e: &Entry) -> String {
    let Some(latest) = &e.latest else {
        return format!("{}: no figures for this area.", e.measure);
    };
    let Some(value) = latest.value else {
        return format!(
            "{}: no figure for {}.",
            e.measure,
            period_words(latest.period)
        );
    };
    let show = |v: f64| format_value(v, e.kind, e.unit.as_deref());
    let rag_words = |rag: &TargetCheck, target: f64, provisional: bool| {
        let side = by_sign(rag.difference, ["above", "below", "at"]);
        format!(
            ", {side} the {} target ({}{})",
            show(target),
            rag.rag.label().to_lowercase(),
            if provisional { ", provisional" } else { "" }
        )
    };
    let counted =
        |p: &SeriesPoint, v: f64| with_counts(show(v), e.kind, p.numerator, p.denominator);
    let mut text = format!(
        "{}: {} in {}",
        e.measure,
        counted(latest, value),
        period_words(latest.period)
    );
    if let (Some(rate), Some(r)) = (latest.rate, &e.residents) {
        text.push_str(&format!(" ({} {})", format_rate(rate), r.basis()));
    }
    let peer_words = |text: &mut String| {
        if let Some(p) = &e.peers {
            text.push_str(&format!(
                ", {} of {} {}",
                ordinal(p.rank),
                p.of,
                e.peer_noun
            ));
            if e.residents.is_some() {
                text.push_str(" on that rate");
            }
        }
        // Beside the peers: their average and England and Wales, on the
        // same footing (rates for counts).
        let on_basis = |v: f64| {
            if e.residents.is_some() {
                format_rate(v)
            } else {
                show(v)
            }
        };
        let mut beside = Vec::new();
        if let Some(p) = &e.peers {
            beside.push(format!("their average {}", on_basis(p.peer_mean)));
        }
        if let Some(n) = &e.national {
            let figure = if e.residents.is_some() {
                n.rate
            } else {
                Some(n.value)
            };
            if let Some(v) = figure {
                let v = if e.residents.is_some() {
                    on_basis(v)
                } else {
                    with_counts(on_basis(v), e.kind, n.numerator, n.denominator)
                };
                beside.push(format!("England and Wales {v}"));
            }
        }
        if !beside.is_empty() {
            text.push_str(&format!("; {}", beside.join("; ")));
        }
    };
    let after_peers = |text: &mut String| {
        if let Some(f) = funnel_words(e) {
            text.push_str(&f);
        }
        if let Some(n) = &e.national {
            for a in &n.apart {
                text.push_str(&format!(
                    " {}, not a territorial force, is not in England and Wales: {}.",
                    a.area,
                    with_counts(show(a.value), e.kind, a.numerator, a.denominator)
                ));
            }
        }
    };
    let judged_is_latest = e.judged.as_ref().map(|j| j.period) == Some(latest.period);
    if let (Some(target), Some(rag)) = (e.target, e.rag) {
        text.push_str(&rag_words(&rag, target, latest.provisional));
    }
    if judged_is_latest {
        peer_words(&mut text);
        text.push('.');
        after_peers(&mut text);
    } else {
        text.push_str(&format!(
            ". {} is provisional: {}, so it is not compared.",
            period_words(latest.period),
            open_words(latest)
        ));
        match &e.judged {
            Some(j) => {
                text.push_str(&format!(
                    " The latest mature {}, {}, was {}",
                    period_noun(j.period),
                    period_words(j.period),
                    j.value.map(|v| counted(j, v)).unwrap_or_default()
                ));
                if let (Some(target), Some(rag)) = (e.target, e.judged_rag) {
                    text.push_str(&rag_words(&rag, target, false));
                }
                peer_words(&mut text);
                text.push('.');
                after_peers(&mut text);
            }
            None => text.push_str(" No period is mature enough to judge yet."),
        }
    }
    if let Some(note) = &e.peer_note {
        text.push(' ');
        text.push_str(note);
    }
    if let Some(c) = &e.change_on_year.as_ref().or(e.change_on_previous.as_ref()) {
        let against = if e.change_on_year.is_some() {
            "a year earlier"
        } else {
            "the period before"
        };
        let direction = by_sign(c.absolute, ["up", "down", "unchanged"]);
        let amount = if e.unit.as_deref() == Some("%") {
            format!("{:.1} points", c.absolute.abs())
        } else {
            match c.percent {
                Some(p) => format!("{} ({:.1}%)", show(c.absolute.abs()), p.abs()),
                None => show(c.absolute.abs()),
            }
        };
        let verdict = match c.p_value {
            Some(_) if c.significant => "more than chance alone would explain",
            Some(_) => "within what chance alone could explain",
            None => "not tested",
        };
        if direction == "unchanged" {
            text.push_str(&format!(" Unchanged on {against}."));
        } else {
            text.push_str(&format!(
                " That is {direction} {amount} on {against}: {verdict}."
            ));
        }
    }
    text.push_str(&age_words(e));
    if let Some(spc) = &e.spc {
        if let Some(v) = spc.variation {
            use super::spc::Variation::*;
            let words = match v {
                CommonCause => "common-cause variation only",
                ImprovementHigh | ImprovementLow => "special-cause improvement",
                ConcernHigh | ConcernLow => "special-cause concern",
                NeutralHigh | NeutralLow => "special-cause variation",
            };
            let point = if judged_is_latest {
                "latest point"
            } else {
                "latest mature point"
            };
            text.push_str(&format!(" The {point} shows {words}."));
        }
    }
    if let Some(words) = seasonal_words(e) {
        text.push(' ');
        text.push_str(&words);
    }
    text.push_str(&revision_words(e, &show));
    if let Some(note) = &e.equal_age_note {
        text.push(' ');
        text.push_str(note);
    }
    // Other provisional periods (the latest, if provisional, is named above).
    let provisional: Vec<String> = e
        .series
        .iter()
        .filter(|p| p.provisional && (judged_is_latest || p.period != latest.period))
        .map(|p| {
            let share = match (p.open_share, p.age) {
                (Some(s), Some(age)) => format!(
                    " ({:.0}% of cases still open, {})",
                    100.0 * s,
                    months_old(age)
                ),
                (Some(s), None) => format!(" ({:.0}% of cases still open)", 100.0 * s),
                _ => String::new(),
            };
            format!("{}{share}", period_words(p.period))
        })
        .collect();
    if !provisional.is_empty() {
        let verb = if provisional.len() == 1 { "is" } else { "are" };
        let also = if judged_is_latest {
            ""
        } else {
            "Also provisional: "
        };
        if also.is_empty() {
            text.push_str(&format!(" {} {verb} provisional.", provisional.join(", ")));
        } else {
            text.push_str(&format!(" {also}{}.", provisional.join(", ")));
        }
    }
    text
}
