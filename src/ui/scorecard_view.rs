//! How the scorecard is laid out: rows grouped by priority theme, sorted by
//! the column the user chose, and optionally only those needing attention.

use std::cmp::Ordering;

use crate::analysis::scorecard::Entry;
use crate::analysis::settings::{Settings, PRIORITY_THEMES};
use crate::analysis::spc::{Assurance, Variation};
use crate::analysis::targets::Rag;

/// Where measures with no theme are listed.
pub const UNTAGGED: &str = "Not tagged to a priority";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Measure,
    Value,
    Target,
    Change,
    Variation,
    Rank,
    Provisional,
}

/// Why a measure needs attention, in words; empty when it does not.
pub fn attention_reasons(e: &Entry) -> Vec<String> {
    let mut reasons = Vec::new();
    // Judged on the latest mature figure: a provisional one is no cause for alarm.
    if e.judged_rag.is_some_and(|r| r.rag == Rag::Red) {
        reasons.push("off target".to_string());
    }
    if let Some(spc) = &e.spc {
        if matches!(
            spc.variation,
            Some(Variation::ConcernHigh | Variation::ConcernLow)
        ) {
            reasons.push("special-cause concern".to_string());
        }
        if spc.assurance == Some(Assurance::ConsistentlyFailing) {
            reasons.push("consistently failing its target".to_string());
        }
    }
    if e.peers.as_ref().is_some_and(|p| p.quartile == 4) {
        // Of the areas it was compared with: similar areas, or the force
        // areas for a force's own figures.
        reasons.push(format!("bottom quarter of {}", e.peer_noun));
    }
    reasons
}

pub fn is_provisional(e: &Entry) -> bool {
    e.series.iter().any(|p| p.provisional)
}

/// Worst first: concern, then neutral special cause, improvement, common cause.
fn variation_order(e: &Entry) -> Option<u8> {
    Some(match e.spc.as_ref()?.variation? {
        Variation::ConcernHigh | Variation::ConcernLow => 0,
        Variation::NeutralHigh | Variation::NeutralLow => 1,
        Variation::ImprovementHigh | Variation::ImprovementLow => 2,
        Variation::CommonCause => 3,
    })
}

/// Missing figures sort last whichever way the column runs.
fn by<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(a: &Entry, b: &Entry, key: SortKey, descending: bool) -> Ordering {
    let change = |e: &Entry| {
        let c = e
            .change_on_year
            .as_ref()
            .or(e.change_on_previous.as_ref())?;
        Some(c.percent.unwrap_or(c.absolute))
    };
    let order = match key {
        SortKey::Measure => by(Some(&a.measure), Some(&b.measure), descending),
        SortKey::Value => by(
            a.latest.as_ref().and_then(|l| l.value),
            b.latest.as_ref().and_then(|l| l.value),
            descending,
        ),
        SortKey::Target => by(
            a.rag.map(|r| r.rag as u8),
            b.rag.map(|r| r.rag as u8),
            descending,
        ),
        SortKey::Change => by(change(a), change(b), descending),
        SortKey::Variation => by(variation_order(a), variation_order(b), descending),
        // Rank as a share of the group, so "2nd of 4" and "4th of 8" compare.
        SortKey::Rank => by(
            a.peers.as_ref().map(|p| p.rank as f64 / p.of as f64),
            b.peers.as_ref().map(|p| p.rank as f64 / p.of as f64),
            descending,
        ),
        SortKey::Provisional => by(
            Some(!is_provisional(a)),
            Some(!is_provisional(b)),
            descending,
        ),
    };
    order.then_with(|| a.measure.cmp(&b.measure))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub theme: String,
    /// Indexes into the scorecard's entries, in display order.
    pub rows: Vec<usize>,
}

/// The scorecard's rows by theme: the five priorities in their usual order,
/// other themes alphabetically, untagged measures last.
pub fn arrange(
    entries: &[Entry],
    settings: &Settings,
    sort: (SortKey, bool),
    attention_only: bool,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if attention_only && attention_reasons(e).is_empty() {
            continue;
        }
        let theme = settings
            .theme_of(&e.measure, e.theme.as_deref())
            .unwrap_or_else(|| UNTAGGED.to_string());
        match groups.iter_mut().find(|g| g.theme == theme) {
            Some(g) => g.rows.push(i),
            None => groups.push(Group {
                theme,
                rows: vec![i],
            }),
        }
    }
    let rank = |theme: &str| {
        PRIORITY_THEMES
            .iter()
            .position(|t| *t == theme)
            .unwrap_or(if theme == UNTAGGED {
                usize::MAX
            } else {
                PRIORITY_THEMES.len()
            })
    };
    crate::model::sort::sort_by(&mut groups, |a, b| {
        rank(&a.theme)
            .cmp(&rank(&b.theme))
            .then_with(|| a.theme.cmp(&b.theme))
    });
    for g in &mut groups {
        crate::model::sort::sort_by(&mut g.rows, |&a, &b| {
            compare(&entries[a], &entries[b], sort.0, sort.1)
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::scorecard::{scorecard, ScorecardOptions};
    use crate::dataset::{Dataset, LoadedFile};
    use crate::ingest::ingest_bytes;

    const MEASURES: &str = "area,period,measure,value,target,polarity,theme\n\
        Home,2019/20 Q1,Hate crime outcomes,6.9,20,higher is better,Building Confident and Cohesive Communities\n\
        Home,2019/20 Q1,Repeat DA victims,30,35,lower is better,Domestic Abuse and Sexual Offences\n\
        Home,2019/20 Q1,Youth referrals,80,,higher is better,\n\
        Home,2019/20 Q1,Drug seizures,12,,higher is better,Serious and Organised Crime\n\
        A,2019/20 Q1,Youth referrals,90,,,\nB,2019/20 Q1,Youth referrals,85,,,\n\
        C,2019/20 Q1,Youth referrals,99,,,\n";

    fn entries() -> Vec<Entry> {
        let mut d = Dataset::default();
        d.add(LoadedFile::new(0, ingest_bytes("m.csv", MEASURES.as_bytes()).remove(0)).unwrap())
            .unwrap();
        let mut options = ScorecardOptions::new("Home");
        options.peers = vec!["A".into(), "B".into(), "C".into()];
        scorecard(&d, &options)
    }

    fn names(entries: &[Entry], groups: &[Group]) -> Vec<(String, Vec<String>)> {
        groups
            .iter()
            .map(|g| {
                (
                    g.theme.clone(),
                    g.rows.iter().map(|&i| entries[i].measure.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn groups_follow_the_priorities_and_user_tags() {
        let e = entries();
        let mut settings = Settings::default();
        settings
            .themes
            .insert("Youth referrals".into(), PRIORITY_THEMES[0].into());
        // A data theme wins over the user's tag.
        settings
            .themes
            .insert("Drug seizures".into(), PRIORITY_THEMES[0].into());
        let groups = arrange(&e, &settings, (SortKey::Measure, false), false);
        let themes: Vec<String> = groups.iter().map(|g| g.theme.clone()).collect();
        assert_eq!(
            themes,
            [
                PRIORITY_THEMES[0],
                PRIORITY_THEMES[2],
                PRIORITY_THEMES[3],
                PRIORITY_THEMES[4]
            ]
        );
        let untagged = arrange(&e, &Settings::default(), (SortKey::Measure, false), false);
        assert_eq!(untagged.last().unwrap().theme, UNTAGGED);
    }

    #[test]
    fn needs_attention_keeps_off_target_and_bottom_quarter() {
        let e = entries();
        let groups = arrange(&e, &Settings::default(), (SortKey::Measure, false), true);
        let kept = names(&e, &groups);
        // Hate crime 6.9 against 20 (red); repeat DA 30 against 35, lower better
        // (green); youth referrals 80 is last of 4 (bottom quarter).
        assert_eq!(
            kept,
            [
                (
                    PRIORITY_THEMES[2].to_string(),
                    vec!["Hate crime outcomes".to_string()]
                ),
                (UNTAGGED.to_string(), vec!["Youth referrals".to_string()])
            ]
        );
        let youth = e.iter().find(|x| x.measure == "Youth referrals").unwrap();
        assert_eq!(
            attention_reasons(youth),
            ["bottom quarter of similar areas"]
        );
    }

    #[test]
    fn sorting_by_value_either_way_keeps_missing_last() {
        let mut e = entries();
        e[0].latest = None;
        let all_in_one = |sort| {
            let mut settings = Settings::default();
            for x in &e {
                settings.themes.insert(x.measure.clone(), "One".into());
            }
            for x in &mut e.clone() {
                x.theme = None;
            }
            let mut plain = e.clone();
            for x in &mut plain {
                x.theme = None;
            }
            let groups = arrange(&plain, &settings, sort, false);
            names(&plain, &groups).remove(0).1
        };
        let first = e[0].measure.clone();
        let up = all_in_one((SortKey::Value, false));
        let down = all_in_one((SortKey::Value, true));
        assert_eq!(up.last(), Some(&first));
        assert_eq!(down.last(), Some(&first));
        assert_ne!(up[0], down[0]);
    }
}
