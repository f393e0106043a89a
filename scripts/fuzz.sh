#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for SECONDS (default 600),
# with the domain dictionary, growing the committed corpora. Crashes are kept
# in fuzz/artifacts/TARGET/ and stop the run.
#   bash scripts/fuzz.sh                    # every target, 10 minutes each
#   bash scripts/fuzz.sh 60 period number   # chosen targets, a minute each
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(period number date workspace ingest)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  printf '\n== fuzz %s for %ss\n' "$target" "$seconds"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -dict=scrutineer.dict -max_total_time="$seconds" -max_len=65536 -print_final_stats=1
done
