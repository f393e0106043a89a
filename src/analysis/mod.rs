//! Figures computed from the loaded data.

pub mod measures;
pub mod monthly;
pub mod spc;
