#!/usr/bin/env bash
# Ingest benchmark: builds a ~230 MB police.uk street file (~1,000,000 rows) from
# the real South Yorkshire files, then reports native throughput, the app's
# in-browser throughput and peak tab memory, and PapaParse on the same file.
# Usage: bash scripts/bench.sh [BYTES]      (default 230000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
bytes="${1:-230000000}"
file="test-output/street-bench-${bytes}.csv"
mkdir -p test-output
node -e "import('./tests/e2e/big_file.mjs').then(m => m.makeStreetFile('$file', $bytes))"
cargo bench --quiet --bench ingest -- "$file"
cargo bench --quiet --bench scorecard -- "$file"
bash scripts/build.sh > /dev/null
node tests/bench/browser.mjs "$file"
