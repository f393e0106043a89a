#!/usr/bin/env bash
# Sets everything up and runs every test: formatting and lint gates, the native
# Rust tests, then the browser end-to-end tests against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh

printf '\n== cargo fmt --check\n'
cargo fmt --check
printf '\n== cargo clippy (native and wasm32)\n'
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown -- -D warnings

printf '\n== Native tests\n'
cargo test

printf '\n== The DuckDB recipe gives what scrutineer measures gives\n'
python3 tests/recipes/duckdb_recipe.py target/debug/scrutineer

printf '\n== Release build\n'
bash scripts/build.sh
node scripts/single-file.mjs dist single-file/scrutineer.html

printf '\n== Browser end-to-end tests (headless Chromium)\n'
node --test --test-concurrency=1 tests/e2e/*.test.mjs
