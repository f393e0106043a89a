//! Residents by area, so that areas of different size are compared on rates
//! per 1,000 residents, never on raw counts (DOMAIN.md, "Rates").
//!
//! Built in: ONS mid-2019 estimates for every district of England and Wales,
//! with each district's police force area (`data/ons-mid-2019-lad-population.csv`,
//! derived by `scripts/population-data.sh`). A force area's residents are the
//! sum of its districts. A loaded population table overrides the built-in
//! figures for the areas it covers.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::ingest::Content;

/// Rates are per this many residents.
pub const PER: f64 = 1000.0;

const BUILT_IN: &str = include_str!("../../data/ons-mid-2019-lad-population.csv");
const BUILT_IN_SOURCE: &str = "ONS mid-2019";

/// Where an area's residents figure came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Residents {
    pub people: f64,
    pub year: Option<i32>,
    /// "ONS mid-2019", or the loaded file's name and year.
    pub source: String,
    /// For a force area: how many districts were added up.
    pub districts: Option<usize>,
}

impl Residents {
    /// "per 1,000 residents, ONS mid-2019".
    pub fn basis(&self) -> String {
        format!("per 1,000 residents, {}", self.source)
    }
}

#[derive(Debug, Clone, PartialEq)]
struct District {
    code: String,
    name: String,
    key: String,
    people: f64,
    force: String,
}

#[derive(Debug, Clone, PartialEq)]
struct LoadedRow {
    code: Option<String>,
    key: String,
    people: f64,
    year: Option<i32>,
    file: String,
}

impl LoadedRow {
    fn residents(&self) -> Residents {
        Residents {
            people: self.people,
            year: self.year,
            source: match self.year {
                Some(y) => format!("{} ({y})", self.file),
                None => format!("{} (year not stated)", self.file),
            },
            districts: None,
        }
    }
}

/// Every population the app knows, built-in and loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Populations {
    /// Shared: every scorecard and measure page makes a `Populations`.
    districts: std::sync::Arc<[District]>,
    loaded: Vec<LoadedRow>,
}

/// A name as it can be matched: case, punctuation, "&" and ONS's inverted
/// forms ("Kingston upon Hull, City of", "Bristol, City of",
/// "Herefordshire, County of") do not matter, nor does a leading "The".
pub fn normalise(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('&', " and ");
    let lower = lower
        .strip_suffix(", city of")
        .or_else(|| lower.strip_suffix(", county of"))
        .unwrap_or(&lower)
        .to_string();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| *w == "the")
        .collect();
    let joined = words.join(" ");
    // Spellings seen in other publishers' files for the same council.
    match joined.as_str() {
        "rhondda cynon taff" => "rhondda cynon taf".into(),
        "city of bristol" => "bristol".into(),
        "city of kingston upon hull" | "hull" => "kingston upon hull".into(),
        _ => joined,
    }
}

/// A force's name without "Police", "Constabulary" or "Service":
/// "South Yorkshire Police" is "South Yorkshire".
pub fn force_key(name: &str) -> String {
    normalise(name)
        .split(' ')
        .filter(|w| !matches!(*w, "police" | "constabulary" | "service"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn year_in_name(path: &str) -> Option<i32> {
    path.split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse::<i32>().ok())
        .find(|y| (1950..=2100).contains(y))
}

impl Populations {
    /// The built-in table alone (parsed once).
    pub fn built_in() -> Populations {
        static TABLE: std::sync::OnceLock<Populations> = std::sync::OnceLock::new();
        TABLE.get_or_init(Populations::parse_built_in).clone()
    }

    fn parse_built_in() -> Populations {
        let mut reader = csv::Reader::from_reader(BUILT_IN.as_bytes());
        let districts: Vec<District> = reader
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| {
                Some(District {
                    code: r.get(0)?.to_string(),
                    name: r.get(1)?.to_string(),
                    key: normalise(r.get(1)?),
                    people: r.get(2)?.parse().ok()?,
                    force: r.get(4)?.to_string(),
                })
            })
            .collect();
        Populations {
            districts: districts.into(),
            loaded: Vec::new(),
        }
    }

    /// The built-in table with every loaded population table over it.
    pub fn new(dataset: &Dataset) -> Populations {
        let mut p = Populations::built_in();
        for file in dataset.files() {
            if let Content::Population(table) = &file.content {
                let from_name = year_in_name(&file.report.path);
                p.loaded.extend(table.rows.iter().map(|r| LoadedRow {
                    code: r.code.clone().filter(|c| !c.trim().is_empty()),
                    key: normalise(&r.name),
                    people: r.population,
                    year: r.year.or(from_name),
                    file: file.report.path.clone(),
                }));
            }
        }
        p
    }

    /// How many districts are built in.
    pub fn built_in_districts(&self) -> usize {
        self.districts.len()
    }

    /// Residents of `area` (a district, a force area or an area in a loaded
    /// table), matched by code where one is given, else by normalised name.
    pub fn of(&self, area: &str, code: Option<&str>) -> Option<Residents> {
        let key = normalise(area);
        let code = code.map(str::trim).filter(|c| !c.is_empty());
        let loaded = self
            .loaded
            .iter()
            .find(|r| code.is_some() && r.code.as_deref() == code)
            .or_else(|| self.loaded.iter().find(|r| r.key == key));
        if let Some(r) = loaded.filter(|r| r.people > 0.0) {
            return Some(r.residents());
        }
        let built_in = |d: &District| Residents {
            people: d.people,
            year: Some(2019),
            source: BUILT_IN_SOURCE.into(),
            districts: None,
        };
        if let Some(d) = self
            .districts
            .iter()
            .find(|d| code.is_some_and(|c| c.eq_ignore_ascii_case(&d.code)))
            .or_else(|| self.districts.iter().find(|d| d.key == key))
        {
            return Some(built_in(d));
        }
        // England and Wales: every district.
        if key == "england and wales" || code.is_some_and(|c| c.eq_ignore_ascii_case("K04000001")) {
            return Some(Residents {
                people: self.districts.iter().map(|d| d.people).sum(),
                year: Some(2019),
                source: format!(
                    "{BUILT_IN_SOURCE}, the sum of its {} districts",
                    self.districts.len()
                ),
                districts: Some(self.districts.len()),
            });
        }
        // An authority formed since mid-2019 (North Yorkshire, 2023) is the
        // sum of the districts it replaced: by its code first, since North
        // Yorkshire is also a force's name; by name only after the forces.
        let table = super::similar::Table::built_in();
        if let Some(r) = code
            .and_then(|c| table.identify(c))
            .and_then(|(current, _)| self.of_successor(&current))
        {
            return Some(r);
        }
        // A police force area: the sum of its districts.
        let force = force_key(area);
        let inside: Vec<&District> = self
            .districts
            .iter()
            .filter(|d| force_key(&d.force) == force)
            .collect();
        if !inside.is_empty() {
            return Some(Residents {
                people: inside.iter().map(|d| d.people).sum(),
                year: Some(2019),
                source: format!(
                    "{BUILT_IN_SOURCE}, the sum of its {} districts",
                    inside.len()
                ),
                districts: Some(inside.len()),
            });
        }
        table
            .identify(area)
            .and_then(|(current, _)| self.of_successor(&current))
    }

    /// The residents of `current` (a current ONS code) as the sum of the
    /// built-in districts it replaced, when every one of them is known.
    fn of_successor(&self, current: &str) -> Option<Residents> {
        let known = |c: &str| self.has_code(c);
        let former = super::codes::Successors::built_in().predecessors(current, &known);
        let inside: Vec<&District> = former
            .iter()
            .filter_map(|p| self.districts.iter().find(|d| d.code == p.code))
            .collect();
        (!inside.is_empty() && inside.len() == former.len()).then(|| Residents {
            people: inside.iter().map(|d| d.people).sum(),
            year: Some(2019),
            source: if inside.len() == 1 {
                BUILT_IN_SOURCE.to_string()
            } else {
                format!(
                    "{BUILT_IN_SOURCE}, the sum of the {} districts it replaced",
                    inside.len()
                )
            },
            districts: None,
        })
    }

    /// True when the built-in table has a district with this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.districts
            .iter()
            .any(|d| d.code.eq_ignore_ascii_case(code.trim()))
    }

    /// Residents of a small area (a neighbourhood or ward) from a loaded
    /// table, by code only: names like "Central" repeat across councils.
    pub fn loaded_by_code(&self, code: &str) -> Option<Residents> {
        let code = code.trim();
        self.loaded
            .iter()
            .find(|r| {
                r.people > 0.0
                    && r.code
                        .as_deref()
                        .is_some_and(|c| c.trim().eq_ignore_ascii_case(code))
            })
            .map(LoadedRow::residents)
    }

    /// The police force area a district is in, from the built-in table.
    pub fn force_of(&self, area: &str) -> Option<&str> {
        let key = normalise(area);
        self.districts
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.force.as_str())
    }

    /// Every police force area of England and Wales (the 43 territorial
    /// forces), as the built-in table names them.
    pub fn forces(&self) -> Vec<String> {
        let mut out: Vec<String> = self.districts.iter().map(|d| d.force.clone()).collect();
        crate::model::sort::sort(&mut out);
        out.dedup();
        out
    }

    /// The districts of a police force area, by their ONS names as matched.
    pub fn districts_of_force(&self, force: &str) -> Vec<String> {
        let force = force_key(force);
        self.districts
            .iter()
            .filter(|d| force_key(&d.force) == force)
            .map(|d| d.name.clone())
            .collect()
    }
}

/// Count per 1,000 residents.
pub fn rate(count: f64, people: f64) -> Option<f64> {
    (people > 0.0).then(|| count * PER / people)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::LoadedFile;
    use crate::ingest::ingest_bytes;

    #[test]
    fn the_built_in_table_holds_the_ons_figures() {
        // Checked by hand against the ONS workbook, sheet "MYE2 - Persons".
        let p = Populations::built_in();
        assert_eq!(p.built_in_districts(), 336);
        for (area, people) in [
            ("Rotherham", 265_411.0),
            ("Barnsley", 246_866.0),
            ("Doncaster", 311_890.0),
            ("Sheffield", 584_853.0),
        ] {
            let r = p.of(area, None).unwrap();
            assert_eq!((r.people, r.year), (people, Some(2019)), "{area}");
            assert_eq!(r.basis(), "per 1,000 residents, ONS mid-2019");
        }
        // A force area is its districts added up: 265,411 + 246,866 + 311,890 + 584,853.
        let force = p.of("South Yorkshire Police", None).unwrap();
        assert_eq!((force.people, force.districts), (1_409_020.0, Some(4)));
        assert_eq!(p.force_of("rotherham"), Some("South Yorkshire"));
        assert_eq!(p.forces().len(), 43, "the territorial forces");
        let ew = p.of("England and Wales", None).unwrap();
        assert_eq!((ew.people, ew.districts), (59_439_840.0, Some(336)));
        assert_eq!(
            p.districts_of_force("South Yorkshire"),
            ["Barnsley", "Doncaster", "Rotherham", "Sheffield"]
        );
    }

    #[test]
    fn ons_name_forms_match_what_other_files_call_the_council() {
        let p = Populations::built_in();
        for (name, ons) in [
            ("Kingston upon Hull", 259_778.0),
            ("Hull", 259_778.0),
            ("Bristol", 463_377.0),
            ("City of Bristol", 463_377.0),
            ("Rhondda Cynon Taff", 241_264.0),
            ("RHONDDA CYNON TAF", 241_264.0),
        ] {
            assert_eq!(p.of(name, None).map(|r| r.people), Some(ons), "{name}");
        }
        assert_eq!(normalise("Brighton & Hove"), "brighton and hove");
        assert_eq!(normalise("The Vale of Glamorgan"), "vale of glamorgan");
        assert_eq!(normalise("St. Albans"), "st albans");
        // By code even when the name differs.
        assert_eq!(
            p.of("Rotherham MBC", Some("E08000018")).map(|r| r.people),
            Some(265_411.0)
        );
        assert_eq!(p.of("Aylesbury Vale", None), None, "merged in 2020");
        // Formed in 2023 from seven districts: 57,142 + 91,594 + 160,831 +
        // 53,730 + 55,380 + 108,757 + 90,620 (the ONS mid-2019 rows).
        let ny = p.of("North Yorkshire", Some("E06000065")).unwrap();
        // By name alone it is the force area, York included.
        assert_eq!(p.of("North Yorkshire", None).unwrap().districts, Some(8));
        assert_eq!(ny.people, 618_054.0);
        assert_eq!(
            ny.source,
            "ONS mid-2019, the sum of the 7 districts it replaced"
        );
        // Barnsley's 2023 code is the same council.
        assert_eq!(
            p.of("Barnsley", Some("E08000038")).map(|r| r.people),
            Some(246_866.0)
        );
    }

    #[test]
    fn a_loaded_table_overrides_the_built_in_one_where_it_covers() {
        let table = "area_name,population\nRotherham ,257280\n";
        let mut d = Dataset::default();
        let loaded = ingest_bytes("lad-population-2011-census.csv", table.as_bytes()).remove(0);
        d.add(LoadedFile::new(0, loaded).unwrap()).unwrap();
        let p = Populations::new(&d);
        let r = p.of("Rotherham", None).unwrap();
        assert_eq!((r.people, r.year), (257_280.0, Some(2011)));
        assert_eq!(
            r.basis(),
            "per 1,000 residents, lad-population-2011-census.csv (2011)"
        );
        assert_eq!(p.of("Sheffield", None).unwrap().people, 584_853.0);
        assert!((rate(175.0, 265_411.0).unwrap() - 0.659355).abs() < 1e-6);
    }
}
