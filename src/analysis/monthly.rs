//! Monthly counts for one council, with missing months kept as gaps.

use crate::analysis::intervals::{wilson, Level};
use crate::dataset::Dataset;
use crate::ingest::formats::police_uk_street::ANTI_SOCIAL_BEHAVIOUR;
use crate::ingest::group;
use crate::model::Month;

/// Name of the headline series. police.uk's own "total crime" also leaves out
/// anti-social behaviour, which is an incident category, not a crime.
pub const TOTAL_EXCLUDING_ASB: &str = "All crime excluding anti-social behaviour";

/// One line on the chart, one column in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    /// One value per month of the table; `None` where no loaded file covers the
    /// month. Never zero-filled: a missing month is not a month without crime.
    pub values: Vec<Option<u64>>,
}

impl Series {
    pub fn total(&self) -> u64 {
        self.values.iter().flatten().sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyTable {
    pub council: String,
    /// Every month from the first to the last covered, gaps included.
    pub months: Vec<Month>,
    /// The total excluding ASB first, then each chosen crime type.
    pub series: Vec<Series>,
}

impl MonthlyTable {
    /// Months with no data, in order.
    pub fn missing(&self) -> Vec<Month> {
        let Some(first) = self.series.first() else {
            return Vec::new();
        };
        self.months
            .iter()
            .zip(&first.values)
            .filter(|(_, v)| v.is_none())
            .map(|(m, _)| *m)
            .collect()
    }

    /// Plain-English description of the table: the chart's text alternative.
    pub fn summary(&self) -> String {
        let (Some(first), Some(last), Some(total)) =
            (self.months.first(), self.months.last(), self.series.first())
        else {
            return format!("There are no months of data for {}.", self.council);
        };
        let with_data = total.values.iter().flatten().count();
        let months_word = if with_data == 1 { "month" } else { "months" };
        let span = if first == last {
            first.long_name()
        } else {
            format!("{} to {}", first.long_name(), last.long_name())
        };
        // The headline is the total, except in a one-measure table (one
        // neighbourhood's burglaries).
        let what = if total.name == TOTAL_EXCLUDING_ASB {
            "crimes excluding anti-social behaviour".to_string()
        } else {
            format!("{} records", total.name.to_lowercase())
        };
        let mut text = format!(
            "{}, {span}: {} {what} in the {with_data} {months_word} with data.",
            self.council,
            group(total.total()),
        );
        let missing = self.missing();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| m.long_name()).collect();
            let (verb, noun) = if missing.len() == 1 {
                ("is", "that month")
            } else {
                ("are", "those months")
            };
            text.push_str(&format!(
                " {} {verb} missing: no file for {noun} is loaded.",
                join_words(&names)
            ));
        }
        if let (Some((hi_month, hi)), Some((lo_month, lo))) =
            (extreme(self, total, true), extreme(self, total, false))
        {
            if with_data > 1 {
                text.push_str(&format!(
                    " The highest month was {} ({}) and the lowest {} ({}).",
                    hi_month.long_name(),
                    group(hi),
                    lo_month.long_name(),
                    group(lo)
                ));
            }
        }
        for series in self.series.iter().skip(1) {
            text.push_str(&format!(
                " {}: {} in total.",
                series.name,
                group(series.total())
            ));
        }
        text
    }
}

/// One series' share of the headline total in one month.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Share {
    pub month: Month,
    /// Percent of all crime excluding anti-social behaviour.
    pub percent: f64,
    /// 95% Wilson interval, in percent.
    pub lower: f64,
    pub upper: f64,
}

impl MonthlyTable {
    /// Each month's share of the headline total taken by series `index` (a crime
    /// type), with a 95% Wilson interval. Gaps stay gaps. Anti-social behaviour
    /// is not part of the total, so its "share" can exceed 100% and is refused.
    pub fn shares(&self, index: usize) -> Option<Vec<Option<Share>>> {
        let series = self.series.get(index).filter(|_| index > 0)?;
        if series.name == ANTI_SOCIAL_BEHAVIOUR {
            return None;
        }
        let total = self.series.first()?;
        Some(
            self.months
                .iter()
                .zip(series.values.iter().zip(&total.values))
                .map(|(&month, (part, whole))| {
                    let (part, whole) = ((*part)? as f64, (*whole)? as f64);
                    let interval = wilson(part, whole, Level::NinetyFive)?;
                    Some(Share {
                        month,
                        percent: 100.0 * part / whole,
                        lower: 100.0 * interval.lower,
                        upper: 100.0 * interval.upper,
                    })
                })
                .collect(),
        )
    }
}

/// The month with the highest (or lowest) value; the earliest wins a tie.
fn extreme(table: &MonthlyTable, series: &Series, highest: bool) -> Option<(Month, u64)> {
    let mut best: Option<(Month, u64)> = None;
    for (month, value) in table.months.iter().zip(&series.values) {
        let Some(value) = *value else { continue };
        let better = match best {
            None => true,
            Some((_, b)) => (highest && value > b) || (!highest && value < b),
        };
        if better {
            best = Some((*month, value));
        }
    }
    best
}

/// "a", "a and b", "a, b and c".
pub fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Monthly counts for `council`: the total excluding anti-social behaviour, then
/// one series per entry of `crime_types`, in the order given.
pub fn monthly_counts(dataset: &Dataset, council: &str, crime_types: &[String]) -> MonthlyTable {
    let covered = dataset.months_covered(council);
    let months = match (covered.first(), covered.last()) {
        (Some(&first), Some(&last)) => Month::range(first, last),
        _ => Vec::new(),
    };
    let counts = dataset.council_counts(council);
    let series_for = |name: &str, count: &dyn Fn(Month) -> u64| Series {
        name: name.to_string(),
        values: months
            .iter()
            .map(|&m| covered.contains(&m).then(|| count(m)))
            .collect(),
    };
    let mut series = vec![series_for(TOTAL_EXCLUDING_ASB, &|m| {
        counts
            .iter()
            .filter(|((month, t), _)| *month == m && *t != ANTI_SOCIAL_BEHAVIOUR)
            .map(|(_, n)| n)
            .sum()
    })];
    for crime_type in crime_types {
        series.push(series_for(crime_type, &|m| {
            counts.get(&(m, crime_type.as_str())).copied().unwrap_or(0)
        }));
    }
    MonthlyTable {
        council: council.to_string(),
        months,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::LoadedFile;
    use crate::ingest::ingest_bytes;

    fn load(d: &mut Dataset, month: &str, rows: &[(&str, &str)]) {
        let mut text = String::from("Crime ID,Month,Falls within,LSOA name,Crime type\n");
        for (lsoa, crime_type) in rows {
            text.push_str(&format!(",{month},P,{lsoa},{crime_type}\n"));
        }
        let loaded = ingest_bytes(&format!("{month}.csv"), text.as_bytes()).remove(0);
        let id = d.files().len() as u32;
        d.add(LoadedFile::new(id, loaded).unwrap()).unwrap();
    }

    fn sample() -> Dataset {
        let mut d = Dataset::default();
        load(
            &mut d,
            "2019-04",
            &[
                ("R 001A", "Burglary"),
                ("R 001A", "Burglary"),
                ("R 001A", "Drugs"),
                ("R 001A", "Anti-social behaviour"),
                ("S 001A", "Burglary"),
            ],
        );
        // No R rows at all in May: a real zero, because May's file is loaded.
        load(&mut d, "2019-05", &[("S 001A", "Drugs")]);
        // June is not loaded at all: a gap.
        load(&mut d, "2019-07", &[("R 001A", "Drugs")]);
        d
    }

    #[test]
    fn gaps_are_none_and_zeros_are_zero() {
        let table = monthly_counts(
            &sample(),
            "R",
            &["Burglary".to_string(), ANTI_SOCIAL_BEHAVIOUR.to_string()],
        );
        let months: Vec<String> = table.months.iter().map(ToString::to_string).collect();
        assert_eq!(months, ["2019-04", "2019-05", "2019-06", "2019-07"]);
        assert_eq!(table.series[0].name, TOTAL_EXCLUDING_ASB);
        assert_eq!(table.series[0].values, [Some(3), Some(0), None, Some(1)]);
        assert_eq!(table.series[1].values, [Some(2), Some(0), None, Some(0)]);
        assert_eq!(table.series[2].values, [Some(1), Some(0), None, Some(0)]);
        assert_eq!(table.missing(), [Month::parse_iso("2019-06").unwrap()]);
    }

    #[test]
    fn summary_states_total_gap_and_extremes() {
        let table = monthly_counts(&sample(), "R", &["Burglary".to_string()]);
        assert_eq!(
            table.summary(),
            "R, April 2019 to July 2019: 4 crimes excluding anti-social behaviour in the 3 months with data. \
             June 2019 is missing: no file for that month is loaded. \
             The highest month was April 2019 (3) and the lowest May 2019 (0). \
             Burglary: 2 in total."
        );
    }

    #[test]
    fn shares_of_the_total_with_intervals() {
        let table = monthly_counts(
            &sample(),
            "R",
            &["Burglary".to_string(), ANTI_SOCIAL_BEHAVIOUR.to_string()],
        );
        let shares = table.shares(1).unwrap();
        // April: 2 burglaries of 3 crimes; May: 0 of 0 (no share); June: a gap.
        let april = shares[0].unwrap();
        assert!((april.percent - 200.0 / 3.0).abs() < 1e-9);
        let w = wilson(2.0, 3.0, Level::NinetyFive).unwrap();
        assert!(
            (april.lower - 100.0 * w.lower).abs() < 1e-9
                && (april.upper - 100.0 * w.upper).abs() < 1e-9
        );
        assert_eq!(shares[1], None, "no crimes at all: no share");
        assert_eq!(shares[2], None, "a gap stays a gap");
        assert_eq!(table.shares(2), None, "ASB is not part of the total");
        assert_eq!(table.shares(0), None);
    }

    #[test]
    fn unknown_council_has_no_months() {
        let table = monthly_counts(&sample(), "Nowhere", &[]);
        assert!(table.months.is_empty());
        assert_eq!(table.summary(), "There are no months of data for Nowhere.");
    }

    #[test]
    fn joins_lists_in_english() {
        let w = |s: &[&str]| join_words(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(w(&["a"]), "a");
        assert_eq!(w(&["a", "b"]), "a and b");
        assert_eq!(w(&["a", "b", "c"]), "a, b and c");
    }
}
