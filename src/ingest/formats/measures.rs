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
    /// Share (0-1) of the figure's cases still open, from an `open` column.
    #[serde(default)]
    pub open_share: Option<f64>,
    /// From a `provisional` column: the source's own word.
    #[serde(default)]
    pub provisional: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasureData {
    pub rows: Vec<MeasureRow>,
    /// When the figures were taken (the latest date in an `extracted`
    /// column), as an ISO date or month.
    #[serde(default)]
    pub extracted: Option<String>,
    /// Rows a later extract of the same area, period and measure replaced:
    /// kept to show how the figures were revised, never counted.
    #[serde(default)]
    pub earlier: Vec<MeasureRow>,
}

/// What a run of columns holds in a wide table: one measure per column
/// (`area,period,Burglary,Robbery,…`) or one period per column
/// (`Borough,MajorText,MinorText,201004,201005,…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Across {
    Measures,
    Periods,
}

/// Columns `from` to `to` (both included) each hold a value, named by their
/// heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WideColumns {
    pub from: usize,
    pub to: usize,
    pub kind: Across,
}

impl WideColumns {
    pub fn contains(&self, column: usize) -> bool {
        (self.from..=self.to).contains(&column)
    }
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
    /// A `group` or `breakdown` column: it qualifies the measure where one
    /// area and period have several (an offence group), else it is the theme.
    #[serde(default)]
    pub breakdown: Option<usize>,
    /// Maturity columns: the share or count of cases still open, a yes/no
    /// provisional flag, and the date the figures were extracted.
    #[serde(default)]
    pub open: Option<usize>,
    #[serde(default)]
    pub provisional: Option<usize>,
    #[serde(default)]
    pub extracted: Option<usize>,
    /// A run of columns that are measures or periods, each cell a value.
    #[serde(default)]
    pub wide: Option<WideColumns>,
}

impl ColumnMapping {
    fn periods_across(&self) -> bool {
        self.wide.is_some_and(|w| w.kind == Across::Periods)
    }

    fn measures_across(&self) -> bool {
        self.wide.is_some_and(|w| w.kind == Across::Measures)
    }

    /// What is wrong with the mapping for a file with these headings, if anything.
    pub fn problem(&self, headings: &[String]) -> Option<String> {
        let width = headings.len();
        if self.area.is_none() && self.area_code.is_none() {
            return Some("choose the column holding the area".into());
        }
        if !self.measures_across()
            && self.measure.is_none()
            && self.measure_name.as_deref().is_none_or(str::is_empty)
        {
            return Some("choose the column naming the measure, or type a name for it".into());
        }
        if self.wide.is_none()
            && self.value.is_none()
            && (self.numerator.is_none() || self.denominator.is_none())
        {
            return Some("choose the value column, or both numerator and denominator".into());
        }
        let all = [
            self.area,
            self.area_code,
            (!self.periods_across()).then_some(self.period),
            self.measure,
            self.measure_kind,
            self.value,
            self.numerator,
            self.denominator,
            self.target,
            self.polarity,
            self.theme,
            self.unit,
            self.breakdown,
            self.open,
            self.provisional,
            self.extracted,
        ];
        if all.iter().flatten().any(|&c| c >= width) {
            return Some("a chosen column is not in the file".into());
        }
        let wide = self.wide?;
        if wide.from > wide.to || wide.to >= width {
            return Some("the columns across run from a column to a later one in the file".into());
        }
        let (what, each) = match wide.kind {
            Across::Measures => ("measures", "measure"),
            Across::Periods => ("periods", "period"),
        };
        if all.iter().flatten().any(|&c| wide.contains(c)) {
            return Some(format!("the columns that are {what} hold a value each, so they cannot also hold the area, {each} or another field"));
        }
        let unnamed = |c: &usize| headings[*c].trim().is_empty();
        let not_a_period = |c: &usize| Period::parse(&headings[*c], false).is_none();
        let bad = match wide.kind {
            Across::Measures => (wide.from..=wide.to).find(unnamed),
            Across::Periods => (wide.from..=wide.to).find(not_a_period),
        };
        bad.map(|c| {
            let heading = headings[c].split_whitespace().collect::<Vec<_>>().join(" ");
            match wide.kind {
                Across::Measures => format!("column {} has no heading to name its measure", c + 1),
                Across::Periods => format!("column {} ({heading}) is not a period, so the columns that are periods must stop before it or start after it", c + 1),
            }
        })
    }
}

struct Pending {
    line: u64,
    /// The column the period was read from (a heading, in a wide table).
    period_column: usize,
    period_text: String,
    extracted: Option<String>,
    breakdown: Option<String>,
    row: MeasureRow,
}

pub struct Reader {
    map: ColumnMapping,
    /// Every column, for messages, and the headings of a wide table's columns.
    columns: Vec<ColumnRef>,
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
            theme: header.find(&["theme", "priority"]),
            unit: header.find(&["unit", "units"]),
            breakdown: header.find(&["group", "breakdown"]),
            open: header.find(&["open", "open cases", "open share", "still open"]),
            provisional: header.find(&["provisional"]),
            extracted: header.find(&[
                "extracted",
                "extract date",
                "extracted on",
                "date extracted",
                "extract",
            ]),
            wide: None,
        };
        map.problem(&header.raw)
            .is_none()
            .then(|| Reader::with_mapping(header, map))
    }

    pub fn with_mapping(header: &Header, map: ColumnMapping) -> Reader {
        let columns = (0..header.width())
            .map(|c| {
                let mut column = header.column(c);
                // ONS headings break lines inside a cell.
                column.name = column.name.split_whitespace().collect::<Vec<_>>().join(" ");
                column
            })
            .collect();
        Reader {
            columns,
            map,
            pending: Vec::new(),
        }
    }

    fn column(&self, index: usize) -> Option<ColumnRef> {
        self.columns.get(index).cloned()
    }
}

fn optional_text(row: &mut Row, column: Option<usize>) -> Option<String> {
    let text = row.text(column?).into_owned();
    (!text.is_empty()).then_some(text)
}

/// A period marked as only part done: "2020/21 YTD", "2020 year to date",
/// "2020/21 (Apr-Sep)". Such a row is the visibly incomplete end of a series:
/// compared with whole periods it would look like a fall.
fn part_of_a_period(text: &str, prefer_years: bool) -> bool {
    let lower = text.to_ascii_lowercase();
    let marked = ["ytd", "year to date", "to date", "so far", "partial"]
        .iter()
        .find_map(|m| lower.find(m).map(|at| (at, m.len())));
    // "(Apr-Sep)" is part of the period; "(provisional)" is all of it, marked.
    let bracketed = lower
        .find('(')
        .filter(|&at| lower.trim_end().ends_with(')') && lower[at..].contains(['-', '–']));
    let stem = match (marked, bracketed) {
        (Some((at, _)), _) => &text[..at],
        (None, Some(at)) => &text[..at],
        (None, None) => return false,
    };
    let stem = stem.trim().trim_end_matches(['-', ',', ':']).trim();
    !stem.is_empty() && Period::parse(stem, prefer_years).is_some()
}

impl Reader {
    /// One figure per filled cell of the wide columns, named by its heading.
    fn row_across(&mut self, row: &mut Row, wide: WideColumns, template: Pending) {
        let period_text = match wide.kind {
            Across::Measures => row.text(self.map.period).into_owned(),
            Across::Periods => String::new(),
        };
        for c in wide.from..=wide.to.min(self.columns.len().saturating_sub(1)) {
            let text = row.text(c).into_owned();
            let (value, percent) = match parse_number(&text, row.comma_delimited) {
                Cell::Number { value, percent } => (value, percent),
                // A blank or `[x]` cell is a figure not given, not an error.
                Cell::Missing => continue,
                Cell::Invalid => {
                    row.skip(Some(c), "the value is not a number");
                    continue;
                }
            };
            let heading = self.columns[c].name.clone();
            let mut figure = MeasureRow {
                value: Some(value),
                ..template.row.clone()
            };
            if percent && figure.unit.is_none() {
                figure.unit = Some("%".into());
            }
            let (period_column, period_text) = match wide.kind {
                Across::Measures => {
                    figure.measure = heading;
                    (self.map.period, period_text.clone())
                }
                Across::Periods => (c, heading),
            };
            self.pending.push(Pending {
                line: template.line,
                period_column,
                period_text,
                extracted: template.extracted.clone(),
                breakdown: template.breakdown.clone(),
                row: figure,
            });
        }
    }
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
        if measure.is_empty() && !m.measures_across() {
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
        let open_share = match optional_text(row, m.open) {
            None => None,
            Some(text) => match open_share(&text, denominator, row.comma_delimited) {
                Some(share) => Some(share),
                None => {
                    row.skip(
                        m.open,
                        "the open share is not a share (0.38 or 38%) or, beside a denominator, a count of open cases no larger than it",
                    );
                    return;
                }
            },
        };
        let provisional = match optional_text(row, m.provisional) {
            None => None,
            Some(text) => match yes_no(&text) {
                Some(flag) => Some(flag),
                None => {
                    row.skip(m.provisional, "provisional is not yes or no");
                    return;
                }
            },
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
            open_share,
            provisional,
        };
        let pending = Pending {
            line: row.line(),
            period_column: m.period,
            period_text: String::new(),
            extracted: optional_text(row, m.extracted),
            breakdown: optional_text(row, m.breakdown),
            row: measure_row,
        };
        match m.wide {
            None => {
                let period_text = row.text(m.period).into_owned();
                self.pending.push(Pending {
                    period_text,
                    ..pending
                });
            }
            Some(wide) => self.row_across(row, wide, pending),
        }
    }

    fn finish(mut self: Box<Self>, report: &mut FileReport) -> Content {
        let prefer_years = parse_period_column(self.pending.iter().map(|p| p.period_text.as_str()));
        let mut warnings = std::mem::take(&mut report.warnings);
        let mut parsed: Vec<Pending> = Vec::with_capacity(self.pending.len());
        let mut extracted: Option<String> = None;
        let mut undated: Vec<u64> = Vec::new();
        for p in &self.pending {
            let Some(text) = &p.extracted else { continue };
            match extract_date(text) {
                Some(date) => {
                    if extracted.as_ref().is_none_or(|e| date > *e) {
                        extracted = Some(date);
                    }
                }
                None => undated.push(p.line),
            }
        }
        if let (Some(&first), Some(column)) = (
            undated.first(),
            self.map.extracted.and_then(|c| self.column(c)),
        ) {
            // The figures are fine; only the date beside them is not used.
            report.notices.push(format!(
                "The extract date is not a date (e.g. 2019-05-31 or 31/05/2019) on {} line{} from line {first}, {column}, so those dates were not used.",
                undated.len(),
                if undated.len() == 1 { "" } else { "s" },
            ));
        }
        let pending = std::mem::take(&mut self.pending);
        for mut p in pending {
            let period_column = self.column(p.period_column);
            match Period::parse(&p.period_text, prefer_years) {
                Some(period) => {
                    p.row.period = period;
                    parsed.push(p);
                }
                None if Period::span_months(&p.period_text).is_some() => warnings.skip(
                    p.line,
                    period_column.clone(),
                    format!(
                        "a span of {} months, which is no period Scrutineer can compare (it reads spans of one month, a quarter, or 12 months, the year ending)",
                        Period::span_months(&p.period_text).unwrap_or(0)
                    ),
                ),
                None if part_of_a_period(&p.period_text, prefer_years) => warnings.skip(
                    p.line,
                    period_column.clone(),
                    "part of a period so far (year to date), so not set beside whole periods; load it when the period is complete".into(),
                ),
                None => warnings.skip(
                    p.line,
                    period_column.clone(),
                    "not a period (e.g. 2019-04, Apr-19, 2017-11 to 2018-10, 2018/19, 2018/19 Q1, Jan-Mar 2019, 31/03/2019)".into(),
                ),
            }
        }
        report.warnings = warnings;
        let has_theme = self.map.theme.is_some();
        if let Some(date) = &extracted {
            report.notices.push(format!("Extracted {date}, from its extract date column: where it gives the same figures as another file, the later extract is current."));
        }
        let mut data = MeasureData {
            rows: identify(parsed, has_theme, &mut report.notices),
            extracted,
            earlier: Vec::new(),
        };
        data.rows.shrink_to_fit();
        let mut periods: Vec<Period> = data.rows.iter().map(|r| r.period).collect();
        crate::model::sort::sort(&mut periods);
        periods.dedup();
        report.periods = periods.iter().map(Period::to_string).collect();
        let mut areas: Vec<String> = data.rows.iter().map(|r| r.area.clone()).collect();
        crate::model::sort::sort(&mut areas);
        areas.dedup();
        let measures: std::collections::BTreeSet<&str> =
            data.rows.iter().map(|r| r.measure.as_str()).collect();
        if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
            let span = if first == last {
                first.to_string()
            } else {
                format!("{first} to {last}")
            };
            report.notices.insert(
                0,
                format!(
                    "Read as {} {}, {} {}, {span}.",
                    measures.len(),
                    if measures.len() == 1 {
                        "measure"
                    } else {
                        "measures"
                    },
                    areas.len(),
                    if areas.len() == 1 { "area" } else { "areas" },
                ),
            );
        }
        report.areas = areas;
        Content::Measures(data)
    }
}

/// An open share: "0.38", "38%", or beside a denominator a count of open
/// cases ("12" of 40). A bare number above 1 without a denominator is read
/// as a percentage ("38").
fn open_share(text: &str, denominator: Option<f64>, comma_delimited: bool) -> Option<f64> {
    let Cell::Number { value, percent } = parse_number(text, comma_delimited) else {
        return None;
    };
    let share = match (percent, denominator) {
        (true, _) => value / 100.0,
        (false, _) if value <= 1.0 && value.fract() != 0.0 => value,
        (false, Some(d)) if d > 0.0 => value / d,
        (false, _) if value <= 1.0 => value,
        (false, None) => value / 100.0,
        (false, Some(_)) => return None,
    };
    (0.0..=1.0).contains(&share).then_some(share)
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "provisional" => Some(true),
        "no" | "n" | "false" | "0" | "final" => Some(false),
        _ => None,
    }
}

/// An extract date as ISO text ("2019-05-31", or "2019-05" for a month), so
/// later dates sort later.
pub fn extract_date(text: &str) -> Option<String> {
    match Period::parse(text.trim(), false)? {
        p @ (Period::Day { .. } | Period::Month(_)) => Some(p.to_string()),
        _ => None,
    }
}

/// What a row of period `p` is called when a measure mixes kinds of period.
fn period_kind(p: &Period) -> &'static str {
    match p {
        Period::Month(_) => "months",
        Period::Quarter { .. } => "quarters",
        Period::FinancialYear(_) => "financial years",
        Period::CalendarYear(_) => "calendar years",
        Period::YearEnding(_) => "rolling years",
        Period::Day { .. } => "days",
    }
}

/// Gives every row the measure its columns identify, as the table's author
/// meant: a breakdown (offence group) that varies within one area and period
/// is part of the measure; a measure mixing kinds of period is split by kind;
/// two figures for one area, period and measure are a conflict, and that
/// measure is refused with both lines named. Says what it did in `notices`.
fn identify(mut rows: Vec<Pending>, has_theme: bool, notices: &mut Vec<String>) -> Vec<MeasureRow> {
    use std::collections::{BTreeMap, BTreeSet};
    type Key = (String, Period, String);
    let key = |p: &Pending| {
        (
            p.row.area.to_lowercase(),
            p.row.period,
            p.row.measure.clone(),
        )
    };
    // 1. A breakdown that varies within a key qualifies the measure.
    let mut breakdowns: BTreeMap<Key, BTreeSet<&str>> = BTreeMap::new();
    for p in &rows {
        if let Some(b) = &p.breakdown {
            breakdowns.entry(key(p)).or_default().insert(b.as_str());
        }
    }
    // Decided for the whole file: a column either names groups or themes.
    let divides = breakdowns.values().any(|b| b.len() > 1);
    for p in &mut rows {
        match p.breakdown.take() {
            Some(b) if divides => p.row.measure = format!("{}: {b}", p.row.measure),
            Some(b) if !has_theme => p.row.theme = Some(b),
            _ => {}
        }
    }
    if divides {
        notices.push(
            "The group column divides the measures (one area and period has several groups): each group is a measure of its own.".into(),
        );
    }
    // A unit that differs within one area, period and measure is part of it too.
    let mut units: BTreeMap<Key, BTreeSet<Option<String>>> = BTreeMap::new();
    for p in &rows {
        units.entry(key(p)).or_default().insert(p.row.unit.clone());
    }
    let by_unit: BTreeSet<String> = units
        .iter()
        .filter(|(_, u)| u.len() > 1)
        .map(|((_, _, m), _)| m.clone())
        .collect();
    for p in &mut rows {
        if by_unit.contains(&p.row.measure) {
            let unit = p.row.unit.clone().unwrap_or_else(|| "no unit".into());
            p.row.measure = format!("{} ({unit})", p.row.measure);
        }
    }
    // 2. A measure never mixes kinds of period.
    let mut kinds: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for p in &rows {
        kinds
            .entry(p.row.measure.clone())
            .or_default()
            .insert(period_kind(&p.row.period));
    }
    for (measure, k) in &kinds {
        if k.len() > 1 {
            notices.push(format!(
                "{measure} mixes {}: each is a series of its own.",
                k.iter().copied().collect::<Vec<_>>().join(" and ")
            ));
        }
    }
    for p in &mut rows {
        if kinds.get(&p.row.measure).is_some_and(|k| k.len() > 1) {
            p.row.measure = format!("{} ({})", p.row.measure, period_kind(&p.row.period));
        }
    }
    // 3. One figure per area, period and measure.
    let mut first_line: BTreeMap<Key, (u64, usize)> = BTreeMap::new();
    let mut refused: BTreeMap<String, String> = BTreeMap::new();
    let mut repeats = Vec::new();
    let same = |a: &MeasureRow, b: &MeasureRow| {
        (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator)
    };
    for (i, p) in rows.iter().enumerate() {
        match first_line.get(&key(p)) {
            None => {
                first_line.insert(key(p), (p.line, i));
            }
            Some(&(line, j)) if same(&rows[j].row, &p.row) => repeats.push((i, line, p.line)),
            Some(&(line, _)) => {
                refused.entry(p.row.measure.clone()).or_insert_with(|| {
                    format!(
                        "{} is left out: lines {line} and {} both give {}, {}, with different figures. One file cannot hold two figures for the same area, period and measure; correct the file, or add the column that tells them apart.",
                        p.row.measure,
                        p.line,
                        p.row.area,
                        p.row.period
                    )
                });
            }
        }
    }
    if !repeats.is_empty() {
        let lines: Vec<String> = repeats
            .iter()
            .take(5)
            .map(|(_, first, again)| format!("line {again} repeats line {first}"))
            .collect();
        notices.push(format!(
            "{} repeated {} counted once: {}{}.",
            repeats.len(),
            if repeats.len() == 1 { "row" } else { "rows" },
            lines.join(", "),
            if repeats.len() > 5 { ", …" } else { "" }
        ));
    }
    notices.extend(refused.values().cloned());
    let dropped: BTreeSet<usize> = repeats.iter().map(|(i, _, _)| *i).collect();
    rows.into_iter()
        .enumerate()
        .filter(|(i, p)| !dropped.contains(i) && !refused.contains_key(&p.row.measure))
        .map(|(_, p)| p.row)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_column_is_a_share_or_a_count_beside_a_denominator() {
        assert_eq!(open_share("0.38", None, true), Some(0.38));
        assert_eq!(open_share("38%", None, true), Some(0.38));
        assert_eq!(open_share("38", None, true), Some(0.38), "a bare 38 is 38%");
        assert_eq!(open_share("12", Some(40.0), true), Some(0.3), "12 of 40");
        assert_eq!(open_share("0", Some(40.0), true), Some(0.0));
        assert_eq!(
            open_share("50", Some(40.0), true),
            None,
            "more open than cases"
        );
        assert_eq!(open_share("150%", None, true), None);
        assert_eq!(open_share("some", None, true), None);
        assert_eq!(yes_no(" Yes "), Some(true));
        assert_eq!(yes_no("final"), Some(false));
        assert_eq!(yes_no("maybe"), None);
        assert_eq!(extract_date("31/05/2019").as_deref(), Some("2019-05-31"));
        assert_eq!(extract_date("2019-05").as_deref(), Some("2019-05"));
        assert_eq!(extract_date("2018/19"), None, "a year is no extract date");
    }

    #[test]
    fn maturity_columns_load_and_a_bad_cell_skips_its_row_by_line() {
        let text = "area,period,measure,value,open,provisional,extracted\n\
            Rotherham,2018/19 Q3,Hate,14.3%,12%,no,2019-05-31\n\
            Rotherham,2018/19 Q4,Hate,6.9%,38%,,2019-05-31\n\
            Rotherham,2019/20 Q1,Hate,5.0%,lots,,2019-05-31\n\
            Rotherham,2019/20 Q2,Hate,5.0%,,perhaps,2019-05-31\n";
        let loaded = crate::ingest::ingest_bytes("hate.csv", text.as_bytes()).remove(0);
        let Some(Content::Measures(m)) = &loaded.content else {
            panic!("{:?}", loaded.report)
        };
        assert_eq!(m.extracted.as_deref(), Some("2019-05-31"));
        let got: Vec<(Option<f64>, Option<bool>)> = m
            .rows
            .iter()
            .map(|r| (r.open_share, r.provisional))
            .collect();
        assert_eq!(got, [(Some(0.12), Some(false)), (Some(0.38), None)]);
        let skipped: Vec<String> = loaded
            .report
            .warnings
            .groups()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(
            skipped[0].starts_with("1 row skipped: line 4, column 5 (open)"),
            "{}",
            skipped[0]
        );
        assert!(
            skipped[1].contains("line 5") && skipped[1].ends_with("provisional is not yes or no")
        );
    }
}
