#!/usr/bin/env bash
# Sets everything up, builds the app and serves it on http://127.0.0.1:PORT
# (PORT defaults to 8080). Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs dist "${PORT:-8080}"
