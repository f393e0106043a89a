//! The neighbourhood detail of police.uk street files: counts by LSOA and by
//! grid square of the crimes' own coordinates, their keys, how coordinates
//! are read, and the compact form they are saved and sent in.

use crate::model::Month;

/// No entry (a row without coordinates has no spot).
pub const NOWHERE: u32 = u32::MAX;

/// Grid squares per degree for [`SpotKey`]: 1/500 of a degree is about 220 m
/// north to south and 130 m east to west in England, well inside a hot-spot
/// map's hexagons, and police.uk's points are already snapped to a nearby
/// street for anonymity. Finer squares would make saved workspaces bigger for
/// nothing the map can show.
pub const SPOT_GRID: f64 = 500.0;

/// An LSOA count's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlaceKey {
    pub force: u16,
    /// Id in `lsoas`.
    pub lsoa: u32,
    pub month: Month,
    pub crime_type: u16,
}

/// A grid square's key: `x`, `y` are longitude and latitude times
/// [`SPOT_GRID`], rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpotKey {
    pub force: u16,
    /// Id in `lsoas`: so the hot spots can be those of one neighbourhood.
    pub lsoa: u32,
    pub month: Month,
    pub crime_type: u16,
    pub x: i32,
    pub y: i32,
}

/// A coordinate in millionths of a degree. police.uk writes "-1.356963":
/// that is read digit by digit in whole numbers (a million rows parse
/// noticeably faster, above all in WebAssembly, where rounding a float is a
/// library call); anything else goes through the general parser.
fn micro_degrees(bytes: &[u8]) -> Option<i64> {
    const SCALE: [i64; 7] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
    let bytes = bytes.trim_ascii();
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, &[][..]),
    };
    let simple = !whole.is_empty()
        && whole.len() <= 3
        && fraction.len() < SCALE.len()
        && whole.iter().chain(fraction).all(u8::is_ascii_digit);
    if !simple {
        let value: f64 = std::str::from_utf8(bytes).ok()?.parse().ok()?;
        return (value.is_finite() && value.abs() <= 360.0).then(|| (value * 1e6).round() as i64);
    }
    let number = |d: &[u8]| d.iter().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    let value = number(whole) * 1_000_000 + number(fraction) * SCALE[fraction.len()];
    Some(if negative { -value } else { value })
}

/// The grid square of a coordinate pair, if both are numbers in range.
pub fn spot_of(longitude: &[u8], latitude: &[u8]) -> Option<(i32, i32)> {
    let (lon, lat) = (micro_degrees(longitude)?, micro_degrees(latitude)?);
    // Nearest square, halves up: whole numbers, the same on every platform.
    let square = |micro: i64| ((micro * SPOT_GRID as i64 + 500_000).div_euclid(1_000_000)) as i32;
    (lon.abs() <= 180_000_000 && lat.abs() <= 90_000_000).then(|| (square(lon), square(lat)))
}

/// A row with no Crime ID: its entries in `cells`, `places` and `spots`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unidentified {
    pub cell: u32,
    pub place: u32,
    pub spot: u32,
}

/// How `places` and `spots` are saved and sent to the page: hundreds of
/// thousands of small counts, which as JSON arrays took the page longer to
/// read than the file took to parse. Each list is written column by column
/// (every force, then every LSOA, …), each value as four little-endian bytes,
/// in one base64 string after a version tag: long runs of one force or month
/// gzip to almost nothing, and reading is a byte copy. A damaged string is
/// refused with a message, never a panic.
pub mod columns {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::{PlaceKey, SpotKey};
    use crate::model::Month;

    const TAG: &str = "c1:";

    /// The rows as columns: every row's first value, then every second, …,
    /// each as four little-endian bytes.
    fn to_columns<const N: usize>(rows: impl ExactSizeIterator<Item = [u32; N]>) -> Vec<u8> {
        let n = rows.len();
        let mut bytes = vec![0u8; n * N * 4];
        for (r, row) in rows.enumerate() {
            for (c, value) in row.iter().enumerate() {
                let at = (c * n + r) * 4;
                bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
        }
        bytes
    }

    fn from_columns<const N: usize>(bytes: &[u8]) -> Result<Vec<[u32; N]>, String> {
        if !bytes.len().is_multiple_of(N * 4) {
            return Err("damaged neighbourhood detail: cut short".into());
        }
        let n = bytes.len() / (N * 4);
        let value = |c: usize, r: usize| {
            let at = (c * n + r) * 4;
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        Ok((0..n)
            .map(|r| std::array::from_fn(|c| value(c, r)))
            .collect())
    }

    fn encode<const N: usize>(rows: impl ExactSizeIterator<Item = [u32; N]>) -> String {
        format!(
            "{TAG}{}",
            base64::engine::general_purpose::STANDARD.encode(to_columns(rows))
        )
    }

    fn decode<const N: usize>(text: &str) -> Result<Vec<[u32; N]>, String> {
        let body = text
            .strip_prefix(TAG)
            .ok_or("neighbourhood detail in an unknown layout")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| format!("damaged neighbourhood detail: {e}"))?;
        from_columns(&bytes)
    }

    fn place_row((k, n): &(PlaceKey, u32)) -> [u32; 5] {
        [
            u32::from(k.force),
            k.lsoa,
            u32::from(k.month.index()),
            u32::from(k.crime_type),
            *n,
        ]
    }

    fn place_of(
        [force, lsoa, month_index, crime_type, n]: [u32; 5],
    ) -> Result<(PlaceKey, u32), String> {
        Ok((
            PlaceKey {
                force: small(force)?,
                lsoa,
                month: month(month_index)?,
                crime_type: small(crime_type)?,
            },
            n,
        ))
    }

    fn spot_row((k, n): &(SpotKey, u32)) -> [u32; 7] {
        [
            u32::from(k.force),
            k.lsoa,
            u32::from(k.month.index()),
            u32::from(k.crime_type),
            k.x as u32,
            k.y as u32,
            *n,
        ]
    }

    fn spot_of(
        [force, lsoa, month_index, crime_type, x, y, n]: [u32; 7],
    ) -> Result<(SpotKey, u32), String> {
        Ok((
            SpotKey {
                force: small(force)?,
                lsoa,
                month: month(month_index)?,
                crime_type: small(crime_type)?,
                x: x as i32,
                y: y as i32,
            },
            n,
        ))
    }

    /// A street file's LSOA and grid-square counts.
    pub type Detail = (Vec<(PlaceKey, u32)>, Vec<(SpotKey, u32)>);

    /// Both lists taken out as raw columns, for a message that carries them
    /// as bytes beside its JSON: megabytes for a large file, which as base64
    /// inside the JSON cost the worker and the page tens of milliseconds to
    /// encode, copy and decode. `[places count][places][spots]`.
    pub fn take_bytes(
        places: &mut Vec<(PlaceKey, u32)>,
        spots: &mut Vec<(SpotKey, u32)>,
    ) -> Vec<u8> {
        let (places, spots) = (std::mem::take(places), std::mem::take(spots));
        let mut bytes = (places.len() as u32).to_le_bytes().to_vec();
        bytes.append(&mut to_columns(places.iter().map(place_row)));
        bytes.append(&mut to_columns(spots.iter().map(spot_row)));
        bytes
    }

    /// The lists [`take_bytes`] took, from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Detail, String> {
        let count = bytes
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or("damaged neighbourhood detail: cut short")?;
        let split = count
            .checked_mul(5 * 4)
            .and_then(|n| n.checked_add(4))
            .filter(|&n| n <= bytes.len())
            .ok_or("damaged neighbourhood detail: cut short")?;
        let places = from_columns::<5>(&bytes[4..split])?
            .into_iter()
            .map(place_of)
            .collect::<Result<_, _>>()?;
        let spots = from_columns::<7>(&bytes[split..])?
            .into_iter()
            .map(spot_of)
            .collect::<Result<_, _>>()?;
        Ok((places, spots))
    }

    fn month(index: u32) -> Result<Month, String> {
        u16::try_from(index)
            .ok()
            .and_then(Month::from_index)
            .ok_or_else(|| "damaged neighbourhood detail: a month out of range".to_string())
    }

    fn small(value: u32) -> Result<u16, String> {
        u16::try_from(value)
            .map_err(|_| "damaged neighbourhood detail: a force or crime type out of range".into())
    }

    pub mod places {
        use super::*;

        pub fn serialize<S: Serializer>(list: &[(PlaceKey, u32)], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&encode(list.iter().map(place_row)))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<(PlaceKey, u32)>, D::Error> {
            let text = String::deserialize(d)?;
            decode::<5>(&text)
                .and_then(|rows| rows.into_iter().map(place_of).collect())
                .map_err(serde::de::Error::custom)
        }
    }

    pub mod spots {
        use super::*;

        pub fn serialize<S: Serializer>(list: &[(SpotKey, u32)], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&encode(list.iter().map(spot_row)))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<(SpotKey, u32)>, D::Error> {
            let text = String::deserialize(d)?;
            decode::<7>(&text)
                .and_then(|rows| rows.into_iter().map(spot_of).collect())
                .map_err(serde::de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_read_as_police_uk_writes_them_and_otherwise() {
        assert_eq!(micro_degrees(b"-1.356963"), Some(-1_356_963));
        assert_eq!(micro_degrees(b" 53.4 "), Some(53_400_000));
        assert_eq!(micro_degrees(b"1e-3"), Some(1_000));
        assert_eq!(micro_degrees(b"2"), Some(2_000_000));
        assert_eq!(micro_degrees(b"0.1234567"), Some(123_457));
        assert_eq!(micro_degrees(b""), None);
        assert_eq!(micro_degrees(b"-"), None);
        assert_eq!(micro_degrees(b"1.2.3"), None);
        assert_eq!(micro_degrees(b"NaN"), None);
        // Halves go up, on both sides of zero.
        assert_eq!(spot_of(b"0.001", b"-0.001"), Some((1, 0)));
        assert_eq!(spot_of(b"-0.003", b"0"), Some((-1, 0)));
        assert_eq!(spot_of(b"-1.356963", b"53.429584"), Some((-678, 26715)));
        assert_eq!(spot_of(b"181", b"53"), None);
        assert_eq!(spot_of(b"x", b"53"), None);
    }

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Both {
        #[serde(with = "columns::places")]
        places: Vec<(PlaceKey, u32)>,
        #[serde(with = "columns::spots")]
        spots: Vec<(SpotKey, u32)>,
    }

    #[test]
    fn detail_round_trips_in_columns_and_damage_is_refused() {
        let month = Month::parse_iso("2019-04").unwrap();
        let both = Both {
            places: vec![
                (
                    PlaceKey {
                        force: 1,
                        lsoa: 70_000,
                        month,
                        crime_type: 3,
                    },
                    12,
                ),
                (
                    PlaceKey {
                        force: 0,
                        lsoa: 2,
                        month,
                        crime_type: 65_535,
                    },
                    1,
                ),
            ],
            spots: vec![(
                SpotKey {
                    force: 1,
                    lsoa: 4,
                    month,
                    crime_type: 3,
                    x: -678,
                    y: 26_715,
                },
                u32::MAX,
            )],
        };
        let json = serde_json::to_string(&both).unwrap();
        assert!(json.contains("\"c1:"), "{json}");
        assert_eq!(serde_json::from_str::<Both>(&json).unwrap(), both);
        for damaged in [
            r#"{"places":"c1:AAAA","spots":"c1:"}"#,
            r#"{"places":"c1:!!!!","spots":"c1:"}"#,
            r#"{"places":"xx","spots":"c1:"}"#,
            r#"{"places":[[0,1]],"spots":"c1:"}"#,
        ] {
            assert!(serde_json::from_str::<Both>(damaged).is_err(), "{damaged}");
        }
        // As bytes beside a message: the same lists back, the lists taken.
        let (mut places, mut spots) = (both.places.clone(), both.spots.clone());
        let bytes = columns::take_bytes(&mut places, &mut spots);
        assert!(places.is_empty() && spots.is_empty());
        assert_eq!(bytes.len(), 4 + 2 * 5 * 4 + 7 * 4);
        assert_eq!(
            columns::from_bytes(&bytes).unwrap(),
            (both.places.clone(), both.spots.clone())
        );
        for cut in [0, 3, 4, 20, bytes.len() - 1] {
            assert!(columns::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(columns::from_bytes(&huge).is_err());
        // A month index past any real month.
        let bad = serde_json::to_string(&Both {
            places: vec![],
            spots: vec![],
        })
        .unwrap();
        assert!(serde_json::from_str::<Both>(&bad)
            .unwrap()
            .places
            .is_empty());
    }
}
