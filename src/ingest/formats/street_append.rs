//! Putting a street file read in parts back together (`ingest::part`): the
//! data of the rows that follow, read on another thread, appended to the
//! data of the rows before them.
//!
//! Every list the reader builds (names, cells, LSOA counts, grid squares,
//! crimes) is in order of first appearance, so appending a later part's
//! lists, skipping what the earlier part already has, gives what reading
//! the whole file in one go gives, entry for entry and in the same order.

use rustc_hash::FxHashMap;

use super::police_uk_street::{CrimeRow, PlaceKey, SpotKey, StreetData, StreetKey, NOWHERE};
use crate::model::Interner;

/// Each of `from`'s ids as an id in `into`, adding the names it lacks.
fn remap(into: &mut Interner, from: &Interner) -> Vec<u32> {
    from.names().iter().map(|n| into.intern(n)).collect()
}

/// Adds `later`'s counts to `entries` under remapped keys, new keys at the
/// end; returns each of `later`'s entries' index in `entries`.
fn append_counts<K: Copy + Eq + std::hash::Hash>(
    entries: &mut Vec<(K, u32)>,
    later: &[(K, u32)],
    key: impl Fn(&K) -> Option<K>,
) -> Option<Vec<u32>> {
    let mut index: FxHashMap<K, u32> = entries
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i as u32))
        .collect();
    later
        .iter()
        .map(|(k, n)| {
            let k = key(k)?;
            let at = *index.entry(k).or_insert_with(|| {
                entries.push((k, 0));
                (entries.len() - 1) as u32
            });
            entries[at as usize].1 += n;
            Some(at)
        })
        .collect()
}

impl StreetData {
    /// Appends the data of the rows that follow this data's in the same
    /// file, read separately. False (and this data no longer to be trusted)
    /// when the two cannot be joined exactly: more than 65,536 crime types,
    /// forces or outcomes between them, which reading in one go would have
    /// refused row by row.
    pub fn append(&mut self, later: StreetData) -> bool {
        let small = |ids: &[u32], id: u16| -> Option<u16> {
            u16::try_from(*ids.get(usize::from(id))?).ok()
        };
        let forces = remap(&mut self.forces, &later.forces);
        let councils = remap(&mut self.councils, &later.councils);
        let crime_types = remap(&mut self.crime_types, &later.crime_types);
        let outcomes = remap(&mut self.outcomes, &later.outcomes);
        let lsoas = remap(&mut self.lsoas, &later.lsoas);
        let cells = append_counts(&mut self.cells, &later.cells, |k| {
            Some(StreetKey {
                force: small(&forces, k.force)?,
                council: *councils.get(k.council as usize)?,
                month: k.month,
                crime_type: small(&crime_types, k.crime_type)?,
                outcome: small(&outcomes, k.outcome)?,
            })
        });
        let places = append_counts(&mut self.places, &later.places, |k| {
            Some(PlaceKey {
                force: small(&forces, k.force)?,
                lsoa: *lsoas.get(k.lsoa as usize)?,
                month: k.month,
                crime_type: small(&crime_types, k.crime_type)?,
            })
        });
        let spots = append_counts(&mut self.spots, &later.spots, |k| {
            Some(SpotKey {
                force: small(&forces, k.force)?,
                lsoa: *lsoas.get(k.lsoa as usize)?,
                month: k.month,
                crime_type: small(&crime_types, k.crime_type)?,
                x: k.x,
                y: k.y,
            })
        });
        let (Some(cells), Some(places), Some(spots)) = (cells, places, spots) else {
            return false;
        };
        let entry = |ids: &[u32], id: u32| {
            if id == NOWHERE {
                Some(NOWHERE)
            } else {
                ids.get(id as usize).copied()
            }
        };
        self.months.extend(later.months);
        let before = self.crimes.len() as u32;
        self.crimes.reserve(later.crimes.len());
        for crime in &later.crimes {
            let Some(&cell) = cells.get(crime.cell as usize) else {
                return false;
            };
            self.crimes.push(CrimeRow {
                key: crime.key,
                cell,
                seq: crime.seq + before,
            });
        }
        self.crime_places.reserve(later.crime_places.len());
        for &(place, spot) in &later.crime_places {
            let (Some(place), Some(spot)) = (entry(&places, place), entry(&spots, spot)) else {
                return false;
            };
            self.crime_places.push((place, spot));
        }
        for ((force, month), rows) in later.unidentified {
            let Some(force) = small(&forces, force) else {
                return false;
            };
            let list = self.unidentified.entry((force, month)).or_default();
            for mut row in rows {
                let (Some(cell), Some(place), Some(spot)) = (
                    entry(&cells, row.cell),
                    entry(&places, row.place),
                    entry(&spots, row.spot),
                ) else {
                    return false;
                };
                (row.cell, row.place, row.spot) = (cell, place, spot);
                list.push(row);
            }
        }
        self.replaces.extend(later.replaces);
        self.earlier.extend(later.earlier);
        true
    }
}
