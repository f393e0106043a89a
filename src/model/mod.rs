//! The loaded data and the small value types it is made of.

mod dataset;
mod interner;
mod month;

pub use dataset::{CouncilInfo, Dataset};
pub use interner::Interner;
pub use month::Month;
