//! The browser interface: a thin Yew layer over the core. Only `state` is
//! compiled natively, so the state transitions are tested with `cargo test`.

pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod read_files;

#[cfg(target_arch = "wasm32")]
pub use app::App;
