//! Crimes seen so far, across every loaded file: so the same crime loaded twice
//! (overlapping police.uk archives) is counted once, and outcomes can be joined
//! to the crimes they conclude.

use std::collections::HashMap;

use super::formats::police_uk_outcomes::JoinedKey;
use super::problem::group;
use super::Content;
use crate::model::{Interner, Month};

/// Kept small: a registry holds every crime loaded (12 bytes each, plus its key).
#[derive(Debug, Clone, Copy)]
struct Crime {
    file: u32,
    /// Months since January 1900.
    month: u16,
    council: u16,
    crime_type: u8,
}

#[derive(Debug, Default)]
pub struct Registry {
    /// Crime key -> the crime, as first loaded.
    /// Sorted by Crime ID key, one entry per key. A sorted list rather than a
    /// hash map: a million crimes take 24 MB here against about 50 MB in a
    /// hash table, and memory in a browser tab is the tighter limit.
    crimes: Vec<(u64, Crime)>,
    /// Rows without a Crime ID (anti-social behaviour) can only be told apart a
    /// whole force-month at a time: the first file to bring one wins it.
    unidentified: HashMap<(String, Month), u32>,
    councils: Interner,
    crime_types: Interner,
}

impl Registry {
    /// Registers a newly read file's crimes, removing from its counts any crime
    /// already loaded from another file, and joins outcomes to loaded crimes.
    /// Returns a notice for the user when something was dropped or unmatched.
    pub fn admit(&mut self, file: u32, content: &mut Content) -> Option<String> {
        match content {
            Content::Street(data) => {
                let mut duplicates = 0u64;
                let mut crimes = std::mem::take(&mut data.crimes);
                // Stable, so of the rows sharing a Crime ID the first in the
                // file is the one registered, as when they were taken in order.
                crimes.sort_by_key(|&(key, _)| key);
                let councils: Vec<u16> = data
                    .councils
                    .names()
                    .iter()
                    .map(|n| self.councils.intern(n) as u16)
                    .collect();
                let types: Vec<u8> = data
                    .crime_types
                    .names()
                    .iter()
                    .map(|n| self.crime_types.intern(n) as u8)
                    .collect();
                // Sized at once: grown by doubling, it would pass through
                // one and a half times its final size.
                let mut added: Vec<(u64, Crime)> = Vec::with_capacity(crimes.len());
                let mut known = 0;
                let mut i = 0;
                while i < crimes.len() {
                    let key = crimes[i].0;
                    let end = i + crimes[i..].iter().take_while(|(k, _)| *k == key).count();
                    while known < self.crimes.len() && self.crimes[known].0 < key {
                        known += 1;
                    }
                    // The month this Crime ID is held for: an earlier file's,
                    // else this file's first row, which is registered.
                    let (month, rest) = match self.crimes.get(known).filter(|(k, _)| *k == key) {
                        Some((_, crime)) => (crime.month, i),
                        None => {
                            let (k, _) = data.cells[crimes[i].1 as usize];
                            added.push((
                                key,
                                Crime {
                                    file,
                                    month: k.month.index(),
                                    council: councils[k.council as usize],
                                    crime_type: types[usize::from(k.crime_type)],
                                },
                            ));
                            (k.month.index(), i + 1)
                        }
                    };
                    // A duplicate is the same Crime ID in the same month.
                    for &(_, cell) in &crimes[rest..end] {
                        if data.cells[cell as usize].0.month.index() == month {
                            data.cells[cell as usize].1 -= 1;
                            duplicates += 1;
                        }
                    }
                    i = end;
                }
                drop(crimes);
                self.crimes = merge_sorted(std::mem::take(&mut self.crimes), added);
                for ((force, month), cells) in std::mem::take(&mut data.unidentified) {
                    let owner = *self
                        .unidentified
                        .entry((data.forces.name(u32::from(force)).to_string(), month))
                        .or_insert(file);
                    if owner != file {
                        for cell in &cells {
                            data.cells[*cell as usize].1 -= 1;
                        }
                        duplicates += cells.len() as u64;
                    }
                }
                data.cells.retain(|(_, n)| *n > 0);
                (duplicates > 0).then(|| {
                    format!(
                        "{} duplicate {} dropped: the same crimes (same Crime ID and month, or the same force's \
                         anti-social behaviour for the month) were already loaded from another file",
                        group(duplicates),
                        if duplicates == 1 { "row" } else { "rows" }
                    )
                })
            }
            Content::Outcomes(data) => {
                let mut joined: HashMap<JoinedKey, u32> = HashMap::new();
                let mut unmatched = 0u64;
                for (key, outcome_month, outcome) in std::mem::take(&mut data.events) {
                    let Some(crime) = self.crime(key) else {
                        unmatched += 1;
                        continue;
                    };
                    let Some(crime_month) = Month::from_index(crime.month) else {
                        unmatched += 1;
                        continue;
                    };
                    let lag = i32::from(outcome_month.index()) - i32::from(crime.month);
                    let joined_key = JoinedKey {
                        council: data
                            .councils
                            .intern(self.councils.name(u32::from(crime.council))),
                        crime_type: data
                            .crime_types
                            .intern(self.crime_types.name(u32::from(crime.crime_type))),
                        outcome: data
                            .outcomes
                            .intern(data.outcome_types.name(u32::from(outcome))),
                        crime_month,
                        lag_months: lag,
                    };
                    *joined.entry(joined_key).or_default() += 1;
                }
                let mut cells: Vec<(JoinedKey, u32)> = joined.into_iter().collect();
                cells.sort_by_key(|(k, _)| {
                    (
                        k.crime_month,
                        k.council,
                        k.crime_type,
                        k.outcome,
                        k.lag_months,
                    )
                });
                data.joined = cells;
                data.unmatched = unmatched;
                (unmatched > 0).then(|| {
                    format!(
                        "{} outcomes are for crimes not in the loaded street files, so they are not matched to a \
                         crime; load the street files for the months the crimes were recorded",
                        group(unmatched)
                    )
                })
            }
            _ => None,
        }
    }

    /// Forgets the crimes a removed file brought. Crimes that another file held
    /// too were dropped from that file when it was loaded; reload it to count them.
    pub fn forget(&mut self, file: u32) {
        self.crimes.retain(|(_, c)| c.file != file);
        self.unidentified.retain(|_, owner| *owner != file);
    }

    pub fn crimes(&self) -> usize {
        self.crimes.len()
    }

    fn crime(&self, key: u64) -> Option<&Crime> {
        let at = self.crimes.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        Some(&self.crimes[at].1)
    }
}

/// Two lists sorted by key, with no key in both, as one sorted list.
fn merge_sorted(a: Vec<(u64, Crime)>, b: Vec<(u64, Crime)>) -> Vec<(u64, Crime)> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.0 <= y.0 => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_bytes;

    const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n";

    fn street(rows: &[(&str, &str)]) -> Content {
        let mut text = HEADER.to_string();
        for (id, month) in rows {
            text.push_str(&format!(
                "{id},{month},Force,Force,0,0,Street,E0,Rotherham 001A,Burglary,,\n"
            ));
        }
        let mut loaded = ingest_bytes("t.csv", text.as_bytes());
        loaded.remove(0).content.expect("a street file")
    }

    fn rows(content: &Content) -> u64 {
        match content {
            Content::Street(d) => d.rows(),
            _ => 0,
        }
    }

    #[test]
    fn a_crime_id_counts_once_per_month_across_and_within_files() {
        let mut registry = Registry::default();
        // Within a file: b twice in the same month is one crime; c in two
        // months is two records; a once.
        let mut first = street(&[
            ("b", "2019-04"),
            ("a", "2019-04"),
            ("c", "2019-04"),
            ("b", "2019-04"),
            ("c", "2019-05"),
        ]);
        let notice = registry.admit(1, &mut first).expect("a duplicate notice");
        assert!(notice.starts_with("1 duplicate row dropped"), "{notice}");
        assert_eq!(rows(&first), 4);
        assert_eq!(registry.crimes(), 3);
        // Across files: a and c (April) were loaded; d is new; c in June is
        // not the April crime.
        let mut second = street(&[
            ("c", "2019-04"),
            ("d", "2019-04"),
            ("a", "2019-04"),
            ("c", "2019-06"),
        ]);
        let notice = registry.admit(2, &mut second).expect("a duplicate notice");
        assert!(notice.starts_with("2 duplicate rows dropped"), "{notice}");
        assert_eq!(rows(&second), 2);
        assert_eq!(registry.crimes(), 4);
        // Forgetting the first file frees its crimes: loaded again, a and b count.
        registry.forget(1);
        assert_eq!(registry.crimes(), 1);
        let mut again = street(&[("a", "2019-04"), ("b", "2019-04")]);
        assert_eq!(registry.admit(3, &mut again), None);
        assert_eq!(rows(&again), 2);
        assert_eq!(registry.crimes(), 3);
    }
}
