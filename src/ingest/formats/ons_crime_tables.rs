//! ONS "Police force area data tables" (since October 2024 the home of the
//! recorded crime figures for every community safety partnership), read as
//! ONS publishes them each quarter, or as one sheet saved as CSV.
//!
//! These tables are wide: each row is an area and each offence group a
//! column. The period is in the title above the header ("year ending December
//! 2024"), read as the twelve months ending that month, so it lines up with
//! police.uk's rolling twelve months.
//!
//! - Counts (C2 and C5 by CSP, P1 and P4 by force, England and Wales a row of
//!   the force tables) become one count measure per offence group.
//! - Rates (C4, P3) give their own population column: the residents the
//!   counts' rates are worked out with, said to come from that table.
//! - Percentage changes (C3, P2) are recognised and not loaded: the change is
//!   worked out, and tested, from the counts.
//!
//! Force subtotal rows, "Unassigned <force>" rows, regions, countries and
//! British Transport Police are not areas of the table's kind; they are
//! counted in a notice and left out (force and national totals come from the
//! force tables themselves).

use super::measures::{MeasureData, MeasureRow, Polarity};
use super::reference::{PopulationData, PopulationRow};
use super::FormatReader;
use crate::ingest::columns::{normalise, Header, Row};
use crate::ingest::{Content, FileReport};
use crate::model::{Month, Period};

/// The theme the measures are grouped under.
pub const THEME: &str = "Recorded crime (ONS police force area tables)";
/// Prefix of every measure's name: these figures are not the police.uk ones.
pub const PREFIX: &str = "ONS recorded crime: ";
/// The area ONS code K04000001 names.
pub const ENGLAND_AND_WALES: &str = "England and Wales";

const TOTAL: &str = "total recorded crime excluding fraud";

/// Offence groups as the force tables spell them → as the CSP tables do,
/// so one measure has one name in both.
const SAME_GROUP: [(&str, &str); 4] = [
    (
        "death or serious injury unlawful driving",
        "Death or serious injury caused by illegal driving",
    ),
    ("other theft offences", "All other theft offences"),
    (
        "miscellaneous crimes",
        "Miscellaneous crimes against society",
    ),
    (
        "total recorded crime excluding fraud",
        "Total recorded crime (excluding fraud)",
    ),
];

/// Forces that share their name with a council (Dorset Council, Wiltshire
/// Council, North Yorkshire Council): their rows in the force tables are
/// named "<force> Police", or the council's and the force's figures would
/// be one area's. `tests/ons_crime_tables.rs` checks the list against the
/// built-in councils and forces.
pub const FORCES_NAMED_AS_COUNCILS: [&str; 3] = ["Dorset", "North Yorkshire", "Wiltshire"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Counts,
    Rates,
    Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// C tables: one row per community safety partnership.
    Partnership,
    /// P tables: one row per police force area, and England and Wales.
    Force,
}

/// A heading without its footnote marker ("... [note 2]" → "...").
fn heading(name: &str) -> String {
    let n = normalise(name);
    let words: Vec<&str> = n.split(' ').collect();
    match words.as_slice() {
        [rest @ .., "note", num] if num.chars().all(|c| c.is_ascii_digit()) => rest.join(" "),
        _ => n,
    }
}

/// Text without trailing footnote markers: "ENGLAND AND WALES [note 3]".
fn without_notes(text: &str) -> &str {
    let mut t = text.trim();
    while let Some(open) = t.rfind('[') {
        if t.ends_with(']') {
            t = t[..open].trim_end();
        } else {
            break;
        }
    }
    t
}

/// The period in a title: the last "year ending <month> <year>" it names.
fn period_of(title: &str) -> Option<Period> {
    let lower = title.to_lowercase();
    let at = lower.rfind("year ending ")?;
    let words: Vec<&str> = lower[at..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let text = words.join(" ");
    match Period::parse(&text, false)? {
        p @ Period::YearEnding(_) => Some(p),
        _ => None,
    }
}

/// The edition a table belongs to, as a month ("2024-12"): named in the
/// workbook's file name ("...yedecember2024.xlsx"), else the previous
/// year's tables (C5, P4) are a year behind their edition.
fn edition(path: &str, period: Month, table: &str) -> String {
    let lower = path.to_lowercase();
    let from_name = lower.rfind("ye").and_then(|at| {
        let rest: String = lower[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let year_at = rest.find(|c: char| c.is_ascii_digit())?;
        let (month, year) = rest.split_at(year_at);
        // "yedecember2024", or the older "csptablesyedec23".
        let digits: String = year.chars().take_while(char::is_ascii_digit).collect();
        let year: i32 = match digits.len() {
            2 => 2000 + digits.parse::<i32>().ok()?,
            n if n >= 4 => digits[..4].parse().ok()?,
            _ => return None,
        };
        let month = crate::model::month_name(month)?;
        Month::new(year, month)
    });
    let month = from_name.unwrap_or_else(|| {
        if matches!(table, "c5" | "p4") {
            period.plus(12).unwrap_or(period)
        } else {
            period
        }
    });
    format!("{:04}-{:02}", month.year(), month.month())
}

pub struct Reader {
    kind: Kind,
    level: Level,
    period: Period,
    /// Measure columns: (column, offence group as named in the CSP tables).
    measures: Vec<(usize, String)>,
    code: usize,
    name: usize,
    /// CSP tables: the local authority code, used when given.
    la_code: Option<usize>,
    population: Option<(usize, Option<i32>)>,
    rows: Vec<MeasureRow>,
    populations: Vec<PopulationRow>,
    extracted: String,
    /// (force subtotals, unassigned, regions and countries, others)
    left_out: [usize; 4],
    table: String,
}

impl Reader {
    pub fn detect(header: &Header, path: &str, titles: &[String]) -> Option<Reader> {
        let names: Vec<String> = header.raw.iter().map(|r| heading(r)).collect();
        let find = |n: &str| names.iter().position(|x| x == n);
        let total = find(TOTAL)?;
        let (level, code, name, la_code) = match (
            find("community safety partnership name"),
            find("community safety partnership code"),
        ) {
            (Some(name), Some(code)) => {
                (Level::Partnership, code, name, find("local authority code"))
            }
            _ => (
                Level::Force,
                find("area code").or_else(|| find("area codes"))?,
                find("area name")?,
                None,
            ),
        };
        let title = titles.join(" ");
        let lower = title.to_lowercase();
        let period = period_of(&title)?;
        let kind = if lower.contains("percentage change") {
            Kind::Changes
        } else if lower.contains("rate per") || lower.contains("rate of") {
            Kind::Rates
        } else {
            Kind::Counts
        };
        let population = names
            .iter()
            .position(|n| n.starts_with("population figures"))
            .map(|c| {
                // "Population figures (mid-2022) - rounded to 100"
                let year = names[c]
                    .split(' ')
                    .skip_while(|w| *w != "mid")
                    .nth(1)
                    .and_then(|y| y.parse().ok());
                (c, year)
            });
        let measures = (total..header.width())
            .filter(|&c| !names[c].is_empty() && !names[c].starts_with("household"))
            .map(|c| {
                let group = SAME_GROUP
                    .iter()
                    .find(|(n, _)| *n == names[c])
                    .map(|(_, g)| g.to_string())
                    .unwrap_or_else(|| {
                        without_notes(&header.raw[c])
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                (c, group)
            })
            .collect();
        let table = lower
            .strip_prefix("table ")
            .and_then(|t| t.split(':').next())
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        let end = period.last_month()?;
        Some(Reader {
            kind,
            level,
            period,
            measures,
            code,
            name,
            la_code,
            population,
            rows: Vec::new(),
            populations: Vec::new(),
            extracted: edition(path, end, &table),
            left_out: [0; 4],
            table,
        })
    }

    /// The row's area (name and code), or `None` for a row that is not one
    /// (counted by why).
    fn area(&mut self, row: &Row) -> Option<(String, String)> {
        let name = without_notes(&row.text(self.name)).to_string();
        let code = row.text(self.code).to_string();
        match self.level {
            Level::Partnership => {
                if name.is_empty() {
                    self.left_out[0] += 1;
                    return None;
                }
                if name.to_lowercase().starts_with("unassigned") {
                    self.left_out[1] += 1;
                    return None;
                }
                // The partnership's own code: one council can hold two
                // partnerships (Bournemouth and Poole share E06000058), so a
                // council code would give Poole Bournemouth's residents.
                if code.is_empty() {
                    let la = self.la_code.map(|c| row.text(c).to_string());
                    return Some((name, la.unwrap_or_default()));
                }
                Some((name, code))
            }
            Level::Force => {
                let upper = code.to_uppercase();
                if upper == "K04000001" {
                    Some((ENGLAND_AND_WALES.to_string(), upper))
                } else if upper.starts_with("E23") || upper.starts_with("W15") {
                    let shared = FORCES_NAMED_AS_COUNCILS
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(&name));
                    Some((
                        if shared {
                            format!("{name} Police")
                        } else {
                            name
                        },
                        upper,
                    ))
                } else if name.is_empty() && code.is_empty() {
                    None
                } else if upper.starts_with("E12")
                    || upper.starts_with("E92")
                    || upper.starts_with("W92")
                {
                    self.left_out[2] += 1;
                    None
                } else {
                    self.left_out[3] += 1;
                    None
                }
            }
        }
    }
}

impl FormatReader for Reader {
    fn row(&mut self, row: &mut Row) {
        let Some((area, code)) = self.area(row) else {
            return;
        };
        match self.kind {
            Kind::Changes => {}
            Kind::Rates => {
                let Some((column, year)) = self.population else {
                    return;
                };
                if let Ok(Some(people)) = row.number(column, "the population") {
                    if people > 0.0 {
                        self.populations.push(PopulationRow {
                            code: Some(code),
                            name: area,
                            population: people,
                            year,
                        });
                    }
                }
            }
            Kind::Counts => {
                for i in 0..self.measures.len() {
                    let (column, group) = &self.measures[i];
                    let (column, measure) = (*column, format!("{PREFIX}{group}"));
                    let Ok(value) = row.count(column, group) else {
                        continue;
                    };
                    let Some(value) = value else { continue };
                    self.rows.push(MeasureRow {
                        area: area.clone(),
                        area_code: Some(code.clone()),
                        period: self.period,
                        measure,
                        value: Some(value as f64),
                        numerator: None,
                        denominator: None,
                        target: None,
                        polarity: Some(Polarity::Lower),
                        theme: Some(THEME.into()),
                        unit: Some("count".into()),
                        open_share: None,
                        provisional: None,
                    });
                }
            }
        }
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        let table = if self.table.is_empty() {
            "an ONS police force area table".to_string()
        } else {
            format!("ONS police force area table {}", self.table.to_uppercase())
        };
        report.notices.push(format!(
            "{table}, {}: one row per {}, one column per offence group",
            self.period,
            match self.level {
                Level::Partnership => "community safety partnership",
                Level::Force => "police force area",
            }
        ));
        let [subtotals, unassigned, regions, others] = self.left_out;
        let mut left = Vec::new();
        if subtotals > 0 {
            left.push(format!("{subtotals} force subtotal rows"));
        }
        if unassigned > 0 {
            left.push(format!(
                "{unassigned} \"Unassigned\" rows (crimes not placed in a partnership; they are in the force totals of Tables P1-P9)"
            ));
        }
        if regions > 0 {
            left.push(format!("{regions} regions and countries"));
        }
        if others > 0 {
            left.push(format!(
                "{others} other rows (British Transport Police, which is not part of England and Wales's figure, and rows without an area code)"
            ));
        }
        if !left.is_empty() {
            report
                .notices
                .push(format!("left out, as not areas: {}", left.join("; ")));
        }
        match self.kind {
            Kind::Rates => {
                report.notices.push(format!(
                    "the rates are not loaded: the table's own population column ({} areas) is, so that counts from the same tables are worked out per 1,000 residents on it",
                    self.populations.len()
                ));
                Content::Population(PopulationData {
                    rows: self.populations,
                })
            }
            Kind::Changes => {
                report.notices.push(
                    "percentage changes are not loaded: Scrutineer works out each change from the counts (Tables C2 and C5, or P1 and P4) and tests whether it is more than chance".into(),
                );
                Content::Measures(MeasureData::default())
            }
            Kind::Counts => Content::Measures(MeasureData {
                rows: self.rows,
                extracted: Some(self.extracted),
                earlier: Vec::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::{ingest_bytes, Content};

    const C2: &str = "\"Table C2: Number of police recorded crimes for headline offences by Community Safety Partnership area, England and Wales, year ending December 2024 [note 1][note 2][note 3]\",,,,,,,,\n\
        Some shorthand is used in this table.  [x] indicates data are unavailable.,,,,,,,,\n\
        \"Police Force\nArea code\",\"Police Force\nArea name\",\"Community Safety\nPartnership code\",\"Community Safety\nPartnership name\",Local Authority code,Local Authority name,\"Total recorded crime\n (excluding fraud)\",Homicide,Sexual offences\n\
        E23000011,South Yorkshire,,,,,\"151,929 \",8,\"5,234 \"\n\
        E23000011,South Yorkshire,E22000261,Rotherham,E08000018,Rotherham,\"25,612 \",3,877\n\
        E23000011,South Yorkshire,,Unassigned South Yorkshire,,,\"1,681 \",0,329\n\
        E23000038,Wiltshire ,E22000350,Swindon,E06000030,Swindon,\"15,264 \",[x],747\n";

    #[test]
    fn a_csp_table_saved_as_csv_is_read_below_its_titles() {
        let loaded = ingest_bytes("Table C2.csv", C2.as_bytes()).remove(0);
        assert!(loaded.report.error.is_none(), "{:?}", loaded.report.error);
        let Some(Content::Measures(m)) = &loaded.content else {
            panic!("{:?}", loaded.report)
        };
        let rotherham: Vec<(String, Option<f64>)> = m
            .rows
            .iter()
            .filter(|r| r.area == "Rotherham")
            .map(|r| (r.measure.clone(), r.value))
            .collect();
        assert_eq!(
            rotherham,
            [
                (
                    "ONS recorded crime: Total recorded crime (excluding fraud)".to_string(),
                    Some(25_612.0)
                ),
                ("ONS recorded crime: Homicide".to_string(), Some(3.0)),
                (
                    "ONS recorded crime: Sexual offences".to_string(),
                    Some(877.0)
                ),
            ]
        );
        assert_eq!(m.rows[0].period.to_string(), "year ending December 2024");
        assert_eq!(m.rows[0].area_code.as_deref(), Some("E22000261"));
        // Swindon's [x] homicide is no figure, not zero; its name is trimmed.
        assert!(!m
            .rows
            .iter()
            .any(|r| r.area == "Swindon" && r.measure.ends_with("Homicide")));
        assert_eq!(m.rows.len(), 5);
        assert_eq!(m.extracted.as_deref(), Some("2024-12"));
        assert!(
            loaded
                .report
                .notices
                .iter()
                .any(|n| n.contains("1 force subtotal rows; 1 \"Unassigned\" rows")),
            "{:?}",
            loaded.report.notices
        );
    }

    #[test]
    fn without_its_title_the_table_is_not_guessed_at() {
        let headless: String = C2.lines().skip(2).collect::<Vec<_>>().join("\n");
        let loaded = ingest_bytes("c2.csv", headless.as_bytes()).remove(0);
        assert!(!matches!(loaded.content, Some(Content::Measures(_))));
    }

    #[test]
    fn editions_come_from_the_workbook_name() {
        let m = crate::model::Month::new(2023, 12).unwrap();
        assert_eq!(
            super::edition("policeforceareatablesyedecember2024.xlsx/Table C5", m, "c5"),
            "2024-12"
        );
        assert_eq!(super::edition("c5.csv", m, "c5"), "2024-12");
        assert_eq!(
            super::edition("csptablesyedec23.xlsx/Table C2", m, "c2"),
            "2023-12"
        );
        assert_eq!(super::edition("c2.csv", m, "c2"), "2023-12");
        assert_eq!(
            super::period_of("for year ending December 2023 and year ending December 2024")
                .map(|p| p.to_string()),
            Some("year ending December 2024".into())
        );
    }
}
