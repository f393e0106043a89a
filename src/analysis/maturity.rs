//! How settled recent figures are. A crime's recorded "last outcome" is as at
//! the extract date, so recent months hold many crimes still under
//! investigation: their outcome rates will rise as cases conclude. A period is
//! provisional when the share of its crimes still open exceeds a threshold.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ingest::formats::home_office_outcomes::HomeOfficeOutcomeData;
use crate::model::Period;

/// police.uk outcome categories that mean the case has not concluded.
pub const OPEN_OUTCOMES: [&str; 2] = ["Under investigation", "Awaiting court outcome"];
/// Home Office outcome type 0: not yet assigned an outcome.
pub const HOME_OFFICE_OPEN: u8 = 0;
/// Default share of open cases above which a period is provisional.
pub const DEFAULT_THRESHOLD: f64 = 0.20;
/// Months after the crime month within which outcomes count for the
/// equal-age rate, by default, and at most.
pub const DEFAULT_EQUAL_AGE_MONTHS: u32 = 3;
pub const MAX_EQUAL_AGE_MONTHS: u32 = 24;
/// A police.uk month younger than this in its download (months before the
/// download's latest month) is provisional however few cases are open: on
/// two real South Yorkshire downloads, months with under 5% open still rose.
pub const DEFAULT_MINIMUM_AGE: u32 = 3;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Maturity {
    pub open: f64,
    pub total: f64,
    /// Months between the period and its download's latest month, where
    /// known (police.uk): a young month's outcome rate is still rising.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
}

impl Maturity {
    pub fn open_share(self) -> Option<f64> {
        (self.total > 0.0).then(|| self.open / self.total)
    }

    /// Provisional when strictly more than `threshold` of cases are open.
    pub fn provisional(self, threshold: f64) -> bool {
        self.open_share().is_some_and(|s| s > threshold)
    }
}

/// A police.uk outcome that means the case has not concluded.
pub fn is_open(outcome: &str) -> bool {
    OPEN_OUTCOMES
        .iter()
        .any(|o| o.eq_ignore_ascii_case(outcome.trim()))
}

/// Offences not yet assigned an outcome (type 0), on the offences-recorded
/// basis, for a force by quarter.
pub fn home_office_by_quarter(
    data: &HomeOfficeOutcomeData,
    force: &str,
    offences: &crate::analysis::outcomes::Offences,
) -> BTreeMap<Period, Maturity> {
    let mut out: BTreeMap<Period, Maturity> = BTreeMap::new();
    let Some(id) = data.names.id(force) else {
        return out;
    };
    let cells = data
        .cells
        .iter()
        .filter(|(k, _, _)| k.force == id && offences.covers(data, k));
    for (key, recorded, _) in cells {
        let entry = out.entry(key.quarter).or_insert(Maturity {
            open: 0.0,
            total: 0.0,
            age: None,
        });
        entry.total += recorded.total as f64;
        if key.outcome_type == HOME_OFFICE_OPEN {
            entry.open += recorded.total as f64;
        }
    }
    out
}

/// How a figure moved between two extracts of the same period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub period: Period,
    pub earlier: f64,
    pub later: f64,
    pub change: f64,
    /// Periods between this one and the earlier extract's latest: 0 for the
    /// latest period it gave, 1 for the one before…
    pub age: usize,
    /// Which earlier extract: "the extract of 31 May 2019", or its file.
    pub extract: String,
}

/// Figures for periods found in both extracts, with how each was revised.
/// An earlier figure's age is its own where known (months before its
/// download's latest), else counted in the periods the extract gave after it.
pub fn revisions(
    earlier: &[(Period, f64, Option<u32>)],
    later: &[(Period, f64)],
    extract: &str,
) -> Vec<Revision> {
    let before: BTreeMap<Period, (f64, Option<u32>)> =
        earlier.iter().map(|&(p, v, age)| (p, (v, age))).collect();
    let mut out: Vec<Revision> = later
        .iter()
        .filter_map(|&(period, after)| {
            before.get(&period).map(|&(b, age)| Revision {
                period,
                earlier: b,
                later: after,
                change: after - b,
                age: age.map_or_else(|| before.range(period..).count() - 1, |a| a as usize),
                extract: extract.to_string(),
            })
        })
        .collect();
    crate::model::sort::sort_by_key(&mut out, |r| r.period);
    out
}

/// How much figures have typically moved after first publication, by age:
/// (age, mean change, revisions seen), youngest first.
pub fn typical_revision(revisions: &[Revision]) -> Vec<(usize, f64, usize)> {
    let mut by_age: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
    for r in revisions {
        let e = by_age.entry(r.age).or_default();
        e.0 += r.change;
        e.1 += 1;
    }
    by_age
        .into_iter()
        .map(|(age, (sum, n))| (age, sum / n as f64, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::measures::{observations, Kind, POLICE_UK_POSITIVE_RATE};
    use crate::ingest::formats::police_uk_street::ANTI_SOCIAL_BEHAVIOUR;

    /// The open shares the police.uk positive-outcome rate carries, by month.
    fn street_open(rows: &[(&str, &str, &str)]) -> BTreeMap<String, Maturity> {
        let mut text = String::from(
            "Crime ID,Month,Falls within,LSOA name,Crime type,Last outcome category\n",
        );
        for (i, (month, crime_type, outcome)) in rows.iter().enumerate() {
            let id = if *crime_type == ANTI_SOCIAL_BEHAVIOUR {
                String::new()
            } else {
                format!("id{i}")
            };
            text.push_str(&format!(
                "{id},{month},P,Rotherham 001A,{crime_type},{outcome}\n"
            ));
        }
        let d = crate::dataset::test_dataset(&[("s.csv", &text)]);
        observations(&d)
            .into_iter()
            .filter(|o| o.measure == POLICE_UK_POSITIVE_RATE)
            .map(|o| (o.period.to_string(), o.maturity.unwrap()))
            .collect()
    }

    #[test]
    fn the_outcome_rate_carries_its_open_share_and_counts_carry_none() {
        let rows = [
            (
                "2019-04",
                "Burglary",
                "Investigation complete; no suspect identified",
            ),
            ("2019-04", "Burglary", "Offender given a caution"),
            ("2019-04", "Drugs", "Under investigation"),
            ("2019-04", "Drugs", "Status update unavailable"),
            ("2019-04", ANTI_SOCIAL_BEHAVIOUR, ""),
            ("2020-03", "Burglary", "Under investigation"),
            ("2020-03", "Burglary", "Awaiting court outcome"),
            ("2020-03", "Drugs", "Local resolution"),
        ];
        let m = street_open(&rows);
        let april = m["2019-04"];
        assert_eq!((april.open, april.total), (1.0, 4.0), "ASB is not counted");
        assert!(
            april.provisional(DEFAULT_THRESHOLD),
            "1 of 4 open is 25%, above 20%"
        );
        assert!(!april.provisional(0.25), "and not above 25%");
        let march = m["2020-03"];
        assert_eq!((march.open, march.total), (2.0, 3.0));
        let mut text = String::from(
            "Crime ID,Month,Falls within,LSOA name,Crime type,Last outcome category\n",
        );
        for (i, (month, t, o)) in rows.iter().enumerate() {
            text.push_str(&format!("id{i},{month},P,Rotherham 001A,{t},{o}\n"));
        }
        let d = crate::dataset::test_dataset(&[("s.csv", &text)]);
        assert!(
            observations(&d)
                .iter()
                .filter(|o| o.kind == Kind::Count)
                .all(|o| o.maturity.is_none()),
            "open outcomes make a rate provisional, never a count of crimes"
        );
    }

    #[test]
    fn provisional_is_strictly_above_the_threshold() {
        let quarter = Maturity {
            open: 38.0,
            total: 100.0,
            age: None,
        };
        assert!(quarter.provisional(0.20));
        assert!(
            !Maturity {
                open: 20.0,
                total: 100.0,
                age: None,
            }
            .provisional(0.20),
            "exactly 20% is not above"
        );
        assert!(Maturity {
            open: 21.0,
            total: 100.0,
            age: None,
        }
        .provisional(0.20));
        assert_eq!(
            Maturity {
                open: 0.0,
                total: 0.0,
                age: None,
            }
            .open_share(),
            None
        );
    }

    #[test]
    fn revisions_pair_the_same_periods() {
        let q = |n| Period::Quarter {
            year: 2018,
            quarter: n,
        };
        let r = revisions(
            &[(q(3), 14.3, None), (q(4), 6.9, None)],
            &[(q(3), 14.3), (q(4), 11.2), (q(1), 12.9)],
            "May",
        );
        assert_eq!(r.len(), 2);
        assert_eq!((r[1].period, r[1].earlier, r[1].later), (q(4), 6.9, 11.2));
        assert!((r[1].change - 4.3).abs() < 1e-12);
        assert_eq!((r[0].age, r[1].age), (1, 0), "Q4 was the latest in May");
        let typical = typical_revision(&r);
        assert_eq!(typical.len(), 2);
        assert_eq!((typical[0].0, typical[0].2), (0, 1));
        assert!((typical[0].1 - 4.3).abs() < 1e-12);
        assert_eq!(typical[1].1, 0.0);
    }
}
