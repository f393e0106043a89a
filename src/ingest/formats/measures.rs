//! Tidy measures: one row per area x period x measure. Two layouts:
//!
//! - Scrutineer's own (documented in the README): `area`, `period`, `measure`,
//!   then `value` or `numerator` and `denominator`, and optionally `target`,
//!   `polarity` (higher or lower is better), `theme` and `unit`;
//! - council open-data tables shaped like
//!   `area_code,area_name,period,value,indicator,measure,unit,group`, where
//!   `indicator` names the measure, `measure` says what kind of figure it is
//!   (count, rate…) and `group` is the theme.
//!
//! Files are small, so rows are kept; periods are resolved once the whole
//! column has been seen (`2011-12` is a month or a year depending on the rest).

use serde::{Deserialize, Serialize};

use super::FormatReader;
use crate::ingest::columns::{Header, Row, Skipped};
use crate::ingest::number::{parse_number, Cell};
use crate::ingest::problem::ColumnRef;
use crate::ingest::{Content, FileReport};
use crate::model::{parse_period_column, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Higher,
    Lower,
}

impl Polarity {
    pub fn parse(text: &str) -> Option<Polarity> {
        let t = text.trim().to_lowercase();
        if t.starts_with("high") || t == "up" || t == "increase" {
            Some(Polarity::Higher)
        } else if t.starts_with("low") || t == "down" || t == "decrease" {
            Some(Polarity::Lower)
        } else {
            None
        }
    }

    /// Words that say neither direction is better.
    pub fn is_neither(text: &str) -> bool {
        let t = text.trim().to_lowercase();
        matches!(
            t.as_str(),
            "" | "neither" | "no direction" | "none" | "neutral" | "n/a" | "na" | "-" | "either"
        ) || t.starts_with("neither")
            || t.starts_with("no polarity")
            || t.starts_with("no preferred")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureRow {
    pub area: String,
    pub area_code: Option<String>,
    pub period: Period,
    pub measure: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub target: Option<f64>,
    pub polarity: Option<Polarity>,
    pub theme: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasureData {
    pub rows: Vec<MeasureRow>,
}

/// Which column holds what. Also the column-mapping API: a file of any other
/// layout becomes measures once a user says which column is which.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub area: Option<usize>,
    pub area_code: Option<usize>,
    pub period: usize,
    /// The column naming the measure, or one name for the whole file.
    pub measure: Option<usize>,
    pub measure_name: Option<String>,
    /// In the open-data layout, a column qualifying the measure (count, rate…).
    pub measure_kind: Option<usize>,
    pub value: Option<usize>,
    pub numerator: Option<usize>,
    pub denominator: Option<usize>,
    pub target: Option<usize>,
    pub polarity: Option<usize>,
    pub theme: Option<usize>,
    pub unit: Option<usize>,
}

impl ColumnMapping {
    /// What is wrong with the mapping for a header of `width` columns, if anything.
    pub fn problem(&self, width: usize) -> Option<String> {
        if self.area.is_none() && self.area_code.is_none() {
            return Some("choose the column holding the area".into());
        }
        if self.measure.is_none() && self.measure_name.as_deref().is_none_or(str::is_empty) {
            return Some("choose the column naming the measure, or type a name for it".into());
        }
        if self.value.is_none() && (self.numerator.is_none() || self.denominator.is_none()) {
            return Some("choose the value column, or both numerator and denominator".into());
        }
        let all = [
            self.area,
            self.area_code,
            Some(self.period),
            self.measure,
            self.measure_kind,
            self.value,
            self.numerator,
            self.denominator,
            self.target,
            self.polarity,
            self.theme,
            self.unit,
        ];
        all.iter()
            .flatten()
            .any(|&c| c >= width)
            .then(|| "a chosen column is not in the file".into())
    }
}

struct Pending {
    line: u64,
    period_text: String,
    row: MeasureRow,
}

pub struct Reader {
    map: ColumnMapping,
    period_column: ColumnRef,
    pending: Vec<Pending>,
}

impl Reader {
    pub fn detect(header: &Header) -> Option<Reader> {
        let period = header.find(&["period", "time period", "date"])?;
        let measure = header.find(&["measure", "indicator"]);
        let measure_kind = match (header.find(&["indicator"]), header.find(&["measure"])) {
            (Some(_), Some(kind)) => Some(kind),
            _ => None,
        };
        let map = ColumnMapping {
            area: header.find(&["area", "area name", "area_name"]),
            area_code: header.find(&["area code"]),
            period,
            measure: header.find(&["indicator"]).or(measure),
            measure_name: None,
            measure_kind,
            value: header.find(&["value"]),
            numerator: header.find(&["numerator"]),
            denominator: header.find(&["denominator"]),
            target: header.find(&["target"]),
            polarity: header.find(&["polarity"]),
            theme: header.find(&["theme", "group", "priority"]),
            unit: header.find(&["unit", "units"]),
        };
        map.problem(header.width())
            .is_none()
            .then(|| Reader::with_mapping(header, map))
    }

    pub fn with_mapping(header: &Header, map: ColumnMapping) -> Reader {
        Reader {
            period_column: header.column(map.period),
            map,
            pending: Vec::new(),
        }
    }
}

fn optional_text(row: &mut Row, column: Option<usize>) -> Option<String> {
    let text = row.text(column?).into_owned();
    (!text.is_empty()).then_some(text)
}

impl FormatReader for Reader {
    fn keeps_rows(&self) -> bool {
        true
    }

    fn row(&mut self, row: &mut Row) {
        let m = &self.map;
        let area = optional_text(row, m.area).or_else(|| optional_text(row, m.area_code));
        let Some(area) = area else {
            row.skip(m.area.or(m.area_code), "no area");
            return;
        };
        let mut measure = match m.measure {
            Some(c) => row.text(c).into_owned(),
            None => m.measure_name.clone().unwrap_or_default(),
        };
        if measure.is_empty() {
            row.skip(m.measure, "no measure name");
            return;
        }
        if let Some(kind) = optional_text(row, m.measure_kind) {
            measure = format!("{measure} ({kind})");
        }
        let mut unit = optional_text(row, m.unit);
        let mut number =
            |row: &mut Row, column: Option<usize>, what: &str| -> Result<Option<f64>, Skipped> {
                let Some(c) = column else { return Ok(None) };
                let text = row.text(c).into_owned();
                match parse_number(&text, row.comma_delimited) {
                    Cell::Number { value, percent } => {
                        if percent && unit.is_none() {
                            unit = Some("%".into());
                        }
                        Ok(Some(value))
                    }
                    Cell::Missing => Ok(None),
                    Cell::Invalid => {
                        row.skip(Some(c), format!("the {what} is not a number"));
                        Err(Skipped)
                    }
                }
            };
        let (Ok(value), Ok(numerator), Ok(denominator), Ok(target)) = (
            number(row, m.value, "value"),
            number(row, m.numerator, "numerator"),
            number(row, m.denominator, "denominator"),
            number(row, m.target, "target"),
        ) else {
            return;
        };
        let polarity = match optional_text(row, m.polarity) {
            None => None,
            Some(text) => match Polarity::parse(&text) {
                Some(p) => Some(p),
                // A measure with no better direction (a count of searches, a
                // demand figure) loads and is ranked by value, not judged.
                None if Polarity::is_neither(&text) => None,
                None => {
                    row.skip(
                        m.polarity,
                        "the polarity is not \"higher is better\", \"lower is better\" or \"neither\"",
                    );
                    return;
                }
            },
        };
        let measure_row = MeasureRow {
            area,
            area_code: optional_text(row, m.area_code),
            period: Period::CalendarYear(0),
            measure,
            value,
            numerator,
            denominator,
            target,
            polarity,
            theme: optional_text(row, m.theme),
            unit,
        };
        let period_text = row.text(m.period).into_owned();
        self.pending.push(Pending {
            line: row.line(),
            period_text,
            row: measure_row,
        });
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        let prefer_years = parse_period_column(self.pending.iter().map(|p| p.period_text.as_str()));
        let mut data = MeasureData::default();
        let mut warnings = std::mem::take(&mut report.warnings);
        for mut p in self.pending {
            match Period::parse(&p.period_text, prefer_years) {
                Some(period) => {
                    p.row.period = period;
                    data.rows.push(p.row);
                }
                None => warnings.skip(
                    p.line,
                    Some(self.period_column.clone()),
                    "not a period (e.g. 2019-04, Apr-19, 2018/19, 2018/19 Q1, Jan-Mar 2019, 31/03/2019)".into(),
                ),
            }
        }
        report.warnings = warnings;
        let mut periods: Vec<Period> = data.rows.iter().map(|r| r.period).collect();
        periods.sort();
        periods.dedup();
        report.periods = periods.iter().map(Period::to_string).collect();
        let mut areas: Vec<String> = data.rows.iter().map(|r| r.area.clone()).collect();
        areas.sort();
        areas.dedup();
        report.areas = areas;
        Content::Measures(data)
    }
}
