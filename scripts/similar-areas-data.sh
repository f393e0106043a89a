#!/usr/bin/env bash
# Derives the ONS similar-areas table built into the app, data/ons-similar-areas.tsv
# (each local authority's 20 most similar, overall, demographic and economic, and the
# clusters with what they mean), from the ONS Explore Local Statistics files in
# ../shared/data/similar-areas. tests/similar_areas.rs checks that the committed table
# is what this produces.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
cargo build --release --bin scrutineer --quiet
./target/release/scrutineer similar-areas-table "$data"/similar-areas > data/ons-similar-areas.tsv
wc -c data/ons-similar-areas.tsv
