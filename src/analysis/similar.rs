//! ONS similar areas, built in: each local authority's 20 most similar
//! authorities, nearest first, on three bases (overall, demographic,
//! economic), and the clusters they fall in, from ONS's Explore Local
//! Statistics service (`data/ons-similar-areas.tsv`, derived by
//! `scripts/similar-areas-data.sh`; `tests/similar_areas.rs` fails if stale).
//!
//! The lists use 2023 codes. Loaded files name councils as they did then
//! (police.uk by 2011 LSOA names, the built-in populations by April 2020
//! codes), so a similar area is matched to the loaded areas by name, and the
//! successor-code table says which former districts a merged one replaced.

use serde::{Deserialize, Serialize};

use super::codes::Successors;
use super::population::{normalise, Populations};

const TABLE: &str = include_str!("../../data/ons-similar-areas.tsv");

/// Where every list says it comes from.
pub const SOURCE: &str = "ONS Explore Local Statistics";

/// The indicators similarity is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    #[default]
    Overall,
    Demographic,
    Economic,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Basis::Overall, Basis::Demographic, Basis::Economic];

    pub fn key(self) -> &'static str {
        match self {
            Basis::Overall => "overall",
            Basis::Demographic => "demographic",
            Basis::Economic => "economic",
        }
    }

    pub fn parse(key: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.key() == key)
    }

    /// The word the ONS files use ("global" for overall).
    pub fn file_word(self) -> &'static str {
        match self {
            Basis::Overall => "global",
            other => other.key(),
        }
    }

    fn column(self) -> usize {
        match self {
            Basis::Overall => 0,
            Basis::Demographic => 1,
            Basis::Economic => 2,
        }
    }
}

/// Most similar areas a list holds.
pub const MAX_COUNT: usize = 20;

#[derive(Debug, Clone, PartialEq)]
struct Area {
    code: String,
    name: String,
    key: String,
    /// Cluster letters: overall, demographic, economic.
    clusters: [Option<char>; 3],
    lists: [Vec<usize>; 3],
}

/// One similar area, in the ONS order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimilarArea {
    /// 1 = most similar.
    pub rank: usize,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    areas: Vec<Area>,
    /// (basis, letter) → what the cluster is.
    clusters: Vec<(Basis, char, String)>,
}

impl Table {
    pub fn built_in() -> &'static Table {
        static ONCE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        ONCE.get_or_init(|| Table::parse(TABLE))
    }

    /// Reads the derived layout (see `similar_areas_table`); lines it cannot
    /// read are skipped, as the table is built in and checked by a test.
    pub fn parse(text: &str) -> Table {
        let mut t = Table::default();
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["cluster", basis, letter, description] => {
                    if let (Some(b), Some(l)) = (Basis::parse(basis), letter.chars().next()) {
                        t.clusters.push((b, l, description.to_string()));
                    }
                }
                ["area", code, name, clusters, overall, demographic, economic] => {
                    let list = |s: &str| -> Vec<usize> {
                        s.split(' ').filter_map(|n| n.parse().ok()).collect()
                    };
                    let mut letters = clusters.chars().map(|c| (c != '-').then_some(c));
                    t.areas.push(Area {
                        code: code.to_string(),
                        name: name.to_string(),
                        key: normalise(name),
                        clusters: [
                            letters.next().flatten(),
                            letters.next().flatten(),
                            letters.next().flatten(),
                        ],
                        lists: [list(overall), list(demographic), list(economic)],
                    });
                }
                _ => {}
            }
        }
        t
    }

    /// Every authority: (code, name).
    pub fn authorities(&self) -> impl Iterator<Item = (&str, &str)> {
        self.areas
            .iter()
            .map(|a| (a.code.as_str(), a.name.as_str()))
    }

    pub fn len(&self) -> usize {
        self.areas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// An authority by its current or a former code, else by name.
    fn find(&self, area: &str) -> Option<&Area> {
        let code = area.trim();
        if let Some(a) = self
            .areas
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(code))
        {
            return Some(a);
        }
        let key = normalise(area);
        self.areas.iter().find(|a| a.key == key).or_else(|| {
            // A former code: the authority that replaced it, if a renumbering.
            self.areas.iter().find(|a| {
                Successors::built_in().is_renumbering(&a.code, &a.name)
                    && Successors::built_in()
                        .predecessors(&a.code, &|_| false)
                        .iter()
                        .any(|p| p.code.eq_ignore_ascii_case(code))
            })
        })
    }

    /// The current ONS code and name of `area` (a name or a code).
    pub fn identify(&self, area: &str) -> Option<(String, String)> {
        self.find(area).map(|a| (a.code.clone(), a.name.clone()))
    }

    /// `area`'s `count` most similar authorities on `basis`, nearest first.
    pub fn similar(&self, area: &str, basis: Basis, count: usize) -> Option<Vec<SimilarArea>> {
        let home = self.find(area)?;
        let list = &home.lists[basis.column()];
        (!list.is_empty()).then(|| {
            list.iter()
                .take(count.min(MAX_COUNT))
                .filter_map(|&i| self.areas.get(i))
                .enumerate()
                .map(|(i, a)| SimilarArea {
                    rank: i + 1,
                    code: a.code.clone(),
                    name: a.name.clone(),
                })
                .collect()
        })
    }

    /// `area`'s cluster on `basis`: its letter and what it means.
    pub fn cluster(&self, area: &str, basis: Basis) -> Option<(char, &str)> {
        let letter = self.find(area)?.clusters[basis.column()]?;
        self.clusters
            .iter()
            .find(|(b, l, _)| *b == basis && l.eq_ignore_ascii_case(&letter))
            .map(|(_, _, d)| (letter, d.as_str()))
    }
}

/// A similar area that is not compared, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCompared {
    pub area: SimilarArea,
    /// The police force area whose police.uk files would add it, if known.
    pub force: Option<String>,
    pub reason: String,
}

/// A home area's similar areas matched to the areas the loaded files name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// (similar area, the name the loaded files use for it), ONS order.
    pub found: Vec<(SimilarArea, String)>,
    pub not_found: Vec<NotCompared>,
}

impl Resolution {
    /// The names to compare with, as the loaded files spell them.
    pub fn names(&self) -> Vec<String> {
        self.found.iter().map(|(_, n)| n.clone()).collect()
    }

    /// "4 in your files (Barnsley, Doncaster, Knowsley, St Helens). For the
    /// rest, add police.uk files for West Yorkshire (Wakefield), …"
    pub fn coverage(&self, home: &str, basis: Basis) -> String {
        let total = self.found.len() + self.not_found.len();
        let mut text = format!(
            "{home}'s {total} similar areas ({SOURCE}, {}): {} in your files",
            basis.key(),
            self.found.len()
        );
        if !self.found.is_empty() {
            let names: Vec<&str> = self.found.iter().map(|(a, _)| a.name.as_str()).collect();
            text.push_str(&format!(" ({})", names.join(", ")));
        }
        text.push('.');
        let mut forces: Vec<(String, Vec<&str>)> = Vec::new();
        let mut other: Vec<String> = Vec::new();
        for n in &self.not_found {
            match &n.force {
                Some(f) => match forces.iter_mut().find(|(g, _)| g == f) {
                    Some((_, names)) => names.push(&n.area.name),
                    None => forces.push((f.clone(), vec![&n.area.name])),
                },
                None => other.push(format!("{} ({})", n.area.name, n.reason)),
            }
        }
        if !forces.is_empty() {
            let list: Vec<String> = forces
                .iter()
                .map(|(f, names)| format!("{f} ({})", names.join(", ")))
                .collect();
            text.push_str(&format!(
                " For {}, add police.uk files for {}.",
                if self.found.is_empty() {
                    "them"
                } else {
                    "the rest"
                },
                list.join(", ")
            ));
        }
        if !other.is_empty() {
            text.push_str(&format!(" Not comparable: {}.", other.join("; ")));
        }
        text
    }
}

/// Matches `home`'s similar areas to `known` (the areas the loaded files
/// name). `None` when the table does not know `home`.
pub fn resolve(home: &str, basis: Basis, count: usize, known: &[String]) -> Option<Resolution> {
    let table = Table::built_in();
    let list = table.similar(home, basis, count)?;
    let populations = Populations::built_in();
    let successors = Successors::built_in();
    let in_files = |name: &str| {
        let key = normalise(name);
        known.iter().find(|k| normalise(k) == key).cloned()
    };
    let mut found = Vec::new();
    let mut not_found = Vec::new();
    for area in list {
        if let Some(name) = in_files(&area.name) {
            found.push((area, name));
            continue;
        }
        let former = successors.predecessors(&area.code, &|c| populations.has_code(c));
        let force = populations
            .force_of(&area.name)
            .map(str::to_string)
            .or_else(|| {
                former
                    .iter()
                    .find_map(|p| populations.force_of(&p.name).map(str::to_string))
            });
        let merged = former.len() > 1 && !successors.is_renumbering(&area.code, &area.name);
        let former_in_files: Vec<&str> = former
            .iter()
            .filter(|p| in_files(&p.name).is_some())
            .map(|p| p.name.as_str())
            .collect();
        let reason = if !(area.code.starts_with('E') || area.code.starts_with('W')) {
            "outside England and Wales, which police.uk and Home Office figures cover".to_string()
        } else if merged && !former_in_files.is_empty() {
            let names: Vec<&str> = former.iter().map(|p| p.name.as_str()).collect();
            format!(
                "formed in {} from {}: your files name its former districts ({}), not the merged authority",
                former[0].from.get(..4).unwrap_or(&former[0].from),
                names.join(", "),
                former_in_files.join(", ")
            )
        } else if force.is_none() {
            "no police force area known for it".to_string()
        } else {
            "not in your files".to_string()
        };
        let force = (reason == "not in your files").then_some(force).flatten();
        not_found.push(NotCompared {
            area,
            force,
            reason,
        });
    }
    Some(Resolution { found, not_found })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotherhams_similar_areas_in_ons_order() {
        let t = Table::built_in();
        let names: Vec<String> = t
            .similar("Rotherham", Basis::Overall, 6)
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(
            names,
            [
                "Wakefield",
                "Barnsley",
                "Stockton-on-Tees",
                "Doncaster",
                "Dudley",
                "Sunderland"
            ]
        );
        // By code, and by a former code (Barnsley was E08000016).
        assert_eq!(
            t.identify("E08000016"),
            Some(("E08000038".into(), "Barnsley".into()))
        );
        assert_eq!(
            t.cluster("Rotherham", Basis::Overall).map(|c| c.0),
            Some('B')
        );
    }

    #[test]
    fn coverage_names_what_to_load() {
        let known: Vec<String> = [
            "Barnsley",
            "Doncaster",
            "Sheffield",
            "Knowsley",
            "St. Helens",
        ]
        .map(String::from)
        .to_vec();
        let r = resolve("Rotherham", Basis::Overall, 20, &known).unwrap();
        assert_eq!(
            r.names(),
            ["Barnsley", "Doncaster", "St. Helens", "Knowsley"],
            "ONS order, the files' spelling"
        );
        let text = r.coverage("Rotherham", Basis::Overall);
        assert!(
            text.starts_with("Rotherham's 20 similar areas (ONS Explore Local Statistics, overall): 4 in your files (Barnsley, Doncaster, St. Helens, Knowsley). For the rest, add police.uk files for West Yorkshire (Wakefield), Cleveland (Stockton-on-Tees, Redcar and Cleveland, Hartlepool)"),
            "{text}"
        );
    }

    #[test]
    fn a_merged_authority_is_named_with_its_former_districts() {
        let known: Vec<String> = ["Harrogate", "Selby"].map(String::from).to_vec();
        // Cornwall's similar areas include North Yorkshire (2023).
        let r = resolve("Cornwall", Basis::Overall, 20, &known).unwrap();
        let ny = r
            .not_found
            .iter()
            .find(|n| n.area.name == "North Yorkshire")
            .unwrap();
        assert!(ny.reason.contains("Craven, Hambleton"), "{}", ny.reason);
        assert!(ny.reason.contains("(Harrogate, Selby)"), "{}", ny.reason);
    }
}
