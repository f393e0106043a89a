"""Independent check for tests/ons_crime_tables.rs: from the ONS "Police force area
data tables" workbook (year ending December 2024) read with Python's zipfile and XML
parser only, Rotherham's total recorded crime (excluding fraud) and its rate per
1,000 on Table C4's own population, England and Wales's rate (P1 count over P3
population), and Rotherham's rank among its 20 ONS similar areas (overall), matched
by local authority code (2023 codes mapped: Barnsley E08000038 was E08000016).

    python3 tests/independent/ons_tables_rotherham.py
"""
import csv, re, zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
D = "../shared/data/"

def sheets(path):
    z = zipfile.ZipFile(path)
    shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        x = ET.fromstring(z.read("xl/" + rels[s.get("{%s}id" % NS["r"])].replace("xl/", "").lstrip("/")))
        rows = []
        for row in x.iter("{%s}row" % NS["m"]):
            cells = {}
            for c in row.findall("m:c", NS):
                col = 0
                for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                    col = col * 26 + ord(ch) - 64
                v = c.find("m:v", NS)
                cells[col - 1] = shared[int(v.text)] if c.get("t") == "s" else (v.text if v is not None else "")
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
        out[s.get("name").strip()] = rows
    return out

wb = sheets(D + "ons-crime-tables/policeforceareatablesyedecember2024.xlsx")
count = {r[4]: float(r[6]) for r in wb["Table C2"] if len(r) > 6 and r[4].startswith(("E0", "W0"))}
people = {r[4]: float(r[6]) for r in wb["Table C4"] if len(r) > 6 and r[4].startswith(("E0", "W0"))}
ew_count = next(float(r[2]) for r in wb["Table P1"] if r and r[0] == "K04000001")
ew_people = next(float(r[2]) for r in wb["Table P3"] if r and r[0] == "K04000001")
print(f"Rotherham {count['E08000018']:.0f} crimes, {1000 * count['E08000018'] / people['E08000018']:.4f} per 1,000 (C4 population {people['E08000018']:.0f})")
print(f"England and Wales {ew_count:.0f} / {ew_people:.0f} = {1000 * ew_count / ew_people:.4f} per 1,000")
renumbered = {"E08000038": "E08000016", "E08000039": "E08000019"}
similar = next(r[1:] for r in csv.reader(open(D + "similar-areas/global-neighbours.csv", encoding="utf-8-sig")) if r[0] == "E08000018")
rates = {c: 1000 * count[renumbered.get(c, c)] / people[renumbered.get(c, c)] for c in similar}
home = 1000 * count["E08000018"] / people["E08000018"]
rank = 1 + sum(1 for r in rates.values() if r < home)
print(f"rank {rank} of {len(rates) + 1}; similar areas' mean {sum(rates.values()) / len(rates):.4f}")
