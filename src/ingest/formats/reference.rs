//! Reference tables: populations, comparator lists and the local authority ->
//! CSP -> police force area lookup.

use serde::{Deserialize, Serialize};

use super::{require, FormatReader};
use crate::ingest::columns::{Header, Row};
use crate::ingest::{Content, FileReport};

const AREA_NAME: &[&str] = &[
    "area name",
    "local authority",
    "la name",
    "lad name",
    // Small-area tables (ONS's MSOA and ward estimates), for neighbourhood rates.
    "msoa name",
    "msoa11nm",
    "ward name",
    "wd19nm",
    "name",
    "area",
    "geography",
];
const AREA_CODE: &[&str] = &[
    "area code",
    "la code",
    "lad code",
    "msoa code",
    "msoa11cd",
    "ward code",
    "wd19cd",
    "code",
    "geography code",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationRow {
    pub code: Option<String>,
    pub name: String,
    pub population: f64,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PopulationData {
    pub rows: Vec<PopulationRow>,
}

pub struct PopulationReader {
    name: Option<usize>,
    code: Option<usize>,
    population: usize,
    year: Option<usize>,
    data: PopulationData,
}

impl PopulationReader {
    pub fn detect(header: &Header) -> Option<PopulationReader> {
        let population =
            header.find(&["population", "all ages", "all persons", "usual residents"])?;
        let name = header.find(AREA_NAME);
        let code = header.find(AREA_CODE);
        (name.is_some() || code.is_some()).then_some(PopulationReader {
            name,
            code,
            population,
            year: header.find(&["year", "mid year"]),
            data: PopulationData::default(),
        })
    }
}

fn text(row: &mut Row, column: Option<usize>) -> Option<String> {
    let t = row.text(column?).into_owned();
    (!t.is_empty()).then_some(t)
}

impl FormatReader for PopulationReader {
    fn keeps_rows(&self) -> bool {
        true
    }

    fn row(&mut self, row: &mut Row) {
        let code = text(row, self.code);
        let Some(name) = text(row, self.name).or_else(|| code.clone()) else {
            row.skip(self.name.or(self.code), "no area");
            return;
        };
        let Ok(population) = row.number(self.population, "the population") else {
            return;
        };
        let Some(population) = population else {
            row.skip(Some(self.population), "no population");
            return;
        };
        let year = text(row, self.year).and_then(|y| y.get(..4).and_then(|y| y.parse().ok()));
        self.data.rows.push(PopulationRow {
            code,
            name,
            population,
            year,
        });
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        report.areas = self.data.rows.iter().map(|r| r.name.clone()).collect();
        let mut years: Vec<String> = self
            .data
            .rows
            .iter()
            .filter_map(|r| r.year)
            .map(|y| y.to_string())
            .collect();
        crate::model::sort::sort(&mut years);
        years.dedup();
        report.periods = years;
        Content::Population(self.data)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComparatorList {
    /// (code, name)
    pub areas: Vec<(String, String)>,
}

pub struct ComparatorReader {
    code: usize,
    name: usize,
    data: ComparatorList,
}

impl ComparatorReader {
    /// A two-column list of area codes and names, and nothing else.
    pub fn detect(header: &Header) -> Option<ComparatorReader> {
        let [code, name] = require(header, [AREA_CODE, AREA_NAME]).ok()?;
        let others = header
            .names
            .iter()
            .enumerate()
            .filter(|(i, n)| *i != code && *i != name && !n.is_empty())
            .count();
        (others == 0).then_some(ComparatorReader {
            code,
            name,
            data: ComparatorList::default(),
        })
    }
}

impl FormatReader for ComparatorReader {
    fn keeps_rows(&self) -> bool {
        true
    }

    fn row(&mut self, row: &mut Row) {
        let code = row.text(self.code).into_owned();
        let name = row.text(self.name).into_owned();
        if name.is_empty() && code.is_empty() {
            row.skip(Some(self.name), "no area");
            return;
        }
        self.data.areas.push((code, name));
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        report.areas = self.data.areas.iter().map(|(_, n)| n.clone()).collect();
        Content::Comparators(self.data)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupRow {
    pub lad_code: String,
    pub lad_name: String,
    pub csp_code: String,
    pub csp_name: String,
    pub force_code: String,
    pub force_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupData {
    pub rows: Vec<LookupRow>,
}

pub struct LookupReader {
    columns: [usize; 6],
    data: LookupData,
}

impl LookupReader {
    pub fn detect(header: &Header) -> Option<LookupReader> {
        // ONS codes carry the year: PFA21CD, LAD23NM…
        let by_prefix = |prefix: &str, suffix: &str| {
            header.names.iter().position(|n| {
                n.starts_with(prefix)
                    && n.ends_with(suffix)
                    && n.len() <= prefix.len() + suffix.len() + 2
            })
        };
        let find = |aliases: &[&str], prefix: &str, suffix: &str| {
            header.find(aliases).or_else(|| by_prefix(prefix, suffix))
        };
        let columns = [
            find(&["lad code", "la code"], "lad", "cd")?,
            find(&["lad name", "la name"], "lad", "nm")?,
            find(&["csp code"], "csp", "cd")?,
            find(&["csp name"], "csp", "nm")?,
            find(&["pfa code", "force code"], "pfa", "cd")?,
            find(
                &["pfa name", "force name", "police force area"],
                "pfa",
                "nm",
            )?,
        ];
        Some(LookupReader {
            columns,
            data: LookupData::default(),
        })
    }
}

impl FormatReader for LookupReader {
    fn keeps_rows(&self) -> bool {
        true
    }

    fn row(&mut self, row: &mut Row) {
        let [a, b, c, d, e, f] = self.columns.map(|i| row.text(i).into_owned());
        if b.is_empty() {
            row.skip(Some(self.columns[1]), "no local authority name");
            return;
        }
        self.data.rows.push(LookupRow {
            lad_code: a,
            lad_name: b,
            csp_code: c,
            csp_name: d,
            force_code: e,
            force_name: f,
        });
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        report.areas = self.data.rows.iter().map(|r| r.lad_name.clone()).collect();
        let mut forces: Vec<String> = self
            .data
            .rows
            .iter()
            .map(|r| r.force_name.clone())
            .collect();
        crate::model::sort::sort(&mut forces);
        forces.dedup();
        report.forces = forces;
        Content::Lookup(self.data)
    }
}
