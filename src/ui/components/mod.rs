//! One component per file, named for what it shows.

mod area_picker;
mod chart_view;
mod column_mapper;
mod committee_table;
mod context_bar;
mod counts_table;
mod crime_type_picker;
mod data_view;
mod file_list;
mod file_picker;
mod measure_page;
mod neighbourhood_page;
mod pack_page;
mod scorecard_table;
mod settings_page;
mod sort_header;
mod spc_icons;
mod table_export;
mod trend_chart;

pub use area_picker::AreaPicker;
pub use chart_view::ChartView;
pub use column_mapper::ColumnMapper;
pub use committee_table::CommitteeTables;
pub use context_bar::ContextBar;
pub use counts_table::CountsTable;
pub use crime_type_picker::CrimeTypePicker;
pub use data_view::DataView;
pub use file_list::FileList;
pub use file_picker::FilePicker;
pub use measure_page::MeasurePage;
pub use neighbourhood_page::NeighbourhoodPage;
pub use pack_page::PackPage;
pub use scorecard_table::ScorecardTable;
pub use settings_page::SettingsPage;
pub use table_export::TableExport;
pub use trend_chart::TrendChart;
