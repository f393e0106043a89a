//! police.uk outcomes (`YYYY-MM-<force>-outcomes.csv`): one row per outcome
//! event, joined to street crimes by Crime ID when admitted to a dataset.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::police_uk_street::crime_key;
use super::{require, FormatReader};
use crate::ingest::columns::{Header, Row};
use crate::ingest::{Content, FileReport};
use crate::model::{Interner, Month};

/// Outcomes of crimes found among the loaded street crimes, aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JoinedKey {
    /// Ids in the dataset-wide name lists of the registry that joined them.
    pub council: u32,
    pub crime_type: u32,
    pub outcome: u32,
    /// When the crime was recorded.
    pub crime_month: Month,
    /// Months from recording to this outcome.
    pub lag_months: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutcomeData {
    pub forces: Interner,
    pub outcome_types: Interner,
    pub months: BTreeSet<Month>,
    /// (crime key, month of the outcome, outcome type id). Not sent to the page.
    #[serde(skip)]
    pub events: Vec<(u64, Month, u16)>,
    /// Filled in when admitted: joined outcomes by council, type, outcome and lag.
    pub joined: Vec<(JoinedKey, u32)>,
    pub councils: Interner,
    pub crime_types: Interner,
    pub outcomes: Interner,
    /// Outcome rows whose crime is not among the loaded street crimes.
    pub unmatched: u64,
    /// Crimes by the months from recording to their first positive outcome,
    /// counted once each across all loaded outcomes files: a crime whose
    /// earlier positive outcome arrives in a later-loaded file moves here,
    /// with -1 at the lag another file had counted it at.
    #[serde(default)]
    pub first_positive: Vec<(PositiveKey, i32)>,
}

/// A crime's first positive outcome, for the equal-age rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PositiveKey {
    /// Id in this file's `councils`.
    pub council: u32,
    pub crime_month: Month,
    pub lag_months: i32,
}

const POLICE_UK_POSITIVE: [&str; 21] = [
    "Suspect charged",
    "Suspect charged as part of another case",
    "Awaiting court outcome",
    "Court result unavailable",
    "Court case unable to proceed",
    "Defendant found not guilty",
    "Defendant sent to Crown Court",
    "Offender sent to prison",
    "Offender given suspended prison sentence",
    "Offender given community sentence",
    "Offender fined",
    "Offender given conditional discharge",
    "Offender given absolute discharge",
    "Offender ordered to pay compensation",
    "Offender deprived of property",
    "Offender otherwise dealt with",
    "Offender given a caution",
    "Offender given penalty notice",
    "Offender given a drugs possession warning",
    "Local resolution",
    "Defendant found guilty",
];

/// Whether a police.uk outcome label (a street file's last outcome, or an
/// outcomes file's outcome type) is a positive outcome; `analysis::outcomes`
/// says which count and why.
pub fn police_uk_positive(label: &str) -> bool {
    let label = label.trim();
    POLICE_UK_POSITIVE
        .iter()
        .any(|p| p.eq_ignore_ascii_case(label))
}

pub struct Reader {
    columns: [usize; 4],
    data: OutcomeData,
    /// `events` was sized for the whole file (`expect_rest`).
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
                &["outcome type"],
            ],
        )
        .ok()?;
        Some(Reader {
            columns,
            data: OutcomeData::default(),
            sized: false,
        })
    }
}

impl FormatReader for Reader {
    fn row(&mut self, row: &mut Row) {
        let [id_col, month_col, force_col, outcome_col] = self.columns;
        let Some(month) = Month::parse_iso(&row.text(month_col)) else {
            row.skip(Some(month_col), "not a month in the form YYYY-MM");
            return;
        };
        let id = row.record.get(id_col);
        if id.iter().all(u8::is_ascii_whitespace) {
            row.skip(
                Some(id_col),
                "no Crime ID, so the outcome cannot be matched to a crime",
            );
            return;
        }
        let outcome = row.text(outcome_col);
        if outcome.is_empty() {
            row.skip(Some(outcome_col), "no outcome type");
            return;
        }
        let Ok(outcome) = u16::try_from(self.data.outcome_types.intern(&outcome)) else {
            row.skip(
                Some(outcome_col),
                "more than 65,536 different outcome types in one file: this is not a police.uk outcomes file",
            );
            return;
        };
        self.data.forces.intern(&row.text(force_col));
        self.data.months.insert(month);
        if self.sized {
            super::grow_gently(&mut self.data.events);
        }
        self.data.events.push((crime_key(id), month, outcome));
    }

    fn expect_rest(&mut self, fraction_read: f64) {
        super::reserve_for_rest(&mut self.data.events, fraction_read);
        self.sized = true;
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        report.periods = self.data.months.iter().map(Month::to_string).collect();
        report.forces = self.data.forces.names().to_vec();
        Content::Outcomes(self.data)
    }
}
