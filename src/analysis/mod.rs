//! Figures computed from the loaded data.

pub mod change;
pub mod detail;
pub mod intervals;
pub mod maturity;
pub mod measures;
pub mod monthly;
pub mod outcomes;
pub mod peers;
pub mod periods;
pub mod scorecard;
pub mod spc;
pub mod targets;
