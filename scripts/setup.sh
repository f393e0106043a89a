#!/usr/bin/env bash
# Installs everything Scrutineer needs to build and test, skipping whatever is
# already present, so a second run takes seconds. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! have cargo; then
  echo "Rust (cargo) is not installed. Install it with rustup first: https://rustup.rs" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 Rust target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.22 needs a newer rustc than this project's toolchain; 0.21.14 is pinned.
if ! (have trunk && trunk --version | grep -q ' 0\.21\.14$'); then
  say "Installing trunk 0.21.14 (compiles from source: about 10-14 minutes on 2 cores)"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
# (Not --locked: its lockfile names a crate version the registry here lacks.)
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! (have wasm-bindgen && wasm-bindgen --version | grep -q " ${bindgen_version}\$"); then
  say "Installing wasm-bindgen-cli ${bindgen_version} (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "${bindgen_version}"
fi

if ! have chromium; then
  say "Installing Chromium (for the browser tests)"
  as_root apt-get update
  as_root apt-get install -y chromium
fi

if ! have node || ! have npm; then
  say "Installing Node.js and npm"
  as_root apt-get update
  as_root apt-get install -y nodejs npm
fi

# npm packages: binaryen (wasm-opt, used by trunk), playwright-core and axe-core
# (browser tests). Reinstalled only when package-lock.json changes.
stamp=node_modules/.scrutineer-lock-sha
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sha" ]; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund
  echo "$lock_sha" > "$stamp"
fi

# DuckDB (PyPI), for the test of the DuckDB recipe (recipes/).
if ! python3 -c 'import duckdb' >/dev/null 2>&1; then
  say "Installing the duckdb Python package"
  python3 -m pip install --quiet --disable-pip-version-check duckdb==1.1.3
fi

# Trunk builds with --offline, so every crate must be downloaded beforehand.
cargo fetch --quiet
