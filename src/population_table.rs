//! Derives the population table built into the app (`data/ons-mid-2019-lad-population.csv`)
//! from the ONS workbook as ONS published it and the LAD → CSP → force lookup.
//! Native only: the browser never reads the workbook, it gets the derived table.
//! `scripts/population-data.sh` runs it; `tests/population.rs` fails if the
//! committed table is stale.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

/// The sheet and the headings ONS use (header on row 5, above 400-odd areas
/// of every level: countries, regions, counties and districts).
const SHEET: &str = "MYE2 - Persons";
const YEAR: i32 = 2019;

/// Districts of England and Wales: unitary, non-metropolitan, metropolitan,
/// London boroughs (and the City), Welsh unitary authorities. Counties (E10),
/// metropolitan counties (E11), regions and countries would count people twice.
fn is_district(code: &str) -> bool {
    ["E06", "E07", "E08", "E09", "W06"]
        .iter()
        .any(|p| code.starts_with(p))
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

/// LAD code → police force area name, from the semicolon-delimited lookup.
fn forces(lookup: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(lookup)
        .map_err(|e| format!("{}: {e}", lookup.display()))?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("{}: no column {name}", lookup.display()))
    };
    let (code, force) = (column("lad-code")?, column("PFA21NM")?);
    let mut out = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", lookup.display()))?;
        out.insert(
            record.get(code).unwrap_or_default().trim().to_string(),
            record.get(force).unwrap_or_default().trim().to_string(),
        );
    }
    Ok(out)
}

/// The derived table as CSV text: `code,name,population,year,force`, one row per
/// district, in the workbook's order.
pub fn derive(workbook: &Path, lookup: &Path) -> Result<String, String> {
    let forces = forces(lookup)?;
    let mut book =
        open_workbook_auto(workbook).map_err(|e| format!("{}: {e}", workbook.display()))?;
    let range = book
        .worksheet_range(SHEET)
        .map_err(|e| format!("{}: sheet {SHEET:?}: {e}", workbook.display()))?;
    let mut rows = range.rows();
    let header = rows
        .by_ref()
        .find(|r| r.first().map(text).as_deref() == Some("Code"))
        .ok_or_else(|| format!("{}: no header row starting \"Code\"", workbook.display()))?;
    let heading = |name: &str| {
        header
            .iter()
            .position(|c| text(c) == name)
            .ok_or_else(|| format!("{}: no column {name:?}", workbook.display()))
    };
    let (code, name, all) = (heading("Code")?, heading("Name")?, heading("All ages")?);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["code", "name", "population", "year", "force"])
        .map_err(|e| e.to_string())?;
    let mut unplaced = Vec::new();
    // ONS list each two-tier county just above its districts.
    let mut county = String::new();
    for row in rows {
        let cell = |i: usize| row.get(i).map(text).unwrap_or_default();
        let c = cell(code);
        if c.starts_with("E10") {
            county = cell(name);
        }
        if !is_district(&c) {
            continue;
        }
        let people = match row.get(all) {
            Some(Data::Float(f)) if f.fract() == 0.0 && *f > 0.0 => *f as u64,
            Some(Data::Int(i)) if *i > 0 => *i as u64,
            other => return Err(format!("{c}: population is not a whole number: {other:?}")),
        };
        // The lookup has 2021 codes: Northamptonshire's seven districts of 2020
        // became two unitaries in 2021. A district it lacks takes its county's
        // force, where a force is named exactly like the county.
        let force = forces
            .get(&c)
            .cloned()
            .or_else(|| forces.values().find(|f| **f == county).cloned())
            .unwrap_or_default();
        if force.is_empty() {
            unplaced.push(format!("{c} {}", cell(name)));
        }
        out.write_record([
            c.as_str(),
            cell(name).as_str(),
            &people.to_string(),
            &YEAR.to_string(),
            &force,
        ])
        .map_err(|e| e.to_string())?;
    }
    if !unplaced.is_empty() {
        return Err(format!(
            "districts with no police force area in {}: {}",
            lookup.display(),
            unplaced.join(", ")
        ));
    }
    String::from_utf8(out.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}
