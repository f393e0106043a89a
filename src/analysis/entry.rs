//! One row of the scorecard: a measure's figures for an area and every
//! judgement made on them. Built in `scorecard`, put in words in `summary`.

use serde::Serialize;

use super::change::Change;
use super::maturity;
use super::measures::Kind;
use super::peers::{FunnelPosition, PeerComparison};
use super::population::Residents;
use super::series::{ChartNote, SeasonalRange, SeriesPoint};
use super::spc::{Direction, Spc};
use super::targets::TargetCheck;
use super::ytd::YearToDate;
use crate::model::Period;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The area the figures are for (the home area, or its force area).
    pub area: String,
    pub measure: String,
    pub theme: Option<String>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub kind: Kind,
    pub series: Vec<SeriesPoint>,
    pub latest: Option<SeriesPoint>,
    /// The latest period that is not provisional: every judgement (change
    /// tests, SPC icon, needs-attention, peer rank) is made on it.
    pub judged: Option<SeriesPoint>,
    pub target: Option<f64>,
    /// RAG of the latest figure: shown, marked provisional when it is.
    pub rag: Option<TargetCheck>,
    /// RAG of the judged figure: what needs-attention uses.
    pub judged_rag: Option<TargetCheck>,
    /// Against the period before the judged one.
    pub change_on_previous: Option<Change>,
    /// The judged period against the same period a year earlier.
    pub change_on_year: Option<Change>,
    pub spc: Option<Spc>,
    /// Why there is no SPC, when there is none.
    pub spc_note: Option<String>,
    /// The area's residents, for a count (its rates divide by them).
    pub residents: Option<Residents>,
    /// What areas are compared on: "per 1,000 residents, ONS mid-2019" for
    /// counts, "as given" otherwise.
    pub comparison_basis: String,
    pub peers: Option<PeerComparison>,
    /// Which group this measure was compared with, in words: the similar
    /// areas with figures for it, or the fallback and why.
    pub peer_group: String,
    /// The compared areas in a sentence: "similar areas".
    pub peer_noun: String,
    /// True when too few of the group had figures and the fallback was used.
    pub fell_back: bool,
    /// The peers this measure was compared with: those of the group with
    /// figures for it.
    pub compared_with: Vec<String>,
    /// Why there is no rank, or which peers were left out of it.
    pub peer_note: Option<String>,
    pub funnel: Option<FunnelPosition>,
    /// The funnel's centre and limits at this area's size, in the measure's
    /// units, for the words.
    pub funnel_limits: Option<FunnelDetail>,
    /// England and Wales for the judged period, where the loaded data
    /// covers all of it; never a sum over some forces.
    pub national: Option<NationalFigure>,
    /// Each period's figure in earlier extracts that a later one replaced.
    pub revisions: Vec<maturity::Revision>,
    /// How old the judged figures are in their downloads (police.uk
    /// outcome rates), and how much figures that young typically rise.
    pub ages: Option<super::ages::Ages>,
    /// For the police.uk last-outcome rate: where its equal-age counterpart
    /// is, or why there is none.
    pub equal_age_note: Option<String>,
    /// What the measure counts, where the files define it (Home Office
    /// outcome rates by offence).
    pub definition: Option<String>,
    /// The financial year to date and rolling year against a year earlier,
    /// for figures that add up.
    pub year_to_date: Option<YearToDate>,
    /// For a monthly series: each month's range in the same month of up to
    /// three earlier years (at least two), aligned with `series`.
    pub seasonal: Vec<Option<SeasonalRange>>,
    /// The user's dated notes that fall within the series, for its charts and
    /// tables (filled in from the settings).
    pub notes: Vec<ChartNote>,
    pub summary: String,
}

/// The England and Wales figure beside an area's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalFigure {
    pub period: Period,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// For a count: per 1,000 residents of England and Wales.
    pub rate: Option<f64>,
    pub residents: Option<Residents>,
    /// Where it comes from, in words.
    pub source: String,
    /// Figures of bodies that are not territorial forces, so not in England
    /// and Wales, shown apart and named: British Transport Police.
    pub apart: Vec<ApartFigure>,
}

/// A figure shown beside England and Wales but not in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApartFigure {
    pub area: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// Where the funnel is centred and its limits at the area's size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelDetail {
    /// "England and Wales", or "the compared areas together".
    pub around: String,
    pub centre: f64,
    pub lower_998: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub upper_998: f64,
}

/// The name the national figure is looked up under.
pub const ENGLAND_AND_WALES: &str = crate::ingest::formats::ons_crime_tables::ENGLAND_AND_WALES;
