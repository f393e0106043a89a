//! Figures computed from the loaded data.

pub mod ages;
pub mod briefing;
pub mod card;
pub mod change;
pub mod codes;
pub mod detail;
pub mod entry;
pub mod force_area;
pub mod intervals;
pub mod maturity;
pub mod measures;
pub mod monthly;
pub mod neighbourhoods;
pub mod outcomes;
pub mod peers;
pub mod periods;
pub mod population;
pub mod scorecard;
pub mod series;
pub mod settings;
pub mod similar;
pub mod spc;
pub mod summary;
pub mod targets;
pub mod ytd;
