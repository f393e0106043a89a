//! Everything loaded so far, file by file, so a file can be removed again and a
//! bad file never disturbs the others.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::ingest::police_uk_street::StreetFile;
use crate::ingest::problem::Rejection;
use crate::model::Month;

/// A council found in the data, with how much of it the loaded files hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilInfo {
    pub name: String,
    /// Crimes and ASB incidents recorded in this council across the loaded files.
    pub records: u64,
    /// True when the council has only a sliver of the records of every force that
    /// reports it: a neighbour at the edge of a force area, whose figures in these
    /// files are far from complete.
    pub edge_of_area: bool,
}

/// Below this share of a force's records, a council is treated as an edge
/// neighbour. South Yorkshire's files hold a handful of Wakefield crimes (0.04%),
/// while its smallest council, Barnsley, holds about 16%.
const EDGE_SHARE: f64 = 0.005;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dataset {
    // Rc: the UI clones the dataset on every state change; the files themselves
    // never change once parsed.
    files: Vec<Rc<StreetFile>>,
}

impl Dataset {
    pub fn files(&self) -> &[Rc<StreetFile>] {
        &self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Adds a parsed file unless it would count crimes twice: the same file again,
    /// or another file with the same force and month (say, a renamed copy).
    pub fn add(&mut self, file: StreetFile) -> Result<(), Rejection> {
        for existing in &self.files {
            if existing.name == file.name && existing.size == file.size {
                return Err(Rejection::new(
                    &file.name,
                    "this file is already loaded, so it was not loaded again",
                ));
            }
            let shared_force = existing.forces.iter().find(|f| file.forces.contains(f));
            let shared_month = existing.months.iter().find(|m| file.months.contains(m));
            if let (Some(force), Some(month)) = (shared_force, shared_month) {
                let held = format!("{force} crimes for {}", month.long_name());
                let reason = if existing.name == file.name {
                    format!(
                        "a different file with this name is already loaded, also holding {held}. \
                         Loading both would count those crimes twice: remove the loaded one first to replace it"
                    )
                } else {
                    format!(
                        "it overlaps {}, which is already loaded: both hold {held}. \
                         Loading both would count those crimes twice: remove one first",
                        existing.name
                    )
                };
                return Err(Rejection::new(&file.name, reason));
            }
        }
        self.files.push(Rc::new(file));
        Ok(())
    }

    /// Removes the file at `index`; out of range does nothing.
    pub fn remove(&mut self, index: usize) {
        if index < self.files.len() {
            self.files.remove(index);
        }
    }

    /// Councils in the data, alphabetically.
    pub fn councils(&self) -> Vec<CouncilInfo> {
        let mut by_council: BTreeMap<&str, u64> = BTreeMap::new();
        let mut by_force: BTreeMap<&str, u64> = BTreeMap::new();
        let mut by_council_force: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for file in &self.files {
            // A file normally holds one force; a council's records are attributed to
            // each force the file names, which is exact for single-force files.
            for (&(council, _, _), &n) in &file.counts {
                let council = file.councils.name(council);
                *by_council.entry(council).or_default() += u64::from(n);
                for force in &file.forces {
                    *by_council_force.entry((council, force)).or_default() += u64::from(n);
                }
            }
            for force in &file.forces {
                *by_force.entry(force).or_default() += file.rows_counted();
            }
        }
        by_council
            .into_iter()
            .map(|(name, records)| {
                let largest_share = by_council_force
                    .iter()
                    .filter(|((c, _), _)| *c == name)
                    .map(|((_, force), &n)| {
                        let force_total = by_force.get(force).copied().unwrap_or(0).max(1);
                        n as f64 / force_total as f64
                    })
                    .fold(0.0, f64::max);
                CouncilInfo {
                    name: name.to_string(),
                    records,
                    edge_of_area: largest_share < EDGE_SHARE,
                }
            })
            .collect()
    }

    /// Crime types present in the data, alphabetically.
    pub fn crime_types(&self) -> Vec<String> {
        let mut types = BTreeSet::new();
        for file in &self.files {
            for &(_, _, t) in file.counts.keys() {
                types.insert(file.crime_types.name(t));
            }
        }
        types.into_iter().map(str::to_string).collect()
    }

    /// Months for which a council's figures are known: the months of every file
    /// from a force that reports the council. A month no file covers is unknown
    /// (a gap), which is different from a month with no crimes (a zero).
    pub fn months_covered(&self, council: &str) -> BTreeSet<Month> {
        let forces: BTreeSet<&str> = self
            .files
            .iter()
            .filter(|f| f.councils.id(council).is_some())
            .flat_map(|f| f.forces.iter().map(String::as_str))
            .collect();
        self.files
            .iter()
            .filter(|f| f.forces.iter().any(|force| forces.contains(force.as_str())))
            .flat_map(|f| f.months.iter().copied())
            .collect()
    }

    /// Count of `crime_type` in `council` in `month`, summed over files.
    pub(crate) fn count(&self, council: &str, month: Month, crime_type: &str) -> u64 {
        self.files
            .iter()
            .filter_map(|f| {
                let key = (
                    f.councils.id(council)?,
                    month,
                    f.crime_types.id(crime_type)?,
                );
                f.counts.get(&key).map(|&n| u64::from(n))
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::police_uk_street::parse;

    fn file(name: &str, force: &str, month: &str, rows: &[(&str, &str)]) -> StreetFile {
        let mut text = String::from("Crime ID,Month,Falls within,LSOA name,Crime type\n");
        for (lsoa, crime_type) in rows {
            text.push_str(&format!(",{month},{force},{lsoa},{crime_type}\n"));
        }
        parse(name, text.as_bytes()).unwrap()
    }

    #[test]
    fn refuses_to_count_the_same_crimes_twice() {
        let mut d = Dataset::default();
        d.add(file("a.csv", "P", "2019-04", &[("X 001A", "Drugs")]))
            .unwrap();
        let again = d
            .add(file("a.csv", "P", "2019-04", &[("X 001A", "Drugs")]))
            .unwrap_err();
        assert!(again.reason.contains("already loaded"), "{again}");
        let copy = d
            .add(file("copy.csv", "P", "2019-04", &[("X 001A", "Drugs")]))
            .unwrap_err();
        assert!(copy.reason.contains("overlaps a.csv"), "{copy}");
        assert!(copy.reason.contains("April 2019"), "{copy}");
        let renamed = d
            .add(file(
                "a.csv",
                "P",
                "2019-04",
                &[("X 001A", "Drugs"), ("X 001A", "Drugs")],
            ))
            .unwrap_err();
        assert!(
            renamed
                .reason
                .starts_with("a different file with this name is already loaded"),
            "{renamed}"
        );
        // A different force for the same month, or the same force another month, is fine.
        d.add(file("b.csv", "Q", "2019-04", &[("Y 001A", "Drugs")]))
            .unwrap();
        d.add(file("c.csv", "P", "2019-05", &[("X 001A", "Drugs")]))
            .unwrap();
        assert_eq!(d.files().len(), 3);
        assert_eq!(
            d.count("X", Month::parse_iso("2019-04").unwrap(), "Drugs"),
            1
        );
    }

    #[test]
    fn edge_councils_are_flagged() {
        let mut rows = vec![("Big 001A", "Drugs"); 300];
        rows.push(("Neighbour 001A", "Drugs"));
        let mut d = Dataset::default();
        d.add(file("a.csv", "P", "2019-04", &rows)).unwrap();
        let councils = d.councils();
        assert_eq!(councils.len(), 2);
        assert_eq!(
            (
                councils[0].name.as_str(),
                councils[0].records,
                councils[0].edge_of_area
            ),
            ("Big", 300, false)
        );
        assert_eq!(
            (
                councils[1].name.as_str(),
                councils[1].records,
                councils[1].edge_of_area
            ),
            ("Neighbour", 1, true)
        );
    }

    #[test]
    fn coverage_follows_the_forces_that_report_a_council() {
        let mut d = Dataset::default();
        d.add(file("a.csv", "P", "2019-04", &[("X 001A", "Drugs")]))
            .unwrap();
        // X has no rows in May, but P's May file was loaded: May is a known zero.
        d.add(file("b.csv", "P", "2019-05", &[("Z 001A", "Drugs")]))
            .unwrap();
        // Force Q never reports X, so Q's June file says nothing about X.
        d.add(file("c.csv", "Q", "2019-06", &[("Y 001A", "Drugs")]))
            .unwrap();
        let covered: Vec<String> = d
            .months_covered("X")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(covered, ["2019-04", "2019-05"]);
        d.remove(0);
        assert!(d.months_covered("X").is_empty());
        d.remove(99);
        assert_eq!(d.files().len(), 2);
    }
}
