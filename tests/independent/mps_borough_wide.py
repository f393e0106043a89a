"""Independent count over the Metropolitan Police borough table excerpt
(tests/fixtures/mps-borough-crime-2017-2018-excerpt.csv): one figure per
filled month cell, plus two figures read by eye from the file."""
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/mps-borough-crime-2017-2018-excerpt.csv"
with open(path, newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
months = header[3:]
cells = sum(1 for r in body for v in r[3:] if v.strip() != "")
measures = {f"{r[1]}: {r[2]}" for r in body}
boroughs = {r[0] for r in body}
print("rows", len(body), "figures", cells, "measures", len(measures), "boroughs", len(boroughs))
print("months", months[0], "to", months[-1], len(months))
for r in body:
    if r[0] == "Barnet" and r[2] == "Burglary - Residential":
        print("Barnet residential burglary", months[-1], r[-1], "total 2018", sum(int(v) for v in r[3 + 12:]))
by_total = {}
for r in body:
    if r[1] == "Violence Against the Person":
        by_total[r[0]] = by_total.get(r[0], 0) + int(r[3 + 23])
print("violence against the person", months[-1], sorted(by_total.items()))
