//! Home Office police recorded crime by Community Safety Partnership, or by
//! force: one row per area x quarter x offence. Counts can be negative
//! (reclassifications).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{require, FormatReader};
use crate::ingest::columns::{Header, Row};
use crate::ingest::{Content, FileReport};
use crate::model::{Interner, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AreaLevel {
    CommunitySafetyPartnership,
    Force,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CrimeKey {
    pub area: u32,
    pub force: u32,
    pub quarter: Period,
    /// Offence description id; its group and subgroup are in `offence_groups`.
    pub offence: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedCrimeData {
    pub level: AreaLevel,
    pub names: Interner,
    /// offence id -> (offence group id, offence subgroup id)
    pub offence_groups: HashMap<u32, (u32, u32)>,
    pub cells: Vec<(CrimeKey, i64)>,
    pub quarters: BTreeSet<Period>,
    /// Cells a later extract replaced: kept to show revisions, never counted.
    #[serde(default)]
    pub earlier: Vec<(CrimeKey, i64)>,
}

pub struct Reader {
    year: usize,
    quarter: usize,
    force: usize,
    area: Option<usize>,
    offence: usize,
    group: Option<usize>,
    subgroup: Option<usize>,
    count: usize,
    data: RecordedCrimeData,
    index: HashMap<CrimeKey, usize>,
}

impl Reader {
    pub fn detect(header: &Header) -> Option<Reader> {
        let [year, quarter, force, offence, count] = require(
            header,
            [
                &["financial year"],
                &["financial quarter"],
                &["force name"],
                &["offence description"],
                &["number of offences", "offence count"],
            ],
        )
        .ok()?;
        let area = header.find(&["csp name", "community safety partnership"]);
        Some(Reader {
            year,
            quarter,
            force,
            area,
            offence,
            group: header.find(&["offence group"]),
            subgroup: header.find(&["offence subgroup"]),
            count,
            data: RecordedCrimeData {
                level: if area.is_some() {
                    AreaLevel::CommunitySafetyPartnership
                } else {
                    AreaLevel::Force
                },
                names: Interner::default(),
                offence_groups: HashMap::new(),
                cells: Vec::new(),
                quarters: BTreeSet::new(),
                earlier: Vec::new(),
            },
            index: HashMap::new(),
        })
    }
}

/// A Home Office financial year and quarter number as a period; the quarter
/// column may be `1` or `Q1`.
pub fn quarter_period(row: &mut Row, year: usize, quarter: usize) -> Option<Period> {
    let text = format!(
        "{} Q{}",
        row.text(year),
        row.text(quarter).trim_start_matches(['Q', 'q'])
    );
    match Period::parse(&text, true) {
        Some(p @ Period::Quarter { .. }) => Some(p),
        _ => {
            row.skip(
                Some(quarter),
                "the financial year and quarter are not a quarter such as 2018/19 and 1",
            );
            None
        }
    }
}

impl FormatReader for Reader {
    fn row(&mut self, row: &mut Row) {
        let Some(quarter) = quarter_period(row, self.year, self.quarter) else {
            return;
        };
        let Ok(count) = row.count(self.count, "the number of offences") else {
            return;
        };
        let Some(count) = count else {
            // A suppressed or not-applicable count adds nothing; it is not zero
            // either, so it is simply not recorded.
            return;
        };
        let names = &mut self.data.names;
        let force = names.intern(&row.text(self.force));
        let area = match self.area {
            Some(c) => names.intern(&row.text(c)),
            None => force,
        };
        let offence = names.intern(&row.text(self.offence));
        let group = self.group.map_or(u32::MAX, |c| names.intern(&row.text(c)));
        let subgroup = self
            .subgroup
            .map_or(u32::MAX, |c| names.intern(&row.text(c)));
        self.data
            .offence_groups
            .entry(offence)
            .or_insert((group, subgroup));
        let key = CrimeKey {
            area,
            force,
            quarter,
            offence,
        };
        let cells = &mut self.data.cells;
        let i = *self.index.entry(key).or_insert_with(|| {
            cells.push((key, 0));
            cells.len() - 1
        });
        // Counts are at most MAX_COUNT, so this cannot overflow for any file
        // a browser can read; checked all the same, rather than wrap.
        match cells[i].1.checked_add(count) {
            Some(total) => cells[i].1 = total,
            None => {
                row.skip(Some(self.count), "the total of offences would be too large");
                return;
            }
        }
        self.data.quarters.insert(quarter);
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        let data = self.data;
        report.periods = data.quarters.iter().map(Period::to_string).collect();
        let areas: BTreeSet<&str> = data
            .cells
            .iter()
            .map(|(k, _)| data.names.name(k.area))
            .collect();
        report.areas = areas.into_iter().map(str::to_string).collect();
        let forces: BTreeSet<&str> = data
            .cells
            .iter()
            .map(|(k, _)| data.names.name(k.force))
            .collect();
        report.forces = forces.into_iter().map(str::to_string).collect();
        Content::RecordedCrime(data)
    }
}
