#!/usr/bin/env bash
# Derives the neighbourhood table the app fetches when its neighbourhood view
# opens, data/neighbourhoods.tsv.gz (councils, their MSOAs with the House of
# Commons Library's names and hex-cartogram positions, and their wards with
# their LSOAs), from the Library's cartogram and the ONS LSOA -> ward lookup in
# ../shared/data. tests/neighbourhoods.rs checks that the committed table is
# what this produces.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
cargo build --release --bin scrutineer --quiet
./target/release/scrutineer neighbourhood-table \
  "$data"/geography/hocl-msoa-hex-coords.hexjson \
  "$data"/lookups/ons-lsoa11-to-ward19-to-lad19.csv | gzip -9n > data/neighbourhoods.tsv.gz
ls -l data/neighbourhoods.tsv.gz
