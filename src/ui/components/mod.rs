//! One component per file, named for what it shows.

mod council_picker;
mod counts_table;
mod crime_type_picker;
mod file_list;
mod file_picker;
mod scorecard_table;
mod trend_chart;

pub use council_picker::CouncilPicker;
pub use counts_table::CountsTable;
pub use crime_type_picker::CrimeTypePicker;
pub use file_list::FileList;
pub use file_picker::FilePicker;
pub use scorecard_table::ScorecardTable;
pub use trend_chart::TrendChart;
