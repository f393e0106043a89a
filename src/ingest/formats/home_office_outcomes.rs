//! Home Office crime outcomes, force level: one row per force x quarter x
//! offence x outcome type. Title Case and snake_case headers alike.
//!
//! `offences` counts outcomes for offences recorded in the quarter (the cohort
//! basis); `force_outcomes_recorded_in_quarter` counts outcomes assigned in the
//! quarter whenever the offence was recorded. `NA` is missing, never zero.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::home_office_crime::quarter_period;
use super::{require, FormatReader};
use crate::ingest::columns::{Header, Row};
use crate::ingest::{Content, FileReport};
use crate::model::{Interner, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OutcomeKey {
    pub force: u32,
    pub quarter: Period,
    pub offence_group: u32,
    /// Home Office outcome type: 0 (not yet assigned) to 22.
    pub outcome_type: u8,
    /// A racially or religiously aggravated offence (its description begins
    /// so): the hate crimes the Home Office counts as offences of their own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub aggravated: bool,
}

/// How the Home Office words the offences `OutcomeKey::aggravated` marks.
pub const AGGRAVATED_PREFIX: &str = "racially or religiously aggravated";

/// Sums with their gaps: `na` rows said `NA` and are not in `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Sum {
    pub total: i64,
    pub na: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeOfficeOutcomeData {
    pub names: Interner,
    /// Outcome type -> its description, as the file words it.
    pub outcome_names: BTreeMap<u8, String>,
    /// (offences: cohort basis, outcomes recorded in the quarter)
    pub cells: Vec<(OutcomeKey, Sum, Sum)>,
    pub quarters: BTreeSet<Period>,
    /// Cells a later extract of the same force and quarter replaced: kept to
    /// show how the figures were revised, never counted.
    #[serde(default)]
    pub earlier: Vec<(OutcomeKey, Sum, Sum)>,
    /// The racially or religiously aggravated offences' descriptions, as the
    /// file words them, for the measure's definition.
    #[serde(default)]
    pub aggravated_offences: BTreeSet<String>,
}

pub struct Reader {
    columns: [usize; 6],
    recorded: Option<usize>,
    description: Option<usize>,
    offence: Option<usize>,
    data: HomeOfficeOutcomeData,
    index: HashMap<OutcomeKey, usize>,
}

impl Reader {
    pub fn detect(header: &Header) -> Option<Reader> {
        let columns = require(
            header,
            [
                &["financial year"],
                &["financial quarter"],
                &["force name"],
                &["offence group"],
                &["outcome type"],
                &["offences", "number of offences"],
            ],
        )
        .ok()?;
        Some(Reader {
            columns,
            recorded: header.find(&[
                "force outcomes recorded in quarter",
                "outcomes recorded in quarter",
            ]),
            description: header.find(&["outcome description"]),
            offence: header.find(&["offence description"]),
            data: HomeOfficeOutcomeData {
                names: Interner::default(),
                outcome_names: BTreeMap::new(),
                cells: Vec::new(),
                quarters: BTreeSet::new(),
                earlier: Vec::new(),
                aggravated_offences: BTreeSet::new(),
            },
            index: HashMap::new(),
        })
    }
}

/// `sum` with `value` added: a missing value is counted as such; `None` when
/// the total would overflow.
fn add(sum: Sum, value: Option<i64>) -> Option<Sum> {
    Some(match value {
        Some(v) => Sum {
            total: sum.total.checked_add(v)?,
            ..sum
        },
        None => Sum {
            na: sum.na.saturating_add(1),
            ..sum
        },
    })
}

impl FormatReader for Reader {
    fn row(&mut self, row: &mut Row) {
        let [year, quarter, force, group, outcome_type, offences] = self.columns;
        let Some(quarter) = quarter_period(row, year, quarter) else {
            return;
        };
        let outcome_type = match row.text(outcome_type).parse::<u8>() {
            Ok(t) if t <= 30 => t,
            _ => {
                row.skip(
                    Some(outcome_type),
                    "the outcome type is not a Home Office outcome number (0 to 22)",
                );
                return;
            }
        };
        let offences_column = offences;
        let Ok(offences) = row.count(offences, "the offences count") else {
            return;
        };
        let recorded = match self.recorded {
            Some(c) => match row.count(c, "the outcomes recorded count") {
                Ok(v) => v,
                Err(_) => return,
            },
            None => None,
        };
        if let Some(c) = self.description {
            self.data
                .outcome_names
                .entry(outcome_type)
                .or_insert_with(|| row.text(c).into_owned());
        }
        let aggravated = self.offence.is_some_and(|c| {
            let offence = row.text(c);
            let yes = offence.trim().to_lowercase().starts_with(AGGRAVATED_PREFIX);
            if yes && !self.data.aggravated_offences.contains(offence.trim()) {
                self.data
                    .aggravated_offences
                    .insert(offence.trim().to_string());
            }
            yes
        });
        let names = &mut self.data.names;
        let key = OutcomeKey {
            force: names.intern(&row.text(force)),
            quarter,
            offence_group: names.intern(&row.text(group)),
            outcome_type,
            aggravated,
        };
        let cells = &mut self.data.cells;
        let i = *self.index.entry(key).or_insert_with(|| {
            cells.push((key, Sum::default(), Sum::default()));
            cells.len() - 1
        });
        let (Some(a), Some(b)) = (add(cells[i].1, offences), add(cells[i].2, recorded)) else {
            row.skip(Some(offences_column), "the total would be too large");
            return;
        };
        cells[i].1 = a;
        cells[i].2 = b;
        self.data.quarters.insert(quarter);
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        let data = self.data;
        report.periods = data.quarters.iter().map(Period::to_string).collect();
        let forces: BTreeSet<&str> = data
            .cells
            .iter()
            .map(|(k, _, _)| data.names.name(k.force))
            .collect();
        report.forces = forces.iter().map(|s| s.to_string()).collect();
        report.areas = report.forces.clone();
        Content::CrimeOutcomes(data)
    }
}
