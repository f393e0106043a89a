//! Figures computed from the loaded data.

pub mod intervals;
pub mod measures;
pub mod monthly;
pub mod spc;
