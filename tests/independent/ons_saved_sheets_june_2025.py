"""Independent check for tests/ons_crime_tables.rs on two sheets of ONS's year
ending June 2025 edition that someone else saved as CSV (tests/fixtures/
policeforceareatablesyejune25-table-c2.csv and -p1.csv, from the public
repository tom-draper/uk-data-atlas): Rotherham's total recorded crime, England
and Wales's, and with the December 2024 workbook's Table C4 populations (the
latest the loaded files give), Rotherham's rank among its 20 ONS similar areas.

    python3 tests/independent/ons_saved_sheets_june_2025.py
"""
import csv, importlib.util, sys

F = "tests/fixtures/policeforceareatablesyejune25-table-"
num = lambda s: float(s.replace(",", "").strip())
c2 = list(csv.reader(open(F + "c2.csv", encoding="utf-8-sig")))
p1 = list(csv.reader(open(F + "p1.csv", encoding="utf-8-sig")))
count = {r[4]: num(r[6]) for r in c2 if len(r) > 6 and r[4].startswith(("E0", "W0"))}
ew = next(num(r[2]) for r in p1 if r and r[0] == "K04000001")
print(f"Rotherham {count['E08000018']:.0f}; England and Wales {ew:.0f}; {len(count)} authorities")

# The December 2024 workbook's C4 populations, read as the other script reads them.
sys.argv = [sys.argv[0]]
spec = importlib.util.spec_from_file_location("dec24", "tests/independent/ons_tables_rotherham.py")
dec24 = importlib.util.module_from_spec(spec)
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    spec.loader.exec_module(dec24)
people = dec24.people
renumbered = {"E08000038": "E08000016", "E08000039": "E08000019"}
similar = next(r[1:] for r in csv.reader(open(dec24.D + "similar-areas/global-neighbours.csv", encoding="utf-8-sig")) if r[0] == "E08000018")
# Either table may still use Barnsley's and Sheffield's older codes.
code = lambda table, c: c if c in table else renumbered[c]
rate = lambda c: 1000 * count[code(count, c)] / people[code(people, c)]
home = rate("E08000018")
rates = {c: rate(c) for c in similar}
print(f"Rotherham {home:.4f} per 1,000; rank {1 + sum(1 for r in rates.values() if r < home)} of {len(rates) + 1}; similar areas' mean {sum(rates.values()) / len(rates):.4f}")
print(f"England and Wales {1000 * ew / dec24.ew_people:.4f} per 1,000 (P3 population {dec24.ew_people:.0f})")
