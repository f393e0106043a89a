//! The Web Worker that reads and ingests files off the page's thread (wasm32).
//! Natively it is an empty program, so `cargo build` builds everything.

#[cfg(target_arch = "wasm32")]
fn main() {
    scrutineer::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
