//! The app's one state and every way it can change. Pure, so it is tested
//! natively; the Yew `Reducible` impl is a one-line wrapper around `apply`.

use crate::ingest::police_uk_street::StreetFile;
use crate::ingest::problem::Rejection;
use crate::model::Dataset;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub dataset: Dataset,
    /// Files that could not be loaded, with why; shown until dismissed.
    pub rejected: Vec<Rejection>,
    /// Files chosen but not yet read and parsed.
    pub reading: usize,
    pub council: Option<String>,
    /// Crime types the user added to the chart, in the order picked.
    pub crime_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user chose or dropped this many files.
    ReadStarted(usize),
    /// One file finished: parsed, or rejected by the parser or the browser.
    Parsed(Box<Result<StreetFile, Rejection>>),
    RemoveFile(usize),
    DismissRejection(usize),
    ChooseCouncil(Option<String>),
    ToggleCrimeType(String),
}

impl AppState {
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::ReadStarted(n) => self.reading += n,
            Action::Parsed(result) => {
                self.reading = self.reading.saturating_sub(1);
                let name = match &*result {
                    Ok(file) => file.name.clone(),
                    Err(rejection) => rejection.file.clone(),
                };
                // A new attempt at a file supersedes its old error.
                self.rejected.retain(|r| r.file != name);
                let added = (*result).and_then(|file| self.dataset.add(file));
                if let Err(rejection) = added {
                    self.rejected.push(rejection);
                }
            }
            Action::RemoveFile(index) => {
                self.dataset.remove(index);
                let still_there = |c: &String| self.dataset.councils().iter().any(|k| &k.name == c);
                if !self.council.as_ref().is_some_and(still_there) {
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
    use crate::ingest::police_uk_street::parse;

    fn parsed(name: &str, text: &str) -> Action {
        Action::Parsed(Box::new(parse(name, text.as_bytes())))
    }

    const GOOD: &str =
        "Crime ID,Month,Falls within,LSOA name,Crime type\n,2019-04,P,Rotherham 001A,Drugs\n";

    #[test]
    fn a_bad_file_leaves_loaded_data_alone() {
        let mut s = AppState::default();
        s.apply(Action::ReadStarted(2));
        s.apply(parsed("good.csv", GOOD));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        let before = s.dataset.clone();
        s.apply(parsed("bad.csv", "Name,Value\nx,1\n"));
        assert_eq!(s.reading, 0);
        assert_eq!(s.dataset, before);
        assert_eq!(s.council.as_deref(), Some("Rotherham"));
        assert_eq!(s.rejected.len(), 1);
        assert!(s.rejected[0]
            .to_string()
            .starts_with("bad.csv, line 1: missing columns"));
        s.apply(Action::DismissRejection(0));
        assert!(s.rejected.is_empty());
    }

    #[test]
    fn loading_a_file_again_is_refused_and_a_fixed_file_clears_its_error() {
        let mut s = AppState::default();
        s.apply(parsed("a.csv", "junk"));
        assert_eq!(s.rejected.len(), 1);
        s.apply(parsed("a.csv", GOOD));
        assert!(s.rejected.is_empty());
        s.apply(parsed("a.csv", GOOD));
        assert_eq!(s.dataset.files().len(), 1);
        assert!(s.rejected[0].reason.contains("already loaded"));
    }

    #[test]
    fn removing_the_last_file_for_a_council_clears_the_choice() {
        let mut s = AppState::default();
        s.apply(parsed("a.csv", GOOD));
        s.apply(Action::ChooseCouncil(Some("Rotherham".into())));
        s.apply(Action::RemoveFile(0));
        assert!(s.dataset.is_empty());
        assert_eq!(s.council, None);
    }

    #[test]
    fn crime_types_toggle_and_only_present_ones_are_charted() {
        let mut s = AppState::default();
        s.apply(parsed("a.csv", GOOD));
        s.apply(Action::ToggleCrimeType("Drugs".into()));
        s.apply(Action::ToggleCrimeType("Robbery".into()));
        assert_eq!(s.chart_crime_types(), ["Drugs"]);
        s.apply(Action::ToggleCrimeType("Drugs".into()));
        assert!(s.chart_crime_types().is_empty());
    }
}
