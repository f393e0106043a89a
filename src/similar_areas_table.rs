//! Derives the similar-areas table built into the app
//! (`data/ons-similar-areas.tsv`) from ONS's Explore Local Statistics files as
//! published: the three neighbour lists (`global-neighbours.csv`,
//! `demographic-neighbours.csv`, `economic-neighbours.csv`: `AREACD,1,...,20`),
//! `cluster-allocation.csv` (names and cluster letters) and
//! `cluster-descriptions.json`. Native only. `scripts/similar-areas-data.sh`
//! runs it; `tests/similar_areas.rs` fails if the committed table is stale.
//!
//! Layout, read by `analysis::similar::Table::parse`: `#` comment lines;
//! `cluster <basis> <letter> <description>`; and one `area` line per
//! authority: code, name, cluster letters (overall, demographic, economic;
//! `-` for none), then its three lists as row numbers of `area` lines
//! (0-based), space-separated. Counties and combined authorities (E10, E47)
//! are left out: crime is not published for them as areas.

use std::collections::BTreeMap;
use std::path::Path;

use crate::analysis::similar::Basis;

fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

fn records(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let text = read(path)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(|f| f.trim().to_string()).collect())
                .map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

/// Counties (E10) and combined authorities (E47) are not crime areas.
fn kept(code: &str) -> bool {
    !code.is_empty() && !code.starts_with("E10") && !code.starts_with("E47")
}

/// The table as text, from the folder of ONS files.
pub fn derive(dir: &Path) -> Result<String, String> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut clusters: BTreeMap<String, [String; 3]> = BTreeMap::new();
    for row in records(&dir.join("cluster-allocation.csv"))? {
        // AREACD,AREANM,Global,Economic,Demographic
        let [code, name, global, economic, demographic] = row.as_slice() else {
            return Err("cluster-allocation.csv: a row without 5 fields".into());
        };
        names.insert(code.clone(), name.clone());
        clusters.insert(
            code.clone(),
            [global.clone(), demographic.clone(), economic.clone()],
        );
    }
    let mut lists: BTreeMap<String, [Vec<String>; 3]> = BTreeMap::new();
    for basis in Basis::ALL {
        let file = format!("{}-neighbours.csv", basis.file_word());
        for row in records(&dir.join(&file))? {
            let Some((code, similar)) = row.split_first() else {
                continue;
            };
            if !kept(code) {
                continue;
            }
            let column = Basis::ALL.iter().position(|b| *b == basis).unwrap_or(0);
            lists.entry(code.clone()).or_default()[column] =
                similar.iter().filter(|c| kept(c)).cloned().collect();
        }
    }
    // Every authority that is listed or lists others, in code order.
    let mut codes: Vec<String> = lists.keys().cloned().collect();
    for l in lists.values().flatten() {
        codes.extend(l.iter().cloned());
    }
    codes.sort();
    codes.dedup();
    let index: BTreeMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let descriptions: serde_json::Value =
        serde_json::from_str(&read(&dir.join("cluster-descriptions.json"))?)
            .map_err(|e| format!("cluster-descriptions.json: {e}"))?;
    let mut out = String::from(
        "# ONS similar areas (Explore Local Statistics): each local authority's 20 most similar, nearest first, overall, demographic and economic; Source: Office for National Statistics.\n\
         # Derived by scripts/similar-areas-data.sh from ../shared/data/similar-areas; read by src/analysis/similar.rs.\n",
    );
    for basis in Basis::ALL {
        let word = basis.file_word();
        let Some(map) = descriptions.get(word).and_then(|v| v.as_object()) else {
            return Err(format!("cluster-descriptions.json has no \"{word}\""));
        };
        for (letter, text) in map {
            let text = text.as_str().unwrap_or_default().replace(['\t', '\n'], " ");
            out.push_str(&format!(
                "cluster\t{}\t{}\t{text}\n",
                basis.key(),
                letter.to_uppercase()
            ));
        }
    }
    for code in &codes {
        let name = names.get(code).cloned().unwrap_or_else(|| code.clone());
        let letters: String = clusters
            .get(code)
            .map(|c| {
                c.iter()
                    .map(|l| l.chars().next().unwrap_or('-'))
                    .collect::<String>()
            })
            .unwrap_or_else(|| "---".into());
        let rows = |column: usize| -> String {
            lists
                .get(code)
                .map(|l| {
                    l[column]
                        .iter()
                        .filter_map(|c| index.get(c.as_str()).map(usize::to_string))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default()
        };
        out.push_str(&format!(
            "area\t{code}\t{name}\t{letters}\t{}\t{}\t{}\n",
            rows(0),
            rows(1),
            rows(2)
        ));
    }
    Ok(out)
}
