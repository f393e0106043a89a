#!/usr/bin/env bash
# Derives the example workspace the app offers ("Explore the example data")
# from the real files in ../shared/data plus examples/hate-crime-2018-19.csv
# (the published 2018/19 figures quoted in DOMAIN.md). Writes
# examples/example.scrutineer.json.gz. tests/cli.rs checks that the committed
# file is what this produces.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
cargo build --release --bin scrutineer --quiet
./target/release/scrutineer workspace \
  "$data"/police-uk/street/*-south-yorkshire-street.csv \
  "$data"/police-uk/street/*-merseyside-street.csv \
  "$data"/home-office/prc-outcomes-open-data-2017-18.csv.gz \
  examples/hate-crime-2018-19.csv \
  --area Rotherham | gzip -9n > examples/example.scrutineer.json.gz
ls -l examples/example.scrutineer.json.gz
