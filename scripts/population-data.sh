#!/usr/bin/env bash
# Derives the population table built into the app, data/ons-mid-2019-lad-population.csv
# (code, name, population, year, police force area for every district of England and
# Wales), from the ONS mid-2019 workbook as ONS published it (sheet "MYE2 - Persons")
# and the LAD -> CSP -> force lookup, both in ../shared/data. tests/population.rs
# checks that the committed table is what this produces.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
cargo build --release --bin scrutineer --quiet
./target/release/scrutineer population-table \
  "$data"/population/ons-mid-2019-population-estimates-lad-april-2020-codes.xls \
  "$data"/lookups/lad-to-csp-to-pfa.csv > data/ons-mid-2019-lad-population.csv
wc -l data/ons-mid-2019-lad-population.csv
