//! Crimes seen so far, across every loaded file: so the same crime loaded twice
//! (overlapping police.uk archives) is counted once, and outcomes can be joined
//! to the crimes they conclude.

use std::collections::HashMap;

use super::formats::police_uk_outcomes::{police_uk_positive, JoinedKey, PositiveKey};
use super::formats::police_uk_street::{CrimeRow, Replaced, StreetData, NOWHERE};
use super::problem::group;
use super::sorted_crimes::{Keyed, SortedCrimes};
use super::Content;
use crate::model::{Interner, Month};

/// One crime as first loaded. Sixteen bytes, like the [`CrimeRow`] it is made
/// from, so a file's list becomes the registry's in place (see `admit`): at a
/// million crimes, that is 16 MB held, not 16 MB plus a 24 MB copy.
#[derive(Debug, Clone, Copy)]
struct Crime {
    key: u64,
    /// The loading file's id (low 24 bits) and the crime type (high 8).
    file_and_type: u32,
    /// Months since January 1900.
    month: u16,
    council: u16,
}

// `admit` reuses a file's list for the registry only if the sizes match.
const _: () = assert!(
    std::mem::size_of::<Crime>() == std::mem::size_of::<CrimeRow>()
        && std::mem::align_of::<Crime>() == std::mem::align_of::<CrimeRow>()
);

/// Files are numbered from 1 as a session loads them; sixteen million is far
/// beyond any session, and ids past it would share crimes only for `forget`.
const FILE_BITS: u32 = 24;
const FILE_MASK: u32 = (1 << FILE_BITS) - 1;

impl Keyed for Crime {
    fn key(&self) -> u64 {
        self.key
    }
}

impl Crime {
    fn file(&self) -> u32 {
        self.file_and_type & FILE_MASK
    }

    fn crime_type(&self) -> u8 {
        (self.file_and_type >> FILE_BITS) as u8
    }
}

#[derive(Debug, Default)]
pub struct Registry {
    /// Sorted by Crime ID key, one entry per key. Sorted chunks rather than a
    /// hash map: memory in a browser tab is the tighter limit.
    crimes: SortedCrimes<Crime>,
    /// Rows without a Crime ID (anti-social behaviour) can only be told apart a
    /// whole force-month at a time: the first file to bring one wins it.
    unidentified: HashMap<(String, Month), u32>,
    /// The file each force's month was last loaded from: a later download
    /// of the same force-month replaces it.
    owners: HashMap<(String, Month), u32>,
    councils: Interner,
    crime_types: Interner,
    /// Months from recording to each crime's first positive outcome so far,
    /// by Crime ID key: a crime is counted once however many files give it
    /// positive outcomes (a charge, then a court result).
    first_positive: HashMap<u64, i32>,
}

impl Registry {
    /// Registers a newly read file's crimes, removing from its counts any crime
    /// already loaded from another file, and joins outcomes to loaded crimes.
    /// Returns a notice for the user when something was dropped or unmatched.
    pub fn admit(&mut self, file: u32, content: &mut Content) -> Option<String> {
        match content {
            Content::Street(data) => {
                data.replaces = self.take_over(file, data);
                let mut duplicates = 0u64;
                let mut crimes = std::mem::take(&mut data.crimes);
                // By key, then file order: of the rows sharing a Crime ID the
                // first in the file is the one registered. Unstable, because
                // a stable sort takes a scratch buffer of up to half the list.
                crimes.sort_unstable_by_key(|c| (c.key, c.seq));
                // The registry keeps a council in 16 bits and a crime type in
                // 8: past that, ids would silently mix two names up, so the
                // file is counted as it is, unmatched, and the user told.
                let councils: Option<Vec<u16>> = data
                    .councils
                    .names()
                    .iter()
                    .map(|n| u16::try_from(self.councils.intern(n)).ok())
                    .collect();
                let types: Option<Vec<u8>> = data
                    .crime_types
                    .names()
                    .iter()
                    .map(|n| u8::try_from(self.crime_types.intern(n)).ok())
                    .collect();
                let (Some(councils), Some(types)) = (councils, types) else {
                    return Some(format!(
                        "more than {} crime types or {} councils across the loaded files: this file's crimes are counted as they are, but not checked against other files for duplicates or matched to outcomes",
                        u8::MAX as u32 + 1,
                        group(u64::from(u16::MAX) + 1)
                    ));
                };
                let file_bits = file & FILE_MASK;
                let mut known = self.crimes.cursor();
                let crime_places = std::mem::take(&mut data.crime_places);
                let mut dropped: Vec<u32> = Vec::new();
                let cells = &mut data.cells;
                // The Crime ID being read and the month it is held for: an
                // earlier file's, else this file's first row, which is registered.
                // And whether that was an earlier file's.
                let mut current: Option<(u64, u16, bool)> = None;
                let mut within = 0u64;
                // `into_iter().filter_map().collect()` between types of one
                // size reuses the list's own memory.
                let added: Vec<Crime> = crimes
                    .into_iter()
                    .filter_map(|row| {
                        let cell = cells[row.cell as usize].0;
                        let month = cell.month.index();
                        let (held, earlier) = match current {
                            Some((key, held, earlier)) if key == row.key => (Some(held), earlier),
                            _ => {
                                let held = known.seek(row.key).map(|c| c.month);
                                current = Some((row.key, held.unwrap_or(month), held.is_some()));
                                if held.is_none() {
                                    return Some(Crime {
                                        key: row.key,
                                        file_and_type: file_bits
                                            | u32::from(types[usize::from(cell.crime_type)])
                                                << FILE_BITS,
                                        month,
                                        council: councils[cell.council as usize],
                                    });
                                }
                                (held, true)
                            }
                        };
                        // A duplicate is the same Crime ID in the same month.
                        if held == Some(month) {
                            cells[row.cell as usize].1 -= 1;
                            dropped.push(row.seq);
                            if earlier {
                                duplicates += 1;
                            } else {
                                within += 1;
                            }
                        }
                        None
                    })
                    .collect();
                self.crimes.merge(added);
                for seq in dropped {
                    if let Some(&(place, spot)) = crime_places.get(seq as usize) {
                        // The cell came off above.
                        data.uncount(NOWHERE, place, spot);
                    }
                }
                drop(crime_places);
                for ((force, month), rows) in std::mem::take(&mut data.unidentified) {
                    let owner = *self
                        .unidentified
                        .entry((data.forces.name(u32::from(force)).to_string(), month))
                        .or_insert(file);
                    if owner != file {
                        for row in &rows {
                            data.uncount(row.cell, row.place, row.spot);
                        }
                        duplicates += rows.len() as u64;
                    }
                }
                data.retain_counted();
                let rows = |n: u64| if n == 1 { "row" } else { "rows" };
                let mut said = Vec::new();
                if duplicates > 0 {
                    said.push(format!(
                        "{} duplicate {} dropped: the same crimes (same Crime ID and month, or the same force's \
                         anti-social behaviour for the month) were already loaded from another file",
                        group(duplicates),
                        rows(duplicates)
                    ));
                }
                if within > 0 {
                    said.push(format!(
                        "{} {} dropped as repeats of crimes earlier in this file (same Crime ID and month): each crime is counted once",
                        group(within),
                        rows(within)
                    ));
                }
                (!said.is_empty()).then(|| said.join("; "))
            }
            Content::Outcomes(data) => {
                let mut joined: HashMap<JoinedKey, u32> = HashMap::new();
                // This file's earliest positive outcome for each crime.
                let mut positive: HashMap<u64, (i32, u32, Month)> = HashMap::new();
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
                    let council = data
                        .councils
                        .intern(self.councils.name(u32::from(crime.council)));
                    let label = data.outcome_types.name(u32::from(outcome));
                    if police_uk_positive(label) {
                        // An outcome dated before its crime is a recording slip: same month.
                        let lag = lag.max(0);
                        let first = positive.entry(key).or_insert((lag, council, crime_month));
                        first.0 = first.0.min(lag);
                    }
                    let joined_key = JoinedKey {
                        council,
                        crime_type: data
                            .crime_types
                            .intern(self.crime_types.name(u32::from(crime.crime_type()))),
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
                let mut first: HashMap<PositiveKey, i32> = HashMap::new();
                for (key, (lag, council, crime_month)) in positive {
                    let at = |lag_months| PositiveKey {
                        council,
                        crime_month,
                        lag_months,
                    };
                    match self.first_positive.get(&key).copied() {
                        Some(earlier) if earlier <= lag => continue,
                        Some(earlier) => *first.entry(at(earlier)).or_default() -= 1,
                        None => {}
                    }
                    *first.entry(at(lag)).or_default() += 1;
                    self.first_positive.insert(key, lag);
                }
                let mut first: Vec<(PositiveKey, i32)> =
                    first.into_iter().filter(|(_, n)| *n != 0).collect();
                first.sort_unstable();
                data.first_positive = first;
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

    /// The same force's month arriving again, in a file of its own, is a
    /// newer police.uk extract of it (crimes recorded late, outcomes moved
    /// on): it replaces the earlier file's crimes for that month rather than
    /// being checked against them. Not when the earlier file holds other
    /// forces for the month too (its crimes cannot be told apart by force
    /// here), nor when the new file has under half the crimes the earlier one
    /// had for it (a fragment, not a newer extract): then Crime IDs decide.
    fn take_over(&mut self, file: u32, data: &StreetData) -> Vec<Replaced> {
        let mut crimes: HashMap<(u16, Month), usize> = HashMap::new();
        for row in &data.crimes {
            if let Some((key, _)) = data.cells.get(row.cell as usize) {
                *crimes.entry((key.force, key.month)).or_default() += 1;
            }
        }
        let months: std::collections::BTreeSet<(u16, Month)> =
            data.cells.iter().map(|(k, _)| (k.force, k.month)).collect();
        let mut replaced = Vec::new();
        for (force_id, month) in months {
            let force = data.forces.name(u32::from(force_id)).to_string();
            let key = (force.clone(), month);
            let Some(&earlier) = self.owners.get(&key) else {
                self.owners.insert(key, file);
                continue;
            };
            if earlier == file {
                continue;
            }
            let shared = self
                .owners
                .iter()
                .any(|((f, m), o)| *o == earlier && *m == month && *f != force);
            let earlier_bits = earlier & FILE_MASK;
            let held = self
                .crimes
                .iter()
                .filter(|c| c.file() == earlier_bits && c.month == month.index())
                .count();
            let new = crimes.get(&(force_id, month)).copied().unwrap_or(0);
            if shared || 2 * new < held {
                continue;
            }
            self.crimes
                .retain(|c| !(c.file() == earlier_bits && c.month == month.index()));
            self.unidentified.insert(key.clone(), file);
            self.owners.insert(key, file);
            replaced.push(Replaced {
                file: earlier,
                force,
                month,
            });
        }
        replaced
    }

    /// Forgets the crimes a removed file brought. Crimes that another file held
    /// too were dropped from that file when it was loaded; reload it to count them.
    pub fn forget(&mut self, file: u32) {
        self.crimes.retain(|c| c.file() != file & FILE_MASK);
        self.unidentified.retain(|_, owner| *owner != file);
        self.owners.retain(|_, owner| *owner != file);
    }

    pub fn crimes(&self) -> usize {
        self.crimes.len()
    }

    fn crime(&self, key: u64) -> Option<&Crime> {
        self.crimes.find(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_bytes;

    const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n";

    fn street_of(force: &str, rows: &[(&str, &str)]) -> Content {
        let mut text = HEADER.to_string();
        for (id, month) in rows {
            text.push_str(&format!(
                "{id},{month},{force},{force},0,0,Street,E0,Rotherham 001A,Burglary,,\n"
            ));
        }
        let mut loaded = ingest_bytes("t.csv", text.as_bytes());
        loaded.remove(0).content.expect("a street file")
    }

    fn street(rows: &[(&str, &str)]) -> Content {
        street_of("Force", rows)
    }

    fn rows(content: &Content) -> u64 {
        match content {
            Content::Street(d) => d.rows(),
            _ => 0,
        }
    }

    fn replaces(content: &Content) -> Vec<(u32, String, String)> {
        match content {
            Content::Street(d) => d
                .replaces
                .iter()
                .map(|r| (r.file, r.force.clone(), r.month.to_string()))
                .collect(),
            _ => Vec::new(),
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
        assert_eq!(
            notice,
            "1 row dropped as repeats of crimes earlier in this file (same Crime ID and month): each crime is counted once"
        );
        assert_eq!(rows(&first), 4);
        assert_eq!(registry.crimes(), 3);
        // Across files of different forces (British Transport Police records
        // some of a local force's crimes): a and c (April) were loaded; d is
        // new; c in June is not the April crime.
        let mut second = street_of(
            "British Transport Police",
            &[
                ("c", "2019-04"),
                ("d", "2019-04"),
                ("a", "2019-04"),
                ("c", "2019-06"),
            ],
        );
        let notice = registry.admit(2, &mut second).expect("a duplicate notice");
        assert!(notice.starts_with("2 duplicate rows dropped"), "{notice}");
        assert_eq!(rows(&second), 2);
        assert!(replaces(&second).is_empty());
        assert_eq!(registry.crimes(), 4);
        // Forgetting the first file frees its crimes: loaded again, a and b count.
        registry.forget(1);
        assert_eq!(registry.crimes(), 1);
        let mut again = street(&[("a", "2019-04"), ("b", "2019-04")]);
        assert_eq!(registry.admit(3, &mut again), None);
        assert_eq!(rows(&again), 2);
        assert_eq!(registry.crimes(), 3);
    }

    #[test]
    fn a_newer_download_of_a_force_month_replaces_the_earlier_one() {
        let mut registry = Registry::default();
        let mut first = street(&[
            ("a", "2019-04"),
            ("b", "2019-04"),
            ("", "2019-04"),
            ("c", "2019-05"),
        ]);
        registry.admit(1, &mut first);
        // April again, with a crime recorded late (d) and an ASB row: it takes
        // April over whole, nothing dropped as a duplicate; May is untouched.
        let mut newer = street(&[
            ("a", "2019-04"),
            ("b", "2019-04"),
            ("d", "2019-04"),
            ("", "2019-04"),
        ]);
        assert_eq!(registry.admit(2, &mut newer), None);
        assert_eq!(rows(&newer), 4);
        assert_eq!(
            replaces(&newer),
            vec![(1, "Force".to_string(), "2019-04".to_string())]
        );
        assert_eq!(
            registry.crimes(),
            4,
            "a, b, d from the newer file; c from the first"
        );
        // A fragment of April (under half its crimes) is not a newer extract:
        // its crimes already held are dropped as duplicates.
        let mut fragment = street(&[("a", "2019-04")]);
        let notice = registry
            .admit(3, &mut fragment)
            .expect("a duplicate notice");
        assert!(notice.starts_with("1 duplicate row dropped"), "{notice}");
        assert!(replaces(&fragment).is_empty());
        assert_eq!(rows(&fragment), 0);
    }

    /// After a crash the page reads the street files again into a new
    /// worker, in the order first read and with the same ids: the rebuilt
    /// registry judges the next files as the lost one would have.
    #[test]
    fn a_registry_replayed_with_the_same_ids_judges_alike() {
        type File<'a> = (u32, &'a str, Vec<(&'a str, &'a str)>);
        let files: Vec<File> = vec![
            (
                1,
                "Force",
                vec![("a", "2019-04"), ("b", "2019-04"), ("", "2019-04")],
            ),
            (2, "Other", vec![("c", "2019-05"), ("a", "2019-04")]),
            (
                5,
                "Force",
                vec![("a", "2019-04"), ("b", "2019-04"), ("e", "2019-04")],
            ),
        ];
        let (mut lost, mut replayed) = (Registry::default(), Registry::default());
        for registry in [&mut lost, &mut replayed] {
            for (id, force, rows) in &files {
                registry.admit(*id, &mut street_of(force, rows));
            }
        }
        assert_eq!(replayed.crimes(), lost.crimes());
        for registry in [&mut lost, &mut replayed] {
            let mut third = street_of(
                "Third",
                &[("b", "2019-04"), ("c", "2019-05"), ("d", "2019-05")],
            );
            let notice = registry.admit(6, &mut third).expect("duplicates");
            assert!(notice.starts_with("2 duplicate rows dropped"), "{notice}");
            assert_eq!(rows(&third), 1);
            let mut newer = street(&[("a", "2019-04"), ("b", "2019-04"), ("", "2019-04")]);
            assert_eq!(registry.admit(7, &mut newer), None);
            assert_eq!(
                replaces(&newer),
                vec![(5, "Force".to_string(), "2019-04".to_string())]
            );
        }
    }

    #[test]
    fn past_256_crime_types_ids_are_not_mixed_up_but_the_file_still_counts() {
        let mut text = String::from("Crime ID,Month,Falls within,LSOA name,Crime type\n");
        for t in 0..300 {
            text.push_str(&format!("id{t},2019-04,Force,Rotherham 001A,Type {t}\n"));
        }
        let mut content = ingest_bytes("many.csv", text.as_bytes())
            .remove(0)
            .content
            .expect("a street file");
        let mut registry = Registry::default();
        let notice = registry.admit(1, &mut content).expect("a notice");
        assert!(
            notice.starts_with("more than 256 crime types or 65,536 councils"),
            "{notice}"
        );
        assert_eq!(rows(&content), 300, "every row still counted");
        assert_eq!(registry.crimes(), 0, "none registered under a wrong type");
    }
}
