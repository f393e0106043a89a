//! The browser app's entry point (wasm32, built by Trunk), and natively the
//! `scrutineer` command line (see `scrutineer::cli`).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<scrutineer::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = scrutineer::cli::run(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
