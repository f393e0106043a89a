//! Figures computed from the loaded data.

pub mod measures;
pub mod monthly;
