//! The loaded data and the small value types it is made of.

mod dataset;
mod interner;
mod month;
mod period;

#[cfg(test)]
pub(crate) use dataset::test_dataset;
pub use dataset::{CouncilInfo, Dataset, Dimension, LoadedFile, WORKSPACE_IDS};
pub use interner::Interner;
pub use month::Month;
pub use period::{parse_period_column, Period};
