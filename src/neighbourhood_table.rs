//! Derives the neighbourhood table the app loads when its neighbourhood view
//! opens (`data/neighbourhoods.tsv`, served gzipped) from the House of Commons
//! Library's MSOA hex cartogram and the ONS LSOA → ward → district lookup,
//! keeping only the fields the view uses. Native only: the browser never sees
//! the sources. `scripts/neighbourhood-data.sh` runs it; `tests/neighbourhoods.rs`
//! fails if the committed table is stale.
//!
//! The layout is read by `analysis::neighbourhoods::Lookup::parse`.

use std::collections::BTreeMap;

use crate::analysis::neighbourhoods::{FORMAT, LICENCE};
use crate::ingest::formats::police_uk_street::council_of;

/// Text that is UTF-8 except for stray single bytes (the cartogram has one
/// Latin-1 "â"): valid runs are kept, and each invalid byte is read as
/// Windows-1252, of which Latin-1 is a part.
pub fn utf8_or_latin1(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                out.push_str(&crate::ingest::windows_1252(&bad[..n]));
                rest = &bad[n..];
            }
        }
    }
}

fn field<'a>(hex: &'a serde_json::Value, name: &str) -> Result<&'a serde_json::Value, String> {
    hex.get(name)
        .ok_or_else(|| format!("a hex has no \"{name}\""))
}

/// The number in an ONS name ("Rotherham 017" → "017").
fn number_of(name: &str) -> &str {
    name.rsplit_once(' ').map_or(name, |(_, n)| n)
}

#[derive(Default)]
struct Council {
    district: Option<(String, String)>,
    /// (number, code, Library name, q, r)
    msoas: Vec<(String, String, String, i64, i64)>,
    /// ward code → (name, LSOA numbers such as "017A")
    wards: BTreeMap<String, (String, Vec<String>)>,
}

/// The table as text, from the two sources' bytes.
pub fn derive(hexjson: &[u8], lsoa_to_ward: &[u8]) -> Result<String, String> {
    let json: serde_json::Value = serde_json::from_str(&utf8_or_latin1(hexjson))
        .map_err(|e| format!("the hex cartogram is not JSON: {e}"))?;
    if json.get("layout").and_then(|l| l.as_str()) != Some("even-r") {
        return Err("the hex cartogram's layout is not \"even-r\"".into());
    }
    let hexes = json
        .get("hexes")
        .and_then(|h| h.as_object())
        .ok_or("the hex cartogram has no \"hexes\"")?;
    let mut councils: BTreeMap<String, Council> = BTreeMap::new();
    for (code, hex) in hexes {
        let text = |name: &str| -> Result<String, String> {
            Ok(field(hex, name)?
                .as_str()
                .ok_or_else(|| format!("hex {code}: \"{name}\" is not text"))?
                .trim()
                .to_string())
        };
        let number = |name: &str| -> Result<i64, String> {
            field(hex, name)?
                .as_i64()
                .ok_or_else(|| format!("hex {code}: \"{name}\" is not a whole number"))
        };
        let ons = text("msoa_name_ons")?;
        councils
            .entry(council_of(&ons).to_string())
            .or_default()
            .msoas
            .push((
                number_of(&ons).to_string(),
                code.clone(),
                text("msoa_name_hcl")?,
                number("q")?,
                number("r")?,
            ));
    }
    let mut reader = csv::Reader::from_reader(lsoa_to_ward);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("the LSOA lookup has no column {name}"))
    };
    let [lsoa, ward, ward_name, lad, lad_name] = [
        column("LSOA11NM")?,
        column("WD19CD")?,
        column("WD19NM")?,
        column("LAD19CD")?,
        column("LAD19NM")?,
    ];
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("the LSOA lookup, line {}: {e}", line + 2))?;
        let get = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
        let name = get(lsoa);
        let council = councils.entry(council_of(&name).to_string()).or_default();
        council.district.get_or_insert((get(lad), get(lad_name)));
        council
            .wards
            .entry(get(ward))
            .or_insert_with(|| (get(ward_name), Vec::new()))
            .1
            .push(number_of(&name).to_string());
    }
    let mut out = format!("{FORMAT}\n# {LICENCE}\n");
    for (name, mut council) in councils {
        let (code, district) = council.district.unwrap_or_default();
        out.push_str(&format!("C\t{name}\t{code}\t{district}\n"));
        council.msoas.sort();
        for (number, code, hcl, q, r) in council.msoas {
            out.push_str(&format!("M\t{number}\t{code}\t{hcl}\t{q}\t{r}\n"));
        }
        for (code, (ward, mut lsoas)) in council.wards {
            lsoas.sort();
            out.push_str(&format!("W\t{code}\t{ward}\t{}\n", lsoas.join(" ")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_latin1_byte_is_read_and_the_rest_kept() {
        let bytes = b"Iy\xe2l \xc5\xb5 ok";
        assert_eq!(utf8_or_latin1(bytes), "Iyâl ŵ ok");
    }
}
