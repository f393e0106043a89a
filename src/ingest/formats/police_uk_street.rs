//! police.uk street-level crime (`YYYY-MM-<force>-street.csv`): one row per
//! crime or anti-social behaviour incident.

use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use super::{require, FormatReader};
use crate::ingest::columns::{Header, Row};
use crate::ingest::problem::group;
use crate::ingest::{Content, FileReport};
use crate::model::{Interner, Month};

pub use super::street_detail::{spot_of, PlaceKey, SpotKey, Unidentified, NOWHERE, SPOT_GRID};

/// police.uk's category for anti-social behaviour: not a crime, and left out of
/// "total crime" as police.uk itself does.
pub const ANTI_SOCIAL_BEHAVIOUR: &str = "Anti-social behaviour";

/// The council (local authority district) an LSOA belongs to: its name minus the
/// trailing LSOA code, e.g. "Rotherham 016A" -> "Rotherham". A name with no code
/// is kept whole rather than guessed at.
pub fn council_of(lsoa_name: &str) -> &str {
    let name = lsoa_name.trim();
    match name.rsplit_once(' ') {
        Some((council, code))
            if !council.trim().is_empty()
                && code.bytes().all(|b| b.is_ascii_alphanumeric())
                && code.bytes().any(|b| b.is_ascii_digit()) =>
        {
            council.trim_end()
        }
        _ => name,
    }
}

/// A compact key for a Crime ID: a 64-bit hash of all of it, eight bytes at a
/// time (FxHash-style mixing, then a murmur3 finaliser so every bit counts).
/// With a million crimes the chance of any two keys colliding is about 3 in 100
/// million.
pub fn crime_key(id: &[u8]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ id.len() as u64;
    for chunk in id.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h
}

/// A row with a Crime ID. Sixteen bytes, the size of the registry's entries,
/// so the registry can take a file's list over without a second copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrimeRow {
    /// [`crime_key`] of the Crime ID.
    pub key: u64,
    /// Index into `cells`: gives the month, council and crime type.
    pub cell: u32,
    /// Position among the file's rows with a Crime ID, so rows sharing an ID
    /// can be put back in file order after an unstable sort.
    pub seq: u32,
}

/// One aggregated cell: how many rows share all of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StreetKey {
    pub force: u16,
    /// Council id; the empty name for rows with no location.
    pub council: u32,
    pub month: Month,
    pub crime_type: u16,
    /// "Last outcome category" id; empty for anti-social behaviour.
    pub outcome: u16,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StreetData {
    pub forces: Interner,
    pub councils: Interner,
    pub crime_types: Interner,
    pub outcomes: Interner,
    pub cells: Vec<(StreetKey, u32)>,
    pub months: BTreeSet<Month>,
    /// Each row with a Crime ID, in file order: what de-duplication and the
    /// outcomes join need. Not sent to the page.
    #[serde(skip)]
    pub crimes: Vec<CrimeRow>,
    /// Rows with no Crime ID (anti-social behaviour), by (force, month): these can
    /// only be de-duplicated a whole force-month at a time.
    #[serde(skip)]
    pub unidentified: HashMap<(u16, Month), Vec<Unidentified>>,
    /// Force-months this file replaces in earlier files, as a newer download
    /// of them (decided by the crime registry; the dataset drops them there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<Replaced>,
    /// Outcome figures of earlier downloads of this file's force-months,
    /// kept when this file replaced them: what shows how outcome rates
    /// mature. Counts are not kept: they do not mature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierOutcomes>,
    /// Full LSOA names ("Rotherham 017A"), for the neighbourhood view.
    #[serde(default, skip_serializing_if = "Interner::is_empty")]
    pub lsoas: Interner,
    /// Counts by LSOA: what neighbourhood and ward figures are summed from.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "super::street_detail::columns::places"
    )]
    pub places: Vec<(PlaceKey, u32)>,
    /// Counts by grid square of the crimes' own (snapped) coordinates, for
    /// the hot-spot map.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "super::street_detail::columns::spots"
    )]
    pub spots: Vec<(SpotKey, u32)>,
    /// For each row in `crimes` (by `seq`): its `places` and `spots` entries,
    /// so a duplicate crime comes off those counts too. Not sent to the page.
    #[serde(skip)]
    pub crime_places: Vec<(u32, u32)>,
}

impl StreetData {
    /// Drops entries whose rows all came off as duplicates. Place and spot
    /// ids are only used within a file, so renumbering them is safe here.
    pub fn retain_counted(&mut self) {
        self.cells.retain(|(_, n)| *n > 0);
        self.places.retain(|(_, n)| *n > 0);
        self.spots.retain(|(_, n)| *n > 0);
    }

    /// Drops the neighbourhood detail (LSOA and grid counts) of every council
    /// but `council`: a smaller file, for a workspace about one area.
    pub fn keep_detail_for(&mut self, council: &str) {
        let inside: Vec<bool> = self
            .lsoas
            .names()
            .iter()
            .map(|n| council_of(n) == council)
            .collect();
        let keep = |lsoa: u32| inside.get(lsoa as usize) == Some(&true);
        self.places.retain(|(k, _)| keep(k.lsoa));
        self.spots.retain(|(k, _)| keep(k.lsoa));
        let used: BTreeSet<u32> = self.places.iter().map(|(k, _)| k.lsoa).collect();
        // Renumber the LSOAs kept, so the names of the others go too.
        let mut lsoas = Interner::default();
        let ids: HashMap<u32, u32> = used
            .iter()
            .map(|&old| (old, lsoas.intern(self.lsoas.name(old))))
            .collect();
        for (k, _) in &mut self.places {
            k.lsoa = ids[&k.lsoa];
        }
        self.spots.retain(|(k, _)| ids.contains_key(&k.lsoa));
        for (k, _) in &mut self.spots {
            k.lsoa = ids[&k.lsoa];
        }
        self.lsoas = lsoas;
    }

    /// Takes one row off the counts of its cell, place and spot (a duplicate).
    pub fn uncount(&mut self, cell: u32, place: u32, spot: u32) {
        if let Some(c) = self.cells.get_mut(cell as usize) {
            c.1 = c.1.saturating_sub(1);
        }
        if let Some(p) = self.places.get_mut(place as usize) {
            p.1 = p.1.saturating_sub(1);
        }
        if let Some(p) = self.spots.get_mut(spot as usize) {
            p.1 = p.1.saturating_sub(1);
        }
    }
}

/// A council's month as an earlier download of its force's month gave it:
/// its crimes (anti-social behaviour left out), how many had a positive last
/// outcome and how many were still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierOutcomes {
    pub force: String,
    pub council: String,
    pub month: Month,
    pub crimes: u32,
    pub positive: u32,
    pub open: u32,
    /// The earlier download's latest month for the force when this was
    /// kept: the month's age in that download is the months between the
    /// two. The download's files that arrive later can move it on, so ages
    /// are worked out from `download` while its files are loaded.
    pub latest: Month,
    /// Which download (see `dataset::street_extracts::download_of`).
    #[serde(default)]
    pub download: String,
}

/// A force's month in an earlier file that a newer download replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replaced {
    /// The earlier file's id.
    pub file: u32,
    pub force: String,
    pub month: Month,
}

impl StreetData {
    /// Rows still counted.
    pub fn rows(&self) -> u64 {
        self.cells.iter().map(|(_, n)| u64::from(*n)).sum()
    }
}

/// Ids for raw field bytes, remembering the last one: consecutive rows mostly
/// repeat force, month, crime type and outcome, so most rows cost a compare.
#[derive(Default)]
struct Dict {
    ids: FxHashMap<Box<[u8]>, u32>,
    /// The last bytes looked up (a reused buffer) and their id.
    last: Vec<u8>,
    last_id: Option<u32>,
}

impl Dict {
    fn id(&mut self, bytes: &[u8], new: impl FnOnce() -> u32) -> u32 {
        if let Some(id) = self.last_id {
            if self.last == bytes {
                return id;
            }
        }
        let id = match self.ids.get(bytes) {
            Some(&id) => id,
            None => {
                let id = new();
                self.ids.insert(bytes.into(), id);
                id
            }
        };
        self.last.clear();
        self.last.extend_from_slice(bytes);
        self.last_id = Some(id);
        id
    }
}

pub struct Reader {
    columns: [usize; 5],
    outcome_col: Option<usize>,
    data: StreetData,
    index: FxHashMap<StreetKey, u32>,
    forces: Dict,
    crime_types: Dict,
    outcomes: Dict,
    /// Raw LSOA name -> LSOA id.
    lsoas: Dict,
    /// LSOA id -> council id.
    lsoa_council: Vec<u32>,
    place_index: FxHashMap<PlaceKey, u32>,
    last_place: Option<(PlaceKey, u32)>,
    /// Each place's spots as a linked list, newest first: the head by place
    /// index, the next by spot index. No hashing, whatever order rows come in.
    spot_head: Vec<u32>,
    spot_next: Vec<u32>,
    coordinates: Option<(usize, usize)>,
    last_month: Option<(Box<[u8]>, Month)>,
    /// `crimes` was sized for the whole file (`expect_rest`).
    sized: bool,
}

impl Reader {
    pub fn detect(header: &Header) -> Option<Reader> {
        let columns = require(
            header,
            [
                &["crime id"],
                &["month"],
                &["falls within"],
                &["lsoa name"],
                &["crime type"],
            ],
        )
        .ok()?;
        Some(Reader {
            columns,
            outcome_col: header.find(&["last outcome category"]),
            data: StreetData::default(),
            index: FxHashMap::default(),
            forces: Dict::default(),
            crime_types: Dict::default(),
            outcomes: Dict::default(),
            lsoas: Dict::default(),
            lsoa_council: Vec::new(),
            place_index: FxHashMap::default(),
            last_place: None,
            spot_head: Vec::new(),
            spot_next: Vec::new(),
            coordinates: header.find(&["longitude"]).zip(header.find(&["latitude"])),
            last_month: None,
            sized: false,
        })
    }

    fn month(&mut self, row: &Row, column: usize) -> Option<Month> {
        let bytes = row.record.get(column);
        if let Some((last, month)) = &self.last_month {
            if **last == *bytes {
                return Some(*month);
            }
        }
        let month = Month::parse_iso(&row.text(column))?;
        self.data.months.insert(month);
        self.last_month = Some((bytes.into(), month));
        Some(month)
    }
}

impl FormatReader for Reader {
    fn row(&mut self, row: &mut Row) {
        let [id_col, month_col, force_col, lsoa_col, type_col] = self.columns;
        let Some(month) = self.month(row, month_col) else {
            row.skip(Some(month_col), "not a month in the form YYYY-MM");
            return;
        };
        let type_bytes = row.record.get(type_col);
        if type_bytes.iter().all(u8::is_ascii_whitespace) {
            row.skip(Some(type_col), "no crime type");
            return;
        }
        let data = &mut self.data;
        // Ids are 16 bits in the cell key: a file with more distinct names
        // than that is not a police.uk file, and must not have them mixed up.
        let crime_type = self
            .crime_types
            .id(type_bytes, || data.crime_types.intern(&row.text(type_col)));
        let force = self.forces.id(row.record.get(force_col), || {
            data.forces.intern(&row.text(force_col))
        });
        let outcome = match self.outcome_col {
            Some(c) => self
                .outcomes
                .id(row.record.get(c), || data.outcomes.intern(&row.text(c))),
            None => data.outcomes.intern(""),
        };
        let (Ok(crime_type), Ok(force), Ok(outcome)) = (
            u16::try_from(crime_type),
            u16::try_from(force),
            u16::try_from(outcome),
        ) else {
            row.skip(
                Some(type_col),
                "more than 65,536 different crime types, forces or outcomes in one file: this is not a police.uk street file",
            );
            return;
        };
        let lsoa_bytes = row.record.get(lsoa_col);
        let lsoa_council = &mut self.lsoa_council;
        let lsoa = self.lsoas.id(lsoa_bytes, || {
            let name = row.text(lsoa_col);
            let name = name.trim();
            let lsoa = data.lsoas.intern(name);
            // Two spellings of one name ("R 001A", "R 001A ") are one LSOA,
            // with one council: a second entry would shift every later one.
            if lsoa as usize == lsoa_council.len() {
                lsoa_council.push(data.councils.intern(council_of(name)));
            }
            lsoa
        });
        let council = self.lsoa_council[lsoa as usize];
        let located = !lsoa_bytes.iter().all(u8::is_ascii_whitespace);
        let key = StreetKey {
            force,
            council,
            month,
            crime_type,
            outcome,
        };
        let cells = &mut data.cells;
        let cell = *self.index.entry(key).or_insert_with(|| {
            cells.push((key, 0));
            (cells.len() - 1) as u32
        });
        cells[cell as usize].1 += 1;
        let (mut place, mut spot) = (NOWHERE, NOWHERE);
        if located {
            let key = PlaceKey {
                force,
                lsoa,
                month,
                crime_type,
            };
            let places = &mut data.places;
            // Rows come sorted by LSOA and crime type: most repeat the last key.
            place = match self.last_place {
                Some((last, i)) if last == key => i,
                _ => *self.place_index.entry(key).or_insert_with(|| {
                    places.push((key, 0));
                    (places.len() - 1) as u32
                }),
            };
            self.last_place = Some((key, place));
            places[place as usize].1 += 1;
            if let Some((x, y)) = self
                .coordinates
                .and_then(|(lon, lat)| spot_of(row.record.get(lon), row.record.get(lat)))
            {
                let key = SpotKey {
                    force,
                    lsoa,
                    month,
                    crime_type,
                    x,
                    y,
                };
                let spots = &mut data.spots;
                // Each place's spots are a short list (a few map points per
                // LSOA, crime type and month): walk it, newest first.
                let head = self
                    .spot_head
                    .get(place as usize)
                    .copied()
                    .unwrap_or(NOWHERE);
                let mut at = head;
                while at != NOWHERE {
                    let k = &spots[at as usize].0;
                    if k.x == x && k.y == y {
                        break;
                    }
                    at = self.spot_next[at as usize];
                }
                spot = if at != NOWHERE {
                    at
                } else {
                    spots.push((key, 0));
                    self.spot_next.push(head);
                    let i = (spots.len() - 1) as u32;
                    if self.spot_head.len() <= place as usize {
                        self.spot_head.resize(place as usize + 1, NOWHERE);
                    }
                    self.spot_head[place as usize] = i;
                    i
                };
                spots[spot as usize].1 += 1;
            }
        }
        let id = row.record.get(id_col);
        if id.iter().all(u8::is_ascii_whitespace) {
            data.unidentified
                .entry((force, month))
                .or_default()
                .push(Unidentified { cell, place, spot });
        } else {
            if self.sized {
                super::grow_gently(&mut data.crimes);
                super::grow_gently(&mut data.crime_places);
            }
            let seq = data.crimes.len() as u32;
            data.crimes.push(CrimeRow {
                key: crime_key(id),
                cell,
                seq,
            });
            data.crime_places.push((place, spot));
        }
    }

    fn expect_rest(&mut self, fraction_read: f64) {
        super::reserve_for_rest(&mut self.data.crimes, fraction_read);
        super::reserve_for_rest(&mut self.data.crime_places, fraction_read);
        self.sized = true;
    }

    fn splits(&self) -> bool {
        true
    }

    fn absorb(&mut self, part: Content) -> bool {
        match part {
            Content::Street(later) => self.data.append(later),
            _ => false,
        }
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        let data = self.data;
        // A blank LSOA name is the one that gives the blank council.
        let no_location: u64 = data
            .cells
            .iter()
            .filter(|(k, _)| data.councils.name(k.council).is_empty())
            .map(|(_, n)| u64::from(*n))
            .sum();
        report.periods = data.months.iter().map(Month::to_string).collect();
        // Most records first: the file's own councils lead, edge neighbours trail.
        let mut records = vec![0u64; data.councils.len()];
        for (key, n) in &data.cells {
            records[key.council as usize] += u64::from(*n);
        }
        let mut areas: Vec<(u64, &str)> = records
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, data.councils.name(i as u32)))
            .filter(|(_, name)| !name.is_empty())
            .collect();
        crate::model::sort::sort_by(&mut areas, |a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        report.areas = areas
            .into_iter()
            .map(|(_, name)| name.to_string())
            .collect();
        report.forces = data
            .forces
            .names()
            .iter()
            .filter(|n| !n.is_empty())
            .cloned()
            .collect();
        if no_location > 0 {
            report.notices.push(format!(
                "{} rows have no location, so they are counted for no council",
                group(no_location)
            ));
        }
        Content::Street(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crime_keys_differ_for_ids_sharing_a_prefix() {
        let ids: Vec<String> = (0..10_000u32).map(|i| format!("{i:064x}")).collect();
        let mut keys: Vec<u64> = ids.iter().map(|id| crime_key(id.as_bytes())).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 10_000);
        assert_ne!(crime_key(b"ab"), crime_key(b"ab\0"));
    }

    /// Told the file's size, the reader sizes its crime list for the whole
    /// file from the first rows; told a wrong size, it still reads every row
    /// the same, growing the list a quarter at a time.
    #[test]
    fn crime_list_is_sized_from_the_files_size() {
        let bytes = crate::ingest::warm_up::sample_street_csv(40_000);
        let read = |expected: Option<u64>| {
            let mut ingest = crate::ingest::Ingest::new("sized.csv");
            if let Some(total) = expected {
                ingest.expect_bytes(total);
            }
            for chunk in bytes.chunks(1 << 20) {
                ingest.push(chunk);
            }
            let mut loaded = ingest.finish();
            let Some(Content::Street(data)) = loaded.content.as_mut() else {
                panic!("not street data");
            };
            let crimes = std::mem::take(&mut data.crimes);
            let capacity = crimes.capacity();
            (loaded, crimes, capacity)
        };
        let (plain, plain_crimes, doubled) = read(None);
        let identified = plain_crimes.len();
        // 7 in 8 rows have a Crime ID; grown by doubling, the list ends at 64K.
        assert_eq!(identified, 35_000);
        assert_eq!(doubled, 65_536);
        let sized = read(Some(bytes.len() as u64));
        assert!(
            (identified..identified * 104 / 100).contains(&sized.2),
            "{}",
            sized.2
        );
        let short = read(Some(bytes.len() as u64 / 2));
        assert!(short.2 < identified * 5 / 4 + 1024, "{}", short.2);
        let long = read(Some(bytes.len() as u64 * 3));
        for (other, crimes, _) in [&sized, &short, &long] {
            assert_eq!(other.report, plain.report);
            assert_eq!(other.content, plain.content);
            assert_eq!(*crimes, plain_crimes);
        }
    }

    /// A point met again away from its LSOA's other rows is one spot, and a
    /// duplicate crime comes off the right one.
    #[test]
    fn spots_met_twice_are_merged_and_duplicates_come_off_them() {
        let text = "Crime ID,Month,Falls within,Longitude,Latitude,LSOA name,Crime type\n\
                    a,2019-04,P,-1.0,53.0,R 001A,Burglary\n\
                    b,2019-04,P,-1.1,53.1,R 002A,Burglary\n\
                    c,2019-04,P,-1.0,53.0,R 001A,Burglary\n\
                    a,2019-04,P,-1.0,53.0,R 001A,Burglary\n";
        let mut loaded = crate::ingest::ingest_bytes("s.csv", text.as_bytes()).remove(0);
        let counts = |c: &Content| match c {
            Content::Street(d) => {
                let mut v: Vec<(i32, u32)> = d.spots.iter().map(|(k, n)| (k.x, *n)).collect();
                v.sort();
                v
            }
            _ => panic!("not street data"),
        };
        let content = loaded.content.as_mut().unwrap();
        assert_eq!(counts(content), [(-550, 1), (-500, 3)]);
        crate::ingest::Registry::default().admit(1, content);
        assert_eq!(counts(content), [(-550, 1), (-500, 2)]);
        if let Content::Street(d) = content {
            let places: Vec<u32> = d.places.iter().map(|(_, n)| *n).collect();
            assert_eq!(places, [2, 1]);
        }
    }

    /// An LSOA name written with a trailing space is the same LSOA, and
    /// the LSOAs after it keep their own councils (they once took the
    /// council of the LSOA before them).
    #[test]
    fn an_lsoa_written_two_ways_does_not_shift_later_councils() {
        let text = "Crime ID,Month,Falls within,LSOA name,Crime type\n\
                    a,2019-04,P,Rotherham 001A,Burglary\n\
                    b,2019-04,P,Rotherham 001A ,Burglary\n\
                    c,2019-04,P,Sheffield 001A,Drugs\n\
                    d,2019-04,P,Barnsley 001A,Drugs\n";
        let loaded = crate::ingest::ingest_bytes("s.csv", text.as_bytes()).remove(0);
        let Some(Content::Street(d)) = loaded.content else {
            panic!("not street data");
        };
        let mut counts: Vec<(&str, &str, u32)> = d
            .cells
            .iter()
            .map(|(k, n)| {
                (
                    d.councils.name(k.council),
                    d.crime_types.name(u32::from(k.crime_type)),
                    *n,
                )
            })
            .collect();
        counts.sort();
        assert_eq!(
            counts,
            [
                ("Barnsley", "Drugs", 1),
                ("Rotherham", "Burglary", 2),
                ("Sheffield", "Drugs", 1)
            ]
        );
        assert_eq!(d.lsoas.len(), 3);
    }

    #[test]
    fn council_is_lsoa_name_without_its_code() {
        assert_eq!(council_of("Rotherham 016A"), "Rotherham");
        assert_eq!(council_of("Kingston upon Hull 001A"), "Kingston upon Hull");
        assert_eq!(council_of("  Barnsley 001A "), "Barnsley");
        assert_eq!(council_of("Rotherham"), "Rotherham");
        assert_eq!(council_of("County Durham"), "County Durham");
    }
}
