"""Independent check for tests/real_data.rs: March 2020 burglary per 1,000 residents
for Rotherham and those of its ONS similar areas (overall) that the South Yorkshire
and Merseyside street files cover, from the raw police.uk files, the ONS list as
published, and ONS mid-2019 populations typed in (Knowsley 150,862; St. Helens
180,585, as in the ONS workbook's "MYE2 - Persons"). Plain Python.

    python3 tests/independent/march_2020_burglary_similar.py
"""
import csv
from collections import Counter

ONS_MID_2019 = {"Rotherham": 265411, "Barnsley": 246866, "Doncaster": 311890,
                "Sheffield": 584853, "Knowsley": 150862, "St Helens": 180585}
d = "../shared/data/"
names = {r["AREACD"]: r["AREANM"] for r in csv.DictReader(open(d + "similar-areas/cluster-allocation.csv", encoding="utf-8-sig"))}
similar = next(r[1:] for r in csv.reader(open(d + "similar-areas/global-neighbours.csv", encoding="utf-8-sig")) if r[0] == "E08000018")
similar = [names[c].replace(".", "") for c in similar]
counts = Counter()
for force in ("south-yorkshire", "merseyside"):
    with open(f"{d}police-uk/street/2020-03-{force}-street.csv", newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["Crime type"] == "Burglary" and row["LSOA name"]:
                counts[row["LSOA name"].rsplit(" ", 1)[0].replace(".", "")] += 1
peers = [a for a in similar if a in ONS_MID_2019]
print("similar areas in the files, ONS order:", peers)
rates = {a: counts[a] * 1000 / ONS_MID_2019[a] for a in ["Rotherham"] + peers}
for rank, (area, rate) in enumerate(sorted(rates.items(), key=lambda x: x[1]), 1):
    print(f"{rank} {area}: {counts[area]} burglaries, {rate:.6f} per 1,000")
others = [rates[a] for a in peers]
print(f"peer mean (Rotherham excluded) {sum(others) / len(others):.6f}")
