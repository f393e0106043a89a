//! Everything loaded so far, file by file, so a file can be removed again and a
//! bad file never disturbs the others. Above `ingest`, whose files it holds;
//! `model`, below both, holds the value types they share.

pub mod revisions;
pub mod street_extracts;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use crate::ingest::formats::police_uk_street::StreetData;
use crate::ingest::{Content, FileReport, Loaded, Rejection, RejectionKind};
use crate::model::{is_workspace_id, Month};

/// A file in the dataset: its report, and its content unless it was rejected.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Unique within a session; the registry knows the file's crimes by it.
    pub id: u32,
    pub report: FileReport,
    pub content: Content,
}

/// The same file (the same `Rc`) is equal without a look inside: the page
/// compares its state and its views' file lists on every change, and a
/// large street file's contents took about 15 ms to compare with
/// themselves. Files are never changed in place once loaded.
impl PartialEq for LoadedFile {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
            || (self.id == other.id && self.report == other.report && self.content == other.content)
    }
}

impl LoadedFile {
    pub fn new(id: u32, loaded: Loaded) -> Result<LoadedFile, Rejection> {
        match (loaded.report.error.clone(), loaded.content) {
            (Some(error), _) => Err(error),
            (None, Some(content)) => Ok(LoadedFile {
                id,
                report: loaded.report,
                content,
            }),
            (None, None) => Err(Rejection::new(
                &loaded.report.path,
                "nothing could be read from it",
            )),
        }
    }

    pub fn street(&self) -> Option<&StreetData> {
        match &self.content {
            Content::Street(data) => Some(data),
            _ => None,
        }
    }

    /// Opened from a saved workspace: its totals carry no Crime IDs, so the
    /// worker cannot tell its crimes from a new download's.
    pub fn from_workspace(&self) -> bool {
        is_workspace_id(self.id)
    }
}

/// Records by (force, month) in a street file.
fn force_months(data: &StreetData) -> BTreeMap<(String, Month), u64> {
    let mut out: BTreeMap<(String, Month), u64> = BTreeMap::new();
    for (key, n) in &data.cells {
        let force = data.forces.name(u32::from(key.force)).to_string();
        *out.entry((force, key.month)).or_default() += u64::from(*n);
    }
    out
}

/// `data` without the cells of the given force-months.
fn without(data: &StreetData, gone: &BTreeSet<(String, Month)>) -> StreetData {
    let gone_keys = gone;
    let mut kept = data.clone();
    let gone = |force: u16, month: Month| {
        gone.contains(&(data.forces.name(u32::from(force)).to_string(), month))
    };
    kept.cells.retain(|(key, _)| !gone(key.force, key.month));
    kept.places.retain(|(key, _)| !gone(key.force, key.month));
    kept.spots.retain(|(key, _)| !gone(key.force, key.month));
    kept.earlier
        .retain(|e| !gone_keys.contains(&(e.force.clone(), e.month)));
    kept
}

fn records(n: u64) -> String {
    let unit = if n == 1 { "record" } else { "records" };
    format!("{} {unit}", crate::ingest::group(n))
}

fn force_month_words(list: &BTreeSet<(String, Month)>) -> String {
    list.iter()
        .map(|(force, month)| format!("{force}, {}", month.long_name()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A council found in the data, with how much of it the loaded files hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilInfo {
    pub name: String,
    /// Crimes and ASB incidents recorded in this council across the loaded files.
    pub records: u64,
    /// True when the council has only a sliver of the records of every force that
    /// reports it: a neighbour at the edge of a force area, whose figures in these
    /// files are far from complete.
    pub edge_of_area: bool,
    /// The force area holding most of the council's records.
    pub force: String,
}

/// Below this share of a force's records, a council is treated as an edge
/// neighbour. South Yorkshire's files hold a handful of Wakefield crimes (0.04%),
/// while its smallest council, Barnsley, holds about 16%.
const EDGE_SHARE: f64 = 0.005;

#[derive(Debug, Default, Clone)]
pub struct Dataset {
    // Rc: the UI clones the dataset on every state change; files never change
    // once loaded.
    files: Vec<Rc<LoadedFile>>,
    /// Worked out when first asked for after the files change, not on every
    /// file added: it scans every street cell, and an archive adds hundreds.
    councils: std::cell::OnceCell<Rc<Vec<CouncilInfo>>>,
}

/// Equal files, equal datasets: the councils follow from the files.
impl PartialEq for Dataset {
    fn eq(&self, other: &Self) -> bool {
        self.files == other.files
    }
}

impl Dataset {
    pub fn files(&self) -> &[Rc<LoadedFile>] {
        &self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether a file of this name and size is already loaded: the same file
    /// chosen twice, which is refused before it is even read.
    pub fn has_file(&self, path: &str, bytes: u64) -> bool {
        self.files
            .iter()
            .any(|f| f.report.path == path && f.report.bytes == bytes)
    }

    pub fn add(&mut self, file: LoadedFile) -> Result<(), Rejection> {
        if self.has_file(&file.report.path, file.report.bytes) {
            return Err(Rejection::of(
                RejectionKind::AlreadyLoaded,
                &file.report.path,
                "this file is already loaded, so it was not loaded again",
            ));
        }
        let file = self.replace_earlier_months(file);
        let mut file = self.replace_earlier_rows(file);
        self.outcomes_again(&mut file);
        self.files.push(Rc::new(file));
        self.councils = Default::default();
        Ok(())
    }

    /// A police.uk download of a force's month already loaded is another
    /// extract of it: one of the two is current and the other is never added
    /// to it. The newer is the one with fewer cases still open (outcomes only
    /// move forward), else the later-dated file, else the one loaded later
    /// (`street_extracts::newer`); the older one's outcome figures are kept
    /// as earlier figures, to show how outcome rates mature. Between
    /// downloads, the worker's crime registry has decided which force-months
    /// are downloaded again (`StreetData::replaces`); over a saved workspace,
    /// which keeps no Crime IDs, it is decided here by force and month. A
    /// download with under half the saved records for a month is not taken as
    /// another extract: its rows for the month are left out instead. Both
    /// files say what happened, with the records before and after.
    fn replace_earlier_months(&mut self, mut file: LoadedFile) -> LoadedFile {
        if file.from_workspace() {
            return file;
        }
        let Some(new) = file.street() else {
            return file;
        };
        let new_counts = force_months(new);
        let again: BTreeSet<(String, Month)> = new
            .replaces
            .iter()
            .map(|r| (r.force.clone(), r.month))
            .collect();
        let mut ignored: BTreeSet<(String, Month)> = BTreeSet::new();
        let mut notices = Vec::new();
        let mut plan: Vec<(usize, BTreeSet<(String, Month)>)> = Vec::new();
        for (i, earlier) in self.files.iter().enumerate() {
            let Some(old) = earlier.street() else {
                continue;
            };
            // Most files download no month again: then only a saved workspace
            // can share one, and counting every earlier file's months for each
            // new file (396 in a national archive) grew with the square.
            if again.is_empty() && !earlier.from_workspace() {
                continue;
            }
            let old_counts = force_months(old);
            let replaced: BTreeSet<(String, Month)> = if earlier.from_workspace() {
                let mut replaced = BTreeSet::new();
                for (key, n) in &new_counts {
                    match old_counts.get(key) {
                        Some(&o) if 2 * n >= o => {
                            replaced.insert(key.clone());
                        }
                        Some(&o) => {
                            ignored.insert(key.clone());
                            notices.push(format!(
                                "{}, {} is left out: this file has {} for it where the saved workspace's {} has {}, so it is not a newer download of that month.",
                                key.0,
                                key.1.long_name(),
                                records(*n),
                                earlier.report.path,
                                records(o)
                            ));
                        }
                        None => {}
                    }
                }
                replaced
            } else {
                // Whichever file holds the month now: the registry's owner
                // may be a download found older, whose figures were moved.
                again
                    .iter()
                    .filter(|k| old_counts.contains_key(*k))
                    .cloned()
                    .collect()
            };
            if !replaced.is_empty() {
                plan.push((i, replaced));
            }
        }
        let mut gained: Vec<street_extracts::EarlierOutcomes> = Vec::new();
        let mut lost: BTreeSet<(String, Month)> = BTreeSet::new();
        let mut differing = 0u64;
        for (i, replaced) in plan {
            let Some(old) = self.files[i].street() else {
                continue;
            };
            let Some(new) = file.street() else {
                continue;
            };
            let old_counts = force_months(old);
            let mut by_rule: BTreeMap<(bool, street_extracts::Rule), BTreeSet<(String, Month)>> =
                BTreeMap::new();
            let mut moved_here: Vec<street_extracts::EarlierOutcomes> = Vec::new();
            for key in &replaced {
                let (new_is_newer, rule) = street_extracts::newer(
                    (old, &self.files[i].report),
                    (new, &file.report),
                    &key.0,
                    key.1,
                );
                differing += street_extracts::records_differing(old, new, &key.0, key.1);
                if new_is_newer {
                    let latest = self.latest_month(&self.files[i], &file, &key.0, key.1);
                    let download =
                        street_extracts::download_of(&self.files[i].report, self.files[i].id);
                    gained.extend(street_extracts::outcomes_of(
                        old,
                        &key.0,
                        key.1,
                        (&download, latest),
                    ));
                } else {
                    let latest = self.latest_month(&file, &file, &key.0, key.1);
                    let download = street_extracts::download_of(&file.report, file.id);
                    moved_here.extend(street_extracts::outcomes_of(
                        new,
                        &key.0,
                        key.1,
                        (&download, latest),
                    ));
                    lost.insert(key.clone());
                }
                by_rule
                    .entry((new_is_newer, rule))
                    .or_default()
                    .insert(key.clone());
            }
            let earlier_path = self.files[i].report.path.clone();
            let saved = if self.files[i].from_workspace() {
                "saved "
            } else {
                ""
            };
            let mut trimmed = (*self.files[i]).clone();
            let mut gone_here: BTreeSet<(String, Month)> = BTreeSet::new();
            for ((new_is_newer, rule), keys) in &by_rule {
                if *new_is_newer {
                    let revisions = keys
                        .iter()
                        .map(|key| {
                            format!(
                                "{}, {}: {} before, {} now.",
                                key.0,
                                key.1.long_name(),
                                records(old_counts.get(key).copied().unwrap_or(0)),
                                records(new_counts.get(key).copied().unwrap_or(0))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    notices.push(format!(
                        "Replaces the {saved}figures from {earlier_path} for {}: this is the newer download of them ({}). A newer download of a force's month replaces the earlier one and is never added to it; the earlier one's outcome rates are kept as earlier figures. {revisions}",
                        force_month_words(keys),
                        rule.words()
                    ));
                    trimmed.report.notices.push(format!(
                        "{} replaced by {}, a newer download ({}); their outcome rates are kept as earlier figures.",
                        force_month_words(keys),
                        file.report.path,
                        rule.words()
                    ));
                    gone_here.extend(keys.iter().cloned());
                } else {
                    notices.push(format!(
                        "{}: {earlier_path} is the newer download of these ({}), so its figures stay current; this file's outcome rates for them are kept as earlier figures and its records are not counted.",
                        force_month_words(keys),
                        rule.words()
                    ));
                    trimmed.report.notices.push(format!(
                        "{}: an older download, {}, was loaded after this file ({}); its outcome rates are kept as earlier figures.",
                        force_month_words(keys),
                        file.report.path,
                        rule.words()
                    ));
                }
            }
            if let Content::Street(data) = &trimmed.content {
                let mut data = without(data, &gone_here);
                data.earlier.extend(moved_here);
                trimmed.content = Content::Street(data);
            }
            self.files[i] = Rc::new(trimmed);
        }
        if differing > 0 {
            notices.push(format!(
                "The two downloads count {} differently (under another council or crime type, or in one download only). Counts are not kept as earlier figures: the newer download's are current.",
                records(differing)
            ));
        }
        ignored.extend(lost);
        if let Content::Street(data) = &file.content {
            let mut data = if ignored.is_empty() {
                data.clone()
            } else {
                without(data, &ignored)
            };
            data.earlier.extend(gained);
            file.content = Content::Street(data);
        }
        file.report.notices.extend(notices);
        file
    }

    /// The latest month each force's current street figures reach: what a
    /// current month's age is counted from. The current figures of a force
    /// are taken as one download; downloads are told apart only where two
    /// of them give the same month, and then the newer one's is current.
    pub fn force_latest(&self) -> HashMap<String, Month> {
        let mut out: HashMap<String, Month> = HashMap::new();
        for data in self.street() {
            for (key, _) in &data.cells {
                let force = data.forces.name(u32::from(key.force));
                match out.get_mut(force) {
                    Some(m) => *m = (*m).max(key.month),
                    None => {
                        out.insert(force.to_string(), key.month);
                    }
                }
            }
        }
        out
    }

    /// The latest month of each police.uk download, by `download_of`: what
    /// its months' ages are counted from.
    pub fn download_latest(&self) -> HashMap<String, Month> {
        let mut out: HashMap<String, Month> = HashMap::new();
        for f in &self.files {
            let Some(latest) = f
                .street()
                .and_then(|d| d.months.iter().next_back().copied())
            else {
                continue;
            };
            let e = out
                .entry(street_extracts::download_of(&f.report, f.id))
                .or_insert(latest);
            *e = (*e).max(latest);
        }
        out
    }

    /// The latest month of `force` in the download `file` came in: what a
    /// month's age in that download is counted from. `arriving` is the file
    /// being added, not yet among the files.
    fn latest_month(
        &self,
        file: &LoadedFile,
        arriving: &LoadedFile,
        force: &str,
        month: Month,
    ) -> Month {
        let download = street_extracts::download_of(&file.report, file.id);
        self.files
            .iter()
            .map(|f| &**f)
            .chain(std::iter::once(arriving))
            .filter(|f| street_extracts::download_of(&f.report, f.id) == download)
            .filter_map(|f| f.street())
            .filter(|d| d.forces.names().iter().any(|n| n == force))
            .filter_map(|d| d.months.iter().next_back().copied())
            .fold(month, Month::max)
    }

    /// A police.uk outcomes file for a force-month already loaded is most
    /// likely another download of it. Outcomes are joined by crime, each
    /// crime's earliest positive outcome counted once across files, so the
    /// rate at equal age takes whatever either download gives and nothing is
    /// counted twice; but the older download's equal-age rates are not kept
    /// as earlier figures, and the user is told so.
    fn outcomes_again(&self, file: &mut LoadedFile) {
        let Content::Outcomes(new) = &file.content else {
            return;
        };
        for earlier in &self.files {
            let Content::Outcomes(old) = &earlier.content else {
                continue;
            };
            let both: BTreeSet<(String, Month)> = new
                .forces
                .names()
                .iter()
                .filter(|f| old.forces.names().contains(f))
                .flat_map(|f| {
                    new.months
                        .intersection(&old.months)
                        .map(move |m| (f.clone(), *m))
                })
                .collect();
            if both.is_empty() {
                continue;
            }
            let notice = format!(
                "Outcomes for {} were already loaded from {}: this looks like another download of them. Each crime's earliest positive outcome counts once across both, so nothing is counted twice and the rate at equal age uses whatever either gives; the older download's equal-age rates are not kept as earlier figures.",
                force_month_words(&both),
                earlier.report.path
            );
            file.report.notices.push(notice);
        }
    }

    /// Home Office tables and measures arriving again: see `revisions`.
    fn replace_earlier_rows(&mut self, mut file: LoadedFile) -> LoadedFile {
        let Some(new_keys) = revisions::keys(&file.content) else {
            return file;
        };
        if file.report.extracted.is_none() {
            file.report.extracted = match &file.content {
                Content::Measures(m) if m.extracted.is_some() => m.extracted.clone(),
                _ => revisions::extract_from_name(&file.report.path).inspect(|date| {
                    file.report.notices.push(format!(
                        "Extracted {}, from its file name.",
                        revisions::extract_words(date)
                    ))
                }),
            };
        }
        let figures = |n: usize| {
            format!(
                "{} {}",
                crate::ingest::group(n as u64),
                if n == 1 { "figure" } else { "figures" }
            )
        };
        let extract = |f: &LoadedFile| {
            f.report.extracted.as_deref().map_or_else(String::new, |d| {
                format!(" (extracted {})", revisions::extract_words(d))
            })
        };
        for earlier in &mut self.files {
            let common: BTreeSet<_> = revisions::keys(&earlier.content)
                .unwrap_or_default()
                .intersection(&new_keys)
                .cloned()
                .collect();
            if common.is_empty() {
                continue;
            }
            let what = revisions::describe(&common);
            // The later extract is current; without both dates, the file
            // loaded later is taken to be later, and the user is told.
            let (older_is_new, by_order) = match (&file.report.extracted, &earlier.report.extracted)
            {
                (Some(new), Some(old)) if new != old => (new < old, false),
                _ => (false, true),
            };
            if older_is_new {
                if let Some((kept, n)) = revisions::supersede(&file.content, &common) {
                    file.content = kept;
                    file.report.notices.push(format!(
                        "{} ({what}) are from an earlier extract{} than {}{}: that file's figures are current, and these are shown as its earlier figures.",
                        figures(n),
                        extract(&file),
                        earlier.report.path,
                        extract(earlier),
                    ));
                }
                continue;
            }
            let Some((kept, n)) = revisions::supersede(&earlier.content, &common) else {
                continue;
            };
            let order = if by_order {
                " Taken as the later extract because it was loaded later: give both files an extract date (an `extracted` column, or the date in the file name) to be sure."
            } else {
                ""
            };
            file.report.notices.push(format!(
                "Replaces {} from {}{} ({what}){}: a later extract's figures for the same area, period and measure are current, never added to the earlier ones, which are shown as earlier figures.{order}",
                figures(n),
                earlier.report.path,
                extract(earlier),
                extract(&file),
            ));
            let mut trimmed = (**earlier).clone();
            trimmed.content = kept;
            trimmed.report.notices.push(format!(
                "{} ({what}) replaced by {}{}, a later extract; kept as earlier figures.",
                figures(n),
                file.report.path,
                extract(&file),
            ));
            *earlier = Rc::new(trimmed);
        }
        file
    }

    /// Removes the file at `index`, returning its id; out of range does nothing.
    pub fn remove(&mut self, index: usize) -> Option<u32> {
        let id = (index < self.files.len()).then(|| self.files.remove(index).id);
        self.councils = Default::default();
        id
    }

    fn street(&self) -> impl Iterator<Item = &StreetData> {
        self.files.iter().filter_map(|f| f.street())
    }

    /// Councils in the street-crime data, alphabetically.
    pub fn councils(&self) -> Vec<CouncilInfo> {
        self.councils
            .get_or_init(|| Rc::new(self.count_councils()))
            .to_vec()
    }

    fn count_councils(&self) -> Vec<CouncilInfo> {
        let mut by_council: BTreeMap<&str, u64> = BTreeMap::new();
        let mut by_force: HashMap<&str, u64> = HashMap::new();
        let mut by_council_force: HashMap<(&str, &str), u64> = HashMap::new();
        for data in self.street() {
            for (key, n) in &data.cells {
                let council = data.councils.name(key.council);
                let force = data.forces.name(u32::from(key.force));
                let n = u64::from(*n);
                *by_force.entry(force).or_default() += n;
                if council.is_empty() {
                    continue;
                }
                *by_council.entry(council).or_default() += n;
                *by_council_force.entry((council, force)).or_default() += n;
            }
        }
        by_council
            .into_iter()
            .map(|(name, records)| {
                let (largest_share, force) = by_council_force
                    .iter()
                    .filter(|((c, _), _)| *c == name)
                    .map(|((_, force), &n)| {
                        let share =
                            n as f64 / by_force.get(force).copied().unwrap_or(1).max(1) as f64;
                        (share, *force)
                    })
                    .fold((0.0, ""), |best, x| if x.0 > best.0 { x } else { best });
                CouncilInfo {
                    name: name.to_string(),
                    records,
                    edge_of_area: largest_share < EDGE_SHARE,
                    force: force.to_string(),
                }
            })
            .collect()
    }

    /// Crime types present in the street-crime data, alphabetically.
    pub fn crime_types(&self) -> Vec<String> {
        let mut types = BTreeSet::new();
        for data in self.street() {
            for (key, _) in &data.cells {
                types.insert(data.crime_types.name(u32::from(key.crime_type)));
            }
        }
        types.into_iter().map(str::to_string).collect()
    }

    /// Months for which a council's figures are known: the months of every file
    /// from a force that reports the council. A month no file covers is unknown
    /// (a gap), which is different from a month with no crimes (a zero).
    pub fn months_covered(&self, council: &str) -> BTreeSet<Month> {
        let mut forces: BTreeSet<&str> = BTreeSet::new();
        for data in self.street() {
            if let Some(id) = data.councils.id(council) {
                for (key, _) in data.cells.iter().filter(|(k, _)| k.council == id) {
                    forces.insert(data.forces.name(u32::from(key.force)));
                }
            }
        }
        self.street()
            .filter(|d| d.forces.names().iter().any(|f| forces.contains(f.as_str())))
            .flat_map(|d| d.months.iter().copied())
            .collect()
    }

    /// A council's street-crime counts by month and crime type, in one pass.
    pub fn council_counts(&self, council: &str) -> HashMap<(Month, &str), u64> {
        let mut out = HashMap::new();
        for data in self.street() {
            let Some(id) = data.councils.id(council) else {
                continue;
            };
            for (key, n) in data.cells.iter().filter(|(k, _)| k.council == id) {
                let crime_type = data.crime_types.name(u32::from(key.crime_type));
                *out.entry((key.month, crime_type)).or_default() += u64::from(*n);
            }
        }
        out
    }
}

/// A dimension of street-crime data to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    CrimeType,
    /// police.uk "Last outcome category" (empty for anti-social behaviour).
    Outcome,
    Council,
}

impl Dataset {
    /// Street-crime counts by month and `dimension`, for one council or (with
    /// `None`) all of them. Crimes with no location count for no council.
    pub fn counts_by(
        &self,
        council: Option<&str>,
        dimension: Dimension,
    ) -> BTreeMap<(Month, String), u64> {
        let mut out = BTreeMap::new();
        for data in self.street() {
            let wanted = match council {
                Some(c) => match data.councils.id(c) {
                    Some(id) => Some(id),
                    None => continue,
                },
                None => None,
            };
            for (key, n) in &data.cells {
                if wanted.is_some_and(|id| key.council != id) {
                    continue;
                }
                let name = match dimension {
                    Dimension::CrimeType => data.crime_types.name(u32::from(key.crime_type)),
                    Dimension::Outcome => data.outcomes.name(u32::from(key.outcome)),
                    Dimension::Council => data.councils.name(key.council),
                };
                if dimension == Dimension::Council && name.is_empty() {
                    continue;
                }
                *out.entry((key.month, name.to_string())).or_default() += u64::from(*n);
            }
        }
        out
    }
}

/// A dataset of small made-up files, for the analysis tests.
#[cfg(test)]
pub fn test_dataset(files: &[(&str, &str)]) -> Dataset {
    let mut d = Dataset::default();
    for (i, (name, text)) in files.iter().enumerate() {
        let loaded = crate::ingest::ingest_bytes(name, text.as_bytes()).remove(0);
        d.add(LoadedFile::new(i as u32, loaded).unwrap()).unwrap();
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_bytes, Registry};

    /// Equality is by content, as before, with the same file equal at a glance.
    #[test]
    fn files_compare_by_content() {
        let csv = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n\
                   a,2019-04,Force,Force,0,0,Street,E0,Rotherham 001A,Burglary,,\n";
        let file =
            Rc::new(LoadedFile::new(1, ingest_bytes("s.csv", csv.as_bytes()).remove(0)).unwrap());
        let copy = Rc::new((*file).clone());
        assert!(file == file.clone() && file == copy);
        let mut renamed = (*file).clone();
        renamed.report.path = "t.csv".into();
        assert!(*file != renamed);
        let mut other = (*file).clone();
        if let Content::Street(data) = &mut other.content {
            data.cells[0].1 += 1;
        }
        assert!(*file != other);
    }

    /// Loads street rows as one file, through the registry as the app does.
    fn load(
        d: &mut Dataset,
        registry: &mut Registry,
        name: &str,
        force: &str,
        month: &str,
        rows: &[(&str, &str)],
    ) -> Option<String> {
        let mut text = String::from("Crime ID,Month,Falls within,LSOA name,Crime type\n");
        for (i, (lsoa, crime_type)) in rows.iter().enumerate() {
            text.push_str(&format!("{name}{i},{month},{force},{lsoa},{crime_type}\n"));
        }
        let mut loaded = ingest_bytes(name, text.as_bytes()).remove(0);
        let id = d.files().len() as u32;
        let notice = registry.admit(id, loaded.content.as_mut().unwrap());
        d.add(LoadedFile::new(id, loaded).unwrap()).unwrap();
        notice
    }

    #[test]
    fn an_outcomes_file_for_a_month_already_loaded_is_said_to_be_another_download() {
        let outcomes = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n\
            a0,2019-05,P,P,,,No location,,,Local resolution\n";
        let (mut d, mut r) = (Dataset::default(), Registry::default());
        load(
            &mut d,
            &mut r,
            "a",
            "P",
            "2019-04",
            &[("Big 001A", "Drugs")],
        );
        for (id, name) in [
            (1, "2019-05-p-outcomes.csv"),
            (2, "later/2019-05-p-outcomes.csv"),
        ] {
            let mut loaded = ingest_bytes(name, outcomes.as_bytes()).remove(0);
            r.admit(id, loaded.content.as_mut().unwrap());
            d.add(LoadedFile::new(id, loaded).unwrap()).unwrap();
        }
        assert!(d.files()[1]
            .report
            .notices
            .iter()
            .all(|n| !n.contains("already loaded")));
        let again = d.files()[2].report.notices.join(" ");
        assert!(
            again.contains("Outcomes for P, May 2019 were already loaded from 2019-05-p-outcomes.csv: this looks like another download of them."),
            "{again}"
        );
    }

    #[test]
    fn councils_follow_files_added_and_removed() {
        let (mut d, mut r) = (Dataset::default(), Registry::default());
        load(
            &mut d,
            &mut r,
            "a.csv",
            "P",
            "2019-04",
            &[("Big 001A", "Drugs")],
        );
        let names = |d: &Dataset| d.councils().into_iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(names(&d), ["Big"]);
        load(
            &mut d,
            &mut r,
            "b.csv",
            "P",
            "2019-05",
            &[("Other 001A", "Drugs")],
        );
        assert_eq!(names(&d), ["Big", "Other"]);
        d.remove(0);
        assert_eq!(names(&d), ["Other"]);
    }

    #[test]
    fn edge_councils_are_flagged() {
        let mut rows = vec![("Big 001A", "Drugs"); 300];
        rows.push(("Neighbour 001A", "Drugs"));
        let (mut d, mut r) = (Dataset::default(), Registry::default());
        load(&mut d, &mut r, "a.csv", "P", "2019-04", &rows);
        let councils = d.councils();
        assert_eq!(councils.len(), 2);
        assert_eq!(
            (
                councils[0].name.as_str(),
                councils[0].records,
                councils[0].edge_of_area
            ),
            ("Big", 300, false)
        );
        assert_eq!(
            (
                councils[1].name.as_str(),
                councils[1].records,
                councils[1].edge_of_area
            ),
            ("Neighbour", 1, true)
        );
    }

    #[test]
    fn coverage_follows_the_forces_that_report_a_council() {
        let (mut d, mut r) = (Dataset::default(), Registry::default());
        load(
            &mut d,
            &mut r,
            "a.csv",
            "P",
            "2019-04",
            &[("X 001A", "Drugs")],
        );
        // X has no rows in May, but P's May file was loaded: May is a known zero.
        load(
            &mut d,
            &mut r,
            "b.csv",
            "P",
            "2019-05",
            &[("Z 001A", "Drugs")],
        );
        // Force Q never reports X, so Q's June file says nothing about X.
        load(
            &mut d,
            &mut r,
            "c.csv",
            "Q",
            "2019-06",
            &[("Y 001A", "Drugs")],
        );
        let covered: Vec<String> = d
            .months_covered("X")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(covered, ["2019-04", "2019-05"]);
        assert_eq!(d.remove(0), Some(0));
        assert!(d.months_covered("X").is_empty());
        assert_eq!(d.remove(99), None);
        assert_eq!(d.files().len(), 2);
    }

    #[test]
    fn the_same_file_twice_is_refused() {
        let (mut d, mut r) = (Dataset::default(), Registry::default());
        load(
            &mut d,
            &mut r,
            "a.csv",
            "P",
            "2019-04",
            &[("X 001A", "Drugs")],
        );
        let again = ingest_bytes("a.csv", &std::fs::read("/dev/null").unwrap_or_default());
        assert!(again[0].report.error.is_some(), "an empty file is rejected");
        let text =
            "Crime ID,Month,Falls within,LSOA name,Crime type\na.csv0,2019-04,P,X 001A,Drugs\n";
        let loaded = ingest_bytes("a.csv", text.as_bytes()).remove(0);
        assert!(d.has_file("a.csv", loaded.report.bytes));
        let err = d.add(LoadedFile::new(9, loaded).unwrap()).unwrap_err();
        assert!(err.reason.contains("already loaded"), "{err}");
    }
}
