#!/usr/bin/env bash
# Sets everything up, builds the app and writes single-file/scrutineer.html: the
# whole app in one file that works opened from disk (file://), with no server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
bash scripts/build.sh
node scripts/single-file.mjs dist single-file/scrutineer.html
