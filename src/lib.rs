//! Scrutineer: community-safety performance scrutiny, computed in the browser.
//!
//! The analysis core (`model`, `ingest`, `analysis`, `charts`) has no web
//! dependencies and is tested natively; `ui` is a thin Yew layer over it and is
//! compiled only for the browser.
//!
//! Data flows one way: files -> [`ingest`] -> [`dataset::Dataset`] -> [`analysis`]
//! -> [`charts`] and tables -> `ui`.

pub mod analysis;
pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod dataset;
pub mod export;
pub mod ingest;
pub mod model;
#[cfg(not(target_arch = "wasm32"))]
pub mod neighbourhood_table;
#[cfg(not(target_arch = "wasm32"))]
pub mod population_table;
pub mod protocol;
pub mod publish;
#[cfg(not(target_arch = "wasm32"))]
pub mod similar_areas_table;

#[cfg(target_arch = "wasm32")]
pub mod sheets_module;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
#[cfg(target_arch = "wasm32")]
mod worker_members;
#[cfg(target_arch = "wasm32")]
mod worker_parts;
#[cfg(target_arch = "wasm32")]
mod worker_zip;
