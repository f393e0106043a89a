//! The user's settings: what the app remembers between visits (in
//! localStorage, as JSON) and shows on every page it affects.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::maturity::{
    DEFAULT_EQUAL_AGE_MONTHS, DEFAULT_MINIMUM_AGE, DEFAULT_THRESHOLD, MAX_EQUAL_AGE_MONTHS,
};
use crate::analysis::measures::OutcomeSettings;
use crate::analysis::outcomes::{Denominator, OutcomeSet};
use crate::analysis::population::{normalise, Populations};
use crate::analysis::similar::{self, Basis};
use crate::dataset::Dataset;
use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::Content;
use crate::model::Month;

/// The areas named in loaded measures files.
pub fn measure_areas(dataset: &Dataset) -> Vec<String> {
    let mut areas: Vec<String> = dataset
        .files()
        .iter()
        .filter_map(|f| match &f.content {
            Content::Measures(m) => Some(m.rows.iter().map(|r| r.area.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    crate::model::sort::sort(&mut areas);
    areas.dedup();
    areas
}

/// The partnership priorities most often seen in CSP reports (DOMAIN.md): the
/// themes offered for measures whose data names none.
pub const PRIORITY_THEMES: [&str; 5] = [
    "Protecting Vulnerable Children",
    "Protecting Vulnerable Adults",
    "Building Confident and Cohesive Communities",
    "Domestic Abuse and Sexual Offences",
    "Serious and Organised Crime",
];

/// Where the peer group comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerMode {
    /// ONS's most similar authorities (Explore Local Statistics) that the
    /// loaded files have figures for.
    Similar,
    /// The areas of a loaded comparator list (e.g. CIPFA nearest neighbours).
    ComparatorList,
    /// The other councils policed by the home area's force.
    SameForce,
    /// Every other council in the loaded files.
    AllInFile,
    /// Chosen by hand.
    Picked,
}

impl PeerMode {
    pub const ALL: [PeerMode; 5] = [
        PeerMode::Similar,
        PeerMode::SameForce,
        PeerMode::AllInFile,
        PeerMode::ComparatorList,
        PeerMode::Picked,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PeerMode::Similar => "Similar areas (ONS)",
            PeerMode::ComparatorList => "From a loaded comparator list",
            PeerMode::SameForce => "All councils in the same force area",
            PeerMode::AllInFile => "All areas in the loaded files",
            PeerMode::Picked => "Picked by hand",
        }
    }

    /// The compared areas in a sentence: "3rd of 5 similar areas".
    pub fn noun(self) -> &'static str {
        match self {
            PeerMode::Similar => "similar areas",
            PeerMode::SameForce => "councils in the force area",
            PeerMode::AllInFile => "areas in the files",
            PeerMode::ComparatorList => "comparator areas",
            PeerMode::Picked => "compared areas",
        }
    }

    /// The mode named by [`PeerMode::key`].
    pub fn parse(key: &str) -> Option<PeerMode> {
        PeerMode::ALL.into_iter().find(|m| m.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            PeerMode::Similar => "similar",
            PeerMode::ComparatorList => "comparator-list",
            PeerMode::SameForce => "same-force",
            PeerMode::AllInFile => "all-in-file",
            PeerMode::Picked => "picked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub home: Option<String>,
    pub peer_mode: PeerMode,
    pub picked_peers: Vec<String>,
    /// For similar areas: which of ONS's lists.
    pub similar_basis: Basis,
    /// For similar areas: how many of the most similar (1 to 20).
    pub similar_count: usize,
    pub outcome_set: OutcomeSet,
    pub denominator: Denominator,
    /// Open-case share (0-1) above which a period is provisional.
    pub provisional_threshold: f64,
    /// A police.uk outcome rate's month younger than this many months in its
    /// download is provisional too, however few cases are open.
    pub minimum_age_months: u32,
    /// Points in an SPC shift or trend: 6 or 7.
    pub run_length: usize,
    /// Screen large moving ranges out of SPC limits (NHSRplotthedots' default);
    /// off is the Making Data Count tool's own method.
    pub screen_outliers: bool,
    /// The equal-age outcome rate counts outcomes given within this many
    /// months of the crime month.
    pub equal_age_months: u32,
    /// Themes the user gave measures, by measure name.
    pub themes: BTreeMap<String, String>,
    /// Column mappings for unrecognised layouts, by header signature.
    pub mappings: BTreeMap<String, ColumnMapping>,
    /// Recording breaks the user marked, by measure.
    pub breaks: BTreeMap<String, Vec<Month>>,
    /// Dated notes on charts ("Hate Crime Strategy launched").
    pub notes: Vec<Note>,
    /// The Home Office outcome rates the force section shows, by the
    /// offences they cover ("All offences", an offence group, or the
    /// racially or religiously aggravated offences).
    pub force_offences: Vec<String>,
}

/// The force section's outcome rates until the officer ticks others: the two
/// the board asked about, beside all offences.
pub fn default_force_offences() -> Vec<String> {
    use crate::analysis::outcomes::{AGGRAVATED, ALL_OFFENCES};
    vec![
        ALL_OFFENCES.to_string(),
        AGGRAVATED.to_string(),
        "Sexual offences".to_string(),
    ]
}

/// A dated note, on one measure's charts or on every measure's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Note {
    pub month: Month,
    pub text: String,
    /// `None`: every measure.
    pub measure: Option<String>,
}

/// Longest note kept, in characters: a label, not an essay.
pub const NOTE_LENGTH: usize = 120;

impl Note {
    pub fn applies_to(&self, measure: &str) -> bool {
        self.measure.as_deref().is_none_or(|m| m == measure)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            home: None,
            peer_mode: PeerMode::Similar,
            picked_peers: Vec::new(),
            similar_basis: Basis::Overall,
            similar_count: similar::MAX_COUNT,
            outcome_set: OutcomeSet::Default,
            denominator: Denominator::OffencesRecorded,
            provisional_threshold: DEFAULT_THRESHOLD,
            minimum_age_months: DEFAULT_MINIMUM_AGE,
            run_length: 6,
            screen_outliers: false,
            equal_age_months: DEFAULT_EQUAL_AGE_MONTHS,
            themes: BTreeMap::new(),
            mappings: BTreeMap::new(),
            breaks: BTreeMap::new(),
            notes: Vec::new(),
            force_offences: default_force_offences(),
        }
    }
}

/// The peer group in use and how it was chosen, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeerGroup {
    pub areas: Vec<String>,
    pub description: String,
    /// What to call them in a sentence ("3rd of 5 similar areas").
    pub noun: String,
    /// Used instead for a measure that fewer than [`MIN_PEERS`] of `areas`
    /// have figures for (similar areas fall back to the force's councils).
    pub fallback: Option<Fallback>,
    /// What the group lacks, in words: similar areas not in the files and
    /// which files would add them, picked names that match no area.
    pub notices: Vec<String>,
}

/// The peers a measure falls back to, and what they are, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fallback {
    pub areas: Vec<String>,
    pub description: String,
    pub noun: String,
}

/// Fewest peers with figures a measure is compared with before it falls
/// back to the force's councils.
pub const MIN_PEERS: usize = 3;

/// Every area the loaded files give figures for: councils of street files
/// (not those at the edge of a force area), measures files' areas, and Home
/// Office tables' community safety partnerships and forces.
pub fn known_areas(dataset: &Dataset) -> Vec<String> {
    let mut out: std::collections::BTreeSet<String> = dataset
        .councils()
        .iter()
        .filter(|c| !c.edge_of_area)
        .map(|c| c.name.clone())
        .collect();
    out.extend(measure_areas(dataset));
    for file in dataset.files() {
        if let Content::RecordedCrime(d) = &file.content {
            out.extend(
                d.cells
                    .iter()
                    .map(|(k, _)| d.names.name(k.area).to_string()),
            );
        }
    }
    out.into_iter().collect()
}

impl Settings {
    /// Settings saved by an earlier visit. Anything unreadable or out of range
    /// falls back to the default, so a damaged store never stops the app.
    pub fn from_json(text: &str) -> Settings {
        let mut s: Settings = serde_json::from_str(text).unwrap_or_default();
        if !(0.0..=1.0).contains(&s.provisional_threshold) {
            s.provisional_threshold = DEFAULT_THRESHOLD;
        }
        if s.minimum_age_months > MAX_EQUAL_AGE_MONTHS {
            s.minimum_age_months = DEFAULT_MINIMUM_AGE;
        }
        if !(6..=7).contains(&s.run_length) {
            s.run_length = 6;
        }
        if !(1..=similar::MAX_COUNT).contains(&s.similar_count) {
            s.similar_count = similar::MAX_COUNT;
        }
        if !(1..=MAX_EQUAL_AGE_MONTHS).contains(&s.equal_age_months) {
            s.equal_age_months = DEFAULT_EQUAL_AGE_MONTHS;
        }
        s
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn outcomes(&self) -> OutcomeSettings {
        OutcomeSettings {
            set: self.outcome_set.clone(),
            denominator: self.denominator,
            equal_age_months: self.equal_age_months,
        }
    }

    /// The peers for the home area under the chosen mode.
    pub fn peer_group(&self, dataset: &Dataset) -> PeerGroup {
        let Some(home) = &self.home else {
            return PeerGroup {
                areas: Vec::new(),
                description: "no home area chosen".into(),
                noun: PeerMode::Picked.noun().into(),
                fallback: None,
                notices: Vec::new(),
            };
        };
        if self.peer_mode == PeerMode::Similar {
            return self.similar_group(dataset, home);
        }
        let (mut areas, description) = self.group_of(self.peer_mode, dataset, home);
        let mut notices = Vec::new();
        if self.peer_mode == PeerMode::Picked {
            let known = known_areas(dataset);
            let mut unknown = Vec::new();
            // Each picked name as the files spell it ("Kingston upon Hull,
            // City of" is their "Kingston upon Hull").
            for a in &mut areas {
                match known.iter().find(|k| normalise(k) == normalise(a)) {
                    Some(k) => *a = k.clone(),
                    None => unknown.push(a.clone()),
                }
            }
            if !unknown.is_empty() {
                notices.push(format!(
                    "Picked but in none of the loaded files, so not compared: {}.",
                    unknown.join(", ")
                ));
            }
        }
        PeerGroup {
            areas,
            description,
            noun: self.peer_mode.noun().into(),
            fallback: None,
            notices,
        }
    }

    /// ONS's similar areas that the files name, falling back to the force's
    /// councils per measure; the whole group falls back when ONS has no
    /// list for the home area.
    fn similar_group(&self, dataset: &Dataset, home: &str) -> PeerGroup {
        let (force_areas, force_words) = self.group_of(PeerMode::SameForce, dataset, home);
        let known = known_areas(dataset);
        let count = self.similar_count.clamp(1, similar::MAX_COUNT);
        let basis = self.similar_basis;
        let Some(resolution) = similar::resolve(home, basis, count, &known) else {
            return PeerGroup {
                areas: force_areas,
                description: format!(
                    "{force_words} (ONS publishes no similar-area list for {home})"
                ),
                noun: PeerMode::SameForce.noun().into(),
                fallback: None,
                notices: Vec::new(),
            };
        };
        let mut areas = resolution.names();
        areas.retain(|a| !a.eq_ignore_ascii_case(home));
        PeerGroup {
            areas,
            description: format!(
                "{home}'s {count} most similar areas ({}, {})",
                similar::SOURCE,
                basis.key()
            ),
            noun: PeerMode::Similar.noun().into(),
            fallback: Some(Fallback {
                areas: force_areas,
                description: force_words,
                noun: PeerMode::SameForce.noun().into(),
            }),
            notices: vec![resolution.coverage(home, basis)],
        }
    }

    /// The areas and the words for a mode other than similar areas.
    fn group_of(&self, mode: PeerMode, dataset: &Dataset, home: &str) -> (Vec<String>, String) {
        let not_home = |name: &String| !name.eq_ignore_ascii_case(home);
        let councils = dataset.councils();
        match mode {
            PeerMode::Similar | PeerMode::SameForce => {
                // The force of the street files, else the built-in lookup: an
                // area known only from a measures file still has its force.
                let populations = Populations::built_in();
                let force = councils
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(home))
                    .map(|c| c.force.clone())
                    .or_else(|| populations.force_of(home).map(str::to_string));
                let mut areas: Vec<String> = councils
                    .iter()
                    .filter(|c| !c.edge_of_area && Some(&c.force) == force.as_ref())
                    .map(|c| c.name.clone())
                    .filter(not_home)
                    .collect();
                if let Some(f) = &force {
                    for district in populations.districts_of_force(f) {
                        let named = |a: &String| normalise(a) == normalise(&district);
                        if !areas.iter().any(named) && normalise(&district) != normalise(home) {
                            areas.push(district);
                        }
                    }
                }
                crate::model::sort::sort(&mut areas);
                let words = match force {
                    Some(f) => format!("the other councils in {f}"),
                    None => "the other councils in the same force area (none known)".into(),
                };
                (areas, words)
            }
            PeerMode::AllInFile => (
                councils
                    .iter()
                    .filter(|c| !c.edge_of_area)
                    .map(|c| c.name.clone())
                    .chain(measure_areas(dataset))
                    .filter(not_home)
                    .collect::<std::collections::BTreeSet<String>>()
                    .into_iter()
                    .collect(),
                "every other council in the loaded files".into(),
            ),
            PeerMode::ComparatorList => {
                let lists: Vec<(&str, Vec<String>)> = dataset
                    .files()
                    .iter()
                    .filter_map(|f| match &f.content {
                        Content::Comparators(list) => Some((
                            f.report.path.as_str(),
                            list.areas.iter().map(|(_, name)| name.clone()).collect(),
                        )),
                        _ => None,
                    })
                    .collect();
                match lists.first() {
                    Some((path, names)) => (
                        names.iter().filter(|n| not_home(n)).cloned().collect(),
                        format!("the comparator list in {path}"),
                    ),
                    None => (
                        Vec::new(),
                        "a comparator list, but none is loaded: load one on the Data page".into(),
                    ),
                }
            }
            PeerMode::Picked => (
                self.picked_peers
                    .iter()
                    .filter(|n| not_home(n))
                    .cloned()
                    .collect(),
                "areas picked by hand".into(),
            ),
        }
    }

    /// The measure's theme: from the data, else the user's tag.
    pub fn theme_of(&self, measure: &str, from_data: Option<&str>) -> Option<String> {
        from_data
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string)
            .or_else(|| self.themes.get(measure).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(files: &[(&str, &str)]) -> Dataset {
        crate::dataset::test_dataset(files)
    }

    fn street(rows: &[(&str, &str, usize)]) -> String {
        let mut text = String::from("Crime ID,Month,Falls within,LSOA name,Crime type\n");
        let mut id = 0;
        for (force, lsoa, n) in rows {
            for _ in 0..*n {
                id += 1;
                text.push_str(&format!("c{id},2019-04,{force},{lsoa},Drugs\n"));
            }
        }
        text
    }

    #[test]
    fn peer_groups_by_mode() {
        let text = street(&[
            ("South Yorkshire Police", "Rotherham 001A", 30),
            ("South Yorkshire Police", "Barnsley 001A", 20),
            ("Merseyside Police", "Wirral 001A", 25),
        ]);
        let list = "area_code,area_name\nE1,Wirral\nE2,Rotherham\nE3,Trafford\n";
        let d = dataset(&[("s.csv", &text), ("cipfa.csv", list)]);
        let mut s = Settings {
            home: Some("Rotherham".into()),
            ..Settings::default()
        };
        // By default, ONS's similar areas that the files have: Barnsley
        // (2nd most similar); the force's councils are the fallback.
        let group = s.peer_group(&d);
        assert_eq!(group.areas, ["Barnsley"]);
        assert_eq!(
            group.description,
            "Rotherham's 20 most similar areas (ONS Explore Local Statistics, overall)"
        );
        let fallback = group.fallback.unwrap();
        assert_eq!(fallback.areas, ["Barnsley", "Doncaster", "Sheffield"]);
        assert!(group.notices[0].contains("1 in your files (Barnsley)"));
        s.similar_basis = Basis::Demographic;
        s.similar_count = 2;
        // Rotherham's two most similar on demographics: Stockport, Doncaster.
        let group = s.peer_group(&d);
        assert!(group.areas.is_empty());
        assert!(group.notices[0].starts_with("Rotherham's 2 similar areas (ONS Explore Local Statistics, demographic): 0 in your files. For them, add police.uk files for Greater Manchester (Stockport), South Yorkshire (Doncaster)."), "{}", group.notices[0]);
        s.peer_mode = PeerMode::SameForce;
        let group = s.peer_group(&d);
        // Barnsley from the street file; Doncaster and Sheffield, South
        // Yorkshire's other districts, from the built-in ONS table.
        assert_eq!(group.areas, ["Barnsley", "Doncaster", "Sheffield"]);
        assert_eq!(
            group.description,
            "the other councils in South Yorkshire Police"
        );
        s.peer_mode = PeerMode::AllInFile;
        assert_eq!(s.peer_group(&d).areas, ["Barnsley", "Wirral"]);
        s.peer_mode = PeerMode::ComparatorList;
        assert_eq!(
            s.peer_group(&d).areas,
            ["Wirral", "Trafford"],
            "home left out"
        );
        s.peer_mode = PeerMode::Picked;
        s.picked_peers = vec!["Wirral".into(), "rotherham".into(), "Barnsly".into()];
        let picked = s.peer_group(&d);
        assert_eq!(picked.areas, ["Wirral", "Barnsly"]);
        assert_eq!(
            picked.notices,
            ["Picked but in none of the loaded files, so not compared: Barnsly."]
        );
        assert_eq!(PeerMode::parse("same-force"), Some(PeerMode::SameForce));
    }

    #[test]
    fn an_area_known_only_from_a_measures_file_has_its_force_peers() {
        let hate = "area,period,measure,value\nRotherham,2018/19 Q1,Hate crime,12.9\n";
        let d = dataset(&[("hate.csv", hate)]);
        let s = Settings {
            home: Some("Rotherham".into()),
            peer_mode: PeerMode::SameForce,
            ..Settings::default()
        };
        let group = s.peer_group(&d);
        assert_eq!(group.areas, ["Barnsley", "Doncaster", "Sheffield"]);
        assert_eq!(group.description, "the other councils in South Yorkshire");
    }

    #[test]
    fn saved_settings_round_trip_and_bad_ones_fall_back() {
        let mut s = Settings {
            home: Some("Rotherham".into()),
            peer_mode: PeerMode::Picked,
            picked_peers: vec!["Barnsley".into()],
            provisional_threshold: 0.05,
            run_length: 7,
            ..Settings::default()
        };
        s.themes
            .insert("Crimes: Burglary".into(), PRIORITY_THEMES[4].into());
        assert_eq!(Settings::from_json(&s.to_json()), s);
        assert_eq!(Settings::from_json("{not json"), Settings::default());
        let odd = Settings::from_json(r#"{"run_length": 40, "provisional_threshold": 3}"#);
        assert_eq!((odd.run_length, odd.provisional_threshold), (6, 0.2));
        // A store from an older version keeps what it has.
        let old = Settings::from_json(r#"{"home": "Barnsley"}"#);
        assert_eq!(old.home.as_deref(), Some("Barnsley"));
        assert_eq!(old.peer_mode, PeerMode::Similar);
        assert_eq!(old.similar_count, 20);
        let odd = Settings::from_json(r#"{"similar_count": 0, "similar_basis": "economic"}"#);
        assert_eq!(
            (odd.similar_count, odd.similar_basis),
            (20, Basis::Economic)
        );
    }
}
