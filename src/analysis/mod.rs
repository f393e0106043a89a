//! Figures computed from the loaded data.

pub mod monthly;
