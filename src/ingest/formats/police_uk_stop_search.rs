//! police.uk stop and search (`YYYY-MM-<force>-stop-and-search.csv`).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{require, FormatReader};
use crate::ingest::columns::{Header, Row};
use crate::ingest::{Content, FileReport};
use crate::model::{Interner, Month, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchKey {
    pub month: Month,
    pub search_type: u32,
    pub object: u32,
    pub outcome: u32,
    pub ethnicity: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StopSearchData {
    /// The force, from the file name (the file itself does not say).
    pub force: String,
    pub names: Interner,
    pub cells: Vec<(SearchKey, u32)>,
    pub months: BTreeSet<Month>,
}

pub struct Reader {
    columns: [usize; 5],
    data: StopSearchData,
    index: HashMap<SearchKey, usize>,
}

/// "2021-08-west-yorkshire-stop-and-search.csv" -> "West Yorkshire".
fn force_from_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let Some(stem) = base
        .strip_suffix(".csv")
        .and_then(|s| s.strip_suffix("-stop-and-search"))
    else {
        return String::new();
    };
    let slug = stem.get(8..).unwrap_or("");
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Reader {
    pub fn detect(header: &Header, file_name: &str) -> Option<Reader> {
        let columns = require(
            header,
            [
                &["type"],
                &["date"],
                &["object of search"],
                &["outcome"],
                &["officer defined ethnicity"],
            ],
        )
        .ok()?;
        Some(Reader {
            columns,
            data: StopSearchData {
                force: force_from_file_name(file_name),
                ..StopSearchData::default()
            },
            index: HashMap::new(),
        })
    }
}

impl FormatReader for Reader {
    fn row(&mut self, row: &mut Row) {
        let [type_col, date_col, object_col, outcome_col, ethnicity_col] = self.columns;
        let month = match Period::parse(&row.text(date_col), false) {
            Some(Period::Day { year, month, .. }) => Month::new(year, month),
            _ => None,
        };
        let Some(month) = month else {
            row.skip(Some(date_col), "not a date");
            return;
        };
        let names = &mut self.data.names;
        let key = SearchKey {
            month,
            search_type: names.intern(&row.text(type_col)),
            object: names.intern(&row.text(object_col)),
            outcome: names.intern(&row.text(outcome_col)),
            ethnicity: names.intern(&row.text(ethnicity_col)),
        };
        let cells = &mut self.data.cells;
        let i = *self.index.entry(key).or_insert_with(|| {
            cells.push((key, 0));
            cells.len() - 1
        });
        cells[i].1 += 1;
        self.data.months.insert(month);
    }

    fn finish(self: Box<Self>, report: &mut FileReport) -> Content {
        report.periods = self.data.months.iter().map(Month::to_string).collect();
        if !self.data.force.is_empty() {
            report.forces = vec![self.data.force.clone()];
        }
        Content::StopSearch(self.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_comes_from_the_file_name() {
        assert_eq!(
            force_from_file_name("2021-08-west-yorkshire-stop-and-search.csv"),
            "West Yorkshire"
        );
        assert_eq!(
            force_from_file_name("x/2021-08/2021-08-city-of-london-stop-and-search.csv"),
            "City Of London"
        );
        assert_eq!(force_from_file_name("searches.csv"), "");
    }
}
