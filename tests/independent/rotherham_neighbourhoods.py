"""Independent check for tests/neighbourhoods.rs: Rotherham's crimes (anti-social
behaviour excluded) by MSOA and by ward, for March 2020 and for the 12 months
to March 2020 less July (police.uk has no July 2019, so the view compares like
for like without it). Plain Python over the raw police.uk files and the raw
lookups in ../shared/data, no Scrutineer code. Wards are matched by LSOA *code*
through the ONS lookup (Scrutineer goes by LSOA name), and MSOAs by the ONS
MSOA name in the Library's cartogram.

    python3 tests/independent/rotherham_neighbourhoods.py > tests/fixtures/rotherham-neighbourhoods.tsv
"""
import csv, json
from collections import Counter

DATA = "../shared/data"
hexes = json.loads(open(f"{DATA}/geography/hocl-msoa-hex-coords.hexjson", "rb").read().decode("latin-1"))["hexes"]
msoa_code = {h["msoa_name_ons"]: code for code, h in hexes.items()}
ward_of = {}
with open(f"{DATA}/lookups/ons-lsoa11-to-ward19-to-lad19.csv", newline="", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        ward_of[row["LSOA11CD"]] = row["WD19CD"]

months = [f"2019-{m:02d}" for m in range(4, 13) if m != 7] + ["2020-01", "2020-02", "2020-03"]
march, window = Counter(), Counter()
for month in months:
    with open(f"{DATA}/police-uk/street/{month}-south-yorkshire-street.csv", newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            name = row["LSOA name"]
            if not name.startswith("Rotherham ") or row["Crime type"] == "Anti-social behaviour":
                continue
            units = [("M", msoa_code.get(name[:-1], "none")), ("W", ward_of.get(row["LSOA code"], "none"))]
            for unit in units:
                window[unit] += 1
                if month == "2020-03":
                    march[unit] += 1
for unit in sorted(window):
    print(f"{unit[0]}\t{unit[1]}\t{march[unit]}\t{window[unit]}")
