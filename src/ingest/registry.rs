//! Crimes seen so far, across every loaded file: so the same crime loaded twice
//! (overlapping police.uk archives) is counted once, and outcomes can be joined
//! to the crimes they conclude.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

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
    crimes: FxHashMap<u64, Crime>,
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
                let crimes = std::mem::take(&mut data.crimes);
                self.crimes.reserve(crimes.len());
                // File-local ids -> registry ids, worked out once per name.
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
                for (key, cell) in crimes {
                    let (k, _) = data.cells[cell as usize];
                    let month = k.month.index();
                    if let Some(existing) = self.crimes.get(&key) {
                        if existing.month == month {
                            data.cells[cell as usize].1 -= 1;
                            duplicates += 1;
                        }
                        continue;
                    }
                    let crime = Crime {
                        file,
                        month,
                        council: councils[k.council as usize],
                        crime_type: types[usize::from(k.crime_type)],
                    };
                    self.crimes.insert(key, crime);
                }
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
                    let Some(crime) = self.crimes.get(&key) else {
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
        self.crimes.retain(|_, c| c.file != file);
        self.unidentified.retain(|_, owner| *owner != file);
    }

    pub fn crimes(&self) -> usize {
        self.crimes.len()
    }
}
