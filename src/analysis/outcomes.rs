//! Positive outcomes: which outcomes count, and out of what.
//!
//! Home Office outcome types (DOMAIN.md): 1 charged/summonsed; 2 and 3 cautions
//! (youths, adults); 4 taken into consideration; 6 penalty notice for disorder;
//! 7 cannabis/khat warning; 8 community resolution; 22 diversionary or
//! educational activity (from April 2019). The default positive set is
//! 1,2,3,4,6,7,8; "sanction detections" drop 8; some partnerships add 22.
//!
//! police.uk publishes only a "last outcome" label per crime. This mapping counts
//! as positive: a charge (including "Awaiting court outcome" and every court
//! stage, whatever the verdict, since the charge is the police outcome), a
//! caution, a penalty notice, a drugs possession warning and a local
//! resolution. Any other label, including ones not seen before, is not
//! positive; none is an error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ingest::formats::home_office_outcomes::{HomeOfficeOutcomeData, OutcomeKey};
use crate::model::Period;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeSet {
    /// 1, 2, 3, 4, 6, 7, 8.
    Default,
    /// 1, 2, 3, 4, 6, 7: no community resolutions.
    SanctionDetections,
    /// The default set and 22 (diversionary, educational or intervention activity).
    DefaultPlusDiversion,
    Custom(Vec<u8>),
}

impl OutcomeSet {
    pub fn types(&self) -> Vec<u8> {
        match self {
            OutcomeSet::Default => vec![1, 2, 3, 4, 6, 7, 8],
            OutcomeSet::SanctionDetections => vec![1, 2, 3, 4, 6, 7],
            OutcomeSet::DefaultPlusDiversion => vec![1, 2, 3, 4, 6, 7, 8, 22],
            OutcomeSet::Custom(t) => t.clone(),
        }
    }

    /// "outcome types 1,2,3,4,6,7,8": shown on every chart that uses the set.
    pub fn label(&self) -> String {
        let types: Vec<String> = self.types().iter().map(u8::to_string).collect();
        format!("outcome types {}", types.join(","))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// Outcomes for the offences recorded in the period (the cohort basis;
    /// Home Office column `offences`).
    OffencesRecorded,
    /// Outcomes assigned in the period, whenever the offence was recorded
    /// (`force_outcomes_recorded_in_quarter`).
    OutcomesAssigned,
}

impl Denominator {
    pub fn label(self) -> &'static str {
        match self {
            Denominator::OffencesRecorded => "offences recorded in the period",
            Denominator::OutcomesAssigned => "outcomes assigned in the period",
        }
    }
}

/// Which offences a Home Office outcome rate covers: all of them, one
/// offence group ("Sexual offences", as the file names it), or the racially
/// or religiously aggravated offences across groups.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Offences {
    All,
    Aggravated,
    Group(String),
}

/// The label of the aggravated offences, in settings and measure names.
pub const AGGRAVATED: &str = "Racially or religiously aggravated offences";
/// The label of all offences together.
pub const ALL_OFFENCES: &str = "All offences";

impl Offences {
    /// As an officer ticks it: "All offences", a group's name, or
    /// [`AGGRAVATED`].
    pub fn label(&self) -> &str {
        match self {
            Offences::All => ALL_OFFENCES,
            Offences::Group(g) => g,
            Offences::Aggravated => AGGRAVATED,
        }
    }

    pub fn from_label(label: &str) -> Offences {
        if label.eq_ignore_ascii_case(ALL_OFFENCES) {
            Offences::All
        } else if label.eq_ignore_ascii_case(AGGRAVATED) {
            Offences::Aggravated
        } else {
            Offences::Group(label.to_string())
        }
    }

    /// Whether `key` counts towards this rate.
    pub fn covers(&self, data: &HomeOfficeOutcomeData, key: &OutcomeKey) -> bool {
        match self {
            Offences::All => true,
            Offences::Group(g) => data.names.name(key.offence_group).eq_ignore_ascii_case(g),
            Offences::Aggravated => key.aggravated,
        }
    }

    /// What the file offers: all offences, each offence group it names
    /// (never "NA" or blank), and the aggravated offences where it has any.
    pub fn in_data(data: &HomeOfficeOutcomeData) -> Vec<Offences> {
        let groups: std::collections::BTreeSet<&str> = data
            .cells
            .iter()
            .map(|(k, _, _)| data.names.name(k.offence_group).trim())
            .filter(|g| !g.is_empty() && !g.eq_ignore_ascii_case("NA"))
            .collect();
        let mut out = vec![Offences::All];
        if data.cells.iter().any(|(k, _, _)| k.aggravated) {
            out.push(Offences::Aggravated);
        }
        out.extend(groups.into_iter().map(|g| Offences::Group(g.to_string())));
        out
    }
}

/// (positive, all) for a force by quarter. Rows whose figure is `NA` are left
/// out of both, and counted in the third element so a report can say so.
pub fn home_office_rate(
    data: &HomeOfficeOutcomeData,
    force: &str,
    set: &OutcomeSet,
    denominator: Denominator,
    offences: &Offences,
) -> BTreeMap<Period, (i64, i64, u32)> {
    let positive = set.types();
    let mut out: BTreeMap<Period, (i64, i64, u32)> = BTreeMap::new();
    let Some(id) = data.names.id(force) else {
        return out;
    };
    let cells = data
        .cells
        .iter()
        .filter(|(k, _, _)| k.force == id && offences.covers(data, k));
    for (key, recorded, assigned) in cells {
        let sum = match denominator {
            Denominator::OffencesRecorded => recorded,
            Denominator::OutcomesAssigned => assigned,
        };
        let entry = out.entry(key.quarter).or_default();
        entry.1 += sum.total;
        entry.2 += sum.na;
        if positive.contains(&key.outcome_type) {
            entry.0 += sum.total;
        }
    }
    out
}

pub use crate::ingest::formats::police_uk_outcomes::police_uk_positive;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_and_labels() {
        assert_eq!(OutcomeSet::Default.label(), "outcome types 1,2,3,4,6,7,8");
        assert!(!OutcomeSet::SanctionDetections.types().contains(&8));
        assert!(OutcomeSet::DefaultPlusDiversion.types().contains(&22));
        assert_eq!(OutcomeSet::Custom(vec![1]).label(), "outcome types 1");
    }

    #[test]
    fn police_uk_labels_map_and_unknown_ones_do_not_fail() {
        for positive in [
            "Suspect charged",
            "Offender given a caution",
            "Local resolution",
            "Offender fined",
            "awaiting court outcome",
        ] {
            assert!(police_uk_positive(positive), "{positive}");
        }
        for other in [
            "Investigation complete; no suspect identified",
            "Unable to prosecute suspect",
            "Under investigation",
            "Status update unavailable",
            "Formal action is not in the public interest",
            "A label introduced next year",
            "",
        ] {
            assert!(!police_uk_positive(other), "{other}");
        }
    }
}
