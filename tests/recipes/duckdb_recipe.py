"""The DuckDB recipe (recipes/police-uk-to-measures.sql) gives exactly the
figures `scrutineer measures` prints for the same police.uk street files:
every (area, period, measure) row, value, numerator and denominator. Run by
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


started = time.time()
app = subprocess.run([BINARY, 'measures', *FILES], capture_output=True, text=True, check=True).stdout
app_seconds = time.time() - started

sql = open(os.path.join(ROOT, 'recipes', 'police-uk-to-measures.sql')).read()
sql = sql.replace("getvariable('files')", '[' + ', '.join(f"'{f}'" for f in FILES) + ']')
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
assert not missing and not extra, f'only in scrutineer: {missing}; only in DuckDB: {extra}'
for key, (value, n, den) in a.items():
    dv, dn, dd = d[key]
    assert abs(value - dv) < 1e-6 and n == dn and den == dd, (key, a[key], d[key])
print(f'{len(FILES)} files: {len(a)} measure rows identical '
      f'(scrutineer measures {app_seconds:.2f} s, DuckDB {duck_seconds:.2f} s)')
