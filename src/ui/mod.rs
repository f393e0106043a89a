//! The browser interface: a thin Yew layer over the core. Only the pure parts
//! (`state`, `route`, `scorecard_view`, `workspace`) are compiled natively, so the state transitions are tested with `cargo test`.

pub mod route;
pub mod scorecard_view;
pub mod state;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod embedded;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod file_actions;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod linked;
#[cfg(target_arch = "wasm32")]
mod published;
#[cfg(target_arch = "wasm32")]
mod read_files;

#[cfg(target_arch = "wasm32")]
pub use app::App;
