//! The app's one state and every way it can change. Pure, so it is tested
//! natively; the Yew `Reducible` impl is a one-line wrapper around `apply`.

use crate::ingest::problem::Rejection;
use crate::ingest::Loaded;
use crate::model::{Dataset, LoadedFile};

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
    pub council: Option<String>,
    /// Crime types the user added to the chart, in the order picked.
    pub crime_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Files handed to the worker: (request id, name, size).
    ReadStarted(Vec<(u32, String, u64)>),
    Progress {
        request: u32,
        bytes: u64,
        rows: u64,
    },
    /// One file (or archive member) finished; `file` is its dataset id.
    Loaded {
        file: u32,
        loaded: Box<Loaded>,
    },
    /// The worker is done with a request (all members of an archive included).
    ReadFinished(u32),
    CancelRequested(u32),
    /// A file refused before reading, or one the browser could not read.
    Rejected(Rejection),
    RemoveFile(usize),
    DismissRejection(usize),
    ChooseCouncil(Option<String>),
    ToggleCrimeType(String),
}

impl AppState {
    pub fn apply(&mut self, action: Action) {
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
            Action::Loaded { file, loaded } => {
                let path = loaded.report.path.clone();
                self.rejected.retain(|r| r.file != path);
                let added = LoadedFile::new(file, *loaded).and_then(|f| self.dataset.add(f));
                if let Err(rejection) = added {
                    self.rejected.push(rejection);
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
                let councils = self.dataset.councils();
                if !self
                    .council
                    .as_ref()
                    .is_some_and(|c| councils.iter().any(|k| &k.name == c))
                {
                    self.council = None;
                }
            }
            Action::DismissRejection(index) => {
                if index < self.rejected.len() {
                    self.rejected.remove(index);
                }
            }
            Action::ChooseCouncil(council) => self.council = council,
            Action::ToggleCrimeType(crime_type) => {
                if let Some(at) = self.crime_types.iter().position(|t| *t == crime_type) {
                    self.crime_types.remove(at);
                } else {
                    self.crime_types.push(crime_type);
                }
            }
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
        Action::Loaded {
            file,
            loaded: Box::new(ingest_bytes(name, text.as_bytes()).remove(0)),
        }
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
        assert_eq!(s.council.as_deref(), Some("Rotherham"));
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
    fn removing_the_last_file_for_a_council_clears_the_choice() {
        let mut s = AppState::default();
        s.apply(loaded(1, "a.csv", GOOD));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        s.apply(Action::RemoveFile(0));
        assert!(s.dataset.is_empty());
        assert_eq!(s.council, None);
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
