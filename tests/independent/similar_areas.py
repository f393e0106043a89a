"""Rotherham's ONS similar areas (overall), names mapped from the cluster file,
and whether each has a mid-2019 population under its code or its former code.
Run: python3 tests/independent/similar_areas.py (reads ../shared/data)."""
import csv
d = '../shared/data/similar-areas/'
names = {r['AREACD']: r['AREANM'] for r in csv.DictReader(open(d + 'cluster-allocation.csv', encoding='utf-8-sig'))}
for row in csv.reader(open(d + 'global-neighbours.csv', encoding='utf-8-sig')):
    if row[0] == 'E08000018':
        print('|'.join(names[c] for c in row[1:]))
