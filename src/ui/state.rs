//! The app's one state and every way it can change. Pure, so it is tested
//! natively; the Yew `Reducible` impl is a one-line wrapper around `apply`.

use super::route::{Route, View};
use super::scorecard_view::SortKey;
use std::rc::Rc;

use crate::analysis::maturity::MAX_EQUAL_AGE_MONTHS;
use crate::analysis::neighbourhoods::{Lookup, PlaceSort};
use crate::analysis::outcomes::{Denominator, OutcomeSet};
use crate::analysis::periods::Granularity;
use crate::analysis::settings::{Note, NOTE_LENGTH};
use crate::analysis::settings::{PeerMode, Settings};
use crate::dataset::{Dataset, LoadedFile};
use crate::ingest::formats::measures::ColumnMapping;
use crate::ingest::Loaded;
use crate::ingest::Rejection;

use crate::model::FileIds;

/// A file being read in the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The request id the worker reports against.
    pub request: u32,
    pub name: String,
    pub size: u64,
    pub bytes: u64,
    pub rows: u64,
    pub cancelling: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub dataset: Dataset,
    /// Files that could not be loaded, with why; shown until dismissed.
    pub rejected: Vec<Rejection>,
    /// Files chosen and not yet finished, in order.
    pub reading: Vec<Reading>,
    /// Remembered between visits; the home area is `settings.home`.
    pub settings: Settings,
    pub view: View,
    pub period: Granularity,
    /// Crime types the user added to the monthly chart, in the order picked.
    pub crime_types: Vec<String>,
    /// The scorecard's sort column and whether it runs descending.
    pub sort: (SortKey, bool),
    pub attention_only: bool,
    /// The scorecard shows the year-to-date committee table.
    pub committee: bool,
    /// The measure page shows the funnel plot instead of the peer bars.
    pub funnel: bool,
    /// The neighbourhood table, fetched when a view first needs it.
    pub lookup: LookupState,
    /// The neighbourhood and ward tables' sort column, and descending.
    pub place_sort: (PlaceSort, bool),
    /// The workspace the address names (`?workspace=`), kept in every link.
    pub linked_workspace: Option<String>,
    /// This page is a briefing published for councillors: who published it.
    pub published: Option<Rc<crate::publish::Publication>>,
    /// The published figures and settings are fixed: no files are loaded
    /// and no setting changes until an officer opens the full app.
    pub locked: bool,
}

/// The neighbourhood table's progress: fetched once, on first need.
#[derive(Debug, Clone, Default)]
pub enum LookupState {
    #[default]
    NotLoaded,
    Loading,
    Loaded(Rc<Lookup>),
    Failed(String),
}

impl PartialEq for LookupState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LookupState::Loaded(a), LookupState::Loaded(b)) => Rc::ptr_eq(a, b),
            (LookupState::Failed(a), LookupState::Failed(b)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// What every component that changes state is given: the reducer's dispatcher.
#[cfg(target_arch = "wasm32")]
pub type Dispatch = yew::UseReducerDispatcher<AppState>;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Files handed to the worker: (request id, name, size).
    ReadStarted(Vec<(u32, String, u64)>),
    Progress {
        request: u32,
        bytes: u64,
        rows: u64,
    },
    /// Files (or archive members) finished, in the order read, each with
    /// its dataset id. An archive's members arrive a batch at a time, so
    /// the views are worked out again per batch, not per member.
    Loaded(Vec<(u32, Box<Loaded>)>),
    /// The worker is done with a request (all members of an archive included).
    ReadFinished(u32),
    CancelRequested(u32),
    /// A file refused before reading, or one the browser could not read.
    Rejected(Rejection),
    RemoveFile(usize),
    DismissRejection(usize),
    ChooseCouncil(Option<String>),
    ToggleCrimeType(String),
    /// A link opened, or back/forward: show what the URL says.
    Navigate(Route),
    SetPeriod(Granularity),
    SetPeerMode(PeerMode),
    /// Which of ONS's similar-area lists, and how many of the most similar.
    SetSimilarBasis(crate::analysis::similar::Basis),
    SetSimilarCount(usize),
    TogglePeer(String),
    SetOutcomeSet(OutcomeSet),
    SetDenominator(Denominator),
    /// Open-case share, 0-1.
    SetProvisionalThreshold(f64),
    SetRunLength(usize),
    /// Months: police.uk outcome rates younger than this are provisional.
    SetMinimumAge(u32),
    /// Show or hide a Home Office outcome rate by offence in the force section.
    ToggleForceOffence(String),
    SetScreenOutliers(bool),
    SetEqualAgeMonths(u32),
    TagTheme {
        measure: String,
        theme: Option<String>,
    },
    /// Remember a mapping for a header signature.
    SaveMapping {
        signature: String,
        mapping: Box<ColumnMapping>,
    },
    /// Sort the scorecard by this column; again, the other way.
    SortBy(SortKey),
    ToggleAttention,
    ToggleCommittee,
    AddNote(Note),
    RemoveNote(Note),
    ToggleFunnel,
    /// The neighbourhood table is loading, has loaded or has failed.
    SetLookup(LookupState),
    /// Sort the neighbourhood tables by this column; again, the other way.
    SortPlaces(PlaceSort),
    /// A workspace file opened: its settings and data replace the current
    /// ones, or, if any file in it cannot be used, nothing changes.
    OpenWorkspace {
        name: String,
        settings: Box<Settings>,
        files: Vec<Loaded>,
    },
    /// Mark, or unmark, a recording break in a measure from this month.
    ToggleBreak {
        measure: String,
        month: crate::model::Month,
    },
    /// This page is a published briefing: its workspace opens, locked, on
    /// the briefing.
    OpenPublished {
        about: Rc<crate::publish::Publication>,
        settings: Box<Settings>,
        files: Vec<Loaded>,
    },
    /// An officer opens the full app from a published briefing.
    Unlock,
}

impl Action {
    /// Whether the action changes the figures or the settings, which a
    /// published briefing holds fixed.
    fn changes_figures(&self) -> bool {
        matches!(
            self,
            Action::ReadStarted(_)
                | Action::Loaded(_)
                | Action::RemoveFile(_)
                | Action::ChooseCouncil(_)
                | Action::SetPeerMode(_)
                | Action::SetSimilarBasis(_)
                | Action::SetSimilarCount(_)
                | Action::TogglePeer(_)
                | Action::SetOutcomeSet(_)
                | Action::SetDenominator(_)
                | Action::SetProvisionalThreshold(_)
                | Action::SetRunLength(_)
                | Action::SetMinimumAge(_)
                | Action::ToggleForceOffence(_)
                | Action::SetScreenOutliers(_)
                | Action::SetEqualAgeMonths(_)
                | Action::TagTheme { .. }
                | Action::SaveMapping { .. }
                | Action::AddNote(_)
                | Action::RemoveNote(_)
                | Action::OpenWorkspace { .. }
                | Action::ToggleBreak { .. }
                | Action::OpenPublished { .. }
        )
    }
}

impl AppState {
    pub fn apply(&mut self, action: Action) {
        if self.locked && action.changes_figures() {
            return;
        }
        match action {
            Action::ReadStarted(files) => {
                for (request, name, size) in files {
                    // A new attempt at a file supersedes its old error.
                    self.rejected.retain(|r| r.file != name);
                    self.reading.push(Reading {
                        request,
                        name,
                        size,
                        bytes: 0,
                        rows: 0,
                        cancelling: false,
                    });
                }
            }
            Action::Progress {
                request,
                bytes,
                rows,
            } => {
                if let Some(r) = self.reading.iter_mut().find(|r| r.request == request) {
                    r.bytes = bytes;
                    r.rows = rows;
                }
            }
            Action::Loaded(files) => {
                for (file, loaded) in files {
                    let path = loaded.report.path.clone();
                    self.rejected.retain(|r| r.file != path);
                    let added = LoadedFile::new(file, *loaded).and_then(|f| self.dataset.add(f));
                    if let Err(rejection) = added {
                        self.rejected.push(rejection);
                    }
                }
            }
            Action::ReadFinished(request) => self.reading.retain(|r| r.request != request),
            Action::CancelRequested(request) => {
                if let Some(r) = self.reading.iter_mut().find(|r| r.request == request) {
                    r.cancelling = true;
                }
            }
            Action::Rejected(rejection) => {
                self.rejected.retain(|r| r.file != rejection.file);
                self.rejected.push(rejection);
            }
            Action::RemoveFile(index) => {
                self.dataset.remove(index);
            }
            Action::DismissRejection(index) => {
                if index < self.rejected.len() {
                    self.rejected.remove(index);
                }
            }
            Action::ChooseCouncil(council) => self.settings.home = council,
            Action::ToggleCrimeType(crime_type) => {
                if let Some(at) = self.crime_types.iter().position(|t| *t == crime_type) {
                    self.crime_types.remove(at);
                } else {
                    self.crime_types.push(crime_type);
                }
            }
            Action::Navigate(route) if self.locked => {
                // The publisher's area and peers, whatever the address says.
                self.view = route.view;
                self.period = route.period;
            }
            Action::Navigate(route) => {
                self.linked_workspace = route.workspace;
                self.view = route.view;
                self.period = route.period;
                if route.area.is_some() {
                    self.settings.home = route.area;
                }
                if let Some(peers) = route.peers {
                    if peers != self.settings.peer_group(&self.dataset).areas {
                        self.settings.peer_mode = PeerMode::Picked;
                        self.settings.picked_peers = peers;
                    }
                }
            }
            Action::SetPeriod(period) => self.period = period,
            Action::SetPeerMode(mode) => {
                if mode == PeerMode::Picked && self.settings.peer_mode != PeerMode::Picked {
                    // Start the hand-picked list from the group in use.
                    self.settings.picked_peers = self.settings.peer_group(&self.dataset).areas;
                }
                self.settings.peer_mode = mode;
            }
            Action::TogglePeer(area) => {
                if self.settings.peer_mode != PeerMode::Picked {
                    self.settings.picked_peers = self.settings.peer_group(&self.dataset).areas;
                    self.settings.peer_mode = PeerMode::Picked;
                }
                let picked = &mut self.settings.picked_peers;
                if let Some(at) = picked.iter().position(|p| *p == area) {
                    picked.remove(at);
                } else {
                    picked.push(area);
                }
            }
            Action::SetOutcomeSet(set) => self.settings.outcome_set = set,
            Action::SetDenominator(d) => self.settings.denominator = d,
            Action::SetProvisionalThreshold(t) => {
                if (0.0..=1.0).contains(&t) {
                    self.settings.provisional_threshold = t;
                }
            }
            Action::SetMinimumAge(n) => {
                if n <= crate::analysis::maturity::MAX_EQUAL_AGE_MONTHS {
                    self.settings.minimum_age_months = n;
                }
            }
            Action::ToggleForceOffence(label) => {
                let ticked = &mut self.settings.force_offences;
                match ticked.iter().position(|t| t.eq_ignore_ascii_case(&label)) {
                    Some(i) => {
                        ticked.remove(i);
                    }
                    None => ticked.push(label),
                }
            }
            Action::SetSimilarBasis(basis) => self.settings.similar_basis = basis,
            Action::SetSimilarCount(n) => {
                if (1..=crate::analysis::similar::MAX_COUNT).contains(&n) {
                    self.settings.similar_count = n;
                }
            }
            Action::SetRunLength(n) => {
                if (6..=7).contains(&n) {
                    self.settings.run_length = n;
                }
            }
            Action::SetScreenOutliers(on) => self.settings.screen_outliers = on,
            Action::SetEqualAgeMonths(n) => {
                if (1..=MAX_EQUAL_AGE_MONTHS).contains(&n) {
                    self.settings.equal_age_months = n;
                }
            }
            Action::TagTheme { measure, theme } => match theme {
                Some(t) => {
                    self.settings.themes.insert(measure, t);
                }
                None => {
                    self.settings.themes.remove(&measure);
                }
            },
            Action::SaveMapping { signature, mapping } => {
                self.settings.mappings.insert(signature, *mapping);
            }
            Action::SetLookup(lookup) => self.lookup = lookup,
            Action::SortPlaces(key) => {
                self.place_sort = if self.place_sort.0 == key {
                    (key, !self.place_sort.1)
                } else {
                    // Names read A to Z; figures biggest first.
                    (key, key != PlaceSort::Name)
                };
            }
            Action::SortBy(key) => {
                self.sort = if self.sort.0 == key {
                    (key, !self.sort.1)
                } else {
                    (key, false)
                };
            }
            Action::ToggleAttention => self.attention_only = !self.attention_only,
            Action::ToggleCommittee => self.committee = !self.committee,
            Action::AddNote(mut note) => {
                note.text = note.text.trim().chars().take(NOTE_LENGTH).collect();
                if !note.text.is_empty() && !self.settings.notes.contains(&note) {
                    self.settings.notes.push(note);
                    crate::model::sort::sort(&mut self.settings.notes);
                }
            }
            Action::RemoveNote(note) => self.settings.notes.retain(|n| *n != note),
            Action::ToggleFunnel => self.funnel = !self.funnel,
            Action::OpenWorkspace {
                name,
                settings,
                files,
            } => {
                let mut dataset = Dataset::default();
                let mut ids = FileIds::workspace();
                for loaded in files {
                    let added = LoadedFile::new(ids.give(), loaded).and_then(|f| dataset.add(f));
                    if let Err(why) = added {
                        self.rejected.retain(|r| r.file != name);
                        self.rejected.push(Rejection::new(
                            &name,
                            format!("nothing was opened: a file in it could not be used ({why})"),
                        ));
                        return;
                    }
                }
                self.rejected.retain(|r| r.file != name);
                self.dataset = dataset;
                self.settings = *settings;
            }
            Action::OpenPublished {
                about,
                settings,
                files,
            } => {
                let name = crate::publish::file_name(&about.area, about.figures_to.as_deref());
                self.apply(Action::OpenWorkspace {
                    name,
                    settings,
                    files,
                });
                if self.dataset.is_empty() {
                    return;
                }
                if matches!(self.view, View::Data | View::Settings) {
                    self.view = View::Briefing;
                }
                self.linked_workspace = None;
                self.published = Some(about);
                self.locked = true;
            }
            Action::Unlock => self.locked = false,
            Action::ToggleBreak { measure, month } => {
                let breaks = self.settings.breaks.entry(measure.clone()).or_default();
                if let Some(at) = breaks.iter().position(|m| *m == month) {
                    breaks.remove(at);
                } else {
                    breaks.push(month);
                    crate::model::sort::sort(breaks);
                }
                if breaks.is_empty() {
                    self.settings.breaks.remove(&measure);
                }
            }
        }
    }

    /// Where the app is, for the URL.
    pub fn route(&self) -> Route {
        Route {
            view: self.view.clone(),
            area: self.settings.home.clone(),
            period: self.period,
            peers: self
                .settings
                .home
                .is_some()
                .then(|| self.settings.peer_group(&self.dataset).areas),
            workspace: self.linked_workspace.clone(),
        }
    }

    /// The picked crime types that the loaded data still has.
    pub fn chart_crime_types(&self) -> Vec<String> {
        let present = self.dataset.crime_types();
        self.crime_types
            .iter()
            .filter(|t| present.contains(t))
            .cloned()
            .collect()
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for AppState {
    type Action = Action;

    fn reduce(self: std::rc::Rc<Self>, action: Action) -> std::rc::Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        std::rc::Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_bytes;

    fn loaded(file: u32, name: &str, text: &str) -> Action {
        Action::Loaded(vec![(
            file,
            Box::new(ingest_bytes(name, text.as_bytes()).remove(0)),
        )])
    }

    const GOOD: &str =
        "Crime ID,Month,Falls within,LSOA name,Crime type\n,2019-04,P,Rotherham 001A,Drugs\n";

    #[test]
    fn a_bad_file_leaves_loaded_data_alone() {
        let mut s = AppState::default();
        s.apply(Action::ReadStarted(vec![
            (1, "good.csv".into(), 10),
            (2, "bad.csv".into(), 10),
        ]));
        s.apply(loaded(1, "good.csv", GOOD));
        s.apply(Action::ReadFinished(1));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        let before = s.dataset.clone();
        s.apply(loaded(2, "bad.csv", "\u{0}\u{1}binary"));
        s.apply(Action::ReadFinished(2));
        assert!(s.reading.is_empty());
        assert_eq!(s.dataset, before);
        assert_eq!(s.settings.home.as_deref(), Some("Rotherham"));
        assert_eq!(s.rejected.len(), 1);
        assert!(s.rejected[0]
            .to_string()
            .starts_with("bad.csv: this is not a text file"));
        s.apply(Action::DismissRejection(0));
        assert!(s.rejected.is_empty());
    }

    #[test]
    fn progress_and_cancel_track_each_request() {
        let mut s = AppState::default();
        s.apply(Action::ReadStarted(vec![(7, "big.csv".into(), 1000)]));
        s.apply(Action::Progress {
            request: 7,
            bytes: 400,
            rows: 3,
        });
        s.apply(Action::CancelRequested(7));
        assert_eq!(
            s.reading[0],
            Reading {
                request: 7,
                name: "big.csv".into(),
                size: 1000,
                bytes: 400,
                rows: 3,
                cancelling: true
            }
        );
        s.apply(Action::ReadFinished(7));
        assert!(s.reading.is_empty());
    }

    #[test]
    fn a_fixed_file_clears_its_error_and_a_repeat_is_refused() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", "\u{0}junk"));
        assert_eq!(s.rejected.len(), 1);
        s.apply(loaded(2, "a.csv", GOOD));
        assert!(s.rejected.is_empty());
        s.apply(loaded(3, "a.csv", GOOD));
        assert_eq!(s.dataset.files().len(), 1);
        assert!(s.rejected[0].reason.contains("already loaded"));
    }

    #[test]
    fn removing_the_last_file_keeps_the_home_area_for_the_next_load() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", GOOD));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        s.apply(Action::RemoveFile(0));
        assert!(s.dataset.is_empty());
        assert_eq!(s.settings.home.as_deref(), Some("Rotherham"));
    }

    const THREE: &str = "Crime ID,Month,Falls within,LSOA name,Crime type\n\
        a,2019-04,P,Rotherham 001A,Drugs\nb,2019-04,P,Barnsley 001A,Drugs\n\
        c,2019-04,P,Sheffield 001A,Drugs\n";

    #[test]
    fn a_link_reopens_its_view_and_back_restores_the_last() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", THREE));
        let link = Route::parse("#/measure/Crimes%3A%20Drugs?area=Rotherham&period=quarter");
        s.apply(Action::Navigate(link.clone()));
        assert_eq!(s.view, View::Measure("Crimes: Drugs".into()));
        assert_eq!(s.period, Granularity::Quarter);
        // No peers in the link: the saved mode (similar areas) applies and is
        // shown: Barnsley is one of Rotherham's, Sheffield is not.
        assert_eq!(
            s.route().to_hash(),
            "#/measure/Crimes%3A%20Drugs?area=Rotherham&period=quarter&peers=Barnsley"
        );
        let before = s.route();
        s.apply(Action::Navigate(Route::parse(
            "#/scorecard?area=Barnsley&peers=Sheffield",
        )));
        assert_eq!(s.settings.peer_mode, PeerMode::Picked);
        assert_eq!(s.route().peers, Some(vec!["Sheffield".to_string()]));
        s.apply(Action::Navigate(before.clone()));
        assert_eq!(s.route(), before);
    }

    #[test]
    fn settings_change_only_within_range_and_sorting_flips() {
        let mut s = AppState::default();
        s.apply(Action::SetProvisionalThreshold(1.5));
        s.apply(Action::SetRunLength(9));
        assert_eq!(s.settings, Settings::default());
        s.apply(Action::SetProvisionalThreshold(0.05));
        s.apply(Action::SetRunLength(7));
        s.apply(Action::ToggleForceOffence("Sexual offences".into()));
        assert!(!s
            .settings
            .force_offences
            .iter()
            .any(|t| t == "Sexual offences"));
        s.apply(Action::ToggleForceOffence("Robbery".into()));
        assert!(s.settings.force_offences.iter().any(|t| t == "Robbery"));
        s.apply(Action::SetEqualAgeMonths(0));
        s.apply(Action::SetEqualAgeMonths(6));
        s.apply(Action::SetScreenOutliers(true));
        assert_eq!(
            (s.settings.equal_age_months, s.settings.screen_outliers),
            (6, true)
        );
        assert_eq!(
            (s.settings.provisional_threshold, s.settings.run_length),
            (0.05, 7)
        );
        s.apply(Action::SortBy(SortKey::Rank));
        assert_eq!(s.sort, (SortKey::Rank, false));
        s.apply(Action::SortBy(SortKey::Rank));
        assert_eq!(s.sort, (SortKey::Rank, true));
        s.apply(Action::SortBy(SortKey::Measure));
        assert_eq!(s.sort, (SortKey::Measure, false));
        let month = crate::model::Month::parse_iso("2019-04").unwrap();
        let toggle = || Action::ToggleBreak {
            measure: "M".into(),
            month,
        };
        s.apply(toggle());
        assert_eq!(s.settings.breaks["M"], [month]);
        s.apply(toggle());
        assert!(s.settings.breaks.is_empty());
    }

    #[test]
    fn a_workspace_replaces_everything_or_nothing() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", THREE));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        let text = super::super::workspace::save(&s.settings, &s.dataset);
        let before = s.clone();
        let (settings, mut files) =
            super::super::workspace::open("w.scrutineer.json", &text).unwrap();
        // The same file twice: the second is refused, so nothing changes.
        files.push(files[0].clone());
        s.apply(Action::OpenWorkspace {
            name: "w.scrutineer.json".into(),
            settings: Box::new(settings.clone()),
            files,
        });
        assert_eq!(s.dataset, before.dataset);
        assert!(s.rejected[0].reason.starts_with("nothing was opened"));
        let mut fresh = AppState::default();
        let (_, files) = super::super::workspace::open("w.scrutineer.json", &text).unwrap();
        fresh.apply(Action::OpenWorkspace {
            name: "w.scrutineer.json".into(),
            settings: Box::new(settings),
            files,
        });
        assert_eq!(fresh.settings.home.as_deref(), Some("Rotherham"));
        assert_eq!(fresh.dataset.councils(), before.dataset.councils());
    }

    #[test]
    fn a_published_briefing_opens_locked_on_the_briefing_until_unlocked() {
        let mut officer = AppState::default();
        officer.apply(loaded(1, "a.csv", THREE));
        officer.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        let text = super::super::workspace::save(&officer.settings, &officer.dataset);
        let (settings, files) = super::super::workspace::open("w", &text).unwrap();
        let about = Rc::new(crate::publish::Publication::new(
            "Team",
            "2026-12-05T09:30:00Z",
            "Rotherham",
            None,
        ));
        let mut s = AppState::default();
        s.apply(Action::OpenPublished {
            about: about.clone(),
            settings: Box::new(settings),
            files,
        });
        assert_eq!(s.view, View::Briefing);
        assert!(s.locked);
        assert_eq!(s.published, Some(about));
        let fixed = s.clone();
        // Nothing a councillor does changes the figures or settings, even a
        // link naming another area or peers; views and sorting still work.
        s.apply(Action::ChooseCouncil(Some("Barnsley".into())));
        s.apply(Action::SetProvisionalThreshold(0.5));
        s.apply(Action::RemoveFile(0));
        s.apply(loaded(2, "b.csv", GOOD));
        s.apply(Action::Navigate(Route::parse(
            "#/scorecard?area=Barnsley&peers=Sheffield&workspace=x.scrutineer.json.gz",
        )));
        assert_eq!(s.view, View::Scorecard);
        assert_eq!(s.settings, fixed.settings);
        assert_eq!(s.dataset, fixed.dataset);
        assert_eq!(s.linked_workspace, None);
        s.apply(Action::Unlock);
        s.apply(Action::ChooseCouncil(Some("Barnsley".into())));
        assert_eq!(s.settings.home.as_deref(), Some("Barnsley"));
    }

    #[test]
    fn ticking_a_peer_starts_from_the_group_in_use() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", THREE));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        s.apply(Action::SetPeerMode(PeerMode::SameForce));
        s.apply(Action::TogglePeer("Sheffield".into()));
        assert_eq!(s.settings.peer_mode, PeerMode::Picked);
        assert_eq!(s.settings.peer_group(&s.dataset).areas, ["Barnsley"]);
    }

    #[test]
    fn crime_types_toggle_and_only_present_ones_are_charted() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", GOOD));
        s.apply(Action::ToggleCrimeType("Drugs".into()));
        s.apply(Action::ToggleCrimeType("Robbery".into()));
        assert_eq!(s.chart_crime_types(), ["Drugs"]);
        s.apply(Action::ToggleCrimeType("Drugs".into()));
        assert!(s.chart_crime_types().is_empty());
    }
}
