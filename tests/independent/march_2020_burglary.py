"""Independent check for tests/real_data.rs: March 2020 burglary per 1,000
residents in South Yorkshire's councils, from the raw police.uk file and the
ONS mid-2019 figures as published (typed in from the workbook, not read from
Scrutineer's derived table). Plain Python, no Scrutineer code.

    python3 tests/independent/march_2020_burglary.py
"""
import csv
from collections import Counter

ONS_MID_2019 = {"Rotherham": 265411, "Barnsley": 246866, "Doncaster": 311890, "Sheffield": 584853}
path = "../shared/data/police-uk/street/2020-03-south-yorkshire-street.csv"
counts = Counter()
with open(path, newline="", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        if row["Crime type"] == "Burglary" and row["LSOA name"]:
            counts[row["LSOA name"].rsplit(" ", 1)[0]] += 1
rates = {a: counts[a] * 1000 / p for a, p in ONS_MID_2019.items()}
for rank, (area, rate) in enumerate(sorted(rates.items(), key=lambda x: x[1]), 1):
    print(f"{rank} {area}: {counts[area]} burglaries, {rate:.6f} per 1,000")
peers = [r for a, r in rates.items() if a != "Rotherham"]
print(f"peer mean (Rotherham excluded) {sum(peers) / len(peers):.6f}")
total = sum(counts[a] for a in ONS_MID_2019)
print(f"group rate {total * 1000 / sum(ONS_MID_2019.values()):.6f}")
