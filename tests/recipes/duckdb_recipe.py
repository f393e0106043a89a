"""The DuckDB recipe (recipes/police-uk-to-measures.sql) gives exactly the
figures `scrutineer measures` prints for the same police.uk files: every
(area, period, measure) row, value, numerator and denominator. Twice: the 37
real street files alone, then South Yorkshire's 2019/20 street files with
outcomes files made from them (below: ../shared/data has no outcomes files
for those months), for the equal-age outcome rate. Run by
scripts/test.sh after the native tests; uses the duckdb package from PyPI
(scripts/setup.sh installs it) and the scrutineer binary cargo built.
Run: python3 tests/recipes/duckdb_recipe.py [path/to/scrutineer]"""
import csv, glob, io, os, subprocess, sys, time

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'target', 'debug', 'scrutineer')
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'police-uk')
FILES = sorted(glob.glob(os.path.join(DATA, 'street', '*-street.csv'))) + \
    sorted(glob.glob(os.path.join(DATA, 'street-2018-01-to-2019-03', '*-street.csv')))
if not FILES:
    print('skipped: ../shared/data is absent')
    sys.exit(0)


def rows(text):
    out = {}
    for r in csv.DictReader(io.StringIO(text)):
        key = (r['area'], r['period'], r['measure'])
        num = lambda v: None if v in ('', None) else float(v)
        value, n, d = num(r['value']), num(r['numerator']), num(r['denominator'])
        if key in out:
            # `scrutineer measures` lists a council's outcome rate once per
            # force file that holds some of its crimes (an edge council);
            # the scorecard adds them up, as the recipe does. Counts are
            # never listed twice.
            _, n0, d0 = out[key]
            assert n is not None and n0 is not None, key
            n, d = n + n0, d + d0
            value = 100.0 * n / d
        out[key] = (value, n, d)
    return out


def compare(files, outcome_files, what):
    started = time.time()
    app = subprocess.run([BINARY, 'measures', *files, *outcome_files],
                         capture_output=True, text=True, check=True).stdout
    app_seconds = time.time() - started
    sql = open(os.path.join(ROOT, 'recipes', 'police-uk-to-measures.sql')).read()
    listed = lambda paths: '[' + ', '.join(f"'{f}'" for f in paths) + ']'
    sql = sql.replace("getvariable('files')", listed(files))
    sql = sql.replace("getvariable('outcome_files')",
                      listed(outcome_files or [os.path.join(ROOT, 'recipes', 'no-outcomes.csv')]))
    sql = sql.replace("TO '/dev/stdout'", "TO '{out}'")
    out = os.path.join(ROOT, 'test-output', 'duckdb-measures.csv')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    started = time.time()
    con = duckdb.connect()
    con.execute(sql.replace('{out}', out))
    duck_seconds = time.time() - started
    duck = open(out).read()
    a, d = rows(app), rows(duck)
    missing = sorted(set(a) - set(d))[:5]
    extra = sorted(set(d) - set(a))[:5]
    assert not missing and not extra, f'{what}: only in scrutineer: {missing}; only in DuckDB: {extra}'
    for key, (value, n, den) in a.items():
        dv, dn, dd = d[key]
        assert abs(value - dv) < 1e-6 and n == dn and den == dd, (what, key, a[key], d[key])
    print(f'{what}: {len(a)} measure rows identical '
          f'(scrutineer measures {app_seconds:.2f} s, DuckDB {duck_seconds:.2f} s)')
    return a


compare(FILES, [], f'{len(FILES)} street files')

# Outcomes files as police.uk lays them out, made from South Yorkshire's real
# street files: each crime's outcomes (a non-positive one, its last outcome
# if positive, at 0-4 months, now and then an earlier or later positive one,
# or one dated the month before the crime) are filed under the month they
# were given, for the months the street files cover; later ones are not yet
# published. One outcome is for a crime in no street file.
OUTCOMES_HEADER = ('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,'
                   'LSOA code,LSOA name,Outcome type')
POSITIVE = 'Suspect charged'
sy = sorted(f for f in glob.glob(os.path.join(DATA, 'street', '*-south-yorkshire-street.csv')))
months = [os.path.basename(f)[:7] for f in sy]


def shift(month, k):
    """'YYYY-MM' moved by k months."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + k
    return '%04d-%02d' % (index // 12, index % 12 + 1)


by_month = {m: [] for m in months}
for path in sy:
    with open(path, newline='') as f:
        for r in csv.DictReader(f):
            cid = r['Crime ID'].strip()
            if not cid:
                continue
            h = int(cid[:8], 16)
            place = [r['Reported by'], r['Falls within'], r['Longitude'], r['Latitude'],
                     r['Location'], r['LSOA code'], r['LSOA name']]
            events = [(r['Month'], 'Investigation complete; no suspect identified')]
            last = r['Last outcome category']
            if last and h % 3:
                events.append((shift(r['Month'], h % 5), POSITIVE if h % 2 else last))
            if h % 11 == 0:
                events.append((shift(r['Month'], -1), 'Offender given a caution'))
            if h % 13 == 0:
                events.append((shift(r['Month'], 6), 'Offender fined'))
            for month, outcome in events:
                if month in by_month:
                    by_month[month].append([cid, month, *place, outcome])
by_month[months[-1]].append(['f' * 64, months[-1], 'South Yorkshire Police', 'South Yorkshire Police',
                             '', '', 'No location', '', '', POSITIVE])
made = os.path.join(ROOT, 'test-output', 'recipe-outcomes')
os.makedirs(made, exist_ok=True)
outcome_files = []
for month, events in by_month.items():
    path = os.path.join(made, f'{month}-south-yorkshire-outcomes.csv')
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        f.write(OUTCOMES_HEADER + '\n')
        w.writerows(events)
    outcome_files.append(path)
measured = compare(sy, outcome_files, f'{len(sy)} street and {len(outcome_files)} outcomes files')
equal = [k for k in measured if k[2].startswith('Positive outcome rate within 3 months')]
# Only crime months whose next three months of outcomes are loaded (police.uk
# has no July 2019, so April to June 2019 have none).
periods = sorted({k[1] for k in equal})
assert periods == [m for m in months if all(shift(m, k) in months for k in range(4))], periods
assert len(equal) >= 4 * len(periods), len(equal)
print(f'  of which {len(equal)} equal-age rows (within 3 months), {periods[0]} to {periods[-1]}')
