//! The loaded data and the small value types it is made of.

mod dataset;
mod file_ids;
mod interner;
mod month;
mod period;

#[cfg(test)]
pub(crate) use dataset::test_dataset;
pub use dataset::{CouncilInfo, Dataset, Dimension, LoadedFile};
pub use file_ids::{is_workspace_id, FileId, FileIds, WORKSPACE_IDS};
pub use interner::Interner;
pub use month::Month;
pub use period::{parse_period_column, Period};
