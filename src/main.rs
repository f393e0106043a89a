//! The browser app's entry point. Trunk builds this for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<scrutineer::ui::App>::new().render();
}

// The native build exists so `cargo test` and `cargo build` work on the core; the
// command-line tool is planned (see the README) and is not part of this binary yet.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("scrutineer: this build is the web app; serve it with `bash scripts/run.sh`.");
    std::process::exit(2);
}
