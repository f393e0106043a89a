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
# South Yorkshire: January 2018 to March 2020, 26 months (police.uk has no
# July 2019), long enough for SPC limits; Merseyside: April 2019 to March 2020.
./target/release/scrutineer workspace \
  "$data"/police-uk/street-2018-01-to-2019-03/*-south-yorkshire-street.csv \
  "$data"/police-uk/street/*-south-yorkshire-street.csv \
  "$data"/police-uk/street/*-merseyside-street.csv \
  "$data"/home-office/prc-outcomes-open-data-2017-18.csv.gz \
  examples/hate-crime-2018-19.csv \
  --area Rotherham --home-detail-only | gzip -9n > examples/example.scrutineer.json.gz
ls -l examples/example.scrutineer.json.gz
