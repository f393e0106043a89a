//! The small value types everything else is made of: months, periods, names
//! interned to ids, file ids. Imports nothing of the crate.

mod file_ids;
mod interner;
mod month;
mod period;
pub mod sort;

pub use file_ids::{is_workspace_id, FileId, FileIds, WORKSPACE_IDS};
pub use interner::Interner;
pub use month::Month;
pub use period::{month_name, parse_period_column, Period};
