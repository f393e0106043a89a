#!/usr/bin/env bash
# Builds the release web app into dist/. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Trunk picks wasm-opt from PATH by version; npm's binaryen is the pinned one.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
# The spreadsheet module (src/bin/sheets.rs), which the ingestion worker loads
# only when a spreadsheet arrives: plain WebAssembly, no JavaScript of its own.
cargo build --quiet --release --target wasm32-unknown-unknown --bin sheets
wasm-bindgen --target no-modules --out-dir target/sheets target/wasm32-unknown-unknown/release/sheets.wasm
wasm-opt -Oz target/sheets/sheets_bg.wasm -o dist/sheets.wasm
# The whole app in one file, beside the served app: what "Publish for
# councillors" builds a briefing from, and a copy to keep offline.
node scripts/single-file.mjs dist dist/scrutineer.html
# The offline copy's list of files and version, from what was just built.
node scripts/service-worker.mjs dist
